"""Bad input over the API: a 400 problem+json naming the camelCase field with the service's Dutch
message (or the serializer's, in Dutch, for a wrong type), nothing changed, and the attempt in the
access log as failed (``expertise.change_refused``)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.api.tests.support import assert_problem, invalid_names, patch_json, post_json
from eendak.audit.models import AccessLogEntry, Outcome
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.expertise import services
from eendak.expertise.models import (
    AwarenessEvent,
    Competency,
    Course,
    DialogueMeeting,
    DialogueSignal,
    Enrolment,
    Evaluation,
    ExpertRequest,
    Question,
    Session,
)
from eendak.testing import factories as f

from .conftest import actor_for

pytestmark = pytest.mark.django_db

API = "/api/v1"
REFUSED_INPUT = "expertise.change_refused"


def state() -> tuple:
    def rows(model, *fields):
        return list(model.objects.order_by("pk").values_list("pk", *fields))

    return (rows(Course, "title", "audiences"), rows(Session, "status", "capacity"),
            rows(Enrolment, "status", "attended", "certificate_number"), rows(Evaluation),
            rows(Question, "status", "question", "contact_name", "referred_reference"),
            rows(ExpertRequest, "status"), rows(AwarenessEvent, "status", "reach"),
            rows(DialogueMeeting), rows(DialogueSignal), rows(Competency, "code", "title"))


def assert_bad_input(response, member, field: str, before, message: str = "") -> str:
    problem = assert_problem(response, 400)
    assert field in invalid_names(response), problem
    reason = next(p["reason"] for p in problem["invalidParams"] if p["name"] == field)
    assert reason and not reason.startswith("This "), reason
    if message:
        assert message in reason, reason
    assert state() == before
    entry = AccessLogEntry.objects.filter(user_id=member.user_id).order_by("-id").first()
    assert (entry.event, entry.outcome) == (REFUSED_INPUT, Outcome.FAILED), (entry.event,
                                                                              entry.outcome)
    return reason


def test_a_session_and_a_course_refused_for_their_input(login_as, staff, course):
    client = login_as(staff)
    before = state()
    start = timezone.now() + timedelta(days=5)
    planned = {"course": course.pk, "startsAt": start.isoformat(),
               "endsAt": (start + timedelta(hours=3)).isoformat(), "place": "Tilburg",
               "trainer": "T. Trainer", "capacity": 20}
    assert_bad_input(post_json(client, f"{API}/training-sessions/", {**planned, "capacity": 0}),
                     staff, "capacity", before, "Geef het aantal plaatsen")
    assert_bad_input(post_json(client, f"{API}/training-sessions/", {
        **planned, "endsAt": (start - timedelta(hours=1)).isoformat()}), staff, "endsAt", before,
        "Het einde ligt na het begin.")
    assert_bad_input(post_json(client, f"{API}/training-sessions/", {**planned, "capacity": "veel"}),
                     staff, "capacity", before)
    assert_bad_input(post_json(client, f"{API}/training-sessions/", {**planned, "place": " "}),
                     staff, "place", before, "Vul de plaats in.")
    assert_bad_input(post_json(client, f"{API}/courses/", {
        "title": "Nieuwe training", "durationHours": 3}), staff, "audiences", before,
        "Kies ten minste één doelgroep.")
    assert_bad_input(patch_json(client, f"{API}/courses/{course.pk}/", {"durationHours": 0}),
                     staff, "durationHours", before, "Geef de duur in uren")


def test_enrolment_and_attendance_refused_for_their_input(login_as, staff, session, worker):
    client = login_as(staff)
    mine = services.enrol_self(actor_for(worker), session)
    before = state()
    assert_bad_input(post_json(client, f"{API}/training-sessions/{session.pk}/enrol/", {
        "name": "Zelfde Adres", "email": worker.user.email}), staff, "email", before,
        "Met dit e-mailadres is al ingeschreven")
    assert_bad_input(post_json(client, f"{API}/training-sessions/{session.pk}/attendance/", {
        "present": [mine.pk]}), staff, "status", before, "De bijeenkomst is nog niet begonnen.")
    member = login_as(worker)
    assert_bad_input(post_json(member, f"{API}/training-sessions/{session.pk}/enrol-self/"), worker,
                     "email", before, "Met dit e-mailadres is al ingeschreven")
    assert_bad_input(post_json(member, f"{API}/enrolments/{mine.pk}/evaluation/", {
        "score": 5, "usefulForWork": 5}), worker, "nonFieldErrors", before,
        "Alleen wie aanwezig was")


def test_a_question_refused_for_its_input(login_as, staff, staff_actor, region):
    client = login_as(staff)
    question = services.register_question(staff_actor, services.QuestionData(
        asker_type="resident", topic="child_abuse", question="Mijn buurjongen huilt vaak."))
    before = state()
    assert_bad_input(post_json(client, f"{API}/expertise-questions/", {
        "askerType": "resident", "topic": "child_abuse", "question": "Wat kan ik doen?",
        "contactName": "A. Buurvrouw"}), staff, "anonymous", before,
        "Een anonieme vraag heeft geen contactgegevens.")
    assert_bad_input(post_json(client, f"{API}/expertise-questions/", {
        "askerType": "neighbour", "topic": "child_abuse", "question": "?"}), staff, "askerType",
        before)
    assert_bad_input(post_json(client, f"{API}/expertise-questions/{question.pk}/refer/", {
        "referredAs": "report"}), staff, "referredAs", before, "Een melding heeft de naam van de "
        "melder nodig.")
    # A municipality that does not exist never reaches Veilig Thuis's intake.
    assert_bad_input(post_json(client, f"{API}/expertise-questions/{question.pk}/refer/", {
        "referredAs": "advice", "municipality": 987654}), staff, "municipality", before)
    assert_bad_input(post_json(client, f"{API}/expertise-questions/{question.pk}/answer/", {
        "answer": "Bel Veilig Thuis.", "followUp": ""}), staff, "followUp", before,
        "Kies het vervolg.")


def test_experts_awareness_and_dialogue_refused_for_their_input(login_as, staff, staff_actor,
                                                                tilburg_team):
    client = login_as(staff)
    event = services.plan_event(staff_actor, title="Week tegen Kindermishandeling", kind="campaign_event",
                                starts_at=timezone.now() + timedelta(days=3), place="Tilburg")
    leader = services.save_leader(staff_actor, name="D. Leider", community="moroccan",
                                  languages=["Arabisch"])
    worker = f.membership(Role.LOCAL_TEAM_WORKER, tilburg_team)
    before = state()
    assert_bad_input(post_json(login_as(worker), f"{API}/expert-requests/", {
        "purpose": "team_meeting", "wantedOn": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "themes": ["child_abuse"]}), worker, "wantedOn", before,
        "De gewenste datum ligt in het verleden.")
    assert_bad_input(post_json(client, f"{API}/awareness-events/{event.pk}/held/", {"reach": 40}),
                     staff, "status", before, "De bijeenkomst is nog niet geweest.")
    assert_bad_input(post_json(client, f"{API}/dialogue-meetings/", {
        "leader": leader.pk, "heldOn": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "setting": "parents_room", "language": "Arabisch", "participants": 8,
        "topics": ["honour"]}), staff, "heldOn", before,
        "Een bijeenkomst wordt vastgelegd nadat ze is gehouden.")
    assert_bad_input(post_json(client, f"{API}/dialogue-meetings/", {
        "leader": leader.pk, "heldOn": timezone.localdate().isoformat(),
        "setting": "parents_room", "language": "Arabisch", "participants": 8,
        "topics": ["names_of_participants"]}), staff, "topics.0", before)


def test_a_competency_refused_for_its_input(login_as, functional_admin, competencies):
    admin = login_as(functional_admin)
    before = state()
    assert_bad_input(patch_json(admin, f"{API}/competencies/{competencies[1].pk}/", {
        "code": competencies[0].code}), functional_admin, "code", before, "Deze code bestaat al.")
    assert_bad_input(post_json(admin, f"{API}/competency-standards/", {"code": "S9"}),
                     functional_admin, "title", before, "Vul de naam van de standaard in.")
    # Not the functional administrator: the logged 404, not a 400, whatever the input.
    staff = f.membership(Role.EXPERTISE_STAFF, f.organisation(T.EXPERTISE_CENTRE))
    assert_problem(patch_json(login_as(staff), f"{API}/competencies/{competencies[1].pk}/",
                              {"code": ""}), 404)
