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
    for name in ("assessed", "decided"):  # both received on the 10th: due Wednesday 17th
        refs[name] = report(at(10))
        url = f"{API}/reports/{_id(client, refs[name])}/"
        post_json(client, f"{url}assessment/", {
            "acuteUnsafety": False, "structuralUnsafety": False, "triage": "none",
            "rationale": "Geen onveiligheid."})
    post_json(client, f"{API}/reports/{_id(client, refs['decided'])}/decision/", {
        "kind": "end", "rationale": "Geen zorgen."})
    return client, refs


def _id(client, reference):
    return next(r["id"] for r in body(client.get(f"{API}/reports/"))["results"]
                if r["reference"] == reference)


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


def test_the_deadline_runs_until_the_decision(queue):
    """As on the screen: an assessed report still waits for its decision; a decided one is done."""
    client, refs = queue

    items = {r["reference"]: r for r in body(client.get(f"{API}/reports/"))["results"]}
    assessed, decided = items[refs["assessed"]], items[refs["decided"]]

    assert assessed["status"] == "assessed"
    assert (assessed["deadline"]["signal"], assessed["deadline"]["overdue"]) == ("overdue", True)
    assert assessed["deadline"]["label"] == "Te laat"
    assert decided["status"] == "closed"
    assert (decided["deadline"]["signal"], decided["deadline"]["pending"]) == ("done", False)
    assert decided["deadline"]["overdue"] is False and decided["deadline"]["workingDaysLeft"] is None


def test_filters(queue):
    client, refs = queue

    def refs_for(**params):
        return {r[0] for r in _signals(client, **params)}

    assert refs_for(overdue="true") == {refs["overdue"], refs["assessed"]}
    assert refs_for(overdue="false") == set(refs.values()) - {refs["overdue"], refs["assessed"]}
    assert refs_for(channel="phone") == {refs["today"]}
    assert refs_for(municipality=municipality_id("Dongen")) == {refs["after_christmas"]}
    assert refs_for(status="assessed") == {refs["assessed"]}


def test_pages_of_the_queue(queue):
    client, refs = queue

    everything = [r["reference"] for r in body(client.get(f"{API}/reports/"))["results"]]
    first = body(client.get(f"{API}/reports/", {"pageSize": 4}))
    second = body(client.get(f"{API}/reports/", {"pageSize": 4, "page": 2}))

    assert first["count"] == 6 and first["next"] and second["next"] is None
    assert [r["reference"] for r in first["results"] + second["results"]] == everything
    assert everything[-1] == refs["after_christmas"]


def test_an_unknown_filter_value_is_a_problem(queue):
    client, _ = queue

    response = client.get(f"{API}/reports/", {"status": "zoek"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert [p["name"] for p in body(response)["invalidParams"]] == ["status"]
