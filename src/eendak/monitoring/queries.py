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
from eendak.core.disclosure import publish_count
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
