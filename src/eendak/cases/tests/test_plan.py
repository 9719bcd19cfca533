"""The one plan: safety, help and recovery, versioned; the agreed version is fixed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.cases import services
from eendak.core.exceptions import RuleViolation


@pytest.mark.django_db
def test_versions_copy_goals_and_actions_and_agreed_versions_are_fixed(open_case, team_actor,
                                                                       tilburg_team):
    today = timezone.localdate()
    v1 = services.new_plan_version(team_actor, open_case, note="Eerste plan")
    goal = services.add_goal(team_actor, v1, part="safety", text="Geen geweld meer in huis.",
                             child_text="Thuis is het rustig en veilig.")
    services.add_action(team_actor, goal, text="Veiligheidsplan met moeder maken",
                        owner_organisation=tilburg_team, owner=team_actor.user, start_on=today,
                        due_on=today + timedelta(days=14))
    services.mark_plan_agreed(team_actor, v1, agreed_on=today)
    with pytest.raises(RuleViolation, match="ligt vast"):
        services.add_goal(team_actor, v1, part="help", text="Schuldhulp")
    v2 = services.new_plan_version(team_actor, open_case, note="Schuldhulp erbij")
    assert v2.number == 2
    assert v2.goals.get().actions.count() == 1
    services.add_goal(team_actor, v2, part="help", text="Schuldhulpverlening starten")
    assert v1.goals.count() == 1 and v2.goals.count() == 2


@pytest.mark.django_db
def test_due_date_before_start_is_refused(open_case, team_actor, tilburg_team):
    today = timezone.localdate()
    goal = services.add_goal(team_actor, services.new_plan_version(team_actor, open_case),
                             part="help", text="Opvoedondersteuning")
    with pytest.raises(RuleViolation, match="vóór de startdatum") as exc:
        services.add_action(team_actor, goal, text="Intake", owner_organisation=tilburg_team,
                            owner=None, start_on=today, due_on=today - timedelta(days=1))
    assert exc.value.field == "due_on"
    assert not goal.actions.exists()


@pytest.mark.django_db
def test_action_owner_must_take_part(open_case, team_actor, police):
    today = timezone.localdate()
    goal = services.add_goal(team_actor, services.new_plan_version(team_actor, open_case),
                             part="safety", text="Doel")
    with pytest.raises(RuleViolation, match="neemt niet deel"):
        services.add_action(team_actor, goal, text="Huisbezoek", owner_organisation=police,
                            owner=None, start_on=today, due_on=today)
