"""Service accounts call the API with "Authorization: Token <t>"; only the token's hash is stored."""

import secrets
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from eendak.api.authentication import hash_token
from eendak.api.models import ServiceToken
from eendak.audit.models import AccessLogEntry
from eendak.core.roles import Role
from eendak.testing import factories as f

from .support import assert_problem, body

pytestmark = pytest.mark.django_db


def make_token(membership, **fields) -> str:
    plain = secrets.token_urlsafe(32)
    ServiceToken.objects.create(membership=membership, name="koppeling", prefix=plain[:8],
                                key_hash=hash_token(plain), **fields)
    return plain


@pytest.fixture
def service_member(vt):
    """A Veilig Thuis service account (e.g. the regional registration system)."""
    return f.membership(Role.VT_INVESTIGATOR, vt, user=f.UserFactory(is_service_account=True))


def token_client(token: str, **kwargs) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {token}", **kwargs)


def test_token_authenticates_as_its_membership(service_member):
    response = token_client(make_token(service_member)).get("/api/v1/me/")

    assert response.status_code == 200
    acting = body(response)["actingMembership"]
    assert (acting["id"], acting["role"]) == (service_member.pk, Role.VT_INVESTIGATOR)


def test_token_reads_are_logged_for_the_tokens_organisation(service_member, household_with_case):
    _household, _case, people = household_with_case

    response = token_client(make_token(service_member)).get("/api/v1/households/")

    assert body(response)["count"] == 1
    entry = AccessLogEntry.objects.get(event="household.list")
    assert (entry.username, entry.organisation_id, entry.role) == (
        service_member.user.username, service_member.organisation_id, Role.VT_INVESTIGATOR)
    assert entry.person_ids == sorted(p.pk for p in people)


def test_token_writes_need_no_csrf_token(service_member, household_with_case):
    _household, _case, (parent, _partner, _child) = household_with_case
    client = token_client(make_token(service_member), enforce_csrf_checks=True)

    assert client.post(f"/api/v1/persons/{parent.pk}/reveal-bsn/").status_code == 200


def test_session_writes_do_need_the_csrf_token(login_as, intake, household_with_case):
    _household, _case, (parent, _partner, _child) = household_with_case
    client = login_as(intake, client=Client(enforce_csrf_checks=True))

    data = assert_problem(client.post(f"/api/v1/persons/{parent.pk}/reveal-bsn/"), 403)
    assert "CSRF" in data["detail"]


def test_inactive_users_token_is_refused(service_member):
    token = make_token(service_member)
    service_member.user.is_active = False
    service_member.user.save()

    assert_problem(token_client(token).get("/api/v1/me/"), 401)


def test_ended_membership_token_is_refused(service_member):
    token = make_token(service_member)
    service_member.is_active = False
    service_member.save()

    assert_problem(token_client(token).get("/api/v1/me/"), 401)


@pytest.mark.parametrize("fields", [
    {"revoked_at": timezone.now()},
    {"expires_at": timezone.now() - timedelta(seconds=1)},
])
def test_revoked_or_expired_token_is_refused(service_member, fields):
    response = token_client(make_token(service_member, **fields)).get("/api/v1/me/")

    data = assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Token"
    assert "token" in data["detail"].lower()


@pytest.mark.parametrize("header", ["Token", "Token een twee", "Token onbekend"])
def test_malformed_or_unknown_token_is_refused(region, header):
    assert_problem(Client(HTTP_AUTHORIZATION=header).get("/api/v1/me/"), 401)


def test_token_sees_only_its_organisations_files(household_with_case, police):
    liaison = f.membership(Role.PARTNER_LIAISON, police, user=f.UserFactory(is_service_account=True))
    household, _case, _people = household_with_case

    assert_problem(token_client(make_token(liaison)).get(f"/api/v1/households/{household.pk}/"), 404)
