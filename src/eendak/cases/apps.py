from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "eendak.cases"
    label = "cases"
