from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "eendak.api"
    label = "api"

    def ready(self):
        from eendak.core.admin_views import add_user_page_section

        # Registers the OpenAPI descriptions of our authentication classes.
        from . import schema  # noqa: F401
        from .admin_views import service_token_section

        # A service account's tokens on core's staff-member page: core cannot import this app.
        add_user_page_section(service_token_section)
