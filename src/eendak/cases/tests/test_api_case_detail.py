"""GET /cases/{id}/ gives the household's whole file in one answer — persons with their roles, phase
and its history, who is responsible, handovers, coordinator, participants with task and legal
basis, conditions with their latest status, monitoring, the current plan, signals, the child's
voice and documents — and leaves out the address of a person shielded from the caller."""

import pytest
from django.utils import timezone

from eendak.cases import services
from eendak.core.roles import Role
from eendak.testing import factories as f

from .api_support import body, build_case, case_url, pdf, use_tmp_media
from .conftest import actor_for

pytestmark = pytest.mark.django_db

ADDRESS = {"street", "houseNumber", "postcode", "city"}


@pytest.fixture
def built(household_with_case, settings, tmp_path):
    use_tmp_media(settings, tmp_path)
    return build_case(household_with_case)


def test_the_whole_file_in_one_answer(login_as, built):
    services.record_child_voice(actor_for(built.team), built.case, child=built.persons[2],
                                account="Ik schrik als papa boos wordt.", wishes="Dat het stil is.")

    response = login_as(built.team).get(case_url(built.case))

    assert response.status_code == 200, response.content
    file = body(response)
    assert file["reference"] == built.case.reference and file["phase"] == "direct_safety"
    assert file["responsibleOrganisation"]["id"] == built.vt.organisation_id
    assert {p["id"] for p in file["persons"]} == {p.pk for p in built.persons}
    child = next(p for p in file["persons"] if p["householdRole"] == "child")
    assert child["shielded"] is False and set(child) >= ADDRESS
    assert [c["toPhase"] for c in file["phaseHistory"]] == []  # f.case_for opens without history
    police = next(p for p in file["participants"] if p["organisation"]["id"] == built.police.pk)
    assert (police["task"], police["legalBasis"], police["endedAt"]) == (
        "Strafrechtelijk traject", "statutory_task", None)
    [handover] = file["handovers"]
    assert (handover["status"], handover["toOrganisation"]["id"]) == (
        "offered", built.team.organisation_id)
    assert handover["contents"]["conditions"] == ["Geen geweld in huis."]
    [condition] = file["conditions"]
    assert condition["agreedBy"] == "Beide ouders" and condition["latestStatus"] is None
    assert len(file["monitoringMoments"]) == 4 and file["monitoringMoments"][0]["checks"] == []
    plan = file["currentPlan"]
    assert plan["number"] == 1 and plan["agreedWithFamilyOn"] is None
    [goal] = plan["goals"]
    assert (goal["part"], goal["childText"]) == ("safety", "Thuis is het rustig.")
    [action] = goal["actions"]
    assert action["overdue"] is True and action["owner"]["id"] == built.team.user.pk
    assert [v["number"] for v in file["planVersions"]] == [1]
    # Signals for this case, as the local team sees them.
    assert {"handover_waiting", "action_overdue"} <= {s["kind"] for s in file["signals"]}
    [voice] = file["childVoices"]
    assert voice["child"] == built.persons[2].pk and voice["wishes"] == "Dat het stil is."
    [document] = file["documents"]
    assert document["name"] == "verslag.pdf" and document["contentType"] == "application/pdf"
    assert document["downloadUrl"] == f"/api/v1/documents/{built.document.pk}/download"
    assert "journal" not in file


def test_latest_condition_status_follows_the_last_moment_held(login_as, built):
    services.record_monitoring(actor_for(built.vt), built.moment, held_on=timezone.localdate(),
                               statuses={built.condition.pk: ("not_met", "Weer ruzie.")},
                               incidents_since_last=2, assessment="Zorgelijk.")

    file = body(login_as(built.vt).get(case_url(built.case)))

    latest = file["conditions"][0]["latestStatus"]
    assert (latest["status"], latest["statusLabel"], latest["note"]) == (
        "not_met", "Niet nageleefd", "Weer ruzie.")
    moment = file["monitoringMoments"][0]
    assert moment["incidentsSinceLast"] == 2 and moment["checks"][0]["status"] == "not_met"


def test_a_shielded_persons_address_is_left_out_for_that_organisation_only(login_as, built):
    victim = built.persons[0]
    services.shield_person(actor_for(built.vt), built.case, person=victim, hidden_from=built.police,
                           reason="Slachtoffer verblijft in de opvang.")
    liaison = f.membership(Role.PARTNER_LIAISON, built.police)

    for_police = body(login_as(liaison).get(case_url(built.case)))
    for_vt = body(login_as(built.vt).get(case_url(built.case)))

    hidden = next(p for p in for_police["persons"] if p["id"] == victim.pk)
    assert hidden["shielded"] is True and not ADDRESS & set(hidden)
    assert hidden["shieldedFrom"] == []  # who else it is hidden from is none of their business
    assert victim.street not in str(for_police)
    others = [p for p in for_police["persons"] if p["id"] != victim.pk]
    assert all(set(p) >= ADDRESS for p in others)
    seen = next(p for p in for_vt["persons"] if p["id"] == victim.pk)
    assert seen["shielded"] is False and seen["street"] == victim.street
    assert seen["shieldedFrom"] == [built.police.name]


def test_a_document_for_the_source_only_is_not_listed_for_others(login_as, built):
    services.upload_document(actor_for(built.vt), built.case, pdf("politie.pdf"),
                             description="Politie-informatie voor één doel", visibility="source")

    for_team = body(login_as(built.team).get(case_url(built.case)))
    for_vt = body(login_as(built.vt).get(case_url(built.case)))

    assert [d["name"] for d in for_team["documents"]] == ["verslag.pdf"]
    assert sorted(d["name"] for d in for_vt["documents"]) == ["politie.pdf", "verslag.pdf"]
