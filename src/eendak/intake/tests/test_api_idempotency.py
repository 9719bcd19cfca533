"""A retried POST with the same Idempotency-Key returns the same report (200) instead of a second one
(201 the first time) — e.g. when the connection dropped after the server had saved it."""

import pytest

from eendak.audit.models import AccessLogEntry
from eendak.core.roles import Role
from eendak.intake.models import AdviceRequest, Report
from eendak.persons.models import Person
from eendak.testing import factories as f

from .api_helpers import API, assert_problem, body, post_json, web_report

pytestmark = pytest.mark.django_db

KEY = "3f1c2a9e-6d5b-4c1e-9a7f-0b2d8e4c6a10"


def test_retry_with_the_same_key_returns_the_same_report(login_as, intake):
    client = login_as(intake)

    first = post_json(client, f"{API}/reports/", web_report(), HTTP_IDEMPOTENCY_KEY=KEY)
    retry = post_json(client, f"{API}/reports/", web_report(), HTTP_IDEMPOTENCY_KEY=KEY)

    assert first.status_code == 201 and retry.status_code == 200
    assert body(retry)["id"] == body(first)["id"]
    assert body(retry)["reference"] == body(first)["reference"]
    assert Report.objects.count() == 1
    assert Person.objects.count() == 2  # the persons were not created twice either
    # Showing it again is a read of these persons, and logged as one.
    entry = AccessLogEntry.objects.filter(event="report.read").latest("id")
    assert "Idempotency-Key" in entry.detail and len(entry.person_ids) == 2


def test_without_a_key_two_posts_are_two_reports(login_as, intake):
    client = login_as(intake)

    post_json(client, f"{API}/reports/", web_report())
    post_json(client, f"{API}/reports/", web_report(involved=[]))

    assert Report.objects.count() == 2


def test_another_caller_with_the_same_key_gets_a_report_of_their_own(login_as, intake, vt):
    colleague = f.membership(Role.VT_INTAKE, vt)

    mine = post_json(login_as(intake), f"{API}/reports/", web_report(), HTTP_IDEMPOTENCY_KEY=KEY)
    theirs = post_json(login_as(colleague), f"{API}/reports/", web_report(involved=[]),
                       HTTP_IDEMPOTENCY_KEY=KEY)

    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert body(mine)["id"] != body(theirs)["id"]


def test_a_rejected_first_attempt_leaves_the_key_free(login_as, intake):
    client = login_as(intake)

    bad = post_json(client, f"{API}/reports/", web_report(account=""), HTTP_IDEMPOTENCY_KEY=KEY)
    good = post_json(client, f"{API}/reports/", web_report(), HTTP_IDEMPOTENCY_KEY=KEY)

    assert_problem(bad, 400)
    assert good.status_code == 201 and Report.objects.count() == 1


def test_advice_request_retry_returns_the_same_advice_request(login_as, intake):
    client = login_as(intake)
    data = {"channel": "phone", "askerType": "resident", "question": "Zorgen om de buren."}

    first = post_json(client, f"{API}/advice-requests/", data, HTTP_IDEMPOTENCY_KEY=KEY)
    retry = post_json(client, f"{API}/advice-requests/", data, HTTP_IDEMPOTENCY_KEY=KEY)

    assert (first.status_code, retry.status_code) == (201, 200)
    assert body(first)["id"] == body(retry)["id"] and AdviceRequest.objects.count() == 1


def test_an_overlong_key_is_refused(login_as, intake):
    response = post_json(login_as(intake), f"{API}/reports/", web_report(),
                         HTTP_IDEMPOTENCY_KEY="x" * 201)

    problem = assert_problem(response, 400)
    assert {p["name"] for p in problem["invalidParams"]} == {"Idempotency-Key"}
    assert not Report.objects.exists()
