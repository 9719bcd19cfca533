"""The Expertisecentrum's API lists cost the same number of queries however much they show
(``eendak.testing.query_counts``): each counted with a few rows, then with more."""

from datetime import timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.utils import timezone

from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.expertise import services
from eendak.expertise.models import Competency, Session, Standard
from eendak.testing import factories as f
from eendak.testing.query_counts import assert_flat

from .conftest import actor_for

pytestmark = pytest.mark.django_db

API = "/api/v1"
numbers = count(1)


def in_the_past(session):
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(days=1, hours=6),
        ends_at=timezone.now() - timedelta(days=1))


@pytest.fixture
def make(staff_actor, competencies, course, tilburg_team):
    """make.x(n): n more of each kind of thing the lists show."""

    class Make:
        def courses(self, n):
            for _ in range(n):
                i = next(numbers)
                services.save_course(staff_actor, services.CourseData(
                    title=f"Training {i}", audiences=["teachers", "gps"],
                    duration_hours=Decimal("3"), competency_ids=[c.pk for c in competencies]))

        def competencies(self, n):
            standard = Standard.objects.first()
            for _ in range(n):
                i = next(numbers)
                Competency.objects.create(standard=standard, code=f"K{i}", title=f"Competentie {i}")

        def sessions(self, n):
            for _ in range(n):
                start = timezone.now() + timedelta(days=next(numbers) % 50 + 2)
                session = services.plan_session(staff_actor, course, starts_at=start,
                                                ends_at=start + timedelta(hours=4), place="Goirle",
                                                trainer="T", capacity=1)
                services.move_session(staff_actor, session, "published")
                for j in range(2):  # one enrolled, one waiting
                    services.enrol_someone(staff_actor, session, services.Registrant(
                        name=f"Deelnemer {j}", email=f"d{next(numbers)}@example.test"))

        def enrolments(self, session, n, users=()):
            for _ in range(n):
                services.enrol_someone(staff_actor, session, services.Registrant(
                    name="Deelnemer", email=f"e{next(numbers)}@example.test",
                    organisation_name="School"))

        def workers(self, n, team=tilburg_team):
            """n more local-team workers, each of whom attended a held session."""
            start = timezone.now() + timedelta(days=3)
            session = services.plan_session(staff_actor, course, starts_at=start,
                                            ends_at=start + timedelta(hours=4), place="Tilburg",
                                            trainer="T", capacity=50)
            services.move_session(staff_actor, session, "published")
            enrolled = []
            for _ in range(n):
                member = f.membership(Role.LOCAL_TEAM_WORKER, team)
                member.user.email = f"w{next(numbers)}@example.test"
                member.user.save()
                enrolled.append(services.enrol_self(actor_for(member), session).pk)
            in_the_past(session)
            services.record_attendance(staff_actor, session, present_ids=enrolled)

        def questions(self, n):
            for i in range(n):
                question = services.register_question(staff_actor, services.QuestionData(
                    asker_type="volunteer", topic="elder_abuse", question="Wat te doen?"))
                if i % 2:
                    services.answer_question(staff_actor, question, answer="Zo.",
                                             follow_up="material")

        def experts(self, n):
            for _ in range(n):
                services.save_expert(staff_actor, pseudonym=f"Schuilnaam {next(numbers)}",
                                     themes=["partner_violence"], languages=["Nederlands"])

        def expert_requests(self, n):
            expert = services.save_expert(staff_actor, pseudonym=f"Koppel {next(numbers)}",
                                          themes=["child_abuse"], languages=["Nederlands"])
            for i in range(n):
                request = services.request_expert(
                    staff_actor, purpose="training",
                    wanted_on=timezone.localdate() + timedelta(days=30), themes=["child_abuse"])
                if i % 2:
                    services.match_expert(staff_actor, request, expert)

        def campaigns(self, n):
            for _ in range(n):
                today = timezone.localdate()
                services.save_campaign(staff_actor, title=f"Campagne {next(numbers)}",
                                       starts_on=today, ends_on=today + timedelta(days=7))

        def events(self, n):
            campaign = services.save_campaign(staff_actor, title=f"Week {next(numbers)}",
                                              starts_on=timezone.localdate(),
                                              ends_on=timezone.localdate())
            for _ in range(n):
                services.plan_event(staff_actor, title="Voorlichting", kind="school_session",
                                    starts_at=timezone.now() + timedelta(days=5), place="School",
                                    campaign=campaign)

        def leaders(self, n):
            for _ in range(n):
                services.save_leader(staff_actor, name=f"Leider {next(numbers)}",
                                     community="somali", languages=["Somalisch"])

        def meetings(self, n):
            leader = services.save_leader(staff_actor, name=f"Leider {next(numbers)}",
                                          community="turkish", languages=["Turks"])
            for _ in range(n):
                services.record_meeting(staff_actor, services.MeetingData(
                    leader=leader, held_on=timezone.localdate(), setting="parents_room",
                    language="Turks", participants=10, topics=["child_rights"]))

    return Make()


def test_the_training_lists_do_not_grow(make, login_as, staff, worker, session, capsys):
    centre, member = login_as(staff), login_as(worker)
    make.courses(1)
    make.sessions(1)
    assert_flat(capsys, "API trainingen", member, f"{API}/courses/", grow=lambda: make.courses(4))
    assert_flat(capsys, "API competenties", member, f"{API}/competencies/",
                grow=lambda: make.competencies(4))
    assert_flat(capsys, "API bijeenkomsten (Expertisecentrum)", centre, f"{API}/training-sessions/",
                grow=lambda: make.sessions(4))
    assert_flat(capsys, "API bijeenkomsten (medewerker)", member, f"{API}/training-sessions/",
                grow=lambda: make.sessions(4))
    make.enrolments(session, 1)
    assert_flat(capsys, "API inschrijvingen", centre,
                f"{API}/training-sessions/{session.pk}/enrolments/",
                grow=lambda: make.enrolments(session, 5))


def test_own_enrolments_and_records_do_not_grow(make, login_as, staff_actor, worker, course,
                                                tilburg_team, capsys):
    member = login_as(worker)

    def attend(n):
        for _ in range(n):
            start = timezone.now() + timedelta(days=3)
            session = services.plan_session(staff_actor, course, starts_at=start,
                                            ends_at=start + timedelta(hours=2), place="Tilburg",
                                            trainer="T", capacity=5)
            services.move_session(staff_actor, session, "published")
            enrolment = services.enrol_self(actor_for(worker), session)
            in_the_past(session)
            services.record_attendance(staff_actor, session, present_ids=[enrolment.pk])
            enrolment.refresh_from_db()
            services.record_evaluation(actor_for(worker), enrolment, score=4, useful_for_work=4)

    attend(1)
    assert_flat(capsys, "API eigen inschrijvingen", member, f"{API}/enrolments/",
                grow=lambda: attend(3))
    make.workers(1)
    coordinator = login_as(f.membership(Role.CASE_COORDINATOR, tilburg_team))
    assert_flat(capsys, "API competenties team", coordinator,
                f"{API}/team-competencies/{tilburg_team.pk}/", grow=lambda: make.workers(4),
                rows=lambda response: len(response.json()["records"]))
    analyst = login_as(f.membership(Role.ANALYST, f.organisation(T.VEILIG_THUIS)))
    assert_flat(capsys, "API aandeel per team", analyst, f"{API}/competency-shares/",
                grow=lambda: make.workers(4),
                rows=lambda response: sum(r["workers"] for r in response.json()["results"]))

    def more_competencies():
        make.competencies(3)
        attend(1)

    assert_flat(capsys, "API eigen competenties", member, f"{API}/my-competencies/",
                grow=more_competencies,
                rows=lambda response: len(response.json()["holdings"])
                + len(response.json()["missing"]))


def test_the_centres_lists_do_not_grow(make, login_as, staff, capsys):
    centre = login_as(staff)
    for name, url in (("questions", "expertise-questions/"), ("experts", "experience-experts/"),
                      ("expert_requests", "expert-requests/"), ("campaigns", "campaigns/"),
                      ("events", "awareness-events/"), ("leaders", "dialogue-leaders/"),
                      ("meetings", "dialogue-meetings/")):
        grow = getattr(make, name)
        grow(1)
        assert_flat(capsys, f"API {url}", centre, f"{API}/{url}", grow=lambda grow=grow: grow(4))


def test_registrations_and_suggestions_do_not_grow(make, login_as, staff, staff_actor, capsys):
    from eendak.core.actors import Actor
    from eendak.expertise.models import AwarenessEvent

    centre = login_as(staff)
    event = services.plan_event(staff_actor, title="Informatieavond", kind="information_evening",
                                starts_at=timezone.now() + timedelta(days=9), place="Dongen")
    public = Actor.public(None, staff.organisation)

    def register(n):
        for _ in range(n):
            i = next(numbers)
            services.register_public(public, AwarenessEvent.objects.get(pk=event.pk),
                                     services.Registrant(name=f"Ouder {i}",
                                                         email=f"o{i}@example.test"),
                                     submission_key=f"key-{i}")

    register(1)
    assert_flat(capsys, "API aanmeldingen", centre, f"{API}/awareness-events/{event.pk}/registrations/",
                grow=lambda: register(5))
    request = services.request_expert(staff_actor, purpose="awareness",
                                      wanted_on=timezone.localdate() + timedelta(days=20),
                                      themes=["partner_violence"])
    make.experts(1)
    assert_flat(capsys, "API voorstellen", centre, f"{API}/expert-requests/{request.pk}/suggestions/",
                grow=lambda: make.experts(4))
