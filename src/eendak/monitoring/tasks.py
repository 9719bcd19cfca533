"""Long work of monitoring: the pseudonymised research export of a study (``eendak.core.jobs``).

Started by ``monitoring.services.start_export`` (permission, log entry, job and the
``ResearchExport`` row, in one transaction) and run here, in the worker: the reports of the study's
period in batches of ``BATCH_SIZE`` (``research.rows_for``, pseudonymised with the study's key, with
progress after each batch), then the small-cell rule over the whole export (``research.suppress``:
it needs every row, so the rows are kept in memory — a region's reports of a few years are tens of
thousands of rows), then the file.

Safe retry. The file is written only at the end, to a temporary file of this attempt that is made
durable (fsync) and then renamed to the export's one name (``onderzoek-<study>-<job>.csv``), an
atomic step: a crash half-way leaves at most a temporary file, never a half file under the real
name, and no checkpoint is kept, so a retry (``jobs.retry``) starts over and writes the same name
again. The ``ResearchExport`` row exists from the start and is registered once, by a conditional
update; the temporary files of earlier attempts are removed. The file is not the job's result: the
generic download (``core:job_download``) would hand it over more than once, so the job finishes
without a file and the study's page offers the one download (``services.download_export``).

The file is for a researcher's statistics package and for Excel: UTF-8 with a byte-order mark,
``;`` between fields. No cell holds text anyone typed (codes, bands, pseudonyms only), so there is
no formula to defuse.
"""

import csv
import hashlib
import io
import os

from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eendak.core import jobs
from eendak.core.exceptions import RuleViolation

from . import research
from .models import ResearchExport

BATCH_SIZE = 500


def file_name(export: ResearchExport) -> str:
    return f"onderzoek-{export.study_id}-{export.job_id}.csv"


def _temporary(export: ResearchExport, attempt: int) -> str:
    return f"onderzoek-{export.study_id}-{export.job_id}-poging-{attempt}.tmp"


def _csv(columns: list[str], rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([row.get(column, "") for column in columns] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _write(path, content: bytes) -> None:
    """Write ``content`` to ``path`` and make it durable (the step a crash can interrupt)."""
    with open(path, "wb") as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())


@task()
def export_study(job_id: int, attempt: int) -> None:
    jobs.run(job_id, attempt, _export_study)


def _export_study(run: jobs.Run) -> None:
    export = ResearchExport.objects.select_related("study").get(job_id=run.job.pk)
    study = export.study
    # Asked again in the worker: the study may have ended, or its key been destroyed, meanwhile.
    if not study.may_export():
        raise RuleViolation(_("Deze studie is niet (meer) goedgekeurd of is afgelopen: er wordt "
                              "niets geëxporteerd."))
    key = bytes(study.key)
    ids = research.report_ids(study.period_from, study.period_to)
    total = len(ids)
    run.progress(0, total=total, message=_("%(total)s meldingen in de periode.") % {"total": total})
    rows = []
    for start in range(0, total, BATCH_SIZE):
        batch = ids[start:start + BATCH_SIZE]
        rows += research.rows_for(batch, study.variables, key)
        done = start + len(batch)
        run.progress(done, total=total, message=_("%(done)s van %(total)s meldingen verwerkt.") % {
            "done": done, "total": total})
    columns = research.columns_for(study.variables)
    replaced = research.suppress(rows, columns)
    content = _csv(columns, rows)

    root = jobs.export_root()
    name = file_name(export)
    temporary = root / _temporary(export, run.attempt)
    _write(temporary, content)
    os.replace(temporary, root / name)
    for stale in root.glob(f"onderzoek-{export.study_id}-{export.job_id}-poging-*.tmp"):
        stale.unlink(missing_ok=True)  # earlier attempts' half-written files
    ResearchExport.objects.filter(pk=export.pk, downloaded_at__isnull=True,
                                  destroyed_at__isnull=True).update(
        file_name=name, rows=len(rows), sha256=hashlib.sha256(content).hexdigest(),
        person_ids=sorted({row["_person"] for row in rows}), ready_at=timezone.now())
    run.finish(personal=True, message=_(
        "%(rows)s regels klaar om één keer te downloaden op de pagina van de studie "
        "(%(replaced)s kleine cellen onderdrukt).") % {"rows": len(rows), "replaced": replaced})


RESEARCH_EXPORT = jobs.register(
    "monitoring.research_export", task=export_study,
    title=gettext_lazy("Onderzoeksexport"), permission="monitoring.export_research",
)

# The CBS half-year delivery's task lives in its own module; imported here so ``jobs.kind_of``
# (which discovers the apps' ``tasks`` modules) finds its kind.
from .cbs_tasks import CBS_DELIVERY  # noqa: E402,F401
from .report_tasks import DASHBOARD_REPORT  # noqa: E402,F401
