"""A case followed through the screens: opened by Veilig Thuis after a report, conditions set, the
local team's plan, oversight handed to the local team and back, a monitoring moment, closure."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.cases.models import Case, HandoverStatus, MonitoringMoment
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import actor_for
from .views_helpers import case_url, open_case_by_report, step, text_of


@pytest.fixture
def people(vt, tilburg_team, login_as):
    vt_worker = f.membership(Role.VT_MONITOR, vt)
    coordinator = f.membership(Role.CASE_COORDINATOR, tilburg_team)
    intake_actor = actor_for(f.membership(Role.VT_INTAKE, vt))
    return {"intake": intake_actor, "vt": login_as(vt_worker), "team": login_as(coordinator),
            "coordinator": coordinator.user}


def d(day) -> str:
    return day.strftime("%d-%m-%Y")


@pytest.mark.django_db
def test_from_report_to_closure_through_the_screens(people, vt, tilburg_team):
    vt_client, team, coordinator = people["vt"], people["team"], people["coordinator"]
    today = timezone.localdate()
    case, report = open_case_by_report(people["intake"])

    page = text_of(vt_client.get(case_url(case)))
    assert "Zicht op veiligheid Veilig Thuis Midden-Brabant" in page
    assert "Sanne de Wit" in page and "Slachtoffer" in page and "Vermoedelijke pleger" in page
    assert "Buurvrouw Jansen" not in page  # the reporter is never shown in the file

    # Veilig Thuis sets two conditions at once; monitoring is planned.
    page = text_of(step(vt_client, case, "conditions", {
        "text_1": "Vader komt niet in de woning zolang de hulp loopt.", "agreed_by_1": "Vader, moeder",
        "text_2": "Mila gaat elke dag naar school.", "agreed_by_2": "Moeder"}))
    assert "De veiligheidsvoorwaarden zijn vastgesteld." in page
    assert "Mila gaat elke dag naar school." in page and "nog niet gemonitord" in page
    assert case.monitoring_moments.count() == 4

    # The local team's coordinator coordinates and makes the plan with the family.
    page = text_of(step(vt_client, case, "coordinator", {"coordinator": coordinator.pk}))
    assert "De casuscoördinator is vastgelegd." in page
    assert f"Casuscoördinator {coordinator.get_full_name()}" in page
    step(team, case, "plan_version", {"note": "Eerste plan"})
    page = text_of(step(team, case, "goal", {
        "part": "safety", "text": "Er is geen geweld meer in huis.",
        "child_text": "Thuis is het rustig."}))
    assert "Het doel is toegevoegd." in page
    goal = case.plan_versions.get().goals.get()
    page = text_of(step(team, case, "action", {
        "goal": goal.pk, "text": "Veiligheidsplan met moeder maken",
        "owner_organisation": tilburg_team.pk, "owner": coordinator.pk,
        "start_on": d(today), "due_on": d(today + timedelta(days=14))}))
    assert "De actie is toegevoegd." in page and "Veiligheidsplan met moeder maken" in page
    page = text_of(step(team, case, "plan_agreed", {"agreed_on": d(today)}))
    assert f"met het gezin afgesproken op {d(today)}" in page

    # Veilig Thuis offers oversight to the local team: until accepted, it stays with VT.
    page = text_of(step(vt_client, case, "handover_offer", {
        "to_organisation": tilburg_team.pk, "note": "Plan loopt; lokaal team neemt over."}))
    assert "De overdracht is aangeboden." in page
    assert "aangeboden aan Lokaal team Tilburg, wacht op acceptatie" in page
    case.refresh_from_db()
    assert case.responsible_organisation == vt
    handover = case.handovers.get()
    team_page = text_of(team.get(case_url(case)))
    assert "Overdracht aangeboden door Veilig Thuis Midden-Brabant aan Lokaal team Tilburg" in team_page
    assert "Vader komt niet in de woning zolang de hulp loopt." in team_page
    assert "versie 1" in team_page and "Veiligheidsplan met moeder maken" in team_page
    page = text_of(step(team, case, "handover_accept", target=handover))
    assert "U heeft de overdracht geaccepteerd" in page
    assert "Zicht op veiligheid Lokaal team Tilburg" in page
    case.refresh_from_db()
    assert case.responsible_organisation == tilburg_team

    # Veilig Thuis keeps monitoring the conditions.
    first, second = case.conditions.all()
    moment = case.monitoring_moments.first()
    page = text_of(step(vt_client, case, "monitoring", {
        "moment": moment.pk, "held_on": d(today), "incidents_since_last": "0",
        "assessment": "Rustig; afspraken worden nagekomen.",
        f"status_{first.pk}": "met", f"status_{second.pk}": "partly_met",
        f"note_{second.pk}": "Twee dagen gemist."}))
    assert "Het monitoringsmoment is vastgelegd." in page
    assert "Deels nageleefd" in page and "Twee dagen gemist." in page
    assert MonitoringMoment.objects.get(pk=moment.pk).held_on == today

    # Stable safety; the local team hands oversight back to Veilig Thuis, which accepts.
    page = text_of(step(team, case, "phase", {"to_phase": "stable_safety",
                                              "reason": "Drie maanden geen incidenten."}))
    assert "Fase: Stabiele veiligheid" in page and "Drie maanden geen incidenten." in page
    step(team, case, "handover_offer", {"to_organisation": vt.pk})
    back = case.handovers.get(status=HandoverStatus.OFFERED)
    page = text_of(step(vt_client, case, "handover_accept", target=back))
    assert "Zicht op veiligheid Veilig Thuis Midden-Brabant" in page
    # Every marked moment of handover is on the page.
    assert page.count("Geaccepteerd") == 2

    page = text_of(step(vt_client, case, "close", {"reason": "stable_safety",
                                                   "note": "Veiligheid is stabiel."}))
    assert "De casus is gesloten." in page and "Stabiele veiligheid bereikt" in page
    case = Case.objects.get(pk=case.pk)
    assert case.status == "closed"
    # The local team's part ended with the case; Veilig Thuis keeps the file.
    assert team.get(case_url(case)).status_code == 404
    journal = text_of(vt_client.get(case_url(case, "journal")))
    assert "Zicht op veiligheid overgedragen van Veilig Thuis Midden-Brabant aan Lokaal team Tilburg" in (
        journal)
    assert "Casus gesloten: Stabiele veiligheid bereikt." in journal
