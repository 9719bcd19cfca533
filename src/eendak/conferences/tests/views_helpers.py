"""Helpers for the tests of the Veiligheidsteam's screens: URLs, the chain up to a household on an
agenda built through the services (the screens' own tests drive the screens), and what a user reads
of a page or sees refused in the access log."""

import re
from dataclasses import dataclass
from datetime import timedelta
from html import unescape

from django.urls import reverse
from django.utils import timezone

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.cases import services as cases
from eendak.cases.models import Handover, HandoverStatus
from eendak.conferences import services
from eendak.conferences.workflow import TriageOutcome

from .conftest import actor_of


def url(name: str, **kwargs) -> str:
    return reverse(f"conferences:{name}", kwargs=kwargs)


def text_of(response) -> str:
    """The page's visible text (tags dropped, whitespace folded)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def field_error(response, name: str) -> str:
    """The message shown at one field (by its id), or ''."""
    html = response.content.decode()
    marker = f'id="id_{name}_error">'
    if marker not in html:
        return ""
    return unescape(html.split(marker, 1)[1].split("<", 1)[0])


def d(day) -> str:
    return day.strftime("%d-%m-%Y")


def assert_refused(response, membership, permission: str) -> None:
    """The logged 404: the page is not there, and the refusal is in the access log under the name of
    the permission that said no."""
    assert response.status_code == 404
    entry = (AccessLogEntry.objects.filter(user_id=membership.user_id).order_by("-id").first())
    assert entry is not None and (entry.event, entry.outcome) == (permission, Outcome.DENIED), (
        entry and (entry.event, entry.outcome))


def last_read(membership, event: str):
    """The latest successful access-log entry of ``membership``'s user for ``event``."""
    return (AccessLogEntry.objects.filter(user_id=membership.user_id, event=event,
                                          outcome=Outcome.SUCCESS).order_by("-id").first())


def refer(team_case, **extra):
    """Veilig Thuis refers the family (it is on the triage list)."""
    case, _persons, vt_membership = team_case
    return services.refer(actor_of(vt_membership), case,
                          reason=extra.pop("reason", "Derde huisverbod in twee jaar."),
                          goal=extra.pop("goal", "Escalatie stoppen: straf en zorg samen."),
                          escalation_signals=extra.pop("escalation_signals", ["weapon"]), **extra)


def accept(referral, team_member):
    """The triage accepts; the team takes over oversight of safety."""
    member = actor_of(team_member)
    services.decide_triage(member, referral, outcome=TriageOutcome.ACCEPT,
                           reason="Past bij het Veiligheidsteam.", coordinator=team_member.user)
    handover = Handover.objects.get(case=referral.case, status=HandoverStatus.OFFERED)
    cases.accept_handover(member, handover)
    referral.refresh_from_db()
    return referral


@dataclass
class OnAgenda:
    referral: object
    conference: object
    item: object


def on_agenda(team_case, team_member, consulting=(), *, days_ahead: int = 2) -> OnAgenda:
    """Referred, accepted, and on a planned conference's agenda with ``consulting`` invited."""
    referral = accept(refer(team_case), team_member)
    member = actor_of(team_member)
    conference = services.plan_conference(
        member, starts_at=timezone.now() + timedelta(days=days_ahead),
        place="Zorg- en Veiligheidshuis, Tilburg", chair=team_member.user)
    item = services.add_to_agenda(member, conference, referral,
                                  consulting_ids=[o.pk for o in consulting])
    return OnAgenda(referral, conference, item)


def hold(conference, team_member):
    type(conference).objects.filter(pk=conference.pk).update(
        starts_at=timezone.now() - timedelta(hours=1))
    conference.refresh_from_db()
    return services.hold_conference(actor_of(team_member), conference)
