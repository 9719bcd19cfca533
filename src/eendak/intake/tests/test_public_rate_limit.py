"""Rate limit per client: past the hourly number, a friendly Dutch 429 with the phone number."""

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.intake import public
from eendak.intake.models import Report
from eendak.intake.throttle import PublicSubmissionAttempt, PublicSubmissionClient

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


@pytest.mark.django_db
def test_the_limit_holds_in_the_storing_transaction_when_the_first_look_saw_room(
        client, two_per_hour, monkeypatch):
    """Simultaneous submissions all pass the view's first look before any has been stored; the count
    taken in the transaction that stores the report must still refuse the third."""
    monkeypatch.setattr(public, "retry_after_seconds", lambda fingerprint: None)
    for _ in range(2):
        assert client.post(reverse("public:report"), report_form_data(client)).status_code == 200
    data = report_form_data(client, account="Een derde melding, met mijn eigen woorden.")

    response = client.post(reverse("public:report"), data)

    html = unescape(response.content.decode())
    assert response.status_code == 429
    assert "U heeft in korte tijd veel formulieren verstuurd" in html
    assert "Een derde melding, met mijn eigen woorden." in html
    assert Report.objects.count() == 2
    assert PublicSubmissionAttempt.objects.count() == 2


@pytest.mark.django_db
def test_rows_outside_the_window_are_pruned(client):
    stale = timezone.now() - timedelta(minutes=90)
    PublicSubmissionAttempt.objects.create(ip_hash="a" * 64, created_at=stale)
    PublicSubmissionClient.objects.create(ip_hash="a" * 64, last_at=stale)

    client.post(reverse("public:report"), report_form_data(client))

    assert not PublicSubmissionAttempt.objects.filter(ip_hash="a" * 64).exists()
    assert not PublicSubmissionClient.objects.filter(ip_hash="a" * 64).exists()
    assert PublicSubmissionClient.objects.count() == 1
