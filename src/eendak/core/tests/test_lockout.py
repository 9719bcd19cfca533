"""Lock-out after repeated wrong passwords (django-axes), and the administrator lifting it."""

import pytest
from django.conf import settings
from django.urls import reverse

from eendak.audit.models import AccessLogEntry
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import page_text, password_login

pytestmark = pytest.mark.django_db

LOCKED = "Account tijdelijk geblokkeerd"


def _fail_until_locked(client, username):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_login(client, username, "Fout-wachtwoord-123")


def test_after_five_failures_even_the_right_password_gets_the_lockout_page(client, vt):
    user = f.membership(Role.VT_INTAKE, vt).user

    _fail_until_locked(client, user.username)
    response = password_login(client, user.username)

    assert LOCKED in page_text(response)
    assert "vraag de functioneel beheerder om de blokkade op te heffen" in page_text(response)
    assert response.status_code != 302  # not on to the second factor
    assert "_auth_user_id" not in client.session
    entry = AccessLogEntry.objects.filter(event="auth.locked_out").first()
    assert entry is not None and entry.detail == user.username and entry.outcome == "denied"


def test_four_failures_do_not_lock(client, vt):
    user = f.membership(Role.VT_INTAKE, vt).user

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        password_login(client, user.username, "Fout-wachtwoord-123")
    response = password_login(client, user.username)

    assert response.status_code == 302
    assert response.url.startswith(reverse("core:second_factor"))


def test_administrator_unlocks_the_account(client, vt, admin_client):
    user = f.membership(Role.VT_INTAKE, vt).user
    _fail_until_locked(client, user.username)
    detail_url = reverse("core:user_detail", args=[user.pk])
    assert "Geblokkeerd na mislukte inlogpogingen" in page_text(admin_client.get(detail_url))

    response = admin_client.post(reverse("core:user_unlock", args=[user.pk]), follow=True)

    assert "De blokkade is opgeheven" in page_text(response)
    assert "Geblokkeerd na mislukte inlogpogingen" not in page_text(response)
    assert AccessLogEntry.objects.filter(event="user.unlocked", object_id=str(user.pk)).exists()
    login = password_login(client, user.username)
    assert login.status_code == 302
    assert login.url.startswith(reverse("core:second_factor"))
