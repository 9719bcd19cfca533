"""What the review of the Veiligheidsteam found, held: Veilig Thuis's history stays with those who
decide on it, a consulting partner's look ends with the conference, only the team's partners and the
case's own can be invited, and a decision taken at another desk is not taken twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.cases import services as cases
from eendak.cases.models import Handover, HandoverStatus, Phase
from eendak.conferences import services
from eendak.conferences.models import Conference, Invitation, Measure, MeasureKind, Referral
from eendak.conferences.permissions import view_item
from eendak.conferences.queries import measures_ending
from eendak.conferences.workflow import ReferralStatus, TriageOutcome
from eendak.core.exceptions import RuleViolation
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import actor_of

pytestmark = pytest.mark.django_db


def _accepted(team_case, liaison, team_member):
    case, _persons, vt_membership = team_case
    referral = services.refer(actor_of(vt_membership), case, reason="Derde huisverbod.",
                              goal="Escalatie stoppen.")
    member = actor_of(team_member)
    services.decide_triage(member, referral, outcome=TriageOutcome.ACCEPT, reason="Past.",
                           coordinator=team_member.user)
    cases.accept_handover(member, Handover.objects.get(case=case, status=HandoverStatus.OFFERED))
    return referral, member


def test_a_partner_that_asks_sees_no_history_of_veilig_thuis(team_case, tilburg_team, login_as):
    case, _persons, vt_membership = team_case
    worker = f.membership(Role.LOCAL_TEAM_WORKER, tilburg_team)
    page = login_as(worker).get(f"/veiligheidsteam/casus/{case.pk}/aanmelden/").content.decode()
    assert "Voorgeschiedenis uit het dossier" not in page
    request = services.request_referral(actor_of(worker), case, reason="Zorgen", goal="Stoppen")
    assert request.history == {}
    detail = login_as(worker).get(f"/api/v1/referrals/{request.pk}/").json()
    assert detail["history"] is None
    # Veilig Thuis refers: now the history is counted and stored, for the triage to read.
    services.decide_on_request(actor_of(vt_membership), request, refer_it=True, reason="Past")
    request.refresh_from_db()
    assert request.history["earlier_cases"] == 0
    assert login_as(worker).get(f"/api/v1/referrals/{request.pk}/").json()["history"] is None


def test_veilig_thuis_decides_a_request_also_where_it_does_not_take_part(region, police,
                                                                         tilburg_team, vt):
    household = f.HouseholdFactory()
    f.person_in(household, "parent", bsn=f.test_bsn())
    case = f.case_for(household, tilburg_team, police, responsible=tilburg_team)
    liaison = f.membership(Role.PARTNER_LIAISON, police)
    request = services.request_referral(actor_of(liaison), case, reason="Zorgen", goal="Stoppen")
    intake = f.membership(Role.VT_INTAKE, vt)
    services.decide_on_request(actor_of(intake), request, refer_it=True, reason="Past")
    request.refresh_from_db()
    assert request.status == ReferralStatus.REFERRED
    assert case.participations.filter(organisation=vt, ended_at__isnull=True).exists()


def test_only_the_teams_partners_and_the_cases_own_can_be_invited(team_case, hospital):
    case, _persons, vt_membership = team_case
    with pytest.raises(RuleViolation) as refused:
        services.refer(actor_of(vt_membership), case, reason="Reden", goal="Doel",
                       invited_partner_ids=[hospital.pk])
    assert refused.value.field == "invited_partners"
    assert not Referral.objects.exists()


def test_a_consulting_partners_look_ends_the_day_after_the_conference(team_case, liaison,
                                                                      team_member, ggz,
                                                                      ggz_contact):
    referral, member = _accepted(team_case, liaison, team_member)
    conference = services.plan_conference(member, starts_at=timezone.now() + timedelta(hours=2),
                                          place="ZVH", chair=team_member.user)
    item = services.add_to_agenda(member, conference, referral, consulting_ids=[ggz.pk])
    assert view_item(actor_of(ggz_contact), item)
    # Never marked held, but two days past: the look has ended.
    Conference.objects.filter(pk=conference.pk).update(starts_at=timezone.now()
                                                       - timedelta(days=2))
    assert not view_item(actor_of(ggz_contact), item)
    assert view_item(actor_of(liaison), item)  # a fixed member still reads it


def test_the_team_cannot_invite_an_organisation_outside_its_partners(team_case, liaison,
                                                                     team_member, hospital):
    referral, member = _accepted(team_case, liaison, team_member)
    conference = services.plan_conference(member, starts_at=timezone.now() + timedelta(hours=2),
                                          place="ZVH", chair=team_member.user)
    with pytest.raises(RuleViolation):
        services.add_to_agenda(member, conference, referral, consulting_ids=[hospital.pk])
    item = services.add_to_agenda(member, conference, referral)
    with pytest.raises(RuleViolation):
        services.invite_partner(member, item, hospital)
    assert not Invitation.objects.filter(organisation=hospital).exists()


def test_a_triage_decision_taken_meanwhile_is_not_taken_twice(team_case, team_member):
    case, _persons, vt_membership = team_case
    referral = services.refer(actor_of(vt_membership), case, reason="Reden", goal="Doel")
    seen = referral.triage_on
    member = actor_of(team_member)
    services.decide_triage(member, referral, outcome=TriageOutcome.NOT_YET, reason="Wachten",
                           seen_triage_on=seen)
    with pytest.raises(RuleViolation):
        services.decide_triage(member, referral, outcome=TriageOutcome.NOT_YET, reason="Wachten",
                               seen_triage_on=seen)
    assert referral.triage_decisions.count() == 1


def test_after_a_declined_hand_back_the_team_offers_again(team_case, liaison, team_member,
                                                          tilburg_team):
    case, _persons, _vt = team_case
    referral, member = _accepted(team_case, liaison, team_member)
    cases.change_phase(member, case, to_phase=Phase.STABLE_SAFETY, reason="Rustig")
    services.hand_back(member, referral, to_organisation_id=tilburg_team.pk, note="Stabiel.")
    worker = actor_of(f.membership(Role.LOCAL_TEAM_WORKER, tilburg_team))
    cases.decline_handover(worker, Handover.objects.get(case=case, status=HandoverStatus.OFFERED),
                           reason="Eerst nog een overleg.")
    services.hand_back(member, referral, to_organisation_id=tilburg_team.pk, note="Na overleg.")
    assert Handover.objects.filter(case=case, to_organisation=tilburg_team,
                                   status=HandoverStatus.OFFERED).exists()


def test_a_measure_long_past_its_end_is_no_longer_signalled(team_case, liaison):
    case, _persons, _vt = team_case
    ban = services.record_measure(actor_of(liaison), case, kind=MeasureKind.HOUSE_BAN,
                                  starts_on=timezone.localdate() - timedelta(days=9))
    today = timezone.localdate()
    assert list(measures_ending([case.pk], today)) == [ban]
    Measure.objects.filter(pk=ban.pk).update(ends_on=today - timedelta(days=8))
    assert list(measures_ending([case.pk], today)) == []


def test_an_impossible_week_is_a_message_not_an_error(team_member, login_as):
    response = login_as(team_member).get("/veiligheidsteam/triage/?week=9999-12-31")
    assert response.status_code == 200
    assert "Die week bestaat niet" in response.content.decode()
    assert login_as(team_member).get("/api/v1/triage/?week=9999-12-31").status_code == 400



def test_veilig_thuis_deciding_a_request_sees_the_history_it_would_store(team_case, liaison,
                                                                          login_as):
    case, _persons, vt_membership = team_case
    request = services.request_referral(actor_of(liaison), case, reason="Zorgen", goal="Stoppen")
    page = login_as(vt_membership).get(f"/veiligheidsteam/aanmeldingen/{request.pk}/")
    assert "dit wordt vastgelegd wanneer u aanmeldt" in page.content.decode()
    page = login_as(liaison).get(f"/veiligheidsteam/aanmeldingen/{request.pk}/").content.decode()
    assert "Meldingen over dit huishouden" not in page


def test_the_team_withdraws_a_consulting_partners_invitation(team_case, liaison, team_member,
                                                             ggz, ggz_contact, login_as):
    referral, member = _accepted(team_case, liaison, team_member)
    conference = services.plan_conference(member, starts_at=timezone.now() + timedelta(hours=2),
                                          place="ZVH", chair=team_member.user)
    item = services.add_to_agenda(member, conference, referral, consulting_ids=[ggz.pk])
    client = login_as(team_member)
    # Without a reason: the message at its field, still invited.
    page = client.post(f"/veiligheidsteam/agendapunten/{item.pk}/uitnodiging-intrekken/",
                       {"intrekken-organisation": ggz.pk, "intrekken-reason": ""})
    assert "Geef de reden om de uitnodiging in te trekken." in page.content.decode()
    assert view_item(actor_of(ggz_contact), item)
    # A fixed member cannot be uninvited.
    response = client.post(f"/api/v1/agenda-items/{item.pk}/withdraw-invitation/",
                           {"organisation": liaison.organisation.pk, "reason": "Niet nodig"},
                           content_type="application/json")
    assert response.status_code == 400
    response = client.post(f"/api/v1/agenda-items/{item.pk}/withdraw-invitation/",
                           {"organisation": ggz.pk, "reason": "Niet nodig voor dit gezin"},
                           content_type="application/json")
    assert response.status_code == 200
    assert not view_item(actor_of(ggz_contact), item)
    assert login_as(ggz_contact).get(f"/veiligheidsteam/agendapunten/{item.pk}/").status_code == 404
