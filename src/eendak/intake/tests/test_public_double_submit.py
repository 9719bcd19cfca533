"""A double submit (double click, reload, back and send again) makes one report with one number."""

from html import unescape

import pytest
from django.urls import reverse

from eendak.intake.models import AdviceRequest, Report

from .public_support import advice_form_data, report_form_data


@pytest.mark.django_db
def test_the_same_report_sent_twice_is_stored_once_with_the_same_reference(client):
    data = report_form_data(client)

    first = client.post(reverse("public:report"), data)
    second = client.post(reverse("public:report"), data)

    report = Report.objects.get()
    assert report.reference in unescape(first.content.decode())
    assert report.reference in unescape(second.content.decode())
    assert second.status_code == 200
    assert report.involved.count() == 1


@pytest.mark.django_db
def test_the_same_advice_request_sent_twice_is_stored_once(client):
    data = advice_form_data(client)

    client.post(reverse("public:advice"), data)
    second = client.post(reverse("public:advice"), data)

    advice = AdviceRequest.objects.get()
    assert advice.reference in unescape(second.content.decode())


@pytest.mark.django_db
def test_a_new_form_is_a_new_report(client):
    client.post(reverse("public:report"), report_form_data(client))
    client.post(reverse("public:report"), report_form_data(client))

    assert Report.objects.count() == 2


@pytest.mark.django_db
def test_a_report_key_does_not_work_on_the_advice_form(client):
    report_key = report_form_data(client)["submission_key"]
    data = advice_form_data(client, submission_key=report_key)

    response = client.post(reverse("public:advice"), data)

    assert "Dit formulier was verlopen of beschadigd" in unescape(response.content.decode())
    assert not AdviceRequest.objects.exists()
