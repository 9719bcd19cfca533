"""Signing in: password, then the second factor (enrolling an authenticator app the first time)."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from eendak.audit.models import AccessLogEntry
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import page_text, password_login, totp_code

pytestmark = pytest.mark.django_db


def test_password_then_enrolment_lands_on_my_work(client, vt):
    user = f.membership(Role.VT_INTAKE, vt).user

    response = password_login(client, user.username)
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:second_factor"))

    enrolment = client.get(reverse("core:second_factor"))
    assert "Authenticator-app koppelen" in page_text(enrolment)
    assert 'src="data:image/svg+xml' in page_text(enrolment)  # the QR code, served inline

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("core:second_factor"), {"token": totp_code(device)}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("core:home")
    assert "Mijn werk" in page_text(response)
    assert "Intakemedewerker Veilig Thuis" in page_text(response)
    device.refresh_from_db()
    assert device.confirmed
    assert AccessLogEntry.objects.filter(event="auth.second_factor", outcome="success",
                                         username=user.username, detail="enrolled").exists()


def test_wrong_password_gives_dutch_message_and_is_logged(client, vt):
    user = f.membership(Role.VT_INTAKE, vt).user

    response = password_login(client, user.username, "Verkeerd-wachtwoord-1")

    assert response.status_code == 200
    assert "De combinatie van gebruikersnaam en wachtwoord klopt niet" in page_text(response)
    # What was typed stays; the password does not.
    assert f'value="{user.username}"' in page_text(response)
    assert "Verkeerd-wachtwoord-1" not in page_text(response)
    entry = AccessLogEntry.objects.get(event="auth.login_failed")
    assert entry.detail == user.username
    assert entry.outcome == "failed"
    assert entry.ip_address == "127.0.0.1"
    # Still signed out.
    assert client.get(reverse("core:home")).url.startswith(reverse("core:login"))


def test_wrong_totp_code_is_refused_in_dutch(client, vt):
    user = f.membership(Role.VT_INTAKE, vt).user
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    password_login(client, user.username)
    valid_now = {totp_code(device, offset_steps=step) for step in (-1, 0, 1)}
    wrong = next(code for code in ("123456", "654321", "111111") if code not in valid_now)

    response = client.post(reverse("core:second_factor"), {"token": wrong})

    assert response.status_code == 200
    assert "Deze code klopt niet of is verlopen" in page_text(response)
    assert AccessLogEntry.objects.filter(event="auth.second_factor", outcome="failed",
                                         username=user.username).exists()
    # Not past the second factor: Mijn werk still sends the user back to it.
    assert reverse("core:second_factor") in client.get(reverse("core:home")).url


def test_code_of_letters_is_refused_without_checking(client, vt):
    user = f.membership(Role.VT_INTAKE, vt).user
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    password_login(client, user.username)

    response = client.post(reverse("core:second_factor"), {"token": "abc"})

    assert "De code bestaat uit zes cijfers." in page_text(response)


def test_a_visitor_who_came_to_report_finds_the_public_form_from_the_login_page(client):
    html = client.get(reverse("core:login")).content.decode()

    assert f'href="{reverse("public:home")}"' in html
    assert "melden en advies vragen bij Veilig Thuis" in html
