"""One family's case followed through the API only: opened by Veilig Thuis from a police report,
the local team's plan, oversight of safety handed to the local team and back, a monitoring moment,
closure, and a new report that is caught as a recurrence and signalled to the organisation that was
last responsible."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.core.roles import Role
from eendak.intake.tests.api_helpers import police_report
from eendak.testing import factories as f

from .api_support import API, assert_problem, body, case_url, post_json

pytestmark = pytest.mark.django_db


def ok(response, status=200):
    assert response.status_code == status, response.content
    return body(response)


def open_case_through_intake(client) -> int:
    """A police report, assessed and decided as 'conditions and follow-up': the case opens."""
    report = ok(post_json(client, f"{API}/reports/", police_report()), 201)
    url = f"{API}/reports/{report['id']}/"
    ok(post_json(client, f"{url}assessment/", {
        "acuteUnsafety": False, "structuralUnsafety": True, "triage": "structural_serious",
        "rationale": "Herhaald partnergeweld waar een kind bij is."}))
    decided = ok(post_json(client, f"{url}decision/", {
        "kind": "conditions", "rationale": "Voorwaarden met het gezin; het lokale team doet mee."}))
    return decided["decision"]["case"]["id"]


def test_a_case_from_opening_to_closure_and_a_recurrence(login_as, intake, vt, tilburg_team):
    today = timezone.localdate()
    intake_client = login_as(intake)
    case_id = open_case_through_intake(intake_client)
    url = case_url(case_id)
    vt_client = login_as(f.membership(Role.VT_MONITOR, vt))
    coordinator = f.membership(Role.CASE_COORDINATOR, tilburg_team)
    team = login_as(coordinator)

    # Opened by Veilig Thuis: responsible, in direct safety, the local team taking part from day one.
    file = ok(vt_client.get(url))
    assert file["responsibleOrganisation"]["id"] == vt.pk
    assert file["phase"] == "direct_safety" and file["status"] == "open"
    assert {p["organisation"]["id"] for p in file["participants"]} == {vt.pk, tilburg_team.pk}
    assert {p["caseRole"] for p in file["persons"]} == {"victim", "suspect", "child"}
    assert [change["toPhase"] for change in file["phaseHistory"]] == ["direct_safety"]
    assert case_id in [c["id"] for c in ok(team.get(f"{API}/cases/"))["results"]]

    # Veilig Thuis sets the safety conditions with the family: monitoring starts.
    ok(post_json(vt_client, f"{url}conditions/", {"conditions": [
        {"text": "Geen geweld in huis.", "agreedBy": "Fatma Yilmaz en Kees van der Berg"},
        {"text": "Kees volgt agressieregulatie.", "agreedBy": "Kees van der Berg"}]}), 201)
    file = ok(vt_client.get(url))
    assert len(file["monitoringMoments"]) == 4 and file["monitoringUntil"]
    conditions = [c["id"] for c in file["conditions"]]

    # Veilig Thuis, which steers the case, makes the local team's worker coordinator; the local
    # team makes the plan and the family agrees to it.
    assert ok(post_json(vt_client, f"{url}coordinator/", {"user": coordinator.user.pk}))[
        "coordinator"]["id"] == coordinator.user.pk
    version = ok(post_json(team, f"{url}plan-versions/", {"note": "Eerste plan"}), 201)
    goals = {part: ok(post_json(team, f"{url}plan-versions/{version['id']}/goals/",
                                {"part": part, "text": text}), 201)
             for part, text in [("safety", "Niemand wordt thuis geslagen."),
                                ("help", "Kees krijgt hulp bij boosheid."),
                                ("recovery", "Noah verwerkt wat hij zag.")]}
    action = ok(post_json(team, f"{url}goals/{goals['safety']['id']}/actions/", {
        "text": "Wekelijks huisbezoek", "ownerOrganisation": tilburg_team.pk,
        "owner": coordinator.user.pk, "startOn": today.isoformat(),
        "dueOn": (today + timedelta(days=30)).isoformat()}), 201)
    agreed = ok(post_json(team, f"{url}plan-versions/{version['id']}/agreed/",
                          {"agreedOn": today.isoformat()}))
    assert agreed["agreedWithFamilyOn"] == today.isoformat()
    assert [a["id"] for a in ok(team.get(f"{API}/my-actions/"))["results"]] == [action["id"]]

    # Oversight of safety to the local team: offered, and until accepted Veilig Thuis keeps it.
    handover = ok(post_json(vt_client, f"{url}handovers/", {
        "toOrganisation": tilburg_team.pk, "note": "Plan loopt; lokaal team neemt over."}), 201)
    assert ok(team.get(url))["responsibleOrganisation"]["id"] == vt.pk
    waiting = [s for s in ok(team.get(f"{API}/signals/"))["results"] if s["kind"] == "handover_waiting"]
    assert waiting and waiting[0]["case"]["id"] == case_id
    accepted = ok(post_json(team, f"{url}handovers/{handover['id']}/accept/"))
    assert accepted["status"] == "accepted"
    file = ok(team.get(url))
    assert file["responsibleOrganisation"]["id"] == tilburg_team.pk
    assert file["handovers"][0]["contents"]["planVersion"] == 1

    ok(post_json(team, f"{url}phase/", {"toPhase": "stable_safety",
                                        "reason": "Drie maanden geen incidenten."}), 201)

    # Veilig Thuis monitors: a moment with the status of every condition.
    moment = file["monitoringMoments"][0]["id"]
    ok(post_json(vt_client, f"{url}monitoring-moments/{moment}/record/", {
        "heldOn": today.isoformat(), "incidentsSinceLast": 0,
        "assessment": "Voorwaarden worden nageleefd.",
        "statuses": [{"condition": conditions[0], "status": "met"},
                     {"condition": conditions[1], "status": "partly_met", "note": "Wachtlijst."}]}))
    file = ok(vt_client.get(url))
    assert [c["latestStatus"]["status"] for c in file["conditions"]] == ["met", "partly_met"]

    # And back to Veilig Thuis, which closes the case with stable safety reached.
    back = ok(post_json(team, f"{url}handovers/", {"toOrganisation": vt.pk}), 201)
    ok(post_json(vt_client, f"{url}handovers/{back['id']}/accept/"))
    assert ok(vt_client.get(url))["responsibleOrganisation"]["id"] == vt.pk
    closed = ok(post_json(vt_client, f"{url}close/", {"reason": "stable_safety"}))
    assert closed["status"] == "closed" and closed["closedAt"]

    # The local team's part ended: the file is gone for it, what it wrote is not.
    assert_problem(team.get(url), 404)
    own = ok(team.get(f"{API}/own-contributions/", {"case": case_id}))["results"]
    assert own and {entry["case"]["id"] for entry in own} == {case_id}
    file = ok(vt_client.get(url))
    assert file["status"] == "closed" and file["lastResponsibleOrganisation"]["id"] == vt.pk
    moments = [e["kind"] for e in ok(vt_client.get(f"{url}journal/", {"pageSize": 200}))["results"]]
    assert moments.count("handover") == 4 and "closure" in moments

    # A new report about the same mother: a recurrence, signalled to the last responsible.
    fatma = next(p for p in file["persons"] if p["caseRole"] == "victim")
    new = ok(post_json(intake_client, f"{API}/reports/", police_report(
        involved=[{"role": "victim", "person": fatma["id"]}])), 201)
    recurrences = [s for s in ok(vt_client.get(f"{API}/signals/"))["results"]
                   if s["kind"] == "recurrence"]
    assert [(s["case"]["id"], s["detail"]) for s in recurrences] == [(case_id, new["reference"])]
    assert not [s for s in ok(team.get(f"{API}/signals/"))["results"] if s["kind"] == "recurrence"]
