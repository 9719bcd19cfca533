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
                 "journal": 2_000_000, "access_log": 5_000_000, "regions": 25},
    "regional": {"persons": 50_000, "reports": 15_000, "cases": 5_000, "journal": 100_000,
                 "access_log": 250_000, "regions": 1},
    "tiny": {"persons": 5_000, "reports": 1_500, "cases": 500, "journal": 10_000,
             "access_log": 25_000, "regions": 3},
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
        for suffix in ("", "-wal", "-shm"):
            Path(str(common.SQLITE_PATH) + suffix).unlink(missing_ok=True)
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
        if roles:
            for role in roles:
                users = self.staff.by_org_role.get((org_id, role))
                if users:
                    return self.rng.choice(users)
        return self.rng.choice(self.staff.by_org[org_id])

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

        from eendak.audit.chain import GENESIS_HASH, entry_hash
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
                         "ip_address", "emergency", "reason", "detail", "previous_hash", "entry_hash"]
        written = subjects_written = 0
        view = EntryView()
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
                    entries.append((entry_id, *fields[:12], False, "", view.detail, previous, digest))
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
                 "ip_address", "emergency", "reason", "detail")


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
            return meta
        if meta:
            log(f"The benchmark database holds the {meta.get('scale')} set; rebuilding as {scale}")
    return build(url, scale, seed, log)


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
