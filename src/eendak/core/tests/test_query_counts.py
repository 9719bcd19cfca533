"""The functional administrator's lists and their API twins cost the same number of database
queries however many staff members, memberships and organisations there are: the staff list, one
staff member's page (with more roles), the organisation list, and GET /api/v1/users/,
/api/v1/memberships/ and /api/v1/organisations/. Counted with a few rows on the page, then with
several times more: the same number — "it does not get slower with the data"."""

import pytest
from django.urls import reverse

from eendak.core.models import Municipality, Organisation
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f
from eendak.testing.query_counts import assert_flat

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 15
ROLES = [(Role.VT_INTAKE, T.VEILIG_THUIS), (Role.LOCAL_TEAM_WORKER, T.LOCAL_TEAM),
         (Role.PARTNER_LIAISON, T.POLICE), (Role.HOSPITAL_CLINICIAN, T.HOSPITAL)]


@pytest.fixture
def admin(login_as, vt):
    return login_as(f.membership(Role.FUNCTIONAL_ADMIN, vt))


def staff(count, start=0):
    """Staff members named Telling…, each with roles at two organisations."""
    for n in range(start, start + count):
        user = f.UserFactory(username=f"telling{n}", last_name=f"Telling{n}")
        for role, org_type in (ROLES[n % len(ROLES)], ROLES[(n + 1) % len(ROLES)]):
            f.membership(role, f.organisation(org_type), user=user)


@pytest.mark.parametrize(("url", "query"), [
    ("core:user_list", {"q": "telling"}),
    ("api:user-list", {"username": "telling"}),
])
def test_the_staff_list_costs_the_same_with_five_times_the_staff(url, query, admin, capsys):
    staff(FEW)
    assert_flat(capsys, f"{reverse(url)} (staff)", admin, reverse(url),
                lambda: staff(MANY - FEW, start=FEW), data=query)


def test_the_memberships_cost_the_same_with_five_times_the_memberships(admin, capsys):
    organisation = f.organisation(T.POLICE)

    def members(count):
        for _ in range(count):
            f.membership(Role.PARTNER_LIAISON, organisation)

    members(FEW)
    assert_flat(capsys, "/api/v1/memberships/ (one organisation)", admin,
                reverse("api:membership-list"), lambda: members(MANY - FEW),
                data={"organisation": organisation.pk})


def rows_of_staff_member(response) -> int:
    if response.get("Content-Type", "").startswith("application/json"):
        return len(response.json()["memberships"])
    return response.content.decode().count("<tr")


@pytest.mark.parametrize("url", ["core:user_detail", "api:user-detail"])
def test_a_staff_member_costs_the_same_with_five_times_the_roles(url, admin, capsys):
    user = f.UserFactory()
    places = list(Organisation.objects.filter(is_active=True).exclude(type=T.LOCAL_TEAM)
                  .order_by("name")[:MANY])

    def roles(start, stop):
        for organisation in places[start:stop]:
            f.membership(Role.PARTNER_LIAISON, organisation, user=user)

    roles(0, FEW)
    path = reverse(url, args=[user.pk])
    assert_flat(capsys, f"{path} (staff member)", admin, path, lambda: roles(FEW, MANY),
                rows=rows_of_staff_member)


def organisations(municipality, count, start=0):
    Organisation.objects.bulk_create([
        Organisation(name=f"Telorganisatie {n}", type=T.OTHER if n % 2 else T.SHELTER,
                     municipality=municipality) for n in range(start, start + count)])


@pytest.mark.parametrize(("url", "query"), [
    ("core:organisation_list", {"q": "Telorganisatie"}),
    ("api:organisation-list", {"type": T.OTHER}),
])
def test_the_organisation_list_costs_the_same_with_five_times_the_organisations(
        url, query, admin, capsys):
    dongen = Municipality.objects.get(name="Dongen")
    organisations(dongen, FEW)
    assert_flat(capsys, f"{reverse(url)} (organisations)", admin, reverse(url),
                lambda: organisations(dongen, MANY - FEW, start=FEW), data=query)
