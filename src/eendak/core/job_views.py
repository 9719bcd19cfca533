"""The page of a piece of long work: status, progress bar (polled by htmx), retry and download.

Only the user who started the work sees any of it (``core.view_job``); anyone else gets the 404 of a
page that does not exist, and the refusal is logged (``AccessPolicyMiddleware``). The status page and
the fragment show no client data (a count and a Dutch sentence), so they are ``STAFF``; the download
hands over the result and is ``PERSONAL``: logged, as an export when the result holds personal data.
"""

from functools import wraps

from django.contrib import messages
from django.core import signing
from django.http import FileResponse, Http404, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from eendak.audit import services as audit
from eendak.audit.models import Action, Outcome

from . import download_once, exports, jobs, tasks
from .access import ViewAccess, view_access
from .actors import Actor
from .events import Event
from .exceptions import RuleViolation
from .models import Job, JobStatus
from .permissions import require

# htmx stops polling on this status (its documented "stop polling" code).
HTMX_STOP_POLLING = 286
RELOAD_WHEN_DONE = "herladen"


def _own_job_view(*methods: str):
    """The job first (``core.view_job``: its starter only, else the logged 404), then the method: a
    wrong method reveals nothing about someone else's job. The view gets the job."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, job_id):
            job = Job.objects.filter(pk=job_id).first()
            require(request.user, "core.view_job", job)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, job)

        return wrapper

    return decorate


@view_access(ViewAccess.STAFF)
@_own_job_view("GET")
def job_status(request, job):
    return render(request, "core/job_status.html", jobs.presentation(job))


@view_access(ViewAccess.STAFF)
@_own_job_view("GET")
def job_progress(request, job):
    """The ``<progress>`` fragment htmx swaps in every few seconds: one query for the job."""
    context = jobs.presentation(job)
    # A page that shows the work's outcome itself (a CBS delivery's report, a study's export, a
    # dashboard report's download) asks for ``?klaar=herladen``: when the work is over, htmx reloads
    # that page (``HX-Refresh``) instead of leaving the user to do it. No script in the page.
    context["reload_when_done"] = request.GET.get("klaar") == RELOAD_WHEN_DONE
    response = render(request, "core/_job_progress.html", context)
    if request.headers.get("HX-Request") and not context["polling"]:
        response.status_code = HTMX_STOP_POLLING
        if context["reload_when_done"]:
            response["HX-Refresh"] = "true"
    return response


@view_access(ViewAccess.STAFF)
@_own_job_view("POST")
def job_retry(request, job):
    """"Opnieuw proberen": a new attempt that resumes from the last checkpoint."""
    try:
        jobs.retry(Actor.from_request(request), job)
    except RuleViolation as refusal:
        messages.warning(request, refusal.message)
    return redirect("core:job_status", job_id=job.pk)


@view_access(ViewAccess.PERSONAL)
@_own_job_view("GET", "POST")
def job_download(request, job):
    """The result file, to its starter only; logged before the first byte leaves.

    A kind downloaded once (``JobKind.download_once``: a list export) is a POST — the button of the
    job's page — and goes through ``core.download_once``: the second try is sent back to the job's
    page with a Dutch message, and the file is gone. Any other kind's result is a GET, as often as
    its starter likes until it is cleared (``jobs.clear_old_results``)."""
    actor = Actor.from_request(request)
    detail = f"{job.kind}: {job.description}"
    action = Action.EXPORT if job.result_personal else Action.READ
    if jobs.kind_of(job.kind).download_once:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if job.status != JobStatus.DONE:
            raise Http404
        try:
            handle, job = download_once.take(
                Job.objects, job.pk, file_field="result_file", taken_field="downloaded_at",
                words=download_once.Words(
                    already=_("Dit bestand is al gedownload: het resultaat van een export kan één "
                              "keer worden gedownload. Start de export zo nodig opnieuw vanaf de "
                              "lijst."),
                    not_ready=_("Deze export is nog niet klaar."),
                    gone=_("Het bestand van deze export is er niet meer. Start de export opnieuw "
                           "vanaf de lijst.")),
                log=lambda taken: audit.log_access(actor, event=Event.JOB_DOWNLOAD, action=action,
                                                   obj=taken, persons=taken.person_ids,
                                                   detail=detail))
        except download_once.Refused as refused:
            messages.error(request, refused.message)
            return redirect("core:job_status", job_id=job.pk)
        return download_once.response(handle, job.result_name, job.result_content_type)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if job.status != JobStatus.DONE or not job.result_file:
        raise Http404
    path = jobs.export_root() / job.result_file
    if not path.is_file():
        raise Http404
    audit.log_access(actor, event=Event.JOB_DOWNLOAD, action=action, obj=job,
                     persons=job.person_ids, detail=detail)
    return FileResponse(open(path, "rb"), as_attachment=True,  # noqa: SIM115 - FileResponse closes
                        filename=job.result_name, content_type=job.result_content_type)


@view_access(ViewAccess.PERSONAL)
def export_start(request):
    """"Export starten" of a list too long for one request (``core.exports``): the signed button
    names the list, its filter and the format; the list's permission is asked again and the export
    runs as long work. A tampered or stale button is a 400, never more than the screen shows."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        started = exports.read_start(request.POST.get("export", ""))
    except signing.BadSignature:
        # A refused attempt to export is logged too (who tried, from where), then answered.
        audit.log_access(Actor.from_request(request), event=Event.EXPORT_REFUSED,
                         action=Action.EXPORT, outcome=Outcome.FAILED,
                         detail="ongeldige of verlopen exportknop")
        return HttpResponseBadRequest(_("Deze knop is verlopen. Open de lijst opnieuw en kies de "
                                        "download nog eens."), content_type="text/plain; charset=utf-8")
    job = tasks.start_list_export(Actor.from_request(request), started)
    return redirect("core:job_status", job_id=job.pk)
