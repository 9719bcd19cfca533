"""Trainings on screen: the centre puts a course in the catalogue, plans and publishes a session,
enrols people (a place, then the waiting list; a cancellation moves the first up), records
attendance in one list and prints certificates; a local-team worker enrols themselves, attends, and
sees the competency record and the team's share change; evaluations come back without names."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from eendak.audit.models import AccessLogEntry, Action
from eendak.expertise import queries, services
from eendak.expertise.events import Event
from eendak.expertise.models import Course, Enrolment, Evaluation, Session
from eendak.expertise.workflow import EnrolmentStatus, SessionStatus

from . import views_support
from .conftest import actor_for
from .views_support import (
    assert_refused,
    field_error,
    hold,
    moment,
    reads,
    text_of,
    url,
    value_of,
)

pytestmark = pytest.mark.django_db
coordinator, analyst = views_support.coordinator, views_support.analyst


def test_the_centre_adds_a_course_plans_and_publishes_a_session(staff, competencies, login_as):
    client = login_as(staff)
    response = client.post(url("courses"), {
        "training-title": "Meldcode in de praktijk", "training-audiences": ["teachers", "gps"],
        "training-competencies": [competencies[0].pk], "training-duration_hours": "3,5",
        "training-validity_months": "36", "training-is_active": "on"})
    course = Course.objects.get(title="Meldcode in de praktijk")
    assert response.status_code == 302
    assert response["Location"] == url("sessions") + f"?training={course.pk}"
    assert course.audiences == ["teachers", "gps"] and course.duration_hours == Decimal("3.5")
    assert list(course.competencies.all()) == [competencies[0]]
    catalogue = text_of(client.get(url("courses")))
    assert "Meldcode in de praktijk" in catalogue and "Leerkrachten en onderwijs" in catalogue
    assert "36 maanden" in catalogue and "3,5 uur" in catalogue

    # The session form has the course chosen; planned, it is in preparation.
    assert f'<option value="{course.pk}" selected>' in client.get(
        response["Location"]).content.decode()
    starts = timezone.now() + timedelta(days=10)
    response = client.post(url("sessions"), {
        "bijeenkomst-course": course.pk, "bijeenkomst-starts_at": moment(starts),
        "bijeenkomst-ends_at": moment(starts + timedelta(hours=3)),
        "bijeenkomst-place": "Tilburg, Stadskantoor", "bijeenkomst-trainer": "T. Rainer",
        "bijeenkomst-capacity": "12"})
    session = Session.objects.get(course=course)
    assert response["Location"] == url("session_detail", session_id=session.pk)
    assert session.status == SessionStatus.DRAFT
    page = text_of(client.get(response["Location"]))
    assert "In voorbereiding" in page and "0 van 12 bezet, 12 vrij" in page

    response = client.post(url("session_move", session_id=session.pk), {"status": "published"})
    session.refresh_from_db()
    assert response.status_code == 302 and session.status == SessionStatus.PUBLISHED
    assert "De bijeenkomst is gepubliceerd" in text_of(client.get(response["Location"]))
    assert session in queries.open_sessions()
    assert "Meldcode in de praktijk" in text_of(client.get(url("work")))


def test_a_course_without_audience_keeps_what_was_typed_and_changes_nothing(staff, competencies,
                                                                           login_as):
    response = login_as(staff).post(url("courses"), {
        "training-title": "Signalen herkennen", "training-duration_hours": "4",
        "training-validity_months": "24", "training-competencies": [competencies[1].pk]})
    assert response.status_code == 200
    assert field_error(response, "training-audiences") == "Kies ten minste één doelgroep."
    assert value_of(response, "training-title") == "Signalen herkennen"
    assert "Er is nog niets opgeslagen." in text_of(response)
    assert not Course.objects.filter(title="Signalen herkennen").exists()


def test_a_session_ending_before_it_starts_is_refused_at_the_field(staff, course, login_as):
    starts = timezone.now() + timedelta(days=3)
    response = login_as(staff).post(url("sessions"), {
        "bijeenkomst-course": course.pk, "bijeenkomst-starts_at": moment(starts),
        "bijeenkomst-ends_at": moment(starts - timedelta(hours=1)),
        "bijeenkomst-place": "Waalwijk", "bijeenkomst-trainer": "T. Rainer",
        "bijeenkomst-capacity": "10"})
    assert field_error(response, "bijeenkomst-ends_at") == "Het einde ligt na het begin."
    assert value_of(response, "bijeenkomst-place") == "Waalwijk"
    assert not Session.objects.filter(place="Waalwijk").exists()


def test_places_then_the_waiting_list_and_a_cancellation_moves_the_first_up(staff, session,
                                                                            login_as):
    client = login_as(staff)
    for n in range(3):
        client.post(url("session_enrol", session_id=session.pk), {
            "inschrijven-name": f"Deelnemer {n}", "inschrijven-email": f"d{n}@school.test",
            "inschrijven-organisation_name": "Basisschool De Linde"})
    first, second, third = Enrolment.objects.filter(session=session).order_by("pk")
    assert [e.status for e in (first, second, third)] == ["enrolled", "enrolled", "waiting"]
    page = client.get(url("session_detail", session_id=session.pk))
    assert "2 van 2 bezet, 0 vrij" in text_of(page) and "Deelnemer 2" in text_of(page)
    assert reads(staff, Event.ENROLMENTS_READ).exists()

    # The same e-mail twice: refused at the field, the typed name kept.
    again = client.post(url("session_enrol", session_id=session.pk), {
        "inschrijven-name": "Nog eens", "inschrijven-email": "d0@school.test"})
    assert field_error(again, "inschrijven-email") == (
        "Met dit e-mailadres is al ingeschreven voor deze bijeenkomst.")
    assert value_of(again, "inschrijven-name") == "Nog eens"

    client.post(url("enrolment_cancel", enrolment_id=first.pk))
    third.refresh_from_db()
    first.refresh_from_db()
    assert first.status == EnrolmentStatus.CANCELLED and third.status == EnrolmentStatus.ENROLLED


def test_a_worker_enrols_attends_and_the_record_and_the_teams_share_change(
        staff, session, worker, tilburg_team, coordinator, analyst, login_as):
    me = login_as(worker)
    own = me.get(url("my_competencies"))
    assert "2 vereiste competenties ontbreken" in text_of(own)
    assert "Trainingen die opbouwen wat ontbreekt" in text_of(own)
    assert url("enrol_self", session_id=session.pk) in own.content.decode()
    assert reads(worker, Event.COMPETENCIES_READ).exists()
    shares = login_as(analyst).get(
        url("competency_shares") + f"?gemeente={tilburg_team.municipality_id}")
    before = {s.team.pk: s for s in queries.team_shares()}[tilburg_team.pk]
    assert before.meeting == 0 and "0%" in text_of(shares)

    response = me.post(url("enrol_self", session_id=session.pk),
                       {"next": url("my_competencies")})
    assert response["Location"] == url("my_competencies")
    enrolment = Enrolment.objects.get(session=session, user=worker.user)
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert "U bent ingeschreven" in text_of(me.get(response["Location"]))

    hold(session)
    staff_client = login_as(staff)
    page = staff_client.get(url("session_detail", session_id=session.pk))
    assert "Aanwezigheid vastleggen" in text_of(page)
    response = staff_client.post(url("session_attendance", session_id=session.pk),
                                 {"aanwezig-present": [enrolment.pk]})
    assert response.status_code == 302
    session.refresh_from_db()
    enrolment.refresh_from_db()
    assert session.status == SessionStatus.HELD and enrolment.attended
    assert enrolment.certificate_number in text_of(staff_client.get(response["Location"]))

    own = text_of(me.get(url("my_competencies")))
    assert "U voldoet aan de standaard" in own and "Behaald, geldig tot" in own
    assert "Certificaat (PDF)" in own and "Training evalueren" in own
    team = text_of(login_as(coordinator).get(url("team_competencies")))
    assert worker.user.get_full_name() in team and "1 van 2 medewerkers voldoen" in team
    after = text_of(login_as(analyst).get(
        url("competency_shares") + f"?gemeente={tilburg_team.municipality_id}"))
    assert "50%" in after and worker.user.get_full_name() not in after


def test_the_participant_evaluates_and_the_centre_sees_it_without_names(staff, session, worker,
                                                                        staff_actor, login_as):
    enrolment = services.enrol_self(actor_for(worker), session)
    hold(session)
    services.record_attendance(staff_actor, session, present_ids=[enrolment.pk])
    me = login_as(worker)
    form = me.get(url("enrolment_evaluate", enrolment_id=enrolment.pk))
    assert "Training evalueren" in text_of(form)
    missing = me.post(url("enrolment_evaluate", enrolment_id=enrolment.pk), {
        "evaluatie-useful_for_work": "4", "evaluatie-comment": "Praktisch"})
    assert field_error(missing, "evaluatie-score") == "Kies een waardering van 1 tot 5."
    assert "Praktisch" in missing.content.decode()
    assert not Evaluation.objects.exists()
    done = me.post(url("enrolment_evaluate", enrolment_id=enrolment.pk) + "?next="
                   + url("my_competencies"), {
        "evaluatie-score": "5", "evaluatie-useful_for_work": "4",
        "evaluatie-comment": "Heel praktisch, meteen toepasbaar."})
    assert done["Location"] == url("my_competencies")
    assert Evaluation.objects.get().score == 5
    summary = text_of(login_as(staff).get(url("evaluations")))
    assert "Heel praktisch, meteen toepasbaar." in summary and "5,0 / 5" in summary
    assert worker.user.get_full_name() not in summary


def test_certificates_print_for_the_centre_and_the_participant_only(staff, session, worker,
                                                                    staff_actor, make_member,
                                                                    tilburg_team, login_as):
    enrolment = services.enrol_self(actor_for(worker), session)
    hold(session)
    services.record_attendance(staff_actor, session, present_ids=[enrolment.pk])
    for member in (staff, worker):
        response = login_as(member).get(url("certificate", enrolment_id=enrolment.pk))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert AccessLogEntry.objects.filter(user_id=member.user_id,
                                             event=Event.CERTIFICATE_PRINTED,
                                             action=Action.EXPORT).exists()
    colleague = make_member("local_team_worker", tilburg_team)
    response = login_as(colleague).get(url("certificate", enrolment_id=enrolment.pk))
    assert_refused(response, colleague, "expertise.print_certificate")


def test_cancelling_a_session_and_a_past_session_cannot_be_published(staff, staff_actor, course,
                                                                     session, login_as):
    client = login_as(staff)
    response = client.post(url("session_move", session_id=session.pk), {"status": "cancelled"})
    session.refresh_from_db()
    assert response.status_code == 302 and session.status == SessionStatus.CANCELLED
    start = timezone.now() + timedelta(days=2)
    draft = services.plan_session(staff_actor, course, starts_at=start,
                                  ends_at=start + timedelta(hours=2), place="Oisterwijk",
                                  trainer="T", capacity=5)
    hold(draft)
    response = client.post(url("session_move", session_id=draft.pk), {"status": "published"})
    assert response.status_code == 400
    assert "Een bijeenkomst in het verleden kan niet meer worden gepubliceerd." in text_of(response)
    draft.refresh_from_db()
    assert draft.status == SessionStatus.DRAFT


def test_a_worker_without_an_email_address_is_told_why_enrolment_fails(session, worker, login_as):
    worker.user.email = ""
    worker.user.save()
    me = login_as(worker)
    response = me.post(url("enrol_self", session_id=session.pk), {"next": url("trainings")})
    assert "geen (geldig) e-mailadres" in text_of(me.get(response["Location"]))
    assert not Enrolment.objects.exists()


def test_the_open_trainings_show_places_and_ones_own_enrolment(session, worker, login_as):
    me = login_as(worker)
    page = text_of(me.get(url("trainings")))
    assert session.course.title in page and "0 van 2 bezet" in page
    me.post(url("enrol_self", session_id=session.pk))
    page = text_of(me.get(url("trainings")))
    assert "Ingeschreven" in page


def test_anyone_working_here_enrols_and_cancels_from_the_trainings_page(session, intake,
                                                                        login_as):
    intake.user.email = "ilse@veiligthuis.test"
    intake.user.save()
    client = login_as(intake)
    response = client.post(url("enrol_self", session_id=session.pk), {"next": url("trainings")})
    enrolment = Enrolment.objects.get(user=intake.user)
    page = client.get(response["Location"])
    assert "Mijn inschrijvingen" in text_of(page)
    response = client.post(url("enrolment_cancel", enrolment_id=enrolment.pk))
    assert response["Location"] == url("trainings")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.CANCELLED


def test_after_the_session_a_place_is_no_longer_given_up(staff, session, worker, staff_actor,
                                                         login_as):
    enrolment = services.enrol_self(actor_for(worker), session)
    hold(session)
    services.record_attendance(staff_actor, session, present_ids=[enrolment.pk])
    for member in (worker, staff):
        response = login_as(member).post(url("enrolment_cancel", enrolment_id=enrolment.pk))
        assert response.status_code == 400
        assert "Na de bijeenkomst kan niet meer worden afgemeld." in text_of(response)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED and enrolment.attended
