"""Synthetic demo data: households of the region, their people, BSNs and shared case files.

Why it is built this way:

- **Deterministic.** One ``random.Random(seed)`` decides the structure and one Faker seeded with the
  same number draws the names and streets, and every date is counted back from a reference date
  (``today``), so the same seed and reference date give the same households, persons, BSNs and cases
  on any machine and database. Primary keys are not part of that promise; ``digest.data_digest``
  compares the content.
- **Planned first, then inserted in bulk.** The whole data set is first planned in plain Python,
  then written with ``bulk_create`` in batches: no query per row, so 100,000 persons take minutes on
  SQLite and PostgreSQL rather than hours. The only per-row cost is the Fernet encryption of each BSN
  (about 20 microseconds).
- **Recognisably synthetic.** Everything is flagged ``is_synthetic``; references start with
  ``DEMO-``; BSNs lie in the 999 test range and pass the 11-test.
- **Everyone sees something.** Each demo account that may see client data takes part in at least
  ``MIN_VISIBLE_CASES`` open cases, so a demonstration never starts on an empty screen — except the
  Expertisecentrum's: it holds knowledge, not cases, and takes part in none (its demo is
  ``demo.expertise``).
- **The Veiligheidsteam's work goes through its services.** The team takes part only in the families
  it accepted, so its part is not planned here: ``demo.conferences`` refers, triages, holds case
  conferences and records measures through ``conferences.services`` on the cases written here, after
  the bulk insert (see its docstring for how it dates that work).
- **So does the Spoedplein's.** ``demo.acute`` registers presentations at every stage of the acute
  pathway through ``acute.services`` (and Veilig Thuis answers through the intake's services), with
  the synthetic persons written here as patients, found by their BSN.
- **So does the Expertisecentrum's, and the help catalogue's.** ``demo.expertise`` keeps the standards
  of Werken aan Veiligheid, holds trainings, answers questions, matches experts, runs the Week tegen
  Kindermishandeling and the dialogue meetings through ``expertise.services``, fills the sociale kaart
  through ``catalogue.services``, and lets local-team workers pick its offers in their families' plans
  (``cases.services.add_action``), after the Veiligheidsteam's work.
"""

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.db import connection, transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from faker import Faker

from eendak.audit.chainer import chain_pending
from eendak.audit.models import EmergencyAccess
from eendak.cases.models import Case, CaseStatus, Participation
from eendak.conferences.models import AgendaItem, Conference, Referral
from eendak.core.models import Municipality, Organisation
from eendak.core.reference import ensure_reference_data, local_team
from eendak.core.roles import Capability, role_spec
from eendak.core.roles import OrganisationType as T
from eendak.intake.models import Report
from eendak.notifications.services import without_mail
from eendak.persons import bsn as bsn_module
from eendak.persons.models import (
    BSNStatus,
    Household,
    HouseholdMember,
    HouseholdRole,
    Person,
    PersonBSN,
    PersonMerge,
    Relationship,
    RelationshipKind,
    Sex,
)
from eendak.privacy.models import EmergencyReview

from . import people
from .accounts import DEMO_ACCOUNTS, create_demo_accounts
from .acute import AcuteDemoResult, reset_acute, seed_acute
from .casework import CaseworkResult, seed_casework
from .conferences import TeamDemoResult, seed_safety_team
from .expertise import ExpertiseDemoResult, remove_expertise_demo, seed_expertise
from .geography import PLACES, Place, postcode
from .history import HistoryResult, TeamHistoryResult, remove_history, seed_history, seed_team_history
from .impact import ImpactSeedResult, seed_impact
from .notifications import seed_notifications
from .research import remove_research_demo, seed_research
from .retention import remove_retention_demo, seed_retention
from .rights import remove_rights_demo, seed_rights

SIZES = {"small": 800, "large": 100_000}  # target number of persons
BATCH_SIZE = 5000
MIN_VISIBLE_CASES = 3
HOUSEHOLD_PREFIX = "DEMO-HH-"
CASE_PREFIX = "DEMO-C-"

# Share of persons per BSN status: most are known, some have none (newcomers, undocumented), and a
# few are withheld for their safety (e.g. a victim in a shelter).
BSN_STATUS_WEIGHTS = ((BSNStatus.KNOWN, 85), (BSNStatus.ABSENT, 10), (BSNStatus.WITHHELD, 5))

# Household compositions and how often each occurs.
TWO_PARENTS, SINGLE_PARENT, SEPARATED, COUPLE, ELDERLY = (
    "two_parents", "single_parent", "separated", "couple", "elderly")
COMPOSITIONS = ((TWO_PARENTS, 45), (SINGLE_PARENT, 22), (SEPARATED, 13), (COUPLE, 12), (ELDERLY, 8))

# Organisations by a short key; resolved to the first active organisation of that type by name,
# the same rule the demo accounts use, so demo users and demo cases meet at the same organisation.
VEILIG_THUIS, LOCAL_TEAM = "vt", "local_team"
ORGANISATION_TYPES = {
    VEILIG_THUIS: T.VEILIG_THUIS,
    "police": T.POLICE,
    "prosecution": T.PROSECUTION,
    "rvdk": T.CHILD_PROTECTION_BOARD,
    "probation": T.PROBATION,
    "youth_protection": T.YOUTH_PROTECTION,
    "hospital": T.HOSPITAL,
    "mental_health": T.MENTAL_HEALTH,
    "addiction_care": T.ADDICTION_CARE,
    "shelter": T.SHELTER,
    # Not the Expertisecentrum: it takes part in no case (nothing of a case may reach it).
}
TASKS = {
    VEILIG_THUIS: "Veiligheidsbeoordeling en monitoring van de veiligheidsvoorwaarden",
    LOCAL_TEAM: "Veiligheids-, hulp- en herstelplan; casusregie",
    "police": "Politiële aanpak en ondersteuning bij aangifte",
    "prosecution": "Strafrechtelijke beoordeling",
    "rvdk": "Onderzoek naar een kinderbeschermingsmaatregel",
    "youth_protection": "Uitvoering ondertoezichtstelling",
    "probation": "Toezicht en gedragsinterventie pleger",
    "hospital": "Spoedplein: letselzorg en forensisch onderzoek",
    "mental_health": "Behandeling (GGZ)",
    "addiction_care": "Verslavingszorg",
    "shelter": "Opvang en veiligheidsplan slachtoffer",
}
# Partners that join an open case besides Veilig Thuis and the local team: (key, chance, only when
# the household has children). Not the Veiligheidsteam: it joins the families its triage accepts
# (``demo.conferences``).
PARTNER_CHANCES = (
    ("police", 0.35, False),
    ("youth_protection", 0.14, True),
    ("rvdk", 0.06, True),
    ("hospital", 0.05, False),
    ("prosecution", 0.04, False),
    ("probation", 0.03, False),
    ("mental_health", 0.08, False),
    ("addiction_care", 0.05, False),
    ("shelter", 0.04, False),
)


class SeedRefused(Exception):
    """The database already holds demo data and the caller did not ask to replace it."""


# --- The plan --------------------------------------------------------------------------------------


@dataclass
class Address:
    street: str
    house_number: str
    postcode: str
    place: Place


@dataclass
class PlannedPerson:
    given_names: str
    surname_prefix: str
    surname: str
    date_of_birth: date
    sex: str
    role: str
    address: Address
    birth_surname_prefix: str = ""
    birth_surname: str = ""
    bsn_status: str = BSNStatus.KNOWN
    bsn: str = ""
    bsn_hash: str = ""

    @property
    def birth_name(self) -> tuple[str, str]:
        if self.birth_surname:
            return self.birth_surname_prefix, self.birth_surname
        return self.surname_prefix, self.surname


@dataclass
class PlannedParticipation:
    organisation: str  # a key of ORGANISATION_TYPES, or LOCAL_TEAM
    started_at: datetime
    ended_at: datetime | None = None


@dataclass
class PlannedCase:
    reference: str
    is_open: bool
    responsible: str
    opened_at: datetime
    closed_at: datetime | None
    participations: list[PlannedParticipation] = field(default_factory=list)

    def has(self, organisation: str) -> bool:
        return any(p.organisation == organisation for p in self.participations)


@dataclass
class PlannedHousehold:
    reference: str
    place: Place
    members: list[PlannedPerson] = field(default_factory=list)
    cases: list[PlannedCase] = field(default_factory=list)
    # (index of person, index of other, kind) within ``members``; "parent": person is other's parent.
    relations: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def created_at(self) -> datetime:
        return min(case.opened_at for case in self.cases)

    @property
    def open_case(self) -> PlannedCase | None:
        return next((case for case in self.cases if case.is_open), None)


@dataclass
class Plan:
    households: list[PlannedHousehold]
    bsn_shortfall: int = 0

    @property
    def persons(self) -> list[PlannedPerson]:
        return [person for household in self.households for person in household.members]


class Planner:
    """Draws the whole data set from one seed. Pure Python: no database access at all."""

    def __init__(self, seed: int, today: date):
        import random

        self.rng = random.Random(seed)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.today = today
        self.tz = timezone.get_default_timezone()
        self.case_number = 0

    # Small helpers -----------------------------------------------------------------------------

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def weighted(self, pairs):
        values, weights = zip(*pairs, strict=True)
        return self.rng.choices(values, weights=weights)[0]

    def moment(self, day: date) -> datetime:
        """A working-hours moment on ``day``: when professionals open files."""
        at = clock(self.rng.randint(8, 17), self.rng.randrange(0, 60, 5))
        return timezone.make_aware(datetime.combine(day, at), self.tz)

    def days_ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def address(self, place: Place) -> Address:
        number = str(self.rng.randint(1, 240))
        if self.chance(0.08):
            number += self.rng.choice(("A", "B", "C", "-1", "-2"))
        return Address(self.fake.street_name(), number, postcode(self.rng, place), place)

    def person(self, sex: str, role: str, name: tuple[str, str], address: Address,
               min_age: int, max_age: int) -> PlannedPerson:
        return PlannedPerson(
            given_names=people.given_names(self.fake, self.rng, sex),
            surname_prefix=name[0], surname=name[1],
            date_of_birth=people.date_of_birth(self.rng, self.today, min_age, max_age),
            sex=sex, role=role, address=address,
            bsn_status=self.weighted(BSN_STATUS_WEIGHTS),
        )

    def children(self, family_name, address, youngest_parent_age: int, weights) -> list:
        oldest = min(17, youngest_parent_age - 18)
        count = self.rng.choices(range(1, len(weights) + 1), weights=weights)[0]
        return [
            self.person(self.rng.choice((Sex.FEMALE, Sex.MALE)), HouseholdRole.CHILD, family_name,
                        address, 0, oldest)
            for _ in range(count)
        ]

    @staticmethod
    def age(person: PlannedPerson, today: date) -> int:
        return people.age_on(person.date_of_birth, today)

    # Households --------------------------------------------------------------------------------

    def household(self, number: int, forced_place: Place | None) -> PlannedHousehold:
        place = forced_place or self.rng.choices(PLACES, weights=[p.population for p in PLACES])[0]
        household = PlannedHousehold(reference=f"{HOUSEHOLD_PREFIX}{number:06d}", place=place)
        address = self.address(place)
        composition = self.weighted(COMPOSITIONS)
        if composition == SINGLE_PARENT:
            household.members = self._single_parent(address)
        elif composition == ELDERLY:
            household.members = self._elderly(address)
        else:
            household.members = self._couple(composition, address, place)
        household.relations = self._relations(composition, household.members)
        self._cases(household, must_be_open=forced_place is not None)
        return household

    @staticmethod
    def _relations(composition: str, members: list[PlannedPerson]) -> list[tuple[int, int, str]]:
        """Who is whose partner, parent or sibling: what a genogram of the household shows."""
        children = [i for i, m in enumerate(members) if m.role == HouseholdRole.CHILD]
        relations = []
        if composition in (TWO_PARENTS, COUPLE):
            relations.append((0, 1, RelationshipKind.PARTNER))
        elif composition == SEPARATED:
            relations.append((0, 1, RelationshipKind.EX_PARTNER))
        parents = {TWO_PARENTS: [0, 1], SEPARATED: [0, 1], SINGLE_PARENT: [0]}.get(composition, [])
        relations += [(parent, child, RelationshipKind.PARENT) for parent in parents for child in children]
        if composition == ELDERLY:
            relations.append((0, 1, RelationshipKind.PARENT))
        relations += [(a, b, RelationshipKind.SIBLING) for a in children for b in children if a < b]
        return relations

    def _couple(self, composition: str, address: Address, place: Place) -> list[PlannedPerson]:
        same_sex = self.chance(0.04)
        sex_a, sex_b = ((Sex.FEMALE, Sex.FEMALE) if self.chance(0.5) else (Sex.MALE, Sex.MALE)) \
            if same_sex else (Sex.FEMALE, Sex.MALE)
        name_a, name_b = people.surname(self.fake), people.surname(self.fake)
        role = {TWO_PARENTS: HouseholdRole.PARENT, SEPARATED: HouseholdRole.PARENT,
                COUPLE: HouseholdRole.PARTNER}[composition]
        a = self.person(sex_a, role, name_a, address, 20, 60)
        age_a = self.age(a, self.today)
        age_b = max(20, min(60, age_a + round(self.rng.gauss(2, 4))))
        b_address = address
        if composition == SEPARATED:
            # The ex-partner lives elsewhere, usually in the same municipality.
            other = place if self.chance(0.7) else self.rng.choice(PLACES)
            b_address = self.address(other)
        b = self.person(sex_b, HouseholdRole.PARTNER if composition != TWO_PARENTS else role,
                        name_b, b_address, age_b, age_b)
        married = composition != SEPARATED and self.chance(0.6 if composition == TWO_PARENTS else 0.4)
        if married and not same_sex and self.chance(0.4):
            # She uses her husband's surname; her birth surname is kept beside it.
            a.birth_surname_prefix, a.birth_surname = a.surname_prefix, a.surname
            a.surname_prefix, a.surname = b.surname_prefix, b.surname
        members = [a, b]
        if composition != COUPLE:
            family_name = b.birth_name if (not same_sex and self.chance(0.85)) else a.birth_name
            youngest = min(age_a, age_b)
            weights = (40, 35, 18, 7) if composition == TWO_PARENTS else (50, 35, 15)
            members += self.children(family_name, address, youngest, weights)
        return members

    def _single_parent(self, address: Address) -> list[PlannedPerson]:
        sex = Sex.FEMALE if self.chance(0.85) else Sex.MALE
        parent = self.person(sex, HouseholdRole.PARENT, people.surname(self.fake), address, 20, 60)
        return [parent] + self.children(parent.birth_name, address, self.age(parent, self.today),
                                        (50, 35, 15))

    def _elderly(self, address: Address) -> list[PlannedPerson]:
        """Abuse of an older person (over 65) by an adult child who lives with them."""
        sex = self.rng.choice((Sex.FEMALE, Sex.MALE))
        own_name = people.surname(self.fake)
        elder = self.person(sex, HouseholdRole.OTHER, own_name, address, 66, 92)
        family_name = own_name
        if sex == Sex.FEMALE and self.chance(0.5):
            family_name = people.surname(self.fake)  # her late husband's name, which she uses
            elder.birth_surname_prefix, elder.birth_surname = own_name
            elder.surname_prefix, elder.surname = family_name
        elder_age = self.age(elder, self.today)
        child = self.person(self.rng.choice((Sex.FEMALE, Sex.MALE)), HouseholdRole.OTHER,
                            family_name, address, 25, min(60, elder_age - 20))
        return [elder, child]

    # Cases -------------------------------------------------------------------------------------

    def _case(self, is_open: bool, opened: date, closed: date | None) -> PlannedCase:
        self.case_number += 1
        responsible = VEILIG_THUIS if self.chance(0.55) else LOCAL_TEAM
        return PlannedCase(reference=f"{CASE_PREFIX}{self.case_number:06d}", is_open=is_open,
                           responsible=responsible, opened_at=self.moment(opened),
                           closed_at=self.moment(closed) if closed else None)

    def _cases(self, household: PlannedHousehold, must_be_open: bool):
        has_children = any(p.role == HouseholdRole.CHILD for p in household.members)
        open_case = None
        if must_be_open or self.chance(0.85):
            opened = self.days_ago(self.rng.randint(3, 540))  # monitoring lasts up to 18 months
            open_case = self._case(True, opened, None)
            open_case.participations = [
                PlannedParticipation(VEILIG_THUIS, open_case.opened_at),
                # Verbindend samenwerken: the local team joins at once or within days.
                PlannedParticipation(LOCAL_TEAM, self._later(open_case.opened_at, 7)),
            ]
            for key, probability, needs_children in PARTNER_CHANCES:
                if (has_children or not needs_children) and self.chance(probability):
                    open_case.participations.append(
                        PlannedParticipation(key, self._later(open_case.opened_at, 60)))
        # An earlier, closed case: the household's history (hermelding), or its only case.
        if open_case is None or self.chance(0.12):
            latest_close = (open_case.opened_at.date() - timedelta(days=14) if open_case
                            else self.days_ago(30))
            opened = self.days_ago(self.rng.randint(600, 1800))
            closed = min(opened + timedelta(days=self.rng.randint(60, 540)), latest_close)
            closed_case = self._case(False, opened, closed)
            closed_case.participations = [
                PlannedParticipation(VEILIG_THUIS, closed_case.opened_at, closed_case.closed_at),
                PlannedParticipation(LOCAL_TEAM, closed_case.opened_at, closed_case.closed_at),
            ]
            if self.chance(0.3):
                closed_case.participations.append(
                    PlannedParticipation("police", closed_case.opened_at, closed_case.closed_at))
            household.cases.append(closed_case)
        if open_case:
            household.cases.append(open_case)

    def _later(self, start: datetime, max_days: int) -> datetime:
        """A moment up to ``max_days`` after ``start``, but never after the reference date."""
        candidate = start + timedelta(days=self.rng.randint(0, max_days))
        limit = timezone.make_aware(datetime.combine(self.today, clock(8, 0)), self.tz)
        return max(start, min(candidate, limit))

    # The whole plan ----------------------------------------------------------------------------

    def plan(self, target_persons: int, taken_bsn_hashes: frozenset = frozenset()) -> Plan:
        forced = _forced_places()
        households: list[PlannedHousehold] = []
        persons = 0
        while persons < target_persons or len(households) < len(forced):
            number = len(households) + 1
            forced_place = forced[number - 1] if number <= len(forced) else None
            household = self.household(number, forced_place)
            households.append(household)
            persons += len(household.members)
        plan = Plan(households)
        self._ensure_demo_visibility(plan)
        self._assign_bsns(plan, taken_bsn_hashes)
        return plan

    def _ensure_demo_visibility(self, plan: Plan):
        """Every demo organisation that may see client data takes part in a few open cases."""
        open_cases = [h.open_case for h in plan.households if h.open_case]
        for key in _demo_partner_keys():
            lacking = [case for case in open_cases if not case.has(key)]
            missing = MIN_VISIBLE_CASES - (len(open_cases) - len(lacking))
            for case in lacking[:max(0, missing)]:
                case.participations.append(PlannedParticipation(key, self._later(case.opened_at, 30)))

    def _assign_bsns(self, plan: Plan, taken_hashes: frozenset):
        """Unique test-range BSNs for everyone whose BSN is known, drawn from the pool at once.

        The pool holds 90,909 numbers; should a run ask for more, the rest get "no BSN" and the
        summary says how many.
        """
        pool = people.valid_test_range_bsns()
        wanted = sum(1 for p in plan.persons if p.bsn_status == BSNStatus.KNOWN)
        # A number already in the database is skipped, so draw enough spares to replace them all.
        candidates = iter(self.rng.sample(pool, min(len(pool), wanted + len(taken_hashes))))
        for person in plan.persons:
            if person.bsn_status != BSNStatus.KNOWN:
                continue
            for candidate in candidates:
                digest = bsn_module.lookup_hash(candidate)
                if digest not in taken_hashes:
                    person.bsn, person.bsn_hash = candidate, digest
                    break
            else:
                person.bsn_status = BSNStatus.ABSENT
                plan.bsn_shortfall += 1


def _forced_places() -> list[Place]:
    """The first households live where the demo local-team accounts work, with an open case."""
    by_name = {place.municipality: place for place in PLACES}
    forced = []
    for account in DEMO_ACCOUNTS:
        if (account.organisation_type == T.LOCAL_TEAM and account.municipality in by_name
                and Capability.CLIENT_DATA in role_spec(account.role).capabilities):
            place = by_name[account.municipality]
            if place not in forced:
                forced += [place] * MIN_VISIBLE_CASES
    return forced


def _demo_partner_keys() -> list[str]:
    """Keys of the organisations of demo accounts that may see client data (not local teams, not
    the Veiligheidsteam, which sees the families it accepted: ``demo.conferences``, and not the
    Expertisecentrum, which takes part in no case)."""
    by_type = {org_type: key for key, org_type in ORGANISATION_TYPES.items()}
    keys = []
    for account in DEMO_ACCOUNTS:
        if Capability.CLIENT_DATA not in role_spec(account.role).capabilities:
            continue
        key = by_type.get(account.organisation_type)
        if key and key not in keys:
            keys.append(key)
    return keys


# --- Writing it ------------------------------------------------------------------------------------


@dataclass
class SeedResult:
    households: int
    persons: int
    cases: int
    open_cases: int
    log_entries: int
    bsn_shortfall: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    team: TeamDemoResult = field(default_factory=TeamDemoResult)
    acute: AcuteDemoResult = field(default_factory=AcuteDemoResult)
    expertise: ExpertiseDemoResult = field(default_factory=ExpertiseDemoResult)
    impact: ImpactSeedResult = field(default_factory=ImpactSeedResult)
    history: HistoryResult = field(default_factory=HistoryResult)
    team_history: TeamHistoryResult = field(default_factory=TeamHistoryResult)
    casework: CaseworkResult = field(default_factory=CaseworkResult)


def synthetic_household_count() -> int:
    return Household.objects.filter(is_synthetic=True).count()


def synthetic_data_exists() -> bool:
    return (Household.objects.filter(is_synthetic=True).exists()
            or Person.objects.filter(is_synthetic=True).exists()
            or Case.objects.filter(is_synthetic=True).exists())


def reset_synthetic_data():
    """Remove the synthetic households, persons and cases (and demo break-the-glass grants on them).

    The access log is append-only and stays: its entries keep the person ids they concerned, and
    ids are never reused. A real record that points at synthetic data stops the reset with a
    clear message instead of being removed with it.
    """
    households = Household.objects.filter(is_synthetic=True)
    persons = Person.objects.filter(is_synthetic=True)
    try:
        with transaction.atomic():
            # The data subject's requests about synthetic persons (``demo.rights``), with their
            # inzage files.
            remove_rights_demo()
            # A grant's review goes with it (the review points at the grant).
            EmergencyReview.objects.filter(grant__household__in=households).delete()
            EmergencyAccess.objects.filter(household__in=households).delete()
            # Retention's demo households, requests and yearly list (``demo.retention``).
            remove_retention_demo()
            # The Veiligheidsteam's work on these households: the demo's conferences (with their
            # agenda items, contributions and decisions), any agenda item about a synthetic family,
            # then the referrals (with their triage decisions and notices). Measures and plan
            # actions go with the case.
            team_referrals = Referral.objects.filter(case__household__in=households)
            Conference.objects.filter(is_synthetic=True).delete()
            AgendaItem.objects.filter(referral__in=team_referrals).delete()
            team_referrals.delete()
            # The Spoedplein's presentations of synthetic patients (``demo.acute``), with their
            # injuries, examinations, photographs and links to Veilig Thuis, and the consultations
            # they sent; the reports they sent are synthetic reports about synthetic households.
            reset_acute(persons)
            # The earlier reports about the team's families (``demo.conferences``: taken through the
            # intake's services), with their assessments, instruments, decisions and tasks. A real
            # report about a synthetic household stays and stops the reset below.
            Report.objects.filter(household__in=households, is_synthetic=True).delete()
            # Merges demonstrated on synthetic records only; a merge touching a real record stays
            # and stops the reset below.
            PersonMerge.objects.filter(kept__in=persons, merged__in=persons).delete()
            persons.filter(merged_into__in=persons).update(merged_into=None)
            # The rows we know are removed with one statement each; whatever other apps hang
            # under a case or person is left to Django's collector (CASCADE, or PROTECT = stop).
            # .only("pk"): the collector then loads ids, not 100,000 full rows.
            Relationship.objects.filter(person__in=persons).delete()
            Relationship.objects.filter(other__in=persons).delete()
            Participation.objects.filter(case__household__in=households).delete()
            Case.objects.filter(Q(household__in=households) | Q(is_synthetic=True)).only("pk").delete()
            HouseholdMember.objects.filter(household__in=households).delete()
            HouseholdMember.objects.filter(person__in=persons).delete()
            PersonBSN.objects.filter(person__in=persons).delete()
            persons.only("pk").delete()
            households.only("pk").delete()
            # The Expertisecentrum's and the help catalogue's demo (``demo.expertise``), now that
            # the plan actions that picked its offers are gone with their cases.
            remove_expertise_demo()
            remove_research_demo()  # the monitoring institute's demo studies (``demo.research``)
            remove_history()  # the advice requests of ``demo.history`` (its reports went above)
    except ProtectedError as exc:
        raise _refused(exc) from exc


def _refused(exc: ProtectedError) -> SeedRefused:
    names = sorted({obj._meta.verbose_name_plural for obj in exc.protected_objects})
    return SeedRefused(
        "De synthetische demodata kunnen niet worden verwijderd: andere gegevens verwijzen "
        f"ernaar ({', '.join(str(n) for n in names)})."
    )


def _organisations() -> tuple[dict[str, Organisation], dict[str, Organisation]]:
    by_key = {}
    for key, org_type in ORGANISATION_TYPES.items():
        organisation = (Organisation.objects.filter(type=org_type, is_active=True)
                        .order_by("name").first())
        if organisation is None:
            raise SeedRefused(f"Geen actieve organisatie van het type {org_type.label} gevonden.")
        by_key[key] = organisation
    local_teams = {m.cbs_code: local_team(m) for m in Municipality.objects.all()}
    return by_key, local_teams


def _bulk_create(model, objects: list) -> None:
    model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    if objects and objects[-1].pk is None:
        raise RuntimeError(
            f"De database gaf geen sleutels terug bij bulk_create ({connection.vendor}); "
            "SQLite 3.35 of nieuwer of PostgreSQL is nodig."
        )


def write_plan(plan: Plan, timings: dict[str, float]) -> None:
    """Insert the plan with bulk inserts only: a handful of queries per 5,000 rows."""
    organisations, local_teams = _organisations()
    municipality_ids = dict(Municipality.objects.values_list("cbs_code", "id"))

    started = time.perf_counter()
    household_rows = [
        Household(reference=h.reference, municipality_id=municipality_ids[h.place.cbs_code],
                  is_synthetic=True, created_at=h.created_at)
        for h in plan.households
    ]
    _bulk_create(Household, household_rows)
    timings["huishoudens"] = time.perf_counter() - started

    started = time.perf_counter()
    person_rows = []
    for household in plan.households:
        for p in household.members:
            person_rows.append(Person(
                given_names=p.given_names, surname_prefix=p.surname_prefix, surname=p.surname,
                birth_surname_prefix=p.birth_surname_prefix, birth_surname=p.birth_surname,
                date_of_birth=p.date_of_birth, sex=p.sex, street=p.address.street,
                house_number=p.address.house_number, postcode=p.address.postcode,
                city=p.address.place.town, municipality_id=municipality_ids[p.address.place.cbs_code],
                is_synthetic=True, created_at=household.created_at,
            ))
    # bulk_create skips save(), where the persons module derives its matching keys.
    for row in person_rows:
        row.refresh_search_keys()
    timings["personen en zoeksleutels (persons.names)"] = time.perf_counter() - started
    started = time.perf_counter()
    _bulk_create(Person, person_rows)
    timings["personen opslaan"] = time.perf_counter() - started

    started = time.perf_counter()
    member_rows, relationship_rows, planned_and_saved = [], [], []
    rows = iter(person_rows)
    for household, household_row in zip(plan.households, household_rows, strict=True):
        saved = [next(rows) for _ in household.members]
        for planned, person_row in zip(household.members, saved, strict=True):
            planned_and_saved.append((planned, person_row))
            member_rows.append(HouseholdMember(household_id=household_row.pk,
                                               person_id=person_row.pk, role=planned.role))
        relationship_rows += [Relationship(person_id=saved[a].pk, other_id=saved[b].pk, kind=kind)
                              for a, b, kind in household.relations]
    HouseholdMember.objects.bulk_create(member_rows, batch_size=BATCH_SIZE)
    Relationship.objects.bulk_create(relationship_rows, batch_size=BATCH_SIZE)
    timings["gezinsleden en relaties"] = time.perf_counter() - started

    started = time.perf_counter()
    bsn_rows = [
        PersonBSN(person_id=row.pk, status=planned.bsn_status,
                  encrypted_value=bsn_module.encrypt(planned.bsn) if planned.bsn else "",
                  lookup_hash=planned.bsn_hash)
        for planned, row in planned_and_saved
    ]
    timings["BSN's versleutelen"] = time.perf_counter() - started
    started = time.perf_counter()
    PersonBSN.objects.bulk_create(bsn_rows, batch_size=BATCH_SIZE)
    timings["BSN's opslaan"] = time.perf_counter() - started

    started = time.perf_counter()
    case_rows, planned_cases = [], []
    for household, household_row in zip(plan.households, household_rows, strict=True):
        team = local_teams[household.place.cbs_code]

        def organisation(key, team=team):
            return team if key == LOCAL_TEAM else organisations[key]

        for case in household.cases:
            planned_cases.append((case, organisation))
            case_rows.append(Case(
                reference=case.reference, household_id=household_row.pk,
                status=CaseStatus.OPEN if case.is_open else CaseStatus.CLOSED,
                responsible_organisation=organisation(case.responsible),
                opened_at=case.opened_at, closed_at=case.closed_at, is_synthetic=True,
            ))
    _bulk_create(Case, case_rows)
    participation_rows = [
        Participation(case_id=case_row.pk, organisation=organisation(p.organisation),
                      task=TASKS[p.organisation], started_at=p.started_at, ended_at=p.ended_at)
        for (case, organisation), case_row in zip(planned_cases, case_rows, strict=True)
        for p in case.participations
    ]
    Participation.objects.bulk_create(participation_rows, batch_size=BATCH_SIZE)
    timings["casussen en deelnames"] = time.perf_counter() - started


def seed_demo(*, seed: int, target_persons: int, today: date | None = None, reset: bool = False,
              simulated_reads: int = 300) -> SeedResult:
    """Reference data, demo accounts, synthetic households with cases, and some access-log history.

    All in one transaction: a failure leaves the database as it was (reset included).
    """
    from .activity import simulate_activity

    today = today or timezone.localdate()
    started = time.perf_counter()
    timings: dict[str, float] = {}
    # The demo's steps notify through the real services: into the bells, never into a mailbox.
    with without_mail(), transaction.atomic():
        if synthetic_data_exists():
            if not reset:
                raise SeedRefused(
                    f"Er staan al synthetische demodata in de database ({synthetic_household_count()} "
                    "huishoudens). Gebruik --reset om ze eerst te verwijderen, of --if-empty om dan "
                    "niets te doen."
                )
            step = time.perf_counter()
            reset_synthetic_data()
            timings["oude demodata verwijderen"] = time.perf_counter() - step

        step = time.perf_counter()
        ensure_reference_data()
        create_demo_accounts()
        timings["referentiedata en demo-accounts"] = time.perf_counter() - step

        step = time.perf_counter()
        taken = frozenset(PersonBSN.objects.exclude(lookup_hash="").values_list("lookup_hash", flat=True))
        plan = Planner(seed, today).plan(target_persons, taken)
        timings["plannen (namen, adressen, BSN's)"] = time.perf_counter() - step

        write_plan(plan, timings)

        step = time.perf_counter()
        team = seed_safety_team(seed)
        timings["Veiligheidsteam (via de services)"] = time.perf_counter() - step

        step = time.perf_counter()
        acute = seed_acute(seed)
        timings["Spoedplein (via de services)"] = time.perf_counter() - step
        step = time.perf_counter()
        try:
            expertise = seed_expertise(seed)
        except ProtectedError as exc:  # an earlier demo's rows here, pointed at by other data
            raise _refused(exc) from exc
        timings["Expertisecentrum en sociale kaart (via de services)"] = time.perf_counter() - step

        step = time.perf_counter()
        seed_research()
        timings["onderzoeksexport: twee studies (via de services)"] = time.perf_counter() - step

        step = time.perf_counter()
        seed_rights()
        timings["verzoeken van betrokkenen (via de services)"] = time.perf_counter() - step

        step = time.perf_counter()
        history = seed_history(seed, today)
        timings["geschiedenis: adviezen, meldingen, onderzoeken (bulk)"] = time.perf_counter() - step
        step = time.perf_counter()
        team_history = seed_team_history(seed, today)
        timings["geschiedenis: Veiligheidsteam (bulk)"] = time.perf_counter() - step

        step = time.perf_counter()
        impact = seed_impact(seed, today)
        timings["impactmetingen T0, T12, T18"] = time.perf_counter() - step

        step = time.perf_counter()
        casework = seed_casework(seed)
        timings["werk in casussen en werkvoorraad (via de services)"] = time.perf_counter() - step

        step = time.perf_counter()
        seed_retention(today)
        timings["bewaren en vernietigen (via de services)"] = time.perf_counter() - step

        seed_notifications(seed)  # the demo accounts' bells (demo.notifications)
        step = time.perf_counter()
        log_entries = simulate_activity(seed, reads=simulated_reads)
        timings["toegangslog (gesimuleerd)"] = time.perf_counter() - step

    # Chain the entries now, as the chainer (``make run`` starts it) would within a second: the
    # privacy officer's "check" page then shows a chained history straight away.
    step = time.perf_counter()
    chain_pending()
    timings["toegangslog in de keten"] = time.perf_counter() - step

    # What is there, counted in the database: the plan's households and also those the other parts
    # add through the services (the glass broken for, ``activity._grants_to_review``; retention's
    # old files and destruction requests, ``demo.retention``).
    synthetic_cases = Case.objects.filter(is_synthetic=True)
    return SeedResult(
        households=Household.objects.filter(is_synthetic=True).count(),
        persons=Person.objects.filter(is_synthetic=True).count(), cases=synthetic_cases.count(),
        open_cases=synthetic_cases.filter(status=CaseStatus.OPEN).count(), log_entries=log_entries,
        bsn_shortfall=plan.bsn_shortfall, seconds=time.perf_counter() - started, timings=timings,
        team=team, acute=acute, expertise=expertise, impact=impact, history=history,
        team_history=team_history, casework=casework,
    )
