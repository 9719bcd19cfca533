"""The Expertisecentrum's other lists as CSV and Excel (``core.exports``): the course catalogue,
the pool of experience experts, the expert requests, the competency shares per team and per
municipality, and the year's dialogue meetings — the rows the page shows, logged as an export,
refused (the logged 404) to whoever may not see the page, a wrong format a Dutch 400."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.audit.models import AccessLogEntry, Action
from eendak.core.roles import Role
from eendak.expertise import services
from eendak.expertise.models import DialogueLeader
from eendak.testing.exports import read_csv, read_xlsx

from . import views_support
from .conftest import actor_for
from .test_views_competencies import attended
from .views_support import url

pytestmark = pytest.mark.django_db
analyst, coordinator, other_team = (views_support.analyst, views_support.coordinator,
                                    views_support.other_team)


def exported(event: str) -> list:
    return list(AccessLogEntry.objects.filter(event=event).order_by("pk"))


def both_formats(client, path, event, params=None) -> tuple[list, list]:
    """The CSV and the Excel file of a list page, each logged once as an export; a wrong format
    is a Dutch 400 and logs nothing."""
    params = params or {}
    assert "formaat=csv" in client.get(path, params).content.decode()
    rows = read_csv(client.get(path, {**params, "formaat": "csv"}))
    cells = read_xlsx(client.get(path, {**params, "formaat": "xlsx"}))
    bad = client.get(path, {**params, "formaat": "pdf"})
    assert bad.status_code == 400 and "Onbekend formaat" in bad.content.decode()
    assert [e.action for e in exported(event)] == [Action.EXPORT, Action.EXPORT]
    return rows, cells


def test_the_course_catalogue_exports_every_course(course, staff, worker, login_as):
    rows, cells = both_formats(login_as(staff), url("courses"), "expertise.courses_exported")
    header, *rows = rows
    assert header[:3] == ["Training", "Actief", "Doelgroepen"]
    assert [row[0] for row in rows] == [course.title]
    assert "C1 Onveiligheid herkennen" in rows[0][3] and rows[0][4:6] == ["6", "24"]
    assert cells[1][0] == course.title and cells[1][4] == 6 and cells[1][5] == 24
    response = login_as(worker).get(url("courses"), {"formaat": "csv"})
    assert response.status_code == 404 and len(exported("expertise.courses_exported")) == 2


def test_the_pool_and_the_requests_export_by_pseudonym(staff, staff_actor, worker, login_as):
    roos = services.save_expert(staff_actor, pseudonym="Roos", themes=["child_abuse"],
                                languages=["Nederlands", "Turks"])
    services.save_expert(staff_actor, pseudonym="Amal", themes=["honour_related"],
                         languages=["Arabisch"], is_active=False)
    client = login_as(staff)
    header, *rows = both_formats(client, url("experts"), "expertise.experts_exported")[0]
    assert header[0] == "Schuilnaam"
    assert [(row[0], row[1], row[3]) for row in rows] == [("Roos", "ja", "Nederlands, Turks"),
                                                          ("Amal", "nee", "Arabisch")]

    wanted = timezone.localdate() + timedelta(days=14)
    asked = services.request_expert(actor_for(worker), purpose="team_meeting", wanted_on=wanted,
                                    themes=["child_abuse"])
    services.match_expert(staff_actor, asked, roos)
    rows, cells = both_formats(client, url("expert_requests"),
                               "expertise.expert_requests_exported")
    header, *rows = rows
    assert header[:3] == ["Gewenste datum", "Waarvoor", "Aanvrager"]
    assert [row[0] for row in rows] == [wanted.strftime("%d-%m-%Y")]
    assert rows[0][3] == worker.organisation.name and rows[0][-1] == "Roos"
    assert len(cells) == 2
    for name in ("experts", "expert_requests"):
        assert login_as(worker).get(url(name), {"formaat": "csv"}).status_code == 404


def test_the_shares_export_as_shown_per_team_and_per_municipality(
        session, worker, coordinator, other_team, make_member, analyst, staff_actor, tilburg_team,
        login_as):
    make_member(Role.LOCAL_TEAM_WORKER, other_team)
    attended(session, worker, staff_actor)
    client = login_as(analyst)
    page = client.get(url("competency_shares")).content.decode()
    assert "lijst=gemeenten&amp;formaat=csv" in page
    header, *rows = read_csv(client.get(url("competency_shares"), {"formaat": "csv"}))
    assert header[:2] == ["Team", "Gemeente"]
    by_team = {row[0]: row for row in rows}
    assert by_team[tilburg_team.name][4] == "50"
    assert "C1 Onveiligheid herkennen: 1" in by_team[tilburg_team.name][5]
    assert worker.user.get_full_name() not in str(rows)
    cells = read_xlsx(client.get(url("competency_shares"), {"formaat": "xlsx"}))
    assert {row[0]: row[4] for row in cells[1:]}[tilburg_team.name] == 0.5
    # The chosen municipality only, also per municipality.
    dongen = {"gemeente": other_team.municipality_id}
    header, *rows = read_csv(client.get(url("competency_shares"), {**dongen, "formaat": "csv"}))
    assert [row[0] for row in rows] == [other_team.name]
    header, *rows = read_csv(client.get(url("competency_shares"),
                                        {**dongen, "lijst": "gemeenten", "formaat": "csv"}))
    assert header[:2] == ["Gemeente", "Teams"]
    assert [row[0] for row in rows] == [other_team.municipality.name]
    entries = exported("expertise.competency_shares_exported")
    assert [e.action for e in entries] == [Action.EXPORT] * 4
    response = client.get(url("competency_shares"), {"formaat": "pdf"})
    assert response.status_code == 400
    assert login_as(worker).get(url("competency_shares"),
                                {"formaat": "csv"}).status_code == 404


def test_the_years_dialogue_meetings_export_without_names(staff, staff_actor, worker, login_as):
    leader = services.save_leader(staff_actor, name="Hodan Ali", community="somali",
                                  languages=["Somalisch"])
    today = timezone.localdate()
    services.record_meeting(staff_actor, services.MeetingData(
        leader=leader, held_on=today, setting="parents_room", language="Somalisch",
        participants=14, topics=["raising_children"], partner="GGD Hart van Brabant"))
    services.record_meeting(staff_actor, services.MeetingData(
        leader=leader, held_on=today.replace(year=today.year - 1), setting="parents_room",
        language="Somalisch", participants=9, topics=["where_to_get_help"]))
    client = login_as(staff)
    rows, cells = both_formats(client, url("dialogue"), "expertise.dialogue_exported",
                               {"jaar": today.year})
    header, *rows = rows
    assert header[:3] == ["Datum", "Setting", "Dialoogleider"]
    assert [(row[2], row[5], row[6]) for row in rows] == [
        ("Hodan Ali", "14", "Opvoeden zonder geweld")]
    assert cells[1][5] == 14
    header, *rows = read_csv(client.get(url("dialogue"), {"jaar": today.year - 1,
                                                          "formaat": "csv"}))
    assert [row[5] for row in rows] == ["9"]
    assert DialogueLeader.objects.count() == 1
    assert login_as(worker).get(url("dialogue"), {"formaat": "csv"}).status_code == 404


def test_a_teams_record_exports_by_name_for_who_may_see_it(
        session, worker, coordinator, other_team, make_member, staff, staff_actor, login_as):
    """The coordinator's own team (asking for another changes nothing), the centre any team; a
    worker of the team gets the logged 404."""
    stranger = make_member(Role.LOCAL_TEAM_WORKER, other_team)
    attended(session, worker, staff_actor)
    client = login_as(coordinator)
    rows, cells = both_formats(client, url("team_competencies"),
                               "expertise.team_competencies_exported")
    header, *rows = rows
    assert header[0] == "Medewerker" and header[-1] == "Standaard"
    assert header[1].startswith("C1 ")
    by_name = {row[0]: row for row in rows}
    assert set(by_name) == {worker.user.get_full_name(), coordinator.user.get_full_name()}
    assert by_name[worker.user.get_full_name()][-1] == "voldoet"
    assert by_name[coordinator.user.get_full_name()][1] == "ontbreekt"
    assert len(cells) == 3
    header, *rows = read_csv(client.get(url("team_competencies"),
                                        {"team": other_team.pk, "formaat": "csv"}))
    assert stranger.user.get_full_name() not in {row[0] for row in rows}
    entries = exported("expertise.team_competencies_exported")
    assert not any(e.person_ids for e in entries)
    header, *rows = read_csv(login_as(staff).get(url("team_competencies"),
                                                 {"team": other_team.pk, "formaat": "csv"}))
    assert [row[0] for row in rows] == [stranger.user.get_full_name()]
    assert login_as(worker).get(url("team_competencies"), {"formaat": "csv"}).status_code == 404


def test_the_awareness_calendar_exports_the_years_events_without_names(staff, staff_actor,
                                                                      centre, worker, login_as):
    from eendak.core.actors import Actor

    starts = timezone.localtime() + timedelta(days=1)
    event = services.plan_event(staff_actor, title="Voorlichting groep 8", kind="school_session",
                                starts_at=starts, place="OBS De Regenboog, Dongen", capacity=30)
    services.plan_event(staff_actor, title="Vorig jaar", kind="school_session",
                        starts_at=starts.replace(year=starts.year - 1), place="Tilburg")
    services.register_public(Actor.public(None, centre), event, services.Registrant(
        name="Meester Bas", email="bas@school.test", organisation_name="OBS De Regenboog"),
        submission_key="k-1")
    rows, cells = both_formats(login_as(staff), url("awareness"), "expertise.awareness_exported",
                               {"jaar": starts.year})
    header, *rows = rows
    assert header[:2] == ["Datum en tijd", "Bijeenkomst"]
    assert [(row[1], row[6], row[7]) for row in rows] == [("Voorlichting groep 8", "1", "30")]
    assert "Meester Bas" not in str(rows) and len(cells) == 2
    assert login_as(worker).get(url("awareness"), {"formaat": "csv"}).status_code == 404


def test_the_dialogue_leaders_export_as_their_own_list(staff, staff_actor, login_as):
    leader = services.save_leader(staff_actor, name="Hodan Ali", community="somali",
                                  languages=["Somalisch", "Nederlands"],
                                  trained_by="Stichting Kezban")
    services.record_meeting(staff_actor, services.MeetingData(
        leader=leader, held_on=timezone.localdate(), setting="parents_room", language="Somalisch",
        participants=14, topics=["raising_children"]))
    client = login_as(staff)
    assert "lijst=leiders&amp;formaat=csv" in client.get(url("dialogue")).content.decode()
    header, *rows = read_csv(client.get(url("dialogue"), {"lijst": "leiders", "formaat": "csv"}))
    assert header[:2] == ["Naam", "Actief"]
    assert rows == [["Hodan Ali", "ja", "Somalisch", "Somalisch, Nederlands", "",
                     "Stichting Kezban", "1"]]
    entry = AccessLogEntry.objects.get(event="expertise.dialogue_leaders_exported")
    assert entry.action == Action.EXPORT and not entry.person_ids
