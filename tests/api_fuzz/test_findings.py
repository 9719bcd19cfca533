"""What the fuzzer found, each reproduced by one plain request, so a fix is checked without fuzzing.

A finding in code another engineer owns is marked ``xfail(strict=True)`` here and listed in
``test_api_fuzz.KNOWN_FINDINGS`` with the fix that is needed; the day it is fixed this test passes,
strict xfail fails the run, and the entry and the mark go together. Findings fixed in
``eendak.api`` are plain tests.
"""

import pytest

from eendak.cases.models import Document

from .support import call_and_check

pytestmark = pytest.mark.django_db


def test_an_active_membership_has_no_end_date_and_the_schema_allows_that(schema, world,
                                                                       server_errors):
    """``endedAt`` is null while a membership runs; the schema said it was always a date-time."""
    membership = world.members["coordinator"]
    case = schema["/memberships/{id}"]["GET"].Case(path_parameters={"id": membership.pk})

    response = call_and_check(case, world.tokens["functional_admin"], server_errors)

    assert response.json()["endedAt"] is None


def test_a_user_who_never_logged_in_has_no_last_login_and_the_schema_allows_that(schema, world,
                                                                               server_errors):
    """``lastLogin`` is null until the first login (a new user, a service account)."""
    user = world.members["coordinator"].user
    case = schema["/users/{id}"]["GET"].Case(path_parameters={"id": user.pk})

    response = call_and_check(case, world.tokens["functional_admin"], server_errors)

    assert response.json()["lastLogin"] is None


def test_a_document_download_is_served_with_a_documented_content_type(schema, world,
                                                                      server_errors):
    """Today: ST105 Undocumented Content-Type (application/pdf, documented: octet-stream)."""
    document = Document.objects.get(case=world.case)
    case = schema["/documents/{id}/download"]["GET"].Case(path_parameters={"id": document.pk})

    response = call_and_check(case, world.tokens["coordinator"], server_errors)

    assert response.status_code == 200


@pytest.mark.parametrize("query", [
    {"organisation": 2**70},                 # beyond any database integer: was a 500 (OverflowError)
    {"person": 2**70},
    {"dateFrom": "0001-01-01"},              # the first day there is: midnight here is still year 0 in UTC
    {"dateTo": "9999-12-31"},
])
def test_an_access_log_search_with_extreme_values_is_an_answer_not_a_server_error(
        schema, world, server_errors, query):
    case = schema["/access-log"]["GET"].Case(query=query)

    response = call_and_check(case, world.tokens["log_admin"], server_errors)

    assert response.status_code in (200, 400)


@pytest.mark.parametrize("since", ["0001-01-01", "9999-12-31"])
def test_an_emergency_report_since_the_edge_of_the_calendar_is_an_answer_not_a_server_error(
        schema, world, server_errors, since):
    case = schema["/emergency-access/report"]["GET"].Case(query={"since": since})

    response = call_and_check(case, world.tokens["log_admin"], server_errors)

    assert response.status_code in (200, 400)


# --- Found by fuzzing the intake and case-file APIs, fixed in their services and schema -------------


def test_own_contributions_of_a_case_id_beyond_64_bits_is_an_answer_not_a_server_error(
        schema, world, server_errors):
    """Today on SQLite: 500, OverflowError."""
    case = schema["/own-contributions"]["GET"].Case(query={"case": 2**70})

    response = call_and_check(case, world.tokens["coordinator"], server_errors)

    assert response.status_code in (200, 400)


ADVICE = {"channel": "phone", "askerType": "professional", "question": "Wat kan ik doen?"}
REPORT = {"channel": "phone", "reporter": {"name": "J. Jansen"}, "violenceTypes": ["kindermishandeling"],
          "account": "Een kind huilt elke avond."}


@pytest.mark.parametrize(("path", "data"), [("/advice-requests", ADVICE),
                                            ("/reports", REPORT)])
def test_a_receipt_in_1846_is_refused(schema, world, server_errors, path, data):
    case = schema[path]["POST"].Case(body={**data, "receivedAt": "1846-10-02T15:00:00+01:00"},
                                     media_type="application/json")

    response = call_and_check(case, world.tokens["vt_intake"], server_errors)

    assert response.status_code == 400


def test_a_joint_conversation_planned_in_the_year_686_is_refused(schema, world, server_errors):
    conversation = world.report.joint_conversations.get()
    case = schema["/reports/{id}/joint-conversations/{conversation_id}"]["PATCH"].Case(
        path_parameters={"id": world.report.pk, "conversation_id": conversation.pk},
        body={"plannedFor": "0686-06-08T05:46:09+01:00"}, media_type="application/json")

    response = call_and_check(case, world.tokens["vt_intake"], server_errors)

    assert response.status_code == 400


def test_a_journal_entry_of_the_year_573_is_refused(schema, world, server_errors):
    case = schema["/cases/{id}/journal"]["POST"].Case(
        path_parameters={"id": world.case.pk}, media_type="application/json",
        body={"kind": "note", "text": "Gesprek met moeder.", "visibility": "all",
              "occurredAt": "0573-11-09T07:51:24Z"})

    response = call_and_check(case, world.tokens["coordinator"], server_errors)

    assert response.status_code == 400
