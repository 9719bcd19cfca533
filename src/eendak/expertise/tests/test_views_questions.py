"""Advice questions on screen: registered anonymously by default (contact details only when not
anonymous), listed open first with their time waiting, answered with a follow-up (then the time to
answer shows), or referred to Veilig Thuis as an advice request or a report — after which the page
shows Veilig Thuis's reference and nothing of what the question said."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.expertise import services
from eendak.expertise.events import Event
from eendak.expertise.models import Question
from eendak.expertise.workflow import QuestionStatus
from eendak.intake.models import AdviceRequest, Report

from .views_support import assert_refused, field_error, reads, text_of, url, value_of

pytestmark = pytest.mark.django_db


def register(client, **data):
    payload = {"vraag-asker_type": "professional", "vraag-topic": "child_abuse",
               "vraag-question": "Hoe bespreek ik zorgen met ouders?", "vraag-anonymous": "on"}
    payload.update({f"vraag-{k}": v for k, v in data.items()})
    payload = {k: v for k, v in payload.items() if v is not None}
    return client.post(url("question_register"), payload)


def test_an_anonymous_question_is_registered_and_listed_with_its_time_waiting(staff, login_as):
    client = login_as(staff)
    form = client.get(url("questions")).content.decode()
    assert re.search(r'<input type="checkbox" name="vraag-anonymous"[^>]*checked', form)
    response = register(client, received_at=(timezone.localtime() - timedelta(days=2))
                        .strftime("%Y-%m-%dT%H:%M"))
    question = Question.objects.get()
    assert response["Location"] == url("question_detail", question_id=question.pk)
    assert question.anonymous and not question.contact_name
    page = text_of(client.get(url("questions")))
    assert question.reference in page and "2 dagen" in page
    assert reads(staff, Event.QUESTIONS_READ).exists()
    assert question.reference in text_of(client.get(url("work")))


def test_contact_details_on_an_anonymous_question_are_refused_with_everything_kept(staff,
                                                                                   login_as):
    response = register(login_as(staff), contact_name="J. Jansen", contact_phone="06-00000000")
    assert response.status_code == 200
    assert field_error(response, "vraag-anonymous").startswith(
        "Een anonieme vraag heeft geen contactgegevens.")
    assert value_of(response, "vraag-contact_name") == "J. Jansen"
    assert "Hoe bespreek ik zorgen met ouders?" in response.content.decode()
    assert not Question.objects.exists()


def test_a_question_is_answered_with_a_follow_up_and_its_time_to_answer_shows(staff, login_as):
    client = login_as(staff)
    register(client, anonymous=None, contact_name="Juf Anna", contact_email="anna@school.test")
    question = Question.objects.get()
    page = text_of(client.get(url("question_detail", question_id=question.pk)))
    assert "Juf Anna" in page and "anna@school.test" in page
    missing = client.post(url("question_answer", question_id=question.pk), {
        "antwoord-answer": "Gebruik de meldcode, stap 1 en 2."})
    assert field_error(missing, "antwoord-follow_up") == "Kies het vervolg."
    assert "Gebruik de meldcode, stap 1 en 2." in missing.content.decode()
    response = client.post(url("question_answer", question_id=question.pk), {
        "antwoord-answer": "Gebruik de meldcode, stap 1 en 2.", "antwoord-follow_up": "training"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED and question.follow_up == "training"
    page = text_of(client.get(response["Location"]))
    assert "Tijd tot antwoord" in page and "Vervolg: Scholing aangeboden" in page
    listing = text_of(client.get(url("questions")))
    assert "Geen open vragen." in listing and question.reference in listing


def test_referred_as_advice_only_the_reference_stays(staff, vt, login_as):
    client = login_as(staff)
    register(client, question="De buurjongen wordt geslagen, Dorpsstraat 1.")
    question = Question.objects.get()
    response = client.post(url("question_refer", question_id=question.pk),
                           {"verwijzen-as_": "advice"})
    question.refresh_from_db()
    advice = AdviceRequest.objects.get(reference=question.referred_reference)
    assert "Dorpsstraat 1" in advice.question
    page = text_of(client.get(response["Location"]))
    assert question.referred_reference in page and "Doorverwezen naar Veilig Thuis" in page
    assert "Dorpsstraat" not in page and "Beantwoorden" not in page
    # Nothing more can be done with it here.
    client.post(url("question_answer", question_id=question.pk), {
        "antwoord-answer": "x", "antwoord-follow_up": "none"})
    question.refresh_from_db()
    assert question.status == QuestionStatus.REFERRED and question.answer == ""


def test_a_report_needs_the_askers_name_and_the_municipality(staff, vt, region, login_as):
    from eendak.core.models import Municipality

    client = login_as(staff)
    register(client, question="Zorgen over een gezin in de wijk.")
    anonymous = Question.objects.get()
    response = client.post(url("question_refer", question_id=anonymous.pk), {
        "verwijzen-as_": "report", "verwijzen-note": "Dringend"})
    assert field_error(response, "verwijzen-as_").startswith("Een melding heeft de naam")
    assert "Dringend" in response.content.decode()
    assert not Report.objects.exists()

    register(client, anonymous=None, contact_name="M. de Vries", contact_phone="013-0000000",
             question="Mijn zus wordt thuis bedreigd.")
    named = Question.objects.exclude(pk=anonymous.pk).get()
    response = client.post(url("question_refer", question_id=named.pk), {"verwijzen-as_": "report"})
    assert field_error(response, "verwijzen-municipality") == "Kies de gemeente van het huishouden."
    tilburg = Municipality.objects.get(name="Tilburg")
    response = client.post(url("question_refer", question_id=named.pk), {
        "verwijzen-as_": "report", "verwijzen-municipality": tilburg.pk})
    named.refresh_from_db()
    report = Report.objects.get(reference=named.referred_reference)
    assert "bedreigd" in report.account
    page = text_of(client.get(response["Location"]))
    assert "M. de Vries" not in page and "bedreigd" not in page
    assert named.referred_reference in page and "Melding bij Veilig Thuis" in page


def test_questions_are_the_centres_only(staff_actor, worker, intake, login_as):
    question = services.register_question(staff_actor, services.QuestionData(
        asker_type="resident", topic="other", question="Wat is de meldcode?"))
    for member in (worker, intake):
        client = login_as(member)
        assert_refused(client.get(url("questions")), member, "expertise.view_questions")
        assert_refused(client.get(url("question_detail", question_id=question.pk)), member,
                       "expertise.view_questions")
        assert_refused(client.post(url("question_answer", question_id=question.pk), {
            "antwoord-answer": "x", "antwoord-follow_up": "none"}), member,
            "expertise.handle_questions")
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


def test_the_questions_export_as_csv_and_excel_logged(staff, login_as):
    """Open and handled questions, as the page lists them, as a file; logged as an export."""
    import csv
    import io

    from eendak.audit.models import AccessLogEntry, Action

    client = login_as(staff)
    register(client, received_at=(timezone.localtime() - timedelta(days=1))
             .strftime("%Y-%m-%dT%H:%M"))
    question = Question.objects.get()
    assert "formaat=xlsx" in client.get(url("questions")).content.decode()
    response = client.get(url("questions"), {"formaat": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")),
                                    delimiter=";"))
    assert header[0] == "Kenmerk" and [row[0] for row in rows] == [question.reference]
    excel = client.get(url("questions"), {"formaat": "xlsx"})
    assert excel["Content-Type"].startswith("application/vnd.openxmlformats")
    entries = AccessLogEntry.objects.filter(event="expertise.questions_exported")
    assert [e.action for e in entries] == [Action.EXPORT, Action.EXPORT]
