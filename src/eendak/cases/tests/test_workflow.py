"""States move only along cases.workflow's tables: the phase from direct to stable safety to
recovery (and back to direct safety when the violence returns), an action's status from open to
started, done or dropped. A move the table does not hold is refused at its field with a Dutch
message naming both states, and changes nothing."""

import pytest
from django.utils import timezone

from eendak.cases import services
from eendak.cases.models import JournalEntry, PhaseChange
from eendak.core.exceptions import RuleViolation


def moved(case) -> tuple:
    case.refresh_from_db()
    return case.phase, PhaseChange.objects.filter(case=case).count(), JournalEntry.objects.filter(
        case=case).count()


@pytest.mark.django_db
def test_the_phase_moves_step_by_step_and_back_to_direct_safety(open_case, vt_actor):
    with pytest.raises(RuleViolation) as refused:
        services.change_phase(vt_actor, open_case, to_phase="recovery", reason="Meteen herstel.")
    assert refused.value.field == "to_phase"
    assert refused.value.message == ("Van ‘Directe veiligheid’ kan niet naar ‘Risicovermindering "
                                     "en herstel’. Wel mogelijk: ‘Stabiele veiligheid’.")
    before = moved(open_case)
    assert before[0] == "direct_safety"

    for to_phase in ("stable_safety", "recovery", "direct_safety"):
        services.change_phase(vt_actor, open_case, to_phase=to_phase, reason="Zo is het nu.")
    phase, changes, entries = moved(open_case)
    assert (phase, changes, entries) == ("direct_safety", before[1] + 3, before[2] + 3)
    assert list(PhaseChange.objects.filter(case=open_case).order_by("id")
                .values_list("from_phase", "to_phase"))[-3:] == [
        ("direct_safety", "stable_safety"), ("stable_safety", "recovery"),
        ("recovery", "direct_safety")]

    with pytest.raises(RuleViolation) as refused:
        services.change_phase(vt_actor, open_case, to_phase="direct_safety", reason="Nog steeds.")
    assert refused.value.field == "to_phase"
    assert moved(open_case) == (phase, changes, entries)


@pytest.mark.django_db
def test_an_actions_status_moves_along_its_table(open_case, team_actor, tilburg_team):
    today = timezone.localdate()
    goal = services.add_goal(team_actor, services.new_plan_version(team_actor, open_case),
                             part="help", text="Opvoedondersteuning")
    action = services.add_action(team_actor, goal, text="Intake", owner_organisation=tilburg_team,
                                 owner=None, start_on=today, due_on=today)

    for status in ("in_progress", "done", "in_progress", "cancelled", "open"):
        services.set_action_status(team_actor, action, status)
    action.refresh_from_db()
    assert action.status == "open"

    entries = JournalEntry.objects.filter(case=open_case).count()
    with pytest.raises(RuleViolation, match="Dit is al ‘Open’") as again:
        services.set_action_status(team_actor, action, "open")
    services.set_action_status(team_actor, action, "done")
    with pytest.raises(RuleViolation, match="Van ‘Gedaan’ kan niet naar ‘Vervallen’") as skipped:
        services.set_action_status(team_actor, action, "cancelled")
    assert again.value.field == skipped.value.field == "status"
    action.refresh_from_db()
    assert action.status == "done"
    assert JournalEntry.objects.filter(case=open_case).count() == entries + 1  # the one to done
