"""The page of a piece of long work: status, progress bar (polled by htmx), retry and download.

Only the user who started the work sees any of it (``core.view_job``); anyone else gets the 404 of a
page that does not exist, and the refusal is logged (``AccessPolicyMiddleware``). The status page and
the fragment show no client data (a count and a Dutch sentence), so they are ``STAFF``; the download
hands over the result and is ``PERSONAL``: logged, as an export when the result holds personal data.
"""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from eendak.audit import services as audit
from eendak.audit.models import Action

from . import jobs
from .access import ViewAccess, view_access
from .actors import Actor
from .events import Event
from .exceptions import RuleViolation
from .models import Job, JobStatus
from .permissions import require

# htmx stops polling on this status (its documented "stop polling" code).
HTMX_STOP_POLLING = 286


def _own_job(request, job_id) -> Job:
    job = Job.objects.filter(pk=job_id).first()
    require(request.user, "core.view_job", job)
    return job


@view_access(ViewAccess.STAFF)
@require_GET
def job_status(request, job_id):
    job = _own_job(request, job_id)
    return render(request, "core/job_status.html", jobs.presentation(job))


@view_access(ViewAccess.STAFF)
@require_GET
def job_progress(request, job_id):
    """The ``<progress>`` fragment htmx swaps in every few seconds: one query for the job."""
    job = _own_job(request, job_id)
    context = jobs.presentation(job)
    response = render(request, "core/_job_progress.html", context)
    if request.headers.get("HX-Request") and not context["polling"]:
        response.status_code = HTMX_STOP_POLLING
    return response


@view_access(ViewAccess.STAFF)
@require_POST
def job_retry(request, job_id):
    """"Opnieuw proberen": a new attempt that resumes from the last checkpoint."""
    job = _own_job(request, job_id)
    try:
        jobs.retry(Actor.from_request(request), job)
    except RuleViolation as refusal:
        messages.warning(request, refusal.message)
    return redirect("core:job_status", job_id=job.pk)


@view_access(ViewAccess.PERSONAL)
@require_GET
def job_download(request, job_id):
    """The result file, to its starter only; logged before the first byte leaves."""
    job = _own_job(request, job_id)
    if job.status != JobStatus.DONE or not job.result_file:
        raise Http404
    path = jobs.export_root() / job.result_file
    if not path.is_file():
        raise Http404
    audit.log_access(Actor.from_request(request), event=Event.JOB_DOWNLOAD,
                     action=Action.EXPORT if job.result_personal else Action.READ,
                     obj=job, persons=job.person_ids,
                     detail=f"{job.kind}: {job.description}")
    return FileResponse(open(path, "rb"), as_attachment=True,  # noqa: SIM115 - FileResponse closes
                        filename=job.result_name, content_type=job.result_content_type)
