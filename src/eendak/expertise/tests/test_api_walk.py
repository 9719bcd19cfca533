"""The issue's "Done when" through the API only: the Expertisecentrum plans and publishes a session,
a local-team worker finds it and enrols, staff record attendance, and the worker's competency record
and the team's share change (the coordinator sees it by name, the analyst as a share); a dialogue
meeting is recorded and counted; a help offer's waiting time is updated by its provider's own people
and read back where a plan is made. Only the clock is moved in the database: the session took place
yesterday."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.api.tests.support import body, patch_json, post_json
from eendak.audit.models import AccessLogEntry, Outcome
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.expertise.models import Session
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1"


def ok(response, status: int = 200):
    assert response.status_code == status, response.content
    return body(response)


def share_of(client, team, municipality_id):
    shares = ok(client.get(f"{API}/competency-shares/", {"municipality": municipality_id}))
    [row] = [r for r in shares["results"] if r["team"]["id"] == team.pk]
    return row


def test_a_session_builds_the_record_and_the_teams_share(login_as, staff, worker, competencies,
                                                         tilburg_team):
    centre, member = login_as(staff), login_as(worker)
    coordinator = login_as(f.membership(Role.CASE_COORDINATOR, tilburg_team))
    analyst = login_as(f.membership(Role.ANALYST, f.organisation(T.VEILIG_THUIS)))
    municipality = tilburg_team.municipality_id

    # The Expertisecentrum adds the course and plans a session; nobody else sees a draft.
    course = ok(post_json(centre, f"{API}/courses/", {
        "title": "Werken aan Veiligheid – verdieping", "audiences": ["local_teams"],
        "competencies": [c.pk for c in competencies], "durationHours": 6, "validityMonths": 24}),
        201)
    assert [c["code"] for c in course["competencies"]] == ["C1", "C2"]
    start = timezone.now() + timedelta(days=10)
    session = ok(post_json(centre, f"{API}/training-sessions/", {
        "course": course["id"], "startsAt": start.isoformat(),
        "endsAt": (start + timedelta(hours=6)).isoformat(), "place": "Tilburg, Stadskantoor",
        "trainer": "T. Trainer", "capacity": 12}), 201)
    assert session["status"] == "draft"
    assert ok(member.get(f"{API}/training-sessions/"))["results"] == []
    session = ok(post_json(centre, f"{API}/training-sessions/{session['id']}/publish/"))
    assert session["status"] == "published"

    # The worker finds it and enrols; the record still lacks both competencies.
    [listed] = ok(member.get(f"{API}/training-sessions/"))["results"]
    assert listed["id"] == session["id"] and listed["taken"] == 0
    record = ok(member.get(f"{API}/my-competencies/"))
    assert not record["meetsStandard"]
    assert [c["code"] for c in record["missing"]] == ["C1", "C2"]
    before = share_of(analyst, tilburg_team, municipality)
    enrolment = ok(post_json(member, f"{API}/training-sessions/{session['id']}/enrol-self/"), 201)
    assert enrolment["status"] == "enrolled" and enrolment["user"] == worker.user_id
    assert [e["id"] for e in ok(member.get(f"{API}/enrolments/"))["results"]] == [enrolment["id"]]
    assert ok(centre.get(f"{API}/training-sessions/{session['id']}/"))["taken"] == 1

    # Yesterday it took place: staff record who was there; the certificate is issued.
    Session.objects.filter(pk=session["id"]).update(
        starts_at=timezone.now() - timedelta(days=1, hours=6),
        ends_at=timezone.now() - timedelta(days=1))
    enrolments = ok(centre.get(f"{API}/training-sessions/{session['id']}/enrolments/"))["results"]
    assert [e["name"] for e in enrolments] == [worker.user.get_full_name()]
    held = ok(post_json(centre, f"{API}/training-sessions/{session['id']}/attendance/",
                        {"present": [enrolment["id"]]}))
    assert held["status"] == "held"
    [mine] = ok(member.get(f"{API}/enrolments/"))["results"]
    assert mine["attended"] is True and mine["certificateNumber"]
    certificate = member.get(f"{API}/enrolments/{enrolment['id']}/certificate/")
    assert certificate.status_code == 200 and certificate["Content-Type"] == "application/pdf"
    assert certificate.content.startswith(b"%PDF")
    printed = AccessLogEntry.objects.filter(user_id=worker.user_id).latest("id")
    assert (printed.event, printed.detail) == ("expertise.certificate_printed",
                                               mine["certificateNumber"])

    # The record and the team's share change.
    record = ok(member.get(f"{API}/my-competencies/"))
    assert record["meetsStandard"] and record["missing"] == []
    assert {h["competency"]["code"] for h in record["holdings"]} == {"C1", "C2"}
    assert all(h["validUntil"] and h["course"] == course["title"] for h in record["holdings"])
    after = share_of(analyst, tilburg_team, municipality)
    assert after["workers"] == before["workers"]
    assert after["meeting"] == before["meeting"] + 1
    team = ok(coordinator.get(f"{API}/team-competencies/{tilburg_team.pk}/"))
    [row] = [r for r in team["records"] if r["user"] == worker.user_id]
    assert row["meetsStandard"] and team["meeting"] == after["meeting"]

    # The worker evaluates the training; the Expertisecentrum sees it with the enrolment.
    evaluated = ok(post_json(member, f"{API}/enrolments/{enrolment['id']}/evaluation/",
                             {"score": 4, "usefulForWork": 5, "comment": "Direct toepasbaar."}), 201)
    assert evaluated["evaluation"]["usefulForWork"] == 5
    [seen] = ok(centre.get(f"{API}/training-sessions/{session['id']}/enrolments/"))["results"]
    assert seen["evaluation"]["score"] == 4


def test_a_dialogue_meeting_is_recorded_and_counted(login_as, staff, vt):
    centre = login_as(staff)
    leader = ok(post_json(centre, f"{API}/dialogue-leaders/", {
        "name": "H. Dialoogleider", "community": "somali", "languages": ["Somalisch", "Nederlands"],
        "trainedBy": "Stichting Kezban"}), 201)
    year = timezone.localdate().year
    before = ok(centre.get(f"{API}/dialogue-overview/", {"year": year}))
    meeting = ok(post_json(centre, f"{API}/dialogue-meetings/", {
        "leader": leader["id"], "heldOn": timezone.localdate().isoformat(),
        "setting": "parents_room", "partner": "GGD Hart van Brabant", "language": "Somalisch",
        "participants": 14, "topics": ["raising_children", "where_to_get_help"],
        "notes": "Veel vragen over opvoeden zonder slaan."}), 201)
    assert meeting["participants"] == 14 and meeting["leader"]["name"] == "H. Dialoogleider"
    assert "participantNames" not in meeting and "names" not in meeting

    # A worry passed on anonymously to Veilig Thuis: only its reference stays here.
    signal = ok(post_json(centre, f"{API}/dialogue-meetings/{meeting['id']}/signals/", {
        "text": "Een moeder vertelt dat haar buurvrouw wordt bedreigd.",
        "passedTo": "veilig_thuis"}), 201)
    assert signal["veiligThuisReference"] and "buurvrouw" not in signal["text"]

    after = ok(centre.get(f"{API}/dialogue-overview/", {"year": year}))
    assert after["meetings"] == before["meetings"] + 1
    assert after["participants"] == before["participants"] + 14
    assert after["signals"] == before["signals"] + 1
    assert after["byTopic"]["raising_children"] >= 1
    listed = ok(centre.get(f"{API}/dialogue-meetings/", {"year": year}))["results"]
    assert meeting["id"] in [m["id"] for m in listed]


def test_a_provider_updates_its_waiting_time_and_it_is_read_back(login_as, functional_admin,
                                                                  tilburg_team, settings):
    settings.EENDAK_LONG_WAIT_WEEKS = 6
    admin = login_as(functional_admin)
    shelter = f.organisation(T.SHELTER)
    provider = ok(post_json(admin, f"{API}/help-providers/", {
        "name": "Sterk Huis (test)", "organisation": shelter.pk,
        "website": "https://www.example.test"}), 201)
    offer = ok(post_json(admin, f"{API}/help-offers/", {
        "provider": provider["id"], "title": "Traumabehandeling voor kinderen",
        "kind": "trauma_treatment", "targetGroups": ["children"],
        "municipalities": [tilburg_team.municipality_id], "capacity": 8, "waitingWeeks": 9}), 201)
    assert offer["isLongWait"] and not offer["isStale"]

    # The provider's own people keep the waiting time and capacity up to date.
    liaison = f.membership(Role.PARTNER_LIAISON, shelter)
    provider_member = login_as(liaison)
    updated = ok(patch_json(provider_member, f"{API}/help-offers/{offer['id']}/",
                            {"waitingWeeks": 3}))
    assert updated["waitingWeeks"] == 3 and updated["capacity"] == 8
    assert updated["updatedAt"] >= offer["updatedAt"] and not updated["isLongWait"]

    # Read back where a plan is made: a local-team worker filters by the family's municipality.
    worker = login_as(f.membership(Role.LOCAL_TEAM_WORKER, tilburg_team))
    found = ok(worker.get(f"{API}/help-offers/", {
        "municipality": tilburg_team.municipality_id, "kind": "trauma_treatment",
        "targetGroup": "children"}))["results"]
    assert [(o["id"], o["waitingWeeks"]) for o in found] == [(offer["id"], 3)]
    detail = ok(worker.get(f"{API}/help-offers/{offer['id']}/"))
    assert detail["updatedAt"] == updated["updatedAt"]
    entry = AccessLogEntry.objects.filter(event="catalogue.offer_updated").latest("id")
    assert (entry.outcome, entry.user_id) == (Outcome.SUCCESS, liaison.user_id)
