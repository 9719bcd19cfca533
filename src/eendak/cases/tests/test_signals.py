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
