from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """Figures about the work, never about a person: the analyst's pseudonymised counts.

    An app of its own because the figures read the case file (and later intake and the other
    domains): in core they made the bottom layer import the domains above it.
    """

    name = "eendak.monitoring"
    label = "monitoring"
    verbose_name = _("Cijfers")

    def ready(self):
        from eendak.core.work import register_start_section

        from . import research_work, work

        register_start_section(work.dashboard_section)
        register_start_section(work.start_section)
        register_start_section(work.cbs_section)
        register_start_section(research_work.start_section)
