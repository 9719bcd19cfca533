from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "eendak.core"
    label = "core"
    verbose_name = _("Organisaties en medewerkers")

    def ready(self):
        from . import signals  # noqa: F401
