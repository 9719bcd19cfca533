""""Mijn werk" shows what waits in the Veiligheidsteam's work: the week's triage for the team and
the triage partners, coming conferences for those invited, feedback to read."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.conferences import services
from eendak.conferences.workflow import TriageOutcome

from .conftest import actor_of


@pytest.fixture(autouse=True)
def _deadline_at_the_end_of_the_triage_day(settings):
    """These tests refer a family now and look at this week's triage: with the deadline at the end
    of the triage day, "now" always goes to the triage the page shows, whatever the hour of the run
    (with the region's deadline, Monday noon, a run on Monday afternoon refers to next week's)."""
    settings.EENDAK_SAFETY_TEAM_TRIAGE_DEADLINE_DAYS = -1
    settings.EENDAK_SAFETY_TEAM_TRIAGE_DEADLINE_HOUR = 0

pytestmark = pytest.mark.django_db


def _home(login_as, membership) -> str:
    return login_as(membership).get("/").content.decode()


def test_the_triage_partner_sees_the_weeks_families_and_its_feedback(team_case, liaison, login_as):
    case, _persons, vt_membership = team_case
    request = services.request_referral(actor_of(liaison), case, reason="Zorgen", goal="Stoppen")
    services.decide_on_request(actor_of(vt_membership), request, refer_it=True, reason="Past")
    page = _home(login_as, liaison)
    assert "1 gezin op de triage van" in page
    assert "1 terugkoppeling te lezen" in page


def test_a_consulting_partner_sees_the_conference_it_is_invited_to(team_case, liaison, team_member,
                                                                   ggz, ggz_contact, login_as):
    case, _persons, vt_membership = team_case
    member = actor_of(team_member)
    referral = services.refer(actor_of(vt_membership), case, reason="Zorgen", goal="Stoppen")
    services.decide_triage(member, referral, outcome=TriageOutcome.ACCEPT, reason="Past",
                           coordinator=team_member.user)
    assert "casusoverleg gepland" not in _home(login_as, ggz_contact)
    conference = services.plan_conference(member, starts_at=timezone.now() + timedelta(days=3),
                                          place="ZVH", chair=team_member.user)
    services.add_to_agenda(member, conference, referral, consulting_ids=[ggz.pk])
    page = _home(login_as, ggz_contact)
    assert "1 casusoverleg gepland" in page
    assert "gezinnen op de triage" not in page and "gezin op de triage" not in page
