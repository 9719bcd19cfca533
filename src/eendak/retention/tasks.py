"""The yearly list of files due for destruction, as long work (``django.tasks`` + ``core.jobs``).

Two ways in, one body (``compile_due_list``):

- ``manage.py list_due_for_destruction`` (cron, once a year; docs/operations.md) queues
  ``compile_due_lists``, which compiles the list of every organisation that keeps files;
- the privacy officer's button queues the job kind ``retention.due_list`` for their organisation,
  with progress, and its result is the list as a CSV file (the page offers CSV and Excel too).

The list names files and households by reference only, never a person: the privacy officer opens
the file to see whose it is. It is stored (``DueList``/``DueItem``) so that the privacy officer can
work through it: each file becomes a destruction request on the ground that its period ended.
"""

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eendak.core import exports, jobs
from eendak.core.models import Organisation
from eendak.persons.models import Household

from . import queries
from .models import DueItem, DueList, DueStatus

BATCH_SIZE = 500


def compile_due_list(organisation, year: int, progress=None) -> DueList:
    """(Re)compile ``organisation``'s list for ``year``: every file due on 31 December of that year.

    Files already worked on (a request made, destroyed) keep their row and status; open rows of
    files that are no longer due (a period lengthened) drop out.
    """
    on = timezone.datetime(year, 12, 31).date()
    due = queries.due_for_destruction([organisation.pk], on)
    references = dict(Household.objects.filter(pk__in={d.file.household_id for d in due})
                      .values_list("pk", "reference"))
    with transaction.atomic():
        due_list, _created = DueList.objects.get_or_create(organisation=organisation, year=year)
        DueList.objects.filter(pk=due_list.pk).update(compiled_at=timezone.now())
        kept = set(due_list.items.exclude(status=DueStatus.OPEN)
                   .values_list("file_reference", flat=True))
        due_list.items.filter(status=DueStatus.OPEN).delete()
        rows = [DueItem(due_list=due_list, kind=d.file.kind, file_reference=d.file.reference,
                        household_id=d.file.household_id,
                        household_reference=references.get(d.file.household_id, ""),
                        closed_on=d.file.closed_on, counted_from=d.counted_from, due_on=d.due_on)
                for d in due if d.file.reference not in kept]
        for start in range(0, len(rows), BATCH_SIZE):
            DueItem.objects.bulk_create(rows[start:start + BATCH_SIZE])
            if progress:
                progress(min(start + BATCH_SIZE, len(rows)), len(rows))
    return due_list


@task()
def compile_due_lists(year: int | None = None) -> int:
    """Every organisation's list (cron). Returns how many lists hold a file."""
    year = year or timezone.localdate().year
    count = 0
    for organisation in Organisation.objects.order_by("pk"):
        due_list = compile_due_list(organisation, year)
        if due_list.items.exists():
            count += 1
        else:
            due_list.delete()
    return count


@task()
def due_list_job(job_id: int, attempt: int) -> None:
    jobs.run(job_id, attempt, _due_list_job)


def _due_list_job(run: jobs.Run) -> None:
    year = int(run.job.params["year"])
    run.progress(0, total=None, message=_("Dossiers worden nagelopen."))

    def progress(done, total):
        run.progress(done, total=total, message=_("%(done)s van %(total)s dossiers op de lijst.")
                     % {"done": done, "total": total})

    due_list = compile_due_list(run.job.organisation, year, progress)
    table = due_list_table_for(due_list)
    out = run.result_file()
    out.write(exports.csv_bytes(table))
    run.finish(name=table.filename("csv"), content_type="text/csv; charset=utf-8", personal=True,
               message=_("%(n)s dossiers op de vernietigingslijst %(year)s.")
               % {"n": table.size(), "year": year})


def due_list_table_for(due_list: DueList) -> exports.Table:
    items = list(due_list.items.all())
    return exports.Table(
        title=_("Vernietigingslijst %(year)s") % {"year": due_list.year},
        name=f"vernietigingslijst-{due_list.year}",
        columns=[
            exports.Column("file", _("Kenmerk dossier")),
            exports.Column("kind", _("Soort dossier")),
            exports.Column("household", _("Huishouden")),
            exports.Column("closed", _("Afgesloten op"), exports.DATE),
            exports.Column("from", _("Termijn loopt vanaf"), exports.DATE),
            exports.Column("due", _("Te vernietigen vanaf"), exports.DATE),
            exports.Column("status", _("Status")),
        ],
        rows=[(i.file_reference, i.get_kind_display(), i.household_reference, i.closed_on,
               i.counted_from, i.due_on, i.get_status_display()) for i in items],
        persons=[],
        detail=f"lijst {due_list.year}",
    )


DUE_LIST = jobs.register(
    "retention.due_list", task=due_list_job,
    title=gettext_lazy("Vernietigingslijst"), permission="retention.due_list",
)
