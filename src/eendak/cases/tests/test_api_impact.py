"""Impact monitoring over /api/v1/: a case's measurements (read, logged; recorded by whoever records
the monitoring moments, bad input at its camelCase field with nothing stored) and the impact per
cohort for the analyst (published figures only)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.cases.models import ImpactMeasurement, JournalEntry
from eendak.core.models import Organisation
from eendak.core.roles import Role
from eendak.testing import factories as f

from .api_support import API, assert_problem, body, case_url, invalid_names, post_json, token_client
from .test_impact_outcomes import household

pytestmark = pytest.mark.django_db


def _members(case):
    members = {m.role: m.person for m in case.household.members.select_related("person")}
    return members["parent"], members["partner"], members["child"]


def _body(case, **changes):
    parent, partner, child = _members(case)
    data = {"moment": "t0", "measuredOn": timezone.localdate().isoformat(), "incidents": 12,
            "severity": "serious", "newReports": 0, "professionalSafety": 4,
            "experiencedSafety": [{"person": parent.pk, "score": 5},
                                  {"person": partner.pk, "notAsked": "unsafe"}],
            "childHelp": [{"child": child.pk, "helpStarted": True,
                           "startedOn": timezone.localdate().isoformat()}]}
    data.update(changes)
    return data


def test_record_and_read_the_measurements(open_case, vt_actor):
    client = token_client(vt_actor.membership)
    created = post_json(client, case_url(open_case, "impact-measurements/"), _body(open_case))
    assert created.status_code == 201, created.content
    data = body(created)
    assert (data["moment"], data["incidents"], data["professionalSafety"]) == ("t0", 12, 4)
    assert [row["score"] for row in data["experiencedSafety"]] in ([5, None], [None, 5])
    assert data["childHelp"][0]["helpStarted"] is True
    read = client.get(case_url(open_case, "impact-measurements/"))
    assert read.status_code == 200
    overview = body(read)
    assert [d["moment"] for d in overview["schedule"]] == ["t0", "t12", "t18"]
    assert overview["schedule"][0]["status"] == "measured"
    assert len(overview["measurements"]) == 1
    entry = AccessLogEntry.objects.filter(event="case.impact_read").get()
    assert entry.outcome == Outcome.SUCCESS and entry.subjects.count() == 3
    assert AccessLogEntry.objects.filter(event="case.impact_recorded").count() == 1


@pytest.mark.parametrize("change, field", [
    ({"incidents": -1}, "incidents"),
    ({"professionalSafety": 11}, "professionalSafety"),
    ({"measuredOn": (date.today() + timedelta(days=5)).isoformat()}, "measuredOn"),
    ({"moment": "t12"}, "measuredOn"),
    ({"severity": "none"}, "severity"),
    ({"monitoringMoment": 999999}, "monitoringMoment"),
    ("stranger", "experiencedSafety.1.person"),
    ("score 0", "experiencedSafety.0.score"),
    ("help for a parent", "childHelp.0.child"),
])
def test_bad_input_is_a_400_at_its_field_and_nothing_is_stored(open_case, vt_actor, change, field):
    parent, partner, child = _members(open_case)
    if change == "stranger":
        stranger = f.person_in(f.HouseholdFactory(), "parent")
        change = {"experiencedSafety": [{"person": parent.pk, "score": 5},
                                        {"person": stranger.pk, "score": 5}]}
    elif change == "score 0":
        change = {"experiencedSafety": [{"person": parent.pk, "score": 0}]}
    elif change == "help for a parent":
        change = {"childHelp": [{"child": parent.pk, "helpStarted": True}]}
    client = token_client(vt_actor.membership)
    journal = JournalEntry.objects.count()
    response = post_json(client, case_url(open_case, "impact-measurements/"),
                         _body(open_case, **change))
    assert_problem(response, 400)
    assert field in invalid_names(response)
    assert not ImpactMeasurement.objects.exists() and JournalEntry.objects.count() == journal
    refused = AccessLogEntry.objects.filter(event="case.change_refused").order_by("-id").first()
    assert refused is not None and refused.outcome == Outcome.FAILED


def test_need_to_know_for_the_measurements(open_case, vt_actor, team_actor, region):
    goirle = f.membership(Role.LOCAL_TEAM_WORKER, Organisation.objects.get(name="Lokaal team Goirle"))
    outsider = token_client(goirle)
    assert_problem(outsider.get(case_url(open_case, "impact-measurements/")), 404)
    assert_problem(post_json(outsider, case_url(open_case, "impact-measurements/"),
                             _body(open_case)), 404)
    entries = list(AccessLogEntry.objects.filter(user_id=goirle.user_id).values_list("outcome",
                                                                                      flat=True))
    assert len(entries) == 2 and Outcome.SUCCESS not in entries
    # The local team takes part: it reads, but does not record (that is Veilig Thuis's).
    team = token_client(team_actor.membership)
    assert team.get(case_url(open_case, "impact-measurements/")).status_code == 200
    assert_problem(post_json(team, case_url(open_case, "impact-measurements/"), _body(open_case)),
                   404)
    entry = AccessLogEntry.objects.filter(user_id=team_actor.user.pk).order_by("-id").first()
    assert (entry.event, entry.outcome) == ("cases.record_impact", Outcome.DENIED)
    assert not ImpactMeasurement.objects.exists()


def test_the_impact_per_cohort_for_the_analyst(vt):
    user = f.membership(Role.VT_MONITOR, vt).user
    for n in range(5):
        household(vt, user, date(2024, 2, 1), t0=30, t12=0 if n < 4 else 30, stable_after=60)
    analyst = token_client(f.membership(Role.ANALYST, vt))
    response = analyst.get(f"{API}/impact-outcomes/")
    assert response.status_code == 200, response.content
    data = body(response)
    (cohort,) = data["cohorts"]
    assert (cohort["cohort"], cohort["households"], cohort["violenceStopped"]) == ("2024-1", "5",
                                                                                   "80%")
    assert data["total"]["households"] == "5"
    assert body(analyst.get(f"{API}/impact-outcomes/?per=year"))["cohorts"][0]["cohort"] == "2024"
    assert_problem(analyst.get(f"{API}/impact-outcomes/?per=week"), 400)
    monitor = token_client(f.membership(Role.VT_MONITOR, vt))
    assert_problem(monitor.get(f"{API}/impact-outcomes/"), 404)
