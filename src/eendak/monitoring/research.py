"""What a research export may hold, and how it is made unlinkable: the one table of variables, the
keyed pseudonyms, the coarsening and the small-cell rule.

The unit is a person concerned in a report (``intake.ReportPerson``) received in the study's period:
one row per person per report, so the institute can follow families in cohorts (measurements at the
report, +12 and +18 months; Verwey-Jonker). A row always has four pseudonyms — the report, the case
the decision opened or joined (empty when there is none), the household and the person — and the
variables the study chose from ``VARIABLES``, nothing else:

- **Pseudonyms** are ``HMAC-SHA256(study key, "<kind>:<id>")``, 20 hexadecimal characters. The key is
  32 random bytes of that study only (``Study.key``), so the same person has another pseudonym in
  every study and two exports cannot be joined; the key is never shown or exported and is destroyed
  when the study ends, after which nobody can reproduce the pseudonyms.
- **Coarsened**: a report's date only as its half-year (``2025-H1``) or month (``2025-03``); an age only
  as a band at the report (0-3, 4-11, 12-17, 18-64, 65+); a duration only as a class.
- **Never read**: names, BSN, addresses, dates of birth (used for the band only, never written), the
  reporter's identity, and free text of any kind (account, rationale, notes, assessments): the
  queries below select codes, dates and counts only.
- **Small cells** (``core.disclosure``, the one rule): a value of a column shared by fewer than
  ``SMALL_CELL_LIMIT`` households in the export is replaced by ``SUPPRESSED``. Counting households,
  not rows, is stricter: the three people of one family are one family.

Query budget: ``rows_for`` asks a fixed number of queries per batch of reports, whatever its size.
"""

import hashlib
import hmac
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eendak.cases.models import Case, MonitoringMoment, PhaseChange
from eendak.cases.workflow import Phase
from eendak.core.disclosure import SUPPRESSED, publishable
from eendak.intake.categories import AssessmentOutcome, ViolenceType
from eendak.intake.models import Report, ReportPerson
from eendak.privacy.queries import restricted_persons

PSEUDONYM_LENGTH = 20  # hexadecimal characters: 80 bits
KEY_BYTES = 32
RECURRENCE_DAYS = 548  # 18 months
UNKNOWN = "onbekend"

ID_COLUMNS = ("melding_id", "casus_id", "huishouden_id", "persoon_id")


@dataclass(frozen=True)
class Variable:
    code: str
    label: str
    description: str
    columns: tuple[str, ...]


VARIABLES: tuple[Variable, ...] = (
    Variable("municipality", _("Gemeente"),
             _("De gemeente van de melding (naam), anders die van het huishouden."), ("gemeente",)),
    Variable("half_year", _("Halfjaar van de melding"),
             _("Het halfjaar waarin de melding binnenkwam, bijvoorbeeld 2025-H1."), ("halfjaar",)),
    Variable("report_month", _("Maand van de melding"),
             _("De maand waarin de melding binnenkwam, bijvoorbeeld 2025-03; nooit de dag."),
             ("maand",)),
    Variable("violence_types", _("Soorten geweld"),
             _("Per soort geweld (CBS-indeling) een kolom met 1 of 0."),
             tuple(f"geweld_{code}" for code in ViolenceType.values)),
    Variable("reporter_category", _("Categorie melder"),
             _("Niet beroepsmatig, beroepsmatig per rol (CBS-indeling), of onbekend; nooit wie."),
             ("melder",)),
    Variable("assessment_outcome", _("Uitkomst veiligheidsbeoordeling"),
             _("De uitkomst zoals CBS die telt (vervolgstappen bij Veilig Thuis, overdracht, ...)."),
             ("uitkomst_beoordeling",)),
    Variable("age_band", _("Leeftijdsgroep bij de melding"),
             _("Per persoon: 0-3, 4-11, 12-17, 18-64 of 65+ op de dag van de melding; nooit de "
               "geboortedatum."), ("leeftijdsgroep",)),
    Variable("person_role", _("Rol in de melding"),
             _("Slachtoffer, vermoedelijke pleger, kind, getuige of anders."), ("rol",)),
    Variable("phase_reached", _("Bereikte fase"),
             _("De verste fase die de casus bereikte: directe veiligheid, stabiele veiligheid, "
               "risicovermindering en herstel."), ("bereikte_fase",)),
    Variable("days_to_stable_safety", _("Tijd tot stabiele veiligheid"),
             _("Van de melding tot de casus in de fase stabiele veiligheid kwam, in klassen: 0-30, "
               "31-90, 91-180, 181-365, 366+ dagen, of niet bereikt."),
             ("dagen_tot_stabiele_veiligheid",)),
    Variable("monitoring_incidents", _("Incidenten bij monitoringmomenten"),
             _("Het aantal gehouden monitoringmomenten (0, 1, 2, 3+) en de incidenten sinds het "
               "vorige moment bij het laatste: 0, 1-5, 6-21 of 22+ (frequent)."),
             ("monitoringmomenten", "incidenten_laatste_moment")),
    Variable("recurrence_18m", _("Nieuwe melding binnen 18 maanden"),
             _("Ja als over hetzelfde huishouden binnen 18 maanden na deze melding een nieuwe "
               "melding binnenkwam; nee; of nog_onbekend als die 18 maanden nog niet voorbij zijn."),
             ("nieuwe_melding_18_maanden",)),
)
BY_CODE = {variable.code: variable for variable in VARIABLES}
VARIABLE_CHOICES = [(variable.code, variable.label) for variable in VARIABLES]


def columns_for(codes) -> list[str]:
    """The export's header: the pseudonyms, then the chosen variables in the table's order."""
    chosen = set(codes)
    return [*ID_COLUMNS, *(column for variable in VARIABLES if variable.code in chosen
                           for column in variable.columns)]


# --- Pseudonyms ------------------------------------------------------------------------------------


def pseudonym(key: bytes, kind: str, pk) -> str:
    """The keyed pseudonym of record ``pk`` of ``kind`` (case, household, person, report)."""
    if pk is None:
        return ""
    digest = hmac.new(bytes(key), f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_LENGTH]


# --- Coarsening ------------------------------------------------------------------------------------

AGE_BANDS = ((0, 3, "0-3"), (4, 11, "4-11"), (12, 17, "12-17"), (18, 64, "18-64"))


def age_band(born: date | None, on: date) -> str:
    if born is None:
        return UNKNOWN
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if age < 0:
        return UNKNOWN
    for low, high, band in AGE_BANDS:
        if low <= age <= high:
            return band
    return "65+"


def half_year(day: date) -> str:
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def month(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def days_band(days: int | None) -> str:
    if days is None:
        return "niet_bereikt"
    for high, band in ((30, "0-30"), (90, "31-90"), (180, "91-180"), (365, "181-365")):
        if days <= high:
            return band
    return "366+"


def incidents_band(incidents: int | None) -> str:
    if incidents is None:
        return ""
    if incidents == 0:
        return "0"
    if incidents <= 5:
        return "1-5"
    if incidents <= 21:
        return "6-21"
    return "22+"


PHASES = (Phase.DIRECT_SAFETY.value, Phase.STABLE_SAFETY.value, Phase.RECOVERY.value)
PHASE_ORDER = {phase: order for order, phase in enumerate(PHASES)}


# --- Rows ------------------------------------------------------------------------------------------


def report_ids(period_from: date, period_to: date) -> list[int]:
    """The reports of the period (by the local date of receipt) that concern a household."""
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(timezone.datetime.combine(period_from, timezone.datetime.min.time()),
                                zone)
    end = timezone.make_aware(timezone.datetime.combine(period_to + timedelta(days=1),
                                                        timezone.datetime.min.time()), zone)
    return list(Report.objects.filter(received_at__gte=start, received_at__lt=end,
                                      household__isnull=False)
                .order_by("pk").values_list("pk", flat=True))


def rows_for(ids: list[int], codes, key: bytes, today: date | None = None) -> list[dict]:
    """The rows of the reports ``ids``: one per person concerned, pseudonymised and coarsened,
    before the small-cell rule (which needs the whole export: ``suppress``). At most seven queries."""
    today = today or timezone.localdate()
    chosen = set(codes)
    reports = list(Report.objects.filter(pk__in=ids).order_by("pk").values(
        "pk", "received_at", "household_id", "violence_types", "municipality__name",
        "household__municipality__name", "reporter__role", "decision__assessment_outcome",
        "decision__case_id"))
    involved = defaultdict(list)
    # A person whose data are restricted or who objected (AVG art. 18, 21) is not in any export:
    # left out in the same query (``privacy.queries.restricted_persons``).
    for row in (ReportPerson.objects.filter(report_id__in=ids)
                .exclude(person_id__in=restricted_persons())
                .order_by("report_id", "person_id")
                .values("report_id", "person_id", "role", "person__date_of_birth")):
        involved[row["report_id"]].append(row)
    case_ids = {r["decision__case_id"] for r in reports if r["decision__case_id"]}
    phases = defaultdict(list)  # case -> [(when, phase)]
    current = {}  # case -> its phase now
    if chosen & {"phase_reached", "days_to_stable_safety"}:
        current = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "phase"))
        for change in PhaseChange.objects.filter(case_id__in=case_ids).order_by(
                "decided_at").values("case_id", "to_phase", "decided_at"):
            phases[change["case_id"]].append((change["decided_at"], change["to_phase"]))
    moments = defaultdict(list)  # case -> incidents of held moments, in order
    if "monitoring_incidents" in chosen:
        for moment in MonitoringMoment.objects.filter(case_id__in=case_ids, held_on__isnull=False) \
                .order_by("held_on", "pk").values("case_id", "incidents_since_last"):
            moments[moment["case_id"]].append(moment["incidents_since_last"])
    later = defaultdict(list)  # household -> receipt times of its reports
    if "recurrence_18m" in chosen:
        households = {r["household_id"] for r in reports}
        first = min((r["received_at"] for r in reports), default=None)
        for other in Report.objects.filter(household_id__in=households, received_at__gt=first) \
                .values("household_id", "received_at"):
            later[other["household_id"]].append(other["received_at"])

    rows = []
    for report in reports:
        received = timezone.localdate(report["received_at"])
        case_id = report["decision__case_id"]
        common = {
            "melding_id": pseudonym(key, "report", report["pk"]),
            "casus_id": pseudonym(key, "case", case_id),
            "huishouden_id": pseudonym(key, "household", report["household_id"]),
        }
        if "municipality" in chosen:
            common["gemeente"] = (report["municipality__name"]
                                  or report["household__municipality__name"] or UNKNOWN)
        if "half_year" in chosen:
            common["halfjaar"] = half_year(received)
        if "report_month" in chosen:
            common["maand"] = month(received)
        if "violence_types" in chosen:
            kinds = set(report["violence_types"] or [])
            common.update({f"geweld_{code}": "1" if code in kinds else "0"
                           for code in ViolenceType.values})
        if "reporter_category" in chosen:
            common["melder"] = report["reporter__role"] or UNKNOWN
        if "assessment_outcome" in chosen:
            common["uitkomst_beoordeling"] = (report["decision__assessment_outcome"]
                                              or AssessmentOutcome.NOT_YET.value)
        changes = phases.get(case_id, [])
        if "phase_reached" in chosen:
            reached = max([PHASE_ORDER.get(to, 0) for _when, to in changes]
                          + [PHASE_ORDER.get(current.get(case_id), 0)])
            common["bereikte_fase"] = "" if case_id is None else PHASES[reached]
        if "days_to_stable_safety" in chosen:
            stable = next((when for when, to in changes if PHASE_ORDER.get(to, 0) >= 1), None)
            days = ((timezone.localdate(stable) - received).days if stable else None)
            common["dagen_tot_stabiele_veiligheid"] = "" if case_id is None else days_band(
                max(days, 0) if days is not None else None)
        if "monitoring_incidents" in chosen:
            held = moments.get(case_id, [])
            common["monitoringmomenten"] = "" if case_id is None else (
                str(len(held)) if len(held) < 3 else "3+")
            common["incidenten_laatste_moment"] = incidents_band(held[-1] if held else None)
        if "recurrence_18m" in chosen:
            window_end = report["received_at"] + timedelta(days=RECURRENCE_DAYS)
            again = any(report["received_at"] < when <= window_end
                        for when in later.get(report["household_id"], []))
            if again:
                common["nieuwe_melding_18_maanden"] = "ja"
            elif received + timedelta(days=RECURRENCE_DAYS) <= today:
                common["nieuwe_melding_18_maanden"] = "nee"
            else:
                common["nieuwe_melding_18_maanden"] = "nog_onbekend"
        for person in involved.get(report["pk"], []):
            row = {**common, "persoon_id": pseudonym(key, "person", person["person_id"]),
                   "_person": person["person_id"]}
            if "age_band" in chosen:
                row["leeftijdsgroep"] = age_band(person["person__date_of_birth"], received)
            if "person_role" in chosen:
                row["rol"] = person["role"]
            rows.append(row)
    return rows


# --- The small-cell rule ---------------------------------------------------------------------------


def suppress(rows: list[dict], columns: list[str]) -> int:
    """Replace, in place, every value of a variable column that fewer than ``SMALL_CELL_LIMIT``
    households share by ``SUPPRESSED``; return how many cells were replaced. The pseudonyms are
    not categories and stay; an empty cell (no case, no moment) is not a value."""
    households = defaultdict(set)
    variable_columns = [column for column in columns if column not in ID_COLUMNS]
    for row in rows:
        for column in variable_columns:
            value = row.get(column, "")
            if value != "":
                households[column, value].add(row["huishouden_id"])
    rare = {cell for cell, seen in households.items() if not publishable(len(seen))}
    replaced = 0
    for row in rows:
        for column in variable_columns:
            if (column, row.get(column, "")) in rare:
                row[column] = SUPPRESSED
                replaced += 1
    return replaced
