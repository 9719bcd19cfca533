"""What the fuzzer holds every answer to, and the one call both the fuzzer and the finding tests make.

The checks are schemathesis's own (no 5xx; documented status; declared content type and headers;
body valid against the schema of that status) plus ours: every error is problem+json.
"""

import json

import schemathesis
from django.db import transaction
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from eendak.api.problems import PROBLEM_CONTENT_TYPE

API = "/api/v1"


@schemathesis.check
def errors_are_problem_json(ctx, response, case):
    """Every error, whatever caused it, is RFC 9457 problem details carrying its own status."""
    if response.status_code < 400:
        return None
    content_type = (response.headers.get("content-type") or [""])[0]
    if not content_type.startswith(PROBLEM_CONTENT_TYPE):
        raise AssertionError(f"Error {response.status_code} is not {PROBLEM_CONTENT_TYPE} but "
                             f"{content_type!r}: {response.content[:300]!r}")
    problem = json.loads(response.content)
    if problem.get("status") != response.status_code or not problem.get("title"):
        raise AssertionError(f"Problem without its status or a title: {problem}")
    return True


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance, errors_are_problem_json]


def auth(token: str) -> dict:
    return {"Authorization": f"Token {token}"}


def call_and_check(case, token: str, server_errors, *, excluded=()):
    """Send ``case`` in a savepoint that is rolled back afterwards, then hold the answer to the
    checks (less ``excluded``). A failure carries the request as curl and, for a 5xx, the server's
    traceback."""
    with transaction.atomic():
        response = case.call(headers=auth(token))
        transaction.set_rollback(True)
    tracebacks = server_errors.take()
    try:
        case.validate_response(response, checks=[c for c in CHECKS if c not in excluded])
    except BaseException as exc:  # schemathesis raises an ExceptionGroup of failures
        detail = str(exc)
        if tracebacks:
            detail += "\n\nServer traceback:\n" + tracebacks[-1]
        raise AssertionError(detail) from None
    return response
