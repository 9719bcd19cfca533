"""The Expertisecentrum's screens cost the same number of queries however much they show: a
session's enrolments, the staff's lists, a worker's own record, the team's record, the shares per
team and municipality, questions, experts and requests, the calendar, the dialogue page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.core.actors import Actor
from eendak.core.models import Organisation
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.expertise import services
from eendak.testing import factories as f
from eendak.testing.query_counts import assert_flat

from . import views_support
from .conftest import actor_for
from .views_support import hold, url

pytestmark = pytest.mark.django_db
analyst = views_support.analyst


def _worker(team):
    member = f.membership(Role.LOCAL_TEAM_WORKER, team)
    member.user.email = f"w{member.user.pk}@example.test"
    member.user.save()
    return member


def _session(staff_actor, course, *, days=7, capacity=50):
    start = timezone.now() + timedelta(days=days)
    planned = services.plan_session(staff_actor, course, starts_at=start,
                                    ends_at=start + timedelta(hours=3), place="Tilburg",
                                    trainer="T", capacity=capacity)
    return services.move_session(staff_actor, planned, "published")


def test_a_sessions_page_does_not_grow(staff, staff_actor, session, login_as, capsys):
    session.capacity = 3
    session.save()
    counter = iter(range(1000))

    def add(n):
        for _ in range(n):
            i = next(counter)
            services.enrol_someone(staff_actor, session, services.Registrant(
                name=f"Deelnemer {i}", email=f"d{i}@x.test", organisation_name="School"))

    add(2)
    assert_flat(capsys, "bijeenkomst", login_as(staff), url("session_detail", session.pk),
                grow=lambda: add(6))


def test_a_held_sessions_page_with_attendance_and_evaluations_does_not_grow(
        staff, staff_actor, course, tilburg_team, login_as, capsys):
    session = _session(staff_actor, course)
    workers = []

    def add(n):
        for _ in range(n):
            member = _worker(tilburg_team)
            workers.append(services.enrol_self(actor_for(member), session))

    add(2)
    hold(session)
    services.record_attendance(staff_actor, session, present_ids=[e.pk for e in workers])

    def grow():
        from eendak.expertise.models import Enrolment

        for i in range(5):
            Enrolment.objects.create(session=session, name=f"Later {i}", email=f"l{i}@x.test",
                                     status="enrolled", attended=True,
                                     certificate_number=f"CERT-T-{i}")
        for enrolment in Enrolment.objects.filter(session=session, attended=True):
            services.record_evaluation(staff_actor, enrolment, score=4, useful_for_work=3,
                                       comment="Goed")

    assert_flat(capsys, "gehouden bijeenkomst", login_as(staff), url("session_detail", session.pk),
                grow=grow)


def test_the_staff_lists_do_not_grow(staff, staff_actor, course, login_as, capsys):
    client = login_as(staff)

    def add(n):
        for i in range(n):
            _session(staff_actor, course, days=3 + i)

    add(1)
    assert_flat(capsys, "bijeenkomsten", client, url("sessions"), grow=lambda: add(4))
    assert_flat(capsys, "overzicht", client, url("work"), grow=lambda: add(3))


def test_the_catalogue_and_the_open_trainings_do_not_grow(staff, staff_actor, competencies,
                                                          worker, login_as, capsys):
    from decimal import Decimal

    counter = iter(range(1000))

    def add(n):
        for _ in range(n):
            course = services.save_course(staff_actor, services.CourseData(
                title=f"Training {next(counter)}", audiences=["local_teams", "teachers"],
                duration_hours=Decimal("2"), competency_ids=[c.pk for c in competencies]))
            _session(staff_actor, course)

    add(1)
    assert_flat(capsys, "catalogus", login_as(staff), url("courses"), grow=lambda: add(4))
    assert_flat(capsys, "open trainingen", login_as(worker), url("trainings"),
                grow=lambda: add(4))


def test_the_workers_own_record_does_not_grow(staff_actor, course, competencies, worker,
                                              login_as, capsys):
    from decimal import Decimal

    # Attended sessions build C1 only: C2 stays missing, so the page keeps showing what builds it.
    half = services.save_course(staff_actor, services.CourseData(
        title="Onveiligheid herkennen", audiences=["local_teams"], duration_hours=Decimal("2"),
        competency_ids=[competencies[0].pk]))

    def add(n):
        for i in range(n):
            session = _session(staff_actor, half if i % 2 else course, days=20 + i)
            enrolment = services.enrol_self(actor_for(worker), session)
            if i % 2:
                hold(session)
                services.record_attendance(staff_actor, session, present_ids=[enrolment.pk])
        for i in range(n):
            _session(staff_actor, course, days=40 + i)

    add(2)  # one attended already: the record's holdings are read with their competencies
    assert_flat(capsys, "mijn competenties", login_as(worker), url("my_competencies"),
                grow=lambda: add(4))


def _workers_shown(response) -> int:
    """The number of workers the shares page counts over its teams (it names none)."""
    return sum(int(n) for n in re.findall(
        r'<td>(\d+)</td><td>\d+</td><td class="aandeel">', response.content.decode()))


def test_the_teams_record_and_the_shares_do_not_grow(staff, staff_actor, session, tilburg_team,
                                                     analyst, login_as, capsys):
    teams = list(Organisation.objects.filter(type=T.LOCAL_TEAM).order_by("name")[:3])

    def add(n, spread=False):
        for team in (teams if spread else [tilburg_team]):
            for _ in range(n):
                member = _worker(team)
                services.enrol_self(actor_for(member), session)

    add(2)
    assert_flat(capsys, "competenties team", login_as(staff),
                url("team_competencies") + f"?team={tilburg_team.pk}", grow=lambda: add(5))
    assert_flat(capsys, "aandeel per team", login_as(analyst), url("competency_shares"),
                grow=lambda: add(3, spread=True), rows=_workers_shown)


def test_questions_do_not_grow(staff, staff_actor, login_as, capsys):
    def add(n):
        for i in range(n):
            question = services.register_question(staff_actor, services.QuestionData(
                asker_type="resident", topic="meldcode", question=f"Vraag {i}"))
            if i % 2:
                services.answer_question(staff_actor, question, answer="Zo.", follow_up="none")

    add(2)
    assert_flat(capsys, "adviesvragen", login_as(staff), url("questions"), grow=lambda: add(6))


def test_experts_and_requests_do_not_grow(staff, staff_actor, worker, login_as, capsys):
    counter = iter(range(1000))

    def add(n):
        for _ in range(n):
            i = next(counter)
            expert = services.save_expert(staff_actor, pseudonym=f"Ervaring {i}",
                                          themes=["child_abuse"], languages=["Nederlands"])
            request = services.request_expert(
                actor_for(worker), purpose="training",
                wanted_on=timezone.localdate() + timedelta(days=5), themes=["child_abuse"])
            if i % 2:
                services.match_expert(staff_actor, request, expert)

    add(1)
    client = login_as(staff)
    assert_flat(capsys, "ervaringsdeskundigen", client, url("experts"), grow=lambda: add(4))
    assert_flat(capsys, "aanvragen", client, url("expert_requests"), grow=lambda: add(4))


def test_the_calendar_and_the_dialogue_page_do_not_grow(staff, staff_actor, centre, login_as,
                                                        capsys):
    counter = iter(range(1000))
    campaign = services.save_campaign(staff_actor, title="Week tegen Kindermishandeling",
                                      starts_on=timezone.localdate(),
                                      ends_on=timezone.localdate() + timedelta(days=6))

    def add_events(n):
        for _ in range(n):
            i = next(counter)
            event = services.plan_event(staff_actor, title=f"Voorlichting {i}",
                                        kind="school_session",
                                        starts_at=timezone.now() + timedelta(hours=1 + i),
                                        place="School", campaign=campaign)
            services.register_public(Actor.public(None, centre), event, services.Registrant(
                name="Leraar", email=f"l{i}@x.test"), submission_key=f"k{i}")

    def add_meetings(n):
        for _ in range(n):
            i = next(counter)
            leader = services.save_leader(staff_actor, name=f"Leider {i}", community="moroccan",
                                          languages=["Arabisch", "Nederlands"])
            meeting = services.record_meeting(staff_actor, services.MeetingData(
                leader=leader, held_on=timezone.localdate() - timedelta(days=i % 5),
                setting="integration_course", language="Arabisch", participants=8,
                topics=["child_rights"]))
            services.pass_signal(staff_actor, meeting, text="Zorg", to="expertise")

    add_events(1)
    add_meetings(1)
    client = login_as(staff)
    year = timezone.localtime().year
    assert_flat(capsys, "bewustwording", client, url("awareness") + f"?jaar={year}",
                grow=lambda: add_events(4))
    assert_flat(capsys, "dialoog", client, url("dialogue"), grow=lambda: add_meetings(4))
