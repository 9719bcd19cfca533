from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "eendak.api"
    label = "api"

    def ready(self):
        # Registers the OpenAPI descriptions of our authentication classes.
        from . import schema  # noqa: F401
