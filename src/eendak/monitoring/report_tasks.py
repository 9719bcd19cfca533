"""The dashboards as a PDF report (issue 12): every chart with its table, for the region or one
municipality over the half-years asked for, made as long work (``eendak.core.jobs``) and downloaded
once.

Who may: exactly who sees the dashboards, with the same scope rule (``dashboards.scope``): the
analyst the region or any municipality, a municipal policy officer their own municipality only —
another one is the logged 404. The report is its starter's (``core.view_job`` on its job: same user,
same membership, still allowed to see the dashboards).

What is in it: the read model of the screen (``dashboards.dashboard``), so a count below 5 is "<5"
and an unpublished share "–" exactly as on the page, and each chart is the server-drawn SVG of
``charts.py`` (which does not draw what the table does not publish), inlined in the HTML WeasyPrint
lays out — nothing is fetched (``cases.pdf``).

Run in the worker: the read model (one step), one chart per table (a step each), then the PDF,
written to a temporary file of this attempt, made durable and renamed to its one name (an atomic
step: a retry starts over and writes the same name; no checkpoint is kept). As with the CBS
delivery, the file is not the job's result — the generic download would hand it over more than
once — so the job finishes without a file and the report's page offers the one download, logged as
an export (``dashboard.report_downloaded``); the file is removed at once.
"""

import os

from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.core import download_once, jobs
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import require

from . import charts, dashboards
from .events import ReportEvent
from .models import DashboardReport

PERMISSION = dashboards.PERMISSION
MAKE = "monitoring.make_dashboard_report"  # start it, download it once (the API asks it too)
STEPS = 2 + len(dashboards.TABLE_KEYS)  # the read model, a chart per table, the PDF


def _detail(report: DashboardReport) -> str:
    scope = (f"gemeente={report.municipality.cbs_code}" if report.municipality_id else "regio")
    return f"rapport pdf {scope} halfjaren={report.first}..{report.last}"[:255]


def file_name(report: DashboardReport) -> str:
    return f"dashboardrapport-{report.pk}-{report.job_id}.pdf"


def _svg(table) -> str:
    """The chart as inline SVG for the PDF (without an XML declaration)."""
    text = charts.svg(table, subtitle="")
    if text.startswith("<?xml"):
        text = text.split("?>", 1)[1]
    return text


def pdf_context(board: dashboards.Dashboard, chart_svgs: list[str]) -> dict:
    from django.utils.safestring import mark_safe  # the SVG is vl-convert's: its texts escaped

    sections = [{"table": table, "chart": mark_safe(svg),  # noqa: S308
                 "rows": table.display_rows()}
                for table, svg in zip(board.tables, chart_svgs, strict=True)]
    return {"board": board, "sections": sections}


@task()
def make_report(job_id: int, attempt: int) -> None:
    jobs.run(job_id, attempt, _make_report)


def _make_report(run: jobs.Run) -> None:
    from eendak.cases.pdf import render_pdf  # WeasyPrint: loaded only where a PDF is made

    report = DashboardReport.objects.get(job_id=run.job.pk)
    board = dashboards.dashboard(run.actor, municipality_id=report.municipality_id,
                                 first=report.first, last=report.last)
    run.progress(1, total=STEPS, message=_("Cijfers geteld."))
    chart_svgs = []
    for step, table in enumerate(board.tables, start=2):
        chart_svgs.append(_svg(table))
        run.progress(step, total=STEPS, message=_("Grafiek %(title)s getekend.") % {
            "title": table.title})
    content = render_pdf("monitoring/dashboard_pdf.html", pdf_context(board, chart_svgs))
    root = jobs.export_root()
    name = file_name(report)
    temporary = root / f"{name}-poging-{run.attempt}.tmp"
    with open(temporary, "wb") as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, root / name)
    for stale in root.glob(f"{name}-poging-*.tmp"):
        stale.unlink(missing_ok=True)
    run.progress(STEPS, total=STEPS, message=_("Rapport geschreven."))
    DashboardReport.objects.filter(pk=report.pk, ready_at__isnull=True).update(
        file_name=name, ready_at=timezone.now())
    run.finish(personal=False, message=_(
        "Het rapport is klaar: %(n)s grafieken met hun tabellen. Het kan één keer worden "
        "gedownload.") % {"n": len(board.tables)})


DASHBOARD_REPORT = jobs.register(
    "monitoring.dashboard_report", task=make_report,
    title=gettext_lazy("Dashboards als PDF-rapport"), permission=PERMISSION,
)


# --- The services (a request) ---------------------------------------------------------------------


@audit.atomic
def start_report(actor: Actor, *, municipality_id=None, first: str = "", last: str = "",
                 back_url: str = "") -> DashboardReport:
    """Start the PDF report of the dashboards for the municipality asked for (a policy officer:
    their own; another one is ``NotPermitted``, the logged 404) and the half-years asked for (a
    period that cannot be read is a ``RuleViolation`` at its field)."""
    require(actor, MAKE)
    municipality = dashboards.scope(actor, municipality_id)
    try:
        chosen = dashboards.period(first, last)
    except dashboards.PeriodError as error:
        raise RuleViolation(error.message, field="vanaf" if error.field == "from" else "tot") from None
    scope_label = municipality.name if municipality else _("Regio Hart van Brabant")
    job = jobs.start(actor, DASHBOARD_REPORT,
                     params={"municipality": municipality.pk if municipality else None,
                             "first": chosen.first.key, "last": chosen.last.key},
                     description=_("Dashboardrapport %(scope)s, %(first)s – %(last)s") % {
                         "scope": scope_label, "first": chosen.first.key,
                         "last": chosen.last.key},
                     total=STEPS, back_url=back_url)
    report = DashboardReport.objects.create(job=job, requested_by=actor.user,
                                            municipality=municipality, first=chosen.first.key,
                                            last=chosen.last.key)
    audit.log_access(actor, event=ReportEvent.STARTED, action=Action.EXPORT, obj=municipality,
                     detail=_detail(report))
    return report


def check(actor: Actor, report: DashboardReport) -> None:
    """The report is its starter's, and still within what they may see (``dashboards.scope``)."""
    require(actor, "core.view_job", report.job)
    dashboards.scope(actor, report.municipality_id)


def download(actor: Actor, report: DashboardReport):
    """The one download of the report: an open file and its name. Logged as an export; the file is
    removed at once. A second download is a ``RuleViolation`` in Dutch."""
    check(actor, report)
    # ``download_once`` locks the report's own row only: PostgreSQL refuses FOR UPDATE on the
    # nullable side of the outer join to a municipality (the region's report has none).
    handle, report = download_once.take(
        DashboardReport.objects.select_related("municipality"), report.pk,
        file_field="file_name", taken_field="downloaded_at",
        words=download_once.Words(
            already=_("Dit rapport is al gedownload: een rapport kan één keer worden gedownload. "
                      "Maak zo nodig een nieuw rapport."),
            not_ready=_("Dit rapport is nog niet klaar."),
            gone=_("Het bestand van dit rapport is er niet meer. Maak een nieuw rapport.")),
        log=lambda taken: audit.log_access(actor, event=ReportEvent.DOWNLOADED,
                                           action=Action.EXPORT, obj=taken.municipality,
                                           detail=_detail(taken)))
    scope = report.municipality.name if report.municipality_id else "regio"
    from django.utils.text import slugify

    return handle, f"eendak-dashboards-{slugify(scope)}-{report.first}-{report.last}.pdf"


def report_of(pk) -> DashboardReport | None:
    return (DashboardReport.objects.select_related("job", "municipality").filter(pk=pk).first())
