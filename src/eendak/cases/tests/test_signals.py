"""Work queues and signals come from stored dates: what is due shows without any scheduled job."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.cases import queries, services
from eendak.cases.models import Case, MonitoringMoment
from eendak.core.workdays import add_months


def kinds(user, **kwargs):
    return {s.kind for s in queries.signals(user, **kwargs)}


@pytest.mark.django_db
def test_monitoring_moment_due_is_signalled_to_veilig_thuis_only(open_case, vt_actor, team_actor):
    services.set_conditions(vt_actor, open_case, [("Voorwaarde", "Ouders")])
    first = MonitoringMoment.objects.filter(case=open_case).order_by("planned_on").first()
    assert "monitoring_due" not in kinds(vt_actor.user)
    overdue = [s for s in queries.signals(vt_actor.user, today=first.planned_on + timedelta(days=1))
               if s.kind == "monitoring_due"]
    assert overdue and overdue[0].overdue
    assert "monitoring_due" not in kinds(team_actor.user, today=first.planned_on + timedelta(days=1))


@pytest.mark.django_db
def test_handover_waiting_shows_for_the_receiver(open_case, vt_actor, team_actor, tilburg_team):
    services.offer_handover(vt_actor, open_case, to_organisation_id=tilburg_team.pk)
    waiting = [s for s in queries.signals(team_actor.user) if s.kind == "handover_waiting"]
    assert waiting and waiting[0].label == "Overdracht wacht op uw acceptatie"


@pytest.mark.django_db
def test_overdue_action_and_my_actions(open_case, team_actor, tilburg_team):
    today = timezone.localdate()
    goal = services.add_goal(team_actor, services.new_plan_version(team_actor, open_case),
                             part="safety", text="Veilig thuis")
    services.add_action(team_actor, goal, text="Huisbezoek", owner_organisation=tilburg_team,
                        owner=team_actor.user, start_on=today - timedelta(days=10),
                        due_on=today - timedelta(days=1))
    assert [a.text for a in queries.my_actions(team_actor.user)] == ["Huisbezoek"]
    assert "action_overdue" in kinds(team_actor.user)


@pytest.mark.django_db
def test_eighteen_month_limits(open_case, vt_actor, team_actor):
    services.set_conditions(vt_actor, open_case, [("Voorwaarde", "Ouders")])
    # Veilig Thuis steers while it is responsible: it chooses the local team's coordinator.
    services.assign_coordinator(vt_actor, open_case, team_actor.user)
    later = add_months(timezone.localdate(), 18) - timedelta(days=5)
    assert "monitoring_limit" in kinds(vt_actor.user, today=later)
    assert "coordination_limit" in kinds(team_actor.user, today=later)
    assert "monitoring_limit" not in kinds(vt_actor.user)


@pytest.mark.django_db
def test_my_cases_lists_open_cases_of_my_organisation(open_case, team_actor, goirle_actor):
    assert list(queries.my_cases(team_actor.user)) == [Case.objects.get(pk=open_case.pk)]
    assert list(queries.my_cases(goirle_actor.user)) == []


@pytest.mark.django_db
def test_signals_of_several_cases_are_not_narrowed_to_one(open_case, vt_actor, team_actor,
                                                          tilburg_team, household_with_case):
    """Regression: a loop variable once shadowed the ``case`` parameter, so the handover signal
    of one case vanished as soon as another case had a monitoring limit."""
    from eendak.testing import factories as f

    services.set_conditions(vt_actor, open_case, [("Voorwaarde", "Ouders")])  # a monitoring limit
    other_household = f.HouseholdFactory()
    f.person_in(other_household, "parent")
    other = f.case_for(other_household, vt_actor.organisation, tilburg_team,
                       responsible=vt_actor.organisation)
    services.offer_handover(vt_actor, other, to_organisation_id=tilburg_team.pk)
    later = add_months(timezone.localdate(), 18)
    found = queries.signals(vt_actor.user, today=later)
    assert {"monitoring_limit", "handover_waiting"} <= {s.kind for s in found}
    assert any(s.kind == "handover_waiting" and s.case == other for s in found)


@pytest.mark.django_db
def test_an_impact_measurement_due_is_signalled_to_veilig_thuis_until_recorded(
        open_case, vt_actor, team_actor):
    """T12 shows from its window (30 days before the date), 'te laat' after it, for Veilig Thuis
    taking part only; recorded, it is gone — T18 follows in its own window."""
    from eendak.cases import impact
    from eendak.cases.models import ImpactMeasurement, ImpactMoment

    t12 = impact.due_on(open_case, ImpactMoment.T12)
    assert "impact_due" not in kinds(vt_actor.user, today=t12 - timedelta(days=31))
    due = [s for s in queries.signals(vt_actor.user, today=t12 - timedelta(days=30))
           if s.kind == "impact_due"]
    assert [(s.case, s.label, s.overdue) for s in due] == [
        (open_case, "Impactmeting T12: na 12 maanden", False)]
    late = [s for s in queries.signals(vt_actor.user, today=t12 + timedelta(days=31))
            if s.kind == "impact_due"]
    assert late and late[0].overdue and late[0].due == t12 + timedelta(days=30)
    assert "impact_due" not in kinds(team_actor.user, today=t12)  # the team records none

    ImpactMeasurement.objects.create(  # as recorded on its date (the service refuses the future)
        case=open_case, moment=ImpactMoment.T12, measured_on=t12, incidents=0, severity="none",
        new_reports=0, professional_safety=8, recorded_by=vt_actor.user,
        organisation=vt_actor.membership.organisation)
    assert "impact_due" not in kinds(vt_actor.user, today=t12 + timedelta(days=31))
    t18 = impact.due_on(open_case, ImpactMoment.T18)
    later = [s.label for s in queries.signals(vt_actor.user, today=t18) if s.kind == "impact_due"]
    assert later == ["Impactmeting T18: na 18 maanden"]
