"""Long work: a task of Django's task framework, with a progress bar and a safe retry.

An export of a million log entries, a delivery to a partner, an import or a mailing does not fit in a
request. It runs as a ``django.tasks`` task in the worker (``manage.py db_worker``, django-tasks-db),
and a ``Job`` row is what the page that started it shows: who started it for which membership,
progress, a short Dutch message, the result file, the error and the attempts.

How an app uses it (the worked example is ``eendak.privacy.tasks``, the access-log export):

1. a service checks the permission, logs the action and calls ``start(actor, KIND, params=...)`` in
   its transaction, so the job and its queued task commit together (or not at all);
2. the task is a module-level function ``task(job_id, attempt)`` that hands its body to ``run``::

       @task()
       def export_things(job_id: int, attempt: int) -> None:
           jobs.run(job_id, attempt, _export_things)

       def _export_things(run: jobs.Run) -> None:
           out = run.result_file()                      # resumed at the last checkpoint
           position = run.checkpoint.get("after", 0)
           for batch in ...:                            # keyset batches, never OFFSET
               out.write(...)
               run.progress(done, total=total, checkpoint={"after": ...})
           run.finish(name="dingen.csv", content_type="text/csv")

   ``run.progress`` makes the file durable (fsync) *before* it records the checkpoint, so a crash
   anywhere leaves at most bytes past the checkpoint, which the next attempt cuts off;
3. the starter follows it on ``core:job_status`` (htmx polls the ``<progress>`` fragment) and downloads
   the result there; nobody else can (``core.view_job``: 404, and the refusal is logged).

Safe retry after a crash. A task that raises is marked failed; a worker that dies (killed, out of
memory, host down) leaves the job "running" without heartbeat, and after ``STALLED_AFTER`` the page
calls it stalled. Either way "Opnieuw proberen" (``retry``) raises ``attempts`` and queues the task
again. The new attempt resumes from the checkpoint: it copies the previous attempt's file up to the
recorded offset and goes on from the recorded position, so nothing is written twice. Every write to
the row is a conditional UPDATE on ``attempts``: an older attempt that is still alive is refused at
its next report (``Superseded``) and stops, so two attempts never both count.
"""

import os
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.tasks import Task
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from eendak.audit import services as audit

from .actors import Actor
from .exceptions import NotPermitted, RuleViolation
from .models import Job, JobStatus
from .permissions import Kind, Subject, allowed, declare, require

# A running attempt reports at least once per batch; this long without a report means its worker is
# gone (or stuck), and the starter may retry.
STALLED_AFTER = timedelta(minutes=5)
# How often the progress fragment asks again (htmx ``every``), in seconds.
POLL_SECONDS = 2
COPY_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class JobKind:
    """One kind of long work: its task, its Dutch title, and the permission it needs.

    ``permission`` (a declared name, asked without an object) is checked by the service that starts
    the work, again at the start of every attempt (a membership may have ended meanwhile) and again
    when the starter opens the status page or downloads the result.
    """

    name: str
    title: str
    task: Task
    permission: str | None = None
    download_once: bool = False  # the result is handed over one time, then removed (download_once)


_KINDS: dict[str, JobKind] = {}


def register(name: str, *, task: Task, title, permission: str | None = None,
             download_once: bool = False) -> JobKind:
    """Register a kind of long work (once, at import of the app's ``tasks.py``). ``download_once``:
    its result file is downloaded one time (a POST, ``core.download_once``) and then removed."""
    kind = JobKind(name=name, title=title, task=task, permission=permission,
                   download_once=download_once)
    if name in _KINDS and _KINDS[name].task.module_path != task.module_path:
        raise ValueError(f"Job kind {name} is registered twice")
    _KINDS[name] = kind
    return kind


def kind_of(name: str) -> JobKind:
    if name not in _KINDS:
        autodiscover_modules("tasks")  # the kinds live in each app's tasks.py
    return _KINDS[name]


class Superseded(Exception):  # noqa: N818 - a signal to stop, not an error
    """This attempt is no longer the job's current one (a retry queued another): stop quietly."""


# --- Starting and retrying (called by services, in a request) ----------------------------------------


def start(actor: Actor, kind: JobKind, *, params: dict | None = None, description: str = "",
          persons=(), total: int | None = None, back_url: str = "") -> Job:
    """Record the job and queue its first attempt, in the caller's transaction.

    The caller (a service) has required the permission and logged the action already. The queued
    task is a row in the same database, so it commits with the job or not at all: a request that
    rolls back leaves no orphan task, and the worker never sees a job that is not there yet.
    """
    if actor.user is None or actor.membership is None:
        raise ValueError("Long work is started by a user acting for a membership")
    if back_url and (not back_url.startswith("/") or back_url.startswith("//")):
        back_url = ""  # a path on this site only: never a redirect elsewhere
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind.name, user=actor.user, membership=actor.membership,
            organisation=actor.membership.organisation, ip_address=actor.ip_address,
            params=params or {}, description=description[:255],
            person_ids=sorted({int(getattr(p, "pk", p)) for p in persons}), total=total,
            back_url=back_url[:500], attempts=1, message=_("In de wachtrij."),
        )
        _enqueue(job, kind)
    return job


def _enqueue(job: Job, kind: JobKind) -> None:
    result = kind.task.enqueue(job.pk, job.attempts)
    job.task_result_id = str(result.id)
    Job.objects.filter(pk=job.pk).update(task_result_id=job.task_result_id)


def is_stalled(job: Job, now=None) -> bool:
    """Running, but no report for ``STALLED_AFTER``: its worker crashed, was stopped, or hangs."""
    if job.status != JobStatus.RUNNING:
        return False
    last = job.heartbeat_at or job.started_at or job.created_at
    return last < (now or timezone.now()) - STALLED_AFTER


def can_retry(job: Job, now=None) -> bool:
    return job.status == JobStatus.FAILED or is_stalled(job, now)


def retry(actor: Actor, job: Job) -> Job:
    """Queue a new attempt of a failed or stalled job; it resumes from the last checkpoint.

    Race-safe: the UPDATE only succeeds while the job is still at the attempt the caller saw, so two
    clicks (or two tabs) queue one attempt, and a still-running old attempt is superseded.
    """
    require(actor, "core.retry_job", job)
    if not can_retry(job):
        raise RuleViolation(_("Deze taak loopt nog of is al klaar; opnieuw proberen kan nu niet."))
    kind = kind_of(job.kind)
    with transaction.atomic():
        updated = Job.objects.filter(pk=job.pk, attempts=job.attempts, status=job.status).update(
            attempts=F("attempts") + 1, status=JobStatus.QUEUED, error="", finished_at=None,
            heartbeat_at=None, message=_("Opnieuw in de wachtrij."),
        )
        if not updated:
            raise RuleViolation(_("Deze taak is intussen al opnieuw gestart."))
        job.refresh_from_db()
        _enqueue(job, kind)
    return job


# --- Running (called by the task, in the worker) -------------------------------------------------------


def export_root() -> Path:
    root = Path(settings.EENDAK_EXPORT_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root


def _part_name(job_id: int, attempt: int) -> str:
    return f"job-{job_id}-poging-{attempt}.part"


class ResultFile:
    """The result of one attempt, written append-only; ``sync`` makes what is written durable."""

    def __init__(self, path: Path):
        self.path = path
        self._handle = open(path, "ab")  # noqa: SIM115 - closed by Run.finish / Run.close
        self._handle.seek(0, os.SEEK_END)
        self.resumed = self._handle.tell() > 0  # False: write the header first

    def write(self, data: bytes | str) -> None:
        self._handle.write(data.encode("utf-8") if isinstance(data, str) else data)

    def tell(self) -> int:
        return self._handle.tell()

    def sync(self) -> int:
        self._handle.flush()
        os.fsync(self._handle.fileno())
        return self._handle.tell()

    def close(self) -> None:
        if not self._handle.closed:
            self._handle.close()


@dataclass
class Run:
    """One attempt of a job, as the task's body sees it."""

    job: Job
    attempt: int
    _file: ResultFile | None = field(default=None, repr=False)

    @property
    def checkpoint(self) -> dict:
        """Where the task left off (its own keys; the file's are kept under ``_``)."""
        return {k: v for k, v in self.job.checkpoint.items() if not k.startswith("_")}

    @property
    def actor(self) -> Actor:
        """The starter, as the log entries the task writes should name them."""
        return Actor(user=self.job.user, membership=self.job.membership,
                     ip_address=self.job.ip_address)

    def result_file(self) -> ResultFile:
        """This attempt's result file, holding exactly what the checkpoint covers so far."""
        if self._file is None:
            self._file = ResultFile(export_root() / _part_name(self.job.pk, self.attempt))
        return self._file

    def progress(self, done: int, *, total: int | None = None, message: str = "",
                 checkpoint: dict | None = None) -> None:
        """Report progress (and the heartbeat); with ``checkpoint``, where a retry resumes.

        The result file is synced before the checkpoint is stored, so the checkpoint never covers
        bytes that are not on disk. Raises ``Superseded`` when a newer attempt took over.
        """
        fields = {"done": done, "heartbeat_at": timezone.now(), "message": message[:200]}
        if total is not None:
            fields["total"] = total
        if checkpoint is not None:
            stored = dict(checkpoint)
            if self._file is not None:
                stored.update(_file=self._file.path.name, _offset=self._file.sync())
            fields["checkpoint"] = stored
        self._update(**fields)

    def finish(self, *, name: str = "", content_type: str = "application/octet-stream",
               personal: bool = True, message: str = "") -> None:
        """Mark the job done; the result file (if any) becomes the download ``name``."""
        now = timezone.now()
        fields = {"status": JobStatus.DONE, "finished_at": now, "heartbeat_at": now,
                  "message": (message or _("Klaar."))[:200], "checkpoint": {}, "error": ""}
        final = None
        if self._file is not None:
            size = self._file.sync()
            self._file.close()
            suffix = Path(name).suffix if name else ""
            final = self._file.path.with_name(f"job-{self.job.pk}-{self.attempt}{suffix}")
            os.replace(self._file.path, final)
            fields.update(result_file=final.name, result_name=name or final.name,
                          result_content_type=content_type, result_size=size,
                          result_personal=personal)
        try:
            self._update(**fields)
        except Superseded:
            if final is not None:
                final.unlink(missing_ok=True)
            raise
        for stale in export_root().glob(f"job-{self.job.pk}-poging-*.part"):
            stale.unlink(missing_ok=True)  # earlier attempts' partial files: covered by the result

    def close(self) -> None:
        if self._file is not None:
            self._file.close()

    def _update(self, **fields) -> None:
        updated = Job.objects.filter(pk=self.job.pk, attempts=self.attempt,
                                     status=JobStatus.RUNNING).update(**fields)
        if not updated:
            raise Superseded(self.job.pk, self.attempt)
        for name, value in fields.items():
            setattr(self.job, name, value)


def begin(job_id: int, attempt: int) -> Run | None:
    """Claim the job for this attempt; None when it is not the current, queued attempt.

    Restores the previous attempt's result file up to its checkpoint (or starts over when that file
    is gone or shorter than recorded).
    """
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, attempts=attempt, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now)
    if not claimed:
        return None
    job = Job.objects.select_related("user", "membership__organisation").get(pk=job_id)
    current = Run(job=job, attempt=attempt)
    if attempt > 1:
        _resume(current)
    return current


def _resume(current: Run) -> None:
    """Carry the previous attempt's checkpoint over to this one, or start over."""
    job = current.job
    checkpoint = job.checkpoint
    if "_file" in checkpoint:
        source = export_root() / checkpoint["_file"]
        offset = int(checkpoint.get("_offset", 0))
        target = export_root() / _part_name(job.pk, current.attempt)
        if source.exists() and source.stat().st_size >= offset and source != target:
            with open(source, "rb") as src, open(target, "wb") as dst:
                remaining = offset
                while remaining:
                    chunk = src.read(min(COPY_CHUNK, remaining))
                    if not chunk:
                        break
                    dst.write(chunk)
                    remaining -= len(chunk)
            checkpoint = {**checkpoint, "_file": target.name, "_offset": offset}
        else:
            checkpoint = {}
    if checkpoint:
        message = _("Poging %(n)s: hervat bij %(done)s.") % {"n": current.attempt, "done": job.done}
        current._update(checkpoint=checkpoint, message=message)
    else:
        current._update(checkpoint={}, done=0,
                        message=_("Poging %(n)s: opnieuw begonnen.") % {"n": current.attempt})


def fail(current: Run, exc: BaseException) -> None:
    """Mark this attempt failed; the checkpoint stays, so a retry resumes where it broke off."""
    current.close()
    if isinstance(exc, NotPermitted):
        message = _("Gestopt: u heeft hiervoor geen recht meer.")
    elif isinstance(exc, KeyboardInterrupt | SystemExit):
        message = _("Onderbroken: de verwerking werd gestopt. U kunt het opnieuw proberen.")
    else:
        message = _("Er ging iets mis. U kunt het opnieuw proberen; wat al klaar was, wordt "
                    "niet dubbel gedaan.")
    Job.objects.filter(pk=current.job.pk, attempts=current.attempt,
                       status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED, finished_at=timezone.now(), message=message[:200],
        error=f"{type(exc).__name__}: {exc}"[:500],
    )


def run(job_id: int, attempt: int, body) -> None:
    """Run ``body(run)`` as attempt ``attempt`` of the job: the whole life of one attempt.

    A superseded attempt ends quietly; any other exception (a crash half-way, the worker being
    stopped) marks the job failed and is raised again, so django.tasks records it too.
    """
    current = begin(job_id, attempt)
    if current is None:
        return
    try:
        permission = kind_of(current.job.kind).permission
        if permission:
            # Asked again in the worker: the membership may have ended since the work was started.
            require(current.actor, permission)
        body(current)
        if current.job.status != JobStatus.DONE:
            current.finish()
    except Superseded:
        current.close()
    except NotPermitted as refusal:
        audit.log_refusal(current.actor, refusal)  # the one refusal path, also in the worker
        fail(current, refusal)
        raise
    except BaseException as exc:
        fail(current, exc)
        raise


# --- Keeping results no longer than needed --------------------------------------------------------


def clear_old_results(days: int, now=None) -> int:
    """Delete the files of jobs that finished more than ``days`` ago; return how many jobs.

    An export holds personal data: it is kept for its starter to download, not for ever. The job row
    stays (who exported what, and when, is also in the access log); its page says the result is gone.
    A failed job loses its checkpoint with its partial file, so a later retry starts over.
    """
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = Job.objects.filter(status__in=[JobStatus.DONE, JobStatus.FAILED], finished_at__lt=cutoff)
    old = old.exclude(result_file="", checkpoint={})
    cleared = 0
    for job_id in old.values_list("pk", flat=True).iterator():
        for path in export_root().glob(f"job-{job_id}-*"):
            path.unlink(missing_ok=True)
        cleared += Job.objects.filter(pk=job_id).update(
            result_file="", result_size=None, checkpoint={},
            message=_("Het resultaat is na %(days)s dagen verwijderd; start het opnieuw als u het "
                      "nog nodig hebt.") % {"days": days})
    return cleared


# --- Who may see a job ------------------------------------------------------------------------------------


@declare("core.view_job", Kind.READ,
         "only the user who started the long work, acting for the same membership, while the work's "
         "own permission still allows them (status page, progress and download)")
def view_job(who: Subject, job) -> bool:
    if job is None or who.user is None or who.membership is None:
        return False
    if job.user_id != who.user.pk or job.membership_id != who.membership.pk:
        return False
    permission = kind_of(job.kind).permission
    return permission is None or allowed(who, permission)


@declare("core.retry_job", Kind.CHANGE, "as core.view_job: the starter retries their own work")
def retry_job(who: Subject, job) -> bool:
    return view_job(who, job)


# --- What the page shows -------------------------------------------------------------------------------


def presentation(job: Job, now=None) -> dict:
    """Everything the progress fragment shows, worked out once (no queries)."""
    stalled = is_stalled(job, now)
    percent = job.percent
    once = kind_of(job.kind).download_once
    if job.status == JobStatus.DONE:
        bar_max, bar_value = max(job.total or job.done, 1), max(job.total or job.done, 1)
        text = job.message or _("Klaar: %(done)s verwerkt.") % {"done": job.done}
    elif job.status == JobStatus.FAILED:
        bar_max, bar_value = job.total or None, job.done if job.total else None
        text = _("Mislukt bij poging %(n)s, na %(done)s van %(total)s.") % {
            "n": job.attempts, "done": job.done, "total": job.total if job.total else "?"}
    elif job.status == JobStatus.QUEUED:
        bar_max, bar_value = None, None  # indeterminate: nothing known yet
        text = _("In de wachtrij: het werk begint zo.")
    else:
        bar_max, bar_value = (job.total, job.done) if job.total else (None, None)
        if job.total and job.message:
            text = _("Bezig (%(percent)s%%): %(message)s") % {"percent": percent,
                                                               "message": job.message}
        elif job.total:
            text = _("Bezig: %(done)s van %(total)s (%(percent)s%%).") % {
                "done": job.done, "total": job.total, "percent": percent}
        else:
            text = job.message or _("Bezig: %(done)s verwerkt.") % {"done": job.done}
        if stalled:
            text = _("Er is al enige tijd geen voortgang: de verwerking is mogelijk onderbroken. "
                     "U kunt het opnieuw proberen; wat al klaar was, wordt niet dubbel gedaan.")
    return {
        "job": job,
        "title": kind_of(job.kind).title,
        "text": text,
        "bar_max": bar_max,
        "bar_value": bar_value,
        "percent": percent,
        "polling": job.status in (JobStatus.QUEUED, JobStatus.RUNNING),
        "poll_seconds": POLL_SECONDS,
        "stalled": stalled,
        "can_retry": job.status == JobStatus.FAILED or stalled,
        "download_url": reverse("core:job_download", args=[job.pk])
        if job.status == JobStatus.DONE and job.result_file and job.downloaded_at is None else "",
        "download_once": once,
        "downloaded_at": job.downloaded_at,
    }
