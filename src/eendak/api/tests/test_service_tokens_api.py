"""The functional administrator issues, lists and revokes service accounts' API tokens through the
API (/api/v1/service-tokens): the secret once, a hash stored, every step logged, nobody else."""

import pytest
from django.test import Client

from eendak.api.authentication import hash_token
from eendak.api.models import ServiceToken
from eendak.audit.models import AccessLogEntry, Outcome
from eendak.core.roles import Role
from eendak.testing import factories as f

from .support import assert_problem, body, invalid_names, post_json

pytestmark = pytest.mark.django_db
TOKENS = "/api/v1/service-tokens"


@pytest.fixture
def service(vt):
    """The regional registration system's account, acting for Veilig Thuis's intake."""
    return f.membership(Role.VT_INTAKE, vt, user=f.UserFactory(is_service_account=True))


def test_a_token_is_issued_shown_once_and_works(login_as, functional_admin, service):
    admin = login_as(functional_admin)

    response = post_json(admin, TOKENS, {"membership": service.pk, "name": "Registratiesysteem",
                                         "expiresOn": "2099-12-31"})

    assert response.status_code == 201, response.content
    issued = body(response)
    assert response["Location"] == f"http://testserver{TOKENS}/{issued['id']}"
    assert (issued["username"], issued["role"], issued["isActive"]) == (
        service.user.username, Role.VT_INTAKE, True)
    stored = ServiceToken.objects.get(pk=issued["id"])
    assert stored.key_hash == hash_token(issued["token"]) and issued["token"] not in str(
        vars(stored))
    assert Client(HTTP_AUTHORIZATION=f"Token {issued['token']}").get("/api/v1/me").status_code == 200
    # Never again: neither the list nor the token's own record shows the secret.
    listed = admin.get(TOKENS)
    one = admin.get(response["Location"])
    assert issued["token"] not in listed.content.decode() + one.content.decode()
    assert "token" not in body(one) and body(listed)["count"] == 1
    events = list(AccessLogEntry.objects.filter(username=functional_admin.user.username)
                  .values_list("event", "outcome"))
    assert {("token.issued", Outcome.SUCCESS), ("token.list", Outcome.SUCCESS),
            ("token.read", Outcome.SUCCESS)} <= set(events)


def test_a_revoked_token_stops_working_and_revoking_again_is_a_conflict(login_as, functional_admin,
                                                                          service):
    admin = login_as(functional_admin)
    issued = body(post_json(admin, TOKENS, {"membership": service.pk, "name": "Koppeling"}))
    integrator = Client(HTTP_AUTHORIZATION=f"Token {issued['token']}")

    revoked = post_json(admin, f"{TOKENS}/{issued['id']}/revoke")

    assert revoked.status_code == 200 and body(revoked)["revokedAt"] and not body(revoked)["isActive"]
    assert_problem(integrator.get("/api/v1/me"), 401)
    again = assert_problem(post_json(admin, f"{TOKENS}/{issued['id']}/revoke"), 409)
    assert again["code"] == "state_conflict"
    assert AccessLogEntry.objects.filter(event="token.revoked").count() == 1


@pytest.mark.parametrize(("data", "field"), [
    ({"name": "Zonder lidmaatschap"}, "membership"),
    ({"membership": 999999, "name": "Onbekend"}, "membership"),
    ({"name": "Verleden", "expiresOn": "2001-01-01"}, "expiresOn"),
    ({"name": "  "}, "name"),
])
def test_bad_input_is_named_and_issues_nothing(login_as, functional_admin, service, data, field):
    data = {"membership": service.pk, **data} if "membership" not in data and field != "membership" \
        else data

    response = post_json(login_as(functional_admin), TOKENS, data)

    assert_problem(response, 400)
    assert field in invalid_names(response)
    assert not ServiceToken.objects.exists()


def test_a_person_gets_no_token(login_as, functional_admin, intake):
    response = post_json(login_as(functional_admin), TOKENS,
                         {"membership": intake.pk, "name": "Voor een mens"})

    assert_problem(response, 400)
    assert not ServiceToken.objects.exists()


@pytest.mark.parametrize("role", [Role.VT_INTAKE, Role.LOG_ADMIN, Role.PRIVACY_OFFICER])
def test_anyone_else_finds_nothing_and_is_logged(login_as, vt, service, role):
    other = f.membership(role, vt)
    client = login_as(other)

    assert_problem(client.get(TOKENS), 404)
    assert_problem(post_json(client, TOKENS, {"membership": service.pk, "name": "Stiekem"}), 404)
    assert not ServiceToken.objects.exists()
    refusals = AccessLogEntry.objects.filter(username=other.user.username,
                                             event="core.manage_service_tokens")
    assert refusals.count() == 2 and not refusals.filter(outcome=Outcome.SUCCESS).exists()


def test_the_last_day_of_the_calendar_is_a_token_that_never_expires_not_a_server_error(
        login_as, functional_admin, service):
    admin = login_as(functional_admin)

    response = post_json(admin, TOKENS, {"membership": service.pk, "name": "Koppeling",
                                         "expiresOn": "9999-12-31"})

    assert response.status_code == 201, response.content
    assert Client(HTTP_AUTHORIZATION=f"Token {body(response)['token']}").get(
        "/api/v1/me").status_code == 200


def test_a_service_account_with_the_administrators_role_cannot_mint_tokens(vt, service):
    """A token counts as a second factor: a token of an administrator's service account must not
    issue further tokens (for itself or for an account with client data)."""
    from eendak.api import tokens
    from eendak.core.actors import Actor

    robot = f.membership(Role.FUNCTIONAL_ADMIN, vt, user=f.UserFactory(is_service_account=True))
    robot_actor = Actor(user=robot.user, membership=robot, ip_address="127.0.0.1")
    _token, plain = tokens.issue_token(_admin_actor(vt), robot, name="Beheerkoppeling")
    before = ServiceToken.objects.count()

    response = post_json(Client(HTTP_AUTHORIZATION=f"Token {plain}"), TOKENS,
                         {"membership": service.pk, "name": "Nog een"})

    assert_problem(response, 404)
    assert ServiceToken.objects.count() == before
    assert AccessLogEntry.objects.filter(username=robot_actor.user.username,
                                         event="core.manage_service_tokens",
                                         outcome=Outcome.DENIED).exists()


def _admin_actor(vt):
    from eendak.core.actors import Actor

    admin = f.membership(Role.FUNCTIONAL_ADMIN, vt)
    admin.user.acting_membership = admin
    return Actor(user=admin.user, membership=admin, ip_address="127.0.0.1")


def test_behind_a_script_prefix_the_location_keeps_the_prefix(login_as, functional_admin, service):
    """Deployed under /eendak/ (SCRIPT_NAME), a 201 still points at the new token, prefix included."""
    admin = login_as(functional_admin)

    response = admin.post(TOKENS, {"membership": service.pk, "name": "Koppeling"},
                          content_type="application/json", SCRIPT_NAME="/eendak")

    assert response.status_code == 201, response.content
    assert response["Location"] == f"http://testserver/eendak{TOKENS}/{body(response)['id']}"
