"""What the demo data looks like: Dutch people at Dutch addresses, test BSNs, cases per household.

Every test here reads the one ``demo`` data set, seeded once for the module (``conftest``); the
small data set's size is checked in ``test_history``, which seeds that one."""

import re
from collections import Counter
from datetime import timedelta

from django.db.models import Q

from eendak.cases.models import Case, CaseStatus
from eendak.conferences.models import Referral
from eendak.conferences.workflow import ReferralStatus
from eendak.core.models import Organisation
from eendak.core.reference import local_team_name
from eendak.core.roles import OrganisationType
from eendak.demo.geography import PLACES
from eendak.demo.history import TEAM_PREFIX
from eendak.demo.people import SURNAME_PREFIXES, age_on
from eendak.demo.retention import OLD_FILES, REQUESTS
from eendak.persons import bsn
from eendak.persons.models import BSNStatus, Household, HouseholdMember, Person, PersonBSN, Relationship

from .conftest import TODAY

# The ranges the region's municipalities use (approximate), written down apart from the seeder's table.
POSTCODE_RANGES = {
    "Tilburg": (5000, 5049), "Goirle": (5050, 5059), "Hilvarenbeek": (5080, 5089),
    "Oisterwijk": (5060, 5069), "Dongen": (5100, 5109), "Gilze en Rijen": (5120, 5129),
    "Loon op Zand": (5170, 5179), "Waalwijk": (5140, 5149), "Heusden": (5250, 5259),
}
POSTCODE = re.compile(r"^(\d{4}) ([A-Z]{2})$")


def test_every_bsn_is_a_unique_test_number_that_passes_the_11_test(demo):
    records = list(PersonBSN.objects.filter(person__is_synthetic=True))
    assert len(records) == Person.objects.filter(is_synthetic=True).count()
    statuses = Counter(r.status for r in records)
    share = {status: statuses[status] / len(records) for status in BSNStatus.values}
    assert 0.78 <= share[BSNStatus.KNOWN] <= 0.92
    assert 0.05 <= share[BSNStatus.ABSENT] <= 0.15
    assert 0.01 <= share[BSNStatus.WITHHELD] <= 0.10

    numbers = []
    for record in records:
        if record.status != BSNStatus.KNOWN:
            assert record.encrypted_value == "" and record.lookup_hash == ""
            continue
        number = bsn.decrypt(record.encrypted_value)
        assert number.startswith("999")
        assert bsn.is_valid_bsn(number)
        assert record.lookup_hash == bsn.lookup_hash(number)
        numbers.append(number)
    assert len(numbers) == len(set(numbers))


def _retention_households():
    """Retention's demo (``demo.retention``) shows files as they were closed 20 years ago and
    households made only to be destroyed: minimal on purpose (no address, adults who were the
    children of an old file). The tests of this module describe the living demo, without them."""
    return Q(reference__startswith=OLD_FILES) | Q(reference__startswith=REQUESTS)


def _living_households():
    return Household.objects.filter(is_synthetic=True).exclude(_retention_households())


def _living_persons():
    return Person.objects.filter(is_synthetic=True).exclude(
        memberships__household__reference__startswith=OLD_FILES).exclude(
        memberships__household__reference__startswith=REQUESTS)


def test_names_are_dutch_with_prefixes_split_off_and_children_carry_a_parents_name(demo):
    persons = list(_living_persons())
    assert all(p.is_synthetic for p in persons)
    allowed = set(SURNAME_PREFIXES) | {""}
    for person in persons:
        assert person.surname_prefix in allowed, person.surname_prefix
        assert person.birth_surname_prefix in allowed
        assert person.surname and " " not in person.surname and person.surname[0].isupper()
        assert person.given_names and all(name[0].isupper() for name in person.given_names.split())
    prefixes = Counter(p.surname_prefix for p in persons if p.surname_prefix)
    assert sum(prefixes.values()) >= len(persons) * 0.05
    assert {"van", "de"} <= set(prefixes)
    married = [p for p in persons if p.birth_surname]
    assert married, "some married adults use their partner's name and keep their birth surname"
    assert all(age_on(p.date_of_birth, TODAY) >= 20 for p in married)

    for household in _living_households().prefetch_related("members__person"):
        members = list(household.members.all())
        adults = [m.person for m in members if m.role != "child"]
        birth_names = {(a.birth_surname_prefix, a.birth_surname) if a.birth_surname
                       else (a.surname_prefix, a.surname) for a in adults}
        for child in (m.person for m in members if m.role == "child"):
            assert (child.surname_prefix, child.surname) in birth_names, household.reference


def test_dates_of_birth_fit_the_role_in_the_household(demo):
    ages = {"parent": [], "partner": [], "child": [], "other": []}
    for role, dob in HouseholdMember.objects.filter(household__in=_living_households()).values_list(
            "role", "person__date_of_birth"):
        ages[role].append(age_on(dob, TODAY))
    assert ages["child"] and min(ages["child"]) >= 0 and max(ages["child"]) <= 17
    for role in ("parent", "partner"):
        assert ages[role] and min(ages[role]) >= 20 and max(ages[role]) <= 60
    assert any(age > 65 for age in ages["other"]), "older persons (ouderenmishandeling) are included"


def test_addresses_have_a_street_and_a_postcode_of_their_municipality(demo):
    towns = {place.municipality: place.town for place in PLACES}
    persons = _living_persons().select_related("municipality")
    for person in persons:
        match = POSTCODE.match(person.postcode)
        assert match, person.postcode
        low, high = POSTCODE_RANGES[person.municipality.name]
        assert low <= int(match.group(1)) <= high, (person.municipality.name, person.postcode)
        assert person.city == towns[person.municipality.name]
        assert person.street and person.house_number[0].isdigit()
    # A household lives at one address, except an ex-partner who moved out.
    for household in _living_households().prefetch_related("members__person"):
        members = list(household.members.all())
        addresses = {(m.person.street, m.person.house_number, m.person.postcode) for m in members}
        at_home = {(m.person.street, m.person.house_number, m.person.postcode) for m in members
                   if m.role != "partner"}
        assert len(addresses) <= 2 and len(at_home) <= 1, household.reference


def test_open_cases_are_shared_by_veilig_thuis_and_the_local_team(demo):
    cases = Case.objects.filter(is_synthetic=True).select_related(
        "household__municipality", "responsible_organisation").prefetch_related(
        "participations__organisation")
    open_cases = [c for c in cases if c.status == CaseStatus.OPEN]
    closed = [c for c in cases if c.status == CaseStatus.CLOSED]
    households = Household.objects.filter(is_synthetic=True).count()
    assert len(open_cases) >= households * 0.75
    assert closed
    safety_team = Organisation.objects.get(type=OrganisationType.SAFETY_HOUSE)
    # Accepted, or handed back while the local team has yet to accept.
    # (The history's referrals, ``demo.history``, were handed back long ago: the team's part ended.)
    with_the_team = set(Referral.objects.filter(
        status__in=[ReferralStatus.ACCEPTED, ReferralStatus.HANDED_BACK])
        .exclude(reference__startswith=TEAM_PREFIX).values_list("case_id", flat=True))
    for case in open_cases:
        team = local_team_name(case.household.municipality.name)
        names = {p.organisation.name for p in case.participations.all() if p.ended_at is None}
        assert "Veilig Thuis Midden-Brabant" in names and team in names
        # Veilig Thuis or the local team holds oversight of safety; the Veiligheidsteam in the
        # families it accepted (``demo.conferences``), and takes part only there.
        responsible = case.responsible_organisation.name
        assert responsible in {"Veilig Thuis Midden-Brabant", team} or (
            case.pk in with_the_team and responsible == safety_team.name)
        assert (safety_team.name in names) == (case.pk in with_the_team)
        assert case.opened_at.date() <= TODAY
    for case in closed:
        assert case.closed_at > case.opened_at
        # Every part ended with the case, or before it (the Veiligheidsteam's, at its hand-back).
        assert all(p.ended_at is not None and p.ended_at <= case.closed_at
                   for p in case.participations.all())
    partners = Counter(p.organisation.type for c in open_cases for p in c.participations.all())
    for org_type in ("police", "youth_protection", "safety_house", "hospital"):
        assert partners[org_type] >= 3, org_type


def test_relationships_say_who_is_whose_partner_parent_or_sibling(demo):
    for household in _living_households().prefetch_related("members"):
        members = {m.person_id: m.role for m in household.members.all()}
        relations = list(Relationship.objects.filter(person_id__in=members, other_id__in=members))
        children = [pid for pid, role in members.items() if role == "child"]
        for child in children:
            assert any(r.kind == "parent" and r.other_id == child for r in relations), household.reference
        if len(children) > 1:
            assert any(r.kind == "sibling" for r in relations)
        partner_kinds = {r.kind for r in relations if r.kind in ("partner", "ex_partner")}
        assert len(partner_kinds) <= 1


# --- "Mijn werk" for every demo account (issue 14: each demo role sees its own work with counts) --

QUEUE = re.compile(r'<h3[^>]*><a[^>]*>([^<]*): <data class="eendak-count" value="(\d+)">')
# Roles whose start page has no queue: figures and administration, never a person's work.
WITHOUT_QUEUES = {"analist", "beheer", "gemeente"}


def _start_page_counts(username) -> dict[str, int]:
    from eendak.core.models import Membership
    from eendak.testing.clients import verified_client

    membership = Membership.objects.select_related("user", "organisation").get(
        user__username=username, is_active=True)
    response = verified_client(membership).get("/")
    assert response.status_code == 200, username
    return {title.strip(): int(n) for title, n in QUEUE.findall(response.content.decode())}


def test_every_demo_account_sees_its_own_work_with_counts_on_its_start_page(demo):
    from eendak.demo.accounts import DEMO_ACCOUNTS

    pages = {account.username: _start_page_counts(account.username) for account in DEMO_ACCOUNTS}
    for username, counts in pages.items():
        if username in WITHOUT_QUEUES:
            assert counts == {}, (username, counts)
        else:
            assert counts and any(counts.values()), (username, counts)
    # The work the living demo makes for each of them (demo.casework, demo.history, ...).
    intake = pages["intake"]
    assert intake["Meldingen die op beoordeling of besluit wachten"] >= 3
    assert intake["Signalen in uw casussen"] > 0
    assert pages["coordinator"]["Overdrachten die op uw acceptatie wachten"] > 0
    assert pages["coordinator"]["Mijn acties"] > 0
    assert pages["wijkteam"]["Mijn acties"] > 0
    assert pages["forensisch"]["Forensische onderzoeken die wachten"] > 0
    assert pages["privacy"]["Noodtoegang te beoordelen"] > 0
    assert pages["expertise"]["Open adviesvragen"] > 0


def test_the_work_queue_holds_reports_due_past_today_and_tomorrow(demo):
    from django.utils import timezone

    from eendak.core.workdays import is_working_day
    from eendak.intake.models import Report
    from eendak.intake.queries import QUEUE_STATES

    today = timezone.localdate()
    due = {timezone.localtime(d).date() for d in Report.objects.filter(
        status__in=QUEUE_STATES).values_list("assessment_due_at", flat=True)}
    assert any(day < today for day in due)
    tomorrow = today + timedelta(days=1)
    # A deadline falls on a working day only (intake.services.assessment_due_at).
    assert today in due or not is_working_day(today)
    assert tomorrow in due or not is_working_day(tomorrow)
