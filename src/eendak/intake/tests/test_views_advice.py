"""Advice requests in the UI: anonymous allowed, contact details only with consent, the advice given,
and turning an advice request into a report that carries its content over."""

import pytest
from django.urls import reverse

from eendak.intake.models import AdviceRequest, Report

CREATE = "/intake/advies/nieuw/"


def advice_form(**overrides) -> dict:
    data = {
        "submission_key": "advies-1", "channel": "phone", "received_at": "02-11-2026 09:30",
        "asker_type": "professional", "asker_role": "onderwijs", "asker_sector": "onderwijs",
        "violence_types": ["kindermishandeling"],
        "question": "Een leerling vertelt over klappen thuis. Wat zijn mijn volgende stappen?",
        "advice_given": "Bespreek de signalen met de aandachtsfunctionaris.", "follow_up": "call_back",
    }
    data.update(overrides)
    return data


@pytest.fixture
def officer(intake, login_as):
    return login_as(intake)


@pytest.mark.django_db
def test_anonymous_advice_is_stored_without_contact_details(officer):
    response = officer.post(CREATE, advice_form(anonymous="on"), follow=True)
    advice = AdviceRequest.objects.get()
    assert f"Adviesvraag {advice.reference} is vastgelegd." in response.content.decode()
    assert advice.anonymous and not advice.asker_name
    assert advice.violence_types == ["kindermishandeling"]
    assert advice.follow_up == "call_back"


@pytest.mark.django_db
def test_contact_details_without_consent_are_refused_and_kept_on_screen(officer):
    response = officer.post(CREATE, advice_form(asker_name="Juf M. Peeters",
                                                asker_phone="013-1234567"))
    html = response.content.decode()
    assert "alleen vastgelegd als de vraagsteller niet anoniem is en toestemming geeft" in html
    assert 'value="Juf M. Peeters"' in html and "klappen thuis" in html
    assert not AdviceRequest.objects.exists()


@pytest.mark.django_db
def test_empty_question_is_refused(officer):
    html = officer.post(CREATE, advice_form(question="  ")).content.decode()
    assert "Beschrijf de vraag." in html
    assert not AdviceRequest.objects.exists()


@pytest.mark.django_db
def test_double_submission_creates_one_advice_request(officer):
    first = officer.post(CREATE, advice_form())
    second = officer.post(CREATE, advice_form())
    assert AdviceRequest.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.django_db
def test_record_advice_and_convert_to_a_report(officer):
    officer.post(CREATE, advice_form(consent_to_contact="on", asker_name="Juf M. Peeters",
                                     follow_up=""))
    advice = AdviceRequest.objects.get()
    detail = reverse("intake:advice_detail", args=[advice.pk])
    assert "Juf M. Peeters" in officer.get(detail).content.decode()

    html = officer.post(reverse("intake:advice_record", args=[advice.pk]),
                        {"advice_given": "Meld bij Veilig Thuis.", "follow_up": ""}).content.decode()
    assert "Kies het vervolg." in html and "Meld bij Veilig Thuis." in html
    officer.post(reverse("intake:advice_record", args=[advice.pk]),
                 {"advice_given": "Meld bij Veilig Thuis.", "follow_up": "referred"})
    advice.refresh_from_db()
    assert advice.follow_up == "referred"

    response = officer.post(reverse("intake:advice_convert", args=[advice.pk]),
                            {"reporter_name": "Juf M. Peeters"}, follow=True)
    report = Report.objects.get()
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("intake:report_detail", args=[report.pk])
    assert f"is omgezet in melding {report.reference}" in html
    assert "klappen thuis" in report.account and report.reporter.name == "Juf M. Peeters"
    assert report.violence_types == ["kindermishandeling"]
    # A second click goes to the same report.
    again = officer.post(reverse("intake:advice_convert", args=[advice.pk]),
                         {"reporter_name": "Juf M. Peeters"})
    assert again["Location"] == reverse("intake:report_detail", args=[report.pk])
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_a_report_needs_the_reporters_name(officer):
    officer.post(CREATE, advice_form(anonymous="on"))
    advice = AdviceRequest.objects.get()
    html = officer.post(reverse("intake:advice_convert", args=[advice.pk]),
                        {"reporter_name": ""}).content.decode()
    assert "Voor een melding is de naam van de melder nodig." in html
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_list_shows_advice_requests_and_open_filter(officer):
    officer.post(CREATE, advice_form())
    officer.post(CREATE, advice_form(submission_key="advies-2", follow_up=""))
    first, second = AdviceRequest.objects.order_by("pk")
    html = officer.get(reverse("intake:advice_list")).content.decode()
    assert first.reference in html and second.reference in html
    html = officer.get(reverse("intake:advice_list"), {"open": "1"}).content.decode()
    assert first.reference not in html and second.reference in html
