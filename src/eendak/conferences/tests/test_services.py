"""The Veiligheidsteam's chain in its services: referral → triage → handover → conference → plan →
measures → hand back, and the rules that refuse bad input without changing anything."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.cases import services as cases
from eendak.cases.models import Case, Handover, HandoverStatus, Phase, PlanAction
from eendak.cases.queries import signals
from eendak.conferences import services
from eendak.conferences.models import (
    Contribution,
    Invitation,
    Measure,
    MeasureKind,
    Notice,
    Referral,
)
from eendak.conferences.permissions import view_item
from eendak.conferences.workflow import (
    ConferenceStatus,
    Informed,
    InvitationKind,
    ReferralStatus,
    TriageOutcome,
)
from eendak.core.exceptions import NotPermitted, RuleViolation
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import actor_of

pytestmark = pytest.mark.django_db


def _referred(team_case, liaison):
    case, _persons, vt_membership = team_case
    police = actor_of(f.membership(Role.PARTNER_LIAISON, liaison.organisation))
    request = services.request_referral(
        police, case, reason="Derde huisverbod in twee jaar; dreiging met mes.",
        goal="Escalatie stoppen: straf en zorg samen.", escalation_signals=["weapon"])
    vt = actor_of(vt_membership)
    return services.decide_on_request(vt, request, refer_it=True,
                                      reason="Lange voorgeschiedenis, hoog risico.")


def test_a_partner_asks_veilig_thuis_which_refers_and_the_partner_hears_back(team_case, liaison):
    referral = _referred(team_case, liaison)
    assert referral.status == ReferralStatus.REFERRED
    assert referral.triage_on is not None
    assert referral.history["earlier_cases"] == 0
    feedback = Notice.objects.filter(referral=referral, to_organisation=liaison.organisation)
    assert feedback.filter(text__contains="Lange voorgeschiedenis").exists()


def test_a_referral_without_reason_changes_nothing(team_case):
    case, _persons, vt_membership = team_case
    with pytest.raises(RuleViolation) as refused:
        services.refer(actor_of(vt_membership), case, reason="  ", goal="Doel")
    assert refused.value.field == "reason"
    assert not Referral.objects.exists()


def test_only_veilig_thuis_refers(team_case, liaison):
    case, _persons, _vt = team_case
    with pytest.raises(NotPermitted):
        services.refer(actor_of(liaison), case, reason="Reden", goal="Doel")
    assert not Referral.objects.exists()


def test_the_whole_chain(team_case, liaison, team, team_member, ggz, ggz_contact, tilburg_team):
    case, persons, vt_membership = team_case
    referral = _referred(team_case, liaison)
    member = actor_of(team_member)

    # Triage: accepted; the team takes part, is offered oversight of safety and coordinates.
    services.decide_triage(member, referral, outcome=TriageOutcome.ACCEPT,
                           reason="Past bij het Veiligheidsteam.", coordinator=team_member.user)
    referral.refresh_from_db()
    case.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert case.coordinator == team_member.user
    handover = Handover.objects.get(case=case, status=HandoverStatus.OFFERED)
    assert handover.to_organisation == team
    cases.accept_handover(member, handover)
    case.refresh_from_db()
    assert case.responsible_organisation == team
    assert Notice.objects.filter(referral=referral, to_organisation=liaison.organisation,
                                 text__contains="geaccepteerd").exists()

    # The coordination of a team family is not signalled at the generic limit.
    Case.objects.filter(pk=case.pk).update(coordinator_since=timezone.localdate()
                                           - timedelta(days=700))
    assert not [s for s in signals(team_member.user) if s.kind == "coordination_limit"]

    # A conference with a consulting partner invited for this household alone.
    conference = services.plan_conference(member, starts_at=timezone.now() + timedelta(days=2),
                                          place="Zorg- en Veiligheidshuis, Tilburg",
                                          chair=team_member.user)
    item = services.add_to_agenda(member, conference, referral, consulting_ids=[ggz.pk])
    assert Invitation.objects.filter(item=item, organisation=ggz,
                                     kind=InvitationKind.CONSULTING).exists()
    assert view_item(actor_of(ggz_contact), item)
    services.contribute(actor_of(ggz_contact), item, text="Vader is in behandeling geweest.",
                        legal_basis="consent", conference_only=True)
    services.contribute(actor_of(liaison), item, text="Twee meldingen deze maand.",
                        legal_basis="statutory_task")
    assert case.journal.filter(text__contains="Twee meldingen deze maand").exists()
    assert not case.journal.filter(text__contains="in behandeling geweest").exists()

    # Decisions and actions go into the family's one plan.
    decision = services.record_decision(member, item, text="Contactverbod aanvragen.")
    action = services.agree_action(member, item, text="Contactverbod voorbereiden",
                                   owner_organisation=liaison.organisation, owner=None,
                                   due_on=timezone.localdate() + timedelta(days=7),
                                   decision=decision)
    assert PlanAction.objects.filter(pk=action.plan_action_id,
                                     goal__version__case=case).exists()
    with pytest.raises(RuleViolation) as refused:
        services.agree_action(member, item, text="Zonder eigenaar", owner_organisation=None,
                              due_on=timezone.localdate())
    assert refused.value.field == "owner_organisation"
    services.record_informing(member, item, informed=Informed.UNSAFE,
                              reason="Lopend strafrechtelijk onderzoek.")

    # Held: the consulting partner no longer sees the household, only its own contribution.
    Conference = type(conference)
    Conference.objects.filter(pk=conference.pk).update(starts_at=timezone.now()
                                                       - timedelta(hours=1))
    services.hold_conference(member, conference)
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.HELD
    assert not view_item(actor_of(ggz_contact), item)
    assert Contribution.objects.filter(organisation=ggz).count() == 1

    # Measures: a house ban of 40 days is refused; 10 days is signalled before it ends.
    police_actor = actor_of(liaison)
    with pytest.raises(RuleViolation):
        services.record_measure(police_actor, case, kind=MeasureKind.HOUSE_BAN,
                                starts_on=timezone.localdate(),
                                ends_on=timezone.localdate() + timedelta(days=40))
    assert not Measure.objects.exists()
    ban = services.record_measure(police_actor, case, kind=MeasureKind.HOUSE_BAN,
                                  starts_on=timezone.localdate() - timedelta(days=8))
    assert ban.ends_on == ban.starts_on + timedelta(days=10)
    assert [s for s in signals(liaison.user) if s.kind == "measure_ending"]
    with pytest.raises(RuleViolation):
        services.extend_measure(police_actor, ban, until=ban.starts_on + timedelta(days=29),
                                reason="Verlenging")
    services.extend_measure(police_actor, ban, until=ban.starts_on + timedelta(days=28),
                            reason="Dreiging houdt aan")

    # Back to the local team at stable safety; Veilig Thuis and the team hear it.
    with pytest.raises(RuleViolation):
        services.hand_back(member, referral, to_organisation_id=tilburg_team.pk, note="Klaar")
    cases.change_phase(member, case, to_phase=Phase.STABLE_SAFETY, reason="Geen incidenten")
    services.hand_back(member, referral, to_organisation_id=tilburg_team.pk,
                       note="Stabiele veiligheid sinds drie maanden.")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.HANDED_BACK
    assert Handover.objects.filter(case=case, to_organisation=tilburg_team,
                                   status=HandoverStatus.OFFERED).exists()
    assert Notice.objects.filter(referral=referral, to_organisation=tilburg_team).exists()
    assert Notice.objects.filter(referral=referral,
                                 to_organisation=vt_membership.organisation,
                                 text__contains="terug").exists()


def test_not_yet_keeps_the_family_on_the_list_for_next_week(team_case, liaison, team_member):
    referral = _referred(team_case, liaison)
    first = referral.triage_on
    services.decide_triage(actor_of(team_member), referral, outcome=TriageOutcome.NOT_YET,
                           reason="Eerst aangifte afwachten.")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFERRED
    assert referral.triage_on > first
    assert Notice.objects.filter(referral=referral, to_organisation=liaison.organisation,
                                 text__contains="nog niet").exists()


def test_not_accepted_is_final_and_fed_back(team_case, liaison, team_member):
    referral = _referred(team_case, liaison)
    member = actor_of(team_member)
    services.decide_triage(member, referral, outcome=TriageOutcome.NOT_ACCEPT,
                           reason="Lokaal team kan dit dragen.")
    with pytest.raises(RuleViolation):
        services.decide_triage(member, referral, outcome=TriageOutcome.ACCEPT, reason="Toch wel",
                               coordinator=team_member.user)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.NOT_ACCEPTED
    assert referral.triage_decisions.count() == 1


def test_accepting_needs_a_coordinator_of_the_team(team_case, liaison, team_member):
    case, _persons, _vt = team_case
    referral = _referred(team_case, liaison)
    with pytest.raises(RuleViolation) as refused:
        services.decide_triage(actor_of(team_member), referral, outcome=TriageOutcome.ACCEPT,
                               reason="Past.", coordinator=liaison.user)
    assert refused.value.field == "coordinator"
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REFERRED
    assert not case.handovers.exists()


def test_a_partner_cannot_decide_the_triage(team_case, liaison):
    referral = _referred(team_case, liaison)
    with pytest.raises(NotPermitted):
        services.decide_triage(actor_of(liaison), referral, outcome=TriageOutcome.NOT_ACCEPT,
                               reason="Nee")


def test_veilig_thuis_may_decide_not_to_refer_and_the_partner_hears_why(team_case, liaison):
    case, _persons, vt_membership = team_case
    request = services.request_referral(actor_of(liaison), case, reason="Zorgen", goal="Stoppen")
    services.decide_on_request(actor_of(vt_membership), request, refer_it=False,
                               reason="Het lokale team en de politie hebben het in beeld.")
    request.refresh_from_db()
    assert request.status == ReferralStatus.NOT_REFERRED
    assert request.triage_on is None
    assert Notice.objects.filter(referral=request, to_organisation=liaison.organisation,
                                 text__contains="niet aangemeld").exists()
    with pytest.raises(RuleViolation):
        services.decide_on_request(actor_of(vt_membership), request, refer_it=True, reason="Toch")


def test_one_active_referral_per_family(team_case, liaison):
    case, _persons, vt_membership = team_case
    _referred(team_case, liaison)
    with pytest.raises(RuleViolation):
        services.refer(actor_of(vt_membership), case, reason="Nogmaals", goal="Doel")
    assert Referral.objects.count() == 1


def _accepted(team_case, liaison, team_member):
    case, _persons, _vt = team_case
    referral = _referred(team_case, liaison)
    member = actor_of(team_member)
    services.decide_triage(member, referral, outcome=TriageOutcome.ACCEPT, reason="Past.",
                           coordinator=team_member.user)
    cases.accept_handover(member, Handover.objects.get(case=case, status=HandoverStatus.OFFERED))
    return referral, member


def test_informing_not_is_recorded_only_with_a_reason(team_case, liaison, team_member):
    referral, member = _accepted(team_case, liaison, team_member)
    conference = services.plan_conference(member, starts_at=timezone.now() + timedelta(days=1),
                                          place="ZVH", chair=team_member.user)
    item = services.add_to_agenda(member, conference, referral)
    with pytest.raises(RuleViolation) as refused:
        services.record_informing(member, item, informed=Informed.UNSAFE, reason="")
    assert refused.value.field == "not_informed_reason"
    item.refresh_from_db()
    assert item.informed == Informed.NOT_YET


def test_a_consulting_partner_not_invited_sees_nothing(team_case, liaison, team_member,
                                                       ggz_contact):
    referral, member = _accepted(team_case, liaison, team_member)
    conference = services.plan_conference(member, starts_at=timezone.now() + timedelta(days=1),
                                          place="ZVH", chair=team_member.user)
    item = services.add_to_agenda(member, conference, referral)
    assert not view_item(actor_of(ggz_contact), item)
    with pytest.raises(NotPermitted):
        services.contribute(actor_of(ggz_contact), item, text="Inbreng", legal_basis="consent")
    assert not Contribution.objects.exists()


def test_only_the_source_changes_a_measure(team_case, liaison, team_member):
    case, _persons, vt_membership = team_case
    ban = services.record_measure(actor_of(liaison), case, kind=MeasureKind.HOUSE_BAN,
                                  starts_on=timezone.localdate())
    with pytest.raises(NotPermitted):
        services.end_measure(actor_of(vt_membership), ban, reason="Niet van ons")
    ban.refresh_from_db()
    assert ban.status == "running"


def test_a_partner_cannot_hand_the_family_back(team_case, liaison, team_member, tilburg_team):
    referral, member = _accepted(team_case, liaison, team_member)
    with pytest.raises(NotPermitted):
        services.hand_back(actor_of(liaison), referral, to_organisation_id=tilburg_team.pk,
                           note="Klaar")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_a_conference_action_is_read_from_the_current_plan(team_case, liaison, team_member):
    """A new plan version copies the action; the conference's item shows the copy's status."""
    from eendak.cases.models import ActionStatus
    from eendak.conferences.queries import ItemFile

    case, _persons, _vt = team_case
    referral, member = _accepted(team_case, liaison, team_member)
    conference = services.plan_conference(member, starts_at=timezone.now() + timedelta(days=1),
                                          place="ZVH", chair=team_member.user)
    item = services.add_to_agenda(member, conference, referral)
    link = services.agree_action(member, item, text="Contactverbod voorbereiden",
                                 owner_organisation=liaison.organisation,
                                 due_on=timezone.localdate() + timedelta(days=7))
    cases.new_plan_version(member, case, note="Na het overleg")
    copy = PlanAction.objects.get(origin_id=link.plan_action_id)
    cases.set_action_status(actor_of(liaison), copy, ActionStatus.DONE)
    [shown] = ItemFile.load(item).actions
    assert shown.plan_action.pk == copy.pk
    assert shown.plan_action.status == ActionStatus.DONE


def test_the_item_names_the_persons_discussed_without_addresses(team_case, liaison, team_member):
    from eendak.conferences.queries import ItemFile

    case, persons, _vt = team_case
    referral, member = _accepted(team_case, liaison, team_member)
    conference = services.plan_conference(member, starts_at=timezone.now() + timedelta(days=1),
                                          place="ZVH", chair=team_member.user)
    item = services.add_to_agenda(member, conference, referral)
    people = ItemFile.load(item).people
    assert {row.person.pk for row in people} == {p.pk for p in persons}


def test_the_team_sees_its_families_without_a_perpetrator_approach(team_case, liaison,
                                                                   team_member):
    from eendak.conferences.queries import team_work

    case, _persons, _vt = team_case
    referral, member = _accepted(team_case, liaison, team_member)
    assert [r.pk for r in team_work(member).without_perpetrator_approach] == [referral.pk]
    services.record_measure(member, case, kind=MeasureKind.PERPETRATOR_APPROACH,
                            starts_on=timezone.localdate(), description="Aanpak Huiselijk Geweld")
    assert team_work(member).without_perpetrator_approach == []


def test_an_action_due_is_listed_once_whatever_the_number_of_plan_versions(team_case, liaison,
                                                                           team_member):
    from eendak.conferences.queries import team_work

    case, _persons, _vt = team_case
    referral, member = _accepted(team_case, liaison, team_member)
    conference = services.plan_conference(member, starts_at=timezone.now() + timedelta(days=1),
                                          place="ZVH", chair=team_member.user)
    item = services.add_to_agenda(member, conference, referral)
    services.agree_action(member, item, text="Contactverbod voorbereiden",
                          owner_organisation=liaison.organisation,
                          due_on=timezone.localdate() + timedelta(days=3))
    cases.new_plan_version(member, case, note="Na het overleg")
    assert [a.text for a in team_work(member).actions_due] == ["Contactverbod voorbereiden"]
