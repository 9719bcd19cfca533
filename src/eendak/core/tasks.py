"""Long work of core: a large export of a list (``core.exports``), built again in the worker.

A list longer than ``EENDAK_EXPORT_BACKGROUND_ROWS`` is not written in the request: its page offers a
button that starts this job (``start_list_export``). The worker calls the list's own ``@source`` table
function again, as the starter (the user acting for the membership they started it for), after asking
the list's permission once more, so the file holds exactly what that user's screen would show now.
Progress is reported every ``BATCH_SIZE`` rows. The file is downloaded once by its starter (a POST on
``core:job_download``, ``core.download_once``) and removed at once: it holds the persons of the list.
There is no checkpoint: a retry starts the file over (the rows of a list have no stable position to
resume at), which is safe because nothing is written anywhere but the attempt's own file.
"""

from django.tasks import task
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eendak.audit import services as audit
from eendak.audit.models import Action

from . import exports, jobs
from .actors import Actor
from .events import Event
from .permissions import require

BATCH_SIZE = 500


@task()
def export_list(job_id: int, attempt: int) -> None:
    jobs.run(job_id, attempt, _export_list)


def _table(actor: Actor, source: str, params: dict) -> exports.Table:
    build = exports.resolve(source)
    require(actor, build.export_permission)
    user = actor.user
    user.acting_membership = actor.membership
    return build(user, **params)


def _export_list(run: jobs.Run) -> None:
    params = run.job.params
    fmt = params["format"]
    table = _table(run.actor, params["source"], params["params"])
    total = table.size()
    run.progress(0, total=total, message=_("%(total)s regels gevonden.") % {"total": total})
    out = run.result_file()

    def report(done: int) -> None:
        run.progress(done, total=total, message=_("%(done)s van %(total)s regels geschreven.") % {
            "done": done, "total": total})

    if fmt == "csv":
        out.write(exports.csv_header(table))
        batch = []
        for done, row in enumerate(table.rows, start=1):
            batch.append(exports.csv_row(table, row))
            if len(batch) >= BATCH_SIZE:
                out.write("".join(batch))
                batch = []
                report(done)
        out.write("".join(batch))
    else:
        out.write(exports.xlsx_bytes(table, progress=report, every=BATCH_SIZE))
    report(total)
    run.finish(name=table.filename(fmt), content_type=exports.FORMATS[fmt], personal=True,
               message=_("%(total)s regels geëxporteerd.") % {"total": total})


LIST_EXPORT = jobs.register("core.list_export", task=export_list,
                            title=gettext_lazy("Export van een lijst"), download_once=True)


def start_list_export(actor: Actor, started: exports.Started):
    """Start the export the signed button names, as long work; logged as an export at once.

    The list's permission is asked again and its table built (the need-to-know of its query and
    of any object in its parameters applies), so a button cannot start more than the screen shows.
    """
    table = _table(actor, started.source, started.params)
    total = table.size()
    persons = list(table.persons)
    description = f"{started.title} ({started.format.upper()}, {total} regels)"
    with audit.atomic():
        job = jobs.start(actor, LIST_EXPORT, params={
            "source": started.source, "params": started.params, "format": started.format},
            description=description, persons=persons, total=total, back_url=started.back)
        audit.log_access(actor, event=started.event or Event.LIST_EXPORTED, action=Action.EXPORT,
                         obj=job, persons=persons,
                         detail=" ".join(filter(None, [f"export={started.format}",
                                                       f"regels={total}", table.detail]))[:255])
    return job
