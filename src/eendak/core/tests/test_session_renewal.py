"""The session id is renewed at each step up in trust (ASVS 3.2.1): at password login and again when
the second factor is passed, so an id learnt or planted before a step does not carry its trust."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import password_login, totp_code

pytestmark = pytest.mark.django_db


def _session_key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _client_with(key: str) -> Client:
    other = Client()
    other.cookies[settings.SESSION_COOKIE_NAME] = key
    return other


def test_session_key_is_renewed_at_password_login_and_after_the_second_factor(client, vt):
    user = f.membership(Role.VT_INTAKE, vt).user
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    session = client.session  # an anonymous session, as a planted id would be
    session["planted"] = True
    session.save()
    anonymous_key = _session_key(client)

    assert password_login(client, user.username).status_code == 302
    password_key = _session_key(client)
    response = client.post(reverse("core:second_factor"), {"token": totp_code(device)})
    assert response.status_code == 302
    verified_key = _session_key(client)

    assert len({anonymous_key, password_key, verified_key}) == 3
    # The new key carries the login; the old ones carry nothing any more.
    assert client.get(reverse("core:home")).status_code == 200
    for old_key in (anonymous_key, password_key):
        answer = _client_with(old_key).get(reverse("core:home"))
        assert answer.status_code == 302
        assert answer.url.startswith(reverse("core:login"))
