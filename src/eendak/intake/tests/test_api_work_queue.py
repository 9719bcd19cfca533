"""GET /reports/: the work queue, ordered by the safety-assessment deadline, with the signals an
intake officer acts on — overdue, due today, working days left — across a weekend and Christmas."""

from datetime import datetime

import pytest
from django.utils import timezone

from eendak.core.roles import Role
from eendak.testing import factories as f

from .api_helpers import API, body, municipality_id, police_report, post_json, token_client

pytestmark = pytest.mark.django_db

# Wednesday 24 December 2025, 10:00 in Amsterdam. Thursday 25 and Friday 26 are Christmas.
NOW = timezone.make_aware(datetime(2025, 12, 24, 10, 0))


def at(day, hour=10, month=12):
    return timezone.make_aware(datetime(2025, month, day, hour, 0)).isoformat()


@pytest.fixture
def queue(monkeypatch, vt):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    client = token_client(f.membership(Role.VT_INTAKE, vt))

    def report(received, **extra):
        response = post_json(client, f"{API}/reports/", police_report(
            receivedAt=received, involved=[], **extra))
        assert response.status_code == 201, response.content
        return body(response)["reference"]

    refs = {
        "overdue": report(at(15)),                       # due Monday 22nd
        "today": report(at(17), channel="phone"),        # due today, 23:59
        "after_christmas": report(at(19), municipality=municipality_id("Dongen")),  # due Tue 30th
        "acute": report(at(23, hour=12), isAcute=True),  # due today, 12:00
    }
    done = report(at(10))
    done_id = next(r["id"] for r in body(client.get(f"{API}/reports/"))["results"]
                   if r["reference"] == done)
    post_json(client, f"{API}/reports/{done_id}/assessment/", {
        "acuteUnsafety": False, "structuralUnsafety": False, "triage": "none",
        "rationale": "Geen onveiligheid."})
    refs["assessed"] = done
    return client, refs


def _signals(client, **params):
    results = body(client.get(f"{API}/reports/", params))["results"]
    return [(r["reference"], r["deadline"]["overdue"], r["deadline"]["dueToday"],
             r["deadline"]["workingDaysLeft"]) for r in results]


def test_waiting_reports_in_deadline_order_with_their_signals(queue):
    client, refs = queue

    assert _signals(client, status="received") == [
        (refs["overdue"], True, False, -2),
        (refs["acute"], False, True, 0),
        (refs["today"], False, True, 0),
        (refs["after_christmas"], False, False, 2),  # Monday 29 and Tuesday 30 count, not the 25th/26th
    ]


def test_an_assessed_report_has_no_running_deadline(queue):
    client, refs = queue

    [item] = [r for r in body(client.get(f"{API}/reports/"))["results"]
              if r["reference"] == refs["assessed"]]

    assert item["status"] == "assessed"
    assert item["deadline"]["pending"] is False and item["deadline"]["overdue"] is False
    assert item["deadline"]["workingDaysLeft"] is None


def test_filters(queue):
    client, refs = queue

    def refs_for(**params):
        return {r[0] for r in _signals(client, **params)}

    assert refs_for(overdue="true") == {refs["overdue"]}
    assert refs_for(overdue="false") == set(refs.values()) - {refs["overdue"]}
    assert refs_for(channel="phone") == {refs["today"]}
    assert refs_for(municipality=municipality_id("Dongen")) == {refs["after_christmas"]}
    assert refs_for(status="assessed") == {refs["assessed"]}


def test_pages_of_the_queue(queue):
    client, refs = queue

    first = body(client.get(f"{API}/reports/", {"pageSize": 2}))
    second = body(client.get(f"{API}/reports/", {"pageSize": 2, "page": 2}))

    assert first["count"] == 5 and len(first["results"]) == 2 and first["next"]
    assert first["results"][0]["reference"] == refs["assessed"]  # its due date was earliest
    assert [r["reference"] for r in second["results"]] == [refs["acute"], refs["today"]]


def test_an_unknown_filter_value_is_a_problem(queue):
    client, _ = queue

    response = client.get(f"{API}/reports/", {"status": "zoek"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert [p["name"] for p in body(response)["invalid_params"]] == ["status"]
