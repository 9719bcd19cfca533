"""The Expertisecentrum's and the regional help catalogue's demo: the standards and competencies of
"Werken aan Veiligheid", trainings held and to come, advice questions, experience experts, the Week
tegen Kindermishandeling, the dialogue leaders and their meetings, and the sociale kaart with the
plan actions that wait for its offers.

Why it is built this way:

- **Through the services.** Every row is made by ``eendak.expertise.services``,
  ``eendak.catalogue.services`` and ``eendak.cases.services``, acting as whoever would do it: the
  functional administrator ``beheer`` keeps the standards, competencies and the catalogue;
  ``expertise`` plans and holds sessions, answers and refers questions, matches experts, holds
  events and records dialogue meetings; local-team workers enrol themselves, evaluate, ask for an
  expert and pick an offer in a family's plan; ``ggz`` updates its own offer's waiting time; and the
  public pages' actor (``Actor.public`` for the Expertisecentrum) registers visitors. So the rules
  are asked, and the access log is what real use would have written.
- **Colleagues in the local teams.** A competency record and a team's share need workers to differ:
  besides ``wijkteam`` and ``coordinator`` (Tilburg), ``LOCAL_TEAM_COLLEAGUES`` work in five more
  teams. Like the Veiligheidsteam's colleagues they have no password and cannot log in. Their
  records are built from the sessions they attended (``HELD``): some meet the standard, some miss a
  competency, the coordinator's certificate of "Kindgesprekken" has expired, and ``wijkteam`` misses
  exactly the competency that the coming "Kindgesprekken" session builds.
- **Anchored on the moment of seeding.** A session is only published and enrolled for while it lies
  ahead, and held once it has begun: a held session is planned, published and enrolled for ahead,
  then moved to its day in the past (what a day passing would do) and its attendance recorded. The
  other stamps the services set with the clock — registration, evaluation, answer, request, an
  offer's last update, a plan version and its journal lines — are moved to their moments afterwards.
  The access log keeps the moment of seeding: it takes its time from the clock.
- **Found again by its own names.** These tables have no synthetic flag. What the demo wrote is
  recognised by the demo accounts that wrote it (sessions, questions, dialogue meetings) and by the
  names in this module (courses, experts, campaigns and events, dialogue leaders, providers);
  ``remove_expertise_demo`` removes exactly that, with the advice requests its referrals made at
  Veilig Thuis (marked synthetic). The standards and competencies are reference data and stay. A
  record made by someone else that points at the demo's rows stops the reset with its message.
- **Nothing of a case reaches the Expertisecentrum.** The questions and signals that concern an
  unsafe household are referred to Veilig Thuis and keep only the reference; dialogue meetings
  count participants and never name them. The plan actions are the local teams' own, in their own
  families' plans.
- **Deterministic and quick.** Texts, choices and dates follow from the seed and the day of
  seeding; a few hundred service calls, about a second. The plan actions are best effort: a tiny
  data set gets fewer of them, never an error.
"""

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal

from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from faker import Faker

from eendak.cases import services as cases
from eendak.cases.models import Case, CaseStatus, JournalEntry, Participation, PlanPart, PlanVersion
from eendak.catalogue import services as catalogue
from eendak.catalogue.models import Offer, OfferKind, Provider, TargetGroup
from eendak.core.actors import Actor
from eendak.core.models import Membership, Municipality, Organisation, User
from eendak.core.reference import local_team
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.core.workdays import add_months, add_working_days, is_working_day
from eendak.expertise import services
from eendak.expertise.models import (
    AwarenessEvent,
    Campaign,
    Competency,
    Course,
    DialogueLeader,
    DialogueMeeting,
    DialogueSignal,
    Enrolment,
    Evaluation,
    EventRegistration,
    Expert,
    ExpertRequest,
    Question,
    Session,
    Standard,
)
from eendak.expertise.workflow import (
    AskerType,
    Audience,
    Community,
    EventKind,
    EventStatus,
    ExpertPurpose,
    ExpertTheme,
    MeetingSetting,
    MeetingTopic,
    QuestionFollowUp,
    QuestionTopic,
    Referral,
    SignalDestination,
)
from eendak.intake.models import AdviceRequest
from eendak.persons.models import HouseholdMember, HouseholdRole

from .accounts import DEMO_ACCOUNTS, DEMO_EMAIL_DOMAIN, demo_email

# --- Who ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamColleague:
    """A local-team worker who trains in the demo but has no account to log in with."""

    key: str
    first_name: str
    last_name: str
    municipality: str

    @property
    def username(self) -> str:
        return f"collega-lt-{self.key}"


LOCAL_TEAM_COLLEAGUES = (
    TeamColleague("tilburg-1", "Tessa", "Teamlid", "Tilburg"),
    TeamColleague("tilburg-2", "Hanna", "Huisbezoek", "Tilburg"),
    TeamColleague("tilburg-3", "Gijs", "Gezinscoach", "Tilburg"),
    TeamColleague("waalwijk-1", "Lieke", "Lokaal", "Waalwijk"),
    TeamColleague("waalwijk-2", "Bas", "Buurtteam", "Waalwijk"),
    TeamColleague("waalwijk-3", "Mirjam", "Multifocus", "Waalwijk"),
    TeamColleague("heusden-1", "Sem", "Samenwerking", "Heusden"),
    TeamColleague("heusden-2", "Vincent", "Veiligheidsplan", "Heusden"),
    TeamColleague("dongen-1", "Kim", "Keukentafel", "Dongen"),
    TeamColleague("dongen-2", "Daan", "Draagkracht", "Dongen"),
    TeamColleague("goirle-1", "Gwen", "Gezinsplan", "Goirle"),
    TeamColleague("goirle-2", "Jan", "Jeugdhulp", "Goirle"),
    TeamColleague("oisterwijk-1", "Olaf", "Ondersteuning", "Oisterwijk"),
    TeamColleague("oisterwijk-2", "Iris", "Inloop", "Oisterwijk"),
)
# The demo accounts in the Tilburg team train too, under their user names.
TEAM_ACCOUNTS = ("wijkteam", "coordinator")

# --- Werken aan Veiligheid ----------------------------------------------------------------------------

# (code, title, ((code, title, required, description), ...)): a plausible set, kept by ``beheer``.
STANDARDS = (
    ("WaV-1", "Onveiligheid herkennen en bespreekbaar maken", (
        ("WaV-1.1", "Signalen van huiselijk geweld en kindermishandeling herkennen", True,
         "Kent de signalen bij kinderen, volwassenen en ouderen en weegt ze in samenhang."),
        ("WaV-1.2", "Onveiligheid bespreekbaar maken met ouders", True,
         "Benoemt zorgen over veiligheid open en respectvol, ook als ouders dat niet willen horen."),
        ("WaV-1.3", "Kindgesprekken voeren over veiligheid", True,
         "Spreekt kinderen apart, op hun niveau, en laat hun stem meewegen in het plan."),
    )),
    ("WaV-2", "Veiligheid beoordelen", (
        ("WaV-2.1", "Risico's taxeren met een gestructureerd instrument", True,
         "Gebruikt een risicotaxatie-instrument als steun bij het eigen oordeel."),
        ("WaV-2.2", "De meldcode en het afwegingskader toepassen", True,
         "Doorloopt de vijf stappen en weet wanneer melden bij Veilig Thuis noodzakelijk is."),
    )),
    ("WaV-3", "Werken aan veiligheid met het gezin", (
        ("WaV-3.1", "Een veiligheidsplan maken met het gezin en het netwerk", True,
         "Maakt concrete, toetsbare afspraken met alle gezinsleden en het netwerk."),
        ("WaV-3.2", "Veiligheid monitoren en bijsturen", True,
         "Volgt de veiligheid na afspraken en schaalt op wanneer die niet verbetert."),
        ("WaV-3.3", "Systeemgericht werken (Multifocus)", True,
         "Werkt met het hele systeem: slachtoffer, pleger en kinderen, met genogram en netwerkkaart."),
    )),
    ("WaV-4", "Samenwerken in de keten", (
        ("WaV-4.1", "Samenwerken met Veilig Thuis en de ketenpartners", True,
         "Kent de rollen in de keten, de overdrachtsmomenten en deelt informatie op grondslag."),
        ("WaV-4.2", "Eergerelateerd geweld en huwelijksdwang herkennen", False,
         "Herkent de signalen en weet wanneer het Landelijk Knooppunt of Veilig Thuis in beeld komt."),
    )),
)

# --- Trainings ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseSpec:
    title: str
    audiences: tuple[str, ...]
    hours: str
    validity_months: int
    competencies: tuple[str, ...]
    starts: tuple[int, int]  # hour, minute
    span: timedelta  # from start to end (a two-day course: into the next day)
    trainer: str
    description: str
    external_organisations: tuple[str, ...] = ()  # where its other participants work
    external_jobs: tuple[str, ...] = ()


BASIS, PLAN, KIND, SCHOOL, GP, VOLUNTEERS = "basis", "plan", "kind", "school", "gp", "volunteers"
COURSES = {
    BASIS: CourseSpec(
        "Werken aan Veiligheid – de basis", (Audience.LOCAL_TEAMS,), "12", 36,
        ("WaV-1.1", "WaV-1.2", "WaV-2.2", "WaV-4.1"), (9, 0), timedelta(days=1, hours=7, minutes=30),
        "Annemiek (Sterk Huis) en Joris (Veilig Thuis)",
        "Twee dagen over het kwaliteitskader: signalen, het gesprek met ouders, de meldcode en "
        "samenwerken met Veilig Thuis. Voor nieuwe medewerkers van de lokale teams."),
    PLAN: CourseSpec(
        "Risicotaxatie, veiligheidsplan en monitoring", (Audience.LOCAL_TEAMS,), "12", 24,
        ("WaV-2.1", "WaV-3.1", "WaV-3.2", "WaV-3.3"), (9, 0), timedelta(days=1, hours=7, minutes=30),
        "Joris (Veilig Thuis) en Fatma (IMW Tilburg)",
        "Van risicotaxatie naar een veiligheidsplan met het hele systeem (Multifocus), en hoe je "
        "veiligheid daarna volgt en bijstuurt."),
    KIND: CourseSpec(
        "Kindgesprekken voeren bij zorgen over veiligheid", (Audience.LOCAL_TEAMS, Audience.CHILDCARE),
        "6", 24, ("WaV-1.3",), (9, 30), timedelta(hours=6),
        "Els (Fameus)",
        "Oefenen met gesprekken met kinderen van 4 tot 16 jaar, met een trainingsacteur.",
        ("Kinderopvang De Speelwei", "Kinderopvang Klein Geluk", "Peuterspeelzaal 't Kwetternest"),
        ("pedagogisch medewerker", "locatiemanager", "aandachtsfunctionaris")),
    SCHOOL: CourseSpec(
        "Signalen van geweld herkennen op school", (Audience.TEACHERS, Audience.CHILDCARE), "3", 24,
        ("WaV-1.1", "WaV-4.2"), (13, 30), timedelta(hours=3),
        "Annemiek (Sterk Huis)",
        "Signalen bij leerlingen, het gesprek met ouders en de meldcode op school, met aandacht "
        "voor eergerelateerd geweld en achterlating in de zomervakantie.",
        ("Basisschool De Wilgenhoek", "Basisschool Het Kompas", "SBO De Horizon",
         "Scholengemeenschap De Linde"),
        ("leerkracht", "intern begeleider", "mentor", "zorgcoördinator")),
    GP: CourseSpec(
        "De meldcode in de huisartsenpraktijk", (Audience.GPS,), "2.5", 24,
        ("WaV-1.1", "WaV-2.2"), (18, 30), timedelta(hours=2, minutes=30),
        "Aart (arts Veilig Thuis)",
        "Avondscholing voor huisartsen en praktijkondersteuners: signalen in het spreekuur en de "
        "vijf stappen van de meldcode.",
        ("Huisartsenpraktijk Lindehof", "Gezondheidscentrum Beukenlaan",
         "Huisartsenpraktijk De Vijf Eiken"),
        ("huisarts", "praktijkondersteuner", "doktersassistent")),
    VOLUNTEERS: CourseSpec(
        "Zorgen delen als vrijwilliger", (Audience.VOLUNTEERS,), "2", 0, ("WaV-1.1",), (19, 30),
        timedelta(hours=2),
        "Fatma (IMW Tilburg)",
        "Wat doe je als vrijwilliger met een zorg over thuis? Signalen, het gesprek en bij wie je "
        "terechtkunt. Het certificaat verloopt niet.",
        ("Taalcafé De Brug", "Sportvereniging SV Eendracht", "Buurtvrijwilligers Noord"),
        ("vrijwilliger", "jeugdtrainer", "taalmaatje")),
}
COURSE_TITLES = tuple(spec.title for spec in COURSES.values())


@dataclass(frozen=True)
class SessionSpec:
    course: str
    days: int  # from today: negative lies behind
    place: str
    capacity: int
    present: tuple[str, ...] = ()  # local-team workers (colleague keys or demo user names)
    absent: tuple[str, ...] = ()
    from_public_page: tuple[str, ...] = ()  # of present: registered on the public page
    externals: int = 0  # other participants: by the centre (phone, e-mail) and the public page
    waiting: tuple[str, ...] = ()  # workers who enrol after it is full
    waiting_externals: int = 0


TRAINING_ROOM = "Trainingsruimte Expertisecentrum, Tilburg"
# Held: the local-team workers' records come from these.
HELD = (
    SessionSpec(KIND, -900, TRAINING_ROOM, 14, present=("coordinator",), externals=5),
    SessionSpec(BASIS, -600, TRAINING_ROOM, 20,
                present=("wijkteam", "coordinator", "tilburg-1", "tilburg-2", "waalwijk-1",
                         "waalwijk-2", "goirle-1", "goirle-2"),
                absent=("heusden-1",), from_public_page=("goirle-2",)),
    SessionSpec(PLAN, -300, TRAINING_ROOM, 16,
                present=("wijkteam", "coordinator", "tilburg-1", "tilburg-2", "waalwijk-1",
                         "waalwijk-2", "goirle-1", "goirle-2", "dongen-1")),
    SessionSpec(KIND, -190, TRAINING_ROOM, 14,
                present=("tilburg-1", "tilburg-2", "waalwijk-1", "goirle-1", "goirle-2", "dongen-1",
                         "heusden-2"), from_public_page=("dongen-1",), externals=3),
    SessionSpec(GP, -150, "Gezondheidscentrum Beukenlaan, Tilburg", 16, externals=7),
    SessionSpec(BASIS, -120, "Gemeentehuis Waalwijk", 20,
                present=("dongen-1", "dongen-2", "heusden-2", "waalwijk-3", "tilburg-3"),
                absent=("heusden-1",)),
    SessionSpec(SCHOOL, -60, "Scholengemeenschap De Linde, Tilburg", 24, externals=10),
    SessionSpec(VOLUNTEERS, -21, "Wijkcentrum De Schakel, Waalwijk", 20, externals=8),
)
# Published, to come: enrolled for themselves (``present``) or from the public page.
UPCOMING = (
    # Builds what ``wijkteam`` misses: she finds it on her own record.
    SessionSpec(KIND, 18, TRAINING_ROOM, 14, present=("coordinator", "waalwijk-2"), externals=3),
    SessionSpec(SCHOOL, 24, "Basisschool Het Kompas, Waalwijk", 20, externals=6),
    # Full, with a waiting list; one participant cancels and the first waiting moves up.
    SessionSpec(PLAN, 33, "Gemeentehuis Waalwijk", 8,
                present=("tilburg-3", "waalwijk-3", "heusden-1", "heusden-2", "dongen-2",
                         "oisterwijk-1"), externals=2,
                waiting=("oisterwijk-2",), waiting_externals=3),
    SessionSpec(GP, 40, "Huisartsenpraktijk De Vijf Eiken, Goirle", 15, externals=3),
    SessionSpec(BASIS, 52, TRAINING_ROOM, 16, present=("heusden-1", "oisterwijk-1", "oisterwijk-2"),
                externals=2),
)
DRAFT = SessionSpec(VOLUNTEERS, 75, "Bibliotheek Dongen", 20)
CANCELLED = SessionSpec(GP, 12, "Gezondheidscentrum Beukenlaan, Tilburg", 12)

EVALUATION_COMMENTS = (
    "Heel praktisch, direct toepasbaar in mijn gesprekken.",
    "Graag meer tijd om met casussen te oefenen.",
    "De trainingsacteur maakte het spannend maar leerzaam.",
    "Het afwegingskader is me nu veel duidelijker.",
    "Goede uitwisseling met collega's uit andere gemeenten.",
    "",
    "",
    "Sommige stof kende ik al; een verdiepingsdag zou welkom zijn.",
)

# --- Advice questions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionSpec:
    days_ago: int
    asker_type: str
    topic: str
    question: str
    answer: str = ""
    follow_up: str = ""
    answer_days: int = 0  # working days until the answer
    with_contact: bool = False  # not anonymous: asked to be called back
    refer: bool = False  # about an unsafe household: referred to Veilig Thuis


QUESTIONS = (
    QuestionSpec(1, AskerType.RESIDENT, QuestionTopic.CHILD_ABUSE,
                 "Ik maak me zorgen over een kind in mijn straat dat vaak laat buiten is en bang lijkt "
                 "om naar huis te gaan. Wat kan ik als buurvrouw doen zonder het erger te maken?"),
    QuestionSpec(2, AskerType.PROFESSIONAL, QuestionTopic.MELDCODE,
                 "Hoe pas ik het afwegingskader toe als een leerling iets vertelt, maar vraagt het "
                 "geheim te houden?"),
    QuestionSpec(3, AskerType.VOLUNTEER, QuestionTopic.ELDER_ABUSE,
                 "Als vrijwilliger bij de thuisbegeleiding zie ik dat een oudere dame niet meer bij haar "
                 "eigen bankrekening kan. Is dat financiële uitbuiting, en bij wie kan ik terecht?"),
    QuestionSpec(6, AskerType.PROFESSIONAL, QuestionTopic.TRAINING,
                 "Kunnen jullie een teamtraining over eergerelateerd geweld verzorgen voor ons "
                 "jongerenwerk?"),
    QuestionSpec(12, AskerType.PROFESSIONAL, QuestionTopic.PARTNER_VIOLENCE,
                 "Ik ben wijkverpleegkundige. Een cliënte vertelt over ruzies met haar ex-partner die "
                 "steeds heftiger worden. Hoe bespreek ik dit zonder dat zij afhaakt?",
                 "Benoem wat u ziet en vraag vanuit zorg door: wat gebeurt er precies, hoe vaak, zijn er "
                 "kinderen bij? Dring niet aan, maar kom erop terug. Wij sturen u de gesprekskaart "
                 "'Praten over partnergeweld'. Bij acute dreiging: 112; bij twijfel kunt u altijd "
                 "overleggen met Veilig Thuis (0800 2000).",
                 QuestionFollowUp.MATERIAL, 1),
    QuestionSpec(25, AskerType.RESIDENT, QuestionTopic.OTHER,
                 "Wat gebeurt er als ik Veilig Thuis bel over een gezin in mijn straat? Moet ik mijn "
                 "naam noemen?",
                 "U kunt Veilig Thuis eerst anoniem om advies vragen. Doet u een melding, dan is uw naam "
                 "bij Veilig Thuis bekend, maar die wordt alleen met uw toestemming aan het gezin "
                 "genoemd. Veilig Thuis beoordeelt daarna wat nodig is; dat is niet automatisch een "
                 "onderzoek.",
                 QuestionFollowUp.NONE, 2),
    QuestionSpec(40, AskerType.PROFESSIONAL, QuestionTopic.MELDCODE,
                 "Onze praktijk wil de meldcode beter toepassen. Hoe zien de vijf stappen eruit voor "
                 "een huisartsenpraktijk?",
                 "De vijf stappen zijn dezelfde; in de huisartsenpraktijk ligt het accent op het "
                 "vastleggen van signalen en het overleg met de aandachtsfunctionaris of Veilig Thuis. "
                 "Wij bieden u de avondscholing 'De meldcode in de huisartsenpraktijk' aan.",
                 QuestionFollowUp.TRAINING, 3),
    QuestionSpec(55, AskerType.VOLUNTEER, QuestionTopic.CHILD_ABUSE,
                 "Wij willen als sportvereniging onze jeugdtrainers leren hoe ze signalen van "
                 "kindermishandeling oppakken. Kan iemand met ervaring komen vertellen?",
                 "Graag. Een ervaringsdeskundige vertelt op uw trainersavond over opgroeien met geweld; "
                 "daarna bespreken we wat een trainer kan doen. We nemen contact op voor een datum.",
                 QuestionFollowUp.EXPERT, 1),
    QuestionSpec(70, AskerType.PROFESSIONAL, QuestionTopic.HONOUR_RELATED,
                 "Ik ben jongerenwerker. Jongeren vragen naar huwelijksdwang en achterlating in de "
                 "zomervakantie. Welk materiaal kan ik gebruiken?",
                 "Wij sturen u het lesmateriaal over huwelijksdwang en achterlating en de folder in "
                 "meerdere talen. Bij een concrete zorg over een jongere: overleg met Veilig Thuis, "
                 "dat het Landelijk Knooppunt kan inschakelen.",
                 QuestionFollowUp.MATERIAL, 4, with_contact=True),
    QuestionSpec(90, AskerType.PROFESSIONAL, QuestionTopic.SEXUAL_VIOLENCE,
                 "Hoe reageer ik als leerkracht als een leerling vertelt over grensoverschrijdend "
                 "gedrag van een volwassene?",
                 "Luister, blijf rustig, beloof geen geheimhouding en leg vast wat de leerling letterlijk "
                 "zegt. Overleg dezelfde dag met de aandachtsfunctionaris en Veilig Thuis. De training "
                 "'Signalen van geweld herkennen op school' gaat hier verder op in.",
                 QuestionFollowUp.TRAINING, 2),
    # About an unsafe household: referred to Veilig Thuis as an advice request; only the reference stays.
    QuestionSpec(2, AskerType.PROFESSIONAL, QuestionTopic.CHILD_ABUSE,
                 "Een leerkracht vertelt dat een leerling uit groep 5 geregeld met blauwe plekken op "
                 "school komt en zegt dat papa boos wordt als mama huilt. De school weet niet of dit al "
                 "bekend is bij Veilig Thuis.", refer=True),
)

# --- Experience experts -------------------------------------------------------------------------------

AFTERCARE = ("Nagesprek binnen een week met de coördinator ervaringsdeskundigheid; bij een zwaar "
             "verloop contact met de eigen begeleider.")
EXPERTS = (
    # pseudonym, themes, languages, availability, active
    ("Vlinder", (ExpertTheme.PARTNER_VIOLENCE, ExpertTheme.GROWING_UP), ("Nederlands", "Turks"),
     "Dinsdag en donderdag overdag", True),
    ("Eik", (ExpertTheme.CHILD_ABUSE, ExpertTheme.GROWING_UP), ("Nederlands",),
     "Avonden en zaterdag", True),
    ("Lotus", (ExpertTheme.HONOUR_RELATED, ExpertTheme.PARTNER_VIOLENCE),
     ("Nederlands", "Marokkaans-Arabisch", "Tarifit"), "Overdag, niet op vrijdag", True),
    ("Kompas", (ExpertTheme.SEXUAL_VIOLENCE,), ("Nederlands", "Engels"), "In overleg", True),
    ("Anker", (ExpertTheme.ELDER_ABUSE,), ("Nederlands",), "Maandag en woensdag", True),
    ("Zonnebloem", (ExpertTheme.PARTNER_VIOLENCE, ExpertTheme.CHILD_ABUSE), ("Nederlands", "Somalisch"),
     "Overdag", True),
    ("Duinroos", (ExpertTheme.GROWING_UP,), ("Nederlands",), "Tijdelijk niet beschikbaar", False),
)
EXPERT_PSEUDONYMS = tuple(expert[0] for expert in EXPERTS)
SCHOOL_REQUESTER = "Intern begeleider, Basisschool De Wilgenhoek (Dongen)"
CLUB_REQUESTER = "Jeugdcommissie, Sportvereniging SV Eendracht"
CENTRE_REQUESTER = "Expertisecentrum (trainingen)"

# --- Awareness ----------------------------------------------------------------------------------------

CAMPAIGN_TITLE = "Week tegen Kindermishandeling {year}"
CAMPAIGN_DESCRIPTION = (
    "De jaarlijkse landelijke week in november: voorlichting op scholen, een informatieavond voor "
    "ouders en een opening in Tilburg, met de partners van het Expertisecentrum.")


@dataclass(frozen=True)
class EventSpec:
    days: int  # from the campaign's Monday, or from today for an event outside a campaign
    hour: tuple[int, int]
    title: str
    kind: str
    place: str
    public: bool
    capacity: int | None
    reach: int = 0  # when held
    registrations: int = 0  # when still to come and public


CAMPAIGN_EVENTS = (
    EventSpec(0, (10, 0), "Opening van de Week tegen Kindermishandeling", EventKind.CAMPAIGN_EVENT,
              "Stadhuisplein, Tilburg", True, None, reach=150, registrations=3),
    EventSpec(1, (10, 0), "Voorlichting groep 7 en 8: wat is een veilig thuis?", EventKind.SCHOOL_SESSION,
              "Basisschool De Wilgenhoek, Dongen", False, 60, reach=52),
    EventSpec(2, (13, 0), "Voorlichting groep 7 en 8: wat is een veilig thuis?", EventKind.SCHOOL_SESSION,
              "Basisschool Het Kompas, Waalwijk", False, 60, reach=47),
    EventSpec(3, (10, 0), "Voorlichting brugklas: grenzen en relaties", EventKind.SCHOOL_SESSION,
              "Scholengemeenschap De Linde, Tilburg", False, 90, reach=88),
    EventSpec(3, (19, 30), "Informatieavond voor ouders: praten over veiligheid thuis",
              EventKind.INFORMATION_EVENING, "Buurthuis De Poort, Tilburg", True, 60, reach=38,
              registrations=4),
    EventSpec(4, (15, 0), "Webinar voor professionals: kinderen in beeld", EventKind.WEBINAR, "Online",
              True, 200, reach=143, registrations=5),
)
OTHER_EVENTS = (
    EventSpec(-80, (10, 0), "Gastles relaties en grenzen", EventKind.SCHOOL_SESSION,
              "MBO-college Midden-Brabant, Tilburg", False, 80, reach=64),
    EventSpec(-45, (19, 0), "Voorlichting eergerelateerd geweld voor jongerenwerkers",
              EventKind.INFORMATION_EVENING, "Jongerencentrum Het Podium, Tilburg", False, 30, reach=22),
    EventSpec(9, (10, 0), "Voorlichting groep 8: veilig online en thuis", EventKind.SCHOOL_SESSION,
              "Basisschool De Regenboog, Goirle", False, 30),
    EventSpec(16, (19, 30), "Informatieavond: ouderenmishandeling herkennen",
              EventKind.INFORMATION_EVENING, "Wijkcentrum De Schakel, Waalwijk", True, 40,
              registrations=7),
    EventSpec(27, (15, 0), "Webinar: de meldcode in de kinderopvang", EventKind.WEBINAR, "Online", True,
              100, registrations=12),
)
EVENT_TITLES = tuple({e.title for e in CAMPAIGN_EVENTS + OTHER_EVENTS})

# --- Dialogue leaders and meetings --------------------------------------------------------------------

KEZBAN = "Stichting Kezban"
LEADERS = (
    ("Hodan A.", Community.SOMALI, ("Somalisch", "Nederlands")),
    ("Sahra M.", Community.SOMALI, ("Somalisch", "Nederlands", "Engels")),
    ("Faadumo Y.", Community.SOMALI, ("Somalisch", "Nederlands")),
    ("Abdirahman H.", Community.SOMALI, ("Somalisch", "Nederlands")),
    ("Nimco D.", Community.SOMALI, ("Somalisch", "Nederlands")),
    ("Ayşe K.", Community.TURKISH, ("Turks", "Nederlands")),
    ("Emine Y.", Community.TURKISH, ("Turks", "Nederlands")),
    ("Hatice D.", Community.TURKISH, ("Turks", "Koerdisch", "Nederlands")),
    ("Mehmet Ö.", Community.TURKISH, ("Turks", "Nederlands")),
    ("Zeynep A.", Community.TURKISH, ("Turks", "Nederlands")),
    ("Fatima B.", Community.MOROCCAN, ("Marokkaans-Arabisch", "Nederlands")),
    ("Khadija E.", Community.MOROCCAN, ("Tarifit", "Marokkaans-Arabisch", "Nederlands")),
    ("Mohamed A.", Community.MOROCCAN, ("Marokkaans-Arabisch", "Nederlands")),
    ("Naima L.", Community.MOROCCAN, ("Tarifit", "Nederlands")),
)
LEADER_NAMES = tuple(leader[0] for leader in LEADERS)
GGD, CONTOUR = "GGD Hart voor Brabant", "Contour de Twern"
SETTINGS = ((MeetingSetting.PARENTS_ROOM, 9), (MeetingSetting.COMMUNITY_CENTRE, 8),
            (MeetingSetting.SELF_ORGANISATION, 7), (MeetingSetting.INTEGRATION_COURSE, 6))
MEETINGS = sum(count for _, count in SETTINGS)  # about 30 over the last year
SELF_ORGANISATIONS = {
    Community.SOMALI: "Somalische zelforganisatie",
    Community.TURKISH: "Turkse vrouwenvereniging",
    Community.MOROCCAN: "Marokkaanse ouderenvereniging",
}
MEETING_NOTES = (
    "Open gesprek over opvoeden zonder slaan; veel vragen over wat je wél kunt doen als een kind "
    "niet luistert.",
    "Moeders vertelden hoe ze zelf zijn opgevoed. Uitleg over Veilig Thuis nam de angst weg dat "
    "kinderen meteen uit huis worden gehaald.",
    "Gesprek over spanningen thuis en de rolverdeling; de folder van Veilig Thuis in de eigen taal "
    "ging mee.",
    "Vaders waren er voor het eerst bij; gesprek over eer, vertrouwen en praten met je kinderen.",
    "Na afloop bleven twee deelnemers om apart te praten; zij kregen informatie over waar je hulp "
    "vindt.",
    "Groep van de inburgeringscursus: uitleg over kinderrechten in Nederland en wat een school doet "
    "met zorgen.",
)
SIGNALS = (
    (SignalDestination.EXPERTISE,
     "Meerdere moeders weten niet waar ze terechtkunnen bij geldzorgen en spanningen thuis; vraag om "
     "een vervolgbijeenkomst met het lokale team."),
    (SignalDestination.EXPERTISE,
     "De groep vraagt om een bijeenkomst over huwelijksdwang en achterlating voor jongeren."),
    (SignalDestination.VEILIG_THUIS,
     "Een deelnemer vertelde na afloop over aanhoudende bedreigingen door haar partner en zorgen om de "
     "kinderen; zij wil eerst anoniem advies. De dialoogleider gaf het nummer van Veilig Thuis."),
)

# --- The help catalogue -------------------------------------------------------------------------------

ALL = ("Dongen", "Gilze en Rijen", "Goirle", "Heusden", "Hilvarenbeek", "Loon op Zand", "Oisterwijk",
       "Tilburg", "Waalwijk")
TILBURG_AND_AROUND = ("Tilburg", "Goirle", "Hilvarenbeek", "Oisterwijk")
LANGSTRAAT = ("Waalwijk", "Heusden", "Loon op Zand")
NORTH = ("Dongen", "Gilze en Rijen")


@dataclass(frozen=True)
class OfferSpec:
    key: str
    title: str
    kind: str
    target_groups: tuple[str, ...]
    municipalities: tuple[str, ...]
    capacity: int | None
    waiting_weeks: int
    updated_days_ago: int
    description: str


# (provider name, organisation in Eendak or None, website, phone, offers)
PROVIDERS = (
    ("GGz Breburg", "GGz Breburg", "", "", (
        OfferSpec("trauma-adults", "Traumabehandeling voor volwassenen (EMDR)",
                  OfferKind.TRAUMA_TREATMENT, (TargetGroup.ADULT_VICTIMS,), ALL, 12, 12, 12,
                  "Behandeling van PTSS na huiselijk geweld, met EMDR of imaginaire exposure."),
        OfferSpec("trauma-children", "Traumabehandeling voor kinderen en jongeren",
                  OfferKind.TRAUMA_TREATMENT, (TargetGroup.CHILDREN, TargetGroup.YOUTH), ALL, 3, 10, 20,
                  "Traumabehandeling voor kinderen van 4 tot 18 jaar, met een ouder erbij."),
    )),
    ("Novadic-Kentron", "Novadic-Kentron", "", "", (
        OfferSpec("addiction", "Verslavingszorg bij huiselijk geweld (ambulant)",
                  OfferKind.ADDICTION_CARE, (TargetGroup.ADULT_VICTIMS, TargetGroup.PERPETRATORS), ALL,
                  20, 3, 6,
                  "Behandeling van alcohol- of drugsgebruik waar geweld in het gezin speelt."),
    )),
    ("Sterk Huis", "Sterk Huis", "", "", (
        OfferSpec("shelter", "Crisisopvang en vrouwenopvang", OfferKind.SHELTER,
                  (TargetGroup.ADULT_VICTIMS, TargetGroup.CHILDREN), ALL, 6, 0, 2,
                  "Veilige opvang voor slachtoffers en hun kinderen, dag en nacht bereikbaar."),
        OfferSpec("after-violence", "Ambulante hulp na (ex-)partnergeweld", OfferKind.OTHER,
                  (TargetGroup.FAMILIES, TargetGroup.ADULT_VICTIMS), ALL, 25, 4, 15,
                  "Begeleiding thuis bij herstel en veiligheid na partnergeweld."),
    )),
    ("Stichting Andere Koers", None, "", "", (
        OfferSpec("perpetrator-group", "Groepstraining Stoppen met geweld",
                  OfferKind.PERPETRATOR_PROGRAMME, (TargetGroup.PERPETRATORS,), ALL, 12, 8, 30,
                  "Groepstraining van zestien weken voor plegers van partnergeweld."),
    )),
    ("Daderhulp Midden-Brabant", None, "", "", (
        OfferSpec("perpetrator-individual", "Individuele daderhulp", OfferKind.PERPETRATOR_PROGRAMME,
                  (TargetGroup.PERPETRATORS,), TILBURG_AND_AROUND + NORTH, 8, 5, 21,
                  "Individuele trajecten voor wie geweld pleegt en wil stoppen, ook zonder justitiekader."),
    )),
    ("Opvoedpunt Hart van Brabant", None, "", "", (
        OfferSpec("parenting-tilburg", "Opvoedondersteuning thuis – Tilburg en omgeving",
                  OfferKind.PARENTING_SUPPORT, (TargetGroup.FAMILIES,), TILBURG_AND_AROUND, 30, 2, 9,
                  "Een opvoedcoach komt thuis; ook bij spanningen tussen ouders."),
        OfferSpec("parenting-langstraat", "Opvoedondersteuning thuis – Langstraat",
                  OfferKind.PARENTING_SUPPORT, (TargetGroup.FAMILIES,), LANGSTRAAT, 15, 7, 25,
                  "Een opvoedcoach komt thuis; ook bij spanningen tussen ouders."),
        # Not updated for months: its waiting time may no longer be true.
        OfferSpec("parenting-north", "Opvoedondersteuning thuis – Dongen en Gilze en Rijen",
                  OfferKind.PARENTING_SUPPORT, (TargetGroup.FAMILIES,), NORTH, 10, 1, 160,
                  "Een opvoedcoach komt thuis; ook bij spanningen tussen ouders."),
    )),
    ("Seniorensteunpunt Midden-Brabant", None, "", "", (
        OfferSpec("elderly", "Ondersteuning bij ouderenmishandeling", OfferKind.ELDER_ABUSE_SUPPORT,
                  (TargetGroup.ELDERLY,), ALL, 10, 2, 40,
                  "Begeleiding van ouderen en mantelzorgers bij ontspoorde zorg en financiële uitbuiting."),
    )),
    ("Stichting Kind in Beeld", None, "", "", (
        OfferSpec("kies", "KIES-groep: kinderen in een scheiding", OfferKind.CHILD_SUPPORT,
                  (TargetGroup.CHILDREN,), TILBURG_AND_AROUND + LANGSTRAAT, 16, 6, 18,
                  "Acht groepsbijeenkomsten voor kinderen van 6 tot 12 jaar."),
        OfferSpec("children-group", "Praatgroep voor kinderen na huiselijk geweld",
                  OfferKind.CHILD_SUPPORT, (TargetGroup.CHILDREN,), ALL, 8, 4, 10,
                  "Tien bijeenkomsten voor kinderen die geweld thuis hebben meegemaakt."),
    )),
    ("Praktijk De Verbinding", None, "", "", (
        OfferSpec("system", "Systeemtherapie bij geweld in het gezin", OfferKind.SYSTEM_THERAPY,
                  (TargetGroup.FAMILIES,), ALL, 10, 12, 35,
                  "Gezinsgesprekken met ouders en kinderen, ook met de ex-partner waar dat veilig kan."),
    )),
    ("Schuldhulp Midden-Brabant", None, "", "", (
        OfferSpec("debt", "Schuldhulp en financiële bescherming na geweld", OfferKind.FINANCIAL_SUPPORT,
                  (TargetGroup.ADULT_VICTIMS, TargetGroup.ELDERLY), ALL, None, 3, 14,
                  "Snel overzicht van schulden, bescherming tegen financieel misbruik."),
    )),
    ("Praktijk Herstelkracht", None, "", "", (
        OfferSpec("sexual-violence", "Traumagerichte therapie na seksueel geweld",
                  OfferKind.TRAUMA_TREATMENT, (TargetGroup.ADULT_VICTIMS, TargetGroup.YOUTH), ALL, 6, 9,
                  16, "Traumabehandeling voor jongeren vanaf 16 jaar en volwassenen."),
    )),
    ("Jongerenpunt Samen Sterk", None, "", "", (
        OfferSpec("youth", "Weerbaarheidstraining voor jongeren", OfferKind.CHILD_SUPPORT,
                  (TargetGroup.YOUTH,), TILBURG_AND_AROUND, 12, 0, 5,
                  "Training in groepjes voor jongeren van 12 tot 18 jaar die thuis geweld meemaakten."),
    )),
)
PROVIDER_NAMES = tuple(provider[0] for provider in PROVIDERS)


@dataclass(frozen=True)
class DemandSpec:
    """Plan actions in families' plans that wait for an offer: (municipality, offer, days waiting)."""

    municipality: str
    offer: str
    days_waiting: tuple[int, ...]
    children: bool = False  # only households with children
    elderly: bool = False  # only households with someone over 65 and no children


# The children's trauma treatment is wanted more than it has places: the demand page marks it.
DEMAND = (
    DemandSpec("Tilburg", "trauma-children", (70, 45, 30, 12), children=True),
    DemandSpec("Tilburg", "perpetrator-group", (50, 20)),
    DemandSpec("Tilburg", "parenting-tilburg", (15, 5), children=True),
    DemandSpec("Tilburg", "shelter", (3,)),
    DemandSpec("Tilburg", "system", (60,), children=True),
    DemandSpec("Tilburg", "elderly", (10,), elderly=True),
    DemandSpec("Waalwijk", "parenting-langstraat", (40, 25), children=True),
    DemandSpec("Waalwijk", "perpetrator-group", (35,)),
)
# The plan's goal and action per kind of help (the journal adds the offer and its waiting time).
GOALS = {
    OfferKind.TRAUMA_TREATMENT: ("De kinderen verwerken wat ze hebben meegemaakt.",
                                 "Aanmelden voor traumabehandeling van de kinderen"),
    OfferKind.PERPETRATOR_PROGRAMME: ("Wie geweld gebruikte, leert spanning te hanteren zonder geweld.",
                                      "Aanmelden voor daderhulp"),
    OfferKind.PARENTING_SUPPORT: ("De ouders voeden op zonder geweld en zonder te schreeuwen.",
                                  "Opvoedondersteuning thuis aanvragen"),
    OfferKind.SHELTER: ("Wie bedreigd wordt, is veilig zolang de dreiging duurt.",
                        "Opvang regelen"),
    OfferKind.SYSTEM_THERAPY: ("Het gezin praat weer met elkaar over wat er gebeurd is.",
                               "Gezin aanmelden voor systeemtherapie"),
    OfferKind.ELDER_ABUSE_SUPPORT: ("De oudere heeft weer zelf zeggenschap over zorg en geld.",
                                    "Ondersteuning inschakelen voor de oudere en de mantelzorger"),
}


# --- The run ------------------------------------------------------------------------------------------


@dataclass
class ExpertiseDemoResult:
    courses: int = 0
    sessions: int = 0
    enrolments: int = 0
    questions: int = 0
    experts: int = 0
    expert_requests: int = 0
    events: int = 0
    dialogue_meetings: int = 0
    offers: int = 0
    actions_with_offer: int = 0
    notes: list[str] = field(default_factory=list)


def ensure_team_colleagues() -> dict[str, User]:
    """The local-team colleagues (no password), each a worker in their municipality's team."""
    users = {}
    for colleague in LOCAL_TEAM_COLLEAGUES:
        municipality = Municipality.objects.filter(name=colleague.municipality).first()
        if municipality is None:
            continue
        user = User.objects.filter(username=colleague.username).first()
        if user is None:
            user = User(username=colleague.username, first_name=colleague.first_name,
                        last_name=colleague.last_name, email=demo_email(colleague.username),
                        is_demo_account=True)
            user.set_unusable_password()
            user.save()
        Membership.objects.get_or_create(user=user, organisation=local_team(municipality),
                                         role=Role.LOCAL_TEAM_WORKER)
        users[colleague.key] = user
    return users


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]+", ".", plain.lower()).strip(".")


class ExpertiseDemo:
    def __init__(self, seed: int):
        self.rng = random.Random(f"{seed}:expertise")
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.tz = timezone.get_default_timezone()
        self.result = ExpertiseDemoResult()
        self.email_number = 0

    # The calendar ---------------------------------------------------------------------------------

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, clock(hour, minute)), self.tz)

    @staticmethod
    def working_day(day: date, *, step: int = -1, span: int = 1) -> date:
        """``day``, or the nearest working day in the direction of ``step`` from which ``span``
        working days follow one another (a two-day course)."""
        while not all(is_working_day(day + timedelta(days=d)) for d in range(span)):
            day += timedelta(days=step)
        return day

    def office(self, days_ago: int, hour: int, minute: int = 0) -> datetime:
        """A moment on the working day ``days_ago`` (or the one before), never in the future."""
        day = self.working_day(self.today - timedelta(days=days_ago))
        return min(self.at(day, hour, minute), self.now - timedelta(minutes=30))

    def recent(self, working_days_ago: int, hour: int, minute: int = 0) -> datetime:
        """A moment ``working_days_ago`` working days back, never in the future."""
        day = self.today
        for _ in range(working_days_ago):
            day = self.working_day(day - timedelta(days=1))
        return min(self.at(day, hour, minute), self.now - timedelta(minutes=30))

    def ahead(self, days: int, *, span: int = 1) -> date:
        """A working day ``days`` from today, or the first one after."""
        return self.working_day(self.today + timedelta(days=days), step=1, span=span)

    # Who acts --------------------------------------------------------------------------------------

    def _actors(self) -> bool:
        colleagues = ensure_team_colleagues()
        usernames = [a.username for a in DEMO_ACCOUNTS] + [u.username for u in colleagues.values()]
        memberships = {m.user.username: m for m in Membership.objects.filter(
            user__username__in=usernames, is_active=True).select_related("user", "organisation")}

        def actor(username, index):
            membership = memberships.get(username)
            if membership is None:
                return None
            membership.user.acting_membership = membership
            return Actor(user=membership.user, membership=membership,
                         ip_address=f"10.40.{index}.{20 + index}")

        self.staff = actor("expertise", 1)
        self.admin = actor("beheer", 2)
        self.ggz = actor("ggz", 3)
        self.workers = {name: actor(name, 10 + i) for i, name in enumerate(TEAM_ACCOUNTS)}
        self.workers.update({key: actor(user.username, 20 + i)
                             for i, (key, user) in enumerate(sorted(colleagues.items()))})
        self.workers = {key: a for key, a in self.workers.items() if a is not None}
        if self.staff is None or self.admin is None:
            return False
        self.public = Actor.public(None, services.expertise_centre())
        return True

    def external(self, organisations, jobs) -> services.Registrant:
        """Someone from outside Eendak (a teacher, a GP, a volunteer): a synthetic name and address."""
        self.email_number += 1
        name = f"{self.fake.first_name()} {self.fake.last_name()}"
        return services.Registrant(
            name=name, email=f"{_slug(name)}.{self.email_number}@{DEMO_EMAIL_DOMAIN}",
            organisation_name=self.rng.choice(organisations) if organisations else "",
            job=self.rng.choice(jobs) if jobs else "")

    def key(self) -> str:
        return f"demo-{self.rng.getrandbits(96):024x}"

    # Werken aan Veiligheid ------------------------------------------------------------------------

    def werken_aan_veiligheid(self) -> dict[str, Competency]:
        """The standards and competencies (reference data: kept when they exist, as ``beheer`` may
        have changed them)."""
        for order, (code, title, competencies) in enumerate(STANDARDS, start=1):
            standard = (Standard.objects.filter(code=code).first()
                        or services.save_standard(self.admin, code=code, title=title, order=order))
            for c_code, c_title, required, description in competencies:
                if not Competency.objects.filter(code=c_code).exists():
                    services.save_competency(self.admin, standard=standard, code=c_code, title=c_title,
                                             description=description, required=required)
        return {c.code: c for c in Competency.objects.filter(is_active=True)}

    # Trainings -------------------------------------------------------------------------------------

    def trainings(self, competencies: dict[str, Competency]):
        self.courses = {}
        for key, spec in COURSES.items():
            self.courses[key] = services.save_course(self.staff, services.CourseData(
                title=spec.title, audiences=list(spec.audiences), duration_hours=Decimal(spec.hours),
                validity_months=spec.validity_months, description=spec.description,
                competency_ids=[competencies[c].pk for c in spec.competencies if c in competencies]))
        self.result.courses = len(self.courses)
        for spec in HELD:
            self.held_session(spec)
        for spec in UPCOMING:
            self.upcoming_session(spec)
        self.plan(DRAFT)  # in preparation: not yet on the public pages
        self.result.sessions += 1
        cancelled, _ = self.plan(CANCELLED)
        services.move_session(self.staff, cancelled, "published")
        services.move_session(self.staff, cancelled, "cancelled")
        self.result.sessions += 1

    def _starts(self, spec: SessionSpec, day: date) -> datetime:
        hour, minute = COURSES[spec.course].starts
        return self.at(day, hour, minute)

    def plan(self, spec: SessionSpec, *, day: date | None = None) -> tuple[Session, datetime]:
        course_spec = COURSES[spec.course]
        starts = self._starts(spec, day or self.ahead(spec.days, span=course_spec.span.days + 1))
        session = services.plan_session(self.staff, self.courses[spec.course], starts_at=starts,
                                        ends_at=starts + course_spec.span, place=spec.place,
                                        trainer=course_spec.trainer, capacity=spec.capacity)
        return session, starts

    def enrol(self, session: Session, spec: SessionSpec, workers, externals: int) -> list[Enrolment]:
        """The workers enrol themselves (or from the public page, with their work e-mail address);
        the others half through the centre, half from the public page."""
        course = COURSES[spec.course]
        made = []
        for name in workers:
            actor = self.workers.get(name)
            if actor is None:
                continue
            if name in spec.from_public_page:
                user = actor.user
                made.append(services.enrol_public(self.public, session, services.Registrant(
                    name=user.get_full_name(), email=user.email,
                    organisation_name=actor.organisation.name, job="medewerker lokaal team"),
                    submission_key=self.key()))
            else:
                made.append(services.enrol_self(actor, session))
        for number in range(externals):
            registrant = self.external(course.external_organisations, course.external_jobs)
            if number % 2:
                made.append(services.enrol_someone(self.staff, session, registrant))
            else:
                made.append(services.enrol_public(self.public, session, registrant,
                                                  submission_key=self.key()))
        return made

    def _registered(self, enrolments: list[Enrolment], latest: datetime, days_before: int = 30):
        """Registration moments in the order they were made, the last before ``latest``."""
        count = len(enrolments)
        for index, enrolment in enumerate(sorted(enrolments, key=lambda e: e.pk)):
            day = timezone.localtime(latest).date() - timedelta(
                days=round(days_before * (count - index) / max(count, 1)))
            moment = min(self.at(day, 8 + index % 12, self.rng.randrange(0, 60, 5)), latest)
            Enrolment.objects.filter(pk=enrolment.pk).update(registered_at=moment)

    def held_session(self, spec: SessionSpec):
        """Planned, published and enrolled for ahead; moved to its day; attendance recorded; evaluated."""
        session, _ = self.plan(spec, day=self.ahead(1))
        services.move_session(self.staff, session, "published")
        enrolments = self.enrol(session, spec, spec.present + spec.absent, spec.externals)
        day = self.working_day(self.today + timedelta(days=spec.days),
                               span=COURSES[spec.course].span.days + 1)
        starts = self._starts(spec, day)
        Session.objects.filter(pk=session.pk).update(starts_at=starts,
                                                     ends_at=starts + COURSES[spec.course].span)
        self._registered(enrolments, starts - timedelta(days=3), days_before=40)
        absent = {self.workers[name].user.pk for name in spec.absent if name in self.workers}
        present = [e for e in enrolments if e.user_id not in absent]
        services.record_attendance(self.staff, session, present_ids=[e.pk for e in present])
        ends = starts + COURSES[spec.course].span
        for index, enrolment in enumerate(present):
            if index % 3 == 2:
                continue  # not everyone evaluates
            enrolment.refresh_from_db()
            worker = next((a for a in self.workers.values() if a.user.pk == enrolment.user_id), None)
            services.record_evaluation(worker or self.staff, enrolment,
                                       score=self.rng.choice((3, 4, 4, 5, 5)),
                                       useful_for_work=self.rng.choice((3, 4, 4, 5)),
                                       comment=self.rng.choice(EVALUATION_COMMENTS))
            Evaluation.objects.filter(enrolment=enrolment).update(
                submitted_at=min(ends + timedelta(days=self.rng.randint(0, 4), hours=2), self.now))
        self.result.sessions += 1
        self.result.enrolments += len(enrolments)

    def upcoming_session(self, spec: SessionSpec):
        session, starts = self.plan(spec)
        services.move_session(self.staff, session, "published")
        enrolments = self.enrol(session, spec, spec.present, spec.externals)
        if spec.waiting or spec.waiting_externals:
            enrolments += self.enrol(session, spec, spec.waiting, spec.waiting_externals)
            # Someone from outside cancels: the first on the waiting list gets the place.
            leaving = next(e for e in enrolments if e.user_id is None and e.status == "enrolled")
            services.cancel_enrolment(self.staff, leaving)
        self._registered(enrolments, min(self.now - timedelta(minutes=30), starts - timedelta(days=2)),
                         days_before=min(20, spec.days))
        self.result.sessions += 1
        self.result.enrolments += len(enrolments)

    # Advice questions ------------------------------------------------------------------------------

    def questions(self):
        self.referrals = []
        for spec in QUESTIONS:
            moment = self.recent if spec.days_ago <= 10 else self.office
            received = moment(spec.days_ago, self.rng.randint(9, 15), self.rng.choice((0, 15, 30, 45)))
            contact = {}
            if spec.with_contact:
                name = f"{self.fake.first_name()} {self.fake.last_name()}"
                contact = {"contact_name": name, "contact_email": f"{_slug(name)}@{DEMO_EMAIL_DOMAIN}"}
            question = services.register_question(self.staff, services.QuestionData(
                asker_type=spec.asker_type, topic=spec.topic, question=spec.question,
                anonymous=not spec.with_contact, received_at=received, **contact))
            if spec.refer:
                question = services.refer_question(
                    self.staff, question, as_=Referral.ADVICE,
                    note="Doorverwezen op verzoek van de school; zij bellen Veilig Thuis ook zelf.")
                AdviceRequest.objects.filter(reference=question.referred_reference).update(
                    is_synthetic=True)
                self.referrals.append(question.referred_reference)
            elif spec.answer:
                services.answer_question(self.staff, question, answer=spec.answer,
                                         follow_up=spec.follow_up)
                answered = add_working_days(received.date(), spec.answer_days)
                Question.objects.filter(pk=question.pk).update(
                    answered_at=min(self.at(answered, self.rng.randint(10, 16)), self.now))
            self.result.questions += 1

    # Experience experts ---------------------------------------------------------------------------------

    def experts(self):
        pool = {}
        for pseudonym, themes, languages, availability, active in EXPERTS:
            pool[pseudonym] = services.save_expert(
                self.staff, pseudonym=pseudonym, themes=list(themes), languages=list(languages),
                availability=availability, aftercare=AFTERCARE, is_active=active)
        self.result.experts = len(pool)
        tomorrow = self.today + timedelta(days=1)
        wendy, waalwijk = self.workers.get("wijkteam"), self.workers.get("waalwijk-1")
        made, still_open = [], []

        def request(actor, purpose, wanted_on, themes, *, requester="", note="", language="Nederlands",
                    done=False):
            found = services.request_expert(actor, purpose=purpose, wanted_on=wanted_on,
                                            themes=list(themes), language=language, note=note,
                                            requester=requester)
            made.append(found)
            if not done:
                still_open.append(found)
            return found

        # Requested, waiting to be matched.
        if wendy:
            request(wendy, ExpertPurpose.TEAM_MEETING, self.ahead(21),
                    (ExpertTheme.GROWING_UP, ExpertTheme.CHILD_ABUSE),
                    note="Teamoverleg over kinderen die opgroeien met geweld: wat hielp jou toen?")
        request(self.staff, ExpertPurpose.AWARENESS, self.ahead(30), (ExpertTheme.CHILD_ABUSE,),
                requester=SCHOOL_REQUESTER,
                note="Ouderavond over veilig opgroeien; graag iemand die ook met ouders in gesprek gaat.")
        # Matched: a story in the coming Kindgesprekken training.
        matched = request(self.staff, ExpertPurpose.TRAINING, self.ahead(UPCOMING[0].days),
                          (ExpertTheme.GROWING_UP,), requester=CENTRE_REQUESTER,
                          note="Een half uur over hoe het was om als kind niet gehoord te worden.")
        services.match_expert(self.staff, matched, pool["Eik"])
        # Scheduled: the information evening on elder abuse.
        scheduled = request(self.staff, ExpertPurpose.AWARENESS, self.ahead(OTHER_EVENTS[3].days),
                            (ExpertTheme.ELDER_ABUSE,), requester=CENTRE_REQUESTER)
        services.match_expert(self.staff, scheduled, pool["Anker"])
        services.schedule_expert(self.staff, scheduled,
                                 scheduled_at=self.at(self.ahead(OTHER_EVENTS[3].days), 19, 30))
        # Done, debriefed, aftercare: earlier this year.
        done = [
            (self.staff, ExpertPurpose.TRAINING, 62, (ExpertTheme.PARTNER_VIOLENCE,), "Vlinder",
             CENTRE_REQUESTER, "Sterk verhaal in de basistraining; deelnemers waren stil en geraakt. "
             "Vlinder had het zwaar na afloop.", True),
            (waalwijk or self.staff, ExpertPurpose.TEAM_MEETING, 36,
             (ExpertTheme.PARTNER_VIOLENCE, ExpertTheme.CHILD_ABUSE), "Zonnebloem", "",
             "Het team stelde veel vragen over het eerste contact met Veilig Thuis. Zonnebloem voelde "
             "zich goed ontvangen; nazorg aangeboden, niet nodig gebleken.", True),
            (self.staff, ExpertPurpose.AWARENESS, 90, (ExpertTheme.CHILD_ABUSE,), "Eik", CLUB_REQUESTER,
             "Trainersavond van de sportvereniging naar aanleiding van een adviesvraag. Goede vragen "
             "van de jeugdtrainers.", False),
        ]
        for actor, purpose, days_ago, themes, pseudonym, requester, debrief, aftercare in done:
            found = request(actor, purpose, tomorrow, themes, requester=requester, done=True)
            services.match_expert(self.staff, found, pool[pseudonym])
            held = self.office(days_ago, 14)
            services.schedule_expert(self.staff, found, scheduled_at=held)
            services.debrief_expert(self.staff, found, debrief=debrief, aftercare_offered=aftercare)
            ExpertRequest.objects.filter(pk=found.pk).update(
                wanted_on=held.date(), requested_at=held - timedelta(days=self.rng.randint(20, 40)))
        # Cancelled: the school found another date too late.
        cancelled = request(self.staff, ExpertPurpose.AWARENESS, self.ahead(5), (ExpertTheme.GROWING_UP,),
                            requester=SCHOOL_REQUESTER)
        services.cancel_expert_request(self.staff, cancelled,
                                       reason="De school heeft de ouderavond verplaatst naar het voorjaar.")
        for index, found in enumerate(still_open):
            ExpertRequest.objects.filter(pk=found.pk).update(requested_at=self.recent(1 + 2 * index, 11))
        self.result.expert_requests = len(made)

    # Awareness ---------------------------------------------------------------------------------------

    @staticmethod
    def campaign_monday(year: int) -> date:
        """The Week tegen Kindermishandeling: the third full week of November, from its Monday."""
        first = date(year, 11, 1)
        return first + timedelta(days=(7 - first.weekday()) % 7 + 14)

    def awareness(self):
        year = self.today.year if self.campaign_monday(self.today.year) <= self.today else self.today.year - 1
        for campaign_year in (year, year + 1):
            monday = self.campaign_monday(campaign_year)
            campaign = services.save_campaign(
                self.staff, title=CAMPAIGN_TITLE.format(year=campaign_year), starts_on=monday,
                ends_on=monday + timedelta(days=6), description=CAMPAIGN_DESCRIPTION)
            for spec in CAMPAIGN_EVENTS:
                self.event(spec, self.at(monday + timedelta(days=spec.days), *spec.hour), campaign)
        for spec in OTHER_EVENTS:
            day = self.ahead(spec.days) if spec.days > 0 else self.office(-spec.days, 9).date()
            self.event(spec, self.at(day, *spec.hour), None)

    def event(self, spec: EventSpec, starts: datetime, campaign: Campaign | None):
        event = services.plan_event(self.staff, title=spec.title, kind=spec.kind, starts_at=starts,
                                    place=spec.place, capacity=spec.capacity, is_public=spec.public,
                                    campaign=campaign)
        self.result.events += 1
        if starts < self.now:
            services.close_event(self.staff, event, target=EventStatus.HELD, reach=spec.reach)
            return
        if not spec.public or starts - self.now > timedelta(days=60):
            return  # registrations come in the weeks before
        for _ in range(spec.registrations):
            registrant = self.external(("Ouder", "Basisschool De Wilgenhoek", "Kinderopvang Klein Geluk",
                                        ""), ())
            services.register_public(self.public, event, registrant, submission_key=self.key())
        EventRegistration.objects.filter(event=event).update(
            registered_at=self.now - timedelta(days=self.rng.randint(1, 9)))

    # Dialogue leaders and meetings ----------------------------------------------------------------------

    def dialogue(self):
        leaders = []
        for index, (name, community, languages) in enumerate(LEADERS):
            leaders.append(services.save_leader(
                self.staff, name=name, community=community, languages=list(languages),
                trained_on=self.today - timedelta(days=540 if index % 5 < 3 else 400),
                trained_by=KEZBAN))
        settings_drawn = [setting for setting, count in SETTINGS for _ in range(count)]
        self.rng.shuffle(settings_drawn)
        # About thirty over the last year; the latest a few days ago (its signal goes to Veilig Thuis).
        days_ago = sorted([4] + self.rng.sample(range(8, 362), MEETINGS - 1), reverse=True)
        meetings = []
        for number, (setting, ago) in enumerate(zip(settings_drawn, days_ago, strict=True)):
            leader = leaders[number % len(leaders)] if number < len(leaders) else self.rng.choice(leaders)
            partner = {MeetingSetting.PARENTS_ROOM: self.rng.choice((CONTOUR, GGD, CONTOUR)),
                       MeetingSetting.COMMUNITY_CENTRE: CONTOUR,
                       MeetingSetting.SELF_ORGANISATION: SELF_ORGANISATIONS[leader.community],
                       MeetingSetting.INTEGRATION_COURSE: GGD}[setting]
            topics = self.rng.sample(
                [MeetingTopic.RAISING_CHILDREN, MeetingTopic.PARTNER_VIOLENCE,
                 MeetingTopic.WHERE_TO_GET_HELP, MeetingTopic.CHILD_RIGHTS, MeetingTopic.HONOUR,
                 MeetingTopic.FORCED_MARRIAGE], self.rng.randint(1, 3))
            meetings.append(services.record_meeting(self.staff, services.MeetingData(
                leader=leader, held_on=self.today - timedelta(days=ago), setting=setting,
                language=leader.languages[0] if number % 4 else "Nederlands",
                participants=self.rng.randint(6, 22), topics=topics, partner=partner,
                notes=self.rng.choice(MEETING_NOTES))))
        self.result.dialogue_meetings = len(meetings)
        # Signals: two kept at the centre, one (from the latest meeting) passed to Veilig Thuis.
        for (to, text), meeting in zip(SIGNALS, (meetings[len(meetings) // 3],
                                                 meetings[2 * len(meetings) // 3], meetings[-1]),
                                       strict=True):
            signal = services.pass_signal(self.staff, meeting, text=text, to=to)
            if to == SignalDestination.VEILIG_THUIS:
                AdviceRequest.objects.filter(reference=signal.veilig_thuis_reference).update(
                    is_synthetic=True)
                self.referrals.append(signal.veilig_thuis_reference)
            else:
                DialogueSignal.objects.filter(pk=signal.pk).update(
                    passed_at=self.at(meeting.held_on + timedelta(days=1), 10))

    # The help catalogue ----------------------------------------------------------------------------------

    def catalogue(self):
        municipalities = dict(Municipality.objects.values_list("name", "pk"))
        organisations = {o.name: o for o in Organisation.objects.filter(
            name__in=[p[1] for p in PROVIDERS if p[1]])}
        self.offers = {}
        for name, organisation, website, phone, offers in PROVIDERS:
            provider = catalogue.save_provider(self.admin, name=name,
                                               organisation=organisations.get(organisation),
                                               website=website, phone=phone)
            for spec in offers:
                offer = catalogue.save_offer(self.admin, catalogue.OfferData(
                    provider=provider, title=spec.title, kind=spec.kind, description=spec.description,
                    target_groups=list(spec.target_groups),
                    municipality_ids=[municipalities[m] for m in spec.municipalities
                                      if m in municipalities],
                    capacity=spec.capacity, waiting_weeks=spec.waiting_weeks))
                Offer.objects.filter(pk=offer.pk).update(
                    updated_at=self.now - timedelta(days=spec.updated_days_ago, hours=self.rng.randint(1, 6)))
                self.offers[spec.key] = offer
        self.result.offers = len(self.offers)
        # GGz Breburg keeps its own waiting time: the adults' treatment got longer today.
        if self.ggz and self.ggz.organisation.name == "GGz Breburg":
            catalogue.update_offer(self.ggz, Offer.objects.select_related("provider").get(
                pk=self.offers["trauma-adults"].pk), waiting_weeks=14, capacity=12)

    def plan_actions(self):
        """Local-team workers pick offers in their families' plans (a new plan version each, in open
        cases without a plan yet): what the demand page counts."""
        used: set[int] = set()
        mark = JournalEntry.objects.aggregate(m=Max("pk"))["m"] or 0
        owners = {"Tilburg": [w for w in ("wijkteam", "tilburg-1", "tilburg-2") if w in self.workers],
                  "Waalwijk": [w for w in ("waalwijk-1", "waalwijk-2") if w in self.workers]}
        number = 0
        for spec in DEMAND:
            names = owners.get(spec.municipality) or []
            if not names:
                continue
            offer = self.offers[spec.offer]
            for days in spec.days_waiting:
                actor = self.workers[names[number % len(names)]]
                number += 1
                case = self._case(actor.organisation, spec, used)
                if case is None:
                    self.result.notes.append(f"geen open casus zonder plan in {spec.municipality}")
                    break
                used.add(case.pk)
                opened = timezone.localtime(case.opened_at).date()
                start = max(self.today - timedelta(days=days), opened + timedelta(days=7))
                start = min(start, self.today)
                version = cases.new_plan_version(actor, case, note="Hulpplan met het gezin opgesteld.")
                goal_text, action_text = GOALS[offer.kind]
                goal = cases.add_goal(actor, version, part=PlanPart.HELP, text=goal_text)
                cases.add_action(actor, goal, text=action_text,
                                 owner_organisation=actor.organisation, owner=actor.user,
                                 start_on=start, due_on=max(start + timedelta(days=90),
                                                            self.today + timedelta(days=30)),
                                 offer=offer)
                made = max(timezone.localtime(case.opened_at) + timedelta(days=1),
                           self.at(start - timedelta(days=7), 10))
                made = min(made, self.now - timedelta(hours=1))
                PlanVersion.objects.filter(pk=version.pk).update(created_at=made)
                JournalEntry.objects.filter(case=case, pk__gt=mark).update(occurred_at=made)
                self.result.actions_with_offer += 1

    def _case(self, team: Organisation, spec: DemandSpec, used: set[int]) -> Case | None:
        """The first open synthetic case in the team's municipality that the team takes part in and
        that has no plan yet (the Veiligheidsteam's families have one), opened two weeks ago or more."""
        qs = (Case.objects.filter(is_synthetic=True, status=CaseStatus.OPEN,
                                  household__municipality_id=team.municipality_id,
                                  opened_at__lte=self.now - timedelta(days=14))
              .filter(Exists(Participation.objects.filter(case=OuterRef("pk"), organisation=team,
                                                          ended_at__isnull=True)))
              .exclude(Exists(PlanVersion.objects.filter(case=OuterRef("pk"))))
              .exclude(pk__in=used))
        children = Exists(HouseholdMember.objects.filter(household=OuterRef("household"),
                                                         role=HouseholdRole.CHILD))
        if spec.children:
            qs = qs.filter(children)
        if spec.elderly:
            born = add_months(self.today, -66 * 12)
            qs = qs.exclude(children).filter(Exists(HouseholdMember.objects.filter(
                household=OuterRef("household"), person__date_of_birth__lte=born)))
        return qs.select_related("household").order_by("reference").first()

    def run(self) -> ExpertiseDemoResult:
        if not Organisation.objects.filter(type=T.EXPERTISE_CENTRE, is_active=True).exists():
            return self.result
        if not self._actors():
            return self.result
        competencies = self.werken_aan_veiligheid()
        self.trainings(competencies)
        self.questions()
        self.experts()
        self.awareness()
        self.dialogue()
        self.catalogue()
        self.plan_actions()
        return self.result


def _worker_names() -> list[str]:
    accounts = [f"{a.first_name} {a.last_name}" for a in DEMO_ACCOUNTS]
    return accounts + [f"{c.first_name} {c.last_name}" for c in LOCAL_TEAM_COLLEAGUES]


def remove_expertise_demo() -> None:
    """What an earlier demo wrote here (see the module's docstring): found by the demo accounts that
    wrote it and the names above. Run after the synthetic cases are gone (their plan actions point
    at the demo's offers). A record someone else made that points at it raises ``ProtectedError``."""
    demo_users = User.objects.filter(is_demo_account=True)
    sessions = Session.objects.filter(Q(created_by__in=demo_users) | Q(course__title__in=COURSE_TITLES))
    Enrolment.objects.filter(session__in=sessions).delete()  # their evaluations go with them
    sessions.delete()
    Course.objects.filter(title__in=COURSE_TITLES).delete()
    questions = Question.objects.filter(registered_by__in=demo_users)
    signals = DialogueSignal.objects.filter(meeting__recorded_by__in=demo_users)
    references = [r for r in [*questions.values_list("referred_reference", flat=True),
                              *signals.values_list("veilig_thuis_reference", flat=True)] if r]
    signals.delete()
    DialogueMeeting.objects.filter(recorded_by__in=demo_users).delete()
    DialogueLeader.objects.filter(name__in=LEADER_NAMES).delete()
    questions.delete()
    AdviceRequest.objects.filter(reference__in=references, is_synthetic=True).delete()
    ExpertRequest.objects.filter(
        Q(expert__pseudonym__in=EXPERT_PSEUDONYMS)
        | Q(requester__in=[SCHOOL_REQUESTER, CLUB_REQUESTER, CENTRE_REQUESTER, *_worker_names()])).delete()
    Expert.objects.filter(pseudonym__in=EXPERT_PSEUDONYMS).delete()
    campaigns = Campaign.objects.filter(description=CAMPAIGN_DESCRIPTION)
    events = AwarenessEvent.objects.filter(Q(title__in=EVENT_TITLES) | Q(campaign__in=campaigns))
    EventRegistration.objects.filter(event__in=events).delete()
    events.delete()
    campaigns.delete()
    Offer.objects.filter(provider__name__in=PROVIDER_NAMES).delete()
    Provider.objects.filter(name__in=PROVIDER_NAMES).delete()


def seed_expertise(seed: int) -> ExpertiseDemoResult:
    """The Expertisecentrum's and the help catalogue's demo, after the households and the
    Veiligheidsteam's work (its plan actions go into the families' plans). An earlier demo's rows
    here are removed first, so a run never trips over its own names."""
    remove_expertise_demo()
    return ExpertiseDemo(seed).run()
