from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "eendak.catalogue"
    label = "catalogue"
    verbose_name = _("Hulpaanbod (sociale kaart)")

    def ready(self):
        from eendak.core.work import register_start_section

        from . import work

        register_start_section(work.start_section)
