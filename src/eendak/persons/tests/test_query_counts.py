"""The persons screens and their API twins cost the same number of database queries however much
they show: "Mijn dossiers" with more households (members, open cases, participants), a household
with more members and cases, a person in more households with more relations, a search with more
hits, and the merge page (more recent merges, more candidates). Each test counts one request with a
small data set, adds several times more rows, counts again and asserts the two counts are equal —
the behaviour a user notices as "it does not get slower with the data". Households seen through
break-the-glass are counted too: there the list must say, per household, that the glass was broken.

Six of these counts grew with the households until the emergency rule answered for a whole page at
once (``persons.permissions.emergency_grants_for``: the grants, then which of those households the
organisation holds the file of — two queries for any number of households)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.audit.models import EmergencyAccess
from eendak.cases.models import Case, Participation, Shield
from eendak.core.actors import Actor
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.persons import registry
from eendak.persons.models import HouseholdMember, Relationship
from eendak.testing import factories as f
from eendak.testing.query_counts import assert_flat

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 15


# --- Data ----------------------------------------------------------------------------------------


def households(count, *participants, surname="Jansen"):
    """``count`` households of three (one with a BSN), each with a case the ``participants`` take
    part in, the first of them responsible."""
    made = []
    for _ in range(count):
        household = f.HouseholdFactory()
        f.person_in(household, "parent", bsn=f.test_bsn(), surname=surname)
        f.person_in(household, "partner", surname=surname)
        f.person_in(household, "child", surname=surname)
        f.case_for(household, *participants)
        made.append(household)
    return made


def grants(membership, found) -> None:
    """Break the glass for each household: the only way this membership sees them."""
    now = timezone.now()
    EmergencyAccess.objects.bulk_create([
        EmergencyAccess(user=membership.user, membership=membership, household=household,
                        reason=f"Spoedeisende hulp, patiënt {n} bewusteloos binnengebracht.",
                        granted_at=now, expires_at=now + timedelta(hours=4))
        for n, household in enumerate(found)])


@pytest.fixture
def clinician(region):
    return f.membership(Role.HOSPITAL_CLINICIAN, f.organisation(T.HOSPITAL))


# --- "Mijn dossiers" -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "persons:household_list",
    "api:household-list",
])
def test_the_household_list_costs_the_same_with_five_times_the_households(
        url, login_as, intake, vt, tilburg_team, capsys):
    households(FEW, vt, tilburg_team)
    assert_flat(capsys, f"{reverse(url)} as Veilig Thuis", login_as(intake), reverse(url),
                lambda: households(MANY - FEW, vt, tilburg_team))


@pytest.mark.parametrize("url", [
    "persons:household_list",
    "api:household-list",
])
def test_the_household_list_through_break_the_glass_costs_the_same_with_more_grants(
        url, login_as, clinician, vt, capsys):
    grants(clinician, households(FEW, vt))
    assert_flat(capsys, f"{reverse(url)} through break-the-glass", login_as(clinician),
                reverse(url), lambda: grants(clinician, households(MANY - FEW, vt)))


# --- One household, one person ---------------------------------------------------------------------


def grow_household(household, count, *participants):
    """More members (with BSN records), and more earlier (closed) cases of the household, each with
    its participants and an address shielded in it."""
    police = f.organisation(T.POLICE)
    for n in range(count):
        person = f.person_in(household, "child" if n % 2 else "other", bsn=f.test_bsn())
        now = timezone.now()
        case = Case.objects.create(
            reference=f"C-{household.reference}-{n}-{household.members.count()}",
            household=household, responsible_organisation=participants[0], status="closed",
            opened_at=now - timedelta(days=400 + n), closed_at=now - timedelta(days=30 + n),
            is_synthetic=True)
        for organisation in (*participants, police):
            Participation.objects.create(case=case, organisation=organisation, task="Hulp")
        Shield.objects.create(case=case, person=person, hidden_from=police, reason="Opvangadres",
                              created_by=f.UserFactory())


@pytest.mark.parametrize("url", ["persons:household_detail", "api:household-detail"])
def test_a_household_costs_the_same_with_five_times_the_members_and_cases(
        url, login_as, intake, vt, tilburg_team, capsys):
    household = households(1, vt, tilburg_team)[0]
    grow_household(household, FEW - 1, vt, tilburg_team)
    path = reverse(url, args=[household.pk])
    assert_flat(capsys, f"{path} (household)", login_as(intake), path,
                lambda: grow_household(household, MANY - FEW, vt, tilburg_team))


def grow_relations(person, count):
    """More members in the person's one household, and a recorded relation with each."""
    household = person.memberships.get().household
    for n in range(count):
        other = f.person_in(household, "child" if n % 2 else "other")
        Relationship.objects.create(person=person, other=other, kind="parent")


def grow_households_of(person, count, *participants):
    """The person in more households (each with a case and a relative related to)."""
    for _ in range(count):
        household = f.HouseholdFactory()
        HouseholdMember.objects.create(household=household, person=person, role="parent")
        other = f.person_in(household, "child")
        f.person_in(household, "partner")
        f.case_for(household, *participants)
        Relationship.objects.create(person=person, other=other, kind="parent")


def list_items(response) -> int:
    """The person page lists households and relations (``<li>``), no tables."""
    return response.content.decode().count("<li")


def person_page(url, person, login_as, intake, capsys, grow):
    path = reverse(url, args=[person.pk])
    rows = {"rows": list_items} if url == "persons:person_detail" else {}
    assert_flat(capsys, f"{path} (person)", login_as(intake), path, grow, **rows)


@pytest.mark.parametrize("url", ["persons:person_detail", "api:person-relationships"])
def test_a_person_costs_the_same_with_five_times_the_relations(url, login_as, intake, vt,
                                                               tilburg_team, capsys):
    person = households(1, vt, tilburg_team)[0].members.get(role="parent").person
    grow_relations(person, FEW)
    person_page(url, person, login_as, intake, capsys,
                lambda: grow_relations(person, MANY - FEW))


@pytest.mark.parametrize("url", [
    "persons:person_detail",
    "api:person-detail",
    "api:person-relationships",
])
def test_a_person_costs_the_same_in_five_times_the_households(url, login_as, intake, vt,
                                                              tilburg_team, capsys):
    person = households(1, vt, tilburg_team)[0].members.get(role="parent").person
    grow_households_of(person, FEW - 1, vt, tilburg_team)
    person_page(url, person, login_as, intake, capsys,
                lambda: grow_households_of(person, MANY - FEW, vt, tilburg_team))


# --- The search --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "method", "data"), [
    ("persons:person_search", "post", {"name": "Jansen"}),
    ("api:person-list", "get", {"name": "Jansen"}),
])
def test_a_person_search_costs_the_same_with_five_times_the_hits(url, method, data, login_as,
                                                                 intake, vt, capsys):
    households(1, vt)
    assert_flat(capsys, f"{method.upper()} {reverse(url)} (search)", login_as(intake),
                reverse(url), lambda: households(4, vt), method=method, data=data)


# --- Merging two records of one person (Veilig Thuis) ----------------------------------------------


def merges(intake_membership, count):
    """``count`` merges of two records of one person, each in a household of its own."""
    intake_membership.user.acting_membership = intake_membership
    actor = Actor(user=intake_membership.user, membership=intake_membership, ip_address="192.0.2.7")
    for n in range(count):
        household = f.HouseholdFactory()
        keep = f.person_in(household, "parent", surname=f"Smit{n}")
        twin = f.person_in(household, "other", surname=f"Smit{n}")
        registry.merge_persons(actor, keep=keep, merge=twin, reason="Dubbel ingevoerd.")


def test_the_recent_merges_cost_the_same_with_five_times_the_merges(login_as, intake, capsys):
    merges(intake, FEW)
    assert_flat(capsys, f"{reverse('persons:person_merge')} (recent merges)", login_as(intake),
                reverse("persons:person_merge"), lambda: merges(intake, MANY - FEW))


def test_the_merge_search_costs_the_same_with_five_times_the_candidates(login_as, intake, vt,
                                                                      capsys):
    """Who is already known, across all persons, with their households and cases."""
    households(1, vt)
    assert_flat(capsys, f"POST {reverse('persons:person_merge')} (search)", login_as(intake),
                reverse("persons:person_merge"), lambda: households(4, vt), method="post",
                data={"action": "search", "zoek-surname": "Jansen"})
