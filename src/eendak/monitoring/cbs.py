"""The CBS half-year delivery (issue 12): the figures by the categories of the Veilig Thuis
Informatieprotocol, per municipality and for the region, for one half-year — and the checks that
explain every count that does not add up.

What is counted (the layout is in docs/cbs-delivery.md):

- **Advice requests** received in the half-year: by role of the asker (professional or not, and
  which profession), by sector, by kind of violence (several per request).
- **Reports** received in the half-year: by role and sector of the reporter (a report without a
  reporter counts as ``onbekend``), by kind of violence (several per report), duration, additional
  information (sexual violence, human trafficking, harmful practices), prior involvement (first
  report / re-report / follow-up report, as stored); elder abuse is its own kind of violence.
- **Safety assessment** of those reports: the outcome as the decision stored it (none yet:
  ``nog_niet_beoordeeld``), and acute and structural unsafety as the assessment found them.
- **Investigations** completed in the half-year: closed early or not, and per kind of violence
  bevestigd / niet bevestigd / weerlegd (code ``<kind>/<result>``).

Every count is published by the one rule (``core.disclosure.publish_count``: rounded to a multiple
of 5, below 5 as ``<5``), in the file and in the report alike. Codes go through
``intake.categories.cbs_code`` (the one remappable table); where that table has no code yet, the
file says it uses Eendak's own code.

Query budget: ``build`` asks five queries whatever the number of reports (codes only, never a name,
a text or a person): the municipalities, the advice requests, the reports (with their reporter,
decision and assessment in one join), the investigations and their findings. The region's name is
the setting ``EENDAK_REGION_NAME``.
"""

import csv
import io
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eendak.core.disclosure import SUPPRESSED, publish_count
from eendak.core.exceptions import RuleViolation
from eendak.core.models import Municipality
from eendak.intake.categories import (
    CBS_EXPORT_CODES,
    AdditionalViolenceInfo,
    AssessmentOutcome,
    InvestigationResult,
    PriorInvolvement,
    ReporterRole,
    ReporterSector,
    ViolenceDuration,
    ViolenceType,
    cbs_code,
)
from eendak.intake.models import AdviceRequest, Investigation, InvestigationFinding, Report

REGION = "regio"
HALF_YEAR_PATTERN = re.compile(r"^\s*(\d{4})\s*-\s*[Hh]\s*([12])\s*$")
FIRST_YEAR = 2015  # Veilig Thuis exists since 2015


# --- The half-year ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HalfYear:
    year: int
    half: int

    @property
    def label(self) -> str:
        return f"{self.year}-H{self.half}"

    @property
    def first_day(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    @property
    def after(self) -> date:
        return date(self.year, 7, 1) if self.half == 1 else date(self.year + 1, 1, 1)

    def bounds(self) -> tuple[datetime, datetime]:
        """The half-year as local time: [start, end)."""
        zone = timezone.get_current_timezone()
        return (timezone.make_aware(datetime.combine(self.first_day, datetime.min.time()), zone),
                timezone.make_aware(datetime.combine(self.after, datetime.min.time()), zone))


def current_half_year(today: date | None = None) -> HalfYear:
    today = today or timezone.localdate()
    return HalfYear(today.year, 1 if today.month <= 6 else 2)


def latest_complete_half_year(today: date | None = None) -> HalfYear:
    current = current_half_year(today)
    return HalfYear(current.year, 1) if current.half == 2 else HalfYear(current.year - 1, 2)


def parse_half_year(text: str, today: date | None = None) -> HalfYear:
    """``2026-H1`` → the half-year; a bad one or one that has not begun is a Dutch ``RuleViolation``
    at the field ``half_year``."""
    match = HALF_YEAR_PATTERN.match(text or "")
    if not match:
        raise RuleViolation(_("Schrijf het halfjaar als jaar-H1 of jaar-H2, bijvoorbeeld %(example)s.")
                            % {"example": latest_complete_half_year(today).label}, field="half_year")
    chosen = HalfYear(int(match.group(1)), int(match.group(2)))
    if chosen.year < FIRST_YEAR:
        raise RuleViolation(_("Veilig Thuis levert cijfers vanaf %(year)s: kies een later halfjaar.")
                            % {"year": FIRST_YEAR}, field="half_year")
    current = current_half_year(today)
    if (chosen.year, chosen.half) > (current.year, current.half):
        raise RuleViolation(_("Het halfjaar %(chosen)s is nog niet begonnen: kies %(current)s of "
                              "een eerder halfjaar.") % {"chosen": chosen.label,
                                                         "current": current.label},
                            field="half_year")
    return chosen


# --- The tables ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    code: str
    title: str
    kind: str  # the key of CBS_EXPORT_CODES ("" : no CBS table known, own codes)
    choices: object  # the TextChoices of its categories (None: the codes are listed in ``extra``)
    extra: tuple = ()


INVESTIGATION_CODES = tuple(f"{kind}/{result}" for kind in ViolenceType.values
                            for result in InvestigationResult.values)

TABLES: tuple[Table, ...] = (
    Table("totaal", gettext_lazy("Totalen"), "", None,
          ("adviezen", "meldingen", "onderzoeken_afgerond")),
    Table("advies_rol", gettext_lazy("Adviezen naar rol van de vraagsteller"), "reporter_role",
          ReporterRole),
    Table("advies_sector", gettext_lazy("Adviezen naar sector van de vraagsteller"),
          "reporter_sector", ReporterSector),
    Table("advies_geweld", gettext_lazy("Adviezen naar soort geweld"), "violence_type",
          ViolenceType),
    Table("melding_rol", gettext_lazy("Meldingen naar rol van de melder"), "reporter_role",
          ReporterRole),
    Table("melding_sector", gettext_lazy("Meldingen naar sector van de melder"), "reporter_sector",
          ReporterSector),
    Table("melding_geweld", gettext_lazy("Meldingen naar soort geweld"), "violence_type",
          ViolenceType),
    Table("melding_aanvullend", gettext_lazy("Meldingen naar aanvullende informatie (o.a. seksueel "
                                             "geweld)"), "", AdditionalViolenceInfo),
    Table("melding_duur", gettext_lazy("Meldingen naar duur van het geweld"), "duration",
          ViolenceDuration),
    Table("melding_betrokkenheid", gettext_lazy("Meldingen naar eerdere betrokkenheid (1e melding, "
                                                "hermelding, vervolgmelding)"),
          "prior_involvement", PriorInvolvement),
    Table("beoordeling_uitkomst", gettext_lazy("Uitkomst van de veiligheidsbeoordeling"),
          "assessment_outcome", AssessmentOutcome),
    Table("beoordeling_onveiligheid", gettext_lazy("Acute en structurele onveiligheid (beoordeelde "
                                                   "meldingen)"), "",
          None, ("beoordeeld", "acute_onveiligheid", "structurele_onveiligheid")),
    Table("onderzoek_afronding", gettext_lazy("Afgeronde onderzoeken: voortijdig beëindigd of niet"),
          "", None, ("voortijdig_beeindigd", "volledig_afgerond")),
    Table("onderzoek_uitkomst", gettext_lazy("Uitkomst van het onderzoek per soort geweld"),
          "investigation_result", None, INVESTIGATION_CODES),
)
BY_TABLE = {table.code: table for table in TABLES}


def categories_of(table: Table) -> list[str]:
    return list(table.choices.values) if table.choices is not None else list(table.extra)


def _label(table: Table, code: str) -> str:
    if table.choices is not None:
        try:
            return str(table.choices(code).label)
        except ValueError:
            return code
    if table.code == "onderzoek_uitkomst":
        kind, result = code.split("/")
        return f"{ViolenceType(kind).label} – {InvestigationResult(result).label}"
    return {
        "adviezen": _("Adviezen"), "meldingen": _("Meldingen"),
        "onderzoeken_afgerond": _("Afgeronde onderzoeken"), "beoordeeld": _("Beoordeeld"),
        "acute_onveiligheid": _("Acute onveiligheid"),
        "structurele_onveiligheid": _("Structurele onveiligheid"),
        "voortijdig_beeindigd": _("Voortijdig beëindigd"), "volledig_afgerond": _("Volledig afgerond"),
    }.get(code, code)


def export_code(table: Table, code: str) -> tuple[str, bool]:
    """The code in the file and whether it is CBS's (True) or our own (False, no mapping yet)."""
    if table.code == "onderzoek_uitkomst":
        kind, result = code.split("/")
        mapped = (CBS_EXPORT_CODES.get("violence_type", {}).get(kind)
                  and CBS_EXPORT_CODES.get("investigation_result", {}).get(result))
        return (f"{cbs_code('violence_type', kind)}/{cbs_code('investigation_result', result)}",
                bool(mapped))
    if not table.kind:
        return code, False
    return cbs_code(table.kind, code), code in CBS_EXPORT_CODES.get(table.kind, {})


# --- The counting -------------------------------------------------------------------------------------


@dataclass
class Check:
    code: str
    title: str
    count: int
    reason: str
    is_error: bool  # False: explained, the figures are right; True: the data needs attention


@dataclass
class Delivery:
    half_year: str
    region: str
    municipalities: list[dict]  # [{"id", "code", "name"}], the region's, by name
    counts: dict  # area code ("regio" or GM....) -> table -> category -> raw count
    checks: list[Check] = field(default_factory=list)

    def published(self) -> dict:
        """What may leave: every cell as CBS publishes it; raw counts never."""
        return {area: {table: {code: publish_count(n) for code, n in cells.items()}
                       for table, cells in tables.items()}
                for area, tables in self.counts.items()}

    def as_json(self) -> dict:
        """The report as stored with the delivery and shown by the page and the API: published
        cells and the checks (region-wide counts, never per person)."""
        return {"halfYear": self.half_year, "region": self.region,
                "municipalities": self.municipalities, "figures": self.published(),
                "checks": [asdict(check) for check in self.checks]}


def _empty_area() -> dict:
    return {table.code: dict.fromkeys(categories_of(table), 0) for table in TABLES}


def _kinds(values) -> list[str]:
    return [kind for kind in dict.fromkeys(values or []) if kind in ViolenceType.values]


def build(half_year: HalfYear, now: datetime | None = None, progress=None) -> Delivery:
    """Count the half-year. ``progress(step, total, message)`` is told after each step."""
    now = now or timezone.now()
    steps = 4
    tell = progress or (lambda step, total, message: None)
    start, end = half_year.bounds()
    municipalities = list(Municipality.objects.order_by("name").values("pk", "cbs_code", "name"))
    code_of = {m["pk"]: m["cbs_code"] for m in municipalities}
    counts = {REGION: _empty_area(), **{m["cbs_code"]: _empty_area() for m in municipalities}}

    def add(municipality_id, table: str, code: str, n: int = 1):
        areas = [REGION]
        if municipality_id in code_of:
            areas.append(code_of[municipality_id])
        for area in areas:
            cells = counts[area][table]
            cells[code] = cells.get(code, 0) + n

    facts = Counter()  # region-wide facts for the checks

    # 1. Advice requests
    for advice in AdviceRequest.objects.filter(received_at__gte=start, received_at__lt=end).values(
            "municipality_id", "asker_role", "asker_sector", "violence_types").iterator():
        where = advice["municipality_id"]
        add(where, "totaal", "adviezen")
        add(where, "advies_rol", advice["asker_role"] or ReporterRole.UNKNOWN)
        add(where, "advies_sector", advice["asker_sector"] or ReporterSector.UNKNOWN)
        kinds = _kinds(advice["violence_types"])
        for kind in kinds or [ViolenceType.UNKNOWN.value]:
            add(where, "advies_geweld", kind)
        facts["advice"] += 1
        facts["advice_kinds"] += len(kinds or [1])
        facts["advice_several_kinds"] += len(kinds) > 1
        facts["advice_without_municipality"] += where not in code_of
    tell(1, steps, _("Adviezen geteld."))

    # 2. Reports, with their reporter, decision and assessment (one query)
    for report in Report.objects.filter(received_at__gte=start, received_at__lt=end).values(
            "municipality_id", "violence_types", "additional_info", "duration",
            "prior_involvement", "assessment_due_at", "reporter__report_id", "reporter__role",
            "reporter__sector", "decision__assessment_outcome", "assessment__id",
            "assessment__acute_unsafety", "assessment__structural_unsafety").iterator():
        where = report["municipality_id"]
        add(where, "totaal", "meldingen")
        has_reporter = report["reporter__report_id"] is not None
        add(where, "melding_rol", report["reporter__role"] if has_reporter else ReporterRole.UNKNOWN)
        add(where, "melding_sector",
            report["reporter__sector"] if has_reporter else ReporterSector.UNKNOWN)
        kinds = _kinds(report["violence_types"])
        for kind in kinds or [ViolenceType.UNKNOWN.value]:
            add(where, "melding_geweld", kind)
        for info in dict.fromkeys(report["additional_info"] or []):
            if info in AdditionalViolenceInfo.values:
                add(where, "melding_aanvullend", info)
        add(where, "melding_duur", report["duration"] or ViolenceDuration.UNKNOWN)
        add(where, "melding_betrokkenheid",
            report["prior_involvement"] or PriorInvolvement.UNCLASSIFIED)
        outcome = report["decision__assessment_outcome"] or AssessmentOutcome.NOT_YET.value
        add(where, "beoordeling_uitkomst", outcome)
        if report["assessment__id"] is not None:
            add(where, "beoordeling_onveiligheid", "beoordeeld")
            if report["assessment__acute_unsafety"]:
                add(where, "beoordeling_onveiligheid", "acute_onveiligheid")
            if report["assessment__structural_unsafety"]:
                add(where, "beoordeling_onveiligheid", "structurele_onveiligheid")
        else:
            facts["reports_not_assessed"] += 1
        facts["reports"] += 1
        facts["report_kinds"] += len(kinds or [1])
        facts["reports_several_kinds"] += len(kinds) > 1
        facts["reports_without_kind"] += not kinds
        facts["reports_without_reporter"] += not has_reporter
        facts["reports_reporter_role_unknown"] += has_reporter and (
            report["reporter__role"] == ReporterRole.UNKNOWN)
        facts["reports_without_municipality"] += where not in code_of
        facts["outcome_overdue"] += (outcome == AssessmentOutcome.NOT_YET
                                     and report["assessment_due_at"] < now)
        facts["outcome_not_yet_due"] += (outcome == AssessmentOutcome.NOT_YET
                                         and report["assessment_due_at"] >= now)
    tell(2, steps, _("Meldingen geteld."))

    # 3. Investigations completed in the half-year, and their findings (two queries)
    completed = Investigation.objects.filter(completed_on__gte=half_year.first_day,
                                             completed_on__lte=half_year.last_day)
    investigations = {row["pk"]: row for row in completed.values(
        "pk", "closed_early", "report__municipality_id")}
    findings = defaultdict(list)
    for finding in InvestigationFinding.objects.filter(
            investigation__completed_on__gte=half_year.first_day,
            investigation__completed_on__lte=half_year.last_day).values(
            "investigation_id", "violence_type", "result"):
        findings[finding["investigation_id"]].append(finding)
    for pk, investigation in investigations.items():
        where = investigation["report__municipality_id"]
        add(where, "totaal", "onderzoeken_afgerond")
        add(where, "onderzoek_afronding", "voortijdig_beeindigd" if investigation["closed_early"]
            else "volledig_afgerond")
        own = findings.get(pk, [])
        for finding in own:
            add(where, "onderzoek_uitkomst", f"{finding['violence_type']}/{finding['result']}")
        facts["investigations"] += 1
        facts["findings"] += len(own)
        facts["investigations_several_findings"] += len(own) > 1
        facts["investigations_without_findings"] += not own and not investigation["closed_early"]
        facts["investigations_closed_early_without_findings"] += (not own
                                                                   and investigation["closed_early"])
        facts["investigations_without_municipality"] += where not in code_of
    tell(3, steps, _("Onderzoeken geteld."))

    delivery = Delivery(half_year=half_year.label, region=settings.EENDAK_REGION_NAME,
                        municipalities=[{"id": m["pk"], "code": m["cbs_code"], "name": m["name"]}
                                        for m in municipalities],
                        counts=counts)
    delivery.checks = checks(delivery, facts)
    tell(4, steps, _("Controles gedaan."))
    return delivery


# --- The checks: every count that does not add up, with its reason -------------------------------


def checks(delivery: Delivery, facts: Counter) -> list[Check]:
    found = []

    def note(code, title, count, reason, is_error=False):
        if count:
            found.append(Check(code, str(title), int(count), str(reason), is_error))

    note("meldingen_meerdere_soorten", _("Meldingen met meer dan één soort geweld"),
         facts["reports_several_kinds"],
         _("Een melding telt bij elke soort geweld die erin staat: de tabel ‘meldingen naar soort "
           "geweld’ telt %(kinds)s soorten bij %(reports)s meldingen. Verklaard, geen fout.")
         % {"kinds": facts["report_kinds"], "reports": facts["reports"]})
    note("adviezen_meerdere_soorten", _("Adviezen met meer dan één soort geweld"),
         facts["advice_several_kinds"],
         _("Een advies telt bij elke soort geweld die erin staat: %(kinds)s soorten bij %(advice)s "
           "adviezen. Verklaard, geen fout.") % {"kinds": facts["advice_kinds"],
                                                   "advice": facts["advice"]})
    note("meldingen_zonder_soort", _("Meldingen zonder soort geweld"), facts["reports_without_kind"],
         _("Geteld als ‘onbekend’. Vul de soort geweld aan in de melding."), True)
    note("meldingen_zonder_melder", _("Meldingen zonder vastgelegde melder"),
         facts["reports_without_reporter"],
         _("Geen rol en sector van de melder: geteld als ‘onbekend’. Leg de melder vast (ook een "
           "anonieme melder heeft een rol)."), True)
    note("melders_rol_onbekend", _("Melders met rol ‘onbekend’"),
         facts["reports_reporter_role_unknown"],
         _("De melder is vastgelegd, maar zonder rol: geteld als ‘onbekend’. Vul de rol aan als die "
           "bekend is."), True)
    note("uitkomst_ontbreekt_termijn_verstreken",
         _("Meldingen zonder uitkomst van de veiligheidsbeoordeling, termijn verstreken"),
         facts["outcome_overdue"],
         _("Ouder dan 5 werkdagen (acuut: 24 uur) en nog geen besluit over het vervolg: geteld als "
           "‘nog niet beoordeeld’. Controleer of het besluit is vastgelegd."), True)
    note("uitkomst_nog_binnen_termijn",
         _("Meldingen nog binnen de termijn van de veiligheidsbeoordeling"),
         facts["outcome_not_yet_due"],
         _("Geteld als ‘nog niet beoordeeld’: de termijn van 5 werkdagen loopt nog. Verklaard."))
    note("meldingen_zonder_beoordeling", _("Meldingen zonder veiligheidsbeoordeling"),
         facts["reports_not_assessed"],
         _("Acute en structurele onveiligheid tellen alleen over beoordeelde meldingen; daarom is "
           "‘beoordeeld’ kleiner dan het aantal meldingen. Verklaard."))
    note("onderzoeken_zonder_bevindingen", _("Afgeronde onderzoeken zonder bevindingen"),
         facts["investigations_without_findings"],
         _("Volledig afgerond maar zonder bevestigd / niet bevestigd / weerlegd per soort geweld: "
           "ze ontbreken in ‘uitkomst van het onderzoek’. Leg de bevindingen vast."), True)
    note("onderzoeken_voortijdig_zonder_bevindingen",
         _("Voortijdig beëindigde onderzoeken zonder bevindingen"),
         facts["investigations_closed_early_without_findings"],
         _("Een voortijdig beëindigd onderzoek heeft geen uitkomst per soort geweld. Verklaard."))
    note("onderzoeken_meerdere_bevindingen", _("Onderzoeken met bevindingen over meer dan één soort "
                                               "geweld"),
         facts["investigations_several_findings"],
         _("Een onderzoek telt bij elke soort geweld die het beoordeelde: %(findings)s bevindingen "
           "bij %(n)s onderzoeken. Verklaard, geen fout.")
         % {"findings": facts["findings"], "n": facts["investigations"]})
    without = (facts["reports_without_municipality"] + facts["advice_without_municipality"]
               + facts["investigations_without_municipality"])
    note("zonder_gemeente", _("Adviezen, meldingen en onderzoeken zonder gemeente"), without,
         _("Alleen in het regiototaal geteld, bij geen gemeente: de gemeenten samen zijn daarom "
           "minder dan de regio (%(reports)s meldingen, %(advice)s adviezen, %(investigations)s "
           "onderzoeken). Vul de gemeente aan.")
         % {"reports": facts["reports_without_municipality"],
            "advice": facts["advice_without_municipality"],
            "investigations": facts["investigations_without_municipality"]}, True)
    note("afronding_gemeenten_regio", _("Regiocellen die niet gelijk zijn aan de som van de "
                                        "gemeenten"),
         rounding_differences(delivery),
         _("Elke cel wordt apart afgerond op een veelvoud van 5 en onder 5 als ‘<5’ "
           "getoond; opgeteld wijken de gemeenten dan af van het afgeronde regiototaal. Verklaard: "
           "de onafgeronde aantallen kloppen."))
    return found


def rounding_differences(delivery: Delivery) -> int:
    """Region cells whose published count differs from the sum of the municipalities' published
    counts (a ``<5`` counted as 0) — while the raw counts are consistent."""
    published = delivery.published()
    region = published[REGION]
    different = 0
    for table, cells in region.items():
        for code, value in cells.items():
            total = sum(int(published[m["code"]][table][code]) for m in delivery.municipalities
                        if published[m["code"]][table][code] != SUPPRESSED)
            if value != SUPPRESSED and int(value) != total:
                different += 1
    return different


# --- The delivery file and the readable report -------------------------------------------------------

CSV_COLUMNS = ("halfjaar", "gebied", "gebiedsnaam", "tabel", "categorie", "codebron", "aantal")


def csv_bytes(report: dict) -> bytes:
    """The delivery file (docs/cbs-delivery.md): header rows starting with ``#``, then one row per
    (area, table, category) with the published count. UTF-8 with a byte-order mark, ``;``."""
    own_tables = sorted({table.code for table in TABLES
                         for code in categories_of(table) if not export_code(table, code)[1]})
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([f"# Eendak CBS-levering Veilig Thuis, regio {report['region']}, "
                     f"halfjaar {report['halfYear']}"])
    writer.writerow(["# Aantallen zoals CBS publiceert: afgerond op een veelvoud van 5, minder "
                     "dan 5 staat als <5 (core.disclosure)."])
    writer.writerow(["# Gebied: regio = de hele regio (ook wat zonder gemeente is), anders de "
                     "CBS-code van de gemeente."])
    writer.writerow(["# Codebron: cbs = code uit de Bestandsdefinitie Beleidsinformatie Veilig "
                     "Thuis, eendak = eigen code van Eendak (nog geen CBS-code bekend)."])
    if own_tables:
        writer.writerow(["# Tabellen met (deels) eigen codes: " + ", ".join(own_tables)])
    writer.writerow(CSV_COLUMNS)
    areas = [(REGION, report["region"])] + [(m["code"], m["name"])
                                            for m in report["municipalities"]]
    for area, name in areas:
        for table in TABLES:
            cells = report["figures"][area][table.code]
            for code in categories_of(table):
                exported, is_cbs = export_code(table, code)
                writer.writerow([report["halfYear"], area, name, table.code, exported,
                                 "cbs" if is_cbs else "eendak", cells.get(code, SUPPRESSED)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def report_tables(report: dict) -> list[dict]:
    """The readable report's tables: per table a row per category, the region then each
    municipality (published counts only); a row that is ``<5`` everywhere stays, so nothing hides."""
    areas = [REGION] + [m["code"] for m in report["municipalities"]]
    tables = []
    for table in TABLES:
        rows = []
        for code in categories_of(table):
            rows.append({"code": code, "cbs_code": export_code(table, code)[0],
                         "label": _label(table, code),
                         "values": [report["figures"][area][table.code].get(code, SUPPRESSED)
                                    for area in areas]})
        tables.append({"code": table.code, "title": str(table.title), "rows": rows})
    return tables
