"""API tokens for service accounts (the screens under /beheer/): shown once, stored as a hash, working
until revoked."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.api import tokens
from eendak.api.models import ServiceToken
from eendak.audit.models import AccessLogEntry
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.roles import Role
from eendak.testing import factories as f

from .support import field_error, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def service_membership(police):
    return f.membership(Role.PARTNER_LIAISON, police, f.UserFactory(is_service_account=True))


def _issue(admin_client, membership, **extra):
    data = {"name": "Koppeling politiesysteem", "membership": membership.pk, "expires_on": "", **extra}
    return admin_client.post(reverse("tokens:create", args=[membership.user.pk]), data)


def _plain_token(response) -> str:
    return re.search(r'data-testid="plain-token"[^>]*>([^<]+)<', page_text(response)).group(1)


def _me(client, token):
    return client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")


def test_token_is_shown_once_and_authenticates(admin_client, service_membership, client):
    response = _issue(admin_client, service_membership)

    assert response.status_code == 200
    assert "Kopieer de token nu" in page_text(response)
    plain = _plain_token(response)
    record = ServiceToken.objects.get()
    assert record.key_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert record.prefix == plain[:8]
    assert AccessLogEntry.objects.filter(event="token.issued", object_id=str(record.pk)).exists()

    detail = page_text(admin_client.get(reverse("core:user_detail", args=[service_membership.user.pk])))
    assert plain not in detail
    assert f"{record.prefix}…" in detail

    api = _me(client, plain)
    assert api.status_code == 200
    body = api.json()
    assert body["username"] == service_membership.user.username
    assert body["actingMembership"]["organisation"] == service_membership.organisation.name
    assert body["actingMembership"]["role"] == Role.PARTNER_LIAISON


def test_revoked_token_gets_401_problem(admin_client, service_membership, client):
    plain = _plain_token(_issue(admin_client, service_membership))
    record = ServiceToken.objects.get()

    response = admin_client.post(
        reverse("tokens:revoke", args=[service_membership.user.pk, record.pk]), follow=True)

    assert "is ingetrokken en werkt niet meer" in page_text(response)
    assert "Ingetrokken op" in page_text(response)
    assert AccessLogEntry.objects.filter(event="token.revoked").exists()
    api = _me(client, plain)
    assert api.status_code == 401
    assert api["Content-Type"] == "application/problem+json"
    assert api.json()["status"] == 401


def test_expired_token_gets_401(admin_client, service_membership, client):
    plain = _plain_token(_issue(admin_client, service_membership,
                                expires_on=(timezone.localdate() + timedelta(days=1)).isoformat()))
    assert _me(client, plain).status_code == 200

    ServiceToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    assert _me(client, plain).status_code == 401


def test_expiry_in_the_past_is_refused_and_input_kept(admin_client, service_membership):
    yesterday = (timezone.localdate() - timedelta(days=2)).isoformat()

    response = _issue(admin_client, service_membership, expires_on=yesterday)

    assert "De vervaldatum moet in de toekomst liggen." in field_error(response, "expires_on")
    assert not ServiceToken.objects.exists()
    assert 'value="Koppeling politiesysteem"' in page_text(response)
    assert f'value="{yesterday}"' in page_text(response)


def test_ending_the_membership_stops_its_tokens(admin_client, service_membership, client):
    plain = _plain_token(_issue(admin_client, service_membership))

    admin_client.post(reverse("core:membership_end",
                              args=[service_membership.user.pk, service_membership.pk]))

    assert _me(client, plain).status_code == 401


def test_only_service_accounts_get_tokens(functional_admin, vt):
    person = f.membership(Role.VT_INTAKE, vt)

    with pytest.raises(RuleViolation, match="Alleen een serviceaccount"):
        tokens.issue_token(Actor(user=functional_admin.user, membership=functional_admin), person,
                           name="x")
    assert not ServiceToken.objects.exists()
