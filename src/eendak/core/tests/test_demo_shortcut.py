"""The documented demo shortcut for the second factor: demo accounts only, and never when switched off."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import page_text, password_login, totp_code

pytestmark = pytest.mark.django_db

DEMO_CODE = "000000"


def _user_with_device(vt, *, demo: bool):
    user = f.membership(Role.VT_INTAKE, vt, f.UserFactory(is_demo_account=demo)).user
    while True:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        # Make sure 000000 is not, by chance, the real code right now.
        if DEMO_CODE not in {totp_code(device, offset_steps=s) for s in (-1, 0, 1)}:
            return user
        device.delete()


@override_settings(EENDAK_DEMO_OTP_CODE=DEMO_CODE)
def test_demo_account_may_use_the_demo_code(client, vt):
    user = _user_with_device(vt, demo=True)
    password_login(client, user.username)
    assert "de code 000000 werkt ook" in page_text(client.get(reverse("core:second_factor")))

    response = client.post(reverse("core:second_factor"), {"token": DEMO_CODE}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("core:home")
    assert "Mijn werk" in page_text(response)


@override_settings(EENDAK_DEMO_OTP_CODE=DEMO_CODE)
def test_ordinary_account_may_not(client, vt):
    user = _user_with_device(vt, demo=False)
    password_login(client, user.username)
    assert "000000" not in page_text(client.get(reverse("core:second_factor")))

    response = client.post(reverse("core:second_factor"), {"token": DEMO_CODE})

    assert "Deze code klopt niet of is verlopen" in page_text(response)
    assert reverse("core:second_factor") in client.get(reverse("core:home")).url


@override_settings(EENDAK_DEMO_OTP_CODE="")
def test_switched_off_shortcut_refuses_even_demo_accounts(client, vt):
    user = _user_with_device(vt, demo=True)
    password_login(client, user.username)
    assert "000000" not in page_text(client.get(reverse("core:second_factor")))

    response = client.post(reverse("core:second_factor"), {"token": DEMO_CODE})

    assert "Deze code klopt niet of is verlopen" in page_text(response)
    assert reverse("core:second_factor") in client.get(reverse("core:home")).url


@override_settings(EENDAK_DEMO_OTP_CODE=DEMO_CODE, IS_PRODUCTION=True)
def test_never_in_production_settings(client, vt):
    user = _user_with_device(vt, demo=True)
    password_login(client, user.username)

    response = client.post(reverse("core:second_factor"), {"token": DEMO_CODE})

    assert "Deze code klopt niet of is verlopen" in page_text(response)


@override_settings(EENDAK_DEMO_OTP_CODE=DEMO_CODE)
def test_shortcut_does_not_replace_enrolment(client, vt):
    user = f.membership(Role.VT_INTAKE, vt, f.UserFactory(is_demo_account=True)).user
    password_login(client, user.username)
    client.get(reverse("core:second_factor"))  # shows the QR code for a new device
    device = TOTPDevice.objects.get(user=user)
    if DEMO_CODE in {totp_code(device, offset_steps=s) for s in (-1, 0, 1)}:
        pytest.skip("the real code happens to be 000000 right now")

    response = client.post(reverse("core:second_factor"), {"token": DEMO_CODE})

    assert "Deze code klopt niet of is verlopen" in page_text(response)
    device.refresh_from_db()
    assert not device.confirmed
