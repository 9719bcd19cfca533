"""A session without activity for longer than the idle timeout ends, with a Dutch explanation."""

import time

import pytest
from django.conf import settings
from django.urls import reverse

from eendak.audit.models import AccessLogEntry
from eendak.core.middleware import SESSION_LAST_ACTIVITY

from .conftest import page_text

pytestmark = pytest.mark.django_db


def _idle_for(client, seconds):
    session = client.session
    session[SESSION_LAST_ACTIVITY] = time.time() - seconds
    session.save()


def test_idle_session_is_logged_out_with_dutch_message(intake, login_as):
    client = login_as(intake)
    assert client.get(reverse("core:home")).status_code == 200

    _idle_for(client, settings.EENDAK_IDLE_TIMEOUT_SECONDS + 60)
    response = client.get(reverse("core:home"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("core:login"))
    minutes = settings.EENDAK_IDLE_TIMEOUT_SECONDS // 60
    assert (f"Uw sessie is verlopen omdat u {minutes} minuten niets heeft gedaan. Log opnieuw in."
            in page_text(response))
    assert AccessLogEntry.objects.filter(event="auth.session_expired",
                                         username=intake.user.username).exists()
    # Gone for good: the next request is not let in either.
    assert client.get(reverse("core:home")).url.startswith(reverse("core:login"))


def test_activity_within_the_timeout_keeps_the_session(intake, login_as):
    client = login_as(intake)

    _idle_for(client, settings.EENDAK_IDLE_TIMEOUT_SECONDS - 60)

    assert client.get(reverse("core:home")).status_code == 200
    assert not AccessLogEntry.objects.filter(event="auth.session_expired").exists()
