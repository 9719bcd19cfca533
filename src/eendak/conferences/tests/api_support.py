"""Helpers for the Veiligheidsteam's API tests: the team's work built through its services (a family
referred, accepted, on a conference agenda), the state a refused request must leave unchanged, and
the checks of what the access log says. JSON and problem+json helpers are the API's one set
(``eendak.api.tests.support``)."""

from datetime import timedelta

from django.utils import timezone

from eendak.api.tests.support import assert_problem, body, invalid_names, post_json  # noqa: F401
from eendak.audit.models import AccessLogEntry, Outcome
from eendak.cases import services as cases
from eendak.cases.models import Handover, HandoverStatus, JournalEntry, Participation, PlanAction
from eendak.conferences import services
from eendak.conferences.models import (
    AgendaItem,
    Conference,
    ConferenceAction,
    ConferenceDecision,
    Contribution,
    Invitation,
    Measure,
    Notice,
    Referral,
    TriageDecision,
)
from eendak.conferences.workflow import TriageOutcome
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import actor_of

API = "/api/v1"
REFUSED_INPUT = "conferences.change_refused"


def ok(response, status: int = 200):
    assert response.status_code == status, response.content
    return body(response)


# --- The team's work, built through the services ------------------------------------------------------


def referred(team_case) -> Referral:
    """Veilig Thuis, taking part, refers the family: it waits for the triage."""
    case, _persons, vt_membership = team_case
    return services.refer(actor_of(vt_membership), case, reason="Derde huisverbod in twee jaar.",
                          goal="Escalatie stoppen.", escalation_signals=["weapon"])


def requested(team_case, liaison) -> Referral:
    """The police, taking part, ask Veilig Thuis to refer the family."""
    case, _persons, _vt = team_case
    return services.request_referral(actor_of(liaison), case, reason="Dreiging met een mes.",
                                     goal="Straf en zorg samen.")


def accepted(team_case, team_member, *, handover: bool = True) -> Referral:
    """Referred and accepted by the triage; with ``handover`` the team also accepted oversight of
    safety, so it is responsible for the case."""
    referral = referred(team_case)
    member = actor_of(team_member)
    services.decide_triage(member, referral, outcome=TriageOutcome.ACCEPT,
                           reason="Past bij het Veiligheidsteam.", coordinator=team_member.user)
    if handover:
        pending = Handover.objects.get(case=referral.case, status=HandoverStatus.OFFERED)
        cases.accept_handover(member, pending)
    referral.refresh_from_db()
    return referral


def on_agenda(team_member, referral, *, consulting=(), days: int = 2):
    """A conference ``days`` from now with the family on its agenda; ``consulting`` organisations
    invited for this family alone."""
    member = actor_of(team_member)
    conference = services.plan_conference(member, starts_at=timezone.now() + timedelta(days=days),
                                          place="Zorg- en Veiligheidshuis, Tilburg",
                                          chair=team_member.user)
    item = services.add_to_agenda(member, conference, referral,
                                  consulting_ids=[o.pk for o in consulting])
    return conference, item


def held(team_member, conference) -> Conference:
    Conference.objects.filter(pk=conference.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    return services.hold_conference(actor_of(team_member), conference)


def member_of(role, organisation):
    return f.membership(role, organisation)


def other_local_team_worker():
    from eendak.core.models import Organisation

    return f.membership(Role.LOCAL_TEAM_WORKER, Organisation.objects.get(name="Lokaal team Goirle"))


# --- What a refused request must leave unchanged --------------------------------------------------------


def state() -> tuple:
    """Every row the Veiligheidsteam's work can change (and what it changes in the case file);
    equal before and after = nothing changed."""

    def rows(model, *fields):
        return list(model.objects.order_by("pk").values_list("pk", *fields))

    return (
        rows(Referral, "status", "triage_on", "coordinator_id", "handed_back_at"),
        rows(TriageDecision), rows(Notice, "seen_at"), rows(Conference, "status", "starts_at"),
        rows(AgendaItem, "informed", "not_informed_reason"), rows(Invitation, "attended", "attendee"),
        rows(Contribution), rows(ConferenceDecision), rows(ConferenceAction),
        rows(Measure, "status", "ends_on", "ended_reason"), rows(PlanAction, "status"),
        rows(Handover, "status"), rows(Participation, "ended_at"), rows(JournalEntry),
    )


# --- What the access log says --------------------------------------------------------------------


def last_entry(member) -> AccessLogEntry:
    entry = AccessLogEntry.objects.filter(user_id=member.user_id).order_by("-id").first()
    assert entry is not None, f"nothing logged of {member.user}"
    return entry


def assert_refused(response, member, permission: str, before=None) -> AccessLogEntry:
    """The 404 of something that is not there, nothing changed, and the refusal in the access log
    under the permission's name, naming no persons."""
    assert_problem(response, 404)
    if before is not None:
        assert state() == before
    entry = last_entry(member)
    assert (entry.event, entry.outcome) == (permission, Outcome.DENIED), (entry.event, entry.outcome)
    assert not entry.subjects.exists()
    return entry


def assert_bad_input(response, member, field: str, before) -> dict:
    """A 400 problem+json naming ``field``, with a Dutch reason; nothing changed; the attempt in the
    log as failed."""
    problem = assert_problem(response, 400)
    assert field in invalid_names(response), problem
    reason = next(p["reason"] for p in problem["invalidParams"] if p["name"] == field)
    assert reason and not reason.startswith("This "), reason
    assert state() == before
    entry = last_entry(member)
    assert (entry.event, entry.outcome) == (REFUSED_INPUT, Outcome.FAILED), (entry.event, entry.outcome)
    return problem


def assert_read(member, event: str, persons=None) -> AccessLogEntry:
    entry = last_entry(member)
    assert (entry.event, entry.outcome) == (event, Outcome.SUCCESS), (entry.event, entry.outcome)
    if persons is not None:
        assert set(entry.person_ids) == {p.pk for p in persons}
    return entry
