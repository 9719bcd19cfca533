"""A police report taken from receipt through assessment to decision, through the API only.

The police's report reaches Veilig Thuis's own integration (a service token of a Veilig Thuis
membership). After the decision "investigation" the Tilburg local team sees the household at once;
the Goirle team does not.
"""

import json

import pytest

from eendak.core.roles import Role
from eendak.testing import factories as f
from eendak.testing.clients import verified_client

from .api_helpers import (
    API,
    assert_problem,
    body,
    local_team_member,
    patch_json,
    police_report,
    post_json,
    token_client,
)

pytestmark = pytest.mark.django_db


def test_police_report_from_receipt_to_investigation_and_its_outcome(vt, tilburg_team):
    client = token_client(f.membership(Role.VT_INTAKE, vt))

    # Who is already known? Nobody yet.
    response = client.get(f"{API}/person-candidates/", {"surname": "Yilmaz",
                                                         "dateOfBirth": "1988-04-12"})
    assert response.status_code == 200 and body(response) == []

    # Receipt.
    response = post_json(client, f"{API}/reports/", police_report())
    assert response.status_code == 201, response.content
    report = body(response)
    assert report["reference"].startswith("M-")
    assert report["status"] == "received"
    assert report["priorInvolvement"] == "eerste_melding"
    assert report["reporter"]["name"] == "Agent K. de Boer"
    assert {p["fullName"] for p in report["involved"]} == {"Fatma Yilmaz", "Kees van der Berg",
                                                           "Noah van der Berg"}
    victim = next(p for p in report["involved"] if p["role"] == "victim")
    assert victim["bsn"].endswith("019") and "999990019" not in response.content.decode()
    assert report["deadline"]["pending"] is True
    assert report["household"]["reference"]
    url = f"{API}/reports/{report['id']}/"

    # It is in the work queue.
    queue = body(client.get(f"{API}/reports/", {"status": "received"}))
    assert [r["reference"] for r in queue["results"]] == [report["reference"]]

    # RiHG scored by its public rule: two red signals in part A.
    answers = {f"{part}{n}": False for part, count in (("A", 7), ("B", 7), ("C", 6))
               for n in range(1, count + 1)}
    answers.update({"A1": True, "A4": True})
    response = post_json(client, f"{url}instruments/", {"instrument": "rihg", "answers": answers})
    assert response.status_code == 200, response.content
    [rihg] = body(response)["instrumentResults"]
    assert (rihg["score"], rihg["band"]) == (2, "huisverbod in beginsel")

    # The safety assessment.
    response = post_json(client, f"{url}assessment/", {
        "acuteUnsafety": True, "structuralUnsafety": True, "triage": "direct_danger",
        "rationale": "Acuut gevaar voor moeder en kind; wurging gemeld."})
    assert response.status_code == 200, response.content
    assessed = body(response)
    assert assessed["status"] == "assessed"
    assert assessed["assessment"]["triage"] == "direct_danger"
    assert assessed["deadline"]["pending"] is True  # still waiting for the decision
    [feedback] = assessed["feedbackTasks"]
    assert feedback["moment"] == "after_assessment"

    # The decision: an investigation. The case opens and the Tilburg team joins at once.
    response = post_json(client, f"{url}decision/", {
        "kind": "investigation", "rationale": "Onderzoek naar kindermishandeling nodig."})
    assert response.status_code == 200, response.content
    decided = body(response)
    assert decided["status"] == "decided"
    assert decided["deadline"]["signal"] == "done" and decided["deadline"]["pending"] is False
    assert decided["decision"]["kind"] == "investigation"
    assert decided["decision"]["case"]["reference"]
    assert decided["investigation"]["dueOn"]
    [conversation] = decided["jointConversations"]
    assert conversation["localTeam"]["name"] == "Lokaal team Tilburg"

    household = f"{API}/households/{decided['household']['id']}/"
    tilburg = verified_client(local_team_member("Tilburg"))
    response = tilburg.get(household)
    assert response.status_code == 200
    assert {m["fullName"] for m in body(response)["members"]} >= {"Fatma Yilmaz"}
    assert_problem(verified_client(local_team_member("Goirle")).get(household), 404)
    # The report itself stays Veilig Thuis's: the local team cannot open it.
    assert_problem(tilburg.get(url), 404)

    # The joint conversation, the feedback, informing a person and the outcome.
    response = patch_json(client, f"{url}joint-conversations/{conversation['id']}/", {
        "heldAt": "2026-01-05T10:00:00+01:00",
        "participants": "Moeder, onderzoeker Veilig Thuis, medewerker lokaal team"})
    assert response.status_code == 200, response.content
    assert body(response)["jointConversations"][0]["participants"].startswith("Moeder")

    response = post_json(client, f"{url}feedback/{feedback['id']}/complete/", {
        "content": "Melder verteld dat Veilig Thuis een onderzoek start."})
    assert response.status_code == 200, response.content
    assert body(response)["feedbackTasks"][0]["completedAt"]

    task = next(t for t in decided["informingTasks"] if t["person"] == victim["id"])
    response = post_json(client, f"{url}informing/{task['id']}/", {"informedOn": "2026-01-05"})
    assert response.status_code == 200, response.content

    response = post_json(client, f"{url}investigation-outcome/", {
        "findings": [{"violenceType": "partnergeweld", "result": "bevestigd"},
                     {"violenceType": "kindermishandeling", "result": "niet_bevestigd"}],
        "conclusion": "Partnergeweld bevestigd."})
    assert response.status_code == 200, response.content
    done = body(response)
    assert done["investigation"]["completedOn"]
    assert {(x["violenceType"], x["result"]) for x in done["investigation"]["findings"]} == {
        ("partnergeweld", "bevestigd"), ("kindermishandeling", "niet_bevestigd")}
    assert {t["moment"] for t in done["feedbackTasks"]} == {"after_assessment",
                                                           "after_investigation"}


def test_a_later_report_finds_the_known_person_and_links_her(vt, tilburg_team):
    client = token_client(f.membership(Role.VT_INTAKE, vt))
    first = body(post_json(client, f"{API}/reports/", police_report()))

    # A typo and day/month swapped: still found, with her earlier report.
    response = client.get(f"{API}/person-candidates/", {"surname": "Yilmas", "givenNames": "Fatma",
                                                        "dateOfBirth": "1988-12-04"})
    [candidate] = [c for c in body(response) if c["fullName"] == "Fatma Yilmaz"]
    assert [r["reference"] for r in candidate["reports"]] == [first["reference"]]

    response = post_json(client, f"{API}/reports/", police_report(
        channel="phone", involved=[{"role": "victim", "person": candidate["id"]}]))
    assert response.status_code == 201, response.content
    second = body(response)
    assert second["household"]["id"] == first["household"]["id"]
    assert second["priorInvolvement"] == "vervolg_tijdens_beoordeling"


def test_an_integrator_with_only_a_token_reads_the_schema_and_walks_report_case_handover(
        vt, tilburg_team):
    """Issue 14's "done when": a program with nothing but service tokens (no HTML login) finds its
    way in the schema — the server URL and the paths, without trailing slashes — and takes a report
    through its decision into a case, whose oversight of safety it hands to the local team, which
    accepts through its own token. Each 201 says where the new thing is (``Location``)."""
    veilig_thuis = token_client(f.membership(Role.VT_INTAKE, vt))
    team = token_client(f.membership(Role.CASE_COORDINATOR, tilburg_team))

    response = veilig_thuis.get(f"{API}/openapi.json")
    assert response.status_code == 200, response.content
    schema = json.loads(response.content)
    [server] = schema["servers"]
    paths = schema["paths"]
    for needed in ("/reports", "/reports/{id}/assessment", "/reports/{id}/decision", "/cases/{id}",
                   "/cases/{id}/handovers", "/cases/{id}/handovers/{handover_id}/accept"):
        assert needed in paths, needed
    assert "Location" in paths["/reports"]["post"]["responses"]["201"]["headers"]

    def url(path: str, **ids) -> str:
        return server["url"] + path.format(**ids)

    response = post_json(veilig_thuis, url("/reports"), police_report())
    assert response.status_code == 201, response.content
    report = body(response)
    assert response["Location"] == f"http://testserver{url('/reports/{id}', id=report['id'])}"
    assert body(veilig_thuis.get(response["Location"]))["reference"] == report["reference"]

    response = post_json(veilig_thuis, url("/reports/{id}/assessment", id=report["id"]), {
        "acuteUnsafety": False, "structuralUnsafety": True, "triage": "structural_serious",
        "rationale": "Herhaald partnergeweld; kind getuige."})
    assert response.status_code == 200, response.content
    response = post_json(veilig_thuis, url("/reports/{id}/decision", id=report["id"]), {
        "kind": "investigation", "rationale": "Onderzoek naar de veiligheid van het kind."})
    assert response.status_code == 200, response.content
    case_id = body(response)["decision"]["case"]["id"]

    case = veilig_thuis.get(url("/cases/{id}", id=case_id))
    assert case.status_code == 200, case.content
    response = post_json(veilig_thuis, url("/cases/{id}/handovers", id=case_id),
                         {"toOrganisation": tilburg_team.pk, "note": "Lokaal team neemt over."})
    assert response.status_code == 201, response.content
    handover = body(response)
    # A handover has no address of its own: the Location is the case file in which it stands.
    assert response["Location"] == f"http://testserver{url('/cases/{id}', id=case_id)}"

    response = post_json(team, url("/cases/{id}/handovers/{handover_id}/accept", id=case_id,
                                   handover_id=handover["id"]))
    assert response.status_code == 200, response.content
    assert body(response)["status"] == "accepted"
    assert body(team.get(url("/cases/{id}", id=case_id)))["responsibleOrganisation"]["id"] == (
        tilburg_team.pk)
