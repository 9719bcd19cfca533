"""Failed logins slow down the one who fails, not the colleague they name.

Failures count per user name *and* address together: after ``EENDAK_LOCKOUT_FAILURES`` of them
that pair waits, twice as long after every further failure (up to ``EENDAK_LOCKOUT_MINUTES``).
Anyone else — the owner at another address above all — logs in with the right password and
second factor as always. A user name (or an address) with ``EENDAK_LOCKOUT_CEILING`` failures from
everywhere gives each new pair one try before the wait, never none.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from eendak.audit.models import AccessLogEntry
from eendak.core import throttle
from eendak.core.models import LoginFailure
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import page_text, password_login, totp_code

pytestmark = pytest.mark.django_db

WAIT = "Probeer het over"
STRANGER, OWNER = "192.0.2.66", "198.51.100.7"


def _fail(client, username, times=None, address=STRANGER):
    for _ in range(settings.EENDAK_LOCKOUT_FAILURES if times is None else times):
        password_login(client, username, "Fout-wachtwoord-123", REMOTE_ADDR=address)


def _age_failures(seconds):
    """As if the last failures happened ``seconds`` earlier."""
    for failure in LoginFailure.objects.all():
        LoginFailure.objects.filter(pk=failure.pk).update(at=failure.at - timedelta(seconds=seconds))


def test_after_five_failures_even_the_right_password_waits_at_that_address(client, vt):
    user = f.membership(Role.VT_INTAKE, vt).user

    _fail(client, user.username)
    response = password_login(client, user.username, REMOTE_ADDR=STRANGER)

    assert response.status_code == 200  # not on to the second factor
    assert WAIT in page_text(response)
    assert "_auth_user_id" not in client.session
    entry = AccessLogEntry.objects.filter(event="auth.locked_out").first()
    assert entry is not None and entry.detail == user.username and entry.outcome == "denied"
    assert entry.ip_address == STRANGER


def test_strangers_failures_never_refuse_the_owner_at_another_address(client, vt):
    user = f.membership(Role.VT_INTAKE, vt).user
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)

    _fail(client, user.username, times=3 * settings.EENDAK_LOCKOUT_FAILURES)
    response = password_login(client, user.username, REMOTE_ADDR=OWNER)

    assert response.status_code == 302
    assert response.url.startswith(reverse("core:second_factor"))
    verified = client.post(reverse("core:second_factor"), {"token": totp_code(device)},
                           REMOTE_ADDR=OWNER)
    assert verified.status_code == 302
    assert client.get(reverse("core:home"), REMOTE_ADDR=OWNER).status_code == 200


def test_four_failures_do_not_slow_down(client, vt):
    user = f.membership(Role.VT_INTAKE, vt).user

    _fail(client, user.username, times=settings.EENDAK_LOCKOUT_FAILURES - 1)
    response = password_login(client, user.username, REMOTE_ADDR=STRANGER)

    assert response.status_code == 302
    assert response.url.startswith(reverse("core:second_factor"))


def test_the_wait_doubles_with_every_further_failure_up_to_the_longest(client, vt, settings):
    username = f.membership(Role.VT_INTAKE, vt).user.username
    _fail(client, username)
    first = throttle.wait_seconds(username, STRANGER)
    assert 0 < first <= throttle.FIRST_DELAY_SECONDS

    _age_failures(first + 1)
    assert throttle.wait_seconds(username, STRANGER) == 0
    _fail(client, username, times=1)
    assert throttle.FIRST_DELAY_SECONDS < throttle.wait_seconds(username, STRANGER) <= 2 * throttle.FIRST_DELAY_SECONDS

    for _ in range(20):
        _age_failures(settings.EENDAK_LOCKOUT_MINUTES * 60 + 1)
        _fail(client, username, times=1)
    assert throttle.wait_seconds(username, STRANGER) <= settings.EENDAK_LOCKOUT_MINUTES * 60


def test_a_refused_attempt_is_not_checked_and_not_counted(client, vt):
    username = f.membership(Role.VT_INTAKE, vt).user.username
    _fail(client, username)
    failures = LoginFailure.objects.count()

    password_login(client, username, "Nog-een-gok-1234", REMOTE_ADDR=STRANGER)

    assert LoginFailure.objects.count() == failures
    assert not AccessLogEntry.objects.filter(event="auth.login_failed").count() > failures


def test_above_the_ceiling_a_new_address_gets_one_try_not_none(client, vt, settings):
    settings.EENDAK_LOCKOUT_CEILING = 12
    user = f.membership(Role.VT_INTAKE, vt).user
    for number in range(4):
        _fail(client, user.username, times=3, address=f"203.0.113.{number}")

    # The owner's first try from a new address goes through ...
    assert password_login(client, user.username, REMOTE_ADDR=OWNER).status_code == 302
    # ... but a new address that fails once now waits at once.
    password_login(client, user.username, "Fout-wachtwoord-123", REMOTE_ADDR="203.0.113.99")
    assert throttle.wait_seconds(user.username, "203.0.113.99") > 0


def test_success_clears_only_that_address(client, vt):
    analyst = f.membership(Role.ANALYST, vt).user  # no second factor: the password is the login
    _fail(client, analyst.username, times=2, address=OWNER)
    _fail(client, analyst.username, times=2)

    assert password_login(client, analyst.username, REMOTE_ADDR=OWNER).status_code == 302

    assert not LoginFailure.objects.filter(address=OWNER).exists()
    assert LoginFailure.objects.filter(address=STRANGER).count() == 2


def test_administrator_lifts_the_wait(client, vt, admin_client):
    user = f.membership(Role.VT_INTAKE, vt).user
    _fail(client, user.username)
    detail_url = reverse("core:user_detail", args=[user.pk])
    assert "Geblokkeerd na mislukte inlogpogingen" in page_text(admin_client.get(detail_url))

    response = admin_client.post(reverse("core:user_unlock", args=[user.pk]), follow=True)

    assert "De blokkade is opgeheven" in page_text(response)
    assert "Geblokkeerd na mislukte inlogpogingen" not in page_text(response)
    assert AccessLogEntry.objects.filter(event="user.unlocked", object_id=str(user.pk)).exists()
    login = password_login(client, user.username, REMOTE_ADDR=STRANGER)
    assert login.status_code == 302
    assert login.url.startswith(reverse("core:second_factor"))
