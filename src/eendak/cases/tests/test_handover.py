"""Oversight of safety is offered, then accepted or declined; until then the sender keeps it."""

import pytest

from eendak.cases import services
from eendak.cases.models import HandoverStatus
from eendak.core.exceptions import NotPermitted, RuleViolation
from eendak.core.models import Organisation


@pytest.mark.django_db
def test_offer_then_accept_moves_responsibility_and_marks_the_moment(open_case, vt_actor,
                                                                     team_actor, tilburg_team):
    handover = services.offer_handover(vt_actor, open_case, to_organisation_id=tilburg_team.pk,
                                       note="Plan loopt, lokaal team neemt over.")
    open_case.refresh_from_db()
    assert open_case.responsible_organisation == vt_actor.organisation  # not yet accepted
    services.accept_handover(team_actor, handover)
    open_case.refresh_from_db()
    assert open_case.responsible_organisation == tilburg_team
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.ACCEPTED and handover.responded_by == team_actor.user
    moments = list(open_case.journal.filter(kind="handover").values_list("text", flat=True))
    assert any("overgedragen van Veilig Thuis Midden-Brabant aan Lokaal team Tilburg" in m
               for m in moments)


@pytest.mark.django_db
def test_decline_needs_a_reason_and_the_sender_stays_responsible(open_case, vt_actor, team_actor,
                                                                 tilburg_team):
    handover = services.offer_handover(vt_actor, open_case, to_organisation_id=tilburg_team.pk)
    with pytest.raises(RuleViolation, match="reden"):
        services.decline_handover(team_actor, handover, reason="")
    services.decline_handover(team_actor, handover, reason="Gezin woont sinds kort in Goirle.")
    open_case.refresh_from_db()
    assert open_case.responsible_organisation == vt_actor.organisation


@pytest.mark.django_db
def test_second_acceptance_is_refused(open_case, vt_actor, team_actor, tilburg_team):
    handover = services.offer_handover(vt_actor, open_case, to_organisation_id=tilburg_team.pk)
    services.accept_handover(team_actor, handover)
    with pytest.raises(RuleViolation, match="al geaccepteerd"):
        services.accept_handover(team_actor, handover)


@pytest.mark.django_db
def test_acceptance_by_the_wrong_organisation_is_refused(open_case, vt_actor, goirle_actor,
                                                         tilburg_team):
    handover = services.offer_handover(vt_actor, open_case, to_organisation_id=tilburg_team.pk)
    with pytest.raises(NotPermitted) as refused:
        services.accept_handover(goirle_actor, handover)
    assert refused.value.permission == "cases.accept_handover"
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.OFFERED
    open_case.refresh_from_db()
    assert open_case.responsible_organisation == vt_actor.organisation


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["missing", "hospital", "inactive", "self"])
def test_handover_to_a_missing_or_not_allowed_organisation(open_case, vt_actor, target):
    if target == "missing":
        pk = 999_999
    elif target == "hospital":
        pk = Organisation.objects.get(type="hospital").pk
    elif target == "inactive":
        org = Organisation.objects.create(name="Opgeheven lokaal team", type="youth_protection",
                                          is_active=False)
        pk = org.pk
    else:
        pk = vt_actor.organisation.pk
    with pytest.raises(RuleViolation) as exc:
        services.offer_handover(vt_actor, open_case, to_organisation_id=pk)
    assert exc.value.field == "to_organisation"
    assert not open_case.handovers.exists()


@pytest.mark.django_db
def test_only_the_responsible_organisation_can_offer(open_case, team_actor, vt):
    with pytest.raises(NotPermitted) as refused:
        services.offer_handover(team_actor, open_case, to_organisation_id=vt.pk)
    assert refused.value.permission == "cases.offer_handover"
    assert not open_case.handovers.exists()


@pytest.mark.django_db
def test_only_the_sender_withdraws(open_case, vt_actor, team_actor, tilburg_team):
    handover = services.offer_handover(vt_actor, open_case, to_organisation_id=tilburg_team.pk)
    with pytest.raises(NotPermitted) as refused:
        services.withdraw_handover(team_actor, handover)
    assert refused.value.permission == "cases.withdraw_handover"
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.OFFERED
    services.withdraw_handover(vt_actor, handover)
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.WITHDRAWN


@pytest.mark.django_db
def test_one_pending_handover_at_a_time(open_case, vt_actor, tilburg_team):
    services.offer_handover(vt_actor, open_case, to_organisation_id=tilburg_team.pk)
    safety_house = Organisation.objects.get(type="safety_house")
    with pytest.raises(RuleViolation, match="al een overdracht open"):
        services.offer_handover(vt_actor, open_case, to_organisation_id=safety_house.pk)
