"""Referrals over the API: Veilig Thuis refers, a partner asks Veilig Thuis, Veilig Thuis decides on
the request, the triage decides, and the team hands the family back — each with its success, its
refusal (a logged 404, nothing changed) and its bad input (a 400 naming the field, nothing changed)."""

import pytest

from eendak.cases.models import Phase
from eendak.cases.services import change_phase
from eendak.conferences.models import Notice, Referral
from eendak.conferences.workflow import ReferralStatus
from eendak.core.roles import Role

from .api_support import (
    API,
    accepted,
    assert_bad_input,
    assert_read,
    assert_refused,
    member_of,
    ok,
    other_local_team_worker,
    post_json,
    referred,
    requested,
    state,
)
from .conftest import actor_of

pytestmark = pytest.mark.django_db

REFERRALS = f"{API}/referrals/"


def referral_body(case, **overrides):
    return {"case": case.pk, "reason": "Derde huisverbod in twee jaar; dreiging met een mes.",
            "goal": "Escalatie stoppen: straf en zorg samen.",
            "escalationSignals": ["weapon", "threat_to_kill"], **overrides}


# --- Create: Veilig Thuis refers, another participant asks Veilig Thuis --------------------------------


def test_veilig_thuis_refers_and_the_family_goes_on_a_triage(login_as, team_case):
    case, _persons, vt_membership = team_case

    data = ok(post_json(login_as(vt_membership), REFERRALS, referral_body(case)), 201)

    assert data["status"] == ReferralStatus.REFERRED and data["triageOn"]
    assert data["requestingOrganisation"]["id"] == vt_membership.organisation_id
    assert data["escalationSignals"] == ["weapon", "threat_to_kill"]
    assert data["history"]["earlier_cases"] == 0
    assert Referral.objects.get(pk=data["id"]).case == case


def test_a_partner_taking_part_asks_veilig_thuis(login_as, team_case, liaison):
    case, _persons, vt_membership = team_case

    data = ok(post_json(login_as(liaison), REFERRALS, referral_body(case)), 201)

    assert data["status"] == ReferralStatus.REQUESTED and data["triageOn"] is None
    assert Notice.objects.filter(referral_id=data["id"],
                                 to_organisation=vt_membership.organisation).exists()


def test_a_referral_without_reason_is_a_400_at_reason_and_changes_nothing(login_as, team_case):
    case, _persons, vt_membership = team_case
    before = state()

    response = post_json(login_as(vt_membership), REFERRALS, referral_body(case, reason="  "))

    problem = assert_bad_input(response, vt_membership, "reason", before)
    assert "reden" in problem["invalidParams"][0]["reason"]


def test_an_unknown_escalation_signal_is_a_400(login_as, team_case):
    case, _persons, vt_membership = team_case
    before = state()

    response = post_json(login_as(vt_membership), REFERRALS,
                         referral_body(case, escalationSignals=["hunch"]))

    assert_bad_input(response, vt_membership, "escalationSignals.0", before)


def test_an_organisation_without_part_in_the_case_cannot_refer(login_as, team_case):
    case, _persons, _vt = team_case
    outsider = other_local_team_worker()
    before = state()

    response = post_json(login_as(outsider), REFERRALS, referral_body(case))

    assert_refused(response, outsider, "conferences.request_referral", before)


def test_a_case_that_does_not_exist_is_the_same_refusal(login_as, team_case):
    _case, _persons, vt_membership = team_case
    before = state()

    response = post_json(login_as(vt_membership), REFERRALS, {"case": 999999, "reason": "x",
                                                              "goal": "y"})

    entry = assert_refused(response, vt_membership, "conferences.refer", before)
    assert (entry.object_type, entry.object_id) == ("cases.case", "999999")


# --- List and detail ---------------------------------------------------------------------------------


def test_the_list_filters_by_status_and_logs_the_persons_shown(login_as, team_case, team_member,
                                                                  liaison):
    case, persons, vt_membership = team_case
    referral = referred(team_case)
    client = login_as(team_member)

    waiting = ok(client.get(REFERRALS, {"status": "referred"}))
    assert [r["id"] for r in waiting["results"]] == [referral.pk]
    assert_read(team_member, "conferences.referral_list", persons)
    assert ok(client.get(REFERRALS, {"status": "accepted"}))["results"] == []
    # The police did not put this family forward, but they decide at the triage it waits for.
    assert [r["id"] for r in ok(login_as(liaison).get(REFERRALS))["results"]] == [referral.pk]
    # A local team of another municipality sees nothing.
    assert ok(login_as(other_local_team_worker()).get(REFERRALS))["results"] == []


def test_an_unknown_status_filter_is_a_400(login_as, team_member):
    response = login_as(team_member).get(REFERRALS, {"status": "lost"})
    assert response.status_code == 400


def test_the_detail_shows_history_and_triage_decisions(login_as, team_case, team_member):
    _case, persons, _vt = team_case
    referral = accepted(team_case, team_member)

    data = ok(login_as(team_member).get(f"{REFERRALS}{referral.pk}/"))

    assert data["status"] == ReferralStatus.ACCEPTED
    assert set(data["history"]) >= {"reports", "earlier_cases", "instruments", "house_bans"}
    [decision] = data["triageDecisions"]
    assert decision["outcome"] == "accept" and decision["decidedBy"]["id"] == team_member.user_id
    assert data["coordinator"]["id"] == team_member.user_id
    assert_read(team_member, "conferences.referral_read", persons)


def test_the_detail_is_a_logged_404_for_who_may_not_see_it(login_as, team_case):
    referral = referred(team_case)
    outsider = other_local_team_worker()

    assert_refused(login_as(outsider).get(f"{REFERRALS}{referral.pk}/"), outsider,
                   "conferences.view_referral")


def test_a_role_without_client_data_meets_the_gate(login_as, team_case, log_admin):
    referral = referred(team_case)

    assert_refused(login_as(log_admin).get(f"{REFERRALS}{referral.pk}/"), log_admin,
                   "cases.view_work")


# --- Veilig Thuis's decision on a partner's request ------------------------------------------------------


def test_veilig_thuis_decides_on_a_request_and_the_partner_hears_back(login_as, team_case, liaison):
    _case, _persons, vt_membership = team_case
    request = requested(team_case, liaison)

    data = ok(post_json(login_as(vt_membership), f"{REFERRALS}{request.pk}/decision/",
                        {"refer": True, "reason": "Lange voorgeschiedenis, hoog risico."}))

    assert data["status"] == ReferralStatus.REFERRED and data["triageOn"]
    assert data["vtDecisionReason"] == "Lange voorgeschiedenis, hoog risico."
    assert Notice.objects.filter(referral=request, to_organisation=liaison.organisation,
                                 text__contains="Lange voorgeschiedenis").exists()


def test_a_decision_without_reason_is_a_400(login_as, team_case, liaison):
    _case, _persons, vt_membership = team_case
    request = requested(team_case, liaison)
    before = state()

    response = post_json(login_as(vt_membership), f"{REFERRALS}{request.pk}/decision/",
                         {"refer": False, "reason": ""})

    assert_bad_input(response, vt_membership, "reason", before)


def test_only_veilig_thuis_decides_on_a_request(login_as, team_case, liaison):
    request = requested(team_case, liaison)
    before = state()

    response = post_json(login_as(liaison), f"{REFERRALS}{request.pk}/decision/",
                         {"refer": True, "reason": "Zelf besloten."})

    assert_refused(response, liaison, "conferences.refer", before)


# --- The triage's decision -------------------------------------------------------------------------------


def test_the_triage_accepts_with_a_coordinator(login_as, team_case, team_member, team):
    case, _persons, _vt = team_case
    referral = referred(team_case)

    data = ok(post_json(login_as(team_member), f"{REFERRALS}{referral.pk}/triage-decision/",
                        {"outcome": "accept", "reason": "Past bij het Veiligheidsteam.",
                         "coordinator": team_member.user_id}))

    assert data["status"] == ReferralStatus.ACCEPTED
    case.refresh_from_db()
    assert case.coordinator == team_member.user
    assert case.participations.filter(organisation=team, ended_at__isnull=True).exists()


def test_accepting_without_a_coordinator_is_a_400_at_coordinator(login_as, team_case, team_member):
    referral = referred(team_case)
    before = state()

    response = post_json(login_as(team_member), f"{REFERRALS}{referral.pk}/triage-decision/",
                         {"outcome": "accept", "reason": "Past bij het Veiligheidsteam."})

    assert_bad_input(response, team_member, "coordinator", before)


def test_not_yet_keeps_the_family_on_the_triage_list(login_as, team_case, team_member):
    referral = referred(team_case)
    triage_on = referral.triage_on

    data = ok(post_json(login_as(team_member), f"{REFERRALS}{referral.pk}/triage-decision/",
                        {"outcome": "not_yet", "reason": "Eerst het politiedossier."}))

    assert data["status"] == ReferralStatus.REFERRED
    assert data["triageOn"] > triage_on.isoformat()


def test_a_triage_partner_reads_the_list_but_the_team_decides(login_as, team_case, liaison):
    referral = referred(team_case)
    before = state()

    response = post_json(login_as(liaison), f"{REFERRALS}{referral.pk}/triage-decision/",
                         {"outcome": "not_accept", "reason": "Niet nodig."})

    assert_refused(response, liaison, "conferences.decide_triage", before)


# --- Handing back at stable safety ---------------------------------------------------------------------


def test_the_team_hands_back_at_stable_safety(login_as, team_case, team_member, tilburg_team):
    case, _persons, vt_membership = team_case
    referral = accepted(team_case, team_member)
    change_phase(actor_of(team_member), case, to_phase=Phase.STABLE_SAFETY, reason="Rustig.")

    data = ok(post_json(login_as(team_member), f"{REFERRALS}{referral.pk}/hand-back/",
                        {"toOrganisation": tilburg_team.pk, "note": "Stabiel sinds drie maanden."}))

    assert data["status"] == ReferralStatus.HANDED_BACK
    assert data["handedBackTo"]["id"] == tilburg_team.pk
    assert Notice.objects.filter(referral=referral, to_organisation=tilburg_team).exists()


def test_handing_back_in_direct_safety_is_a_400(login_as, team_case, team_member, tilburg_team):
    referral = accepted(team_case, team_member)
    before = state()

    response = post_json(login_as(team_member), f"{REFERRALS}{referral.pk}/hand-back/",
                         {"toOrganisation": tilburg_team.pk, "note": "Klaar."})

    assert_bad_input(response, team_member, "toOrganisation", before)


def test_the_team_hands_back_only_while_it_holds_oversight(login_as, team_case, team_member, team,
                                                           tilburg_team):
    referral = accepted(team_case, team_member, handover=False)  # offered, not yet accepted
    other_member = member_of(Role.SAFETY_TEAM_MEMBER, team)
    before = state()

    response = post_json(login_as(other_member), f"{REFERRALS}{referral.pk}/hand-back/",
                         {"toOrganisation": tilburg_team.pk, "note": "Klaar."})

    assert_refused(response, other_member, "conferences.hand_back", before)
