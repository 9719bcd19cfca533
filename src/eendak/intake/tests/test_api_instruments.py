"""/instruments/: the registry of risk instruments (no client data), and recording one on a report —
scored only where the rules are public; a licensed instrument records its outcome only."""

import pytest

from eendak.audit.models import AccessLogEntry

from .api_helpers import API, assert_problem, body, police_report, post_json

pytestmark = pytest.mark.django_db


def test_the_registry_lists_each_instrument_with_its_items(login_as, intake):
    client = login_as(intake)
    before = AccessLogEntry.objects.count()

    response = client.get(f"{API}/instruments/")

    assert response.status_code == 200
    instruments = {i["code"]: i for i in body(response)}
    assert {"rihg", "dash", "arij"} <= set(instruments)
    rihg = instruments["rihg"]
    assert (rihg["name"], rihg["version"], rihg["publicScoring"]) == ("RiHG", "2.0", True)
    assert len(rihg["items"]) == 20
    assert rihg["items"][0] == {"code": "A1", "text": rihg["items"][0]["text"], "group": "A",
                                "colour": "rood"}
    assert instruments["arij"]["publicScoring"] is False and instruments["arij"]["items"] == []
    assert AccessLogEntry.objects.count() == before  # no personal data, so nothing to log


def test_a_licensed_instrument_records_its_outcome_without_a_score(login_as, intake):
    client = login_as(intake)
    report = body(post_json(client, f"{API}/reports/", police_report()))

    response = post_json(client, f"{API}/reports/{report['id']}/instruments/", {
        "instrument": "arij", "outcome": "Verhoogd risico volgens ARIJ-sessie."})

    assert response.status_code == 200, response.content
    [result] = body(response)["instrumentResults"]
    assert result["score"] is None
    assert result["outcome"] == "Verhoogd risico volgens ARIJ-sessie."


def test_rihg_without_two_reds_in_one_part_is_no_house_ban_in_principle(login_as, intake):
    client = login_as(intake)
    report = body(post_json(client, f"{API}/reports/", police_report()))
    [rihg] = [i for i in body(client.get(f"{API}/instruments/")) if i["code"] == "rihg"]
    answers = {item["code"]: False for item in rihg["items"]}
    answers.update({"A1": True, "B1": True, "C3": True})

    response = post_json(client, f"{API}/reports/{report['id']}/instruments/", {
        "instrument": "rihg", "answers": answers})

    [result] = body(response)["instrumentResults"]
    assert (result["score"], result["band"]) == (3, "geen huisverbod in beginsel")
    # The score supports the professional; the report still waits for the assessment.
    assert body(response)["status"] == "received"


def test_unknown_instrument_is_refused(login_as, intake):
    client = login_as(intake)
    report = body(post_json(client, f"{API}/reports/", police_report()))

    response = post_json(client, f"{API}/reports/{report['id']}/instruments/", {"instrument": "x"})

    assert {p["name"] for p in assert_problem(response, 400)["invalidParams"]} == {"instrument"}
