"""The intake's part of a destruction and its closed reports for the yearly list
(``retention.registry``).

A destruction removes the household's reports (with reporters, assessments, instruments,
investigations, decisions and tasks), the advice requests that became one of them, and every
mention of the destroyed persons in another household's report. It runs before the case file's
eraser: a decision protects the case it opened.
"""

from django.db.models import Exists, OuterRef

from .models import AdviceRequest, Decision, InformingTask, Report, ReportPerson
from .workflow import ReportStatus


def erase(erasure) -> None:
    reports = Report.objects.filter(household_id__in=erasure.households)
    erasure.deleted(AdviceRequest.objects.filter(converted_to__in=reports))
    erasure.deleted(Decision.objects.filter(case__household_id__in=erasure.households))
    erasure.deleted(ReportPerson.objects.filter(person_id__in=erasure.persons))
    erasure.deleted(InformingTask.objects.filter(person_id__in=erasure.persons))
    erasure.deleted(reports)


def closed_reports(organisation_ids):
    """Reports closed without a case (a case is its own file, with its own period)."""
    from eendak.retention.models import FileKind
    from eendak.retention.registry import RetentionFile

    with_case = Decision.objects.filter(report=OuterRef("pk"), case__isnull=False)
    rows = (Report.objects.filter(organisation_id__in=organisation_ids, status=ReportStatus.CLOSED,
                                  closed_at__isnull=False, household__isnull=False)
            .exclude(Exists(with_case))
            .values_list("reference", "organisation_id", "household_id", "closed_at"))
    for reference, organisation_id, household_id, closed_at in rows.iterator():
        yield RetentionFile(FileKind.VT_REPORT, reference, organisation_id, household_id,
                            closed_at.date())
