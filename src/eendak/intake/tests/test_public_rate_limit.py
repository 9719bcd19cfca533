"""Rate limit per client: past the hourly number, a friendly Dutch 429 with the phone number."""

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.intake.models import Report
from eendak.intake.throttle import PublicSubmissionAttempt

from .public_support import advice_form_data, report_form_data, row_counts


@pytest.fixture
def two_per_hour(settings):
    settings.EENDAK_PUBLIC_FORM_PER_HOUR = 2


@pytest.mark.django_db
def test_past_the_limit_the_visitor_gets_429_in_dutch_and_nothing_is_stored(client, two_per_hour):
    client.post(reverse("public:report"), report_form_data(client))
    client.post(reverse("public:advice"), advice_form_data(client))  # both forms count
    data = report_form_data(client, account="Een derde melding, met mijn eigen woorden.")
    before = row_counts()

    response = client.post(reverse("public:report"), data)

    html = unescape(response.content.decode())
    assert response.status_code == 429
    assert "U heeft in korte tijd veel formulieren verstuurd" in html
    assert "0800 2000" in html
    assert int(response["Retry-After"]) > 0
    assert "Een derde melding, met mijn eigen woorden." in html  # what was typed is kept
    assert row_counts() == before


@pytest.mark.django_db
def test_another_client_is_not_affected(client, two_per_hour):
    for _ in range(2):
        client.post(reverse("public:report"), report_form_data(client))

    response = client.post(reverse("public:report"), report_form_data(client), REMOTE_ADDR="192.0.2.7")

    assert response.status_code == 200
    assert Report.objects.count() == 3


@pytest.mark.django_db
def test_after_an_hour_the_client_may_send_again(client, two_per_hour):
    for _ in range(2):
        client.post(reverse("public:report"), report_form_data(client))
    PublicSubmissionAttempt.objects.update(created_at=timezone.now() - timedelta(minutes=61))

    response = client.post(reverse("public:report"), report_form_data(client))

    assert response.status_code == 200
    assert Report.objects.count() == 3


@pytest.mark.django_db
def test_the_count_keeps_no_address(client):
    client.post(reverse("public:report"), report_form_data(client), REMOTE_ADDR="192.0.2.55")

    attempt = PublicSubmissionAttempt.objects.get()
    assert "192.0.2.55" not in attempt.ip_hash
    assert len(attempt.ip_hash) == 64


@pytest.mark.django_db
def test_a_repeat_of_an_accepted_submission_is_not_refused(client, two_per_hour):
    first = report_form_data(client)
    client.post(reverse("public:report"), first)
    client.post(reverse("public:report"), report_form_data(client))

    again = client.post(reverse("public:report"), first)

    assert again.status_code == 200
    assert Report.objects.count() == 2
