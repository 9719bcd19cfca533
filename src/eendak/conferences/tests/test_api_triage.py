"""The week's triage over the API: for the team and the triage partners, per week."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.conferences import workflow
from eendak.conferences.models import Referral

from .api_support import (
    API,
    assert_problem,
    assert_read,
    assert_refused,
    invalid_names,
    ok,
    other_local_team_worker,
    referred,
)


@pytest.fixture(autouse=True)
def _deadline_at_the_end_of_the_triage_day(settings):
    """These tests refer a family now and look at this week's triage: with the deadline at the end
    of the triage day, "now" always goes to the triage the page shows, whatever the hour of the run
    (with the region's deadline, Monday noon, a run on Monday afternoon refers to next week's)."""
    settings.EENDAK_SAFETY_TEAM_TRIAGE_DEADLINE_DAYS = -1
    settings.EENDAK_SAFETY_TEAM_TRIAGE_DEADLINE_HOUR = 0

pytestmark = pytest.mark.django_db

TRIAGE = f"{API}/triage/"


def test_the_team_reads_the_triage_of_a_week(login_as, team_case, team_member):
    _case, persons, _vt = team_case
    referral = referred(team_case)

    data = ok(login_as(team_member).get(TRIAGE, {"week": referral.triage_on.isoformat()}))

    assert data["triageOn"] == referral.triage_on.isoformat()
    assert data["deadline"]
    [entry] = data["results"]
    assert entry["id"] == referral.pk and entry["reason"] and "history" in entry
    assert_read(team_member, "conferences.triage_list", persons)


def test_any_day_of_the_week_finds_its_triage_day(login_as, team_case, team_member):
    referral = referred(team_case)
    monday = referral.triage_on - timedelta(days=referral.triage_on.weekday())

    data = ok(login_as(team_member).get(TRIAGE, {"week": monday.isoformat()}))

    assert data["triageOn"] == referral.triage_on.isoformat()


def test_a_family_not_decided_on_stays_on_later_weeks(login_as, team_case, team_member):
    referral = referred(team_case)
    Referral.objects.filter(pk=referral.pk).update(triage_on=referral.triage_on - timedelta(days=14))
    client = login_as(team_member)

    later = ok(client.get(TRIAGE, {"week": referral.triage_on.isoformat()}))
    earlier = ok(client.get(TRIAGE, {"week": (referral.triage_on - timedelta(days=21)).isoformat()}))

    assert [r["id"] for r in later["results"]] == [referral.pk]
    assert earlier["results"] == []


def test_without_a_week_the_triage_a_referral_of_now_goes_to(login_as, team_member):
    data = ok(login_as(team_member).get(TRIAGE))
    assert data["triageOn"] == workflow.triage_date_for(timezone.now()).isoformat()


def test_a_triage_partner_reads_it(login_as, team_case, liaison):
    referral = referred(team_case)

    data = ok(login_as(liaison).get(TRIAGE, {"week": referral.triage_on.isoformat()}))

    assert [r["id"] for r in data["results"]] == [referral.pk]


def test_who_is_not_at_the_triage_gets_a_logged_404(login_as, team_case):
    referred(team_case)
    outsider = other_local_team_worker()

    assert_refused(login_as(outsider).get(TRIAGE), outsider, "conferences.view_triage")


def test_a_week_that_is_no_date_is_a_400(login_as, team_member):
    response = login_as(team_member).get(TRIAGE, {"week": "volgende week"})

    assert_problem(response, 400)
    assert invalid_names(response) == {"week"}
