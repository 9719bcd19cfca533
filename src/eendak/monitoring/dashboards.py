"""The dashboards' read model (/cijfers/dashboard/, its downloads and /api/v1/dashboards/): one
table per chart, published once, for the screen, the chart, the CSV, the XLSX and the JSON alike.

Who sees which municipality is decided here, not in a template: ``dashboard(who, municipality)``
requires ``monitoring.view_dashboards`` on the municipality asked for, and a municipal policy officer
is bound to the municipality of their organisation (``permissions.dashboard_municipality_id``) — the
region is never theirs, another municipality is a logged 404.

Small numbers identify people (``core.disclosure``): a count leaves this module only as
``publish_count``'s string ("<5", or rounded to 5), a share or a median only when its base is
``publishable`` (otherwise None). The raw counts never leave it, so no output can show one by
accident. Every figure is computed in the database with grouped queries: the number of queries does
not grow with the data (``tests/test_query_counts.py``).

Over the national data set those queries and the charts take seconds, so the dashboards answer from
an aggregate table: the published read model of each scope, period and language is stored
(``models.DashboardSnapshot``) and refreshed in the background (``dashboard_tasks``, every
``EENDAK_DASHBOARD_REFRESH_MINUTES``); a page finds it with one query. A snapshot missing or older
than ``EENDAK_DASHBOARD_MAX_AGE_MINUTES`` (no worker running) is computed on the spot and stored,
so the figures are never older than that. The permission is asked before any snapshot is read.
"""

import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Case as When_
from django.db.models import Count, F, IntegerField, Q, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from eendak.acute import queries as acute_queries
from eendak.cases.models import CaseStatus, Participation
from eendak.cases.queries import offer_demand
from eendak.catalogue.models import Offer, OfferKind
from eendak.conferences.models import AgendaItem, Referral
from eendak.conferences.workflow import ConferenceStatus
from eendak.core.disclosure import SUPPRESSED, publish_count, publishable
from eendak.core.models import Membership, Municipality
from eendak.core.permissions import allowed, refusal, require, subject_of
from eendak.core.roles import OrganisationType, Role
from eendak.intake.models import AdviceRequest, Investigation, Report

from .models import DashboardSnapshot
from .permissions import dashboard_municipality_id

PERMISSION = "monitoring.view_dashboards"
DEFAULT_HALF_YEARS = 4
MAX_HALF_YEARS = 10


# --- Half-years ----------------------------------------------------------------------------------


class PeriodError(ValueError):
    """A half-year parameter that cannot be read, or a period the wrong way round (Dutch message)."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message = message
        self.field = field


HALF_YEAR_PATTERN = re.compile(r"^(\d{4})-H([12])$")


@dataclass(frozen=True, order=True)
class HalfYear:
    year: int
    half: int

    @classmethod
    def of(cls, day: date) -> "HalfYear":
        return cls(day.year, 1 if day.month <= 6 else 2)

    @classmethod
    def parse(cls, text: str, field: str) -> "HalfYear":
        match = HALF_YEAR_PATTERN.match(text.strip())
        if not match or not 2000 <= int(match.group(1)) <= 2100:
            raise PeriodError(_("Geef een halfjaar als jaar-H1 of jaar-H2, bijvoorbeeld 2025-H2."),
                              field)
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def key(self) -> str:
        return f"{self.year}-H{self.half}"

    @property
    def label(self) -> str:
        return _("%(year)s %(half)se halfjaar") % {"year": self.year, "half": self.half}

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    def next(self) -> "HalfYear":
        return HalfYear(self.year, 2) if self.half == 1 else HalfYear(self.year + 1, 1)

    def previous(self) -> "HalfYear":
        return HalfYear(self.year, 1) if self.half == 2 else HalfYear(self.year - 1, 2)


@dataclass(frozen=True)
class Period:
    half_years: tuple[HalfYear, ...]

    @property
    def first(self) -> HalfYear:
        return self.half_years[0]

    @property
    def last(self) -> HalfYear:
        return self.half_years[-1]

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes in the local time zone."""
        tz = timezone.get_current_timezone()
        return (timezone.make_aware(datetime.combine(self.first.start, time.min), tz),
                timezone.make_aware(datetime.combine(self.last.next().start, time.min), tz))


def period(first: str = "", last: str = "", *, today: date | None = None) -> Period:
    """The half-years from ``first`` to ``last`` (both ``2025-H1``, inclusive); by default the last
    four up to the current one. Raises ``PeriodError`` with a Dutch message."""
    today = today or timezone.localdate()
    end = HalfYear.parse(last, "to") if last else HalfYear.of(today)
    if first:
        start = HalfYear.parse(first, "from")
    else:
        start = end
        for _n in range(DEFAULT_HALF_YEARS - 1):
            start = start.previous()
    if start > end:
        raise PeriodError(_("Het eerste halfjaar ligt na het laatste."), "from")
    half_years = [start]
    while half_years[-1] < end:
        half_years.append(half_years[-1].next())
    if len(half_years) > MAX_HALF_YEARS:
        raise PeriodError(_("Kies hoogstens %(n)s halfjaren.") % {"n": MAX_HALF_YEARS}, "from")
    return Period(tuple(half_years))


def _half_year_annotations(field_name: str) -> dict:
    """``year`` and ``half`` of a date or datetime field, computed in the database (local time)."""
    return {
        "y": ExtractYear(field_name),
        "h": When_(When(**{f"{field_name}__month__lte": 6}, then=Value(1)), default=Value(2),
                   output_field=IntegerField()),
    }


# --- Tables --------------------------------------------------------------------------------------

TEXT, COUNT, SHARE, NUMBER = "text", "count", "share", "number"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT  # text; count (a published string); share (percent or None); number (or None)


@dataclass(frozen=True)
class ChartSpec:
    """What ``charts.py`` draws from a table: ``x`` against the ``series`` columns (a legend entry
    each), optionally split by the ``colour`` column, as lines or bars."""

    mark: str  # "line" | "bar" | "hbar"
    x: str
    series: tuple[str, ...]
    y_title: str
    colour: str = ""


@dataclass
class Table:
    key: str
    title: str
    description: str
    columns: list[Column]
    rows: list[dict]
    chart: ChartSpec
    notes: list[str] = field(default_factory=list)

    def cells(self, row: dict) -> list:
        return [row[c.key] for c in self.columns]

    def display_rows(self) -> list[list[str]]:
        """The rows as the screen, CSV and XLSX show them: None is not published ("–")."""
        return [[display(row[c.key], c.kind) for c in self.columns] for row in self.rows]


def display(value, kind: str) -> str:
    if value is None:
        return "–"
    if kind == SHARE:
        return f"{value}%"
    return str(value)


def numeric(value, kind: str):
    """The number a chart may draw: a suppressed count or an unpublished share is not drawn."""
    if value is None or value == SUPPRESSED:
        return None
    if kind == COUNT:
        return int(value)
    return value


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if publishable(whole) else None


@dataclass
class Dashboard:
    municipality: Municipality | None  # None: the region
    period: Period
    tables: list[Table]
    computed_at: datetime

    @property
    def scope_label(self) -> str:
        return self.municipality.name if self.municipality else _("Regio Hart van Brabant")

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


TABLE_KEYS = ("trends", "termijnen", "caseload", "veiligheidsteam", "spoedplein", "sociale-kaart")


def scope(who, municipality_id=None) -> Municipality | None:
    """The municipality ``who`` asks for, after the permission: a policy officer asking for the
    region gets their own municipality; asking for another one is refused (``NotPermitted``, a
    logged 404), exactly like a municipality that does not exist. None: the region (the analyst)."""
    subject = subject_of(who)
    if municipality_id is None:
        municipality_id = dashboard_municipality_id(subject)
    if municipality_id is None:
        require(subject, PERMISSION)
        return None
    municipality = Municipality.objects.filter(pk=municipality_id).first()
    if municipality is None or not allowed(subject, PERMISSION, municipality):
        raise refusal(PERMISSION, municipality)
    return municipality


def dashboard(who, *, municipality_id=None, first: str = "", last: str = "", only: str = "",
              today: date | None = None) -> Dashboard:
    """Every table (or ``only`` the one named) for ``who`` over the municipality asked for (a policy
    officer: always their own) and the half-years asked for: the stored snapshot when it is fresh,
    otherwise computed now and stored. Raises ``NotPermitted`` (404) and ``PeriodError`` (400).

    ``today`` other than today (a test, a report "as of") computes without storing."""
    municipality = scope(who, municipality_id)
    if today is not None and today != timezone.localdate():
        chosen = period(first, last, today=today)
        board = compute(municipality, chosen, today)
    else:
        chosen = period(first, last)
        board = stored(municipality, chosen) or store(compute(municipality, chosen))
    if only:
        board = replace(board, tables=[t for t in board.tables if t.key == only])
    return board


def compute(municipality, chosen: Period, today: date | None = None) -> Dashboard:
    """The read model computed now from the domain's tables (grouped queries), for nobody in
    particular: the caller has asked the permission for ``municipality`` (``scope``)."""
    today = today or timezone.localdate()
    return Dashboard(municipality=municipality, period=chosen, computed_at=timezone.now(), tables=[
        trends(municipality, chosen),
        deadlines(municipality, chosen, today),
        caseload(municipality),
        safety_team(municipality, chosen),
        hospital(municipality, today),
        catalogue(municipality),
    ])


# --- The aggregate table: the published read model, stored ------------------------------------------


def _key(municipality, chosen: Period, language: str) -> str:
    place = f"gemeente-{municipality.pk}" if municipality else "regio"
    return f"{place}|{chosen.first.key}|{chosen.last.key}|{language}"


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def max_age() -> timedelta:
    return timedelta(minutes=settings.EENDAK_DASHBOARD_MAX_AGE_MINUTES)


def stored(municipality, chosen: Period) -> Dashboard | None:
    """The snapshot of this scope, period and language if it is younger than ``max_age()``."""
    snapshot = (DashboardSnapshot.objects
                .filter(key=_key(municipality, chosen, _language()),
                        computed_at__gt=timezone.now() - max_age())
                .only("computed_at", "tables").first())
    if snapshot is None:
        return None
    return Dashboard(municipality=municipality, period=chosen, computed_at=snapshot.computed_at,
                     tables=[_table_from_json(data) for data in snapshot.tables])


def store(board: Dashboard) -> Dashboard:
    """Keep ``board`` as the snapshot of its scope, period and language (one upsert: two requests
    computing the same snapshot at once both succeed, the later one wins)."""
    language = _language()
    DashboardSnapshot.objects.bulk_create(
        [DashboardSnapshot(key=_key(board.municipality, board.period, language),
                           municipality=board.municipality, first=board.period.first.key,
                           last=board.period.last.key, language=language,
                           computed_at=board.computed_at,
                           tables=[asdict(table) for table in board.tables])],
        update_conflicts=True, unique_fields=["key"], update_fields=["computed_at", "tables"])
    return board


def _table_from_json(data: dict) -> Table:
    return Table(key=data["key"], title=data["title"], description=data["description"],
                 columns=[Column(**column) for column in data["columns"]],
                 rows=data["rows"], chart=ChartSpec(**{**data["chart"],
                                                       "series": tuple(data["chart"]["series"])}),
                 notes=data["notes"])


def refresh(today: date | None = None) -> list[Dashboard]:
    """Compute again the default period's snapshot of the region and of every municipality a
    policy officer works for or someone looked at lately, in every language a snapshot was asked
    in; forget snapshots not computed for a week. What the background task does."""
    chosen = period(today=today)
    languages = {settings.LANGUAGE_CODE, *DashboardSnapshot.objects.values_list("language", flat=True)}
    wanted = set(Membership.objects.filter(role=Role.MUNICIPAL_POLICY_OFFICER, is_active=True)
                 .exclude(organisation__municipality=None)
                 .values_list("organisation__municipality_id", flat=True))
    wanted |= set(DashboardSnapshot.objects.filter(first=chosen.first.key, last=chosen.last.key)
                  .exclude(municipality=None).values_list("municipality_id", flat=True))
    municipalities = [None, *Municipality.objects.filter(pk__in=wanted).order_by("name")]
    DashboardSnapshot.objects.filter(computed_at__lt=timezone.now() - timedelta(days=7)).delete()
    boards = []
    for language in sorted(languages):
        with translation.override(language):
            for municipality in municipalities:
                boards.append(store(compute(municipality, chosen, today)))
    return boards


# --- The figures ---------------------------------------------------------------------------------


def _municipalities(municipality) -> list[Municipality]:
    return [municipality] if municipality else list(Municipality.objects.order_by("name"))


def _grouped(qs, date_field: str, municipality_field: str, chosen: Period, **counts) -> dict:
    start, end = chosen.bounds()
    rows = (qs.filter(**{f"{date_field}__gte": start, f"{date_field}__lt": end})
            .annotate(**_half_year_annotations(date_field))
            .values("y", "h", municipality_field).annotate(**counts))
    return {(r["y"], r["h"], r[municipality_field]): r for r in rows}


def trends(municipality, chosen: Period) -> Table:
    """Advice requests and reports per half-year and municipality (the CBS figures' first two)."""
    advice = AdviceRequest.objects.all()
    reports = Report.objects.all()
    if municipality:
        advice = advice.filter(municipality=municipality)
        reports = reports.filter(municipality=municipality)
    advice_counts = _grouped(advice, "received_at", "municipality_id", chosen, n=Count("id"))
    report_counts = _grouped(reports, "received_at", "municipality_id", chosen, n=Count("id"))
    rows = []
    for half in chosen.half_years:
        for m in _municipalities(municipality):
            key = (half.year, half.half, m.pk)
            rows.append({
                "half_year": half.label, "municipality": m.name,
                "advice": publish_count(advice_counts.get(key, {}).get("n", 0)),
                "reports": publish_count(report_counts.get(key, {}).get("n", 0)),
            })
    return Table(
        key="trends", title=_("Adviesvragen en meldingen per halfjaar"),
        description=_("Ontvangen adviesvragen en meldingen per halfjaar en gemeente van het gezin."),
        columns=[Column("half_year", _("Halfjaar"), TEXT), Column("municipality", _("Gemeente"), TEXT),
                 Column("advice", _("Adviesvragen")), Column("reports", _("Meldingen"))],
        rows=rows,
        chart=ChartSpec("line", "half_year", ("advice", "reports"), _("Aantal"),
                        colour="municipality"),
        notes=[_("Zonder gemeente vastgelegde adviesvragen en meldingen tellen niet mee per gemeente.")],
    )


def deadlines(municipality, chosen: Period, today: date) -> Table:
    """Per half-year: safety assessments within 5 working days of the report (on time, late, or
    still open past the deadline = late) and investigations within 10 weeks of their start."""
    now = timezone.now()
    reports = Report.objects.all()
    investigations = Investigation.objects.all()
    if municipality:
        reports = reports.filter(municipality=municipality)
        investigations = investigations.filter(report__municipality=municipality)
    assessed_on_time = Q(assessment__isnull=False,
                         assessment__assessed_at__lte=F("assessment_due_at"))
    assessed_late = (Q(assessment__isnull=False, assessment__assessed_at__gt=F("assessment_due_at"))
                     | Q(assessment__isnull=True, assessment_due_at__lt=now))
    start, end = chosen.bounds()
    a_rows = {(r["y"], r["h"]): r for r in (
        reports.filter(received_at__gte=start, received_at__lt=end)
        .annotate(**_half_year_annotations("received_at")).values("y", "h")
        .annotate(on_time=Count("id", filter=assessed_on_time),
                  late=Count("id", filter=assessed_late)))}
    done_on_time = Q(completed_on__isnull=False, completed_on__lte=F("due_on"))
    done_late = (Q(completed_on__isnull=False, completed_on__gt=F("due_on"))
                 | Q(completed_on__isnull=True, due_on__lt=today))
    i_rows = {(r["y"], r["h"]): r for r in (
        investigations.filter(started_on__gte=chosen.first.start,
                              started_on__lt=chosen.last.next().start)
        .annotate(**_half_year_annotations("started_on")).values("y", "h")
        .annotate(on_time=Count("id", filter=done_on_time), late=Count("id", filter=done_late)))}
    rows = []
    for half in chosen.half_years:
        a = a_rows.get((half.year, half.half), {})
        i = i_rows.get((half.year, half.half), {})
        a_on, a_late = a.get("on_time", 0), a.get("late", 0)
        i_on, i_late = i.get("on_time", 0), i.get("late", 0)
        rows.append({
            "half_year": half.label,
            "assessment_on_time": publish_count(a_on), "assessment_late": publish_count(a_late),
            "assessment_share": _share(a_on, a_on + a_late),
            "investigation_on_time": publish_count(i_on),
            "investigation_late": publish_count(i_late),
            "investigation_share": _share(i_on, i_on + i_late),
        })
    return Table(
        key="termijnen", title=_("Termijnen gehaald"),
        description=_("Veiligheidsbeoordeling binnen 5 werkdagen na de melding (per halfjaar van "
                      "ontvangst) en onderzoek binnen 10 weken (per halfjaar van de start). Nog "
                      "niet afgerond en de termijn verstreken telt als te laat."),
        columns=[Column("half_year", _("Halfjaar"), TEXT),
                 Column("assessment_on_time", _("Beoordeling op tijd")),
                 Column("assessment_late", _("Beoordeling te laat")),
                 Column("assessment_share", _("Beoordeling op tijd (%)"), SHARE),
                 Column("investigation_on_time", _("Onderzoek op tijd")),
                 Column("investigation_late", _("Onderzoek te laat")),
                 Column("investigation_share", _("Onderzoek op tijd (%)"), SHARE)],
        rows=rows,
        chart=ChartSpec("line", "half_year", ("assessment_share", "investigation_share"),
                        _("Op tijd (%)")),
        notes=[_("Een aandeel over minder dan 5 wordt niet getoond.")],
    )


def caseload(municipality) -> Table:
    """Open cases per organisation taking part in them (an open participation), now."""
    qs = Participation.objects.filter(ended_at__isnull=True, case__status=CaseStatus.OPEN)
    if municipality:
        qs = qs.filter(case__household__municipality=municipality)
    counts = (qs.values("organisation__name", "organisation__type")
              .annotate(n=Count("case_id", distinct=True)).order_by("-n", "organisation__name"))
    rows = [{"organisation": r["organisation__name"],
             "type": str(OrganisationType(r["organisation__type"]).label)
             if r["organisation__type"] in OrganisationType.values else "",
             "open_cases": publish_count(r["n"])} for r in counts]
    return Table(
        key="caseload", title=_("Caseload per organisatie"),
        description=_("Open casussen waarin de organisatie nu deelneemt (een lopende deelname)."),
        columns=[Column("organisation", _("Organisatie"), TEXT), Column("type", _("Soort"), TEXT),
                 Column("open_cases", _("Open casussen"))],
        rows=rows, chart=ChartSpec("hbar", "organisation", ("open_cases",), _("Open casussen")),
    )


def safety_team(municipality, chosen: Period) -> Table:
    """The Veiligheidsteam per half-year: referrals (registered by Veilig Thuis), accepted at
    triage, case conferences held and families discussed in them."""
    referrals = Referral.objects.all()
    items = AgendaItem.objects.filter(conference__status=ConferenceStatus.HELD)
    if municipality:
        referrals = referrals.filter(case__household__municipality=municipality)
        items = items.filter(referral__case__household__municipality=municipality)
    start, end = chosen.bounds()
    referred = {(r["y"], r["h"]): r["n"] for r in (
        referrals.filter(referred_at__gte=start, referred_at__lt=end)
        .annotate(**_half_year_annotations("referred_at")).values("y", "h").annotate(n=Count("id")))}
    accepted = {(r["y"], r["h"]): r["n"] for r in (
        referrals.filter(accepted_on__gte=chosen.first.start,
                         accepted_on__lt=chosen.last.next().start)
        .annotate(**_half_year_annotations("accepted_on")).values("y", "h").annotate(n=Count("id")))}
    held = {(r["y"], r["h"]): r for r in (
        items.filter(conference__starts_at__gte=start, conference__starts_at__lt=end)
        .annotate(**_half_year_annotations("conference__starts_at")).values("y", "h")
        .annotate(conferences=Count("conference_id", distinct=True),
                  families=Count("referral_id", distinct=True)))}
    rows = []
    for half in chosen.half_years:
        key = (half.year, half.half)
        rows.append({
            "half_year": half.label, "referred": publish_count(referred.get(key, 0)),
            "accepted": publish_count(accepted.get(key, 0)),
            "conferences": publish_count(held.get(key, {}).get("conferences", 0)),
            "families": publish_count(held.get(key, {}).get("families", 0)),
        })
    return Table(
        key="veiligheidsteam", title=_("Veiligheidsteam"),
        description=_("Aanmeldingen door Veilig Thuis, acceptaties in de triage, gehouden "
                      "casusoverleggen en de gezinnen die daarin besproken zijn, per halfjaar."),
        columns=[Column("half_year", _("Halfjaar"), TEXT), Column("referred", _("Aangemeld")),
                 Column("accepted", _("Geaccepteerd")),
                 Column("conferences", _("Casusoverleggen gehouden")),
                 Column("families", _("Gezinnen besproken"))],
        rows=rows,
        chart=ChartSpec("bar", "half_year", ("referred", "accepted", "conferences"), _("Aantal")),
    )


def hospital(municipality, today: date) -> Table:
    """The Spoedplein's figures per month, as ``acute.queries.published_figures`` publishes them for
    the analyst (and, for a policy officer, over the patients of their municipality)."""
    months = acute_queries.published_figures(
        months=12, today=today, municipality_id=municipality.pk if municipality else None)
    rows = [{"month": m.month, "presentations": m.presentations,
             "willing_share": m.willing_share, "reported_share": m.reported_share,
             "follow_up_share": m.follow_up_share,
             "median_hours_to_forensic": m.median_hours_to_forensic} for m in reversed(months)]
    return Table(
        key="spoedplein", title=_("Spoedplein (acute zorgroute)"),
        description=_("Presentaties per maand van aankomst (laatste 12 maanden), bereidheid tot "
                      "aangifte, aangifte gedaan, nazorg gestart en de mediane tijd tot het "
                      "forensisch-medisch onderzoek."),
        columns=[Column("month", _("Maand"), TEXT), Column("presentations", _("Presentaties")),
                 Column("willing_share", _("Bereid tot aangifte (%)"), SHARE),
                 Column("reported_share", _("Aangifte gedaan (%)"), SHARE),
                 Column("follow_up_share", _("Nazorg gestart (%)"), SHARE),
                 Column("median_hours_to_forensic", _("Mediaan uren tot forensisch onderzoek"),
                        NUMBER)],
        rows=rows, chart=ChartSpec("bar", "month", ("presentations",), _("Presentaties")),
        notes=[_("Maanden zonder presentaties staan er niet in.")],
    )


def catalogue(municipality) -> Table:
    """The help catalogue: per active offer (for the municipality: offered there) the waiting time
    its provider gives (public, exact), beside the plan actions waiting for it (published) and the
    median days they wait (only over 5 or more); 'vraag groter dan aanbod' only where published."""
    offers = Offer.objects.filter(is_active=True).select_related("provider")
    if municipality:
        offers = offers.filter(municipalities=municipality)
    demand = {row["offer"].pk: row for row in offer_demand(
        municipality_id=municipality.pk if municipality else None)}
    rows = []
    for offer in offers.order_by("-waiting_weeks", "title"):
        published_demand = published_offer_demand(demand.get(offer.pk))
        if published_demand["exceeds"] is not None:
            published_demand["exceeds"] = _("ja") if published_demand["exceeds"] else _("nee")
        rows.append({
            "offer": offer.title, "provider": offer.provider.name,
            "kind": str(OfferKind(offer.kind).label) if offer.kind in OfferKind.values else "",
            "waiting_weeks": offer.waiting_weeks, "capacity": offer.capacity,
            **published_demand,
        })
    return Table(
        key="sociale-kaart", title=_("Sociale kaart: wachttijden en vraag"),
        description=_("Per actief hulpaanbod de wachttijd die de aanbieder opgeeft en de acties in "
                      "lopende plannen die erop wachten."),
        columns=[Column("offer", _("Aanbod"), TEXT), Column("provider", _("Aanbieder"), TEXT),
                 Column("kind", _("Soort hulp"), TEXT),
                 Column("waiting_weeks", _("Wachttijd (weken)"), NUMBER),
                 Column("capacity", _("Capaciteit"), NUMBER),
                 Column("waiting", _("Wachtende acties")),
                 Column("median_days_waiting", _("Mediaan dagen wachtend"), NUMBER),
                 Column("exceeds", _("Vraag groter dan aanbod"), TEXT)],
        rows=rows, chart=ChartSpec("hbar", "offer", ("waiting_weeks",), _("Wachttijd (weken)")),
        notes=[_("Wachtende acties onder 5 staan als <5; een mediaan of 'vraag groter dan "
                 "aanbod' over minder dan 5 wordt niet getoond.")],
    )


def published_offer_demand(row: dict | None) -> dict:
    """One offer's demand (a row of ``cases.queries.offer_demand``) as it may be published: the
    count through ``publish_count``, the median and the comparison with capacity only over 5 or
    more waiting actions (a comparison with a small capacity would give the count away)."""
    waiting = row["waiting"] if row else 0
    if not publishable(waiting):
        return {"waiting": publish_count(waiting), "median_days_waiting": None, "exceeds": None}
    return {"waiting": publish_count(waiting),
            "median_days_waiting": (round(row["median_days_waiting"], 1)
                                    if row["median_days_waiting"] is not None else None),
            "exceeds": bool(row["exceeds"])}
