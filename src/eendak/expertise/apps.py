from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertiseConfig(AppConfig):
    name = "eendak.expertise"
    label = "expertise"
    verbose_name = _("Expertisecentrum")

    def ready(self):
        from eendak.core.work import register_start_section

        from . import work

        # The centre's work for its staff; the competency record, the trainings and asking for an
        # experience expert for a local-team worker; the shares for the analyst.
        register_start_section(work.start_section)
