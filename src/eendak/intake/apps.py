from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "eendak.intake"
    label = "intake"
    verbose_name = _("Advies en meldingen")

    def ready(self):
        from eendak.cases.queries import register_signal_source
        from eendak.persons.permissions import register_access_source

        from .hooks import joint_conversation_signals, report_access_source

        register_access_source("intake.report", report_access_source)
        register_signal_source("intake.joint_conversation", joint_conversation_signals)

        from eendak.persons.hooks import register_subject_file_part

        from . import subject_file

        # A person's inzage (privacy): the reports they are named in, the reporter removed.
        register_subject_file_part("intake", subject_file.subject_file_part)

        from eendak.persons.registry import register_merge_link

        # What moves when two records of one person are merged (persons.registry.merge_persons).
        register_merge_link("intake.ReportPerson", "person")
        register_merge_link("intake.InformingTask", "person")

        from eendak.retention.registry import register_eraser, register_file_source

        from . import erasure

        # A destruction removes the household's reports (before the cases their decisions opened);
        # the yearly list counts the reports closed without a case.
        register_eraser("intake", erasure.erase, order=30)
        register_file_source("intake", erasure.closed_reports)

        from eendak.core.work import ORDER_INTAKE, register_start_section

        from . import work

        # "Mijn werk": the work queue and the open advice requests, first on the page.
        register_start_section(work.start_section, order=ORDER_INTAKE)

        from eendak.notifications.services import register_due_check

        from . import services

        # Assessments due tomorrow or passed: a deadline passing is no event of any service.
        register_due_check(services.notify_assessment_deadlines)
