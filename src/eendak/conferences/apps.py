from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "eendak.conferences"
    label = "conferences"
    verbose_name = _("Veiligheidsteam")

    def ready(self):
        from eendak.cases.pages import register_case_panel
        from eendak.cases.queries import register_open_ended_coordination, register_signal_source
        from eendak.core.reference import register_reference_loader
        from eendak.core.work import register_start_section

        from . import queries, work
        from .reference import ensure_team_partners
        from .views import case_panel

        # A house ban about to end, feedback owed to an organisation: signals on its start page.
        register_signal_source("conferences", queries.signals)
        # The team's families are coordinated until stable safety, not to the generic limit.
        register_open_ended_coordination("conferences", queries.team_case_ids)
        register_start_section(work.start_section)
        # The case page shows the family's referral, a way to refer, and the measures.
        register_case_panel("conferences", case_panel)
        # The team's partners load with the region's organisations.
        register_reference_loader(ensure_team_partners)

        from eendak.persons.registry import register_merge_link

        # What moves when two records of one person are merged (persons.registry.merge_persons).
        register_merge_link("conferences.Measure", "person")

        from eendak.retention.registry import register_eraser

        from . import erasure

        # A destruction removes the household's referrals (before the cases they protect).
        register_eraser("conferences", erasure.erase, order=20)
