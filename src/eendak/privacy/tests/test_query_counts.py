"""Reading the access log costs the same number of database queries however long the log is: the
log administrator's search (/toegangslog/ and GET /api/v1/access-log/), the privacy officer's report
on one person (the screen, its printable version and GET /api/v1/persons/{id}/access-history/),
the emergency-access report (screen and API) and one's own grants (GET /api/v1/emergency-access/).
Each test counts one request with a few entries, writes several times more (by more users, for
more organisations, about more persons, emergency entries among them), counts again and asserts the
two counts are equal: the behaviour a user notices as "it does not get slower with the data"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.audit import services as audit
from eendak.audit.models import Action, EmergencyAccess
from eendak.core.actors import Actor
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f
from eendak.testing.query_counts import assert_flat

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 15
ROLES = [(Role.VT_INTAKE, T.VEILIG_THUIS), (Role.LOCAL_TEAM_WORKER, T.LOCAL_TEAM),
         (Role.PARTNER_LIAISON, T.POLICE), (Role.HOSPITAL_CLINICIAN, T.HOSPITAL)]


def actor(membership) -> Actor:
    membership.user.acting_membership = membership
    return Actor(user=membership.user, membership=membership, ip_address="192.0.2.7")


def write_entries(count, persons, *, emergency_every=4):
    """``count`` entries, each by a new user of one of four organisations, naming ``persons`` and
    one more; every ``emergency_every``-th an emergency read with its reason."""
    for n in range(count):
        role, org_type = ROLES[n % len(ROLES)]
        emergency = n % emergency_every == 0
        household = f.HouseholdFactory()
        other = f.person_in(household, "child")
        audit.log_access(actor(f.membership(role, f.organisation(org_type))),
                         event="person.read", action=Action.READ,
                         obj=("persons.household", str(household.pk)),
                         persons=[*persons, other], emergency=emergency,
                         reason="Bewusteloos binnengebracht op de SEH." if emergency else "")


@pytest.fixture
def person(region):
    return f.person_in(f.HouseholdFactory(), "parent", bsn=f.test_bsn())


# --- The log administrator's search ------------------------------------------------------------------


@pytest.mark.parametrize("url", ["privacy:log_search", "api:access-log"])
def test_the_log_search_costs_the_same_with_five_times_the_entries(url, login_as, log_admin,
                                                                  person, capsys):
    """The first page of everything, newest first: more entries on the page, by more users."""
    write_entries(FEW, [person])
    assert_flat(capsys, f"{reverse(url)} as the log administrator", login_as(log_admin),
                reverse(url), lambda: write_entries(MANY - FEW, [person]))


@pytest.mark.parametrize("url", ["privacy:log_search", "api:access-log"])
def test_the_log_search_for_one_person_costs_the_same_with_five_times_the_entries(
        url, login_as, log_admin, person, capsys):
    write_entries(FEW, [person])
    key = "person_id" if url == "privacy:log_search" else "person"
    assert_flat(capsys, f"{reverse(url)}?{key}= as the log administrator", login_as(log_admin),
                reverse(url), lambda: write_entries(MANY - FEW, [person]),
                data={key: person.pk})


# --- The privacy officer's report on one person ----------------------------------------------------


@pytest.mark.parametrize(("url", "query"), [
    ("privacy:person_access_report", {}),
    ("privacy:person_access_report", {"print": "1"}),
    ("api:person-access-history", {}),
])
def test_a_person_access_report_costs_the_same_with_five_times_the_entries(
        url, query, login_as, privacy_officer, person, capsys):
    write_entries(FEW, [person])
    path = reverse(url, args=[person.pk])
    what = f"{path}{'?print=1' if query else ''} as the privacy officer"
    assert_flat(capsys, what, login_as(privacy_officer), path,
                lambda: write_entries(MANY - FEW, [person]), data=query)


# --- Break the glass: the report, and one's own grants ----------------------------------------------


def break_glass(count, clinician=None):
    """``count`` grants, each by a new clinician (or by ``clinician``) for a household of its own,
    with two emergency reads under it."""
    now = timezone.now()
    for n in range(count):
        membership = clinician or f.membership(Role.HOSPITAL_CLINICIAN, f.organisation(T.HOSPITAL))
        household = f.HouseholdFactory()
        persons = [f.person_in(household, "parent"), f.person_in(household, "child")]
        EmergencyAccess.objects.create(
            user=membership.user, membership=membership, household=household,
            reason=f"Patiënt {n} bewusteloos binnengebracht, geen gegevens bekend.",
            granted_at=now - timedelta(minutes=30), expires_at=now + timedelta(hours=4))
        for event in ("household.read", "person.read"):
            audit.log_access(actor(membership), event=event, action=Action.READ,
                             obj=("persons.household", str(household.pk)), persons=persons,
                             emergency=True, reason="Patiënt bewusteloos binnengebracht.")


@pytest.mark.parametrize("url", ["privacy:emergency_report", "api:emergency-access-report"])
@pytest.mark.parametrize("reader", ["privacy_officer", "log_admin"])
def test_the_emergency_report_costs_the_same_with_five_times_the_grants(url, reader, request,
                                                                         login_as, capsys):
    break_glass(FEW)
    assert_flat(capsys, f"{reverse(url)} as {reader}", login_as(request.getfixturevalue(reader)),
                reverse(url), lambda: break_glass(MANY - FEW))


def test_my_emergency_grants_cost_the_same_with_five_times_the_grants(login_as, clinician,
                                                                      capsys):
    break_glass(FEW, clinician)
    assert_flat(capsys, "GET /api/v1/emergency-access/ as the clinician", login_as(clinician),
                reverse("api:emergency-access-list"), lambda: break_glass(MANY - FEW, clinician))
