"""Who may not, over the API: the same logged 404 as something that is not there, whatever they
send, and nothing changed. Veilig Thuis's intake (a client-data role elsewhere) reaches none of the
Expertisecentrum's staff endpoints; a worker reaches only their own enrolment and record; a team's
coordinator only their own team. And the Expertisecentrum, which has the client-data capability but
takes part in no case, never reaches a case, a household or a person in a case through anything."""

import pytest
from django.utils import timezone

from eendak.api.tests.support import assert_problem, body, patch_json, post_json
from eendak.audit.models import AccessLogEntry, Outcome
from eendak.core.models import Organisation
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.expertise import services
from eendak.expertise.models import (
    Course,
    DialogueMeeting,
    Enrolment,
    Expert,
    ExpertRequest,
    Question,
    Session,
)
from eendak.testing import factories as f

from .conftest import actor_for

pytestmark = pytest.mark.django_db

API = "/api/v1"


def state() -> tuple:
    """Every row the Expertisecentrum's API can change; equal before and after = nothing changed."""

    def rows(model, *fields):
        return list(model.objects.order_by("pk").values_list("pk", *fields))

    return (rows(Course, "title", "is_active"), rows(Session, "status", "capacity"),
            rows(Enrolment, "status", "attended"), rows(Question, "status", "answer"),
            rows(Expert, "pseudonym"), rows(ExpertRequest, "status"), rows(DialogueMeeting))


def assert_refused(response, membership, permission: str, before=None):
    """The 404 of something that is not there, the refusal logged under the permission's name, and
    (with ``before``) nothing changed."""
    assert_problem(response, 404)
    entry = AccessLogEntry.objects.filter(user_id=membership.user_id).order_by("-id").first()
    assert entry is not None
    assert (entry.event, entry.outcome) == (permission, Outcome.DENIED), (entry.event, entry.outcome)
    if before is not None:
        assert state() == before


@pytest.fixture
def question(staff_actor):
    return services.register_question(staff_actor, services.QuestionData(
        asker_type="professional", topic="meldcode", question="Wanneer meld ik bij Veilig Thuis?"))


@pytest.fixture
def meeting(staff_actor):
    leader = services.save_leader(staff_actor, name="D. Leider", community="turkish",
                                  languages=["Turks"])
    return services.record_meeting(staff_actor, services.MeetingData(
        leader=leader, held_on=timezone.localdate(), setting="community_centre", language="Turks",
        participants=9, topics=["partner_violence"]))


def test_veilig_thuis_intake_reaches_none_of_the_staff_endpoints(login_as, intake, session,
                                                                 question, meeting, staff_actor,
                                                                 tilburg_team):
    expert = services.save_expert(staff_actor, pseudonym="Zonnebloem", themes=["child_abuse"],
                                  languages=["Nederlands"])
    client = login_as(intake)
    before = state()
    refused = [
        ("get", f"{API}/training-sessions/{session.pk}/enrolments/", None, "expertise.view_enrolments"),
        ("post", f"{API}/training-sessions/", {"capacity": "veel"}, "expertise.manage_trainings"),
        ("post", f"{API}/training-sessions/{session.pk}/cancel/", None,
         "expertise.manage_trainings"),
        ("post", f"{API}/training-sessions/{session.pk}/attendance/", {"present": [1]},
         "expertise.manage_trainings"),
        ("post", f"{API}/courses/", {"title": ""}, "expertise.manage_trainings"),
        ("get", f"{API}/expertise-questions/", None, "expertise.view_questions"),
        ("get", f"{API}/expertise-questions/{question.pk}/", None, "expertise.view_questions"),
        ("post", f"{API}/expertise-questions/{question.pk}/refer/", {"referredAs": "advice"},
         "expertise.handle_questions"),
        ("get", f"{API}/experience-experts/", None, "expertise.view_experts"),
        ("patch", f"{API}/experience-experts/{expert.pk}/", {"pseudonym": "X"},
         "expertise.manage_experts"),
        ("get", f"{API}/expert-requests/", None, "expertise.view_experts"),
        ("get", f"{API}/dialogue-meetings/", None, "expertise.view_dialogue"),
        ("get", f"{API}/dialogue-meetings/{meeting.pk}/signals/", None, "expertise.view_dialogue"),
        ("post", f"{API}/dialogue-meetings/{meeting.pk}/signals/", {"text": "x"},
         "expertise.manage_dialogue"),
        ("get", f"{API}/dialogue-overview/", None, "expertise.view_dialogue"),
        ("get", f"{API}/awareness-events/", None, "expertise.view_work"),
        ("get", f"{API}/team-competencies/{tilburg_team.pk}/", None,
         "expertise.view_team_competencies"),
        ("get", f"{API}/competency-shares/", None, "expertise.view_competency_shares"),
        ("get", f"{API}/my-competencies/", None, "expertise.view_own_competencies"),
        ("post", f"{API}/competencies/", {"code": "X"}, "expertise.manage_competencies"),
        # A method the endpoint does not have: the same 404 before a 405 could tell anything.
        ("delete", f"{API}/expertise-questions/{question.pk}/", None, "expertise.view_questions"),
    ]
    for method, url, data, permission in refused:
        if method == "get":
            response = client.get(url)
        elif method == "post":
            response = post_json(client, url, data)
        elif method == "patch":
            response = patch_json(client, url, data)
        else:
            response = client.delete(url)
        assert_refused(response, intake, permission, before)


def test_a_missing_id_is_the_same_refusal(login_as, staff):
    client = login_as(staff)
    assert_refused(client.get(f"{API}/expertise-questions/987654/"), staff,
                   "expertise.view_questions")
    assert_refused(post_json(client, f"{API}/training-sessions/987654/publish/"), staff,
                   "expertise.manage_trainings")


def test_a_worker_reaches_their_own_enrolment_only(login_as, session, worker, tilburg_team):
    other = f.membership(Role.LOCAL_TEAM_WORKER, tilburg_team)
    other.user.email = "ander@example.test"
    other.user.save()
    theirs = services.enrol_self(actor_for(other), session)
    client = login_as(worker)
    before = state()
    assert_refused(post_json(client, f"{API}/enrolments/{theirs.pk}/cancel/"), worker,
                   "expertise.cancel_enrolment", before)
    assert_refused(post_json(client, f"{API}/enrolments/{theirs.pk}/evaluation/", {"score": 5}),
                   worker, "expertise.evaluate", before)
    assert_refused(client.get(f"{API}/enrolments/{theirs.pk}/certificate/"), worker,
                   "expertise.print_certificate", before)
    assert body(client.get(f"{API}/enrolments/"))["results"] == []
    # Their own: cancelled, and the list says so.
    mine = services.enrol_self(actor_for(worker), session)
    # Not (yet) attended: there is no certificate.
    assert_problem(client.get(f"{API}/enrolments/{mine.pk}/certificate/"), 404)
    response = post_json(client, f"{API}/enrolments/{mine.pk}/cancel/")
    assert response.status_code == 200 and body(response)["status"] == "cancelled"


def test_a_coordinator_sees_their_own_team_only(login_as, tilburg_team, worker):
    goirle = Organisation.objects.get(name="Lokaal team Goirle")
    coordinator = f.membership(Role.CASE_COORDINATOR, tilburg_team)
    client = login_as(coordinator)
    assert client.get(f"{API}/team-competencies/{tilburg_team.pk}/").status_code == 200
    assert_refused(client.get(f"{API}/team-competencies/{goirle.pk}/"), coordinator,
                   "expertise.view_team_competencies")
    # A worker (not the coordinator) sees no team's names, only their own record.
    member = login_as(worker)
    assert_refused(member.get(f"{API}/team-competencies/{tilburg_team.pk}/"), worker,
                   "expertise.view_team_competencies")
    assert member.get(f"{API}/my-competencies/").status_code == 200
    # Not a local team at all: the same 404, also for the Expertisecentrum.
    staff = f.membership(Role.EXPERTISE_STAFF, f.organisation(T.EXPERTISE_CENTRE))
    assert_refused(login_as(staff).get(f"{API}/team-competencies/{f.organisation(T.POLICE).pk}/"),
                   staff, "expertise.view_team_competencies")


def test_the_expertisecentrum_never_reaches_case_data(login_as, staff, staff_actor,
                                                     household_with_case, vt, question):
    household, case, persons = household_with_case
    client = login_as(staff)
    for url in (f"{API}/cases/{case.pk}/", f"{API}/households/{household.pk}/",
                f"{API}/persons/{persons[0].pk}/"):
        assert_problem(client.get(url), 404)
    # Its role holds the Expertisecentrum's own records, not client data: the lists of case work,
    # the persons and Veilig Thuis's intake are not there for it at all.
    for url in ("cases/", "my-actions/", "signals/", "referrals/", "households/",
                "own-contributions/", "reports/", "advice-requests/", "presentations/"):
        response = client.get(f"{API}/{url}")
        assert response.status_code == 404 or body(response)["results"] == [], url
    response = client.get(f"{API}/persons/", {"name": persons[0].surname})
    assert response.status_code == 404 or body(response)["results"] == []
    # A question referred to Veilig Thuis: here only its reference stays, nothing of the household.
    referred = body(post_json(client, f"{API}/expertise-questions/{question.pk}/refer/",
                              {"referredAs": "advice", "note": "Over het gezin aan de Dorpsstraat."}))
    assert referred["status"] == "referred" and referred["referredReference"]
    assert "Dorpsstraat" not in str(referred) and "Wanneer meld ik" not in str(referred)
    # The referral gives the Expertisecentrum no way into what Veilig Thuis made of it.
    assert_problem(client.get(f"{API}/advice-requests/"), 404)
    # Demand for the help catalogue's offers is counts only: monitoring's test_api_help_demand.
