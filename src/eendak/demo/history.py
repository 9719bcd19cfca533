"""The demo's history at Veilig Thuis (issue 12): advice requests and reports over the last five
half-years, each assessed, decided and (for an investigation) investigated, so the dashboards, the
CBS half-year delivery and the intake's lists have something true to show.

Why it is built this way:

- **In bulk, like the households.** Hundreds of reports through ``intake.services`` would take
  minutes (each writes its journal, tasks and access-log entries), so the history is planned in
  plain Python and written with ``bulk_create``: a dozen inserts, whatever the number of reports.
  What a rule derives is derived by that rule: the assessment deadline by
  ``intake.services.assessment_due_at`` (5 working days, acute 24 hours), the CBS outcome of the
  assessment from the decision by ``intake.services.OUTCOME_FOR_DECISION``, an investigation's
  deadline from its start (``EENDAK_INVESTIGATION_WEEKS``), the look-back of a re-report from
  ``EENDAK_REREPORT_LOOKBACK_YEARS``. No access-log entries are written for it: nobody read these
  files; the log's history is ``demo.activity``'s.
- **One report behind every case**, received a few days before the case opened and decided into
  it (conditions, an investigation or a handover), and besides those about 0.25 reports per
  household per half-year over the last five half-years that ended at Veilig Thuis (no follow-up)
  or were handed over. So a household has its first report, and some a re-report or a follow-up
  report, classified as ``intake.services.classify_prior_involvement`` would have classified it.
- **Every stage.** The last days' reports still wait for their assessment (one of them past its
  deadline) or for the decision; a few assessments in every half-year came too late, fewer as
  the half-years go by; some investigations ran over their 10 weeks, some closed early, some are
  running now, one past its deadline.
- **The categories as CBS counts them.** Reporters follow the national mix (the police about
  45%, then neighbours and family, health care, education, youth care, ...); kinds of violence
  follow the household (children: child abuse; an older person: elder abuse; a couple: partner
  violence), with sexual violence and the harmful practices as additional information.
- **Households that already have a history through the services keep it.** The Veiligheidsteam's
  families (``demo.conferences``) and the Spoedplein's (``demo.acute``) got their reports through
  the intake's services; this history runs after them and leaves those households alone.
- **Deterministic.** One ``random.Random`` and one Faker from the seed; every date counted back
  from the reference date (``--today``), like the households' and cases'.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.utils import timezone
from faker import Faker

from eendak.cases.models import Case, Participation
from eendak.core.models import Membership, Municipality
from eendak.core.roles import OrganisationType, Role
from eendak.core.workdays import add_working_days
from eendak.intake.categories import (
    AdditionalViolenceInfo,
    InvestigationResult,
    PriorInvolvement,
    ReporterRole,
    ReporterSector,
    ViolenceDuration,
    ViolenceType,
)
from eendak.intake.models import (
    AdviceFollowUp,
    AdviceRequest,
    AskerType,
    Channel,
    Decision,
    Investigation,
    InvestigationFinding,
    Report,
    Reporter,
    ReportPerson,
    SafetyAssessment,
    Triage,
)
from eendak.intake.services import OUTCOME_FOR_DECISION, assessment_due_at
from eendak.intake.workflow import DecisionKind, HandoverTarget, ReportStatus
from eendak.persons.models import HouseholdMember, HouseholdRole

from . import people
from .geography import PLACES

REPORT_PREFIX = "DEMO-M-"
ADVICE_PREFIX = "DEMO-A-"
HALF_YEARS = 5  # the current one and the four before it
REPORTS_PER_HOUSEHOLD = 0.25  # per half-year, besides the report behind each case
ADVICE_PER_REPORT = 0.8  # the region has about 36 advice requests to 48 reports (domain.md)
BATCH_SIZE = 2000


@dataclass(frozen=True)
class Profile:
    """Who reports (or asks for advice), as CBS counts them, and how often."""

    channel: str
    role: str
    sector: str
    relation: str
    organisation: str
    report_weight: int
    advice_weight: int
    needs_children: bool = False


R, S = ReporterRole, ReporterSector
PROFILES = (
    Profile(Channel.POLICE, R.JUSTICE_POLICE, S.POLICE, "", "Politie Zeeland-West-Brabant", 45, 2),
    Profile(Channel.PHONE, R.NON_PROFESSIONAL, S.NOT_APPLICABLE, "buurvrouw", "", 7, 16),
    Profile(Channel.PHONE, R.NON_PROFESSIONAL, S.NOT_APPLICABLE, "familielid", "", 6, 14),
    Profile(Channel.PROFESSIONAL, R.MEDICAL, S.HEALTH_CARE, "huisarts", "Huisartsenpraktijk", 6, 10),
    Profile(Channel.HOSPITAL, R.MEDICAL, S.HEALTH_CARE, "SEH-arts",
            "Elisabeth-TweeSteden Ziekenhuis", 3, 2),
    Profile(Channel.PROFESSIONAL, R.MEDICAL, S.HEALTH_CARE, "jeugdverpleegkundige",
            "GGD Hart voor Brabant", 3, 6, needs_children=True),
    Profile(Channel.PROFESSIONAL, R.EDUCATION, S.EDUCATION, "intern begeleider", "Basisschool",
            6, 12, needs_children=True),
    Profile(Channel.PROFESSIONAL, R.CHILDCARE, S.CHILDCARE, "pedagogisch medewerker",
            "Kinderdagverblijf", 2, 4, needs_children=True),
    Profile(Channel.PROFESSIONAL, R.PROFESSIONAL_OTHER, S.COMPULSORY_EDUCATION, "leerplichtambtenaar",
            "Bureau Leerplicht", 1, 2, needs_children=True),
    Profile(Channel.PROFESSIONAL, R.PROFESSIONAL_OTHER, S.YOUTH_CARE, "jeugdhulpverlener",
            "Jeugdhulp Midden-Brabant", 6, 8, needs_children=True),
    Profile(Channel.PROFESSIONAL, R.PSYCHOLOGIST, S.MENTAL_HEALTH, "behandelaar", "GGz Breburg",
            4, 6),
    Profile(Channel.PROFESSIONAL, R.PROFESSIONAL_OTHER, S.SOCIAL_WORK, "maatschappelijk werker",
            "IMW Tilburg", 4, 8),
    Profile(Channel.PROFESSIONAL, R.PROFESSIONAL_OTHER, S.OTHER_VEILIG_THUIS, "collega",
            "Veilig Thuis West-Brabant", 2, 1),
    Profile(Channel.PROFESSIONAL, R.JUSTICE_OTHER, S.PROBATION, "reclasseringswerker",
            "Reclassering Nederland", 2, 1),
    Profile(Channel.PROFESSIONAL, R.JUSTICE_PROSECUTOR, S.PROSECUTION, "officier van justitie",
            "Openbaar Ministerie", 1, 0),
    Profile(Channel.WEB_FORM, R.UNKNOWN, S.UNKNOWN, "", "", 1, 2),
)

DURATIONS = ((ViolenceDuration.UP_TO_WEEK, 8), (ViolenceDuration.WEEK_TO_MONTH, 8),
             (ViolenceDuration.ONE_TO_SIX_MONTHS, 18), (ViolenceDuration.SIX_TO_TWELVE_MONTHS, 14),
             (ViolenceDuration.ONE_TO_FIVE_YEARS, 28), (ViolenceDuration.OVER_FIVE_YEARS, 12),
             (ViolenceDuration.UNKNOWN, 12))
ADDITIONAL = ((AdditionalViolenceInfo.SEXUAL_VIOLENCE, 0.07),
              (AdditionalViolenceInfo.HONOUR_RELATED, 0.015),
              (AdditionalViolenceInfo.FORCED_MARRIAGE, 0.005),
              (AdditionalViolenceInfo.HUMAN_TRAFFICKING, 0.005),
              (AdditionalViolenceInfo.ABANDONMENT, 0.003), (AdditionalViolenceInfo.FGM, 0.003))
RESULTS = ((InvestigationResult.CONFIRMED, 45), (InvestigationResult.NOT_CONFIRMED, 35),
           (InvestigationResult.REFUTED, 20))
# Decisions: behind a case (it opened from the report), and for a report that ended or was handed on.
CASE_DECISIONS = ((DecisionKind.CONDITIONS, 38), (DecisionKind.INVESTIGATION, 37),
                  (DecisionKind.HANDOVER, 22), (DecisionKind.RVDK_REQUEST, 3))
OTHER_DECISIONS = ((DecisionKind.HANDOVER, 60), (DecisionKind.END, 40))
HANDOVER_TARGETS = ((HandoverTarget.LOCAL_TEAM, 60), (HandoverTarget.EXISTING_HELP, 25),
                    (HandoverTarget.FAMILY, 10), (HandoverTarget.MULTIDISCIPLINARY, 5))

ACCOUNTS = {
    ViolenceType.CHILD_ABUSE: "Zorgen over de kinderen: signalen van verwaarlozing of geweld thuis.",
    ViolenceType.PARTNER_VIOLENCE: "Ruzies tussen de (ex-)partners die uit de hand lopen; er is "
                                   "geduwd en geslagen.",
    ViolenceType.ELDER_ABUSE: "Zorgen over een oudere: geld verdwijnt, er wordt gescholden en de "
                              "verzorging schiet tekort.",
    ViolenceType.VIOLENCE_AGAINST_PARENTS: "Een kind bedreigt en slaat een ouder.",
    ViolenceType.OTHER_DOMESTIC: "Geweld tussen andere gezinsleden.",
    ViolenceType.OTHER_PROBLEMS: "Spanningen in het gezin; geen geweld gezien.",
    ViolenceType.NONE: "Zorgen die bij nader inzien niet over geweld gaan.",
}
RATIONALE = {
    Triage.DIRECT_DANGER: "Direct gevaar: acute onveiligheid, direct afspraken gemaakt.",
    Triage.STRUCTURAL_SERIOUS: "Herhaald geweld: structurele onveiligheid.",
    Triage.HARMFUL_MULTIPROBLEM: "Schadelijke multiprobleemsituatie; hulp nodig.",
    Triage.NONE: "Geen acute of structurele onveiligheid vastgesteld.",
}
DECISION_TEXT = {
    DecisionKind.CONDITIONS: "Veiligheidsvoorwaarden afgesproken; Veilig Thuis monitort ze.",
    DecisionKind.INVESTIGATION: "Onderzoek naar de veiligheid en ontwikkeling van de kinderen.",
    DecisionKind.HANDOVER: "Overgedragen: de hulp kan de veiligheid waarborgen.",
    DecisionKind.RVDK_REQUEST: "Verzoek tot onderzoek aan de Raad voor de Kinderbescherming.",
    DecisionKind.END: "Geen vervolgstappen van Veilig Thuis nodig.",
}
QUESTIONS = (
    ("Een leerling vertelt over ruzies thuis. Moet ik melden?",
     "Afwegingskader doorgelopen; eerst een gesprek met de ouders, daarna opnieuw overleggen."),
    ("Mijn buurvrouw wordt geslagen door haar partner. Wat kan ik doen?",
     "Uitgelegd hoe een melding werkt en wat Veilig Thuis dan doet; zelf in gesprek blijven."),
    ("Een cliënt van 78 geeft zijn pensioen aan zijn zoon en lijkt bang.",
     "Signalen van financiële uitbuiting besproken; verwezen naar het Seniorensteunpunt."),
    ("Een peuter op de opvang heeft blauwe plekken op de rug.",
     "Meldcode doorgenomen; signalen vastleggen en dezelfde dag melden."),
    ("Mijn zus durft niet weg bij haar man. Hoe help ik haar?",
     "Opvang en hulp besproken; zij kan zelf (anoniem) contact opnemen."),
    ("Een patiënt vertelt over dwang door haar familie om te trouwen.",
     "Signalen van huwelijksdwang besproken; Landelijk Knooppunt ingeschakeld."),
)
ADVICE_FOLLOW_UPS = ((AdviceFollowUp.NONE, 35), (AdviceFollowUp.CALL_BACK, 20),
                     (AdviceFollowUp.REFERRED, 45))


@dataclass
class HistoryResult:
    reports: int = 0
    advice: int = 0
    investigations: int = 0
    late_assessments: int = 0


@dataclass
class _Household:
    pk: int
    municipality_id: int
    members: list  # [(person id, household role)]
    cases: list  # [(case id, opened_at, closed_at)] oldest first

    @property
    def children(self) -> bool:
        return any(role == HouseholdRole.CHILD for _p, role in self.members)

    @property
    def elderly(self) -> bool:
        return len(self.members) == 2 and all(r == HouseholdRole.OTHER for _p, r in self.members)


def half_year_start(day: date, back: int = 0) -> date:
    """The first day of the half-year of ``day``, or of the ``back``-th one before it."""
    index = day.year * 2 + (0 if day.month <= 6 else 1) - back
    return date(index // 2, 1 if index % 2 == 0 else 7, 1)


class History:
    def __init__(self, seed: int, today: date):
        self.rng = random.Random(f"{seed}:history")
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed * 31 + 7)
        self.today = today
        self.tz = timezone.get_default_timezone()
        self.now = timezone.make_aware(datetime.combine(today, clock(17, 0)), self.tz)
        self.start = half_year_start(today, HALF_YEARS - 1)
        self.result = HistoryResult()

    # Small helpers -----------------------------------------------------------------------------

    def weighted(self, pairs):
        values, weights = zip(*pairs, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, clock(hour, minute)), self.tz)

    def received(self, day: date, night: bool) -> datetime:
        if night:
            return self.at(day, self.rng.choice((19, 20, 21, 22, 23)), self.rng.randrange(0, 60, 5))
        while day.weekday() > 4:
            day -= timedelta(days=1)
        return self.at(day, self.rng.randint(8, 16), self.rng.randrange(0, 60, 5))

    def office_after(self, moment: datetime, working_days: int, hour: int) -> datetime:
        day = add_working_days(timezone.localtime(moment).date(), working_days) \
            if working_days else timezone.localtime(moment).date()
        return max(self.at(day, hour, self.rng.randrange(0, 60, 5)), moment + timedelta(hours=1))

    def reporter_name(self) -> str:
        prefix, name = people.surname(self.fake)
        initial = self.rng.choice("ABCDEFGHJKLMNPRSTW")
        return f"{initial}. {prefix + ' ' if prefix else ''}{name}"

    def profile(self, weights_of, children: bool) -> Profile:
        choices = [p for p in PROFILES if children or not p.needs_children]
        return self.rng.choices(choices, weights=[weights_of(p) for p in choices])[0]

    def violence(self, household: _Household) -> list[str]:
        if household.elderly:
            kinds = [ViolenceType.ELDER_ABUSE]
        elif household.children:
            kinds = [k for k, p in ((ViolenceType.CHILD_ABUSE, 0.65),
                                    (ViolenceType.PARTNER_VIOLENCE, 0.5)) if self.rng.random() < p]
            if self.rng.random() < 0.05:
                kinds.append(ViolenceType.VIOLENCE_AGAINST_PARENTS)
        else:
            kinds = [ViolenceType.PARTNER_VIOLENCE]
        roll = self.rng.random()
        if roll < 0.05:
            kinds.append(ViolenceType.OTHER_DOMESTIC)
        elif roll < 0.08:
            kinds = [ViolenceType.OTHER_PROBLEMS]
        elif roll < 0.10:
            kinds = [ViolenceType.NONE]
        return [str(k) for k in dict.fromkeys(kinds or [ViolenceType.CHILD_ABUSE])]

    # The plan ----------------------------------------------------------------------------------

    def households(self) -> list[_Household]:
        """The synthetic households without a report yet (others got theirs through the services)."""
        taken = set(Report.objects.filter(household__isnull=False).values_list("household_id",
                                                                                flat=True))
        cases: dict[int, list] = {}
        for pk, household_id, opened, closed in (
                Case.objects.filter(is_synthetic=True).order_by("opened_at", "pk")
                .values_list("pk", "household_id", "opened_at", "closed_at")):
            cases.setdefault(household_id, []).append((pk, opened, closed))
        members: dict[int, list] = {}
        for household_id, person_id, role in (
                HouseholdMember.objects.filter(household__is_synthetic=True)
                .order_by("household_id", "person_id")
                .values_list("household_id", "person_id", "role")):
            members.setdefault(household_id, []).append((person_id, role))
        from eendak.persons.models import Household

        return [_Household(pk, municipality_id, members.get(pk, []), cases.get(pk, []))
                for pk, municipality_id in (Household.objects.filter(is_synthetic=True)
                                            .exclude(pk__in=taken).order_by("pk")
                                            .values_list("pk", "municipality_id"))]

    def plan_reports(self, households: list[_Household]) -> list[dict]:
        planned = []
        days = (self.today - self.start).days
        for household in households:
            for case_id, opened, _closed in household.cases:
                day = timezone.localtime(opened).date() - timedelta(days=self.rng.randint(2, 10))
                planned.append({"household": household, "case": case_id, "day": day,
                                "opened": opened,
                                "decision": self.weighted(CASE_DECISIONS)})
            expected = REPORTS_PER_HOUSEHOLD * HALF_YEARS * days / (HALF_YEARS * 182.5)
            count = int(expected) + (self.rng.random() < expected - int(expected))
            for _ in range(count):
                day = self.start + timedelta(days=self.rng.randint(0, days))
                planned.append({"household": household, "case": None, "day": day,
                                "decision": self.weighted(OTHER_DECISIONS)})
        planned.sort(key=lambda p: (p["day"], p["household"].pk))
        return planned

    def late_share(self, day: date) -> float:
        """Assessments too late: about a quarter two years ago, about one in ten now."""
        age = max(0, (self.today - day).days)
        return 0.08 + min(age, 900) / 900 * 0.17

    # Writing it --------------------------------------------------------------------------------

    def run(self) -> HistoryResult:
        vt = (Membership.objects.filter(role=Role.VT_INTAKE, is_active=True,
                                        organisation__type=OrganisationType.VEILIG_THUIS)
              .select_related("user", "organisation").order_by("user__username").first())
        if vt is None:
            return self.result
        self.vt_user, self.vt = vt.user, vt.organisation
        households = self.households()
        self.write_reports(self.plan_reports(households))
        self.write_advice()
        return self.result

    def write_reports(self, planned: list[dict]):
        reports, reporters, involved, assessments, decisions = [], [], [], [], []
        investigations, findings = [], []
        last_of: dict[int, dict] = {}  # household -> its previous planned report
        lookback = timedelta(days=365 * settings.EENDAK_REREPORT_LOOKBACK_YEARS)
        number = 0
        for item in planned:
            household = item["household"]
            profile = self.profile(lambda p: p.report_weight, household.children)
            police_night = profile.channel == Channel.POLICE and self.rng.random() < 0.7
            received = self.received(item["day"], police_night)
            if received >= self.now:
                continue
            kinds = self.violence(household)
            acute = self.rng.random() < (0.12 if profile.channel in (Channel.POLICE,
                                                                     Channel.HOSPITAL) else 0.03)
            due = assessment_due_at(received, acute)
            number += 1
            report = Report(
                reference=f"{REPORT_PREFIX}{number:06d}", received_at=received,
                channel=profile.channel, organisation=self.vt, household_id=household.pk,
                municipality_id=household.municipality_id, violence_types=kinds,
                additional_info=[str(info) for info, p in ADDITIONAL if self.rng.random() < p],
                duration=self.weighted(DURATIONS), account=ACCOUNTS[kinds[0]], is_acute=acute,
                prior_involvement=self.prior_involvement(last_of.get(household.pk), received,
                                                         lookback),
                assessment_due_at=due, registered_by=self.vt_user, is_synthetic=True)
            item.update(report=report, received=received)
            last_of[household.pk] = item
            reports.append(report)
            reporters.append(Reporter(
                report=report, is_professional=profile.role not in (R.NON_PROFESSIONAL, R.UNKNOWN),
                role=profile.role, sector=profile.sector,
                name="" if profile.role == R.UNKNOWN else self.reporter_name(),
                organisation_name=profile.organisation, relation=profile.relation))
            involved += self.persons_concerned(report, household)
            self.follow(item, due, assessments, decisions, investigations, findings)
        for model, rows in ((Report, reports), (Reporter, reporters), (ReportPerson, involved),
                            (SafetyAssessment, assessments), (Decision, decisions),
                            (Investigation, investigations)):
            model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        for finding in findings:
            finding.investigation_id = finding.investigation.pk
        InvestigationFinding.objects.bulk_create(findings, batch_size=BATCH_SIZE)
        self.result.reports = len(reports)
        self.result.investigations = len(investigations)

    @staticmethod
    def persons_concerned(report: Report, household: _Household) -> list[ReportPerson]:
        rows = []
        adults = [p for p, role in household.members if role != HouseholdRole.CHILD]
        for person_id, role in household.members:
            if role == HouseholdRole.CHILD:
                kind = "child"
            elif person_id == adults[0]:
                kind = "victim"
            elif len(adults) > 1 and person_id == adults[1]:
                kind = "suspect"
            else:
                kind = "other"
            rows.append(ReportPerson(report=report, person_id=person_id, role=kind))
        return rows

    def prior_involvement(self, previous: dict | None, received: datetime, lookback) -> str:
        """As ``classify_prior_involvement`` reads it off the earlier report of the household."""
        if previous is None:
            return PriorInvolvement.FIRST_REPORT
        earlier = previous["report"]
        assessed = previous.get("assessed")
        if assessed is None or assessed > received:
            return PriorInvolvement.FOLLOW_UP_DURING_ASSESSMENT
        case_open = previous.get("case_open_until")
        if case_open is not None and case_open > received:
            if previous["decision"] == DecisionKind.CONDITIONS:
                return PriorInvolvement.FOLLOW_UP_DURING_MONITORING
            return PriorInvolvement.FOLLOW_UP_AFTER_ASSESSMENT
        if earlier.received_at >= received - lookback:
            return PriorInvolvement.RE_REPORT
        return PriorInvolvement.FIRST_REPORT

    def follow(self, item: dict, due: datetime, assessments, decisions, investigations, findings):
        """The assessment, the decision and an investigation, as far as their time has come."""
        report, received, household = item["report"], item["received"], item["household"]
        if report.is_acute:
            assessed = received + timedelta(hours=self.rng.randint(1, 20))
        elif self.rng.random() < self.late_share(received.date()):
            assessed = self.office_after(due, self.rng.randint(1, 8), 11)
        else:
            window = max(1, int((due - received).total_seconds() // 3600) - 16)
            assessed = min(due - timedelta(hours=2),
                           max(received + timedelta(hours=self.rng.randint(1, window)),
                               received + timedelta(hours=1)))
        recent = received > self.now - timedelta(days=14)
        if assessed >= self.now or (recent and self.rng.random() < 0.15 and item["case"] is None):
            report.status = ReportStatus.RECEIVED  # still waiting (past its deadline: too late)
            return
        self.result.late_assessments += assessed > due
        item["assessed"] = assessed
        acute_unsafety = report.is_acute and self.rng.random() < 0.8
        structural = acute_unsafety or self.rng.random() < 0.55
        triage = (Triage.DIRECT_DANGER if acute_unsafety else Triage.STRUCTURAL_SERIOUS if structural
                  else Triage.HARMFUL_MULTIPROBLEM if self.rng.random() < 0.3 else Triage.NONE)
        assessments.append(SafetyAssessment(
            report=report, acute_unsafety=acute_unsafety, structural_unsafety=structural,
            triage=triage, rationale=RATIONALE[triage], assessed_by=self.vt_user,
            assessed_role=Role.VT_INTAKE, assessed_at=assessed))
        decided = self.office_after(assessed, self.rng.choice((0, 1, 1, 2, 3)), 15)
        if item["case"] is not None:  # the case opened from this decision
            decided = max(assessed + timedelta(minutes=30), min(decided, item["opened"]))
        if decided >= self.now or (recent and item["case"] is None and self.rng.random() < 0.3):
            report.status = ReportStatus.ASSESSED
            return
        kind = item["decision"]
        if kind == DecisionKind.RVDK_REQUEST and not household.children:
            kind = DecisionKind.HANDOVER
        case_id = item["case"] or self.open_case_at(household, decided)
        decisions.append(Decision(
            report=report, kind=kind,
            handover_target=self.weighted(HANDOVER_TARGETS) if kind == DecisionKind.HANDOVER else "",
            rationale=DECISION_TEXT[kind], assessment_outcome=OUTCOME_FOR_DECISION[kind],
            case_id=case_id if kind != DecisionKind.END else None, decided_by=self.vt_user,
            decided_at=decided))
        item["decision"] = kind
        closes = kind in (DecisionKind.END, DecisionKind.HANDOVER)
        if case_id is not None and kind != DecisionKind.END:
            closed = next((c for pk, _o, c in household.cases if pk == case_id), None)
            item["case_open_until"] = closed or self.now + timedelta(days=3650)
            closes = closes or closed is not None
        if kind == DecisionKind.INVESTIGATION:
            closes = self.investigate(report, kind, decided, investigations, findings) and closes
        report.status = ReportStatus.DECIDED
        if kind == DecisionKind.END:
            report.status, report.closed_at = ReportStatus.CLOSED, decided
        elif closes and decided < self.now - timedelta(days=60):
            report.status = ReportStatus.CLOSED
            report.closed_at = min(decided + timedelta(days=self.rng.randint(7, 60)), self.now)

    def open_case_at(self, household: _Household, moment: datetime) -> int | None:
        return next((pk for pk, opened, closed in household.cases
                     if opened <= moment and (closed is None or closed > moment)), None)

    def investigate(self, report: Report, kind, decided: datetime, investigations, findings) -> bool:
        """Started on the day of the decision, due 10 weeks later; most end in time, some late,
        a few early; the youngest still run. True when it is completed."""
        started = timezone.localtime(decided).date()
        due = started + timedelta(weeks=settings.EENDAK_INVESTIGATION_WEEKS)
        roll = self.rng.random()
        if roll < 0.07:
            weeks, early = self.rng.randint(2, 6), True
        elif roll < 0.30:
            weeks, early = self.rng.randint(11, 15), False
        else:
            weeks, early = self.rng.randint(5, 10), False
        completed = started + timedelta(weeks=weeks, days=self.rng.randint(-3, 0))
        investigation = Investigation(report=report, started_on=started, due_on=due,
                                      closed_early=early)
        investigations.append(investigation)
        if completed >= self.today:
            return False  # still running (past ten weeks: too late)
        investigation.completed_on = completed
        investigation.conclusion = ("Onderzoek voortijdig beëindigd: het gezin verhuisde buiten de "
                                    "regio." if early else "Onderzoek afgerond; uitkomst per soort "
                                                           "geweld vastgelegd.")
        if not early:
            findings += [InvestigationFinding(investigation=investigation, violence_type=k,
                                              result=self.weighted(RESULTS))
                         for k in report.violence_types]
        return True

    def write_advice(self):
        """Advice requests over the same half-years, by municipality as its population goes."""
        municipality_ids = dict(Municipality.objects.values_list("cbs_code", "pk"))
        reports_per_day = self.result.reports / max(1, (self.today - self.start).days + 1)
        days = (self.today - self.start).days
        count = round(ADVICE_PER_REPORT * reports_per_day * days)
        rows = []
        for number in range(1, count + 1):
            day = self.start + timedelta(days=self.rng.randint(0, days))
            place = self.rng.choices(PLACES, weights=[p.population for p in PLACES])[0]
            children = self.rng.random() < 0.6
            profile = self.profile(lambda p: p.advice_weight, children)
            resident = profile.role == R.NON_PROFESSIONAL
            anonymous = resident and self.rng.random() < 0.5
            consent = not anonymous and self.rng.random() < 0.6
            question, advice = self.rng.choice(QUESTIONS)
            kinds = [ViolenceType.CHILD_ABUSE] if children else [self.rng.choice(
                (ViolenceType.PARTNER_VIOLENCE, ViolenceType.PARTNER_VIOLENCE,
                 ViolenceType.ELDER_ABUSE, ViolenceType.OTHER_DOMESTIC))]
            if children and self.rng.random() < 0.3:
                kinds.append(ViolenceType.PARTNER_VIOLENCE)
            received = self.received(day, night=False)
            if received >= self.now:
                continue
            rows.append(AdviceRequest(
                reference=f"{ADVICE_PREFIX}{number:06d}", received_at=received,
                channel=Channel.PHONE if self.rng.random() < 0.75 else Channel.WEB_FORM,
                asker_type=(AskerType.RESIDENT if resident else AskerType.VOLUNTEER
                            if self.rng.random() < 0.04 else AskerType.PROFESSIONAL),
                asker_role=profile.role, asker_sector=profile.sector, anonymous=anonymous,
                consent_to_contact=consent, asker_name=self.reporter_name() if consent else "",
                municipality_id=municipality_ids.get(place.cbs_code),
                violence_types=[str(k) for k in kinds], question=question, advice_given=advice,
                follow_up=self.weighted(ADVICE_FOLLOW_UPS), organisation=self.vt,
                handled_by=self.vt_user, is_synthetic=True))
        AdviceRequest.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        self.result.advice = len(rows)


def seed_history(seed: int, today: date) -> HistoryResult:
    return History(seed, today).run()


def remove_history():
    """The advice requests (no household: not removed with the households' reports)."""
    AdviceRequest.objects.filter(is_synthetic=True, reference__startswith=ADVICE_PREFIX).delete()


# --- The Veiligheidsteam's earlier half-years ------------------------------------------------------

TEAM_PREFIX = "DEMO-VT-"
CONFERENCE_PREFIX = "DEMO-CO-"
TEAM_REFERRALS = 10  # per half-year at most: the region's 50-100 most serious families a year, scaled
CASES_PER_REFERRAL = 25  # fewer on a small data set: one referral per half-year per 25 cases
TEAM_ACCEPTED = 0.75
CONFERENCE_EVERY_DAYS = 14
TEAM_QUIET_DAYS = 35  # the last weeks are ``demo.conferences``' (this week's triage, next week's)


@dataclass
class TeamHistoryResult:
    referrals: int = 0
    conferences: int = 0


def seed_team_history(seed: int, today: date) -> TeamHistoryResult:
    """Referrals, triage decisions and held case conferences of the half-years before the team's
    present work (``demo.conferences``), in bulk: referred by Veilig Thuis, accepted (and handed
    back to the local team at stable safety) or not accepted, each accepted family discussed in
    one to three conferences. On synthetic cases that were open at the time and have no referral
    yet; the team's own families are left alone."""
    from eendak.conferences import workflow
    from eendak.conferences.models import AgendaItem, Conference, Referral, TriageDecision
    from eendak.conferences.queries import team_organisation
    from eendak.conferences.workflow import (
        ConferenceStatus,
        Informed,
        ReferralStatus,
        TriageOutcome,
    )
    from eendak.core.reference import local_team

    rng = random.Random(f"{seed}:team-history")
    result = TeamHistoryResult()
    team = team_organisation()
    member = (Membership.objects.filter(organisation=team, role=Role.SAFETY_TEAM_MEMBER,
                                        is_active=True).select_related("user")
              .order_by("user__username").first()) if team else None
    vt = (Membership.objects.filter(role=Role.VT_INTAKE, is_active=True,
                                    organisation__type=OrganisationType.VEILIG_THUIS)
          .select_related("user", "organisation").order_by("user__username").first())
    if member is None or vt is None:
        return result
    tz = timezone.get_default_timezone()
    teams = {m.pk: local_team(m) for m in Municipality.objects.all()}
    cases = list(Case.objects.filter(is_synthetic=True, safety_team_referrals__isnull=True)
                 .order_by("reference")
                 .values_list("pk", "opened_at", "closed_at", "household__municipality_id"))
    used: set[int] = set()
    quiet = today - timedelta(days=TEAM_QUIET_DAYS)
    referrals, decisions, accepted_on = [], [], []
    for back in range(HALF_YEARS - 1, -1, -1):
        first = half_year_start(today, back)
        last = min(half_year_start(today, back - 1) - timedelta(days=1), quiet)
        if last <= first:
            continue
        for _ in range(min(TEAM_REFERRALS, max(1, len(cases) // CASES_PER_REFERRAL))):
            day = first + timedelta(days=rng.randint(0, (last - first).days))
            day -= timedelta(days=max(0, day.weekday() - 4))  # Veilig Thuis refers on a working day
            moment = timezone.make_aware(datetime.combine(day, clock(rng.randint(9, 15))), tz)
            open_then = [c for c in cases if c[0] not in used and c[1] < moment - timedelta(days=7)
                         and (c[2] is None or c[2] > moment + timedelta(days=30))]
            if not open_then:
                break
            case_id, _opened, closed, municipality_id = rng.choice(open_then)
            used.add(case_id)
            triage_on = workflow.triage_date_for(moment)  # the triage calendar's own rule
            accepted = rng.random() < TEAM_ACCEPTED
            back_at = None
            if accepted:
                back_at = timezone.make_aware(datetime.combine(
                    min(triage_on + timedelta(days=rng.randint(90, 240)), quiet), clock(14)), tz)
                if closed is not None:
                    back_at = min(back_at, closed - timedelta(days=1))
            number = len(referrals) + 1
            referral = Referral(
                reference=f"{TEAM_PREFIX}{number:06d}", case_id=case_id,
                status=ReferralStatus.HANDED_BACK if accepted else ReferralStatus.NOT_ACCEPTED,
                requesting_organisation=vt.organisation, requested_by=vt.user,
                requested_at=moment, referred_at=moment, triage_on=triage_on,
                reason="Herhaald ernstig geweld en een lange voorgeschiedenis bij Veilig Thuis; "
                       "de hulp kwam niet van de grond.",
                goal="Eén plan voor straf en zorg, met één regisseur, tot stabiele veiligheid.",
                escalation_signals=rng.sample(["separation", "increasing", "weapon", "stalking",
                                               "ban_breached", "child_harmed"], 2),
                vt_decided_by=vt.user, coordinator=member.user if accepted else None,
                accepted_on=triage_on if accepted else None, handed_back_at=back_at,
                handed_back_to=teams.get(municipality_id) if accepted else None,
                is_synthetic=True)
            referrals.append(referral)
            decisions.append(TriageDecision(
                referral=referral, triage_on=triage_on,
                outcome=TriageOutcome.ACCEPT if accepted else TriageOutcome.NOT_ACCEPT,
                reason=("Past bij het Veiligheidsteam: ernstig, herhaald geweld; straf en zorg "
                        "nodig." if accepted else "Past niet: het lokale team en Veilig Thuis "
                        "kunnen de veiligheid samen waarborgen."),
                decided_by=member.user,
                decided_at=timezone.make_aware(datetime.combine(triage_on, clock(10, 30)), tz)))
            if accepted:
                accepted_on.append(referral)
    Referral.objects.bulk_create(referrals, batch_size=BATCH_SIZE)
    TriageDecision.objects.bulk_create(decisions, batch_size=BATCH_SIZE)
    # The team took part in the case from its acceptance until it handed the family back.
    Participation.objects.bulk_create([
        Participation(case_id=r.case_id, organisation=team,
                      task="Veiligheidsteam: één plan en één regisseur (straf en zorg)",
                      started_at=timezone.make_aware(datetime.combine(r.accepted_on, clock(15)), tz),
                      ended_at=r.handed_back_at)
        for r in accepted_on], batch_size=BATCH_SIZE)
    result.referrals = len(referrals)

    # Conferences every other Thursday afternoon; each accepted family is discussed in the first
    # ones after its acceptance (one to three), while the team still has it.
    conferences, items = [], []
    day = half_year_start(today, HALF_YEARS - 1)
    day += timedelta(days=(3 - day.weekday()) % 7)
    while day <= quiet:
        starts_at = timezone.make_aware(datetime.combine(day, clock(13, 30)), tz)
        for referral in accepted_on:
            if not hasattr(referral, "_times"):
                referral._times = rng.randint(1, 3)
        due = [r for r in accepted_on if r.accepted_on < day
               and (r.handed_back_at is None or r.handed_back_at > starts_at)
               and sum(i.referral is r for i in items) < r._times]
        if due:
            conference = Conference(
                reference=f"{CONFERENCE_PREFIX}{len(conferences) + 1:05d}", starts_at=starts_at,
                place="Zorg- en Veiligheidshuis Hart van Brabant, Tilburg", chair=member.user,
                status=ConferenceStatus.HELD, created_by=member.user,
                created_at=starts_at - timedelta(days=7), is_synthetic=True)
            conferences.append(conference)
            for position, referral in enumerate(due[:4]):
                items.append(AgendaItem(conference=conference, referral=referral,
                                        position=position, informed=Informed.INFORMED,
                                        informed_recorded_by=member.user))
        day += timedelta(days=CONFERENCE_EVERY_DAYS)
    Conference.objects.bulk_create(conferences, batch_size=BATCH_SIZE)
    for item in items:
        item.conference_id, item.referral_id = item.conference.pk, item.referral.pk
    AgendaItem.objects.bulk_create(items, batch_size=BATCH_SIZE)
    result.conferences = len(conferences)
    return result
