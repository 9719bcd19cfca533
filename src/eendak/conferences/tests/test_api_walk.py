"""The Veiligheidsteam's whole chain through the API only, as ``test_services.test_the_whole_chain``
walks it through the services: referred (the police ask, Veilig Thuis refers) → on this week's triage
→ accepted → the handover accepted on the case (cases API) → a conference with a consulting partner
for this household alone → contributions, a decision, an action that is in the case's plan → a house
ban recorded, its end a signal (cases API) → stable safety (cases API) → handed back to the local
team. Only the clock is moved in the database: a conference held an hour ago, a coordinator of long
standing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.cases.models import Case
from eendak.conferences.models import Conference
from eendak.core.roles import Role
from eendak.testing import factories as f

from .api_support import API, assert_problem, invalid_names, ok, post_json

pytestmark = pytest.mark.django_db


def test_the_whole_chain_over_the_api(login_as, team_case, liaison, team, team_member, ggz,
                                      ggz_contact, tilburg_team):
    case, persons, vt_membership = team_case
    police, vt, member, consultant = (login_as(liaison), login_as(vt_membership),
                                      login_as(team_member), login_as(ggz_contact))
    local_team = login_as(f.membership(Role.CASE_COORDINATOR, tilburg_team))
    case_url = f"{API}/cases/{case.pk}/"
    today = timezone.localdate()

    # The police, taking part, ask Veilig Thuis to refer; Veilig Thuis refers, the police hear back.
    asked = ok(post_json(police, f"{API}/referrals/", {
        "case": case.pk, "reason": "Derde huisverbod in twee jaar; dreiging met mes.",
        "goal": "Escalatie stoppen: straf en zorg samen.", "escalationSignals": ["weapon"]}), 201)
    assert asked["status"] == "requested"
    referral_url = f"{API}/referrals/{asked['id']}/"
    referral = ok(post_json(vt, f"{referral_url}decision/", {
        "refer": True, "reason": "Lange voorgeschiedenis, hoog risico."}))
    assert referral["status"] == "referred" and referral["history"]["earlier_cases"] == 0
    assert any("Lange voorgeschiedenis" in n["text"] for n in ok(police.get(f"{API}/notices/"))[
        "results"])

    # On the triage of its week, for the team and the triage partners; accepted with a coordinator.
    triage = ok(member.get(f"{API}/triage/", {"week": referral["triageOn"]}))
    assert [r["id"] for r in triage["results"]] == [asked["id"]]
    assert [r["id"] for r in ok(police.get(f"{API}/triage/", {"week": referral["triageOn"]}))[
        "results"]] == [asked["id"]]
    referral = ok(post_json(member, f"{referral_url}triage-decision/", {
        "outcome": "accept", "reason": "Past bij het Veiligheidsteam.",
        "coordinator": team_member.user_id}))
    assert referral["status"] == "accepted"
    assert referral["coordinator"]["id"] == team_member.user_id

    # The team takes part, is offered oversight of safety and accepts it on the case (cases API).
    file = ok(member.get(case_url))
    assert file["coordinator"]["id"] == team_member.user_id
    [offered] = [h for h in file["handovers"] if h["status"] == "offered"]
    assert offered["toOrganisation"]["id"] == team.pk
    ok(post_json(member, f"{case_url}handovers/{offered['id']}/accept/"))
    assert ok(member.get(case_url))["responsibleOrganisation"]["id"] == team.pk
    # Its coordination runs until stable safety, not to the generic limit.
    Case.objects.filter(pk=case.pk).update(coordinator_since=today - timedelta(days=700))
    assert not [s for s in ok(member.get(f"{API}/signals/"))["results"]
                if s["kind"] == "coordination_limit"]

    # A conference, GGz Breburg invited for this household alone.
    conference = ok(post_json(member, f"{API}/conferences/", {
        "startsAt": (timezone.now() + timedelta(days=2)).isoformat(),
        "place": "Zorg- en Veiligheidshuis, Tilburg", "chair": team_member.user_id}), 201)
    item = ok(post_json(member, f"{API}/conferences/{conference['id']}/items/", {
        "referral": asked["id"], "consultingPartners": [ggz.pk]}), 201)
    item_url = f"{API}/agenda-items/{item['id']}/"
    assert {"organisation": ggz.pk, "kind": "consulting"} in [
        {"organisation": i["organisation"]["id"], "kind": i["kind"]} for i in item["invitations"]]
    assert ok(consultant.get(item_url))["household"]["id"] == case.household_id

    # Contributions: GGz's for the conference only, the police's into the shared journal.
    ok(post_json(consultant, f"{item_url}contributions/", {
        "text": "Vader is in behandeling geweest.", "legalBasis": "consent",
        "conferenceOnly": True}), 201)
    ok(post_json(police, f"{item_url}contributions/", {
        "text": "Twee meldingen deze maand.", "legalBasis": "statutory_task"}), 201)
    journal = [e["text"] for e in ok(member.get(f"{case_url}journal/", {"pageSize": 200}))["results"]]
    assert any("Twee meldingen deze maand" in text for text in journal)
    assert not any("in behandeling geweest" in text for text in journal)

    # A decision and an action, which is in the family's one plan (cases API).
    decision = ok(post_json(member, f"{item_url}decisions/", {"text": "Contactverbod aanvragen."}),
                  201)
    action = ok(post_json(member, f"{item_url}actions/", {
        "text": "Contactverbod voorbereiden", "ownerOrganisation": liaison.organisation_id,
        "dueOn": (today + timedelta(days=7)).isoformat(), "decision": decision["id"]}), 201)
    plan = ok(member.get(case_url))["currentPlan"]
    in_plan = [a for goal in plan["goals"] for a in goal["actions"]]
    assert [(a["id"], a["ownerOrganisation"]["id"]) for a in in_plan] == [
        (action["planAction"], liaison.organisation_id)]
    refused = post_json(member, f"{item_url}actions/", {
        "text": "Zonder eigenaar", "dueOn": today.isoformat()})
    assert_problem(refused, 400)
    assert invalid_names(refused) == {"ownerOrganisation"}
    ok(post_json(member, f"{item_url}informing/", {
        "informed": "unsafe", "notInformedReason": "Lopend strafrechtelijk onderzoek."}))

    # Held: GGz no longer sees the household, only its own contribution.
    Conference.objects.filter(pk=conference["id"]).update(starts_at=timezone.now()
                                                          - timedelta(hours=1))
    assert ok(post_json(member, f"{API}/conferences/{conference['id']}/hold/"))["status"] == "held"
    assert_problem(consultant.get(item_url), 404)
    own = ok(consultant.get(f"{API}/own-conference-contributions/"))["results"]
    assert [c["text"] for c in own] == ["Vader is in behandeling geweest."]

    # Measures: a house ban of 40 days is refused; 10 days is signalled before it ends.
    refused = post_json(police, f"{API}/measures/", {
        "case": case.pk, "kind": "house_ban", "startsOn": today.isoformat(),
        "endsOn": (today + timedelta(days=40)).isoformat()})
    assert_problem(refused, 400)
    assert invalid_names(refused) == {"endsOn"}
    assert ok(police.get(f"{API}/measures/", {"case": case.pk}))["results"] == []
    ban = ok(post_json(police, f"{API}/measures/", {
        "case": case.pk, "kind": "house_ban",
        "startsOn": (today - timedelta(days=8)).isoformat()}), 201)
    assert ban["endsOn"] == (today + timedelta(days=2)).isoformat()
    ending = [s for s in ok(police.get(f"{API}/signals/"))["results"] if s["kind"] == "measure_ending"]
    assert [(s["case"]["id"], s["due"]) for s in ending] == [(case.pk, ban["endsOn"])]
    starts = today - timedelta(days=8)
    assert_problem(post_json(police, f"{API}/measures/{ban['id']}/extend/", {
        "until": (starts + timedelta(days=29)).isoformat(), "reason": "Verlenging"}), 400)
    extended = ok(post_json(police, f"{API}/measures/{ban['id']}/extend/", {
        "until": (starts + timedelta(days=28)).isoformat(), "reason": "Dreiging houdt aan"}))
    assert extended["endsOn"] == (starts + timedelta(days=28)).isoformat()

    # Back to the local team at stable safety (the phase through the cases API); Veilig Thuis and
    # the local team hear it, and the local team is offered oversight of safety.
    refused = post_json(member, f"{referral_url}hand-back/", {
        "toOrganisation": tilburg_team.pk, "note": "Klaar."})
    assert_problem(refused, 400)
    ok(post_json(member, f"{case_url}phase/", {"toPhase": "stable_safety",
                                                "reason": "Geen incidenten"}), 201)
    referral = ok(post_json(member, f"{referral_url}hand-back/", {
        "toOrganisation": tilburg_team.pk, "note": "Stabiele veiligheid sinds drie maanden."}))
    assert referral["status"] == "handed_back"
    file = ok(local_team.get(case_url))
    assert [h["toOrganisation"]["id"] for h in file["handovers"] if h["status"] == "offered"] == [
        tilburg_team.pk]
    assert any(n["referral"]["id"] == asked["id"]
               for n in ok(local_team.get(f"{API}/notices/"))["results"])
    assert any("terug" in n["text"] for n in ok(vt.get(f"{API}/notices/"))["results"])
