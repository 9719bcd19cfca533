"""Competencies on screen, per role: the local-team worker's own record, the team's record by name
for its coordinator (their own team only) and the centre (every team), the shares per team and
municipality without names for the analyst, the standards kept by the functional administrator —
and the centre's own pages refused (a logged 404) to everyone else, Veilig Thuis's intake included."""

import pytest

from eendak.core.roles import Role
from eendak.expertise import services
from eendak.expertise.events import Event
from eendak.expertise.models import Competency, Standard

from . import views_support
from .conftest import actor_for
from .views_support import (
    assert_refused,
    field_error,
    hold,
    reads,
    row_of,
    text_of,
    url,
    value_of,
)

pytestmark = pytest.mark.django_db
coordinator, analyst, other_team = (views_support.coordinator, views_support.analyst,
                                    views_support.other_team)

CENTRE_PAGES = ["work", "courses", "sessions", "evaluations", "questions", "experts",
                "expert_requests", "awareness", "dialogue", "dialogue_year"]


def attended(session, member, staff_actor):
    enrolment = services.enrol_self(actor_for(member), session)
    hold(session)
    services.record_attendance(staff_actor, session, present_ids=[enrolment.pk])
    return enrolment


@pytest.mark.parametrize("page", CENTRE_PAGES)
def test_the_centres_pages_are_not_there_for_others(page, intake, worker, analyst,
                                                    functional_admin, staff, login_as):
    assert login_as(staff).get(url(page)).status_code == 200
    for member in (intake, worker, analyst, functional_admin):
        assert_refused(login_as(member).get(url(page)), member)


def test_a_session_page_is_not_there_for_a_worker_nor_for_veilig_thuis(session, worker, intake,
                                                                        login_as):
    for member in (worker, intake):
        response = login_as(member).get(url("session_detail", session_id=session.pk))
        assert_refused(response, member, "expertise.view_enrolments")
    response = login_as(intake).get(url("session_detail", session_id=999999))
    assert_refused(response, intake, "expertise.view_enrolments")


def test_the_worker_sees_their_own_record_per_standard(session, worker, staff_actor, login_as):
    me = login_as(worker)
    page = text_of(me.get(url("my_competencies")))
    assert "S1 Veiligheid centraal" in page and "C1 Onveiligheid herkennen" in page
    assert page.count("Ontbreekt") == 2
    attended(session, worker, staff_actor)
    page = text_of(me.get(url("my_competencies")))
    assert "Ontbreekt" not in page and page.count("Behaald, geldig tot") == 2
    assert session.course.title in page
    assert reads(worker, Event.COMPETENCIES_READ).count() == 2


def test_only_local_teams_have_a_competency_record(intake, staff, analyst, login_as):
    for member in (intake, staff, analyst):
        assert_refused(login_as(member).get(url("my_competencies")), member,
                       "expertise.view_own_competencies")


def test_the_coordinator_sees_their_own_team_by_name_and_no_other(
        session, worker, coordinator, other_team, make_member, staff_actor, login_as):
    stranger = make_member(Role.LOCAL_TEAM_WORKER, other_team)
    attended(session, worker, staff_actor)
    client = login_as(coordinator)
    page = text_of(client.get(url("team_competencies")))
    assert worker.user.get_full_name() in page and coordinator.user.get_full_name() in page
    assert stranger.user.get_full_name() not in page
    assert "1 van 2 medewerkers voldoen aan de standaard." in page
    # Asking for another team changes nothing: the coordinator's own team is shown.
    page = text_of(client.get(url("team_competencies") + f"?team={other_team.pk}"))
    assert stranger.user.get_full_name() not in page
    assert reads(coordinator, Event.COMPETENCIES_READ).count() == 2


def test_a_local_team_worker_does_not_see_the_team(worker, login_as):
    response = login_as(worker).get(url("team_competencies"))
    assert_refused(response, worker, "expertise.view_team_competencies")


def test_the_centre_chooses_any_team(staff, worker, other_team, make_member, login_as):
    stranger = make_member(Role.LOCAL_TEAM_WORKER, other_team)
    client = login_as(staff)
    page = text_of(client.get(url("team_competencies") + f"?team={other_team.pk}"))
    assert stranger.user.get_full_name() in page and worker.user.get_full_name() not in page
    page = text_of(client.get(url("team_competencies") + f"?team={worker.organisation_id}"))
    assert worker.user.get_full_name() in page


def test_the_analyst_sees_shares_per_team_and_municipality_without_names(
        session, worker, coordinator, other_team, make_member, analyst, staff_actor,
        tilburg_team, login_as):
    stranger = make_member(Role.LOCAL_TEAM_WORKER, other_team)
    attended(session, worker, staff_actor)
    response = login_as(analyst).get(url("competency_shares"))
    page = text_of(response)
    for member in (worker, coordinator, stranger):
        assert member.user.get_full_name() not in page
    tilburg_row = row_of(response, f'data-team="{tilburg_team.pk}"')
    assert "50%" in tilburg_row and "C1 Onveiligheid herkennen: 1" in tilburg_row
    assert "0%" in row_of(response, f'data-team="{other_team.pk}"')
    # Per municipality: Dongen only.
    page = text_of(login_as(analyst).get(url("competency_shares")
                                         + f"?gemeente={other_team.municipality_id}"))
    assert tilburg_team.name not in page and other_team.name in page
    assert "Per medewerker (met namen)" not in page


def test_the_functional_administrator_keeps_the_standards(functional_admin, competencies,
                                                          staff, login_as):
    client = login_as(functional_admin)
    page = text_of(client.get(url("competency_admin")))
    assert "S1 Veiligheid centraal" in page and "C2" in page
    response = client.post(url("standard_create"), {"standaard-code": "S2",
                                                   "standaard-title": "Samenwerken",
                                                   "standaard-order": "2"})
    assert response.status_code == 302
    standard = Standard.objects.get(code="S2")
    # A code already in use: at the field, typed kept, nothing added.
    response = client.post(url("competency_create"), {
        "competentie-standard": standard.pk, "competentie-code": "C1",
        "competentie-title": "Samenwerken in de keten", "competentie-required": "on",
        "competentie-is_active": "on"})
    assert field_error(response, "competentie-code") == "Deze code bestaat al."
    assert value_of(response, "competentie-title") == "Samenwerken in de keten"
    assert not Competency.objects.filter(title="Samenwerken in de keten").exists()
    response = client.post(url("competency_create"), {
        "competentie-standard": standard.pk, "competentie-code": "C3",
        "competentie-title": "Samenwerken in de keten", "competentie-required": "on",
        "competentie-is_active": "on"})
    assert Competency.objects.get(code="C3").standard == standard
    # Made optional: no longer part of what every worker must have.
    competency = Competency.objects.get(code="C3")
    client.post(url("competency_edit", competency_id=competency.pk), {
        "competentie-standard": standard.pk, "competentie-code": "C3",
        "competentie-title": "Samenwerken in de keten", "competentie-is_active": "on"})
    competency.refresh_from_db()
    assert competency.required is False
    assert_refused(login_as(staff).get(url("competency_admin")), staff,
                   "expertise.manage_competencies")


def test_the_start_page_shows_each_role_its_way_in(staff, worker, coordinator, analyst,
                                                   functional_admin, intake, login_as):
    assert "Adviesvragen" in login_as(staff).get("/").content.decode()
    own = text_of(login_as(worker).get("/"))
    assert "Mijn competenties" in own and "Ervaringsdeskundige aanvragen" in own
    assert "Competenties van mijn team" not in own
    assert "Competenties van mijn team" in text_of(login_as(coordinator).get("/"))
    assert "aandeel per team" in text_of(login_as(analyst).get("/"))
    assert "Standaarden en competenties" in text_of(login_as(functional_admin).get("/"))
    vt = text_of(login_as(intake).get("/"))
    assert "Mijn competenties" not in vt and "Werken aan Veiligheid" not in vt
