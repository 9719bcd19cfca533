"""Closure with a reason ends the partners' access; a new report within 18 months is a recurrence."""

import pytest

from eendak.cases import services
from eendak.cases.models import Recurrence
from eendak.core.exceptions import NotPermitted, RuleViolation
from eendak.intake import services as intake
from eendak.persons.permissions import visible_households


@pytest.mark.django_db
def test_closing_needs_responsibility_and_a_reason(open_case, vt_actor, team_actor):
    # The local team takes part but is not responsible: who acts is a refusal, not a message.
    with pytest.raises(NotPermitted) as refused:
        services.close_case(team_actor, open_case, reason="stable_safety")
    assert refused.value.permission == "cases.close"
    open_case.refresh_from_db()
    assert open_case.status == "open" and open_case.closed_at is None
    with pytest.raises(RuleViolation, match="toe"):
        services.close_case(vt_actor, open_case, reason="other", note="")
    services.close_case(vt_actor, open_case, reason="moved", note="Verhuisd naar Breda.")
    open_case.refresh_from_db()
    assert open_case.status == "closed" and open_case.closure_reason == "moved"
    assert open_case.last_responsible_organisation == vt_actor.organisation
    # The local team's access ended with the case; Veilig Thuis keeps the file.
    assert not visible_households(team_actor.user).filter(pk=open_case.household_id).exists()
    assert visible_households(vt_actor.user).filter(pk=open_case.household_id).exists()


@pytest.mark.django_db
def test_new_report_after_closure_is_a_recurrence_signalled_to_the_last_responsible(
        open_case, vt_actor, team_actor, tilburg_team, intake_actor_for_cases):
    handover = services.offer_handover(vt_actor, open_case, to_organisation_id=tilburg_team.pk)
    services.accept_handover(team_actor, handover)
    services.close_case(team_actor, open_case, reason="stable_safety")
    person = open_case.household.members.first().person
    report = intake.register_report(intake_actor_for_cases, intake.ReportData(
        channel="phone", account="Buren horen weer geschreeuw.", violence_types=["partnergeweld"],
        reporter=intake.ReporterData(name="Buurvrouw"),
        involved=[intake.InvolvedPerson("victim", person=person)]))
    recurrence = Recurrence.objects.get(report=report)
    assert recurrence.previous_case == open_case
    assert recurrence.signalled_to == tilburg_team


@pytest.fixture
def intake_actor_for_cases(vt):
    from eendak.core.roles import Role
    from eendak.testing import factories as f

    from .conftest import actor_for

    return actor_for(f.membership(Role.VT_INTAKE, vt))
