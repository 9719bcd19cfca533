"""The limit per client holds when the submissions arrive at the same moment (issue 13, part 7).

A probe sent 12 reports at once, each with its own one-time key, and 12 were stored where the limit
is 5: the count was read outside the transaction that stored the report. Here 12 threads, released
together by a barrier, post through the real view; at most the limit may be stored, every other one
gets the Dutch "too many" answer.

On PostgreSQL each thread has its own connection (closed at the end), so the transactions really
overlap. On SQLite the test database is one in-memory connection: separate connections to it meet
shared-cache table locks ("database table is locked") instead of the busy timeout a file database
has, so the threads share the one connection, as the live server's threads do (conftest), one request
at a time. SQLite serialises writers anyway (IMMEDIATE transactions); there the test checks that the
serialised order gives the same answer.
"""

import contextlib
import threading
from html import unescape

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from eendak.core.reference import ensure_reference_data
from eendak.intake.models import Report
from eendak.intake.throttle import PublicSubmissionAttempt

from .public_support import report_form_data

LIMIT = 5
SENDERS = 12


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_never_pass_the_limit(settings):
    settings.EENDAK_PUBLIC_FORM_PER_HOUR = LIMIT
    ensure_reference_data()
    prepared = []
    for n in range(SENDERS):
        client = Client()
        prepared.append((client, report_form_data(
            client, account=f"Melding {n} van dezelfde afzender, tegelijk verstuurd.")))
    shared = connections["default"] if connection.vendor == "sqlite" else None
    one_at_a_time = threading.Lock() if shared is not None else contextlib.nullcontext()
    barrier = threading.Barrier(SENDERS)
    answers: list[tuple[int, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def send(client, data):
        if shared is not None:
            connections["default"] = shared
        try:
            barrier.wait()
            with one_at_a_time:
                response = client.post(reverse("public:report"), data)
            with lock:
                answers.append((response.status_code, unescape(response.content.decode())))
        except BaseException as exc:  # pragma: no cover - reported below
            with lock:
                errors.append(exc)
        finally:
            if shared is None:
                connections.close_all()

    threads = [threading.Thread(target=send, args=item) for item in prepared]
    if shared is not None:
        shared.inc_thread_sharing()
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        if shared is not None:
            shared.dec_thread_sharing()

    assert errors == []
    accepted = [html for status, html in answers if status == 200]
    refused = [html for status, html in answers if status == 429]
    assert len(answers) == SENDERS
    assert Report.objects.count() == LIMIT  # exactly the limit: never more, and no one lost
    assert len(accepted) == Report.objects.count()
    assert len(accepted) + len(refused) == SENDERS
    assert all("U heeft in korte tijd veel formulieren verstuurd" in html for html in refused)
    assert PublicSubmissionAttempt.objects.count() == LIMIT
