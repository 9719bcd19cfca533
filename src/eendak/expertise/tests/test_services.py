"""The Expertisecentrum's rules below the screens: enrolment with a waiting list, attendance that
builds the competency record and the team's share, questions referred to Veilig Thuis without a
shadow copy, anonymous signals, the expert request's states."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.core.actors import Actor
from eendak.core.exceptions import NotPermitted, RuleViolation
from eendak.expertise import queries, services
from eendak.expertise.models import Enrolment, Session
from eendak.intake.models import AdviceRequest

from .conftest import actor_for


def hold(session):
    """Move the session into the past, as if it was given."""
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(days=1, hours=6),
        ends_at=timezone.now() - timedelta(days=1))
    session.refresh_from_db()
    return session


@pytest.mark.django_db
def test_public_enrolment_fills_places_then_the_waiting_list(session, centre, worker, staff_actor):
    public = Actor.public(None, centre)
    first = services.enrol_public(public, session, services.Registrant(
        name="A. Werker", email=worker.user.email.upper()), submission_key="k1")
    assert first.status == "enrolled" and first.user_id == worker.user_id  # matched by e-mail
    assert services.enrol_public(public, session, services.Registrant(
        name="A. Werker", email=worker.user.email), submission_key="k1") == first  # a resubmission
    services.enrol_someone(staff_actor, session, services.Registrant(name="B", email="b@x.test"))
    third = services.enrol_someone(staff_actor, session,
                                   services.Registrant(name="C", email="c@x.test"))
    assert third.status == "waiting"
    with pytest.raises(RuleViolation):
        services.enrol_someone(staff_actor, session, services.Registrant(name="C", email="c@x.test"))
    services.cancel_enrolment(staff_actor, first)
    third.refresh_from_db()
    assert third.status == "enrolled"


@pytest.mark.django_db
def test_attendance_builds_the_record_and_the_teams_share(session, worker, staff_actor,
                                                          tilburg_team):
    before = {s.team.pk: s for s in queries.team_shares()}[tilburg_team.pk]
    assert before.meeting == 0 and before.workers >= 1
    enrolment = services.enrol_self(actor_for(worker), session)
    hold(session)
    services.record_attendance(staff_actor, session, present_ids=[enrolment.pk])
    enrolment.refresh_from_db()
    assert enrolment.attended and enrolment.certificate_number
    record = queries.own_record(worker.user)
    assert record.meets_standard and {h.competency.code for h in record.holdings.values()} == {
        "C1", "C2"}
    after = {s.team.pk: s for s in queries.team_shares()}[tilburg_team.pk]
    assert after.meeting == before.meeting + 1
    # Two years later the certificate has expired and the competencies are missing again.
    later = queries.own_record(worker.user, today=timezone.localdate() + timedelta(days=800))
    assert not later.meets_standard
    services.record_evaluation(actor_for(worker), enrolment, score=4, useful_for_work=5)


@pytest.mark.django_db
def test_a_question_about_an_unsafe_household_leaves_no_copy(staff_actor, vt):
    question = services.register_question(staff_actor, services.QuestionData(
        asker_type="resident", topic="child_abuse",
        question="De buurjongen wordt elke avond geslagen, Dorpsstraat 1."))
    referred = services.refer_question(staff_actor, question, as_="advice")
    advice = AdviceRequest.objects.get(reference=referred.referred_reference)
    assert "Dorpsstraat 1" in advice.question and advice.anonymous
    assert "Dorpsstraat" not in referred.question and referred.status == "referred"
    with pytest.raises(RuleViolation):
        services.answer_question(staff_actor, referred, answer="x", follow_up="none")


@pytest.mark.django_db
def test_others_cannot_handle_the_centres_work(intake, worker, session):
    with pytest.raises(NotPermitted):
        services.register_question(actor_for(intake), services.QuestionData(
            asker_type="resident", topic="other", question="?"))
    enrolment = services.enrol_self(actor_for(worker), session)
    with pytest.raises(NotPermitted):
        services.cancel_enrolment(actor_for(intake), enrolment)
    assert Enrolment.objects.get(pk=enrolment.pk).status == "enrolled"


@pytest.mark.django_db
def test_dialogue_meeting_and_anonymous_signal(staff_actor, vt):
    leader = services.save_leader(staff_actor, name="Dialoogleider Test", community="somali",
                                  languages=["Somalisch", "Nederlands"])
    meeting = services.record_meeting(staff_actor, services.MeetingData(
        leader=leader, held_on=timezone.localdate(), setting="parents_room", language="Somalisch",
        participants=12, topics=["raising_children", "where_to_get_help"]))
    signal = services.pass_signal(staff_actor, meeting, text="Een moeder vertelde over geweld thuis.",
                                  to="veilig_thuis")
    assert signal.veilig_thuis_reference and "moeder" not in signal.text
    overview = queries.dialogue_overview(timezone.localdate().year)
    assert overview.meetings == 1 and overview.participants == 12 and overview.signals == 1
    with pytest.raises(RuleViolation):
        services.record_meeting(staff_actor, services.MeetingData(
            leader=leader, held_on=timezone.localdate(), setting="parents_room",
            language="Somalisch", participants=0, topics=["honour"]))


@pytest.mark.django_db
def test_an_expert_request_is_matched_scheduled_and_debriefed(staff_actor, worker):
    expert = services.save_expert(staff_actor, pseudonym="Ervaring A", themes=["child_abuse"],
                                  languages=["Nederlands"])
    request = services.request_expert(actor_for(worker), purpose="team_meeting",
                                      wanted_on=timezone.localdate() + timedelta(days=10),
                                      themes=["child_abuse"])
    assert services.matching_experts(request)[0][0] == expert
    services.match_expert(staff_actor, request, expert)
    services.schedule_expert(staff_actor, request, scheduled_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(RuleViolation):
        services.debrief_expert(staff_actor, request, debrief="", aftercare_offered=True)
    done = services.debrief_expert(staff_actor, request, debrief="Goed gegaan.",
                                   aftercare_offered=True)
    assert done.status == "done"
