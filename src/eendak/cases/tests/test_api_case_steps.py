"""The steps on a case that the journey does not take, each through its own endpoint: who takes
part and ends, shields, the child's voice, the 18-month limit, a new plan version, an action's
status — each answer shows what changed, and the file shows it too."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.cases.models import Case
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f

from .api_support import (
    assert_not_permitted,
    body,
    build_case,
    case_url,
    post_json,
    state,
    use_tmp_media,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(household_with_case, settings, tmp_path):
    use_tmp_media(settings, tmp_path)
    return build_case(household_with_case)


def ok(response, status=200):
    assert response.status_code == status, response.content
    return body(response)


def test_an_organisation_joins_on_a_legal_basis_and_its_part_ends(login_as, built):
    shelter = f.organisation(T.SHELTER)
    vt = login_as(built.vt)

    joined = ok(post_json(vt, case_url(built.case, "participants/"), {
        "organisation": shelter.pk, "task": "Opvang van moeder en kind", "legalBasis": "consent"}),
        201)
    worker = f.membership(Role.PARTNER_LIAISON, shelter)
    assert login_as(worker).get(case_url(built.case)).status_code == 200

    ended = ok(post_json(vt, case_url(built.case, f"participants/{joined['id']}/end/"),
                         {"reason": "Moeder heeft een eigen woning."}))

    assert (joined["legalBasis"], joined["task"], joined["endedAt"]) == (
        "consent", "Opvang van moeder en kind", None)
    assert ended["endedAt"]
    assert login_as(worker).get(case_url(built.case)).status_code == 404
    participants = ok(vt.get(case_url(built.case)))["participants"]
    assert [p["endedAt"] is not None for p in participants if p["id"] == joined["id"]] == [True]


def test_the_responsible_organisation_cannot_leave(login_as, built):
    vt_part = built.case.participations.get(organisation_id=built.vt.organisation_id)
    before = state(built.case)

    response = post_json(login_as(built.vt), case_url(built.case, f"participants/{vt_part.pk}/end/"),
                         {"reason": "Klaar"})

    assert response.status_code == 409 and body(response)["code"] == "state_conflict"
    assert "overdracht" in body(response)["detail"]
    assert state(built.case) == before


def test_a_partner_cannot_end_the_responsible_organisations_part(login_as, built):
    vt_part = built.case.participations.get(organisation_id=built.vt.organisation_id)
    before = state(built.case)

    response = post_json(login_as(built.team),
                         case_url(built.case, f"participants/{vt_part.pk}/end/"), {"reason": "Klaar"})

    assert_not_permitted(response, built.case, before, built.team, "cases.end_participation")


def test_a_phase_change_is_in_the_history_with_who_decided(login_as, built):
    change = ok(post_json(login_as(built.vt), case_url(built.case, "phase/"),
                          {"toPhase": "stable_safety", "reason": "Drie maanden rustig."}), 201)

    file = ok(login_as(built.team).get(case_url(built.case)))
    assert file["phase"] == "stable_safety"
    assert file["phaseHistory"][-1] == change
    assert (change["fromPhase"], change["decidedBy"]["id"], change["organisation"]["id"]) == (
        "direct_safety", built.vt.user.pk, built.vt.organisation_id)


def test_a_shield_answers_with_whom_it_hides_from(login_as, built):
    shield = ok(post_json(login_as(built.vt), case_url(built.case, "shields/"), {
        "person": built.persons[0].pk, "hiddenFrom": built.police.pk,
        "reason": "Verblijft in de opvang."}), 201)

    assert (shield["person"], shield["hiddenFrom"]["id"]) == (built.persons[0].pk, built.police.pk)


def test_the_childs_own_voice(login_as, built):
    child = built.persons[2]

    voice = ok(post_json(login_as(built.team), case_url(built.case, "child-voices/"), {
        "child": child.pk, "account": "Ik word wakker van het schreeuwen.",
        "wishes": "Dat papa en mama niet meer ruzie maken."}), 201)

    assert (voice["child"], voice["childName"], voice["sourceOrganisation"]["id"]) == (
        child.pk, child.full_name, built.team.organisation_id)
    assert ok(login_as(built.vt).get(case_url(built.case)))["childVoices"] == [voice]


def test_the_monitoring_limit_is_extended_with_a_reason(login_as, built):
    # Extending is a decision in the last weeks before the limit (see test_api_bad_input for
    # the refusal before that).
    limit = timezone.localdate() + timedelta(days=5)
    Case.objects.filter(pk=built.case.pk).update(monitoring_until=limit)
    until = limit + timedelta(days=90)

    decision = ok(post_json(login_as(built.vt), case_url(built.case, "monitoring-limit/"), {
        "kind": "extend", "reason": "Vader start pas over een maand met hulp.",
        "newUntil": until.isoformat()}), 201)

    file = ok(login_as(built.vt).get(case_url(built.case)))
    assert file["monitoringUntil"] == until.isoformat()
    assert file["monitoringDecisions"] == [decision] and decision["kind"] == "extend"


def test_escalation_brings_in_the_safety_team(login_as, built):
    ok(post_json(login_as(built.vt), case_url(built.case, "monitoring-limit/"),
                 {"kind": "escalate", "reason": "Opnieuw geweld ondanks de voorwaarden."}), 201)

    participants = ok(login_as(built.vt).get(case_url(built.case)))["participants"]
    safety_team = next(p for p in participants
                       if p["organisation"]["id"] == f.organisation(T.SAFETY_HOUSE).pk)
    assert safety_team["endedAt"] is None and "Veiligheidsteam" in safety_team["task"]


def test_a_new_plan_version_copies_the_current_one(login_as, built):
    team = login_as(built.team)
    ok(post_json(team, case_url(built.case, f"plan-versions/{built.version.pk}/agreed/"),
                 {"agreedOn": timezone.localdate().isoformat()}))

    second = ok(post_json(team, case_url(built.case, "plan-versions/"),
                          {"note": "Hulp voor vader toegevoegd"}), 201)

    assert (second["number"], second["note"], second["agreedWithFamilyOn"]) == (
        2, "Hulp voor vader toegevoegd", None)
    assert [g["text"] for g in second["goals"]] == ["Iedereen is veilig thuis."]
    assert [a["text"] for a in second["goals"][0]["actions"]] == ["Huisbezoek"]
    file = ok(team.get(case_url(built.case)))
    assert file["currentPlan"]["id"] == second["id"]
    assert [v["agreedWithFamilyOn"] is not None for v in file["planVersions"]] == [True, False]


def test_the_owner_moves_an_action_to_done(login_as, built):
    team = login_as(built.team)

    action = ok(post_json(team, case_url(built.case, f"actions/{built.action.pk}/status/"),
                          {"status": "done"}))

    assert (action["status"], action["statusLabel"], action["overdue"]) == ("done", "Gedaan", False)
    assert ok(team.get("/api/v1/my-actions/"))["count"] == 0


def test_the_coordinator_is_one_person_of_a_participant(login_as, built):
    summary = ok(post_json(login_as(built.vt), case_url(built.case, "coordinator/"),
                           {"user": built.team.user.pk}))

    assert summary["coordinator"]["id"] == built.team.user.pk
    file = ok(login_as(built.vt).get(case_url(built.case)))
    assert file["coordinatorSince"] == timezone.localdate().isoformat()


def test_closing_ends_the_partners_access_and_answers_with_the_closed_case(login_as, built):
    summary = ok(post_json(login_as(built.vt), case_url(built.case, "close/"),
                           {"reason": "other", "note": "Gezin vertrokken naar het buitenland."}))

    assert summary["status"] == "closed"
    assert [p["id"] for p in summary["participants"]] == [built.vt.organisation_id]
    assert login_as(built.team).get(case_url(built.case)).status_code == 404
    file = ok(login_as(built.vt).get(case_url(built.case)))
    assert (file["closureReason"], file["closureNote"]) == (
        "other", "Gezin vertrokken naar het buitenland.")
    assert file["handovers"][0]["status"] == "withdrawn"
