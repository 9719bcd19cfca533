from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "eendak.cases"
    label = "cases"
    verbose_name = _("Casusdossier")

    def ready(self):
        from .services import connect_signals

        connect_signals()
