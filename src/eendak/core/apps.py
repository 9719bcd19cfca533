from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "eendak.core"
    label = "core"
    verbose_name = _("Organisaties en medewerkers")

    def ready(self):
        from . import signals  # noqa: F401

        # Every app declares its named permissions in its own permissions.py (core.permissions).
        autodiscover_modules("permissions")
        # Long work declares core.view_job and core.retry_job (core.jobs).
        from . import jobs  # noqa: F401
