"""Case figures per municipality, published the way CBS publishes Veilig Thuis figures.

Small numbers identify people: in a municipality of 25,000 inhabitants "2 closed cases" can point at a
family the neighbours know. So every published count is rounded to a multiple of 5 and any count
below 5 is shown as "<5". The raw counts never leave this module: ``cases_per_municipality`` returns
published strings only, so a template cannot show an exact figure by accident.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from eendak.cases.models import Case, CaseStatus
from eendak.core import exports
from eendak.core.disclosure import SUPPRESSED, publish_count
from eendak.core.models import Municipality


@dataclass(frozen=True)
class MunicipalityFigures:
    municipality: str
    cbs_code: str
    open_cases: str
    closed_cases: str


@dataclass(frozen=True)
class CaseFigures:
    rows: list[MunicipalityFigures]
    total: MunicipalityFigures
    computed_at: object


def cases_per_municipality() -> CaseFigures:
    """Open and closed cases per municipality of the household, every municipality listed.

    One grouped query over cases; municipalities without cases still get a row (shown as "<5"), so
    the absence of a row cannot tell anything either. The total is rounded on its own from the raw
    total, never summed from rounded cells.
    """
    counts = {
        row["household__municipality"]: row
        for row in Case.objects.values("household__municipality").annotate(
            open_cases=Count("id", filter=Q(status=CaseStatus.OPEN)),
            closed_cases=Count("id", filter=Q(status=CaseStatus.CLOSED)),
        )
    }
    rows = []
    total_open = total_closed = 0
    for municipality in Municipality.objects.order_by("name"):
        raw = counts.get(municipality.pk, {})
        open_cases = raw.get("open_cases", 0)
        closed_cases = raw.get("closed_cases", 0)
        total_open += open_cases
        total_closed += closed_cases
        rows.append(MunicipalityFigures(municipality.name, municipality.cbs_code,
                                        publish_count(open_cases), publish_count(closed_cases)))
    total = MunicipalityFigures("", "", publish_count(total_open), publish_count(total_closed))
    return CaseFigures(rows=rows, total=total, computed_at=timezone.now())


@exports.source("monitoring.view_statistics")
def statistics_table(user) -> exports.Table:
    """/cijfers/ as a file: the published figures of ``cases_per_municipality`` (rounded, "<5"
    below 5), every municipality and the region's total, exactly as the page shows them. Counts
    only: no person is named."""
    figures = cases_per_municipality()
    rows = [[row.municipality, row.cbs_code, row.open_cases, row.closed_cases]
            for row in figures.rows]
    rows.append([_("Totaal regio"), "", figures.total.open_cases, figures.total.closed_cases])
    return exports.Table(
        title=_("Casussen per gemeente"), name="casussen-per-gemeente",
        columns=[exports.Column("municipality", _("Gemeente")),
                 exports.Column("cbs_code", _("CBS-code")),
                 exports.Column("open_cases", _("Open casussen"), exports.COUNT),
                 exports.Column("closed_cases", _("Gesloten casussen"), exports.COUNT)],
        rows=rows, detail="gepubliceerde aantallen")


def offer_demand_rows(municipality_id: int | None = None) -> list[dict]:
    """"Vraag en aanbod hulp" as its page shows it: per offer of the sociale kaart the plan actions
    waiting for it (``cases.queries.offer_demand``), published as every figure is (core.disclosure:
    the count rounded, "<5" below 5; the median and the comparison with capacity only over 5 or
    more waiting actions), the most waited for first."""
    from eendak.cases.queries import offer_demand
    from eendak.catalogue.models import OfferKind

    from .dashboards import published_offer_demand

    rows = []
    for raw in offer_demand(municipality_id=municipality_id):
        row = {"offer": raw["offer"], "capacity": raw["capacity"],
               "waiting_weeks": raw["waiting_weeks"], **published_offer_demand(raw)}
        row["kind"] = (OfferKind(row["offer"].kind).label if row["offer"].kind in OfferKind.values
                       else "")
        rows.append(row)
    rows.sort(key=lambda r: (-(0 if r["waiting"] == SUPPRESSED else int(r["waiting"])),
                             r["offer"].title))
    return rows


def _demand_text(row) -> str:
    if row["exceeds"]:
        return _("Vraag groter dan capaciteit")
    if row["capacity"] is None:
        return _("capaciteit niet opgegeven")
    if row["exceeds"] is None:
        return _("minder dan 5 wachtend: niet gepubliceerd")
    return _("Binnen de capaciteit")


@exports.source("catalogue.view_demand")
def offer_demand_table(user, *, municipality_id: int | None = None) -> exports.Table:
    """"Vraag en aanbod hulp" as a file: the published rows of ``offer_demand_rows`` (for the
    municipality chosen on the page, or the region), exactly as the page shows them. No person."""
    name = (Municipality.objects.filter(pk=municipality_id).values_list("name", flat=True).first()
            if municipality_id else None)
    return exports.Table(
        title=_("Vraag en aanbod hulp"), name="vraag-en-aanbod-hulp",
        detail=" ".join(filter(None, [f"gemeente={municipality_id}" if municipality_id else "",
                                      "gepubliceerde aantallen"])),
        sheet=name or "",
        columns=[exports.Column("offer", _("Aanbod")), exports.Column("provider", _("Aanbieder")),
                 exports.Column("kind", _("Soort hulp")),
                 exports.Column("waiting", _("Acties die wachten"), exports.COUNT),
                 exports.Column("median", _("Mediaan dagen wachten"), exports.NUMBER,
                                lambda value: f"{value:g}".replace(".", ",")),
                 exports.Column("capacity", _("Capaciteit"), exports.COUNT),
                 exports.Column("waiting_weeks", _("Wachttijd aanbieder (weken)"),
                                exports.NUMBER),
                 exports.Column("demand", _("Vraag en aanbod"))],
        rows=[[row["offer"].title, row["offer"].provider.name, str(row["kind"]), row["waiting"],
               row["median_days_waiting"], row["capacity"], row["waiting_weeks"],
               _demand_text(row)] for row in offer_demand_rows(municipality_id)])
