"""The team's work queues over the API: for the Veiligheidsteam alone, the same read model as its
start page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.conferences import services
from eendak.conferences.models import MeasureKind

from .api_support import API, accepted, assert_read, assert_refused, ok, referred
from .conftest import actor_of

pytestmark = pytest.mark.django_db

WORK = f"{API}/safety-team-work/"


def test_the_team_reads_its_work_queues(login_as, team_case, team_member, liaison):
    case, persons, _vt = team_case
    referral = accepted(team_case, team_member)
    ban = services.record_measure(actor_of(liaison), case, kind=MeasureKind.HOUSE_BAN,
                                  starts_on=timezone.localdate() - timedelta(days=9))

    data = ok(login_as(team_member).get(WORK))

    assert data["triageOn"]
    assert [m["id"] for m in data["measuresEnding"]] == [ban.pk]
    assert [r["id"] for r in data["withoutConference"]] == [referral.pk]
    assert data["waiting"] == [] and data["conferences"] == []
    assert_read(team_member, "conferences.work", persons)


def test_families_waiting_for_the_triage_are_in_the_queue(login_as, team_case, team_member):
    referral = referred(team_case)

    data = ok(login_as(team_member).get(WORK))

    assert [r["id"] for r in data["waiting"]] == [referral.pk]


def test_the_queues_are_the_teams_alone(login_as, team_case, liaison):
    referred(team_case)

    assert_refused(login_as(liaison).get(WORK), liaison, "conferences.view_work")
