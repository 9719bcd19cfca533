"""Build the benchmark data set: national scale on PostgreSQL, one region on SQLite.

    .venv/bin/python bench/build_dataset.py --db postgres --rebuild     # 1M persons, ~15 min
    .venv/bin/python bench/build_dataset.py --db sqlite --rebuild       # 50k persons

What is in it (national / regional):

=====================  ==========  ========
                        national    regional
=====================  ==========  ========
regions                        25         1
persons                 1,000,000    50,000
reports                   300,000    15,000
cases                     100,000     5,000
journal entries         2,000,000   100,000
access-log entries      5,000,000   250,000
=====================  ==========  ========

and the monitoring history on top (national, about): a safety assessment for nearly every report
(300,000), a decision for those decided or closed, ~37,000 investigations with their findings,
~240,000 advice requests, ~4,000 Veiligheidsteam referrals with their triage and held conferences,
3,000 Spoedplein presentations over the last twelve months (300 regional).

Region 1 is the real reference data (Hart van Brabant: its municipalities, organisations and the
demo accounts, so the benchmarks log in as the documented demo users); the other regions are
synthetic ("Benchregio 02" ...), each with a Veilig Thuis, a police unit, a youth-protection
organisation and a local team per municipality, so per-organisation queues have the size they would
have in one of the 25 Veilig Thuis regions, while the person search and the access log cover the
whole country. Every organisation has synthetic staff (no password; they only author and read).

How it is loaded: the generator assigns every primary key itself and produces plain rows; on
PostgreSQL they go in with COPY (``loader.Loader``) while the tables' secondary indexes and foreign
keys are set aside and rebuilt afterwards; on SQLite the same rows go through ``bulk_create``.
Persons get their matching keys from ``Person.refresh_search_keys`` (memoised per distinct name
during the load: the keys are pure functions of the name). The access log is generated in id
order and chained with ``audit.chain.entry_hash`` exactly as ``log_access`` chains it, so
``verify_chain`` accepts it. The two cases the case-page benchmark opens (10 and 200 journal
entries) are built last through the real services (conditions, coordinator, plan, child's voice),
so the page has everything a real file has.

The monitoring history (``MonitoringHistory``, last) gives the CBS delivery and the dashboards
something to count: per report the safety assessment (late ones too, about one in eight) and the
decision its ``status`` says it has (``received`` waits for the assessment, ``assessed`` for the
decision, ``decided``/``closed`` have both; the report behind a case is decided into it), the
investigations (some over their ten weeks, some closed early, the youngest running; findings per
kind of violence), advice requests (0.8 per report, over the same four years, per municipality as
the reports go), the Veiligheidsteam's referrals (one per 25 cases, evenly over the years, three in
four accepted, each family in one to three of its region's fortnightly conferences) and a year of
Spoedplein presentations with examinations, consultations of Veilig Thuis, willingness to report
and follow-up. It is drawn with ``demo.history``'s and ``demo.acute``'s tables and the intake's and
the team's rules, in bulk (a few minutes at national scale). It reads the reports, cases and staff
back from the database, so a data set built before this step existed gets it when it is reused:
``bench_meta`` records ``"monitoring_history": true`` once it is there, and ``ensure_dataset`` adds
it (in one transaction) where that is missing, without a rebuild.

Everything is ``is_synthetic``; household, case and report references start with ``B``. The BSNs
come from a documented synthetic range (see ``synthetic.py``).
"""

import argparse
import functools
import itertools
import json
import random
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

SCALES = {
    "national": {"persons": 1_000_000, "reports": 300_000, "cases": 100_000,
                 "journal": 2_000_000, "access_log": 5_000_000, "regions": 25,
                 "presentations": 3_000},
    "regional": {"persons": 50_000, "reports": 15_000, "cases": 5_000, "journal": 100_000,
                 "access_log": 250_000, "regions": 1, "presentations": 300},
    "tiny": {"persons": 5_000, "reports": 1_500, "cases": 500, "journal": 10_000,
             "access_log": 25_000, "regions": 3, "presentations": 120},
}
SMALL_CASE_REFERENCE = "BENCH-CASE-10"
LARGE_CASE_REFERENCE = "BENCH-CASE-200"
BENCH_CASES = {SMALL_CASE_REFERENCE: 10, LARGE_CASE_REFERENCE: 200}
META_TABLE = "bench_meta"
LOG_CHUNK = 50_000
HISTORY_YEARS = 4


# --- Bookkeeping in the benchmark database ------------------------------------------------------------


def read_meta() -> dict | None:
    """What the last completed build recorded, or None when there is no complete data set."""
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'dataset'")  # noqa: S608
            row = cursor.fetchone()
    except Exception:  # noqa: BLE001 - no table, no database: no data set
        return None
    return json.loads(row[0]) if row else None


def write_meta(meta: dict) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key varchar(40) PRIMARY KEY, "
                       "value text NOT NULL)")
        cursor.execute(f"DELETE FROM {META_TABLE} WHERE key = 'dataset'")  # noqa: S608
        cursor.execute(f"INSERT INTO {META_TABLE} (key, value) VALUES ('dataset', %s)",  # noqa: S608
                       [json.dumps(meta)])


def recreate_database(url: str) -> None:
    """Drop and create the benchmark database (PostgreSQL) or delete its file (SQLite)."""
    from django.db import connection

    connection.close()
    name = common.database_name(url)
    if "bench" not in name:
        raise common.BenchRefused(name)
    if common.kind_of(url) == "sqlite":
        path = str(connection.settings_dict["NAME"])  # the file the URL names (BENCH_DATABASE_URL)
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
        return
    import psycopg

    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# --- The generator's own records ---------------------------------------------------------------------


@dataclass
class Place:
    municipality_id: int
    region: int
    town: str
    postcode_from: int
    postcode_to: int
    local_team_id: int
    geography: object = None  # the demo seeder's Place, for the real region


@dataclass
class RegionOrgs:
    veilig_thuis: int
    police: int
    youth_protection: int
    places: list = field(default_factory=list)
    weights: list = field(default_factory=list)


@dataclass
class Staff:
    """Who works where: user ids per organisation, and what the access log snapshots of each."""

    by_org: dict = field(default_factory=dict)  # org id -> [user ids]
    by_org_role: dict = field(default_factory=dict)  # (org id, role) -> [user ids]
    info: dict = field(default_factory=dict)  # user id -> (username, org id, org name, role)

    def add(self, user_id, username, org_id, org_name, role):
        """Only people who work with client data author entries and read files."""
        from eendak.core.roles import Capability, role_spec

        self.info[user_id] = (username, org_id, org_name, role)
        if Capability.CLIENT_DATA in role_spec(role).capabilities:
            self.by_org.setdefault(org_id, []).append(user_id)
            self.by_org_role.setdefault((org_id, role), []).append(user_id)

    def pick(self, rng, org_id: int, roles=None) -> int:
        """A worker of ``org_id``, in the first of ``roles`` that the organisation has, else anyone."""
        for role in roles or ():
            users = self.by_org_role.get((org_id, role))
            if users:
                return rng.choice(users)
        return rng.choice(self.by_org[org_id])


# Household compositions (as the demo seeder): two parents, single parent, separated, couple, elderly.
COMPOSITIONS = (("two_parents", 45), ("single_parent", 22), ("separated", 13), ("couple", 12),
                ("elderly", 8))
ROLE_PARENT, ROLE_PARTNER, ROLE_CHILD, ROLE_OTHER = "parent", "partner", "child", "other"


class DataSet:
    """Plans and writes the whole data set. One ``random.Random(seed)``: same seed, same data."""

    def __init__(self, scale: str, seed: int, log=print):
        from django.utils import timezone

        self.scale_name = scale
        self.sizes = SCALES[scale]
        self.rng = random.Random(seed)
        self.seed = seed
        self.log = log
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.today = timezone.localdate()
        self.history_start = self.now - timedelta(days=365 * HISTORY_YEARS)
        self.timings: dict = {}
        self.staff = Staff()
        self.org_names: dict[int, str] = {}
        self.regions: list[RegionOrgs] = []
        self.partners: dict[str, int] = {}  # home region's other partners by organisation type
        # Households and persons, compact: index h / person id.
        self.hh_ids: list[int] = []
        self.hh_first: list[int] = []
        self.hh_size: list[int] = []
        self.hh_place: list[Place] = []
        self.hh_comp: list[str] = []
        self.person_role: list[str] = []
        self.person_first_id = 0
        # Cases: index c.
        self.case_ids: list[int] = []
        self.case_hh: list[int] = []
        self.case_open: list[bool] = []
        self.case_opened: list[datetime] = []
        self.case_closed: list[datetime | None] = []
        self.case_parts: list[list[tuple[int, str]]] = []  # (organisation id, legal basis)
        self.report_hh: list[int] = []
        self.report_ids: list[int] = []
        self.report_org: list[int] = []

    # -- helpers ---------------------------------------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick_user(self, org_id: int, roles=None) -> int:
        return self.staff.pick(self.rng, org_id, roles)

    def members(self, h: int) -> range:
        return range(self.hh_first[h], self.hh_first[h] + self.hh_size[h])

    def step(self, label: str):
        return common.stopwatch(label, self.timings)

    # -- 1. organisations, regions and staff ----------------------------------------------------

    def organisations(self, loader) -> None:
        from eendak.core.models import Municipality, Organisation, Region
        from eendak.core.reference import ensure_reference_data, local_team, local_team_name
        from eendak.core.roles import OrganisationType as T
        from eendak.demo.accounts import create_demo_accounts
        from eendak.demo.geography import PLACES

        home = ensure_reference_data()
        create_demo_accounts()
        orgs = {o.type: o for o in Organisation.objects.order_by("-name")}  # first by name wins
        home_region = RegionOrgs(orgs[T.VEILIG_THUIS].pk, orgs[T.POLICE].pk, orgs[T.YOUTH_PROTECTION].pk)
        by_code = {m.cbs_code: m for m in Municipality.objects.filter(region=home)}
        for place in PLACES:
            municipality = by_code[place.cbs_code]
            home_region.places.append(Place(municipality.pk, 0, place.town, place.postcode_from,
                                            place.postcode_to, local_team(municipality).pk, place))
            home_region.weights.append(place.population)
        self.regions.append(home_region)
        self.partners = {t: o.pk for t, o in orgs.items()}
        for r in range(1, self.sizes["regions"]):
            number = r + 1
            region = Region.objects.create(name=f"Benchregio {number:02d}")
            vt = Organisation.objects.create(name=f"Veilig Thuis Benchregio {number:02d}",
                                             type=T.VEILIG_THUIS)
            police = Organisation.objects.create(name=f"Politie Benchregio {number:02d}", type=T.POLICE)
            youth = Organisation.objects.create(name=f"Jeugdbescherming Benchregio {number:02d}",
                                                type=T.YOUTH_PROTECTION)
            orgs_r = RegionOrgs(vt.pk, police.pk, youth.pk)
            base = 1000 + 360 * r  # four-digit postcode blocks of their own, outside 5000-5259
            for m in range(9):
                municipality = Municipality.objects.create(
                    region=region, name=f"Benchgemeente {number:02d}-{m + 1}",
                    cbs_code=f"B{number:02d}{m + 1:03d}")
                team = Organisation.objects.create(name=local_team_name(municipality.name),
                                                   type=T.LOCAL_TEAM, municipality=municipality)
                orgs_r.places.append(Place(municipality.pk, r, f"Benchstad {number:02d}-{m + 1}",
                                           base + 40 * m, base + 40 * m + 39, team.pk))
                orgs_r.weights.append(9 - m)
            self.regions.append(orgs_r)
        self.org_names = dict(Organisation.objects.values_list("pk", "name"))
        self._staff(loader)

    def _staff(self, loader) -> None:
        """Synthetic staff per organisation (plus the demo accounts, who get a normal workload)."""
        from eendak.core.models import Membership, Organisation, User
        from eendak.core.roles import OrganisationType as T
        from eendak.core.roles import Role

        for m in Membership.objects.select_related("user", "organisation"):
            self.staff.add(m.user_id, m.user.username, m.organisation_id, m.organisation.name, m.role)
        plan = {
            T.VEILIG_THUIS: [(Role.VT_INTAKE, 10), (Role.VT_INVESTIGATOR, 8), (Role.VT_MONITOR, 8),
                             (Role.VT_DOCTOR, 4)],
            T.LOCAL_TEAM: [(Role.LOCAL_TEAM_WORKER, 5), (Role.CASE_COORDINATOR, 3)],
            T.POLICE: [(Role.PARTNER_LIAISON, 5)],
            T.YOUTH_PROTECTION: [(Role.PARTNER_LIAISON, 4)],
            T.SAFETY_HOUSE: [(Role.SAFETY_TEAM_MEMBER, 3)],
            T.HOSPITAL: [(Role.HOSPITAL_CLINICIAN, 3)],
        }
        default = [(Role.PARTNER_LIAISON, 2)]
        next_user = loader.next_id(User)
        next_membership = loader.next_id(Membership)
        users, memberships = [], []
        joined = self.history_start
        for org in Organisation.objects.order_by("pk"):
            if org.type == T.EXPERTISE_CENTRE:
                continue
            for role, count in plan.get(org.type, default):
                for k in range(count):
                    username = f"bench-{org.pk}-{role}-{k + 1}"
                    users.append((next_user, "!", False, username, "Synthetische",
                                  f"Medewerker {org.pk}-{k + 1}", "", False, True, joined, False,
                                  False, 0))
                    memberships.append((next_membership, next_user, org.pk, role, True, joined))
                    self.staff.add(next_user, username, org.pk, org.name, role)
                    next_user += 1
                    next_membership += 1
        loader.load(User, ["id", "password", "is_superuser", "username", "first_name", "last_name",
                           "email", "is_staff", "is_active", "date_joined", "is_service_account",
                           "is_demo_account", "session_generation"], users)
        loader.load(Membership, ["id", "user_id", "organisation_id", "role", "is_active",
                                 "created_at"], memberships)
        self.log(f"  {len(self.regions)} regions, {len(self.org_names)} organisations, "
                 f"{len(self.staff.info)} staff")

    # -- 2. households, persons, BSNs -----------------------------------------------------------

    def persons(self, loader) -> None:
        import synthetic

        from eendak.persons import bsn as bsn_module
        from eendak.persons.models import Household, HouseholdMember, Person, PersonBSN, Relationship

        vocabulary, cumulative = synthetic.surname_vocabulary(self.rng)
        self.vocabulary, self.cumulative = vocabulary, cumulative
        head = [name for _, name in synthetic.head_surnames()]
        self.person_first_id = loader.next_id(Person)
        first_household = loader.next_id(Household)
        target = self.sizes["persons"]
        statuses: list[str] = []
        household_rows = []

        def surname():
            return self.rng.choices(vocabulary, cum_weights=cumulative)[0]

        keys = NameKeys()

        def person_rows():
            pid = self.person_first_id
            h = 0
            with memoised_name_keys():
                while pid - self.person_first_id < target:
                    region = self.rng.randrange(len(self.regions))
                    orgs = self.regions[region]
                    place = self.rng.choices(orgs.places, weights=orgs.weights)[0]
                    comp = self.rng.choices([c for c, _ in COMPOSITIONS],
                                            weights=[w for _, w in COMPOSITIONS])[0]
                    address = self._address(place, head)
                    people = self._household_people(comp, surname, address, place)
                    created = synthetic.moment_between(self.rng, self.history_start, self.now)
                    household_rows.append((first_household + h, f"BH-{h + 1:08d}",
                                           place.municipality_id, True, created))
                    self.hh_ids.append(first_household + h)
                    self.hh_first.append(pid)
                    self.hh_size.append(len(people))
                    self.hh_place.append(place)
                    self.hh_comp.append(comp)
                    for role, f in people:
                        keys.surname, keys.birth_surname = f["surname"], f["birth_surname"]
                        keys.given_names = f["given_names"]
                        Person.refresh_search_keys(keys)
                        yield (pid, f["given_names"], f["surname_prefix"], f["surname"],
                               f["birth_surname_prefix"], f["birth_surname"], f["date_of_birth"],
                               f["sex"], f["street"], f["house_number"], f["postcode"], f["city"],
                               place.municipality_id, True, created, keys.search_surname,
                               keys.search_birth_surname, keys.search_phonetic, keys.search_given)
                        self.person_role.append(role)
                        statuses.append(self.rng.choices(("known", "absent", "withheld"),
                                                         weights=(85, 10, 5))[0])
                        pid += 1
                    h += 1

        with self.step("persons (names, search keys, bulk load)"):
            loader.load(Person, ["id", "given_names", "surname_prefix", "surname",
                                 "birth_surname_prefix", "birth_surname", "date_of_birth", "sex",
                                 "street", "house_number", "postcode", "city", "municipality_id",
                                 "is_synthetic", "created_at", "search_surname",
                                 "search_birth_surname", "search_phonetic", "search_given"],
                        person_rows())
        with self.step("households, members, relationships"):
            loader.load(Household, ["id", "reference", "municipality_id", "is_synthetic",
                                    "created_at"], household_rows)
            loader.load(HouseholdMember, ["id", "household_id", "person_id", "role"],
                        self._member_rows(loader.next_id(HouseholdMember)))
            loader.load(Relationship, ["id", "person_id", "other_id", "kind", "note"],
                        self._relationship_rows(loader.next_id(Relationship)))
        known = sum(1 for s in statuses if s == "known")
        with self.step(f"BSNs ({known} known: synthetic range, encrypted, keyed hash)"):
            numbers = iter(synthetic.synthetic_bsns(known, self.rng))

            def bsn_rows():
                for offset, status in enumerate(statuses):
                    if status == "known":
                        number = next(numbers)
                        yield (self.person_first_id + offset, status, bsn_module.encrypt(number),
                               bsn_module.lookup_hash(number))
                    else:
                        yield (self.person_first_id + offset, status, "", "")

            loader.load(PersonBSN, ["person_id", "status", "encrypted_value", "lookup_hash"],
                        bsn_rows())

    def _address(self, place: Place, head: list[str]) -> tuple:
        import synthetic

        from eendak.demo.geography import postcode

        street = self.rng.choice(head) + self.rng.choice(synthetic.STREET_SUFFIXES)
        number = str(self.rng.randint(1, 240))
        if place.geography is not None:
            code = postcode(self.rng, place.geography)
        else:
            code = f"{self.rng.randint(place.postcode_from, place.postcode_to)} " \
                   f"{self.rng.choice('ABCDEGHJKLMNPRTVWXZ')}{self.rng.choice('ABCDEGHJKLMNPRTVWXZ')}"
        return street, number, code, place.town

    def _household_people(self, comp, surname, address, place) -> list[tuple[str, dict]]:
        """[(household role, Person fields)] for one household, as the demo seeder composes them."""
        import synthetic

        rng = self.rng
        street, number, code, town = address

        def one(sex, name, min_age, max_age, birth=("", "")):
            return {"given_names": synthetic.given_names(rng, sex), "surname_prefix": name[0],
                    "surname": name[1], "birth_surname_prefix": birth[0],
                    "birth_surname": birth[1],
                    "date_of_birth": synthetic.date_of_birth(rng, self.today, min_age, max_age),
                    "sex": sex, "street": street, "house_number": number, "postcode": code,
                    "city": town}

        def age(fields):
            dob = fields["date_of_birth"]
            return self.today.year - dob.year

        def kids(name, youngest_parent, weights):
            oldest = max(0, min(17, youngest_parent - 18))
            n = rng.choices(range(1, len(weights) + 1), weights=weights)[0]
            return [(ROLE_CHILD, one(rng.choice("VM"), name, 0, oldest)) for _ in range(n)]

        if comp == "single_parent":
            sex = "V" if self.chance(0.85) else "M"
            name = surname()
            parent = one(sex, name, 20, 60)
            return [(ROLE_PARENT, parent)] + kids(name, age(parent), (50, 35, 15))
        if comp == "elderly":
            name = surname()
            elder = one(rng.choice("VM"), name, 66, 92)
            if elder["sex"] == "V" and self.chance(0.5):
                married = surname()
                elder.update(surname_prefix=married[0], surname=married[1],
                             birth_surname_prefix=name[0], birth_surname=name[1])
                name = married
            return [(ROLE_OTHER, elder), (ROLE_OTHER, one(rng.choice("VM"), name, 25,
                                                          max(25, min(60, age(elder) - 20))))]
        name_a, name_b = surname(), surname()
        role = ROLE_PARTNER if comp == "couple" else ROLE_PARENT
        a = one("V", name_a, 20, 60)
        b = one("M", name_b, max(20, age(a) - 4), min(60, age(a) + 6))
        if comp != "separated" and self.chance(0.25):
            a.update(surname_prefix=name_b[0], surname=name_b[1], birth_surname_prefix=name_a[0],
                     birth_surname=name_a[1])
        people = [(role, a), (ROLE_PARTNER if comp != "two_parents" else role, b)]
        if comp != "couple":
            family = name_b if self.chance(0.85) else name_a
            weights = (40, 35, 18, 7) if comp == "two_parents" else (50, 35, 15)
            people += kids(family, min(age(a), age(b)), weights)
        return people

    def _member_rows(self, first_id: int):
        next_id = first_id
        for h, household_id in enumerate(self.hh_ids):
            for pid in self.members(h):
                yield (next_id, household_id, pid, self.person_role[pid - self.person_first_id])
                next_id += 1

    def _relationship_rows(self, first_id: int):
        from eendak.persons.models import RelationshipKind as K

        next_id = first_id
        for h, comp in enumerate(self.hh_comp):
            ids = list(self.members(h))
            pairs = []
            if comp in ("two_parents", "couple"):
                pairs.append((ids[0], ids[1], K.PARTNER))
            elif comp == "separated":
                pairs.append((ids[0], ids[1], K.EX_PARTNER))
            elif comp == "elderly":
                pairs.append((ids[0], ids[1], K.PARENT))
            parents = {"two_parents": ids[:2], "separated": ids[:2],
                       "single_parent": ids[:1]}.get(comp, [])
            children = ids[len(parents):] if parents else []
            pairs += [(p, c, K.PARENT) for p in parents for c in children]
            for person, other, kind in pairs:
                yield (next_id, person, other, kind, "")
                next_id += 1

    # -- 3. cases --------------------------------------------------------------------------------

    def cases(self, loader) -> None:
        from eendak.cases import models as cm
        from eendak.core.roles import Role
        from eendak.core.workdays import add_months

        rng = self.rng
        n_cases = self.sizes["cases"]
        repeated = n_cases // 9  # about 11% of case households had an earlier, closed case
        households = rng.sample(range(len(self.hh_ids)), n_cases - repeated)
        twice = set(rng.sample(households, repeated))
        first_case = loader.next_id(cm.Case)
        latest_open = self.now - timedelta(days=1)
        case_rows, participation_rows, person_rows, phase_rows = [], [], [], []
        condition_rows, moment_rows = [], []
        ids = {name: loader.next_id(model) for name, model in (
            ("participation", cm.Participation), ("person", cm.CasePerson),
            ("phase", cm.PhaseChange), ("condition", cm.SafetyCondition),
            ("moment", cm.MonitoringMoment))}

        def new_id(name):
            ids[name] += 1
            return ids[name] - 1

        coordinator_roles = (Role.CASE_COORDINATOR, Role.LOCAL_TEAM_WORKER)
        for h in households:
            place = self.hh_place[h]
            region = self.regions[place.region]
            spans = []
            if h in twice:
                opened = synthetic_moment(rng, self.history_start, self.now - timedelta(days=400))
                closed = opened + timedelta(days=rng.randint(60, 360))
                spans.append((opened, closed))
                start_next = closed + timedelta(days=rng.randint(30, 200))
            else:
                start_next = self.history_start
            is_open = self.chance(0.38)
            earliest = min(start_next, latest_open - timedelta(days=2))
            if is_open:
                # Open files are mostly recent: a case runs months, rarely past the 18-month limits.
                age = timedelta(days=min(900.0, rng.expovariate(1 / 200)))
                opened = max(earliest, latest_open - age)
                closed = None
            else:
                opened = synthetic_moment(rng, earliest, latest_open)
                closed = min(opened + timedelta(days=rng.randint(60, 540)), latest_open)
            spans.append((max(opened, spans[0][1] if spans else opened), closed))
            for opened, closed in spans:
                c = len(self.case_ids)
                case_id = first_case + c
                vt_responsible = self.chance(0.55)
                responsible = region.veilig_thuis if vt_responsible else place.local_team_id
                has_children = any(self.person_role[p - self.person_first_id] == ROLE_CHILD
                                   for p in self.members(h))
                parts = [(region.veilig_thuis, "statutory_task", None if closed is None and (
                    vt_responsible or self.chance(0.7)) else (closed or latest_open)),
                    (place.local_team_id, "statutory_task", closed)]
                if self.chance(0.3):
                    parts.append((region.police, "meldrecht",
                                  closed if closed or self.chance(0.6) else latest_open))
                if has_children and self.chance(0.12):
                    parts.append((region.youth_protection, "court_order", closed))
                if place.region == 0 and self.chance(0.05):
                    parts.append((self.partners["safety_house"], "consent", closed))
                active = []
                for org_id, basis, ended in parts:
                    started = opened + timedelta(days=rng.randint(0, 5))
                    participation_rows.append((new_id("participation"), case_id, org_id, "", basis,
                                               started, max(started, ended) if ended else None))
                    if ended is None:
                        active.append((org_id, basis))
                coordinator = since = None
                if closed is None and self.chance(0.6):
                    coordinator = self.pick_user(place.local_team_id, coordinator_roles)
                    since = (opened + timedelta(days=rng.randint(1, 20))).date()
                monitoring_start = monitoring_until = None
                phase = "direct_safety"
                decided_by = self.pick_user(responsible)
                phase_rows.append((new_id("phase"), case_id, "", "direct_safety", "Casus geopend",
                                   decided_by, responsible, opened))
                if self.chance(0.4):
                    phase = "stable_safety"
                    phase_rows.append((new_id("phase"), case_id, "direct_safety", phase,
                                       "Veiligheid is stabiel", decided_by, responsible,
                                       opened + timedelta(days=rng.randint(20, 60))))
                if closed is None and vt_responsible and self.chance(0.5):
                    monitoring_start = (opened + timedelta(days=7)).date()
                    monitoring_until = add_months(monitoring_start, 18)
                    monitor = self.pick_user(region.veilig_thuis, (Role.VT_MONITOR,))
                    for text in ("Geen fysiek geweld in het gezin",
                                 "Vader woont tijdelijk elders"):
                        condition_rows.append((new_id("condition"), case_id, text,
                                               "beide ouders", monitor, opened + timedelta(days=7)))
                    for months in (3, 6, 12, 18):
                        planned = add_months(monitoring_start, months)
                        held = planned <= self.today
                        moment_rows.append((new_id("moment"), case_id, planned,
                                            planned if held else None,
                                            rng.randint(0, 2) if held else None,
                                            "Voorwaarden grotendeels nageleefd" if held else "",
                                            monitor if held else None))
                case_rows.append((
                    case_id, f"BC-{c + 1:08d}", self.hh_ids[h], "closed" if closed else "open",
                    responsible, phase, coordinator, since, monitoring_start, monitoring_until,
                    opened, closed, "stable_safety" if closed else "", responsible if closed else None,
                    True))
                self.case_ids.append(case_id)
                self.case_hh.append(h)
                self.case_open.append(closed is None)
                self.case_opened.append(opened)
                self.case_closed.append(closed)
                self.case_parts.append(active or [(p[0], p[1]) for p in parts])
                person_rows += [(new_id("person"), case_id, pid, role)
                                for pid, role in self._case_roles(h)]
        loader.load(cm.Case, ["id", "reference", "household_id", "status",
                              "responsible_organisation_id", "phase", "coordinator_id",
                              "coordinator_since", "monitoring_started_on", "monitoring_until",
                              "opened_at", "closed_at", "closure_reason",
                              "last_responsible_organisation_id", "is_synthetic"], case_rows)
        loader.load(cm.Participation, ["id", "case_id", "organisation_id", "task", "legal_basis",
                                       "started_at", "ended_at"], participation_rows)
        loader.load(cm.CasePerson, ["id", "case_id", "person_id", "role"], person_rows)
        loader.load(cm.PhaseChange, ["id", "case_id", "from_phase", "to_phase", "reason",
                                     "decided_by_id", "organisation_id", "decided_at"], phase_rows)
        loader.load(cm.SafetyCondition, ["id", "case_id", "text", "agreed_by", "set_by_id",
                                         "set_at"], condition_rows)
        loader.load(cm.MonitoringMoment, ["id", "case_id", "planned_on", "held_on",
                                          "incidents_since_last", "assessment", "recorded_by_id"],
                    moment_rows)
        self.log(f"  {len(case_rows)} cases ({sum(self.case_open)} open), "
                 f"{len(participation_rows)} participations")

    def _case_roles(self, h: int):
        comp = self.hh_comp[h]
        ids = list(self.members(h))
        for i, pid in enumerate(ids):
            role = self.person_role[pid - self.person_first_id]
            if role == ROLE_CHILD:
                yield pid, "child"
            elif i == 0:
                yield pid, "victim"
            elif i == 1 and comp != "single_parent":
                yield pid, "suspect"
            else:
                yield pid, "other"

    # -- 4. reports ------------------------------------------------------------------------------

    def reports(self, loader) -> None:
        from eendak.core.roles import Role
        from eendak.intake import models as im
        from eendak.intake.categories import ReporterRole, ReporterSector, ViolenceDuration, ViolenceType
        from eendak.intake.services import assessment_due_at

        rng = self.rng
        n_reports = self.sizes["reports"]
        first = loader.next_id(im.Report)
        report_rows, reporter_rows, person_rows = [], [], []
        next_person = loader.next_id(im.ReportPerson)
        violence = list(ViolenceType.values)
        durations = list(ViolenceDuration.values)
        reporter_roles = list(ReporterRole.values)
        sectors = list(ReporterSector.values)
        channels = ["phone", "phone", "police", "police", "professional", "web", "hospital"]
        # One report behind every case (received just before it opened), the rest anywhere.
        plan = [(self.case_hh[c], self.case_opened[c] - timedelta(days=rng.randint(1, 10)),
                 "closed" if self.case_closed[c] else "decided") for c in range(len(self.case_ids))]
        while len(plan) < n_reports:
            h = rng.randrange(len(self.hh_ids))
            received = synthetic_moment(rng, self.history_start, self.now)
            age_days = (self.now - received).days
            if age_days <= 5 and self.chance(0.85):
                status = "received"
            elif age_days <= 12 and self.chance(0.7):
                status = "assessed" if self.chance(0.7) else "received"
            else:
                status = "closed" if self.chance(0.9) else "decided"
            plan.append((h, received, status))
        plan.sort(key=lambda item: item[1])
        for r, (h, received, status) in enumerate(plan):
            report_id = first + r
            place = self.hh_place[h]
            vt = self.regions[place.region].veilig_thuis
            acute = self.chance(0.05)
            report_rows.append((
                report_id, f"BM-{r + 1:08d}", received, rng.choice(channels), vt, self.hh_ids[h],
                place.municipality_id, rng.sample(violence, rng.choice((1, 1, 2))), [],
                rng.choice(durations), "Melder maakt zich zorgen over de veiligheid in het gezin.",
                acute, "eerste_melding", status, assessment_due_at(received, acute),
                self.pick_user(vt, (Role.VT_INTAKE,)),
                received + timedelta(days=rng.randint(20, 90)) if status == "closed" else None, True))
            professional = self.chance(0.7)
            reporter_rows.append((report_id, professional,
                                  rng.choice(reporter_roles[1:]) if professional else reporter_roles[0],
                                  rng.choice(sectors), "Synthetische Melder", "", "", "",
                                  "buurvrouw" if not professional else ""))
            for i, pid in enumerate(list(self.members(h))[:4]):
                role = self.person_role[pid - self.person_first_id]
                person_rows.append((next_person, report_id, pid,
                                    "child" if role == ROLE_CHILD else ("victim" if i == 0 else
                                                                        "suspect" if i == 1 else "other")))
                next_person += 1
            self.report_ids.append(report_id)
            self.report_hh.append(h)
            self.report_org.append(vt)
        loader.load(im.Report, ["id", "reference", "received_at", "channel", "organisation_id",
                                "household_id", "municipality_id", "violence_types",
                                "additional_info", "duration", "account", "is_acute",
                                "prior_involvement", "status", "assessment_due_at",
                                "registered_by_id", "closed_at", "is_synthetic"], report_rows)
        loader.load(im.Reporter, ["report_id", "is_professional", "role", "sector", "name",
                                  "organisation_name", "phone", "email", "relation"], reporter_rows)
        loader.load(im.ReportPerson, ["id", "report_id", "person_id", "role"], person_rows)
        waiting = sum(1 for row in report_rows if row[13] in ("received", "assessed"))
        self.log(f"  {len(report_rows)} reports ({waiting} waiting for assessment or decision)")

    # -- 5. journal ------------------------------------------------------------------------------

    def journal(self, loader) -> None:
        import synthetic

        from eendak.cases.models import JournalEntry

        rng = self.rng
        total = self.sizes["journal"]
        weights = [rng.lognormvariate(0, 1.0) for _ in self.case_ids]
        scale = total / sum(weights)
        counts = [int(w * scale) for w in weights]
        for c in rng.sample(range(len(counts)), total - sum(counts)):
            counts[c] += 1
        kinds = ["contact", "conversation", "note", "decision", "monitoring", "plan"]
        kind_weights = [35, 30, 20, 8, 4, 3]
        first = loader.next_id(JournalEntry)

        def rows():
            next_id = first
            for c, count in enumerate(counts):
                end = self.case_closed[c] or self.now
                parts = self.case_parts[c]
                for _ in range(count):
                    org_id, basis = rng.choice(parts)
                    yield (next_id, self.case_ids[c],
                           rng.choices(kinds, weights=kind_weights)[0], synthetic.journal_text(rng),
                           synthetic.moment_between(rng, self.case_opened[c], end),
                           self.pick_user(org_id), org_id, basis,
                           "source" if self.chance(0.05) else "all")
                    next_id += 1

        loader.load(JournalEntry, ["id", "case_id", "kind", "text", "occurred_at", "author_id",
                                   "source_organisation_id", "legal_basis", "visibility"], rows())
        self.log(f"  {total} journal entries; the longest journal has {max(counts)}")

    # -- 6. the access log -----------------------------------------------------------------------

    def access_log(self, loader) -> None:
        """Entries in id order, each chained to the one before with ``chain.entry_hash``.

        Drawing who read what is independent per chunk (each chunk has its own seeded RNG), so a
        forked helper process draws chunk k+1 while this process hashes and copies chunk k; the
        chain itself is computed here, strictly in id order.
        """
        import multiprocessing

        from eendak.audit.chain import GENESIS_HASH, current_key_id, entry_hash
        from eendak.audit.models import AccessLogEntry, AccessLogSubject

        total = self.sizes["access_log"]
        last = AccessLogEntry.objects.order_by("-id").values_list("id", "entry_hash").first()
        next_id, previous = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        next_subject = loader.next_id(AccessLogSubject)
        start = self.now - timedelta(days=365 * 3)
        self._log_plan = (start, (self.now - timedelta(minutes=1) - start) / total)
        chunks = [(k, first, min(LOG_CHUNK, total - first))
                  for k, first in enumerate(range(0, total, LOG_CHUNK))]
        entry_columns = ["id", "occurred_at", "event", "action", "outcome", "user_id", "username",
                         "organisation_id", "organisation_name", "role", "object_type", "object_id",
                         "ip_address", "emergency", "reason", "detail", "previous_hash", "entry_hash",
                         "key_id"]
        key_id = current_key_id()
        written = subjects_written = 0
        view = EntryView()
        view.key_id = key_id
        global _LOG_SOURCE
        _LOG_SOURCE = self
        try:
            context = multiprocessing.get_context("fork")
        except ValueError:  # no fork on this platform: draw in this process
            context = None
        pool = context.Pool(1) if context else None
        try:
            drawn = pool.imap(_draw_log_chunk, chunks) if pool else map(_draw_log_chunk, chunks)
            for (_k, first, _count), chunk in zip(chunks, drawn, strict=True):
                entries, subjects = [], []
                for i, (fields, person_ids) in enumerate(chunk):
                    (view.occurred_at, view.event, view.action, view.outcome, view.user_id,
                     view.username, view.organisation_id, view.organisation_name, view.role,
                     view.object_type, view.object_id, view.ip_address, view.detail) = fields
                    view.previous_hash = previous
                    view.emergency, view.reason = False, ""
                    digest = entry_hash(view, person_ids)
                    entry_id = next_id + first + i
                    entries.append((entry_id, *fields[:12], False, "", view.detail, previous, digest,
                                    key_id))
                    for pid in person_ids:
                        subjects.append((next_subject, entry_id, pid))
                        next_subject += 1
                    previous = digest
                loader.load(AccessLogEntry, entry_columns, entries)
                loader.load(AccessLogSubject, ["id", "entry_id", "person_id"], subjects)
                written += len(entries)
                subjects_written += len(subjects)
                if written % (LOG_CHUNK * 20) == 0 or written == total:
                    self.log(f"    {written:,} entries, {subjects_written:,} subjects")
        finally:
            if pool:
                pool.terminate()
            _LOG_SOURCE = None

    LOG_EVENTS = (("case.read", "R", 30), ("person.read", "R", 18), ("household.read", "R", 9),
                  ("auth.login", "A", 14), ("auth.logout", "A", 4), ("report.read", "R", 8),
                  ("person.search", "S", 7), ("case.journal_read", "R", 4), ("case.list", "R", 3),
                  ("report.queue", "R", 2), ("person.bsn_revealed", "R", 1))

    def draw_log_chunk(self, k: int, first: int, count: int) -> list:
        """Who read what, for entries ``first`` .. ``first + count``: (fields, sorted person ids)."""
        rng = random.Random(f"{self.seed}:access-log:{k}")
        start, step = self._log_plan
        names = [e[0] for e in self.LOG_EVENTS]
        actions = {e[0]: e[1] for e in self.LOG_EVENTS}
        cumulative = list(itertools.accumulate(e[2] for e in self.LOG_EVENTS))
        n_persons = len(self.person_role)
        vt_roles = ("vt_intake", "vt_investigator", "vt_monitor")
        vt_ids = self.vt_ids
        result = []
        for i in range(first, first + count):
            event = rng.choices(names, cum_weights=cumulative)[0]
            obj_type = obj_id = detail = ""
            persons = ()
            outcome = "success"
            if event in ("case.read", "case.journal_read"):
                c = rng.randrange(len(self.case_ids))
                org_id = rng.choice(self.case_parts[c])[0]
                obj_type, obj_id = "cases.case", str(self.case_ids[c])
                persons = self.members(self.case_hh[c])
            elif event in ("person.read", "person.bsn_revealed"):
                pid = self.person_first_id + rng.randrange(n_persons)
                org_id = self.regions[self._region_of_person(pid)].veilig_thuis
                obj_type, obj_id, persons = "persons.person", str(pid), (pid,)
            elif event == "household.read":
                h = rng.randrange(len(self.hh_ids))
                org_id = self.regions[self.hh_place[h].region].veilig_thuis
                obj_type, obj_id = "persons.household", str(self.hh_ids[h])
                persons = self.members(h)
            elif event == "report.read":
                r = rng.randrange(len(self.report_ids))
                org_id = self.report_org[r]
                obj_type, obj_id = "intake.report", str(self.report_ids[r])
                persons = self.members(self.report_hh[r])[:4]
            elif event == "person.search":
                org_id = self.regions[rng.randrange(len(self.regions))].veilig_thuis
                persons = [self.person_first_id + rng.randrange(n_persons)
                           for _ in range(rng.randint(0, 4))]
                detail = "achternaam en geboortedatum"
            elif event in ("case.list", "report.queue"):
                org_id = self.regions[rng.randrange(len(self.regions))].veilig_thuis
                base = self.person_first_id + rng.randrange(n_persons - 40)
                persons = range(base, base + rng.randint(10, 30))
                detail = f"pagina 1: 25 {'meldingen' if event == 'report.queue' else 'casussen'}"
            else:  # authentication: any member of staff
                org_id = rng.choice(self.region_org_ids)
                if event == "auth.login" and rng.random() < 0.03:
                    event, outcome = "auth.login_failed", "failed"
            user_id = self._pick(rng, org_id, vt_roles if org_id in vt_ids else None)
            username, _org, org_name, role = self.staff.info[user_id]
            if outcome == "failed":
                user_id, org_id, org_name, role, detail, username = None, None, "", "", username, ""
            occurred = start + step * i + timedelta(microseconds=rng.randrange(1000))
            ip = f"10.{(org_id or 0) % 250}.{(user_id or 0) % 250}.{rng.randint(1, 250)}"
            result.append(((occurred, event, actions.get(event, "A"), outcome, user_id, username,
                            org_id, org_name, role, obj_type, obj_id, ip, detail),
                           sorted(set(persons))))
        return result

    def _pick(self, rng, org_id, roles=None) -> int:
        if roles:
            for role in roles:
                users = self.staff.by_org_role.get((org_id, role))
                if users:
                    return rng.choice(users)
        return rng.choice(self.staff.by_org[org_id])

    def _region_of_person(self, pid: int) -> int:
        # Persons were written household by household: find the household by bisection.
        import bisect

        h = bisect.bisect_right(self.hh_first, pid) - 1
        return self.hh_place[h].region

    @functools.cached_property
    def vt_ids(self) -> set:
        return {r.veilig_thuis for r in self.regions}

    @functools.cached_property
    def region_org_ids(self) -> list[int]:
        ids = set()
        for r in self.regions:
            ids |= {r.veilig_thuis, r.police, r.youth_protection}
            ids |= {p.local_team_id for p in r.places}
        return sorted(ids)

    # -- 7. the two case files of the case-page benchmark -----------------------------------------

    def bench_cases(self) -> dict:
        """Two files alike in everything but the journal's length, built through the services."""
        from eendak.cases import services
        from eendak.cases.models import (
            Case,
            CasePerson,
            JournalEntry,
            Participation,
            PhaseChange,
        )
        from eendak.core.models import Membership
        from eendak.demo import people
        from eendak.persons import bsn as bsn_module
        from eendak.persons.models import Household, HouseholdMember, Person, PersonBSN

        vt_member = Membership.objects.select_related("user", "organisation").get(
            user__username="monitor")
        lt_member = Membership.objects.select_related("user", "organisation").get(
            user__username="coordinator")
        vt, team = vt_member.organisation, lt_member.organisation
        vt_actor = _actor(vt_member)
        lt_actor = _actor(lt_member)
        result = {}
        # The official test range: the national set's synthetic block stops below it.
        bsns = iter(people.valid_test_range_bsns()[:2 * len(BENCH_CASES) * 4])
        for reference, journal_length in BENCH_CASES.items():
            household = Household.objects.create(reference=f"B{reference}", is_synthetic=True,
                                                 municipality_id=team.municipality_id)
            members = [("parent", "Fatima", "", "Bennani", date(1988, 4, 12), "V", "victim"),
                       ("parent", "Youssef", "", "Bennani", date(1985, 11, 3), "M", "suspect"),
                       ("child", "Noor", "", "Bennani", date(2014, 6, 21), "V", "child"),
                       ("child", "Adam", "", "Bennani", date(2017, 2, 9), "M", "child")]
            case = Case.objects.create(reference=reference, household=household,
                                       responsible_organisation=vt, is_synthetic=True)
            PhaseChange.objects.create(case=case, to_phase="direct_safety", reason="Casus geopend",
                                       decided_by=vt_member.user, organisation=vt)
            persons = []
            for role, given, prefix, surname, dob, sex, case_role in members:
                person = Person.objects.create(
                    given_names=given, surname_prefix=prefix, surname=surname, date_of_birth=dob,
                    sex=sex, street="Piushaven", house_number="12", postcode="5017 AN",
                    city="Tilburg", municipality_id=team.municipality_id, is_synthetic=True)
                number = next(bsns)
                PersonBSN.objects.create(person=person, status="known",
                                         encrypted_value=bsn_module.encrypt(number),
                                         lookup_hash=bsn_module.lookup_hash(number))
                HouseholdMember.objects.create(household=household, person=person, role=role)
                CasePerson.objects.create(case=case, person=person, role=case_role)
                persons.append(person)
            Participation.objects.create(case=case, organisation=vt, task="Monitoring")
            Participation.objects.create(case=case, organisation=team, task="Plan en casusregie")
            services.set_conditions(vt_actor, case, [
                ("Geen fysiek geweld in het gezin", "beide ouders"),
                ("Vader woont tijdelijk bij zijn broer", "vader"),
            ])
            # Veilig Thuis is responsible here, so it names the local team's coordinator.
            services.assign_coordinator(vt_actor, case, lt_member.user)
            version = services.new_plan_version(lt_actor, case, note="Eerste plan")
            for part, text in (("safety", "Het geweld stopt"), ("help", "Ouders krijgen hulp"),
                               ("recovery", "Kinderen verwerken wat er gebeurde")):
                goal = services.add_goal(lt_actor, version, part=part, text=text,
                                         child_text="Thuis is het veilig")
                services.add_action(lt_actor, goal, text=f"Actie bij: {text}", owner_organisation=team,
                                    owner=lt_member.user, start_on=self.today,
                                    due_on=self.today + timedelta(days=60))
            services.record_child_voice(lt_actor, case, child=persons[2],
                                        account="Ik vind het eng als papa boos is.",
                                        wishes="Dat iedereen rustig blijft.")
            services.change_phase(vt_actor, case, to_phase="stable_safety",
                                  reason="Voorwaarden worden nageleefd")
            existing = JournalEntry.objects.filter(case=case).count()
            extra = [
                JournalEntry(case=case, kind="contact", text=f"Contact {n + 1}: huisbezoek en gesprek.",
                             occurred_at=timezone_now() - timedelta(hours=journal_length - n),
                             author=(lt_member if n % 2 else vt_member).user,
                             source_organisation=team if n % 2 else vt,
                             visibility="source" if n % 10 == 9 else "all")
                for n in range(journal_length - existing)
            ]
            JournalEntry.objects.bulk_create(extra)
            result[reference] = {"case_id": case.pk, "journal_entries":
                                 JournalEntry.objects.filter(case=case).count()}
        return result


_LOG_SOURCE = None  # the DataSet a forked helper draws access-log chunks from


def _draw_log_chunk(chunk):
    return _LOG_SOURCE.draw_log_chunk(*chunk)


class NameKeys:
    """What ``Person.refresh_search_keys`` reads and writes, without a model instance per person
    (the method is called on it directly, so the keys are exactly the model's)."""

    __slots__ = ("surname", "birth_surname", "given_names", "search_surname",
                 "search_birth_surname", "search_phonetic", "search_given")


class EntryView:
    """The fields ``chain.canonical`` reads, without the cost of a model instance per entry."""

    __slots__ = ("previous_hash", "occurred_at", "event", "action", "outcome", "user_id", "username",
                 "organisation_id", "organisation_name", "role", "object_type", "object_id",
                 "ip_address", "emergency", "reason", "detail", "key_id")


def _actor(membership):
    from eendak.core.actors import Actor

    user = membership.user
    user.acting_membership = membership
    return Actor(user=user, membership=membership, ip_address="127.0.0.1")


def timezone_now():
    from django.utils import timezone

    return timezone.now()


def synthetic_moment(rng, start, end):
    import synthetic

    return synthetic.moment_between(rng, start, end)


@contextmanager
def memoised_name_keys():
    """Memoise ``persons.names``' key functions during the bulk load.

    They are pure functions of the name, and a million persons share some 40,000 surnames, so
    each distinct name is normalised once. ``Person.refresh_search_keys`` still does the work: the
    keys in the table are exactly what it computes.
    """
    from eendak.persons import names

    originals = {name: getattr(names, name) for name in ("surname_key", "phonetic_key", "given_key")}
    for name, function in originals.items():
        setattr(names, name, functools.lru_cache(maxsize=None)(function))
    try:
        yield
    finally:
        for name, function in originals.items():
            setattr(names, name, function)


# --- 8. the monitoring history ----------------------------------------------------------------------

MONITORING_HISTORY = "monitoring_history"  # the meta's flag: the data set has this step's rows
ADVICE_PREFIX, REFERRAL_PREFIX, CONFERENCE_PREFIX, PRESENTATION_PREFIX = "BA-", "BV-", "BO-", "BP-"
CASES_PER_REFERRAL = 25  # one Veiligheidsteam referral per 25 cases
MIN_REFERRALS_PER_HALF_YEAR = 8  # so that a small set still publishes numbers (5 or more)
TEAM_ACCEPTED = 0.75
CONFERENCE_EVERY_DAYS = 14
REPORT_COLUMNS = ("pk", "received_at", "status", "household_id", "municipality_id",
                  "organisation_id", "is_acute", "violence_types", "assessment_due_at", "closed_at")


def history_models() -> list:
    """The tables the monitoring history fills (all but the team's participations, which join the
    cases' own table)."""
    from eendak.acute import models as am
    from eendak.conferences import models as com
    from eendak.intake import models as im

    return [im.SafetyAssessment, im.Decision, im.Investigation, im.InvestigationFinding,
            im.AdviceRequest, com.Referral, com.TriageDecision, com.Conference, com.AgendaItem,
            am.Presentation, am.Injury, am.ForensicExamination, am.VeiligThuisContact, am.FollowUp]


class MonitoringHistory:
    """What the monitoring reads besides the reports themselves: per report its safety assessment,
    decision and (for an investigation) the investigation with its findings; advice requests; the
    Veiligheidsteam's referrals, triage decisions and held conferences; a year of Spoedplein
    presentations. Drawn with ``demo.history``'s tables (``PROFILES``, ``CASE_DECISIONS``,
    ``RESULTS``, ...) and rules (``OUTCOME_FOR_DECISION``, ``EENDAK_INVESTIGATION_WEEKS``,
    ``conferences.workflow.triage_date_for``) so the benchmark and the demo agree on the shape.

    It reads what it attaches to back from the database (reports, cases, households with children,
    staff), so the same code adds the history to a data set built before this step existed
    (``ensure_dataset``) as to a fresh one, and its own ``random.Random`` makes the rows depend on
    the seed and the data set only. Every report keeps the ``status`` the generator gave it:
    ``received`` waits for its assessment (past the deadline: late), ``assessed`` for its decision,
    ``decided`` and ``closed`` have both; the report behind a case (received 1-10 days before it
    opened) is decided into it, at the latest when it opened.
    """

    def __init__(self, loader, seed: int, sizes: dict, log=print):
        from django.utils import timezone

        self.loader = loader
        self.rng = random.Random(f"{seed}:monitoring-history")
        self.sizes = sizes
        self.log = log
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.tz = timezone.get_default_timezone()
        self.today = timezone.localdate()
        self.timings: dict = {}
        self.counts: dict = {}
        self._tables: dict = {}  # weighted choices: values and cumulative weights, per table

    # -- helpers ---------------------------------------------------------------------------------

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def weighted(self, pairs):
        table = self._tables.get(id(pairs))
        if table is None:
            values, weights = zip(*pairs, strict=True)
            table = self._tables[id(pairs)] = ([str(v) for v in values],
                                               list(itertools.accumulate(weights)))
        return self.rng.choices(table[0], cum_weights=table[1])[0]

    def pick_user(self, org_id: int, roles=None) -> int:
        return self.staff.pick(self.rng, org_id, roles)

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        from datetime import time as clock

        from django.utils import timezone

        return timezone.make_aware(datetime.combine(day, clock(hour, minute)), self.tz)

    def local_date(self, moment: datetime) -> date:
        from django.utils import timezone

        return timezone.localtime(moment, self.tz).date()

    def office_after(self, moment: datetime, working_days: int, hour: int) -> datetime:
        """As ``demo.history``: ``working_days`` working days after ``moment``, during office hours."""
        from eendak.core.workdays import add_working_days

        day = self.local_date(moment)
        if working_days:
            day = add_working_days(day, working_days)
        return max(self.at(day, hour, self.rng.randrange(0, 60, 5)), moment + timedelta(hours=1))

    def office_moment(self, day: date) -> datetime:
        while day.weekday() > 4:
            day -= timedelta(days=1)
        return self.at(day, self.rng.randint(8, 16), self.rng.randrange(0, 60, 5))

    def late_share(self, day: date) -> float:
        """As ``demo.history``: about a quarter of the assessments two years ago too late, one in
        ten now."""
        return 0.08 + min(max(0, (self.today - day).days), 900) / 900 * 0.17

    def step(self, label: str):
        return common.stopwatch(label, self.timings)

    # -- what it attaches to ---------------------------------------------------------------------

    def read(self) -> None:
        from eendak.cases.models import Case, Participation
        from eendak.conferences.queries import team_organisation
        from eendak.core.models import Membership, Organisation
        from eendak.core.roles import OrganisationType as T
        from eendak.intake.models import Report
        from eendak.persons.models import HouseholdMember, HouseholdRole

        self.staff = Staff()
        for row in (Membership.objects.filter(is_active=True).order_by("pk")
                    .values_list("user_id", "user__username", "organisation_id",
                                 "organisation__name", "role")):
            self.staff.add(*row)
        self.reports = list(Report.objects.filter(reference__startswith="BM-", is_synthetic=True)
                            .order_by("pk").values_list(*REPORT_COLUMNS))
        self.vt_of: dict[int, int] = {}  # municipality -> the Veilig Thuis of its region
        for row in self.reports:
            self.vt_of.setdefault(row[4], row[5])
        self.default_vt = self.reports[0][5] if self.reports else None
        self.children = set(HouseholdMember.objects.filter(role=HouseholdRole.CHILD)
                            .values_list("household_id", flat=True).distinct())
        self.cases = list(Case.objects.filter(reference__startswith="BC-", is_synthetic=True)
                          .order_by("pk").values_list("pk", "household_id", "opened_at", "closed_at",
                                                      "household__municipality_id"))
        self.cases_of: dict[int, list] = {}
        for case_id, household_id, opened, closed, _m in self.cases:
            self.cases_of.setdefault(household_id, []).append((opened, case_id, closed))
        for spans in self.cases_of.values():
            spans.sort()
        # The report behind a case was received a whole number of days (1-10) before it opened.
        received = {(row[3], row[1]): i for i, row in enumerate(self.reports)}
        self.case_of_report: dict[int, tuple] = {}  # report index -> (case id, opened, closed)
        for case_id, household_id, opened, closed, _m in self.cases:
            for days in range(1, 11):
                i = received.get((household_id, opened - timedelta(days=days)))
                if i is not None and i not in self.case_of_report:
                    self.case_of_report[i] = (case_id, opened, closed)
                    break
        self.local_team: dict[int, int] = {}
        for pk, municipality_id in (Organisation.objects.filter(type=T.LOCAL_TEAM,
                                                                municipality__isnull=False)
                                    .order_by("pk").values_list("pk", "municipality_id")):
            self.local_team.setdefault(municipality_id, pk)
        self.org_names = dict(Organisation.objects.values_list("pk", "name"))
        team = team_organisation()
        self.team = team.pk if team else None
        self.team_cases = set(Participation.objects.filter(organisation_id=self.team)
                              .values_list("case_id", flat=True)) if team else set()
        self.hospitals = [pk for pk in Organisation.objects.filter(type=T.HOSPITAL, is_active=True)
                          .order_by("pk").values_list("pk", flat=True) if pk in self.staff.by_org]
        self.log(f"  read back: {len(self.reports)} reports ({len(self.case_of_report)} behind a "
                 f"case), {len(self.cases)} cases, {len(self.staff.info)} staff")

    # -- assessments, decisions, investigations --------------------------------------------------

    def assessments(self) -> None:
        from django.conf import settings

        from eendak.core.roles import Role
        from eendak.demo.history import (
            CASE_DECISIONS,
            DECISION_TEXT,
            HANDOVER_TARGETS,
            OTHER_DECISIONS,
            RATIONALE,
            RESULTS,
        )
        from eendak.intake import models as im
        from eendak.intake.services import OUTCOME_FOR_DECISION
        from eendak.intake.workflow import DecisionKind as D

        rng, now, loader = self.rng, self.now, self.loader
        weeks = settings.EENDAK_INVESTIGATION_WEEKS
        intake = (Role.VT_INTAKE,)
        ids = {model: loader.next_id(model) for model in (
            im.SafetyAssessment, im.Decision, im.Investigation, im.InvestigationFinding)}
        assessments, decisions, investigations, findings = [], [], [], []
        late = running = 0
        for i, (report_id, received, status, household_id, _m, vt, acute, kinds, due,
                closed_at) in enumerate(self.reports):
            if status == "received":
                continue  # waiting for its assessment (past the deadline: too late)
            behind = self.case_of_report.get(i)
            # The latest moment the assessment (and decision) can have: the case the decision
            # opened, the report's closing, now.
            latest = now
            if behind is not None:
                latest = min(latest, behind[1])
            if closed_at is not None:
                latest = min(latest, closed_at)
            if acute:
                assessed = received + timedelta(hours=rng.randint(1, 20))
            elif rng.random() < self.late_share(self.local_date(received)):
                assessed = self.office_after(due, rng.randint(1, 8), 11)
            else:
                window = max(1, int((due - received).total_seconds() // 3600) - 16)
                assessed = min(due - timedelta(hours=2),
                               received + timedelta(hours=rng.randint(1, window)))
            if assessed > latest - timedelta(hours=1):
                assessed = received + (latest - received) * rng.uniform(0.2, 0.6)
            late += assessed > due
            acute_unsafety = acute and rng.random() < 0.8
            structural = acute_unsafety or rng.random() < 0.55
            triage = ("direct_danger" if acute_unsafety else "structural_serious" if structural
                      else "harmful_multiproblem" if rng.random() < 0.3 else "none")
            assessments.append((ids[im.SafetyAssessment], report_id, acute_unsafety, structural,
                                triage, RATIONALE[triage], self.pick_user(vt, intake),
                                Role.VT_INTAKE.value, assessed))
            ids[im.SafetyAssessment] += 1
            if status == "assessed":
                continue  # waiting for the decision
            decided = self.office_after(assessed, rng.choice((0, 1, 1, 2, 3)), 15)
            decided = min(max(decided, assessed + timedelta(minutes=30)), latest)
            if behind is not None:
                kind = self.weighted(CASE_DECISIONS)
                if kind == D.RVDK_REQUEST and household_id not in self.children:
                    kind = D.HANDOVER.value
                case_id = behind[0]
            else:
                kind = self.weighted(OTHER_DECISIONS) if status == "closed" else D.HANDOVER.value
                case_id = None if kind == D.END else next(
                    (pk for opened, pk, closed in self.cases_of.get(household_id, ())
                     if opened <= decided and (closed is None or closed > decided)), None)
            decisions.append((ids[im.Decision], report_id, kind,
                              self.weighted(HANDOVER_TARGETS) if kind == D.HANDOVER else "",
                              DECISION_TEXT[kind], OUTCOME_FOR_DECISION[kind].value, case_id,
                              self.pick_user(vt, intake), decided))
            ids[im.Decision] += 1
            if kind != D.INVESTIGATION:
                continue
            # As demo.history: started on the day of the decision, due ten weeks later; most end
            # in time, some late, a few early; the youngest still run. Not after the case closed.
            started = self.local_date(decided)
            due_on = started + timedelta(weeks=weeks)
            roll = rng.random()
            if roll < 0.07:
                length, early = rng.randint(2, 6), True
            elif roll < 0.30:
                length, early = rng.randint(11, 15), False
            else:
                length, early = rng.randint(5, 10), False
            completed = started + timedelta(weeks=length, days=rng.randint(-3, 0))
            if behind[2] is not None:
                completed = max(started + timedelta(days=1),
                                min(completed, self.local_date(behind[2])))
            investigation_id = ids[im.Investigation]
            ids[im.Investigation] += 1
            if completed >= self.today:
                investigations.append((investigation_id, report_id, started, due_on, None, False,
                                       ""))
                running += 1
                continue
            investigations.append((
                investigation_id, report_id, started, due_on, completed, early,
                "Onderzoek voortijdig beëindigd: het gezin verhuisde buiten de regio." if early
                else "Onderzoek afgerond; uitkomst per soort geweld vastgelegd."))
            if not early:
                for violence_type in dict.fromkeys(kinds or ["onbekend"]):
                    findings.append((ids[im.InvestigationFinding], investigation_id, violence_type,
                                     self.weighted(RESULTS)))
                    ids[im.InvestigationFinding] += 1
        loader.load(im.SafetyAssessment, ["id", "report_id", "acute_unsafety", "structural_unsafety",
                                          "triage", "rationale", "assessed_by_id", "assessed_role",
                                          "assessed_at"], assessments)
        loader.load(im.Decision, ["id", "report_id", "kind", "handover_target", "rationale",
                                  "assessment_outcome", "case_id", "decided_by_id", "decided_at"],
                    decisions)
        loader.load(im.Investigation, ["id", "report_id", "started_on", "due_on", "completed_on",
                                       "closed_early", "conclusion"], investigations)
        loader.load(im.InvestigationFinding, ["id", "investigation_id", "violence_type", "result"],
                    findings)
        self.counts.update(assessments=len(assessments), late_assessments=late,
                           decisions=len(decisions), investigations=len(investigations),
                           investigations_running=running, findings=len(findings))
        self.log(f"  {len(assessments)} assessments ({late} late), {len(decisions)} decisions, "
                 f"{len(investigations)} investigations ({running} running), "
                 f"{len(findings)} findings")

    # -- advice requests ------------------------------------------------------------------------

    ADVICE_COLUMNS = ["id", "reference", "received_at", "channel", "asker_type", "asker_role",
                      "asker_sector", "anonymous", "consent_to_contact", "asker_name",
                      "municipality_id", "violence_types", "question", "advice_given", "follow_up",
                      "organisation_id", "handled_by_id", "is_synthetic"]

    def advice(self) -> None:
        """About 0.8 per report (``demo.history.ADVICE_PER_REPORT``) over the same years, each in
        the municipality of a report drawn at random (so per municipality as the reports go)."""
        from eendak.core.roles import Role
        from eendak.demo.history import ADVICE_FOLLOW_UPS, ADVICE_PER_REPORT, PROFILES, QUESTIONS
        from eendak.intake.categories import ReporterRole
        from eendak.intake.models import AdviceRequest

        rng = self.rng
        if not self.reports:
            return
        start = min(row[1] for row in self.reports)
        span = (self.now - start).total_seconds()
        profiles = {}
        for children in (False, True):
            choices = [p for p in PROFILES if children or not p.needs_children]
            profiles[children] = (choices, list(itertools.accumulate(p.advice_weight
                                                                     for p in choices)))
        drawn = []
        for _ in range(round(ADVICE_PER_REPORT * len(self.reports))):
            received = self.office_moment(self.local_date(
                start + timedelta(seconds=rng.random() * span)))
            if received >= self.now:
                continue
            report = self.reports[rng.randrange(len(self.reports))]
            municipality_id, vt = report[4], report[5]
            children = rng.random() < 0.6
            choices, cumulative = profiles[children]
            profile = rng.choices(choices, cum_weights=cumulative)[0]
            resident = profile.role == ReporterRole.NON_PROFESSIONAL
            anonymous = resident and rng.random() < 0.5
            consent = not anonymous and rng.random() < 0.6
            question, advice = rng.choice(QUESTIONS)
            kinds = ["kindermishandeling"] if children else [rng.choice(
                ("partnergeweld", "partnergeweld", "ouderenmishandeling",
                 "huiselijk_geweld_overig"))]
            if children and rng.random() < 0.3:
                kinds.append("partnergeweld")
            asker_type = ("resident" if resident else "volunteer" if rng.random() < 0.04
                          else "professional")
            drawn.append((received, "phone" if rng.random() < 0.75 else "web", asker_type,
                          str(profile.role), str(profile.sector), anonymous, consent,
                          "Synthetische Vraagsteller" if consent else "", municipality_id, kinds,
                          question, advice, self.weighted(ADVICE_FOLLOW_UPS), vt,
                          self.pick_user(vt, (Role.VT_INTAKE,)), True))
        drawn.sort(key=lambda row: row[0])  # numbered in order of receipt, as the intake numbers
        first = self.loader.next_id(AdviceRequest)
        rows = [(first + n, f"{ADVICE_PREFIX}{first + n:08d}", *row) for n, row in enumerate(drawn)]
        self.loader.load(AdviceRequest, self.ADVICE_COLUMNS, rows)
        self.counts["advice_requests"] = len(rows)
        self.log(f"  {len(rows)} advice requests")

    # -- the Veiligheidsteam ---------------------------------------------------------------------

    def team_history(self) -> None:
        """One referral per 25 cases (at least ``MIN_REFERRALS_PER_HALF_YEAR``), made by the
        Veilig Thuis of the case's region on a working day while the case was open, to the triage
        ``conferences.workflow.triage_date_for`` gives; three in four accepted (the team takes
        part until it hands the family back, three to eight months later), the rest not; each
        accepted family discussed in one to three of its region's conferences, every other
        Thursday."""
        from eendak.cases.models import Participation
        from eendak.conferences import workflow
        from eendak.conferences.models import AgendaItem, Conference, Referral, TriageDecision
        from eendak.core.roles import Role

        rng, loader = self.rng, self.loader
        if self.team is None or not self.cases:
            return
        member = (Role.SAFETY_TEAM_MEMBER,)
        last = self.now - timedelta(days=7)
        eligible = []
        for case_id, _h, opened, closed, municipality_id in self.cases:
            if case_id in self.team_cases:
                continue  # the team takes part already (the generator's consent participations)
            first = opened + timedelta(days=7)
            end = min(closed - timedelta(days=30), last) if closed else last
            if end > first:
                eligible.append((case_id, first, end, closed, municipality_id))
        wanted = max(len(self.cases) // CASES_PER_REFERRAL,
                     MIN_REFERRALS_PER_HALF_YEAR * 2 * HISTORY_YEARS)
        # Evenly over the years (as the demo: so many per half-year), each on a case open at the
        # moment: a moment first, then cases drawn until one was open then (a few tries: about
        # one case in ten is open at any moment).
        earliest = min((first for _c, first, *_rest in eligible), default=last)
        chosen, used = [], set()
        for _ in range(min(wanted, len(eligible))):
            moment = synthetic_moment(rng, earliest, last)
            for _try in range(2000):
                case_id, first, end, closed, municipality_id = rng.choice(eligible)
                if first <= moment <= end and case_id not in used:
                    break
            else:
                continue
            used.add(case_id)
            day = self.local_date(moment)
            day -= timedelta(days=max(0, day.weekday() - 4))  # Veilig Thuis refers on a working day
            chosen.append((self.at(day, rng.randint(9, 15), rng.randrange(0, 60, 5)), case_id,
                           closed, municipality_id))
        chosen.sort()
        referrals, decisions, participations, accepted = [], [], [], []
        ids = {model: loader.next_id(model) for model in (Referral, TriageDecision, Participation)}
        for moment, case_id, closed, municipality_id in chosen:
            vt = self.vt_of.get(municipality_id, self.default_vt)
            referrer = self.pick_user(vt, (Role.VT_INTAKE,))
            triage_on = workflow.triage_date_for(moment)
            referral_id = ids[Referral]
            ids[Referral] += 1
            status, coordinator, accepted_on, back_at, back_to = "referred", None, None, None, None
            if triage_on <= self.today:
                decider = self.pick_user(self.team, member)
                is_accepted = rng.random() < TEAM_ACCEPTED
                decisions.append((
                    ids[TriageDecision], referral_id, triage_on,
                    "accept" if is_accepted else "not_accept",
                    "Past bij het Veiligheidsteam: ernstig, herhaald geweld; straf en zorg nodig."
                    if is_accepted else "Past niet: het lokale team en Veilig Thuis kunnen de "
                                        "veiligheid samen waarborgen.",
                    decider, self.at(triage_on, 10, 30)))
                ids[TriageDecision] += 1
                status = "not_accepted"
                if is_accepted:
                    status, coordinator, accepted_on = "accepted", decider, triage_on
                    back_at = self.at(triage_on + timedelta(days=rng.randint(90, 240)), 14)
                    if closed is not None:
                        back_at = min(back_at, closed - timedelta(days=1))
                    if back_at > self.now:
                        back_at = None
                    else:
                        status, back_to = "handed_back", self.local_team.get(municipality_id)
                    participations.append((
                        ids[Participation], case_id, self.team,
                        "Veiligheidsteam: één plan en één regisseur (straf en zorg)",
                        "statutory_task", self.at(triage_on, 15), back_at))
                    ids[Participation] += 1
                    accepted.append((referral_id, vt, triage_on, back_at))
            referrals.append((
                referral_id, f"{REFERRAL_PREFIX}{referral_id:08d}", case_id, status, vt, referrer,
                moment,
                "Herhaald ernstig geweld en een lange voorgeschiedenis bij Veilig Thuis; de hulp "
                "kwam niet van de grond.",
                "Eén plan voor straf en zorg, met één regisseur, tot stabiele veiligheid.",
                rng.sample(["separation", "increasing", "weapon", "stalking", "ban_breached",
                            "child_harmed"], 2),
                referrer, moment, triage_on, coordinator, accepted_on, back_at, back_to, True))
        loader.load(Referral, ["id", "reference", "case_id", "status", "requesting_organisation_id",
                               "requested_by_id", "requested_at", "reason", "goal",
                               "escalation_signals", "vt_decided_by_id", "referred_at", "triage_on",
                               "coordinator_id", "accepted_on", "handed_back_at",
                               "handed_back_to_id", "is_synthetic"], referrals)
        loader.load(TriageDecision, ["id", "referral_id", "triage_on", "outcome", "reason",
                                     "decided_by_id", "decided_at"], decisions)
        loader.load(Participation, ["id", "case_id", "organisation_id", "task", "legal_basis",
                                    "started_at", "ended_at"], participations)
        # Conferences: each region's team meets every other Thursday afternoon; an accepted family
        # is on the agenda of the first one to three after its acceptance, while the team has it.
        start = self.local_date(min(row[1] for row in self.reports))
        start += timedelta(days=(3 - start.weekday()) % 7)
        agenda: dict[tuple, list] = {}
        for referral_id, vt, accepted_on, back_at in accepted:
            k = (accepted_on - start).days // CONFERENCE_EVERY_DAYS + 1
            for _ in range(rng.randint(1, 3)):
                day = start + timedelta(days=k * CONFERENCE_EVERY_DAYS)
                starts_at = self.at(day, 13, 30)
                if starts_at >= self.now or (back_at is not None and starts_at >= back_at):
                    break
                agenda.setdefault((day, vt), []).append(referral_id)
                k += 1
        conferences, items = [], []
        next_conference, next_item = loader.next_id(Conference), loader.next_id(AgendaItem)
        for (day, vt), referral_ids in sorted(agenda.items()):
            chair = self.pick_user(self.team, member)
            starts_at = self.at(day, 13, 30)
            place = self.org_names[vt].replace("Veilig Thuis", "Zorg- en Veiligheidshuis")
            conferences.append((next_conference, f"{CONFERENCE_PREFIX}{next_conference:08d}",
                                starts_at, place, chair, "held", chair,
                                starts_at - timedelta(days=7), True))
            for position, referral_id in enumerate(referral_ids):
                items.append((next_item, next_conference, referral_id, position, "informed", chair))
                next_item += 1
            next_conference += 1
        loader.load(Conference, ["id", "reference", "starts_at", "place", "chair_id", "status",
                                 "created_by_id", "created_at", "is_synthetic"], conferences)
        loader.load(AgendaItem, ["id", "conference_id", "referral_id", "position", "informed",
                                 "informed_recorded_by_id"], items)
        self.counts.update(referrals=len(referrals), referrals_accepted=len(accepted),
                           conferences=len(conferences), agenda_items=len(items))
        self.log(f"  {len(referrals)} Veiligheidsteam referrals ({len(accepted)} accepted), "
                 f"{len(conferences)} conferences held, {len(items)} agenda items")

    # -- the Spoedplein ----------------------------------------------------------------------------

    def spoedplein(self) -> None:
        """A year of presentations at the hospital(s), as ``demo.acute``'s earlier ones: the
        pathway by the patient's age, an injury, most with a forensic examination, a consultation
        of Veilig Thuis (an advice request) for children, older people and some others, the
        willingness to report to the police, follow-up and discharge. The pilot settles in: the
        forensic doctor and Veilig Thuis are reached sooner as the months go by."""
        from django.db.models import Max, Min

        from eendak.acute import models as am
        from eendak.acute.workflow import Pathway as P
        from eendak.core.roles import Role
        from eendak.demo.acute import HISTORY_DETAILS
        from eendak.intake.categories import ReporterRole, ReporterSector
        from eendak.intake.models import AdviceRequest
        from eendak.persons.models import Person

        rng, loader = self.rng, self.loader
        count = self.sizes.get("presentations", 0)
        if not self.hospitals or not count:
            return
        bounds = Person.objects.filter(is_synthetic=True).aggregate(low=Min("pk"), high=Max("pk"))
        candidates = sorted(rng.sample(range(bounds["low"], bounds["high"] + 1),
                                       min(count * 2, bounds["high"] - bounds["low"] + 1)))
        people = {}
        for k in range(0, len(candidates), 500):
            people.update((pk, (born, municipality_id)) for pk, born, municipality_id in (
                Person.objects.filter(pk__in=candidates[k:k + 500], date_of_birth__isnull=False)
                .values_list("pk", "date_of_birth", "municipality_id")))
        pool = [pk for pk in candidates if pk in people]
        rng.shuffle(pool)
        start, end = self.now - timedelta(days=365), self.now - timedelta(days=1)
        arrivals = sorted(synthetic_moment(rng, start, end) for _ in range(count))
        ids = {model: loader.next_id(model) for model in (
            am.Presentation, am.Injury, am.ForensicExamination, am.VeiligThuisContact,
            am.FollowUp, AdviceRequest)}
        presentations, injuries, examinations, contacts, follow_ups, advice = [], [], [], [], [], []
        for arrived in arrivals:
            day = self.local_date(arrived)
            patient = next((pk for pk in pool if people[pk][0] < day - timedelta(days=60)), None)
            if patient is None:
                break
            pool.remove(patient)
            born, municipality_id = people[patient]
            age = (day - born).days // 365
            pathway = (P.CHILD_ABUSE if age < 18 else P.ELDER_ABUSE if age >= 65
                       else P.SEXUAL_VIOLENCE if rng.random() < 0.2 else P.DOMESTIC_VIOLENCE)
            details = HISTORY_DETAILS[pathway]
            pace = 0.5 + 0.5 * (self.now - arrived) / (self.now - start)
            hospital = rng.choice(self.hospitals)
            clinician = self.pick_user(hospital, (Role.HOSPITAL_CLINICIAN,))
            presentation_id = ids[am.Presentation]
            ids[am.Presentation] += 1
            region, kind, fit = rng.choice(details.injuries)
            injuries.append((ids[am.Injury], presentation_id, "front", region, str(kind),
                             rng.randint(10, 60), "fresh", str(fit), clinician,
                             arrived + timedelta(minutes=20)))
            ids[am.Injury] += 1
            last = arrived + timedelta(minutes=30)
            if rng.random() < 0.75:
                examined = arrived + timedelta(hours=max(0.75, rng.uniform(1.0, 8.0) * pace))
                examinations.append((
                    ids[am.ForensicExamination], presentation_id, "reported", details.question,
                    clinician, arrived + timedelta(minutes=30), examined,
                    "Letsel beschreven en gefotografeerd.", details.conclusion,
                    self.pick_user(hospital, (Role.FORENSIC_DOCTOR,)),
                    examined + timedelta(hours=1)))
                ids[am.ForensicExamination] += 1
                last = examined + timedelta(hours=1)
            hague = pathway == P.DOMESTIC_VIOLENCE and rng.random() < 0.4
            if pathway in (P.CHILD_ABUSE, P.ELDER_ABUSE) or hague or rng.random() < 0.4:
                sent = arrived + timedelta(hours=max(0.5, rng.uniform(1.0, 12.0) * pace))
                vt = self.vt_of.get(municipality_id, self.default_vt)
                kinds = {P.CHILD_ABUSE: "kindermishandeling",
                         P.ELDER_ABUSE: "ouderenmishandeling"}.get(pathway, "partnergeweld")
                advice_id = ids[AdviceRequest]
                ids[AdviceRequest] += 1
                advice.append((advice_id, f"{ADVICE_PREFIX}{advice_id:08d}", sent, "hospital",
                               "professional", ReporterRole.MEDICAL.value,
                               ReporterSector.HEALTH_CARE.value, False,
                               True, "Synthetische Behandelaar", municipality_id, [kinds],
                               details.consultation, details.advice, "referred", vt,
                               self.pick_user(vt, (Role.VT_INTAKE,)), True))
                contacts.append((ids[am.VeiligThuisContact], presentation_id, "advice", vt,
                                 advice_id, hague, clinician, sent))
                ids[am.VeiligThuisContact] += 1
                last = max(last, sent + timedelta(hours=2))
            willingness, note, filed_on = "not_asked", "", None
            if pathway in (P.DOMESTIC_VIOLENCE, P.SEXUAL_VIOLENCE) and rng.random() < 0.8:
                last += timedelta(minutes=15)
                draw = rng.random()
                if draw < 0.35:
                    willingness, note = "filed", "Aangifte opgenomen op het Spoedplein."
                    filed_on = self.local_date(last)
                elif draw < 0.55:
                    willingness, note = "willing", "Doet aangifte na het weekend, op het bureau."
                else:
                    willingness, note = "not_willing", "Wil nu geen aangifte doen; informatie " \
                                                       "meegegeven."
            if rng.random() < 0.7:
                last += timedelta(minutes=20)
                follow_ups.append((ids[am.FollowUp], presentation_id, str(details.follow_up),
                                   self.local_team.get(municipality_id)
                                   if details.follow_up == "local_team" else None,
                                   details.follow_up_note, self.local_date(last), clinician, last))
                ids[am.FollowUp] += 1
            safe = "yes" if rng.random() < 0.6 else "no"
            extra = {"incident_at": None, "psychological_first_aid": False, "case_manager": "",
                     "elder_abuse_kinds": [], "suspected_relation": "unknown"}
            if pathway == P.SEXUAL_VIOLENCE:
                extra.update(incident_at=arrived - timedelta(hours=rng.randint(3, 60)),
                             psychological_first_aid=True,
                             case_manager="Casemanager Centrum Seksueel Geweld")
            elif pathway == P.ELDER_ABUSE:
                extra.update(elder_abuse_kinds=rng.sample(["physical", "financial", "neglect",
                                                           "psychological"], 2),
                             suspected_relation=rng.choice(["child", "carer"]))
            elif pathway == P.DOMESTIC_VIOLENCE:
                extra.update(suspected_relation="partner")
            presentations.append((
                presentation_id, f"{PRESENTATION_PREFIX}{presentation_id:08d}", hospital, patient,
                municipality_id, str(pathway), "discharged", arrived, details.came_with,
                details.explanation, details.complaint,
                "domestic_violence" if pathway == P.DOMESTIC_VIOLENCE else "none",
                "yes" if hague else "unknown", extra["incident_at"],
                extra["psychological_first_aid"], extra["case_manager"],
                extra["elder_abuse_kinds"], extra["suspected_relation"], willingness, note,
                filed_on, "Politie" if filed_on else "",
                f"PL-{presentation_id:08d}" if filed_on else "", safe,
                "home" if safe == "yes" else rng.choice(["family", "shelter", "admitted"]),
                details.conditions, last + timedelta(minutes=30), clinician, arrived))
        loader.load(am.Presentation, [
            "id", "reference", "hospital_id", "patient_id", "municipality_id", "pathway", "status",
            "arrived_at", "accompanied_by", "explanation", "complaint", "hague_reason",
            "children_at_home", "incident_at", "psychological_first_aid", "case_manager",
            "elder_abuse_kinds", "suspected_relation", "willingness", "willingness_note",
            "police_report_on", "police_unit", "police_reference", "safe_to_go_home", "destination",
            "safety_conditions", "discharged_at", "registered_by_id", "created_at"], presentations)
        loader.load(am.Injury, ["id", "presentation_id", "view", "region", "kind", "length_mm",
                                "age_estimate", "explanation_fit", "recorded_by_id", "recorded_at"],
                    injuries)
        loader.load(am.ForensicExamination, ["id", "presentation_id", "status", "question",
                                             "requested_by_id", "requested_at", "examined_at",
                                             "findings", "conclusion", "forensic_doctor_id",
                                             "reported_at"], examinations)
        loader.load(AdviceRequest, self.ADVICE_COLUMNS, advice)
        loader.load(am.VeiligThuisContact, ["id", "presentation_id", "kind", "veilig_thuis_id",
                                            "advice_id", "about_children", "sent_by_id",
                                            "sent_at"], contacts)
        loader.load(am.FollowUp, ["id", "presentation_id", "kind", "organisation_id", "note",
                                  "started_on", "recorded_by_id", "recorded_at"], follow_ups)
        self.counts.update(presentations=len(presentations), examinations=len(examinations),
                           consultations=len(contacts), follow_ups=len(follow_ups))
        self.log(f"  {len(presentations)} Spoedplein presentations ({len(examinations)} forensic "
                 f"examinations, {len(contacts)} consultations of Veilig Thuis, "
                 f"{len(follow_ups)} follow-ups)")

    # -- all of it -------------------------------------------------------------------------------

    def run(self) -> dict:
        from loader import deferred_indexes

        with self.step("monitoring history: read back reports, cases, staff"):
            self.read()
        tables = [m._meta.db_table for m in history_models()]
        with deferred_indexes(tables, self.timings, self.log):
            with self.step("monitoring history: assessments, decisions, investigations"):
                self.assessments()
            with self.step("monitoring history: advice requests"):
                self.advice()
            with self.step("monitoring history: Veiligheidsteam"):
                self.team_history()
            with self.step("monitoring history: Spoedplein"):
                self.spoedplein()
        return self.counts


def add_monitoring_history(loader, seed: int, sizes: dict, log=print) -> dict:
    """The step, in one transaction (a failure leaves the data set as it was, without the flag);
    returns what the meta records of it."""
    from django.db import transaction

    started = time.perf_counter()
    history = MonitoringHistory(loader, seed, sizes, log)
    with transaction.atomic():
        counts = history.run()
    loader.reset_sequences()
    return {"counts": counts, "seconds": round(time.perf_counter() - started, 1),
            "timings": history.timings}


# --- The whole build ---------------------------------------------------------------------------------


def build(url: str, scale: str, seed: int, log=print) -> dict:
    """Recreate the benchmark database and fill it. Returns what was recorded in ``bench_meta``."""
    from django.core.management import call_command
    from django.db import connection
    from loader import Loader, deferred_indexes

    started = time.perf_counter()
    log(f"Building the {scale} data set in {common.database_name(url)} ({common.kind_of(url)})")
    recreate_database(url)
    data = DataSet(scale, seed, log)
    loader = Loader()
    with data.step("migrate"):
        call_command("migrate", verbosity=0, interactive=False)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
    with data.step("organisations, regions and staff"):
        data.organisations(loader)
    tables = [m._meta.db_table for m in _loaded_models()]
    with deferred_indexes(tables, data.timings, log):
        data.persons(loader)
        with data.step("cases, participations, conditions, monitoring"):
            data.cases(loader)
        with data.step("reports, reporters, persons concerned"):
            data.reports(loader)
        with data.step("journal"):
            data.journal(loader)
        with data.step("access log (hash chain, bulk load)"):
            data.access_log(loader)
    loader.reset_sequences()
    with data.step("case files for the case-page benchmark (services)"):
        bench_cases = data.bench_cases()
    with data.step("monitoring history (assessments, decisions, investigations, advice, "
                   "Veiligheidsteam, Spoedplein)"):
        history = add_monitoring_history(loader, seed, data.sizes, log)
    vacuum = "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
    with data.step(vacuum), connection.cursor() as cursor:
        cursor.execute(vacuum)
    seconds = time.perf_counter() - started
    meta = {
        "scale": scale, "seed": seed, "database": connection.vendor,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "build_seconds": round(seconds, 1), "sizes": data.sizes,
        "rows": loader.rows_loaded, "load_seconds": {k: round(v, 1) for k, v in loader.seconds.items()},
        "timings": data.timings, "bench_cases": bench_cases, "cpu_count": __import__("os").cpu_count(),
        "load_average_after": common.load_average(),
        MONITORING_HISTORY: True, "monitoring_history_step": history,
    }
    write_meta(meta)
    log(f"Data set built in {seconds / 60:.1f} min")
    return meta


def _loaded_models():
    from eendak.audit.models import AccessLogEntry, AccessLogSubject
    from eendak.cases import models as cm
    from eendak.core.models import Membership, User
    from eendak.intake import models as im
    from eendak.persons import models as pm

    return [User, Membership, pm.Household, pm.Person, pm.HouseholdMember, pm.Relationship,
            pm.PersonBSN, cm.Case, cm.Participation, cm.CasePerson, cm.PhaseChange,
            cm.SafetyCondition, cm.MonitoringMoment, im.Report, im.Reporter, im.ReportPerson,
            cm.JournalEntry, AccessLogEntry, AccessLogSubject]


def ensure_dataset(url: str, scale: str, seed: int, rebuild: bool, log=print) -> dict:
    """Reuse a complete data set of the requested scale; otherwise (or with --rebuild) build one."""
    if not rebuild:
        meta = read_meta()
        if meta and meta.get("scale") == scale:
            log(f"Reusing the {scale} data set built {meta['built_at']} "
                f"({meta['build_seconds'] / 60:.1f} min)")
            from django.core.management import call_command

            call_command("migrate", verbosity=0, interactive=False)  # tables added since: empty
            if not meta.get(MONITORING_HISTORY):
                meta = add_history_to_existing(meta, log)
            return meta
        if meta:
            log(f"The benchmark database holds the {meta.get('scale')} set; rebuilding as {scale}")
    return build(url, scale, seed, log)


def add_history_to_existing(meta: dict, log=print) -> dict:
    """A data set built before the monitoring history existed gets it now, without a rebuild: the
    step reads the reports and cases back and loads its rows (in one transaction, with the meta's
    flag), then the new tables are analysed. Returns the updated meta."""
    from django.db import connection, transaction
    from loader import Loader

    from eendak.cases.models import Participation

    log(f"The {meta['scale']} data set has no monitoring history yet: adding it (assessments, "
        "decisions, investigations, advice requests, Veiligheidsteam, Spoedplein)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
    loader = Loader()
    with transaction.atomic():
        history = add_monitoring_history(loader, meta["seed"], SCALES[meta["scale"]], log)
        history["added_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        meta = {**meta, MONITORING_HISTORY: True, "monitoring_history_step": history,
                "rows": {**meta.get("rows", {}), **loader.rows_loaded}}
        write_meta(meta)
    started = time.perf_counter()
    tables = [m._meta.db_table for m in history_models() + [Participation]]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    log(f"  monitoring history added in {history['seconds']:.1f} s "
        f"(ANALYZE {time.perf_counter() - started:.1f} s)")
    return meta


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    common.add_database_arguments(parser)
    args = parser.parse_args(argv)
    url = common.database_url(args.db)
    common.setup_django(url)
    scale = args.scale or common.DEFAULT_SCALE[args.db]
    ensure_dataset(url, scale, args.seed, args.rebuild)
    return 0


if __name__ == "__main__":
    sys.exit(main())
