from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "eendak.api"
    label = "api"
