"""The Veiligheidsteam's work in the demo: referrals waiting, this week's triage, case conferences
held and coming, measures of criminal justice and care, and a family handed back at stable safety.

Why it is built this way:

- **Through the services.** Every referral, triage decision, contribution, decision, plan action and
  measure is made by ``eendak.conferences.services`` (and ``eendak.cases.services`` for taking part,
  handovers, safety conditions, the phase and action statuses), acting as the person of the
  organisation that would do it: the demo users ``intake`` (Veilig Thuis), ``veiligheidsteam``,
  ``politie`` and ``ggz``, and the team's colleagues at the other partners (``COLLEAGUES``: people
  without a password, who cannot log in). So the rules are asked (a demo that breaks one fails
  here), and the journal, the notices and the access log are what real use would have written.
- **Anchored on the moment of seeding.** This work is about *now*: this week's triage, a conference
  next week, a house ban that ends the day after tomorrow. The services and the pages take their
  time from the clock, so this part is dated from the day of seeding, not from ``--today`` (which
  dates the households and their cases). A past step runs inside ``backdated(moment)``; at the end
  the timestamps each step wrote with the clock (journal, taking part, handover, notice, decision,
  contribution, measure, ...) move to its moment, in one pass (``_backdate``: two queries per
  timestamp, not per step; nothing in the services reads them back). Dates that a rule derives
  are derived again by the same rule: a referral's triage date from the moment of referral
  (``workflow.triage_date_for``, and the texts that name it with it), the monitoring moments from
  the day the conditions were set. The access log keeps the moment of seeding: it takes its time
  from the clock, never from a caller.
- **A history at Veilig Thuis first.** The team is for families with a long history of reports
  and a high risk, and a referral keeps that history as counted from the file when it is made
  (``conferences.queries.referral_history``). So before a family is referred, Veilig Thuis takes
  its two to four earlier reports (``HISTORIES``), spread over the years before, through the
  intake's services (``TeamDemo.history``): assessed, some with a risk instrument (DASH, RiHG,
  LIRIK), decided — the older ones ended and closed, the later ones decided into the open case —
  the reporter told, the persons informed and the joint conversation held, so none of them waits
  in the intake's work queue or its signals. Those rows are moved to their moments at once, not at
  the end: the referral keeps the instruments' dates.
- **Deterministic.** The households, texts and dates follow from the seed and the day of seeding.
- **Best effort on tiny data sets.** The families are filled in order of importance (``SLOTS``);
  a data set with fewer open cases gets fewer of them, never an error.
"""

import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from eendak.cases import services as cases
from eendak.cases.models import (
    ActionStatus,
    Case,
    CaseStatus,
    Handover,
    HandoverStatus,
    JournalEntry,
    LegalBasis,
    MonitoringMoment,
    Participation,
    Phase,
    PhaseChange,
    PlanAction,
    PlanVersion,
    Recurrence,
    SafetyCondition,
)
from eendak.cases.queries import active_participation
from eendak.cases.services import RECURRENCE_WINDOW_DAYS
from eendak.conferences import services as team_services
from eendak.conferences import workflow
from eendak.conferences.models import (
    AgendaItem,
    Conference,
    ConferenceDecision,
    Contribution,
    MeasureKind,
    Notice,
    Referral,
    TriageDecision,
)
from eendak.conferences.models import Measure as MeasureRow
from eendak.conferences.queries import team_organisation
from eendak.conferences.workflow import Informed, TriageOutcome
from eendak.core.actors import Actor
from eendak.core.models import Membership, Organisation, User
from eendak.core.reference import local_team
from eendak.core.roles import Capability, Role, role_spec
from eendak.core.workdays import add_months, add_working_days
from eendak.intake import instruments
from eendak.intake import services as intake
from eendak.intake.models import (
    Decision,
    FeedbackMoment,
    FeedbackTask,
    InstrumentResult,
    Investigation,
    Report,
    SafetyAssessment,
    Triage,
)
from eendak.intake.workflow import SERVICES, DecisionKind
from eendak.persons.models import HouseholdMember, HouseholdRole, Sex

from .accounts import DEMO_ACCOUNTS

PLACE = "Zorg- en Veiligheidshuis Hart van Brabant, Tilburg"


@dataclass(frozen=True)
class Colleague:
    """Someone at a partner of the team who writes in the demo but has no account to log in with."""

    username: str
    first_name: str
    last_name: str
    organisation: str


COLLEAGUES = {
    "om": Colleague("collega-om", "Olga", "Officier", "Openbaar Ministerie Zeeland-West-Brabant"),
    "reclassering": Colleague("collega-reclassering", "Rik", "Reclassering",
                              "Reclassering Nederland"),
    "raad": Colleague("collega-raad", "Roos", "van de Raad", "Raad voor de Kinderbescherming"),
    "jeugdbescherming": Colleague("collega-jeugdbescherming", "Jesse", "Jeugdbescherming",
                                  "Jeugdbescherming Brabant"),
    "novadic": Colleague("collega-novadic", "Vincent", "Verslavingszorg", "Novadic-Kentron"),
    "sterkhuis": Colleague("collega-sterkhuis", "Sofie", "Opvang", "Sterk Huis"),
    "gezinsmanagement": Colleague("collega-gezinsmanagement", "Gert", "Gezinsmanagement",
                                  "Gezinsmanagement Tilburg"),
    "toegang": Colleague("collega-toegang", "Tamara", "Toegang", "Toegang Tilburg"),
}

# The families, most important first: a small data set fills the first ones.
HOUSE_BAN = "house_ban"  # asked for by the police; accepted; a house ban ends in two days
NEW_FAMILY = "new_family"  # accepted at the last triage; GGz invited for it alone next week
JUSTICE_AND_CARE = "justice_and_care"  # prosecutor, contact ban, probation, mental health care
REQUESTED = "requested"  # the police ask Veilig Thuis to refer; Veilig Thuis still to decide
THIS_WEEK = "this_week"  # referred by Veilig Thuis, on this week's triage agenda
NOT_YET = "not_yet"  # "not yet" at the last triage, back on this week's agenda
HANDED_BACK = "handed_back"  # back to the local team at stable safety, three days ago
PARTNER_REFERRED = "partner_referred"  # asked for by the police, referred by Veilig Thuis
NOT_ACCEPTED = "not_accepted"  # not accepted at the last triage
SLOTS = (HOUSE_BAN, NEW_FAMILY, JUSTICE_AND_CARE, REQUESTED, THIS_WEEK, NOT_YET, HANDED_BACK,
         PARTNER_REFERRED, NOT_ACCEPTED)
CANDIDATES = 400  # open cases looked at (by reference): enough, and cheap on the large data set

# The timestamps a step writes with the clock. Every row of these models that the team's demo
# writes comes after the mark taken when it starts (``TeamDemo.marks``), so its rows are found by id
# and time alone, without a join.
CLOCKED = (
    (JournalEntry, ("occurred_at",)),
    (Participation, ("started_at",)),
    (Handover, ("offered_at", "responded_at")),
    (PhaseChange, ("decided_at",)),
    (PlanVersion, ("created_at",)),
    (SafetyCondition, ("set_at",)),
    (Referral, ("requested_at", "referred_at", "handed_back_at")),
    (TriageDecision, ("decided_at",)),
    (Notice, ("created_at", "seen_at")),
    (Conference, ("created_at",)),
    (Contribution, ("created_at",)),
    (ConferenceDecision, ("created_at",)),
    (MeasureRow, ("recorded_at",)),
)
# The same for the intake's rows of a family's history (``TeamDemo.history``). They are moved as
# soon as a family's history is written, before it is referred: the referral keeps the instruments'
# dates in its history (``conferences.queries.referral_history``).
INTAKE_CLOCKED = (
    (Report, ("closed_at",)),
    (SafetyAssessment, ("assessed_at",)),
    (InstrumentResult, ("assessed_at",)),
    (Decision, ("decided_at",)),
    (FeedbackTask, ("completed_at",)),
    (Recurrence, ("created_at", "seen_at")),
)
CLOCKED += INTAKE_CLOCKED


# The family's history at Veilig Thuis -----------------------------------------------------------
# What makes a family fit for the team is counted from the file when it is referred: the reports
# about the household and the risk instruments' outcomes. Before a family is referred, Veilig Thuis
# takes its earlier reports, assesses them and decides, through the intake's services. In the texts
# ``{v}`` and ``{p}`` are the victim and the perpetrator, ``{k}`` the child or "de kinderen" (worded
# so that either reads).


@dataclass(frozen=True)
class ReportKind:
    """Who reported what, and what Veilig Thuis made of it."""

    channel: str
    reporter: tuple[str, str, str, str, str]  # name, role, sector, organisation, relation
    violence: tuple[str, ...]
    account: str
    assessment: str
    triage: str = Triage.STRUCTURAL_SERIOUS
    acute: bool = False
    structural: bool = True
    duration: str = "1_5_jaar"
    night: bool = False  # an incident in the evening or at night (not office hours)
    children: bool = False  # about the children: another kind where there are none


POLICE = ("Wijkagent R. Bakker", "justitie_politie", "politie", "Politie Zeeland-West-Brabant", "")
REPORT_KINDS = {
    "school": ReportKind(
        "professional", ("J. Verbeek", "onderwijs", "onderwijs", "Basisschool De Regenboog",
                         "intern begeleider van de school"), ("kindermishandeling",),
        "Zorgen over {k}: gespannen en moe op school, met verhalen over ruzies thuis waarbij {p} "
        "schreeuwt en met spullen gooit. Een gesprek met {v} leverde weinig op.",
        "Getuige van ruzies tussen de ouders; geen acuut gevaar, wel zorgen over de ontwikkeling.",
        triage=Triage.HARMFUL_MULTIPROBLEM, children=True),
    "neighbours": ReportKind(
        "phone", ("A. de Wit", "niet_beroepsmatig", "niet_van_toepassing", "", "buurvrouw"),
        ("partnergeweld",),
        "Een buurvrouw hoort bijna elke week harde ruzies en gebonk. Gisteravond hoorde zij {v} "
        "gillen en om hulp roepen; {p} sloeg de deur dicht en reed weg.",
        "Herhaalde ruzies met fysiek geweld; {v} bevestigt dat het vaker gebeurt maar wil het "
        "samen oplossen.", duration="6_12_maanden"),
    "police": ReportKind(
        "police", POLICE, ("partnergeweld",),
        "Politie ter plaatse na een melding van buren. {v} had letsel in het gezicht en verklaarde "
        "door {p} geslagen te zijn; {p} had gedronken en is meegenomen naar het bureau.",
        "Fysiek geweld met letsel, alcohol in het spel; structurele onveiligheid.", night=True),
    "police_ban": ReportKind(
        "police", POLICE, ("partnergeweld", "kindermishandeling"),
        "Politie ter plaatse na een ruzie over de omgang. {p} duwde {v} tegen de grond, in het "
        "bijzijn van {k}. De burgemeester legde {p} een tijdelijk huisverbod op.",
        "Herhaald geweld rond de omgang, met {k} erbij; huisverbod opgelegd.",
        triage=Triage.DIRECT_DANGER, acute=True, night=True, children=True),
    "police_knife": ReportKind(
        "police", POLICE, ("partnergeweld", "kindermishandeling"),
        "Politie ter plaatse: {p} dreigde {v} met een mes in het bijzijn van {k}. {p} is "
        "aangehouden; {v} en {k} slapen vannacht bij familie.",
        "Dreiging met een wapen, met {k} erbij: direct gevaar.", triage=Triage.DIRECT_DANGER,
        acute=True, night=True, children=True),
    "police_threat": ReportKind(
        "police", POLICE, ("partnergeweld",),
        "Vierde keer in drie maanden ter plaatse. {p} dreigt {v} iets aan te doen als die "
        "weggaat; {v} is erg bang en durft geen aangifte te doen.",
        "Doodsbedreiging bij een voorgenomen scheiding; het geweld neemt toe.",
        triage=Triage.DIRECT_DANGER, acute=True, night=True),
    "police_withdrawn": ReportKind(
        "police", POLICE, ("partnergeweld",),
        "Politie na een 112-melding van {v}: {p} had {v} geslagen en de telefoon afgepakt. Ter "
        "plaatse wilde {v} geen aangifte doen en zei dat het meeviel.",
        "Herhaald fysiek geweld; {v} trekt meldingen in uit angst.", night=True),
    "stalking": ReportKind(
        "police", POLICE, ("partnergeweld",),
        "{v} doet aangifte van stalking: {p} staat sinds de scheiding bijna dagelijks bij de woning "
        "en stuurt tientallen berichten per dag, ook na het contactverbod.",
        "Stalking na de scheiding en een overtreden contactverbod; structurele onveiligheid.",
        duration="1_6_maanden"),
    "hospital": ReportKind(
        "hospital", ("Dr. S. Aydin", "medisch", "gezondheidszorg", "Elisabeth-TweeSteden Ziekenhuis",
                     "SEH-arts"), ("partnergeweld",),
        "{v} op de Spoedeisende Hulp met striemen in de hals na verwurging door {p}. {v} wil niet "
        "terug naar huis; {p} gebruikt veel alcohol en cocaïne.",
        "Verwurging: een sterke voorspeller van dodelijk geweld. Direct gevaar; opvang geregeld.",
        triage=Triage.DIRECT_DANGER, acute=True, night=True),
    "doctor": ReportKind(
        "professional", ("H. Smits", "medisch", "gezondheidszorg", "Huisartsenpraktijk De Linde",
                         "huisarts"), ("partnergeweld",),
        "{v} komt met blauwe plekken op de armen en vertelt dat {p} al jaren slaat als die "
        "gedronken heeft. {v} durft niet te scheiden.", "Langdurig partnergeweld; geen acuut "
        "gevaar, wel structurele onveiligheid.", duration="meer_dan_5_jaar"),
    "neglect": ReportKind(
        "professional", ("M. Peeters", "medisch", "gezondheidszorg", "GGD Hart voor Brabant",
                         "jeugdverpleegkundige"), ("kindermishandeling",),
        "Zorgen over {k}: vaak zonder eten op school, blauwe plekken die niet goed verklaard "
        "worden. Vijf organisaties helpen het gezin, maar niemand heeft het overzicht.",
        "Ernstige verwaarlozing en vermoedelijk lichamelijk geweld tegen de kinderen.",
        children=True),
    "worries": ReportKind(
        "phone", ("K. van Dijk", "niet_beroepsmatig", "niet_van_toepassing", "", "familielid"),
        ("andere_problematiek",),
        "Een familielid maakt zich zorgen: {v} en {p} maken veel ruzie over geld en de scheiding, "
        "maar er is geen geweld gezien.", "Spanningen rond de scheiding; geen huiselijk geweld "
        "vastgesteld.", triage=Triage.NONE, structural=False, duration="1_6_maanden"),
}
# Without children in the household, a report about them is a neighbour's call instead.
ADULTS_ONLY = "neighbours"

# The risk instruments (``intake.instruments``): the items answered yes, or a licensed one's outcome.
DASH_HIGH = ("q01", "q02", "q03", "q04", "q06", "q07", "q10", "q12", "q13", "q14", "q15", "q17",
             "q21", "q23", "q24", "q05")  # 16: "hoog risico" from 14
INSTRUMENT_ANSWERS = {
    "dash_high": ("dash", DASH_HIGH, ""),
    "dash_strangulation": ("dash", DASH_HIGH + ("q18",), ""),
    "dash_stalking": ("dash", DASH_HIGH + ("q08",), ""),
    "dash_medium": ("dash", DASH_HIGH[:11], ""),  # 10-13: "gemiddeld risico"
    "dash_standard": ("dash", ("q02", "q06", "q07", "q10", "q23", "q04"), ""),
    "rihg_ban": ("rihg", ("A1", "A2", "A5", "A6", "B3", "C1", "C2", "C5"), ""),  # two reds in A
    "rihg_knife": ("rihg", ("A1", "A2", "A3", "A5", "A6", "B1", "B3", "C1", "C3"), ""),
    "rihg_no_ban": ("rihg", ("A1", "A5", "B3", "B5", "C2"), ""),
    "lirik": ("lirik", (), "Onveilig: ernstige zorgen over de basale verzorging en de lichamelijke "
                          "veiligheid van de kinderen."),
}

DECISION_RATIONALE = {
    DecisionKind.END: "Veiligheidsbeoordeling afgerond: geen acute onveiligheid meer. {v} en {p} "
                      "nemen hulp aan van het lokale team; Veilig Thuis beëindigt de bemoeienis.",
    DecisionKind.CONDITIONS: "Veiligheidsvoorwaarden afgesproken met {v} en {p}; Veilig Thuis "
                             "monitort ze samen met het lokale team.",
    DecisionKind.INVESTIGATION: "Onderzoek naar de veiligheid en ontwikkeling van {k}: de zorgen "
                                "zijn ernstig en de hulp is versnipperd.",
}


@dataclass(frozen=True)
class EarlierReport:
    days_before: int  # before the family is referred (or a partner asks Veilig Thuis to)
    kind: str  # a key of REPORT_KINDS
    decision: str = DecisionKind.END
    instrument: str = ""  # a key of INSTRUMENT_ANSWERS


def _histories() -> dict[str, tuple[EarlierReport, ...]]:
    """Per family (oldest first), as its referral tells it: the older reports ended, the later ones
    led to the open case (Veilig Thuis's conditions; for one family its investigation, running)."""
    r, conditions, investigation = EarlierReport, DecisionKind.CONDITIONS, DecisionKind.INVESTIGATION
    return {
        HOUSE_BAN: (r(1500, "school"), r(330, "neighbours", conditions),
                    r(150, "police", conditions, "dash_medium"),
                    r(21, "police_knife", conditions, "rihg_knife")),
        NEW_FAMILY: (r(1100, "police"), r(400, "doctor", conditions, "dash_medium"),
                     r(8, "hospital", conditions, "dash_strangulation")),
        JUSTICE_AND_CARE: (r(1300, "doctor"), r(700, "neighbours"),
                           r(60, "police", conditions, "dash_high")),
        REQUESTED: (r(800, "neighbours"), r(75, "police", conditions, "rihg_no_ban"),
                    r(20, "police_threat", conditions, "dash_high")),
        THIS_WEEK: (r(600, "neighbours"), r(120, "police", conditions, "rihg_ban"),
                    r(18, "stalking", conditions, "dash_stalking")),
        NOT_YET: (r(1000, "school"), r(420, "neighbours"), r(40, "neglect", investigation, "lirik")),
        HANDED_BACK: (r(1200, "school"), r(400, "police_ban", conditions, "rihg_ban"),
                      r(170, "police_ban", conditions, "rihg_ban"),
                      r(40, "neighbours", conditions, "dash_high")),
        PARTNER_REFERRED: (r(700, "police_withdrawn"), r(260, "police_withdrawn"),
                           r(40, "police", conditions, "dash_high")),
        NOT_ACCEPTED: (r(500, "worries"), r(35, "police", conditions, "dash_standard")),
    }


HISTORIES = _histories()


@dataclass
class Family:
    slot: str
    case_id: int
    household_id: int
    municipality_id: int
    adults: list
    children: list
    referral: Referral | None = None
    items: dict = field(default_factory=dict)  # conference reference -> agenda item

    @property
    def case(self) -> Case:
        """Read afresh for every step: ``cases.permissions.relation`` remembers an organisation's
        relation on the instance, and a step may have just changed it."""
        return Case.objects.select_related("household").get(pk=self.case_id)

    @property
    def perpetrator(self):
        if len(self.adults) < 2:
            return None
        men = [p for p in self.adults if p.sex == Sex.MALE]
        return men[0] if len(men) == 1 else self.adults[1]

    @property
    def victim(self):
        return next((p for p in self.adults if p != self.perpetrator), None)

    @property
    def p(self) -> str:
        return _first_name(self.perpetrator) if self.perpetrator else "de ex-partner"

    @property
    def v(self) -> str:
        return _first_name(self.victim) if self.victim else "de ouder"

    @property
    def k(self) -> str:
        return _first_name(self.children[0]) if len(self.children) == 1 else "de kinderen"


def _first_name(person) -> str:
    return person.given_names.split()[0]


@dataclass
class TeamDemoResult:
    referrals: int = 0
    conferences: int = 0
    measures: int = 0


def ensure_colleagues() -> dict[str, User]:
    """The colleagues at the team's partners (idempotent). No password: they cannot log in."""
    users = {}
    for key, colleague in COLLEAGUES.items():
        organisation = Organisation.objects.filter(name=colleague.organisation).first()
        if organisation is None:
            continue
        user = User.objects.filter(username=colleague.username).first()
        if user is None:
            user = User(username=colleague.username, first_name=colleague.first_name,
                        last_name=colleague.last_name, is_demo_account=True)
            user.set_unusable_password()
            user.save()
        Membership.objects.get_or_create(user=user, organisation=organisation,
                                         role=Role.PARTNER_LIAISON)
        users[key] = user
    return users


class TeamDemo:
    def __init__(self, seed: int):
        self.rng = random.Random(f"{seed}:conferences")
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.tz = timezone.get_default_timezone()
        self.team = team_organisation()
        self.marks = {model: model.objects.aggregate(m=Max("pk"))["m"] or 0 for model, _ in CLOCKED}
        self.steps: list[tuple[datetime, datetime, datetime]] = []  # (began, ended, moment)
        self.result = TeamDemoResult()

    # The calendar -----------------------------------------------------------------------------

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        """A moment on ``day``, never later than yesterday: a past step is never in the future."""
        day = min(day, self.today - timedelta(days=1))
        return timezone.make_aware(datetime.combine(day, clock(hour, minute)), self.tz)

    def office(self, day: date, hour: int, minute: int = 0) -> datetime:
        """Like ``at``, on the working day on or before ``day``: office work, not an incident."""
        moment = self.at(day, hour, minute)
        return moment - timedelta(days=max(0, moment.weekday() - 4))

    @property
    def last_triage(self) -> date:
        """The last triage day before today."""
        day = workflow.triage_day_of_week(self.today)
        return day if day < self.today else day - timedelta(days=7)

    def triage_weeks_ago(self, weeks: int) -> date:
        return self.last_triage - timedelta(days=7 * weeks)

    @property
    def this_weeks_triage(self) -> date:
        """The triage the team holds this week (today, or the coming one), as its pages show it."""
        return workflow.coming_triage(self.today)

    def before_deadline(self, triage_on: date, days: int, hours: int = 0) -> datetime:
        """A working-day moment about ``days`` and ``hours`` before the deadline of ``triage_on``'s
        agenda, and after the week before's: the referral makes that agenda."""
        deadline = workflow.triage_deadline(triage_on)
        moment = timezone.localtime(deadline - timedelta(days=days, hours=hours))
        while moment.weekday() > 4 and moment - timedelta(days=1) > deadline - timedelta(days=7):
            moment -= timedelta(days=1)
        return moment

    def this_week(self, day: date, hour: int, minute: int = 0, *, rank: int = 1) -> datetime:
        """A moment on ``day``, but after last week's deadline, so it makes this week's agenda
        (just after the deadline, ``rank`` keeps the steps of one referral in their order)."""
        earliest = workflow.triage_deadline(self.this_weeks_triage - timedelta(days=7))
        latest = min(workflow.triage_deadline(self.this_weeks_triage) - timedelta(minutes=30),
                     self.now)
        return min(max(self.office(day, hour, minute), earliest + timedelta(minutes=10 * rank)),
                   latest - timedelta(minutes=10 * (3 - rank)))

    def thursday(self, on_or_before: date) -> date:
        return on_or_before - timedelta(days=(on_or_before.weekday() - 3) % 7)

    @contextmanager
    def before_it_was_held(self, conference):
        """A consulting partner contributes before the conference (its access ends with it): the
        demo writes that contribution while the conference still lies ahead, then puts it back."""
        starts_at = conference.starts_at
        Conference.objects.filter(pk=conference.pk).update(starts_at=timezone.now()
                                                           + timedelta(hours=1))
        try:
            yield
        finally:
            Conference.objects.filter(pk=conference.pk).update(starts_at=starts_at)

    @contextmanager
    def backdated(self, moment: datetime):
        """Run a step whose timestamps belong at ``moment`` (moved there by ``_backdate``)."""
        began = timezone.now()
        yield
        self.steps.append((began, timezone.now(), moment))

    def _backdate(self, clocked=CLOCKED):
        """Every timestamp a step wrote with the clock moves to the step's moment (a step within a
        step: the inner one's). A row moved once is in the past and is not looked at again."""
        innermost_first = sorted(self.steps, key=lambda step: step[0], reverse=True)

        def moment_of(value):
            return next((moment for began, ended, moment in innermost_first
                         if began <= value <= ended), None)

        for model, names in clocked:
            for name in names:
                rows = (model.objects.filter(pk__gt=self.marks[model], **{f"{name}__gte": self.now})
                        .values_list("pk", name))
                moved = [model(pk=pk, **{name: moment}) for pk, value in rows
                         if (moment := moment_of(value)) is not None]
                model.objects.bulk_update(moved, [name], batch_size=500)

    # Who acts ---------------------------------------------------------------------------------

    def _actors(self, colleagues: dict[str, User]) -> bool:
        usernames = [a.username for a in DEMO_ACCOUNTS] + [u.username for u in colleagues.values()]
        memberships = {m.user.username: m for m in Membership.objects.filter(
            user__username__in=usernames, is_active=True).select_related("user", "organisation")}

        def actor(username, index):
            membership = memberships.get(username)
            if membership is None:
                return None
            membership.user.acting_membership = membership
            return Actor(user=membership.user, membership=membership,
                         ip_address=f"10.30.{index}.{20 + index}")

        # Who acknowledges a recurrence signalled to its organisation (``history``).
        self.client_data_actors = {
            m.organisation_id: actor(username, 30 + i)
            for i, (username, m) in enumerate(sorted(memberships.items()))
            if Capability.CLIENT_DATA in role_spec(m.role).capabilities}
        self.vt = actor("intake", 1)
        self.member = actor("veiligheidsteam", 2)
        self.police = actor("politie", 3)
        self.ggz = actor("ggz", 4)
        self.colleague = {key: actor(user.username, 10 + i)
                          for i, (key, user) in enumerate(sorted(colleagues.items()))}
        return None not in (self.vt, self.member, self.police, self.ggz, self.team)

    def org(self, key: str) -> Organisation:
        return self.colleague[key].organisation

    # Households -------------------------------------------------------------------------------

    def _families(self) -> dict[str, Family]:
        """Open cases for the families: two adults and children first, a history first (an earlier
        case), never one where GGz takes part (it comes in as a consulting partner); the family
        handed back lives in Tilburg, where the demo local-team accounts work."""
        ggz = self.ggz.organisation
        earlier = Case.objects.filter(household=OuterRef("household"), status=CaseStatus.CLOSED)
        open_cases = list(
            Case.objects.filter(is_synthetic=True, status=CaseStatus.OPEN)
            .exclude(participations__organisation=ggz)
            .annotate(history=Exists(earlier))
            .select_related("household__municipality").order_by("reference")[:CANDIDATES])
        members: dict[int, list] = {}
        for member in (HouseholdMember.objects
                       .filter(household_id__in=[c.household_id for c in open_cases])
                       .select_related("person").order_by("person__date_of_birth", "person_id")):
            members.setdefault(member.household_id, []).append(member)

        def adults_and_children(case):
            rows = members.get(case.household_id, [])
            return ([m.person for m in rows if m.role != HouseholdRole.CHILD],
                    [m.person for m in rows if m.role == HouseholdRole.CHILD])

        def rank(case):
            adults, children = adults_and_children(case)
            return (not (len(adults) >= 2 and children), not case.history, self.rng.random())

        ranked = sorted(open_cases, key=rank)
        families = {}
        for slot in SLOTS:
            if not ranked:
                break
            pick = ranked[0]
            if slot == HANDED_BACK:
                pick = next((c for c in ranked if c.household.municipality.name == "Tilburg"), pick)
            ranked.remove(pick)
            adults, children = adults_and_children(pick)
            families[slot] = Family(slot, pick.pk, pick.household_id,
                                    pick.household.municipality_id, adults, children)
        return families

    # The family's history at Veilig Thuis ------------------------------------------------------

    def after(self, moment: datetime, days: int, hour: int, minute: int = 0) -> datetime:
        """The working day ``days`` after ``moment`` at ``hour``: office work that follows it."""
        day = timezone.localtime(moment).date() + timedelta(days=days)
        while day.weekday() > 4:
            day += timedelta(days=1)
        return max(timezone.make_aware(datetime.combine(day, clock(hour, minute)), self.tz),
                   moment + timedelta(minutes=30))

    def history(self, family: Family, before: datetime):
        """Veilig Thuis's earlier reports about the household, before ``before`` (the referral):
        taken, assessed (with the instrument), decided, the reporter told and the persons informed,
        through the intake's services, so none waits in the intake's work queue.

        A household whose earlier case closed within the recurrence window has its reports after
        that (``cases.note_new_report`` signals such a report to whoever was last responsible, who
        has seen it by now where the demo has someone there)."""
        reports = HISTORIES.get(family.slot, ())
        if not reports:
            return
        closed = (Case.objects.filter(household_id=family.household_id, status=CaseStatus.CLOSED,
                                      closed_at__gte=self.now - timedelta(days=RECURRENCE_WINDOW_DAYS))
                  .aggregate(m=Max("closed_at"))["m"])
        oldest = reports[0].days_before
        room = (before - closed).days - 3 if closed and closed < before else oldest
        written = []
        for earlier in reports:
            days = earlier.days_before if room >= oldest else max(1, earlier.days_before * room // oldest)
            written.append(self.earlier_report(family, earlier, before - timedelta(days=days), before))
        Report.objects.filter(pk__in=written).update(is_synthetic=True)
        # Now, not at the end: the referral counts the instruments with their dates.
        self._backdate(INTAKE_CLOCKED)

    def earlier_report(self, family: Family, earlier: EarlierReport, when: datetime,
                       before: datetime) -> int:
        """One report: taken at ``when``, and everything Veilig Thuis did with it after, before the
        referral at ``before``. Returns its id."""
        kind = REPORT_KINDS[earlier.kind]
        if kind.children and not family.children:
            kind = REPORT_KINDS[ADULTS_ONLY]
        texts = {"v": family.v, "p": family.p, "k": family.k}
        received = self.at(when.date(), 22, 40) if kind.night else self.office(when.date(), 10, 15)
        latest = min(before, self.now) - timedelta(hours=1)

        def then(moment):  # a follow-up step, never after the referral
            return min(moment, latest)

        involved = ([intake.InvolvedPerson("victim", person=family.victim)] if family.victim else [])
        involved += [intake.InvolvedPerson("suspect", person=family.perpetrator)
                     ] if family.perpetrator else []
        involved += [intake.InvolvedPerson("child", person=child) for child in family.children]
        name, role, sector, organisation, relation = kind.reporter
        with self.backdated(received):
            report = intake.register_report(self.vt, intake.ReportData(
                channel=kind.channel, account=kind.account.format(**texts),
                violence_types=list(kind.violence), duration=kind.duration,
                reporter=intake.ReporterData(name=name, is_professional=role != "niet_beroepsmatig",
                                             role=role, sector=sector,
                                             organisation_name=organisation, relation=relation),
                involved=involved, is_acute=kind.acute, received_at=received))
        recurrence = Recurrence.objects.filter(report=report).select_related("signalled_to").first()
        if recurrence and (actor := (self.vt if recurrence.signalled_to_id == self.vt.organisation.pk
                                     else self.client_data_actors.get(recurrence.signalled_to_id))):
            with self.backdated(then(self.after(received, 1, 9))):
                cases.acknowledge_recurrence(actor, recurrence)
        assessed = then(received + timedelta(hours=2) if kind.acute else self.after(received, 1, 11))
        if earlier.instrument:
            code, yes, outcome = INSTRUMENT_ANSWERS[earlier.instrument]
            answers = {item.code: item.code in yes for item in instruments.get(code).items}
            with self.backdated(assessed - timedelta(minutes=20)):
                intake.record_instrument(self.vt, report, instrument_code=code, answers=answers,
                                         outcome=outcome)
        with self.backdated(assessed):
            intake.record_assessment(self.vt, report, acute_unsafety=kind.acute,
                                     structural_unsafety=kind.structural, triage=kind.triage,
                                     rationale=kind.assessment.format(**texts))
        # The feedback is due by the same rule as the service's, counted from the assessment.
        FeedbackTask.objects.filter(report=report, moment=FeedbackMoment.AFTER_ASSESSMENT).update(
            due_on=add_working_days(timezone.localtime(assessed).date(),
                                    settings.EENDAK_FEEDBACK_WORKING_DAYS))
        decided = then(self.after(assessed, 2, 14))
        with self.backdated(decided):
            intake.decide(self.vt, report, kind=earlier.decision,
                          rationale=DECISION_RATIONALE[earlier.decision].format(**texts))
        if earlier.decision == DecisionKind.INVESTIGATION:
            started = timezone.localtime(decided).date()
            Investigation.objects.filter(report=report).update(
                started_on=started,
                due_on=started + timedelta(weeks=settings.EENDAK_INVESTIGATION_WEEKS))
        with self.backdated(then(self.after(assessed, 3, 10))):
            intake.complete_feedback(self.vt, report.feedback_tasks.get(), content=(
                "De melder weet dat Veilig Thuis de veiligheid heeft beoordeeld en welke stappen "
                "volgen."))
        informed = then(self.after(decided, 1, 15))
        with self.backdated(informed):
            for task in report.informing_tasks.all():
                intake.record_informing(self.vt, task, informed_on=timezone.localtime(informed).date())
        if earlier.decision in SERVICES:
            held = then(self.after(decided, 4, 10))
            with self.backdated(held):
                intake.record_joint_conversation(
                    self.vt, report.joint_conversations.get(), held_at=held,
                    participants=f"{family.v}, {family.p}, Veilig Thuis en het lokale team",
                    notes="Veiligheidsvoorwaarden en hulp samen met het gezin besproken.")
        return report.pk

    # Steps --------------------------------------------------------------------------------------

    def take_part(self, family: Family, key_or_org, task: str, moment: datetime,
                  legal_basis: str = LegalBasis.STATUTORY_TASK):
        """An organisation joins the case, brought in by whoever steers it (Veilig Thuis, or the
        team once it holds oversight of safety)."""
        organisation = (self.org(key_or_org) if isinstance(key_or_org, str) else key_or_org)
        case = family.case
        if active_participation(case, organisation) is not None:
            return
        steering = self.member if case.responsible_organisation_id == self.team.pk else self.vt
        with self.backdated(moment):
            cases.add_participant(steering, case, organisation, task=task, legal_basis=legal_basis)

    def _referral_done(self, family: Family, referral: Referral, moment: datetime):
        """The triage date follows from the moment of referral, as ``refer`` derives it; the texts
        the referral wrote name it."""
        referral.is_synthetic = True
        old, new = referral.triage_on, workflow.triage_date_for(moment)
        referral.triage_on = new
        referral.save(update_fields=["is_synthetic", "triage_on"])
        if old and old != new:
            before, after = f"{old:%d-%m-%Y}", f"{new:%d-%m-%Y}"
            for model, related in ((JournalEntry, {"case_id": family.case_id}),
                                   (Notice, {"referral": referral})):
                for row in model.objects.filter(pk__gt=self.marks[model], text__contains=before,
                                                **related):
                    row.text = row.text.replace(before, after)
                    row.save(update_fields=["text"])
        family.referral = referral

    def refer(self, family: Family, moment: datetime, *, reason: str, goal: str, signals=(),
              invite=()):
        self.history(family, before=moment)
        with self.backdated(moment):
            referral = team_services.refer(
                self.vt, family.case, reason=reason, goal=goal, escalation_signals=signals,
                invited_partner_ids=[o.pk for o in invite])
        self._referral_done(family, referral, moment)
        self.result.referrals += 1

    def request(self, family: Family, moment: datetime, *, reason: str, goal: str, signals=()):
        self.history(family, before=moment)
        self.take_part(family, self.police.organisation, "Politiële aanpak en ondersteuning bij "
                       "aangifte", moment - timedelta(days=20))
        with self.backdated(moment):
            referral = team_services.request_referral(
                self.police, family.case, reason=reason, goal=goal, escalation_signals=signals)
        referral.is_synthetic = True
        referral.save(update_fields=["is_synthetic"])
        family.referral = referral
        self.result.referrals += 1

    def decide_request(self, family: Family, moment: datetime, *, reason: str):
        """Veilig Thuis reads the partner's request and refers the family."""
        self.acknowledge(self.vt, family, moment)
        with self.backdated(moment):
            referral = team_services.decide_on_request(self.vt, family.referral, refer_it=True,
                                                       reason=reason)
        self._referral_done(family, referral, moment)

    def triage(self, family: Family, outcome: str, reason: str):
        """The decision at the triage the referral went to, on its morning."""
        triage_on = family.referral.triage_on
        moment = self.office(triage_on, 10, 30)
        with self.backdated(moment):
            team_services.decide_triage(self.member, family.referral, outcome=outcome, reason=reason,
                                        coordinator=self.member.user)
        family.referral.refresh_from_db()
        if outcome == TriageOutcome.ACCEPT:
            Referral.objects.filter(pk=family.referral.pk).update(accepted_on=triage_on)
            Case.objects.filter(pk=family.case_id).update(coordinator_since=triage_on)
            handover = Handover.objects.get(case_id=family.case_id, status=HandoverStatus.OFFERED)
            with self.backdated(self.office(triage_on, 15)):
                cases.accept_handover(self.member, handover)
        elif outcome == TriageOutcome.NOT_YET:
            # The service counts "the next triage" from the real clock: seeded on a triage day it
            # would skip today's agenda, where a "not yet" of last week's triage belongs.
            Referral.objects.filter(pk=family.referral.pk).update(
                triage_on=workflow.next_triage_after(triage_on))
            family.referral.refresh_from_db()

    def acknowledge(self, actor: Actor, family: Family, moment: datetime):
        """Feedback read: the notices to ``actor``'s organisation about this family."""
        with self.backdated(moment):
            for notice in Notice.objects.filter(referral=family.referral, seen_at__isnull=True,
                                                to_organisation=actor.organisation):
                team_services.acknowledge_notice(actor, notice)

    def conditions(self, family: Family, moment: datetime, conditions: list[tuple[str, str]]):
        """Veilig Thuis sets the safety conditions; monitoring is scheduled from that day."""
        with self.backdated(moment):
            created = cases.set_conditions(self.vt, family.case, conditions)
        start = moment.date()
        Case.objects.filter(pk=family.case_id).update(
            monitoring_started_on=start,
            monitoring_until=add_months(start, settings.EENDAK_MONITORING_MAX_MONTHS))
        moments = MonitoringMoment.objects.filter(case_id=family.case_id, held_on__isnull=True)
        for row, planned in zip(moments.order_by("planned_on"), cases.monitoring_schedule(start),
                                strict=False):
            row.planned_on = planned
            row.save(update_fields=["planned_on"])
        return created

    def measure(self, actor: Actor, family: Family, kind: str, starts_on: date, *, moment=None,
                **fields):
        with self.backdated(moment or self.office(starts_on, 17)):
            measure = team_services.record_measure(actor, family.case, kind=kind,
                                                   starts_on=starts_on, **fields)
        self.result.measures += 1
        return measure

    def conference(self, starts_at: datetime, created: datetime) -> Conference:
        with self.backdated(created):
            conference = team_services.plan_conference(self.member, starts_at=starts_at,
                                                       place=PLACE, chair=self.member.user)
            Conference.objects.filter(pk=conference.pk).update(is_synthetic=True)
        self.result.conferences += 1
        return conference

    def on_agenda(self, conference: Conference, family: Family, moment: datetime,
                  consulting=()) -> AgendaItem:
        with self.backdated(moment):
            item = team_services.add_to_agenda(self.member, conference, family.referral,
                                               consulting_ids=[o.pk for o in consulting])
        family.items[conference.reference] = item
        return item

    def attendance(self, item: AgendaItem, absent=()):
        names = {self.vt.organisation.pk: self.vt.user, self.police.organisation.pk: self.police.user,
                 self.ggz.organisation.pk: self.ggz.user}
        names.update({actor.organisation.pk: actor.user for actor in self.colleague.values()})
        attendance = {}
        for invitation in item.invitations.all():
            person = names.get(invitation.organisation_id)
            present = invitation.organisation_id not in {o.pk for o in absent}
            attendance[invitation.pk] = (present, person.get_full_name() if person and present
                                         else "")
        team_services.record_attendance(self.member, item, attendance)

    def agree(self, item: AgendaItem, family: Family, day: date, *, text: str, owner: Actor,
              due_on: date, decision=None, status: str = ActionStatus.OPEN, status_on=None):
        """An action agreed at the conference of ``day``, carried out by ``owner``."""
        link = team_services.agree_action(self.member, item, text=text,
                                          owner_organisation=owner.organisation, owner=owner.user,
                                          due_on=due_on, decision=decision)
        PlanAction.objects.filter(pk=link.plan_action_id).update(start_on=min(day, due_on))
        if status != ActionStatus.OPEN:
            with self.backdated(self.office(status_on or day + timedelta(days=2), 11)):
                cases.set_action_status(owner, PlanAction.objects.select_related(
                    "goal__version__case").get(pk=link.plan_action_id), status)
        return link

    def hold(self, conference: Conference, moment: datetime):
        with self.backdated(moment):
            team_services.hold_conference(self.member, conference)

    # The families ---------------------------------------------------------------------------------

    def run(self) -> TeamDemoResult:
        colleagues = ensure_colleagues()
        if not self._actors(colleagues):
            return self.result
        families = self._families()
        # The order follows the calendar, so the journal reads as it happened.
        handed_back = families.get(HANDED_BACK)
        house_ban = families.get(HOUSE_BAN)
        justice = families.get(JUSTICE_AND_CARE)
        new = families.get(NEW_FAMILY)

        if handed_back:
            self.handed_back_accepted(handed_back)
            self.old_conference(handed_back)
        if house_ban:
            self.house_ban_accepted(house_ban)
        if justice:
            self.justice_accepted(justice)
        for slot in (NOT_YET, NOT_ACCEPTED):
            if slot in families:
                self.last_triage_referral(families[slot])
        if new:
            self.new_family_accepted(new)
        if house_ban or justice:
            self.past_conference(house_ban, justice)
        if house_ban:
            self.house_ban_measures(house_ban)
        if new or house_ban:
            self.coming_conference(house_ban, new)
        if handed_back:
            self.hand_back(handed_back)
        if REQUESTED in families:
            self.requested(families[REQUESTED])
        if PARTNER_REFERRED in families:
            self.partner_referred(families[PARTNER_REFERRED])
        if THIS_WEEK in families:
            self.this_weeks_referral(families[THIS_WEEK])
        self._backdate()
        return self.result

    def handed_back_accepted(self, family: Family):
        triage_on = self.triage_weeks_ago(29)
        self.refer(family, self.before_deadline(triage_on, 3, 2),
                   reason=f"Herhaald geweld tussen {family.v} en {family.p} rond de omgang met de "
                          "kinderen; twee huisverboden in een jaar en telkens nieuwe meldingen.",
                   goal="Rust en veiligheid rond de omgang, met één plan voor politie, "
                        "jeugdbescherming en hulp.",
                   signals=["separation", "ban_breached"])
        self.triage(family, TriageOutcome.ACCEPT,
                    "Past bij het Veiligheidsteam: ernstig, herhaald geweld; straf en zorg nodig.")
        self.take_part(family, self.police.organisation, "Politiële aanpak en ondersteuning bij "
                       "aangifte", self.office(triage_on + timedelta(days=1), 9))
        self.acknowledge(self.vt, family, self.office(triage_on + timedelta(days=1), 9, 30))

    def house_ban_accepted(self, family: Family):
        triage_on = self.triage_weeks_ago(8)
        self.request(family, self.before_deadline(triage_on, 4, 3),
                     reason=f"Derde melding van huiselijk geweld in een jaar; bij de laatste dreigde "
                            f"{family.p} met een mes. De kinderen waren erbij.",
                     goal="Escalatie voorkomen: straf en zorg samen in één plan, met één regisseur.",
                     signals=["weapon", "increasing", "child_harmed"])
        self.decide_request(family, self.before_deadline(triage_on, 3),
                            reason="Lange voorgeschiedenis bij Veilig Thuis en een hoog risico "
                                   "(RiHG); de aanpak vraagt straf en zorg samen.")
        self.triage(family, TriageOutcome.ACCEPT,
                    "Past bij het Veiligheidsteam: dreiging met een wapen, geweld neemt toe.")
        day = triage_on + timedelta(days=1)
        self.acknowledge(self.police, family, self.office(day, 8, 45))
        self.acknowledge(self.vt, family, self.office(day, 9, 15))
        self.take_part(family, "reclassering", "Toezicht en gedragsinterventie pleger",
                       self.office(day, 10))
        self.take_part(family, "gezinsmanagement", "Gezinsmanagement: hulp aan het gezin",
                       self.office(day, 10, 15))
        self.house_ban_conditions = self.conditions(family, self.office(day + timedelta(days=1), 14), [
            (f"{family.p} komt niet onaangekondigd naar de woning en niet naar de school van de "
             "kinderen.", f"{family.p} en {family.v}"),
            (f"Bij spanning of dreiging belt {family.v} meteen 112 en daarna de regisseur.",
             family.v),
        ])

    def justice_accepted(self, family: Family):
        triage_on = self.triage_weeks_ago(6)
        self.refer(family, self.before_deadline(triage_on, 2, 1),
                   reason=f"Langdurig partnergeweld; er loopt een strafzaak tegen {family.p}. Hulp "
                          "via het lokale team kwam niet van de grond.",
                   goal=f"Het strafrechtelijk kader en de behandeling van {family.p} op elkaar "
                        f"afstemmen, zodat {family.v} en de kinderen veilig blijven.",
                   signals=["separation", "stalking", "ban_breached"])
        self.triage(family, TriageOutcome.ACCEPT,
                    "Past bij het Veiligheidsteam: strafzaak en zorg moeten samen worden gepland.")
        day = triage_on + timedelta(days=1)
        self.acknowledge(self.vt, family, self.office(day, 9))
        self.take_part(family, self.police.organisation, "Politiële aanpak", self.office(day, 9, 30))
        self.take_part(family, "om", "Strafrechtelijke beoordeling en contactverbod",
                       self.office(day, 10))
        self.take_part(family, "reclassering", "Toezicht en bijzondere voorwaarden",
                       self.office(day, 10, 10))
        self.take_part(family, self.ggz.organisation, "Behandeling (GGZ) als bijzondere "
                       "voorwaarde", self.office(day, 10, 20), LegalBasis.COURT_ORDER)
        conditions = self.conditions(family, self.office(day + timedelta(days=1), 11), [
            (f"{family.p} heeft geen contact met {family.v} buiten de afspraken over de kinderen "
             "om.", f"{family.p} en {family.v}"),
        ])
        start = triage_on + timedelta(days=7)
        om, reclassering = self.colleague["om"], self.colleague["reclassering"]
        self.measure(om, family, MeasureKind.PROSECUTOR_DECISION, start, person=family.perpetrator,
                     description="Beslissing van de officier van justitie na de aangifte.",
                     conditions="Dagvaarding voor de politierechter; het OM vordert een "
                                "voorwaardelijke straf met bijzondere voorwaarden.")
        self.measure(om, family, MeasureKind.CONTACT_BAN, start, ends_on=start + timedelta(days=180),
                     person=family.perpetrator, supports_condition=conditions[0],
                     description=f"Contactverbod met {family.v} en locatieverbod rond de woning, "
                                 "tot de zitting.")
        probation = start + timedelta(days=14)
        self.measure(reclassering, family, MeasureKind.PROBATION, probation,
                     ends_on=probation + timedelta(days=365), person=family.perpetrator,
                     supports_condition=conditions[0],
                     description="Reclasseringstoezicht als schorsingsvoorwaarde.",
                     conditions=f"Meldplicht bij de reclassering; contactverbod met {family.v}; "
                                "ambulante behandeling bij GGz Breburg; alcoholverbod met controle.")
        self.measure(self.ggz, family, MeasureKind.MENTAL_HEALTH, probation + timedelta(days=7),
                     person=family.perpetrator,
                     description="Ambulante behandeling agressieregulatie (bijzondere voorwaarde).")

    def old_conference(self, family: Family):
        """Twelve weeks ago: the family handed back now was discussed and its plan made."""
        day = self.thursday(self.today - timedelta(days=84))
        conference = self.conference(self.office(day, 13, 30), self.office(day - timedelta(days=7), 9))
        item = self.on_agenda(conference, family, self.office(day - timedelta(days=6), 9))
        with self.backdated(self.office(day, 14)):
            team_services.contribute(self.police, item, legal_basis=LegalBasis.STATUTORY_TASK,
                                     text="Sinds de omgangsregeling geen incidentmeldingen meer.")
            team_services.contribute(self.vt, item, legal_basis=LegalBasis.STATUTORY_TASK,
                                     text=f"{family.v} en {family.p} houden zich aan de "
                                          "veiligheidsvoorwaarden; de kinderen vertellen dat het "
                                          "rustiger is.")
            team_services.record_informing(self.member, item, informed=Informed.INFORMED)
            decision = team_services.record_decision(
                self.member, item, text="De omgang loopt voortaan via een begeleide "
                                        "omgangsregeling; politie en Veilig Thuis melden een "
                                        "incident direct aan de regisseur.")
            self.agree(item, family, day, text="Begeleide omgang regelen en evalueren met beide "
                                               "ouders", owner=self.member,
                       due_on=day + timedelta(days=21), decision=decision,
                       status=ActionStatus.DONE, status_on=day + timedelta(days=20))
            self.attendance(item, absent=[self.org("toegang")])
        self.hold(conference, self.office(day, 16))

    def last_triage_referral(self, family: Family):
        """Referred before the last triage: "not yet" (back on this week's agenda) or not accepted."""
        triage_on = self.last_triage
        if family.slot == NOT_YET:
            self.refer(family, self.before_deadline(triage_on, 2, 3),
                       reason="Ernstige verwaarlozing en geweld tegen de kinderen; de hulp is "
                              "versnipperd over vijf organisaties.",
                       goal="Eén plan en één regisseur voor het hele gezin.",
                       signals=["child_harmed", "increasing"])
            self.triage(family, TriageOutcome.NOT_YET,
                        "Eerst het onderzoek van Veilig Thuis afronden; volgende triage opnieuw "
                        "bespreken met de uitkomst.")
        else:
            self.refer(family, self.before_deadline(triage_on, 5, 1),
                       reason=f"Spanningen tussen {family.v} en {family.p}; één melding van "
                              "huiselijk geweld.",
                       goal="Beoordelen of het Veiligheidsteam nodig is.", signals=["separation"])
            self.triage(family, TriageOutcome.NOT_ACCEPT,
                        "Geen escalatie van ernstig geweld; het lokale team en Veilig Thuis kunnen "
                        "verder met de veiligheidsvoorwaarden.")

    def new_family_accepted(self, family: Family):
        triage_on = self.last_triage
        shelter, addiction = self.org("sterkhuis"), self.org("novadic")
        self.refer(family, self.before_deadline(triage_on, 1, 4),
                   reason=f"{family.v} en de kinderen zitten na ernstig geweld door {family.p} "
                          f"(verwurging) in de opvang; {family.p} gebruikt veel alcohol en cocaïne. "
                          "Eerdere hulp stopte telkens.",
                   goal=f"Veiligheid voor {family.v} en de kinderen na de opvang, en een aanpak van "
                        f"verslaving en geweld bij {family.p}.",
                   signals=["strangulation", "addiction", "child_harmed"],
                   invite=[shelter, addiction])
        self.triage(family, TriageOutcome.ACCEPT,
                    "Past bij het Veiligheidsteam: verwurging is een sterke voorspeller van "
                    "ernstig geweld.")
        self.take_part(family, self.police.organisation, "Politiële aanpak",
                       self.office(triage_on, 15, 30))
        self.take_part(family, "sterkhuis", "Opvang en veiligheidsplan slachtoffer",
                       self.office(triage_on, 15, 40))
        self.take_part(family, "novadic", "Verslavingszorg pleger", self.office(triage_on, 15, 50))
        self.take_part(family, "raad", "Onderzoek naar een kinderbeschermingsmaatregel",
                       self.office(triage_on, 16))
        self.measure(self.colleague["sterkhuis"], family, MeasureKind.SHELTER,
                     triage_on - timedelta(days=9), moment=self.office(triage_on, 16, 30),
                     person=family.victim,
                     description=f"Opvang van {family.v} en de kinderen op een beschermd adres.")
        soon = min(triage_on + timedelta(days=1), self.today - timedelta(days=1))
        self.measure(self.colleague["raad"], family, MeasureKind.CHILD_PROTECTION_REQUEST, soon,
                     person=(family.children or [None])[0],
                     description="Verzoek tot onderzoek naar een ondertoezichtstelling van de "
                                 "kinderen.")
        self.measure(self.colleague["novadic"], family, MeasureKind.ADDICTION_CARE, soon,
                     person=family.perpetrator, moment=self.office(soon, 17, 30),
                     description="Intake en ambulante behandeling voor alcohol en cocaïne.")

    def past_conference(self, house_ban: Family | None, justice: Family | None):
        """Ten to sixteen days ago: contributions, informing, decisions and actions into the plan."""
        day = self.thursday(self.today - timedelta(days=10))
        conference = self.conference(self.office(day, 9, 30), self.office(day - timedelta(days=8), 9))
        if house_ban:
            item = self.on_agenda(conference, house_ban, self.office(day - timedelta(days=7), 10),
                                  consulting=[self.ggz.organisation])
            f = house_ban
            with self.backdated(self.office(day, 10)):
                team_services.contribute(
                    self.police, item, legal_basis=LegalBasis.STATUTORY_TASK,
                    text="Sinds de aanmelding twee incidentmeldingen, geen aanhouding. De politie "
                         "rijdt extra langs de woning.")
                team_services.contribute(
                    self.vt, item, legal_basis=LegalBasis.STATUTORY_TASK,
                    text=f"{f.v} houdt zich aan de afspraken; {f.p} kwam één keer onaangekondigd "
                         "naar de woning.")
                team_services.contribute(
                    self.colleague["reclassering"], item, legal_basis=LegalBasis.STATUTORY_TASK,
                    text=f"{f.p} staat nog niet onder toezicht; na een aanhouding kan vroeghulp "
                         "meteen starten.")
                with self.before_it_was_held(conference):
                    team_services.contribute(
                        self.ggz, item, legal_basis=LegalBasis.CONSENT, conference_only=True,
                        text=f"{f.p} was kort in behandeling bij GGz Breburg; die stopte "
                             "voortijdig. Alleen voor dit overleg gedeeld, met toestemming.")
                team_services.contribute(
                    self.colleague["gezinsmanagement"], item, legal_basis=LegalBasis.CONSENT,
                    text="Gezinsmanagement komt wekelijks thuis; de kinderen gaan weer naar school.")
                team_services.record_informing(
                    self.member, item, informed=Informed.UNSAFE,
                    reason=f"De politie bereidt een strafrechtelijk onderzoek voor; {f.p} nu "
                           f"informeren kan het onderzoek en de veiligheid van {f.v} schaden.")
                decision = team_services.record_decision(
                    self.member, item, text="Bij een nieuw incident legt de burgemeester een "
                                            "tijdelijk huisverbod op en start de reclassering "
                                            "vroeghulp.")
                team_services.record_decision(
                    self.member, item, text="Gezinsmanagement houdt de hulp aan de kinderen bij "
                                            "zich; de regisseur bewaakt het plan.")
                self.agree(item, f, day, text="Extra surveillance rond de woning en een "
                                              "signalering bij de meldkamer", owner=self.police,
                           due_on=day + timedelta(days=7), decision=decision,
                           status=ActionStatus.IN_PROGRESS, status_on=day + timedelta(days=1))
                self.agree(item, f, day, text=f"Veiligheidsplan met {f.v} en de kinderen "
                                              "bijwerken", owner=self.member,
                           due_on=self.today + timedelta(days=3))
                self.agree(item, f, day, text="Wekelijks huisbezoek; signalen direct aan de "
                                              "regisseur",
                           owner=self.colleague["gezinsmanagement"],
                           due_on=self.today + timedelta(days=30),
                           status=ActionStatus.IN_PROGRESS, status_on=day + timedelta(days=1))
                self.attendance(item, absent=[self.org("jeugdbescherming")])
        if justice:
            item = self.on_agenda(conference, justice, self.office(day - timedelta(days=7), 10, 5))
            f = justice
            with self.backdated(self.office(day, 11)):
                team_services.contribute(
                    self.colleague["om"], item, legal_basis=LegalBasis.STATUTORY_TASK,
                    text=f"De zaak tegen {f.p} staat op de rol van de politierechter; het OM vordert "
                         "een voorwaardelijke straf met bijzondere voorwaarden.")
                team_services.contribute(
                    self.colleague["reclassering"], item, legal_basis=LegalBasis.COURT_ORDER,
                    text=f"{f.p} houdt zich aan de meldplicht en werkt mee aan de behandeling.")
                team_services.contribute(
                    self.police, item, legal_basis=LegalBasis.STATUTORY_TASK,
                    text="Geen nieuwe incidenten sinds het contactverbod.")
                team_services.contribute(
                    self.vt, item, legal_basis=LegalBasis.STATUTORY_TASK,
                    text=f"{f.v} voelt zich veiliger; de kinderen willen hun vader onder begeleiding "
                         "zien.")
                team_services.record_informing(self.member, item, informed=Informed.INFORMED)
                decision = team_services.record_decision(
                    self.member, item, text="Het contactverbod blijft tot de zitting; de "
                                            "reclassering meldt een overtreding direct aan het OM en "
                                            "de regisseur.")
                self.agree(item, f, day, text="Reclasseringsadvies voor de zitting aanleveren",
                           owner=self.colleague["reclassering"], due_on=day + timedelta(days=5),
                           decision=decision, status=ActionStatus.DONE,
                           status_on=day + timedelta(days=4))
                self.agree(item, f, day, text="De uitspraak aan de regisseur doorgeven",
                           owner=self.colleague["om"], due_on=self.today + timedelta(days=21))
                self.agree(item, f, day, text="Na de zitting het plan evalueren met het gezin",
                           owner=self.member, due_on=self.today + timedelta(days=5))
                self.attendance(item)
        self.hold(conference, self.office(day, 12, 30))

    def house_ban_measures(self, family: Family):
        """A new incident after the conference: report, arrest, a house ban that ends in two days."""
        warning = min(2, settings.EENDAK_HOUSE_BAN_WARNING_DAYS)
        start = self.today - timedelta(days=settings.EENDAK_HOUSE_BAN_DAYS - warning)
        moment = self.at(start, 23, 10)
        self.measure(self.police, family, MeasureKind.POLICE_REPORT, start, moment=moment,
                     person=family.perpetrator, description=f"Aangifte van mishandeling door {family.v}.")
        self.measure(self.police, family, MeasureKind.ARREST, start, moment=moment,
                     person=family.perpetrator,
                     description=f"Aanhouding van {family.p} na het incident in de woning.")
        self.measure(self.police, family, MeasureKind.HOUSE_BAN, start, moment=moment,
                     person=family.perpetrator, supports_condition=self.house_ban_conditions[0],
                     description=f"Tijdelijk huisverbod voor {family.p}, opgelegd door de "
                                 "burgemeester na het incident.")
        self.measure(self.colleague["reclassering"], family, MeasureKind.PERPETRATOR_APPROACH,
                     start + timedelta(days=2), person=family.perpetrator,
                     description=f"Vroeghulp en gedragsinterventie huiselijk geweld voor {family.p}.")

    def coming_conference(self, house_ban: Family | None, new: Family | None):
        """Next week: the house ban's end, and the new family with GGz Breburg invited for it alone."""
        day = self.today + timedelta(days=(3 - self.today.weekday()) % 7)
        if day < self.today + timedelta(days=2):
            day += timedelta(days=7)
        starts_at = timezone.make_aware(datetime.combine(day, clock(13, 30)), self.tz)
        created = self.office(self.today - timedelta(days=1), 16)
        conference = self.conference(starts_at, created)
        for family in (house_ban, new):
            if family:
                self.on_agenda(conference, family, created,
                               consulting=[self.ggz.organisation] if family is new else ())

    def hand_back(self, family: Family):
        stable = self.today - timedelta(days=40)
        with self.backdated(self.office(stable, 11)):
            cases.change_phase(self.member, family.case, to_phase=Phase.STABLE_SAFETY,
                               reason="Vier maanden geen incidenten; de omgangsregeling loopt en "
                                      "beide ouders houden zich aan de afspraken.")
        team = local_team(family.case.household.municipality)
        with self.backdated(self.office(self.today - timedelta(days=3), 10)):
            team_services.hand_back(
                self.member, family.referral, to_organisation_id=team.pk,
                note="Stabiele veiligheid sinds ruim een maand. Het lokale team neemt de regie over "
                     "met het plan; Veilig Thuis blijft de veiligheidsvoorwaarden monitoren.")

    def requested(self, family: Family):
        self.request(family, self.office(self.today - timedelta(days=1), 15),
                     reason=f"De politie is in drie maanden vier keer ter plaatse geweest; {family.p} "
                            f"dreigt {family.v} iets aan te doen als die weggaat.",
                     goal="Beoordelen of het Veiligheidsteam past: straf en zorg lijken allebei "
                          "nodig.",
                     signals=["threat_to_kill", "separation"])

    def partner_referred(self, family: Family):
        self.request(family, self.this_week(self.today - timedelta(days=3), 9),
                     reason=f"Herhaald geweld in het gezin; {family.v} durft geen aangifte te doen "
                            "en trekt meldingen steeds in.",
                     goal="Een gezamenlijke aanpak van politie, OM en hulpverlening.",
                     signals=["increasing"])
        self.decide_request(family, self.this_week(self.today - timedelta(days=2), 14, 30, rank=2),
                            reason="Hoog risico en geen verandering na hulp via het lokale team; "
                                   "past bij het Veiligheidsteam.")

    def this_weeks_referral(self, family: Family):
        self.refer(family, self.this_week(self.today - timedelta(days=2), 11),
                   reason=f"Stalking door {family.p} na de scheiding; twee overtredingen van een "
                          "contactverbod.",
                   goal=f"Een gezamenlijke aanpak van politie, OM en reclassering rond {family.p}.",
                   signals=["stalking", "ban_breached"])


def seed_safety_team(seed: int) -> TeamDemoResult:
    """The Veiligheidsteam's demo work, on the open synthetic cases already written."""
    return TeamDemo(seed).run()
