"""Logout, deactivation and ending the acting role end ALL of a user's sessions, on every device."""

import pytest
from django.urls import reverse

from eendak.audit.models import AccessLogEntry

from .conftest import page_text

pytestmark = pytest.mark.django_db


def _signed_in(client) -> bool:
    response = client.get(reverse("core:home"))
    if response.status_code == 200:
        return True
    assert response.url.startswith(reverse("core:login"))
    return False


def test_logout_on_one_device_ends_the_other(intake, login_as):
    laptop, phone = login_as(intake), login_as(intake)
    assert _signed_in(laptop) and _signed_in(phone)

    response = laptop.post(reverse("core:logout"), follow=True)

    assert "U bent uitgelogd op al uw apparaten." in page_text(response)
    assert not _signed_in(laptop)
    assert not _signed_in(phone)
    assert AccessLogEntry.objects.filter(event="auth.logout", username=intake.user.username).exists()


def test_deactivation_ends_every_session(intake, login_as, admin_client):
    laptop, phone = login_as(intake), login_as(intake)

    admin_client.post(reverse("core:user_set_active", args=[intake.user.pk]), {"active": "0"})

    assert not _signed_in(laptop)
    assert not _signed_in(phone)


def test_ending_the_acting_membership_ends_the_session(intake, login_as, admin_client):
    client = login_as(intake)
    assert _signed_in(client)

    admin_client.post(reverse("core:membership_end", args=[intake.user.pk, intake.pk]))

    assert not _signed_in(client)


def test_logout_needs_post(intake, login_as):
    client = login_as(intake)

    assert client.get(reverse("core:logout")).status_code == 405
    assert _signed_in(client)
