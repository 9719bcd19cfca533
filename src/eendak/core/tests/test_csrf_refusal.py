"""A request refused by the CSRF check is told so in Dutch: a page for people, problem+json for the
API — never Django's or DRF's English text — and nothing is saved."""

import pytest
from django.test import Client
from django.urls import reverse

from eendak.api.models import ServiceToken
from eendak.audit.models import EmergencyAccess
from eendak.testing.clients import verified_client

pytestmark = pytest.mark.django_db


def test_a_form_posted_without_its_token_gets_a_dutch_page(intake):
    client = verified_client(intake, client=Client(enforce_csrf_checks=True))

    response = client.post(reverse("core:choose_role"), {"membership": intake.pk})

    html = response.content.decode()
    assert response.status_code == 403
    assert "Het formulier kon niet worden verstuurd" in html and "Er is niets opgeslagen" in html
    assert "CSRF verification failed" not in html


def test_an_api_call_on_a_session_without_the_token_gets_dutch_problem_json(intake, household_with_case):
    household, _case, _people = household_with_case
    client = verified_client(intake, client=Client(enforce_csrf_checks=True))

    response = client.post("/api/v1/emergency-access/", {"household": household.pk, "reason": "x",
                                                         "password": "x"},
                           content_type="application/json")

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert "CSRF" in problem["detail"] and "mislukt" in problem["detail"]
    assert "Failed" not in problem["detail"]
    assert not EmergencyAccess.objects.exists() and not ServiceToken.objects.exists()
