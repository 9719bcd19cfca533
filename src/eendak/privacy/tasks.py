"""Long work of the privacy app: the CSV export of an access-log search (``eendak.core.jobs``).

The worked example of the template's long work. The export is started by
``privacy.services.start_access_log_export`` (permission, log entry, job) and runs here, in the
worker: every entry that matches the filter, up to the last entry that existed when it was started
(the log only grows, so the set and its count are fixed), in keyset batches of ``BATCH_SIZE`` by id,
progress and checkpoint after each batch. A retry after a crash resumes after the last id of the
last checkpoint, so no entry is written twice.

The file is for Excel as a Dutch log administrator opens it: UTF-8 with a byte-order mark, ``;``
between fields, and a cell that starts with ``= + - @`` (a formula to a spreadsheet) is prefixed with
``'``: ``reason`` and ``detail`` hold text people typed.
"""

import csv
import io
from datetime import date

from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eendak.audit.models import Action, Outcome
from eendak.core import jobs
from eendak.core.roles import Role

from . import queries

BATCH_SIZE = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = [
    ("id", gettext_lazy("nummer")),
    ("occurred_utc", gettext_lazy("tijdstip (UTC)")),
    ("occurred_local", gettext_lazy("tijdstip (Nederlandse tijd)")),
    ("event", gettext_lazy("gebeurtenis")),
    ("action", gettext_lazy("actie")),
    ("outcome", gettext_lazy("uitkomst")),
    ("username", gettext_lazy("gebruikersnaam")),
    ("organisation", gettext_lazy("organisatie")),
    ("role", gettext_lazy("rol")),
    ("object_type", gettext_lazy("soort object")),
    ("object_id", gettext_lazy("object")),
    ("persons", gettext_lazy("personen")),
    ("ip_address", gettext_lazy("toegangspunt (IP)")),
    ("emergency", gettext_lazy("noodtoegang")),
    ("reason", gettext_lazy("reden")),
    ("detail", gettext_lazy("toelichting")),
    ("entry_hash", gettext_lazy("hash")),
]


def filter_to_params(criteria: queries.LogFilter) -> dict:
    """The filter as JSON for the job's params (dates as ISO text)."""
    return {name: value.isoformat() if isinstance(value, date) else value
            for name, value in vars(criteria).items()}


def filter_from_params(params: dict) -> queries.LogFilter:
    values = dict(params)
    for name in ("date_from", "date_to"):
        if values.get(name):
            values[name] = date.fromisoformat(values[name])
    return queries.LogFilter(**values)


def _label(choices, code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return code


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _row(entry) -> list[str]:
    values = {
        "id": entry.pk,
        "occurred_utc": entry.occurred_at.astimezone(timezone.UTC).isoformat(),
        "occurred_local": timezone.localtime(entry.occurred_at).strftime("%d-%m-%Y %H:%M:%S"),
        "event": entry.event,
        "action": _label(Action, entry.action),
        "outcome": _label(Outcome, entry.outcome),
        "username": entry.username,
        "organisation": entry.organisation_name,
        "role": _label(Role, entry.role) if entry.role else "",
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "persons": " ".join(str(s.person_id) for s in entry.subjects.all()),
        "ip_address": entry.ip_address,
        "emergency": _("ja") if entry.emergency else _("nee"),
        "reason": entry.reason,
        "detail": entry.detail,
        "entry_hash": entry.chain_hash,  # None (empty) until the chainer has chained it
    }
    return [_cell(values[name]) for name, _label_text in COLUMNS]


def _csv(rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue()


@task()
def export_access_log(job_id: int, attempt: int) -> None:
    jobs.run(job_id, attempt, _export_access_log)


def _export_access_log(run: jobs.Run) -> None:
    criteria = filter_from_params(run.job.params["filter"])
    matching = (queries.search_entries(criteria).filter(id__lte=run.job.params["upto"])
                .order_by("id"))
    total = run.job.total
    if total is None:
        total = matching.count()
        run.progress(0, total=total, message=_("%(total)s regels gevonden.") % {"total": total})
    out = run.result_file()
    if not out.resumed:
        out.write("\ufeff" + _csv([[str(label) for _name, label in COLUMNS]]))
    after = run.checkpoint.get("after_id", 0)
    done = run.checkpoint.get("done", 0)
    while True:
        batch = list(matching.filter(id__gt=after)[:BATCH_SIZE])
        if not batch:
            break
        out.write(_csv(_row(entry) for entry in batch))
        after, done = batch[-1].pk, done + len(batch)
        run.progress(done, total=total, checkpoint={"after_id": after, "done": done},
                     message=_("%(done)s van %(total)s regels geschreven.") % {
                         "done": done, "total": total})
    run.finish(name=f"toegangslog-{timezone.localdate():%Y-%m-%d}-{run.job.pk}.csv",
               content_type="text/csv; charset=utf-8", personal=True,
               message=_("%(done)s regels geëxporteerd.") % {"done": done})


ACCESS_LOG_EXPORT = jobs.register(
    "privacy.access_log_export", task=export_access_log,
    title=gettext_lazy("Export van het toegangslog"), permission="privacy.export_access_log",
)
