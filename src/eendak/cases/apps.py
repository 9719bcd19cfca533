from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "eendak.cases"
    label = "cases"
    verbose_name = _("Casusdossier")

    def ready(self):
        from eendak.persons import hooks
        from eendak.persons.permissions import register_access_source

        from . import queries
        from .permissions import participation_access_source

        # Taking part in a household's case opens its file (persons.permissions).
        register_access_source("cases.participation", participation_access_source)
        # The household pages show its cases; a shielded address is blanked everywhere.
        hooks.register_cases_of_households(queries.cases_of_households)
        hooks.register_shield_source("cases.shield", queries.shielded_persons)
        # A person's inzage (privacy): the case file's part, and their own statement in it.
        from . import services, subject_file

        hooks.register_subject_file_part("cases", subject_file.subject_file_part)
        hooks.register_statement_writer(services.write_own_statement)

        from eendak.persons.registry import register_merge_link

        # What moves when two records of one person are merged (persons.registry.merge_persons).
        register_merge_link("cases.CasePerson", "person")
        register_merge_link("cases.Shield", "person")
        register_merge_link("cases.ChildVoice", "child")
        register_merge_link("cases.ExperiencedSafety", "person")
        register_merge_link("cases.ChildHelp", "child")

        from eendak.retention.registry import register_eraser, register_file_source

        from . import erasure

        # A destruction (retention.services) removes the household's cases; the yearly list of
        # files due for destruction counts the closed ones.
        register_eraser("cases", erasure.erase, order=40)
        register_file_source("cases", erasure.closed_cases)

        from eendak.core.work import ORDER_CASES, register_start_section

        from . import work

        # "Mijn werk": the organisation's cases, their signals, my actions, handovers waiting.
        register_start_section(work.start_section, order=ORDER_CASES)

        from eendak.notifications.services import register_due_check

        # Deadlines that pass without an event: monitoring moments due, plan actions overdue.
        register_due_check(services.notify_monitoring_due)
        register_due_check(services.notify_actions_overdue)
