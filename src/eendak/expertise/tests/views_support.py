"""Helpers for the tests of the Expertisecentrum's screens: URLs, the world around the centre (a
coordinator, an analyst, Veilig Thuis's intake, the functional administrator), what a user reads of
a page, and what the access log says."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.expertise.models import Session
from eendak.testing import factories as f


def url(name: str, *args, **kwargs) -> str:
    return reverse(f"expertise:{name}", args=args or None, kwargs=kwargs or None)


def text_of(response) -> str:
    """The page's visible text (tags dropped, whitespace folded)."""
    return visible(response.content.decode())


def visible(html: str) -> str:
    """The visible text of a piece of HTML."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def field_error(response, name: str) -> str:
    """The message shown at one field (by its id), or ''."""
    html = response.content.decode()
    marker = f'id="id_{name}_error">'
    if marker not in html:
        return ""
    return unescape(html.split(marker, 1)[1].split("<", 1)[0])


def row_of(response, marker: str) -> str:
    """The visible text of the table row that carries ``marker`` (a data attribute)."""
    html = response.content.decode()
    assert marker in html, marker
    return visible(html.split(marker, 1)[1].split("</tr>", 1)[0])


def value_of(response, name: str) -> str:
    """What an input field holds (by its id), as the browser would show it."""
    html = response.content.decode()
    match = re.search(rf'<input[^>]*id="id_{name}"[^>]*>', html)
    assert match, f"no input id_{name}"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return unescape(value.group(1)) if value else ""


def d(day) -> str:
    return day.strftime("%d-%m-%Y")


def moment(when) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def hold(session):
    """Move the session into the past, as if it was given."""
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(days=1, hours=6),
        ends_at=timezone.now() - timedelta(days=1))
    session.refresh_from_db()
    return session


def assert_refused(response, membership, permission: str | None = None) -> None:
    """The logged 404: not there, and the refusal in the access log (under the permission's name)."""
    assert response.status_code == 404
    entry = AccessLogEntry.objects.filter(user_id=membership.user_id).order_by("-id").first()
    assert entry is not None and entry.outcome == Outcome.DENIED, entry and (entry.event,
                                                                           entry.outcome)
    if permission:
        assert entry.event == permission, entry.event


def reads(membership, event: str):
    return AccessLogEntry.objects.filter(user_id=membership.user_id, event=event,
                                         outcome=Outcome.SUCCESS)


@pytest.fixture
def coordinator(tilburg_team):
    return f.membership(Role.CASE_COORDINATOR, tilburg_team)


@pytest.fixture
def other_team(region):
    return f.organisation(T.LOCAL_TEAM, "Dongen")


@pytest.fixture
def analyst(vt):
    return f.membership(Role.ANALYST, vt)
