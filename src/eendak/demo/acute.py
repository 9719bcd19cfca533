"""The Spoedplein's work in the demo: presentations at every stage of the acute pathway at the
demo hospital, and a year of earlier ones for the pilot figures.

Why it is built this way:

- **Through the services.** Every presentation, injury, screening, forensic examination, photograph,
  contact with Veilig Thuis, willingness to report, share, follow-up and discharge is made by
  ``eendak.acute.services``, acting as the demo users ``spoedplein`` (the clinician) and
  ``forensisch`` (the forensic doctor); what reaches Veilig Thuis goes through the intake's partner
  entry inside those services, and Veilig Thuis answers through ``eendak.intake.services`` as the
  demo user ``intake`` (assessing and deciding a report, giving advice). So the rules are asked (a
  demo that breaks one fails here), and the access log is what real use would have written.
- **Found by BSN, never made up.** The patients and the persons named with them are the synthetic
  persons of the households written before (``demo.seed``), with a test-range BSN: the clinician
  registers them with the details on their ID, and the intake's matcher finds the existing record
  by BSN, as at a real emergency department. No person is created here, so nothing the reset does
  not know about is left behind; a family the Veiligheidsteam works with is never picked.
- **Anchored on the moment of seeding.** The pages that matter are about *now*: a toddler registered
  forty minutes ago, a forensic examination waiting for three hours, an acute report whose 24 hours
  are running at Veilig Thuis. So this part is dated back from the moment of seeding, not from
  ``--today``. A past step runs inside ``backdated(moment)``; at the end the timestamps each step
  wrote with the clock move to its moment in one pass (``_backdate``: a query or two per timestamp,
  not per step), and the dates a rule derives from them are derived again by the same rule (a
  report's assessment deadline, the reporter's feedback and the informing tasks, the investigation).
  What Veilig Thuis *decided* is anchored on yesterday's clock (not on the minute of seeding), so
  the case file its decision opens has the same moments whenever the demo is loaded that day. That
  case is not flagged ``is_synthetic``: that flag marks the planned cases, dated from ``--today``;
  it belongs to a synthetic household and goes with it at a reset. The access log keeps the moment
  of seeding: it takes its time from the clock, never from a caller.
- **Figures over a year.** About thirty earlier presentations, spread over the last twelve months
  and the four pathways, discharged, most with a forensic examination and a consultation of Veilig
  Thuis, so the pilot figures (``acute.queries.figures``) have a row per month and medians to show.
- **Deterministic and best effort.** One ``random.Random`` from the seed decides; a small data set
  fills the stages in order of importance (``demo.conferences`` does the same) and never fails.
- **A synthetic photograph.** The forensic photo is a plain coloured square with the words
  "Synthetische foto", drawn with Pillow: never a picture of a person.
"""

import io
import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from eendak.acute import screening
from eendak.acute import services as acute
from eendak.acute.models import (
    FollowUp,
    ForensicExamination,
    Injury,
    Photo,
    Presentation,
    Screening,
    Share,
    VeiligThuisContact,
)
from eendak.acute.workflow import (
    CompanionRole,
    ContactKind,
    Destination,
    ElderAbuseKind,
    ExplanationFit,
    FollowUpKind,
    HagueReason,
    InjuryAge,
    InjuryKind,
    Pathway,
    PresentationStatus,
    ShareBasis,
    ShareItem,
    SuspectedRelation,
    Willingness,
    YesNoUnknown,
)
from eendak.cases.models import Case, CaseStatus, JournalEntry, Participation, PhaseChange, Recurrence
from eendak.cases.services import RECURRENCE_WINDOW_DAYS
from eendak.conferences.models import Referral
from eendak.core.actors import Actor
from eendak.core.models import Membership, Organisation
from eendak.core.roles import OrganisationType
from eendak.core.workdays import add_working_days
from eendak.intake import services as intake
from eendak.intake.models import (
    AdviceFollowUp,
    AdviceRequest,
    Decision,
    FeedbackMoment,
    FeedbackTask,
    InformingTask,
    Investigation,
    Report,
    SafetyAssessment,
    Triage,
)
from eendak.intake.workflow import DecisionKind
from eendak.persons import bsn as bsn_module
from eendak.persons.models import BSNStatus, Household, HouseholdMember, HouseholdRole, Person, Sex
from eendak.persons.registry import PersonData

from . import people

CANDIDATES = 300  # synthetic households looked at (by reference): enough, and cheap on 100,000 persons
HISTORY_MONTHS = 12
HISTORY_PER_MONTH = (5, 7)  # earlier presentations per month: at least 5, so the published
# monthly figures (analyst, dashboards) show a number rather than "<5"

# The timestamps a step writes with the clock. Every row of these models that the demo writes comes
# after the mark taken when it starts (``AcuteDemo.marks``), so its rows are found by id and time.
CLOCKED = (
    (Presentation, ("created_at", "discharged_at")),
    (Injury, ("recorded_at",)),
    (Screening, ("recorded_at",)),
    (ForensicExamination, ("requested_at", "reported_at")),
    (Photo, ("uploaded_at",)),
    (VeiligThuisContact, ("sent_at",)),
    (Share, ("shared_at",)),
    (FollowUp, ("recorded_at",)),
    # What the contact with Veilig Thuis writes in the intake, and what its decision writes in the
    # case file.
    (Report, ("received_at", "closed_at")),
    (AdviceRequest, ("received_at",)),
    (SafetyAssessment, ("assessed_at",)),
    (Decision, ("decided_at",)),
    (FeedbackTask, ("completed_at",)),
    (Recurrence, ("created_at", "seen_at")),
    (Case, ("opened_at",)),
    (PhaseChange, ("decided_at",)),
    (Participation, ("started_at",)),
    (JournalEntry, ("occurred_at",)),
)


@dataclass
class AcuteDemoResult:
    presentations: int = 0
    open: int = 0
    reported: int = 0  # reported to Veilig Thuis (a report, not a consultation)
    waiting_forensic: int = 0


@dataclass
class Member:
    person: Person
    role: str
    bsn: str = ""

    def age_on(self, day: date) -> int:
        return people.age_on(self.person.date_of_birth, day)

    @property
    def first_name(self) -> str:
        return self.person.given_names.split()[0]


@dataclass
class Family:
    """A synthetic household, with the members whose BSN the hospital can find them by."""

    household_id: int
    quiet: bool  # no open case, no case closed within the recurrence window
    members: list[Member] = field(default_factory=list)

    def with_role(self, *roles) -> list[Member]:
        return [m for m in self.members if m.role in roles]


def synthetic_photo(label: str = "Synthetische foto") -> bytes:
    """A small PNG: a plain coloured square with the words "Synthetische foto" — never a person."""
    image = Image.new("RGB", (320, 320), (176, 196, 222))
    draw = ImageDraw.Draw(image)
    draw.rectangle((12, 12, 307, 307), outline=(70, 90, 120), width=4)
    try:
        font = ImageFont.load_default(size=28)
    except TypeError:  # Pillow without FreeType: the small bitmap font
        font = ImageFont.load_default()
    draw.text((160, 150), label, fill=(30, 40, 60), font=font, anchor="mm")
    draw.text((160, 190), "demodata", fill=(30, 40, 60), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def injury(region: str, kind: str, **details) -> acute.InjuryData:
    return acute.InjuryData(region=region, kind=kind, **details)


class AcuteDemo:
    def __init__(self, seed: int):
        self.rng = random.Random(f"{seed}:acute")
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.tz = timezone.get_default_timezone()
        self.marks = {model: model.objects.aggregate(m=Max("pk"))["m"] or 0 for model, _ in CLOCKED}
        self.steps: list[tuple[datetime, datetime, datetime]] = []  # (began, ended, moment)
        self.used: set[int] = set()  # persons already a patient or named
        self.result = AcuteDemoResult()
        self.police_number = 0

    # The clock --------------------------------------------------------------------------------

    def ago(self, hours: float = 0, minutes: float = 0) -> datetime:
        return self.now - timedelta(hours=hours, minutes=minutes)

    def yesterday(self, hour: int, minute: int = 0) -> datetime:
        """A moment on yesterday's clock: always past, the same whenever today the demo is loaded."""
        day = self.today - timedelta(days=1)
        return timezone.make_aware(datetime.combine(day, clock(hour, minute)), self.tz)

    @contextmanager
    def backdated(self, moment: datetime):
        """Run a step whose timestamps belong at ``moment`` (moved there by ``_backdate``)."""
        began = timezone.now()
        yield
        self.steps.append((began, timezone.now(), moment))

    def _backdate(self):
        """Every timestamp a step wrote with the clock moves to the step's moment."""
        ordered = sorted(self.steps)

        def moment_of(value):
            return next((moment for began, ended, moment in ordered if began <= value <= ended),
                        None)

        for model, names in CLOCKED:
            for name in names:
                rows = (model.objects.filter(pk__gt=self.marks[model], **{f"{name}__gte": self.now})
                        .values_list("pk", name))
                moved = [model(pk=pk, **{name: moment}) for pk, value in rows
                         if (moment := moment_of(value)) is not None]
                model.objects.bulk_update(moved, [name], batch_size=500)

    def _derive_dates(self):
        """The dates the intake derives from a moment, derived again from the moved moment."""
        reports = list(Report.objects.filter(pk__gt=self.marks[Report]))
        for report in reports:
            report.assessment_due_at = intake.assessment_due_at(report.received_at, report.is_acute)
            report.is_synthetic = True
        Report.objects.bulk_update(reports, ["assessment_due_at", "is_synthetic"])
        for report in reports:
            received = timezone.localtime(report.received_at).date()
            InformingTask.objects.filter(report=report).update(
                due_on=received + timedelta(weeks=settings.EENDAK_INFORM_PERSONS_WEEKS))
            assessed = SafetyAssessment.objects.filter(report=report).values_list(
                "assessed_at", flat=True).first()
            if assessed:
                FeedbackTask.objects.filter(
                    report=report, moment=FeedbackMoment.AFTER_ASSESSMENT).update(
                    due_on=add_working_days(timezone.localtime(assessed).date(),
                                            settings.EENDAK_FEEDBACK_WORKING_DAYS))
            decided = Decision.objects.filter(report=report).values_list(
                "decided_at", flat=True).first()
            if decided:
                started = timezone.localtime(decided).date()
                Investigation.objects.filter(report=report).update(
                    started_on=started,
                    due_on=started + timedelta(weeks=settings.EENDAK_INVESTIGATION_WEEKS))
        AdviceRequest.objects.filter(pk__gt=self.marks[AdviceRequest]).update(is_synthetic=True)

    # Who acts ---------------------------------------------------------------------------------

    def _actors(self) -> bool:
        memberships = {m.user.username: m for m in Membership.objects.filter(
            user__username__in=["spoedplein", "forensisch", "intake"], is_active=True)
            .select_related("user", "organisation")}

        def actor(username, index):
            membership = memberships.get(username)
            if membership is None:
                return None
            membership.user.acting_membership = membership
            return Actor(user=membership.user, membership=membership,
                         ip_address=f"10.40.{index}.{30 + index}")

        self.clinician = actor("spoedplein", 1)
        self.doctor = actor("forensisch", 2)
        self.vt = actor("intake", 3)
        self.police = (Organisation.objects.filter(type=OrganisationType.POLICE, is_active=True)
                       .order_by("name").first())
        return None not in (self.clinician, self.doctor, self.vt, self.police)

    # The persons ------------------------------------------------------------------------------

    def _families(self) -> list[Family]:
        """Synthetic households the Veiligheidsteam does not work with, by reference, with their
        members whose BSN is known; those without an open case or a recent closure first."""
        referred = Referral.objects.values("case__household_id")
        households = list(Household.objects.filter(is_synthetic=True).exclude(pk__in=referred)
                          .order_by("reference").values_list("pk", flat=True)[:CANDIDATES])
        since = self.now - timedelta(days=RECURRENCE_WINDOW_DAYS)
        busy = set(Case.objects.filter(household_id__in=households, status=CaseStatus.OPEN)
                   .values_list("household_id", flat=True))
        busy |= set(Case.objects.filter(household_id__in=households, status=CaseStatus.CLOSED,
                                        closed_at__gte=since).values_list("household_id", flat=True))
        families = {pk: Family(pk, pk not in busy) for pk in households}
        for row in (HouseholdMember.objects
                    .filter(household_id__in=households, person__bsn__status=BSNStatus.KNOWN,
                            person__merged_into__isnull=True, person__date_of_birth__isnull=False,
                            person__date_of_birth__lte=self.today - timedelta(days=365))
                    .select_related("person", "person__bsn")
                    .order_by("household__reference", "person__date_of_birth", "person_id")):
            families[row.household_id].members.append(Member(row.person, row.role))
        ordered = [families[pk] for pk in households if families[pk].members]
        return sorted(ordered, key=lambda f: not f.quiet)

    def _take(self, member: Member) -> Member:
        self.used.add(member.person.pk)
        if not member.bsn:
            member.bsn = bsn_module.decrypt(member.person.bsn.encrypted_value)
        return member

    def _free(self, members) -> list[Member]:
        return [m for m in members if m.person.pk not in self.used]

    def _family_with(self, test) -> tuple[Family, Member] | tuple[None, None]:
        """The first household none of whose members is taken yet, with a member that passes."""
        for family in self.families:
            if any(m.person.pk in self.used for m in family.members):
                continue
            found = next((m for m in family.members if test(family, m)), None)
            if found:
                return family, found
        return None, None

    def _age(self, member: Member) -> int:
        return member.age_on(self.today)

    def _data(self, member: Member) -> PersonData:
        """What the clinician types from the patient's ID: the matcher finds the record by BSN."""
        p = member.person
        return PersonData(given_names=p.given_names, surname_prefix=p.surname_prefix,
                          surname=p.surname, date_of_birth=p.date_of_birth, sex=p.sex,
                          municipality_id=p.municipality_id, bsn=member.bsn)

    # Steps ------------------------------------------------------------------------------------

    def register(self, member: Member, arrived_at: datetime, pathway: str, **details) -> Presentation:
        with self.backdated(arrived_at + timedelta(minutes=4)):
            presentation = acute.register_presentation(self.clinician, acute.PresentationData(
                pathway=pathway, arrived_at=arrived_at, patient_data=self._data(self._take(member)),
                **details))
        self.result.presentations += 1
        return presentation

    def injuries(self, presentation: Presentation, moment: datetime, injuries):
        """The injuries on the body map, three minutes apart."""
        for index, data in enumerate(injuries):
            with self.backdated(moment + timedelta(minutes=3 * index)):
                acute.record_injury(self.clinician, presentation, data)

    def name(self, presentation: Presentation, member: Member, role: str, moment: datetime):
        with self.backdated(moment):
            acute.name_person(self.clinician, presentation, role=role,
                              data=self._data(self._take(member)))

    def screen(self, presentation: Presentation, moment: datetime, note: str = ""):
        """The checklist as the body map suggests it, confirmed by the clinician (for a child under
        four only: the rule's own limit)."""
        if not screening.applies(presentation.age_in_months()):
            return None
        ticked = sorted(screening.suggested(presentation.injuries.all(),
                                            presentation.age_in_months()))
        with self.backdated(moment):
            return acute.record_screening(self.clinician, presentation, ticked=ticked, note=note)

    def forensic(self, presentation: Presentation, requested: datetime, question: str, *,
                 examined: datetime | None = None, reported: datetime | None = None,
                 findings: str = "", conclusion: str = "") -> ForensicExamination:
        with self.backdated(requested):
            examination = acute.request_forensic(self.clinician, presentation, question=question)
        if examined is not None:
            with self.backdated(reported or examined + timedelta(hours=1)):
                acute.report_forensic(self.doctor, examination, findings=findings,
                                      conclusion=conclusion, examined_at=examined)
        else:
            self.result.waiting_forensic += 1
        return examination

    def report(self, presentation: Presentation, moment: datetime, text: str, persons, **extra):
        with self.backdated(moment):
            contact = acute.contact_veilig_thuis(
                self.clinician, presentation, kind=ContactKind.REPORT, text=text,
                person_ids=[m.person.pk for m in persons], **extra)
        self.result.reported += 1
        return contact

    def consult(self, presentation: Presentation, moment: datetime, text: str, *, advice: str = "",
                answered: datetime | None = None, follow_up: str = AdviceFollowUp.NONE):
        with self.backdated(moment):
            contact = acute.contact_veilig_thuis(self.clinician, presentation,
                                                 kind=ContactKind.ADVICE, text=text, person_ids=[])
        if advice:
            with self.backdated(answered or moment + timedelta(minutes=40)):
                intake.record_advice(self.vt, contact.advice, advice_given=advice,
                                     follow_up=follow_up)
        return contact

    def willingness(self, presentation: Presentation, moment: datetime, state: str, note: str = "",
                    **filed):
        with self.backdated(moment):
            return acute.record_willingness(self.clinician, presentation, state=state, note=note,
                                            **filed)

    def file_police_report(self, presentation: Presentation, moment: datetime, note: str = ""):
        self.police_number += 1
        return self.willingness(
            presentation, moment, Willingness.FILED, note=note,
            police_report_on=timezone.localtime(moment).date(),
            police_unit="Politie Zeeland-West-Brabant, basisteam Tilburg",
            police_reference=f"PL20-DEMO-{timezone.localtime(moment):%y%m}-{self.police_number:03d}")

    def follow_up(self, presentation: Presentation, moment: datetime, kind: str, note: str):
        with self.backdated(moment):
            return acute.record_follow_up(self.clinician, presentation, kind=kind, note=note,
                                          started_on=timezone.localtime(moment).date())

    def discharge(self, presentation: Presentation, moment: datetime, *, safe: str,
                  destination: str, conditions: str):
        with self.backdated(moment):
            return acute.discharge(self.clinician, presentation, safe_to_go_home=safe,
                                   destination=destination, safety_conditions=conditions)

    # The stages, most important first -----------------------------------------------------------

    def run(self) -> AcuteDemoResult:
        if not self._actors():
            return self.result
        self.families = self._families()

        def child(*ages):
            return lambda family, m: m.role == HouseholdRole.CHILD and self._age(m) in ages

        def woman(test):
            return lambda family, m: m.person.sex == Sex.FEMALE and test(family, m)

        # Each stage with whom it looks for, best first (a small data set takes what there is).
        stages = ((self.just_registered, (child(2), child(1, 3))),
                  (self.waiting_for_forensics, (child(1, 2, 3),)),
                  (self.reported_and_decided, (child(1, 2, 3), child(*range(4, 12)))),
                  (self.hague_protocol, (woman(self._hague_parent), self._hague_parent)),
                  (self.sexual_violence, (woman(self._young_adult), self._young_adult)),
                  (self.elder_abuse, (self._elder,)))
        for stage, tests in stages:
            for test in tests:
                family, member = self._family_with(test)
                if family is not None:
                    stage(family, member)
                    break
        self.history()
        self._backdate()
        self._derive_dates()
        self.result.open = Presentation.objects.filter(
            pk__gt=self.marks[Presentation], status=PresentationStatus.OPEN).count()
        return self.result

    def just_registered(self, family: Family, child: Member):
        """Forty minutes ago: a two-year-old with bruises, on the body map; not yet screened."""
        arrived = self.ago(minutes=42)
        parent = self._parent(family)
        presentation = self.register(
            child, arrived, Pathway.CHILD_ABUSE, accompanied_by=parent,
            explanation=f"Volgens {parent.lower()} is {child.first_name} gisteren van de glijbaan "
                        "gevallen.",
            complaint="Blauwe plekken op het gezicht en de rug; rustig, drinkt goed.")
        self.injuries(presentation, self.ago(minutes=30), [
            injury("cheek_left", InjuryKind.BRUISE,
                   length_mm=25, width_mm=15, colour="blauw-paars", age_estimate=InjuryAge.FRESH,
                   explanation_fit=ExplanationFit.UNCLEAR),
            injury("ear_left", InjuryKind.BRUISE,
                   length_mm=10, width_mm=8, colour="paars", age_estimate=InjuryAge.FRESH,
                   explanation_fit=ExplanationFit.DOES_NOT_FIT,
                   note="Oorschelp, aan de achterkant; past niet bij een val van de glijbaan."),
            injury("upper_back", InjuryKind.BRUISE,
                   length_mm=60, width_mm=40, colour="geel-groen", age_estimate=InjuryAge.OLDER,
                   explanation_fit=ExplanationFit.UNCLEAR),
        ])

    def waiting_for_forensics(self, family: Family, child: Member):
        """Three hours ago: a toddler, the screening positive, the forensic doctor asked for and
        Veilig Thuis consulted (its advice is back)."""
        arrived = self.ago(hours=3, minutes=5)
        parent = self._parent(family)
        presentation = self.register(
            child, arrived, Pathway.CHILD_ABUSE, accompanied_by=f"{parent} en oma",
            explanation="Zou met de arm tussen de deur zijn gekomen.",
            complaint="Pijnlijke bovenarm, blauwe plekken; röntgenfoto zonder fractuur.")
        self.injuries(presentation, self.ago(hours=2, minutes=50), [
            injury("upper_arm_left", InjuryKind.BRUISE,
                   length_mm=40, width_mm=12, colour="blauw", age_estimate=InjuryAge.FRESH,
                   patterned=True, pattern="Vier evenwijdige strepen (vingerafdrukken)",
                   explanation_fit=ExplanationFit.DOES_NOT_FIT),
            injury("neck_front", InjuryKind.PETECHIAE,
                   length_mm=30, width_mm=10, age_estimate=InjuryAge.FRESH,
                   explanation_fit=ExplanationFit.DOES_NOT_FIT),
            injury("abdomen", InjuryKind.BRUISE,
                   length_mm=20, width_mm=20, colour="paars-groen", age_estimate=InjuryAge.DAYS,
                   explanation_fit=ExplanationFit.UNCLEAR),
        ])
        self.screen(presentation, self.ago(hours=2, minutes=40),
                    note="Hals, buik en een patroon: nader onderzoek aangewezen.")
        self.forensic(presentation, self.ago(hours=2, minutes=30),
                      "Letsel vastleggen en duiden: past het bij de deur, of bij vastpakken en "
                      "knijpen?")
        # Meldcode step 2: the clinician consults Veilig Thuis, whose advice is back on the page.
        self.consult(presentation, self.ago(hours=2, minutes=20),
                     "Peuter met puntbloedingen in de hals, een blauwe plek op de buik en een "
                     "vingerpatroon op de arm; de uitleg past niet. Wat adviseert u?",
                     advice="Laat het letsel forensisch vastleggen en meld daarna bij Veilig Thuis "
                            "als het niet past bij de uitleg. Spreek met de ouders af dat het kind "
                            "ter observatie blijft.",
                     answered=self.ago(hours=1, minutes=50), follow_up=AdviceFollowUp.CALL_BACK)

    def reported_and_decided(self, family: Family, child: Member):
        """Yesterday: examined and photographed by the forensic doctor, reported to Veilig Thuis
        (acute), decided by Veilig Thuis within the day; the decision shows at the hospital."""
        arrived = self.yesterday(10, 20)
        parents = self._free(family.with_role(HouseholdRole.PARENT, HouseholdRole.PARTNER))
        mother = next((m for m in parents if m.person.sex == Sex.FEMALE), parents[0] if parents
                      else None)
        came_with = "Moeder" if mother and mother.person.sex == Sex.FEMALE else "Ouder"
        presentation = self.register(
            child, arrived, Pathway.CHILD_ABUSE, accompanied_by=came_with,
            explanation="Van de bank gevallen op de salontafel.",
            complaint="Blauwe plekken op wang, oor en billen; huilt bij aanraken van de billen.")
        if mother:
            self.name(presentation, mother, CompanionRole.COMPANION, self.yesterday(10, 30))
        self.injuries(presentation, self.yesterday(10, 40), [
            injury("cheek_right", InjuryKind.BRUISE,
                   length_mm=30, width_mm=20, colour="blauw", age_estimate=InjuryAge.FRESH,
                   explanation_fit=ExplanationFit.DOES_NOT_FIT),
            injury("ear_right", InjuryKind.BRUISE,
                   length_mm=12, width_mm=10, colour="paars", age_estimate=InjuryAge.FRESH,
                   explanation_fit=ExplanationFit.DOES_NOT_FIT),
            injury("buttocks", InjuryKind.BRUISE,
                   length_mm=80, width_mm=15, colour="rood-blauw", age_estimate=InjuryAge.MIXED,
                   patterned=True, pattern="Lusvormige striemen",
                   explanation_fit=ExplanationFit.DOES_NOT_FIT),
        ])
        self.screen(presentation, self.yesterday(10, 55))
        self.forensic(presentation, self.yesterday(11, 5),
                      "Letsel vastleggen en duiden; past het bij een val van de bank?",
                      examined=self.yesterday(13, 15), reported=self.yesterday(14, 30),
                      findings="Hematoom wang rechts 30 x 20 mm en oorschelp rechts 12 x 10 mm, "
                               "vers. Op beide billen lusvormige striemen van verschillende "
                               "leeftijd. Geen letsel op de uitstekende delen (knieën, "
                               "scheenbenen, voorhoofd).",
                      conclusion="Het letsel past niet bij een val van de bank: oor, wang en "
                                 "billen zijn beschutte plaatsen; de lusvormige striemen wijzen op "
                                 "slaan met een voorwerp (een snoer of riem), op meer momenten.")
        with self.backdated(self.yesterday(13, 25)):
            acute.add_photo(self.doctor, presentation,
                            SimpleUploadedFile("synthetische-foto.png", synthetic_photo(),
                                               content_type="image/png"),
                            description="Billen: lusvormige striemen, met meetlat",
                            consent_by=f"{came_with} (wettelijk vertegenwoordiger)")
        persons = [child] + ([mother] if mother else [])
        contact = self.report(
            presentation, self.yesterday(15, 10),
            "Jong kind met letsel dat niet past bij de uitleg; de forensisch arts ziet slaan met een "
            "voorwerp, op meer momenten. Wij maken ons grote zorgen over de veiligheid thuis.",
            persons)
        self.discharge(presentation, self.yesterday(16, 30), safe=YesNoUnknown.NO,
                       destination=Destination.FAMILY,
                       conditions=f"{child.first_name} slaapt met {came_with.lower()} bij oma tot "
                                  "Veilig Thuis contact heeft gehad met het gezin; controle op de "
                                  "kinderpolikliniek over een week.")
        report = contact.report
        with self.backdated(self.yesterday(17, 40)):
            intake.record_assessment(
                self.vt, report, acute_unsafety=True, structural_unsafety=True,
                triage=Triage.DIRECT_DANGER,
                rationale="Toegebracht letsel bij een jong kind, op meer momenten; het kind is nu "
                          "veilig bij oma, thuis niet.")
        with self.backdated(self.yesterday(20, 45)):
            intake.decide(self.vt, report, kind=DecisionKind.INVESTIGATION,
                          rationale="Onderzoek naar de veiligheid van het kind en wie het letsel "
                                    "toebracht; het lokale team sluit meteen aan.")

    def _hague_parent(self, family: Family, member: Member) -> bool:
        children = [c for c in family.with_role(HouseholdRole.CHILD) if self._age(c) < 18]
        return (member.role in (HouseholdRole.PARENT, HouseholdRole.PARTNER)
                and 20 <= self._age(member) <= 50 and bool(children))

    def hague_protocol(self, family: Family, patient: Member):
        """Last night: a parent (a patient, where there is one) after partner violence, children at
        home (the Hague protocol): the children reported, a police report filed and the forensic
        report shared with the police on the victim's consent, the local team started, discharged to
        family."""
        arrived = self.ago(hours=15)
        children = [c for c in self._free(family.with_role(HouseholdRole.CHILD))
                    if self._age(c) < 18][:3]
        partner = next(iter(self._free(m for m in family.with_role(HouseholdRole.PARENT,
                                                                   HouseholdRole.PARTNER)
                                       if m.person.pk != patient.person.pk)), None)
        p = partner.first_name if partner else "haar partner"
        presentation = self.register(
            patient, arrived, Pathway.DOMESTIC_VIOLENCE, accompanied_by="Ambulance, met de politie",
            explanation=f"Tijdens een ruzie door {p} bij de keel gegrepen en tegen de muur "
                        "geduwd.",
            complaint="Pijn in de hals, slikklachten, kneuzing schouder; observatie na "
                      "verwurging.",
            hague_reason=HagueReason.DOMESTIC_VIOLENCE, children_at_home=YesNoUnknown.YES,
            suspected_relation=SuspectedRelation.PARTNER)
        moment = arrived + timedelta(minutes=20)
        for child in children:
            self.name(presentation, child, CompanionRole.CHILD_AT_HOME, moment)
        if partner:
            self.name(presentation, partner, CompanionRole.SUSPECT, moment)
        self.injuries(presentation, arrived + timedelta(minutes=30), [
            injury("neck_front", InjuryKind.PETECHIAE,
                   length_mm=50, width_mm=20, age_estimate=InjuryAge.FRESH,
                   explanation_fit=ExplanationFit.FITS,
                   note="Puntbloedingen en striemen in de hals: verwurging."),
            injury("upper_arm_right", InjuryKind.BRUISE,
                   length_mm=45, width_mm=30, colour="rood-blauw", age_estimate=InjuryAge.FRESH,
                   explanation_fit=ExplanationFit.FITS),
        ])
        self.forensic(presentation, arrived + timedelta(minutes=45),
                      "Letsel na verwurging vastleggen, met het oog op een aangifte.",
                      examined=arrived + timedelta(hours=2), reported=arrived + timedelta(hours=3),
                      findings="Striemen en puntbloedingen in de hals, beiderzijds; puntbloedingen "
                               "in de oogleden. Hematoom bovenarm rechts (vastpakken).",
                      conclusion="Passend bij verwurging met de hand: een ernstige vorm van "
                                 "geweld en een sterke voorspeller van herhaling.")
        self.willingness(presentation, arrived + timedelta(hours=2, minutes=30),
                         Willingness.DISCUSSED, note="Besproken met de zedenrechercheur aan de "
                                                     "telefoon; wil eerst slapen.")
        parent = "moeder" if patient.person.sex == Sex.FEMALE else "vader"
        kids = "één minderjarig kind" if len(children) == 1 else f"{len(children)} minderjarige kinderen"
        self.report(presentation, arrived + timedelta(hours=4),
                    f"Haags protocol: {parent} behandeld na verwurging door de partner; {kids} "
                    "thuis, die het geweld mogelijk hebben gezien of gehoord.",
                    children + [patient] + ([partner] if partner else []), about_children=True)
        self.willingness(presentation, arrived + timedelta(hours=8), Willingness.WILLING)
        self.file_police_report(presentation, arrived + timedelta(hours=10),
                                note="Aangifte opgenomen op het Spoedplein.")
        with self.backdated(arrived + timedelta(hours=10, minutes=30)):
            acute.share_forensic_report(
                self.clinician, presentation, organisation=self.police,
                item=ShareItem.FORENSIC_REPORT, basis=ShareBasis.CONSENT_VICTIM,
                note="Voor het dossier van de aangifte, met schriftelijke toestemming van het "
                     "slachtoffer.")
        self.follow_up(presentation, arrived + timedelta(hours=11), FollowUpKind.LOCAL_TEAM,
                       "Het lokale team belt morgen voor een afspraak op het logeeradres; "
                       "steun bij de aangifte en hulp voor de kinderen.")
        self.discharge(presentation, arrived + timedelta(hours=13), safe=YesNoUnknown.NO,
                       destination=Destination.FAMILY,
                       conditions=f"Slaapt met de kinderen bij familie; {p} weet het adres niet. "
                                  "Bij dreiging meteen 112; de politie rijdt extra langs.")

    def _young_adult(self, family: Family, member: Member) -> bool:
        return member.role != HouseholdRole.CHILD and 18 <= self._age(member) <= 35

    def sexual_violence(self, family: Family, patient: Member):
        """This morning: acute sexual violence, the night before; the four parts of the Centrum
        Seksueel Geweld together, and the case manager."""
        arrived = self.ago(hours=5, minutes=30)
        presentation = self.register(
            patient, arrived, Pathway.SEXUAL_VIOLENCE, accompanied_by="Een vriendin",
            explanation="Na een feest door een bekende verkracht, in de nacht.",
            complaint="Medische zorg: SOA-preventie"
                      + (", noodanticonceptie" if patient.person.sex == Sex.FEMALE else "")
                      + " en hepatitis-B-vaccinatie; schaafwonden.",
            incident_at=arrived - timedelta(hours=9), psychological_first_aid=True,
            case_manager="Casemanager Centrum Seksueel Geweld Midden-Brabant",
            suspected_relation=SuspectedRelation.OTHER)
        self.injuries(presentation, arrived + timedelta(minutes=40), [
            injury("forearm_right", InjuryKind.ABRASION,
                   length_mm=30, width_mm=5, age_estimate=InjuryAge.FRESH,
                   explanation_fit=ExplanationFit.FITS),
            injury("thigh_left", InjuryKind.BRUISE,
                   length_mm=35, width_mm=25, colour="blauw", age_estimate=InjuryAge.FRESH,
                   explanation_fit=ExplanationFit.FITS),
        ])
        self.forensic(presentation, arrived + timedelta(minutes=30),
                      "Forensisch-medisch onderzoek na seksueel geweld, sporen veiligstellen.",
                      examined=arrived + timedelta(hours=1, minutes=30),
                      reported=arrived + timedelta(hours=2, minutes=30),
                      findings="Schaafwond pols rechts, hematoom binnenzijde bovenbeen links. "
                               "Sporen veiliggesteld en bewaard (zes maanden).",
                      conclusion="Letsel passend bij het verhaal; sporen bewaard voor een "
                                 "eventuele aangifte.")
        self.follow_up(presentation, arrived + timedelta(hours=3), FollowUpKind.CASE_MANAGER,
                       "Casemanager belt morgen; nacontrole over twee weken.")
        self.willingness(presentation, arrived + timedelta(hours=3, minutes=30),
                         Willingness.DISCUSSED,
                         note="Informatief gesprek met de zedenpolitie gehad; denkt erover na.")

    def _elder(self, family: Family, member: Member) -> bool:
        return member.role == HouseholdRole.OTHER and self._age(member) >= 70

    def elder_abuse(self, family: Family, elder: Member):
        """The day before yesterday: a woman or man over 70, financially abused and neglected by the
        son or daughter who cares for them; Veilig Thuis consulted, elder care to follow."""
        arrived = self.ago(hours=46)
        carers = [m for m in self._free(family.members)
                  if m.person.pk != elder.person.pk and 18 <= self._age(m) < 70]
        carer = carers[0] if carers else None
        c = carer.first_name if carer else "de mantelzorger"
        presentation = self.register(
            elder, arrived, Pathway.ELDER_ABUSE, accompanied_by="Thuiszorg",
            explanation=f"Gevallen in de badkamer; lag volgens de thuiszorg een nacht op de grond. "
                        f"{c} beheert het geld en zegt dat er geen geld is voor eten.",
            complaint="Uitdroging, ondervoeding, oude blauwe plekken op beide armen.",
            elder_abuse_kinds=[ElderAbuseKind.FINANCIAL, ElderAbuseKind.NEGLECT],
            suspected_relation=SuspectedRelation.CARER)
        if carer:
            self.name(presentation, carer, CompanionRole.SUSPECT, arrived + timedelta(minutes=30))
        self.injuries(presentation, arrived + timedelta(minutes=40), [
            injury("forearm_left", InjuryKind.BRUISE,
                   length_mm=50, width_mm=30, colour="geel-bruin", age_estimate=InjuryAge.MIXED,
                   explanation_fit=ExplanationFit.UNCLEAR),
            injury("heel_right", InjuryKind.OTHER,
                   length_mm=20, width_mm=20, age_estimate=InjuryAge.OLDER,
                   explanation_fit=ExplanationFit.DOES_NOT_FIT,
                   note="Doorligplek: langere tijd niet verzorgd."),
        ])
        self.consult(presentation, arrived + timedelta(hours=3),
                     "Zorgen over financiële uitbuiting en verwaarlozing door de mantelzorger; "
                     "wat is verstandig voordat de patiënt naar huis gaat?",
                     advice="Bespreek het met de patiënt zelf; vraag beschermingsbewind aan bij "
                            "de kantonrechter en betrek de ouderenadviseur van de gemeente. Bij "
                            "acuut gevaar: melden.", answered=arrived + timedelta(hours=4),
                     follow_up=AdviceFollowUp.REFERRED)
        self.follow_up(presentation, arrived + timedelta(hours=20), FollowUpKind.ELDER_CARE,
                       "Ouderenadviseur en casemanager dementie ingeschakeld; beschermingsbewind "
                       "aangevraagd.")
        self.discharge(presentation, arrived + timedelta(hours=26), safe=YesNoUnknown.NO,
                       destination=Destination.ADMITTED,
                       conditions=f"Opgenomen op de afdeling geriatrie; {c} komt alleen op "
                                  "bezoek in overleg met de afdeling. Geen geldzaken via "
                                  f"{c} tot het bewind geregeld is.")

    def _parent(self, family: Family) -> str:
        parents = family.with_role(HouseholdRole.PARENT, HouseholdRole.PARTNER)
        return "Moeder" if any(m.person.sex == Sex.FEMALE for m in parents) else "Vader"

    # A year of earlier presentations, for the figures ---------------------------------------------

    def history(self):
        """Per month of the last twelve, two or three presentations, each through to discharge."""
        pool = [m for family in self.families for m in family.members
                if m.person.pk not in self.used]
        self.rng.shuffle(pool)
        first = (self.today.replace(day=1) - timedelta(days=31 * (HISTORY_MONTHS - 1))).replace(day=1)
        month = first
        months = []
        while month <= self.today:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        for index, start in enumerate(months):
            end = min((start + timedelta(days=32)).replace(day=1), self.today - timedelta(days=2))
            if end <= start:
                continue
            # The pilot settles in: the forensic doctor and Veilig Thuis are reached sooner.
            pace = 1.0 - 0.5 * index / max(1, len(months) - 1)
            for _ in range(self.rng.randint(*HISTORY_PER_MONTH)):
                day = start + timedelta(days=self.rng.randrange((end - start).days))
                arrived = timezone.make_aware(datetime.combine(
                    day, clock(self.rng.randrange(0, 24), self.rng.randrange(0, 60, 5))), self.tz)
                # Someone born well before that day (a baby of the last year may not be).
                patient = next((m for m in pool
                                if m.person.date_of_birth < day - timedelta(days=60)), None)
                if patient is None:
                    return
                pool.remove(patient)
                self.earlier(patient, arrived, pace)

    def earlier(self, patient: Member, arrived: datetime, pace: float):
        rng = self.rng
        age = people.age_on(patient.person.date_of_birth, timezone.localtime(arrived).date())
        if age < 18:
            pathway = Pathway.CHILD_ABUSE
        elif age >= 65:
            pathway = Pathway.ELDER_ABUSE
        elif rng.random() < 0.2:
            pathway = Pathway.SEXUAL_VIOLENCE
        else:
            pathway = Pathway.DOMESTIC_VIOLENCE
        details = HISTORY_DETAILS[pathway]
        extra = {}
        if pathway == Pathway.SEXUAL_VIOLENCE:
            extra = {"incident_at": arrived - timedelta(hours=rng.randint(3, 60)),
                     "psychological_first_aid": True,
                     "case_manager": "Casemanager Centrum Seksueel Geweld Midden-Brabant"}
        elif pathway == Pathway.ELDER_ABUSE:
            kinds = [ElderAbuseKind.PHYSICAL, ElderAbuseKind.FINANCIAL, ElderAbuseKind.NEGLECT,
                     ElderAbuseKind.PSYCHOLOGICAL]
            extra = {"elder_abuse_kinds": rng.sample(kinds, 2),
                     "suspected_relation": rng.choice([SuspectedRelation.CHILD,
                                                       SuspectedRelation.CARER])}
        elif pathway == Pathway.DOMESTIC_VIOLENCE:
            extra = {"suspected_relation": SuspectedRelation.PARTNER}
        presentation = self.register(patient, arrived, pathway, accompanied_by=details.came_with,
                                     explanation=details.explanation, complaint=details.complaint,
                                     **extra)
        region, kind, fit = rng.choice(details.injuries)
        self.injuries(presentation, arrived + timedelta(minutes=20), [
            injury(region, kind, length_mm=rng.randint(10, 60), age_estimate=InjuryAge.FRESH,
                   explanation_fit=fit)])
        last = arrived + timedelta(minutes=30)
        if rng.random() < 0.75:
            hours = max(0.75, rng.uniform(1.0, 8.0) * pace)
            examined = arrived + timedelta(hours=hours)
            self.forensic(presentation, arrived + timedelta(minutes=30), details.question,
                          examined=examined, findings="Letsel beschreven en gefotografeerd.",
                          conclusion=details.conclusion)
            last = examined + timedelta(hours=1)
        if pathway in (Pathway.CHILD_ABUSE, Pathway.ELDER_ABUSE) or rng.random() < 0.4:
            sent = arrived + timedelta(hours=max(0.5, rng.uniform(1.0, 12.0) * pace))
            self.consult(presentation, sent, details.consultation, advice=details.advice,
                         answered=sent + timedelta(minutes=rng.randint(20, 90)),
                         follow_up=AdviceFollowUp.REFERRED)
            last = max(last, sent + timedelta(hours=2))
        if pathway in (Pathway.DOMESTIC_VIOLENCE, Pathway.SEXUAL_VIOLENCE) and rng.random() < 0.8:
            # Asked about reporting to the police: what came of it (one step, for speed).
            last += timedelta(minutes=15)
            draw = rng.random()
            if draw < 0.35:
                self.file_police_report(presentation, last, note="Aangifte opgenomen op het "
                                                                 "Spoedplein.")
            elif draw < 0.55:
                self.willingness(presentation, last, Willingness.WILLING,
                                 note="Doet aangifte na het weekend, op het bureau.")
            else:
                self.willingness(presentation, last, Willingness.NOT_WILLING,
                                 note="Wil nu geen aangifte doen; informatie meegegeven.")
        if rng.random() < 0.7:
            last += timedelta(minutes=20)
            self.follow_up(presentation, last, details.follow_up, details.follow_up_note)
        safe = YesNoUnknown.YES if rng.random() < 0.6 else YesNoUnknown.NO
        self.discharge(presentation, last + timedelta(minutes=30), safe=safe,
                       destination=Destination.HOME if safe == YesNoUnknown.YES
                       else rng.choice([Destination.FAMILY, Destination.SHELTER,
                                        Destination.ADMITTED]),
                       conditions=details.conditions)


@dataclass(frozen=True)
class Details:
    came_with: str
    explanation: str
    complaint: str
    injuries: tuple  # (region, kind, explanation fit), one drawn
    question: str
    conclusion: str
    consultation: str
    advice: str
    follow_up: str
    follow_up_note: str
    conditions: str


HISTORY_DETAILS = {
    Pathway.CHILD_ABUSE: Details(
        "Ouder", "Gevallen tijdens het spelen.", "Blauwe plekken, geen fractuur.",
        (("upper_arm_left", InjuryKind.BRUISE, ExplanationFit.DOES_NOT_FIT),
         ("upper_back", InjuryKind.BRUISE, ExplanationFit.UNCLEAR),
         ("shin_right", InjuryKind.BRUISE, ExplanationFit.FITS),
         ("hand_back_left", InjuryKind.BURN, ExplanationFit.DOES_NOT_FIT)),
        "Letsel vastleggen en duiden.", "Letsel deels niet passend bij de uitleg.",
        "Kind met letsel dat niet goed verklaard wordt; melden of eerst hulp organiseren?",
        "Bespreek de zorgen met de ouders en meld als zij de hulp niet aannemen.",
        FollowUpKind.LOCAL_TEAM, "Het lokale team komt thuis langs.",
        "Controle op de kinderpolikliniek; ouders nemen de hulp van het lokale team aan."),
    Pathway.DOMESTIC_VIOLENCE: Details(
        "Alleen", "Geslagen door de partner.", "Kneuzingen, hoofdwond gehecht.",
        (("forehead", InjuryKind.LACERATION, ExplanationFit.FITS),
         ("upper_arm_right", InjuryKind.BRUISE, ExplanationFit.FITS),
         ("neck_front", InjuryKind.PETECHIAE, ExplanationFit.FITS)),
        "Letsel vastleggen met het oog op een aangifte.", "Letsel passend bij het verhaal.",
        "Slachtoffer van partnergeweld zonder kinderen thuis; wat is een veilige plek?",
        "Veiligheidsplan maken; Sterk Huis heeft plek als het thuis niet veilig is.",
        FollowUpKind.LOCAL_TEAM, "Het lokale team maakt een veiligheidsplan.",
        "Partner slaapt elders; bij dreiging 112."),
    Pathway.SEXUAL_VIOLENCE: Details(
        "Een vriendin", "Seksueel geweld door een bekende.", "Medische zorg en preventie.",
        (("forearm_left", InjuryKind.ABRASION, ExplanationFit.FITS),
         ("thigh_right", InjuryKind.BRUISE, ExplanationFit.FITS)),
        "Forensisch-medisch onderzoek na seksueel geweld.", "Sporen veiliggesteld.",
        "Seksueel geweld; hoe beschermen we de patiënt tegen de pleger?",
        "Casemanager CSG houdt contact; melden als de pleger in huis woont.",
        FollowUpKind.CASE_MANAGER, "Casemanager Centrum Seksueel Geweld neemt contact op.",
        "Slaapt bij een vriendin; casemanager belt morgen."),
    Pathway.ELDER_ABUSE: Details(
        "Thuiszorg", "Gevallen; onverzorgd aangetroffen.", "Uitdroging, oude blauwe plekken.",
        (("forearm_right", InjuryKind.BRUISE, ExplanationFit.UNCLEAR),
         ("heel_left", InjuryKind.OTHER, ExplanationFit.DOES_NOT_FIT)),
        "Letsel vastleggen: past het bij een val?", "Oude en nieuwe letsels; verwaarlozing.",
        "Zorgen over verwaarlozing en geldzaken door een familielid.",
        "Ouderenadviseur betrekken; beschermingsbewind overwegen.",
        FollowUpKind.ELDER_CARE, "Ouderenadviseur van de gemeente ingeschakeld.",
        "Thuiszorg komt dagelijks; geen geldzaken via het familielid."),
}


def seed_acute(seed: int) -> AcuteDemoResult:
    """The Spoedplein's demo work, on the synthetic persons already written."""
    return AcuteDemo(seed).run()


def reset_acute(persons) -> None:
    """Remove the demo's presentations (of synthetic patients, or naming synthetic persons), their
    photographs' files once the removal is committed, and the consultations they sent to Veilig
    Thuis. The reports they sent go with the synthetic households' reports (``demo.seed``)."""
    presentations = Presentation.objects.filter(patient__in=persons) | Presentation.objects.filter(
        named_persons__person__in=persons)
    presentations = Presentation.objects.filter(pk__in=presentations.values("pk"))
    files = [name for name in Photo.objects.filter(presentation__in=presentations)
             .values_list("file", flat=True) if name]
    advice = list(VeiligThuisContact.objects.filter(presentation__in=presentations,
                                                    advice__isnull=False)
                  .values_list("advice_id", flat=True))
    presentations.delete()
    AdviceRequest.objects.filter(pk__in=advice, is_synthetic=True).delete()
    if files:
        storage = Photo._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in files])
