"""Mijn casussen: the organisation's open cases (mine as coordinator marked), my actions, the signals
with what is overdue, and recurrences signalled to us — the new report's reference only, linked for
Veilig Thuis, without any of its content for others."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from eendak.audit.models import AccessLogEntry
from eendak.cases import services
from eendak.core.roles import Role
from eendak.intake import services as intake
from eendak.testing import factories as f

from .conftest import actor_for
from .views_helpers import case_url, text_of

MY_CASES = reverse("cases:my_cases")


@pytest.mark.django_db
def test_my_cases_marks_the_ones_i_coordinate(open_case, vt_actor, team_actor, tilburg_team,
                                              goirle_actor, login_as):
    other = f.case_for(f.HouseholdFactory(reference="HH-ANDER"), vt_actor.organisation,
                       tilburg_team)
    services.assign_coordinator(vt_actor, open_case, team_actor.user)
    response = login_as(team_actor.membership).get(MY_CASES)
    html = response.content.decode()
    assert response.status_code == 200
    mine = html.split(f'href="{case_url(open_case)}"', 1)[1].split("</tr>", 1)[0]
    theirs = html.split(f'href="{case_url(other)}"', 1)[1].split("</tr>", 1)[0]
    assert "U coördineert" in mine and "U coördineert" not in theirs
    surnames = {m.person.surname for m in open_case.household.members.all()}
    assert all(escape(name) in html for name in surnames)
    entry = AccessLogEntry.objects.filter(event="case.list").get()
    assert set(entry.person_ids) >= {m.person_id for m in open_case.household.members.all()}

    nothing = text_of(login_as(goirle_actor.membership).get(MY_CASES))
    assert "Uw organisatie neemt aan geen open casus deel." in nothing
    assert open_case.reference not in nothing


@pytest.mark.django_db
def test_my_actions_and_signals_with_what_is_overdue(open_case, vt_actor, team_actor,
                                                     tilburg_team, login_as):
    today = timezone.localdate()
    goal = services.add_goal(team_actor, services.new_plan_version(team_actor, open_case),
                             part="help", text="Opvoedondersteuning")
    services.add_action(team_actor, goal, text="Aanmelden bij opvoedpoli",
                        owner_organisation=tilburg_team, owner=team_actor.user,
                        start_on=today - timedelta(days=10), due_on=today - timedelta(days=1))
    services.add_action(team_actor, goal, text="Evaluatiegesprek plannen",
                        owner_organisation=tilburg_team, owner=team_actor.user,
                        start_on=today, due_on=today + timedelta(days=30))
    services.offer_handover(vt_actor, open_case, to_organisation_id=tilburg_team.pk)

    html = login_as(team_actor.membership).get(MY_CASES).content.decode()
    actions = html.split('id="acties-kop"', 1)[1]
    late = actions.split("Aanmelden bij opvoedpoli", 1)[1].split("</tr>", 1)[0]
    on_time = actions.split("Evaluatiegesprek plannen", 1)[1].split("</tr>", 1)[0]
    assert "Te laat" in late and "Te laat" not in on_time
    signals = html.split('id="signalen-kop"', 1)[1].split("</table>", 1)[0]
    assert "Overdracht wacht op uw acceptatie" in signals
    assert "Actie over tijd" in signals and "Te laat" in signals
    assert f'href="{case_url(open_case)}"' in signals


@pytest.fixture
def recurrence_report(vt):
    """register_report(household) -> a new report about that household's persons."""
    reporter = actor_for(f.membership(Role.VT_INTAKE, vt))

    def report(case):
        person = case.household.members.first().person
        return intake.register_report(reporter, intake.ReportData(
            channel="phone", account="Buren horen weer geschreeuw en gestommel.",
            violence_types=["partnergeweld"], reporter=intake.ReporterData(name="Buurvrouw"),
            involved=[intake.InvolvedPerson("victim", person=person)]))

    return report


@pytest.mark.django_db
def test_a_recurrence_links_to_the_new_report_for_veilig_thuis_only(
        open_case, vt_actor, team_actor, tilburg_team, login_as, recurrence_report):
    # The local team was last responsible: the recurrence is signalled to it.
    handover = services.offer_handover(vt_actor, open_case, to_organisation_id=tilburg_team.pk)
    services.accept_handover(team_actor, handover)
    services.close_case(team_actor, open_case, reason="stable_safety")
    report = recurrence_report(open_case)

    html = login_as(team_actor.membership).get(MY_CASES).content.decode()
    row = html.split(f'data-recurrence="{report.reference}"', 1)[1].split("</tr>", 1)[0]
    assert report.reference in row and open_case.reference in row
    assert reverse("intake:report_detail", args=[report.pk]) not in html
    assert "geschreeuw" not in html  # nothing of the report's content
    assert f'href="{case_url(open_case)}"' not in html  # the closed file is no longer theirs


@pytest.mark.django_db
def test_veilig_thuis_follows_the_recurrence_to_the_report(open_case, vt_actor, login_as,
                                                           recurrence_report):
    services.close_case(vt_actor, open_case, reason="moved", note="Verhuisd naar Breda.")
    report = recurrence_report(open_case)
    html = login_as(vt_actor.membership).get(MY_CASES).content.decode()
    link = f'href="{reverse("intake:report_detail", args=[report.pk])}"'
    assert link in html.split(f'data-recurrence="{report.reference}"', 1)[1].split("</tr>", 1)[0]
