"""Download once: a file made by long work that its starter may take exactly one time.

A research export, a CBS delivery's two files, a dashboards' PDF report and a large list export
(``core.tasks``) hold personal or unpublished data. Each is kept under ``EENDAK_EXPORT_ROOT`` only
until it is downloaded: the one download locks the row that names the file, checks it was not
taken yet, opens the file, writes the access-log entry, marks the row downloaded and removes the
file (an open file stays readable until the response has sent and closed it). Every step is here,
once; a caller names its row, its two fields, its Dutch sentences and its log entry::

    handle, export = download_once.take(
        ResearchExport.objects, export.pk, file_field="file_name", taken_field="downloaded_at",
        words=download_once.Words(already=_("…al gedownload…"), not_ready=..., gone=...),
        log=lambda export: research_logged(actor, ResearchEvent.EXPORT_DOWNLOADED, export, ...))
    return download_once.response(handle, name, "text/csv; charset=utf-8")

A refusal is a ``Refused`` (a ``RuleViolation`` in Dutch: a screen shows it as a message and goes
back to its page); the API answers it as problem+json with its ``status_code`` — 410 Gone for a
file already downloaded (or removed), 409 Conflict for one that is not ready yet.

Two clicks at once: the row is locked (``SELECT … FOR UPDATE OF`` the row itself, so a nullable
``select_related`` join does not make PostgreSQL refuse the lock) and the mark is a conditional
UPDATE on the still-empty field, so exactly one of them gets the file.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import FileResponse
from django.utils import timezone

from eendak.audit import services as audit

from . import jobs
from .exceptions import RuleViolation


class Refused(RuleViolation):
    """The one download cannot be given; the message is Dutch and shown as it is."""

    status_code = 409


class AlreadyDownloaded(Refused):
    status_code = 410


class NotReady(Refused):
    status_code = 409


class FileGone(Refused):
    status_code = 410


@dataclass(frozen=True)
class Words:
    """The caller's Dutch sentences (what the file is, what to do next)."""

    already: str  # a second try
    not_ready: str  # the work has not made the file (yet)
    gone: str  # the file was cleared meanwhile (kept too long, or the study ended)


def take(queryset: QuerySet, pk: int, *, file_field: str, taken_field: str, words: Words,
         log: Callable, before: Callable[[], None] | None = None):
    """The one download of the file named by ``queryset``'s row ``pk``: ``(open file, row)``.

    In one transaction: ``before()`` (a caller's own locks and rules, taken first), the row locked,
    refused when ``taken_field`` is set (``AlreadyDownloaded``), ``file_field`` empty
    (``NotReady``) or the file missing (``FileGone``); then the file opened, ``taken_field`` set
    and ``log(row)`` called — the access-log entry commits with the mark or not at all. The file
    is removed after the commit. The caller has asked its permission.
    """
    with audit.atomic():
        if before is not None:
            before()
        row = queryset.select_for_update(of=("self",)).get(pk=pk)
        if getattr(row, taken_field) is not None:
            raise AlreadyDownloaded(words.already)
        name = getattr(row, file_field)
        if not name:
            raise NotReady(words.not_ready)
        path = jobs.export_root() / name
        if not path.is_file():
            raise FileGone(words.gone)
        now = timezone.now()
        taken = queryset.model.objects.filter(pk=row.pk, **{f"{taken_field}__isnull": True}).update(
            **{taken_field: now})
        if not taken:
            raise AlreadyDownloaded(words.already)
        setattr(row, taken_field, now)
        handle = open(path, "rb")  # noqa: SIM115 - handed to the response, which closes it
        try:
            log(row)
        except BaseException:
            handle.close()
            raise
    path.unlink(missing_ok=True)
    return handle, row


def response(handle, filename: str, content_type: str) -> FileResponse:
    """The taken file as an attachment (the response closes it)."""
    answer = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    answer["X-Content-Type-Options"] = "nosniff"
    return answer
