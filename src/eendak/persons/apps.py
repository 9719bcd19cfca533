from django.apps import AppConfig


class PersonsConfig(AppConfig):
    name = "eendak.persons"
    label = "persons"
