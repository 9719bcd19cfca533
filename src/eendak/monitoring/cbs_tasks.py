"""The CBS half-year delivery as long work (``eendak.core.jobs``), and its two services: start it and
download each of its files once.

Started by ``start_delivery`` (permission, log entry, job and the ``CbsDelivery`` row, in one
transaction) and run here, in the worker: ``cbs.build`` counts the half-year (a fixed number of
queries, progress after each step), then the delivery CSV and the readable PDF are written to
temporary files of this attempt, made durable and renamed to their names (an atomic step: a retry
starts over and writes the same names again; no checkpoint is kept). The files are not the job's
result — the generic download would hand them over more than once — so the job finishes without a
file and the delivery's page (or the API) offers the one download of each.
"""

import hashlib
import os

from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eendak.audit import services as audit
from eendak.core import download_once, jobs
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import require

from . import cbs
from .events import CbsEvent, cbs_logged
from .models import CbsDelivery

PRODUCE = "monitoring.produce_cbs_delivery"
VIEW = "monitoring.view_cbs_delivery"
STEPS = 6  # cbs.build's four, the CSV, the PDF
FILES = {"csv": ("csv_file", "csv_downloaded_at", "text/csv; charset=utf-8"),
         "pdf": ("pdf_file", "pdf_downloaded_at", "application/pdf")}


def file_name(delivery: CbsDelivery, which: str) -> str:
    return f"cbs-{delivery.half_year}-{delivery.job_id}.{which}"


def _write(path, content: bytes) -> None:
    with open(path, "wb") as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())


def pdf_bytes(report: dict) -> bytes:
    from eendak.cases.pdf import render_pdf  # WeasyPrint: loaded only where a PDF is made

    return render_pdf("monitoring/cbs_pdf.html", report_context(report))


def report_context(report: dict) -> dict:
    """What the page and the PDF show of a delivery's report."""
    checks = report.get("checks", [])
    return {"report": report, "tables": cbs.report_tables(report) if report else [],
            "areas": [report.get("region", "")] + [m["name"] for m in
                                                   report.get("municipalities", [])],
            "errors": [c for c in checks if c["is_error"]],
            "explained": [c for c in checks if not c["is_error"]]}


@task()
def deliver(job_id: int, attempt: int) -> None:
    jobs.run(job_id, attempt, _deliver)


def _deliver(run: jobs.Run) -> None:
    delivery = CbsDelivery.objects.get(job_id=run.job.pk)
    year, half = delivery.half_year.split("-H")
    half_year = cbs.HalfYear(int(year), int(half))

    def tell(step, _total, message):
        run.progress(step, total=STEPS, message=message)

    report = cbs.build(half_year, progress=tell).as_json()
    root = jobs.export_root()
    names = {}
    for step, (which, make) in enumerate((("csv", cbs.csv_bytes), ("pdf", pdf_bytes)), start=5):
        content = make(report)
        if which == "csv":
            digest = hashlib.sha256(content).hexdigest()
        names[which] = file_name(delivery, which)
        temporary = root / f"{names[which]}-poging-{run.attempt}.tmp"
        _write(temporary, content)
        os.replace(temporary, root / names[which])
        run.progress(step, total=STEPS, message=_("Bestand %(which)s geschreven.") % {
            "which": which.upper()})
    for stale in root.glob(f"cbs-{delivery.half_year}-{delivery.job_id}.*-poging-*.tmp"):
        stale.unlink(missing_ok=True)
    CbsDelivery.objects.filter(pk=delivery.pk, ready_at__isnull=True).update(
        report=report, csv_file=names["csv"], pdf_file=names["pdf"], csv_sha256=digest,
        ready_at=timezone.now())
    errors = sum(1 for check in report["checks"] if check["is_error"])
    run.finish(personal=False, message=_(
        "De levering %(half)s is klaar: %(checks)s controles, waarvan %(errors)s om na te kijken. "
        "Het bestand en het verslag kunnen elk één keer worden gedownload.") % {
        "half": delivery.half_year, "checks": len(report["checks"]), "errors": errors})


CBS_DELIVERY = jobs.register(
    "monitoring.cbs_delivery", task=deliver,
    title=gettext_lazy("CBS-levering per halfjaar"), permission=PRODUCE,
)


# --- The services (a request: the screens and the API) -------------------------------------------


@audit.atomic
def start_delivery(actor: Actor, half_year: str, *, back_url: str = "") -> CbsDelivery:
    """The analyst starts the delivery of a half-year that has begun (long work)."""
    require(actor, PRODUCE)
    chosen = cbs.parse_half_year(half_year)
    job = jobs.start(actor, CBS_DELIVERY, params={"half_year": chosen.label},
                     description=_("CBS-levering %(half)s") % {"half": chosen.label},
                     total=STEPS, back_url=back_url)
    delivery = CbsDelivery.objects.create(half_year=chosen.label, job=job, requested_by=actor.user)
    cbs_logged(actor, CbsEvent.DELIVERY_STARTED, delivery, detail=chosen.label)
    return delivery


def download(actor: Actor, delivery: CbsDelivery, which: str):
    """The one download of the delivery's CSV (``which="csv"``) or PDF: an open file, its name and
    content type. Logged as an export; the file is removed at once."""
    require(actor, PRODUCE, delivery)
    if which not in FILES:
        raise RuleViolation(_("Kies het bestand (csv) of het verslag (pdf)."), field="which")
    name_field, taken_field, content_type = FILES[which]
    handle, delivery = download_once.take(
        CbsDelivery.objects, delivery.pk, file_field=name_field, taken_field=taken_field,
        words=download_once.Words(
            already=_("Dit bestand is al gedownload: elk bestand van een levering kan één keer "
                      "worden gedownload. Start zo nodig een nieuwe levering."),
            not_ready=_("Deze levering is nog niet klaar."),
            gone=_("Het bestand van deze levering is er niet meer. Start een nieuwe levering.")),
        log=lambda taken: cbs_logged(
            actor, CbsEvent.DELIVERY_DOWNLOADED, taken,
            detail=f"{taken.half_year} {which}"
                   + (f", sha256 {taken.csv_sha256}" if which == "csv" else "")))
    return handle, f"cbs-levering-{delivery.half_year}-{delivery.pk}.{which}", content_type


def deliveries_of(user, limit: int = 10) -> list[CbsDelivery]:
    """The user's own deliveries, newest first, with their job's presentation."""
    found = list(CbsDelivery.objects.filter(requested_by=user).select_related("job")[:limit])
    for delivery in found:
        delivery.progress = jobs.presentation(delivery.job)
    return found


def delivery(pk) -> CbsDelivery | None:
    return CbsDelivery.objects.select_related("job").filter(pk=pk).first()
