"""Users and memberships for the functional administrator, through core.services only."""

import pytest
from django.test import Client

from eendak.api.tests.support import assert_problem, body, invalid_names, patch_json, post_json
from eendak.audit.models import AccessLogEntry
from eendak.core.models import Membership, User
from eendak.core.roles import Role
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db

USERS = "/api/v1/users/"
MEMBERSHIPS = "/api/v1/memberships/"
NEW_PASSWORD = "Zeven-Kleine-Eendjes-42"


def test_list_and_filter_users(login_as, functional_admin, intake, liaison):
    client = login_as(functional_admin)

    everyone = body(client.get(USERS))
    police = body(client.get(USERS, {"organisation": liaison.organisation_id}))

    assert everyone["count"] == User.objects.count()
    assert [u["username"] for u in police["results"]] == [liaison.user.username]
    assert police["results"][0]["memberships"][0]["role"] == Role.PARTNER_LIAISON
    assert "password" not in police["results"][0]


def test_create_user_with_password(login_as, functional_admin):
    response = post_json(login_as(functional_admin), USERS, {
        "username": "j.devries", "firstName": "Jan", "lastName": "de Vries",
        "email": "j.devries@example.org", "password": NEW_PASSWORD,
    })

    assert response.status_code == 201, response.content
    user = User.objects.get(username="j.devries")
    assert user.check_password(NEW_PASSWORD) and user.first_name == "Jan"
    entry = AccessLogEntry.objects.get(event="user.created")
    assert (entry.organisation_id, entry.role) == (functional_admin.organisation_id,
                                                   Role.FUNCTIONAL_ADMIN)


@pytest.mark.parametrize("data,field", [
    ({"username": "x", "password": "kort"}, "password"),
    ({"username": "bestaat"}, "username"),
    ({"username": "met spatie!"}, "username"),
])
def test_bad_user_is_refused_with_the_field(login_as, functional_admin, data, field):
    f.UserFactory(username="bestaat")
    count = User.objects.count()

    response = post_json(login_as(functional_admin), USERS, data)

    assert_problem(response, 400)
    assert field in invalid_names(response)
    assert User.objects.count() == count


def test_deactivating_a_user_ends_their_access(login_as, functional_admin, intake, household_with_case):
    victim = login_as(intake)
    assert victim.get("/api/v1/me/").status_code == 200

    response = patch_json(login_as(functional_admin), f"{USERS}{intake.user.pk}/", {"isActive": False})

    assert response.status_code == 200 and body(response)["isActive"] is False
    assert_problem(victim.get("/api/v1/me/"), 401)
    assert AccessLogEntry.objects.get(event="user.deactivated").object_id == str(intake.user.pk)


def test_own_account_cannot_be_deactivated(login_as, functional_admin):
    response = patch_json(login_as(functional_admin), f"{USERS}{functional_admin.user.pk}/",
                          {"isActive": False, "firstName": "Anders"})

    assert_problem(response, 400)
    assert invalid_names(response) == {"nonFieldErrors"}
    functional_admin.user.refresh_from_db()
    assert functional_admin.user.is_active and functional_admin.user.first_name != "Anders"


def test_update_names(login_as, functional_admin, intake):
    response = patch_json(login_as(functional_admin), f"{USERS}{intake.user.pk}/",
                          {"firstName": "Fatima", "username": "genegeerd"})

    assert body(response)["firstName"] == "Fatima"
    intake.user.refresh_from_db()
    assert intake.user.first_name == "Fatima" and intake.user.username != "genegeerd"
    assert AccessLogEntry.objects.filter(event="user.updated").exists()


def test_add_and_end_a_membership(login_as, functional_admin, police):
    user = f.UserFactory()
    client = login_as(functional_admin)

    response = post_json(client, MEMBERSHIPS, {"user": user.pk, "organisation": police.pk,
                                               "role": Role.PARTNER_LIAISON})

    assert response.status_code == 201, response.content
    membership = Membership.objects.get(user=user)
    assert body(response)["organisationName"] == police.name
    added = AccessLogEntry.objects.get(event="membership.added")
    assert (added.organisation_id, added.role) == (functional_admin.organisation_id,
                                                   Role.FUNCTIONAL_ADMIN)

    response = post_json(client, f"{MEMBERSHIPS}{membership.pk}/end/")

    assert response.status_code == 200 and body(response)["isActive"] is False
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert AccessLogEntry.objects.filter(event="membership.ended").exists()
    assert body(client.get(MEMBERSHIPS, {"user": user.pk, "active": "true"}))["count"] == 0


def test_role_not_held_at_that_organisation_type_is_refused(login_as, functional_admin, police):
    user = f.UserFactory()

    response = post_json(login_as(functional_admin), MEMBERSHIPS,
                         {"user": user.pk, "organisation": police.pk, "role": Role.VT_INTAKE})

    assert_problem(response, 400)
    assert invalid_names(response) == {"role"}
    assert not Membership.objects.filter(user=user).exists()


ENDPOINTS = [("get", USERS), ("get", MEMBERSHIPS), ("post", USERS), ("post", MEMBERSHIPS)]


@pytest.mark.parametrize("method,url", ENDPOINTS)
def test_other_roles_get_404(login_as, intake, method, url):
    client = login_as(intake)
    response = client.get(url) if method == "get" else post_json(client, url, {})
    assert_problem(response, 404)


def test_other_roles_cannot_end_memberships(login_as, intake, liaison):
    assert_problem(post_json(login_as(intake), f"{MEMBERSHIPS}{liaison.pk}/end/"), 404)
    liaison.refresh_from_db()
    assert liaison.is_active


@pytest.mark.parametrize("method,url", ENDPOINTS)
def test_without_credentials_401(region, method, url):
    response = Client().get(url) if method == "get" else post_json(Client(), url, {})
    assert_problem(response, 401)


@pytest.mark.parametrize("method,url", ENDPOINTS)
def test_session_without_second_factor_403(login_as, functional_admin, method, url):
    client = login_as(functional_admin, verified=False)
    response = client.get(url) if method == "get" else post_json(client, url, {})
    assert_problem(response, 403)
