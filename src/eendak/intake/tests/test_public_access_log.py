"""A web report is logged as received by Veilig Thuis, with no user: nobody signed in took it."""

import pytest
from django.urls import reverse

from eendak.audit.models import AccessLogEntry, Action
from eendak.core.reference import veilig_thuis
from eendak.intake.models import AdviceRequest, Report

from .public_support import advice_form_data, report_form_data


@pytest.mark.django_db
def test_a_web_report_is_logged_for_veilig_thuis_without_a_user(client):
    client.post(reverse("public:report"), report_form_data(client), REMOTE_ADDR="192.0.2.10")

    report = Report.objects.get()
    entry = AccessLogEntry.objects.get(event="report.created", object_id=str(report.pk))
    assert entry.action == Action.CREATE
    assert entry.organisation == veilig_thuis()
    assert entry.organisation_name == veilig_thuis().name
    assert entry.user is None and entry.username == ""
    assert entry.role == ""
    person = report.involved.get().person
    assert entry.subjects.filter(person_id=person.pk).exists()
    created = AccessLogEntry.objects.get(event="person.created", object_id=str(person.pk))
    assert created.organisation == veilig_thuis() and created.user is None


@pytest.mark.django_db
def test_a_web_advice_request_is_logged_for_veilig_thuis_without_a_user(client):
    client.post(reverse("public:advice"), advice_form_data(client))

    advice = AdviceRequest.objects.get()
    entry = AccessLogEntry.objects.get(event="advice.created", object_id=str(advice.pk))
    assert entry.organisation == veilig_thuis() and entry.user is None
