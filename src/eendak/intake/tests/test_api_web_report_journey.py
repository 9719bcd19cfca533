"""A resident's web report taken from receipt through assessment to decision, through the API only
(an intake officer's browser session: password, second factor, role)."""

import pytest

from .api_helpers import API, assert_problem, body, local_team_member, patch_json, post_json, web_report

pytestmark = pytest.mark.django_db


def test_web_report_to_conditions_brings_in_the_local_team(login_as, intake, tilburg_team):
    client = login_as(intake)

    response = post_json(client, f"{API}/reports/", web_report())
    assert response.status_code == 201, response.content
    report = body(response)
    assert report["channel"] == "web"
    assert report["reporter"]["email"] == "buurman@example.org"
    sem = next(p for p in report["involved"] if p["role"] == "child")
    assert sem["bsn"] == "Geen BSN"
    url = f"{API}/reports/{report['id']}/"

    # The assessment: no acute danger, but structural unsafety.
    response = post_json(client, f"{url}assessment/", {
        "acuteUnsafety": False, "structuralUnsafety": True, "triage": "structural_serious",
        "rationale": "Langdurig schreeuwen en huilen; structurele onveiligheid voor Sem."})
    assert response.status_code == 200, response.content
    assert body(response)["assessment"]["structuralUnsafety"] is True

    response = post_json(client, f"{url}decision/", {
        "kind": "conditions", "rationale": "Voorwaarden: moeder neemt hulp aan via het lokale team."})
    assert response.status_code == 200, response.content
    decided = body(response)
    assert decided["decision"]["kind"] == "conditions"
    assert decided["decision"]["assessmentOutcome"] == "vervolgstappen_vt"
    assert decided["investigation"] is None
    [conversation] = decided["jointConversations"]
    # Deciding twice is refused by the workflow.
    again = post_json(client, f"{url}decision/", {"kind": "end", "rationale": "Toch niet."})
    problem = assert_problem(again, 409)  # a state conflict, with its own problem type
    assert problem["code"] == "state_conflict" and "status" in problem["detail"]

    # The first joint conversation is planned.
    response = patch_json(client, f"{url}joint-conversations/{conversation['id']}/",
                          {"plannedFor": "2030-01-07T14:00:00+01:00"})
    assert response.status_code == 200, response.content
    assert body(response)["jointConversations"][0]["plannedFor"].startswith("2030-01-07")

    # The Tilburg team sees the household the moment the service starts.
    household = f"{API}/households/{decided['household']['id']}/"
    assert login_as(local_team_member("Tilburg")).get(household).status_code == 200
    assert_problem(login_as(local_team_member("Goirle")).get(household), 404)


def test_web_report_ending_involvement_closes_it_without_a_case(login_as, intake):
    client = login_as(intake)
    report = body(post_json(client, f"{API}/reports/", web_report()))
    url = f"{API}/reports/{report['id']}/"
    post_json(client, f"{url}assessment/", {
        "acuteUnsafety": False, "structuralUnsafety": False, "triage": "none",
        "rationale": "Navraag: een kind met koliek; geen onveiligheid."})

    response = post_json(client, f"{url}decision/", {"kind": "end",
                                                     "rationale": "Geen zorgen over veiligheid."})

    assert response.status_code == 200, response.content
    closed = body(response)
    assert closed["status"] == "closed" and closed["closedAt"]
    assert closed["decision"]["case"] is None
    # A closed report is no longer in the queue of reports awaiting assessment.
    queue = body(client.get(f"{API}/reports/", {"status": "received"}))
    assert queue["count"] == 0
