"""Read models of the research studies, for the screens and the API alike: a list never shows a study
its detail would refuse (``monitoring.view_studies``), and neither ever reads the key column."""

from django.db.models import QuerySet

from eendak.core import jobs
from eendak.core.models import JobStatus
from eendak.core.permissions import allowed, subject_of

from .models import ResearchExport, Study
from .permissions import _privacy_officer

# Every column but the key: a page or a response that cannot hold it cannot show it.
STUDY_FIELDS = ("pk", "title", "purpose", "variables", "period_from", "period_to", "ends_on",
                "researcher", "organisation", "registered_at", "status", "decided_by",
                "decided_at", "rejection_reason", "key_destroyed_at")


def _studies() -> QuerySet:
    return Study.objects.select_related("researcher", "organisation", "decided_by").defer("key")


def visible_studies(who) -> QuerySet:
    """The privacy officer of Veilig Thuis: every study; an analyst: their own; anyone else: none.
    (``monitoring.view_studies``, asked of each as the detail asks it.)"""
    subject = subject_of(who)
    if _privacy_officer(subject):
        return _studies()
    if allowed(subject, "monitoring.view_studies") and subject.user is not None:
        return _studies().filter(researcher_id=subject.user.pk)
    return Study.objects.none()


def study(pk) -> Study | None:
    return _studies().filter(pk=pk).first()


def exports_of(study: Study) -> list[ResearchExport]:
    """The study's exports, newest first, each with its job's presentation (progress, retry)."""
    found = list(ResearchExport.objects.filter(study=study).select_related("job"))
    for export in found:
        export.progress = jobs.presentation(export.job)
        export.running = export.job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    return found


def export(pk) -> ResearchExport | None:
    return ResearchExport.objects.select_related("study", "job").defer("study__key").filter(
        pk=pk).first()
