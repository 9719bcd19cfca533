"""The chain check through the API (GET /api/v1/access-log/verification): for the log administrator
only, the same service as the screen, and itself in the log."""

import pytest

from eendak.api.tests.support import assert_problem, body
from eendak.audit.models import AccessLogEntry, Outcome
from eendak.core.roles import Role
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db
URL = "/api/v1/access-log/verification"


def test_the_log_administrator_checks_the_chain(login_as, log_admin, intake):
    login_as(intake).get("/api/v1/me")  # some entries to check

    response = login_as(log_admin).get(URL)

    assert response.status_code == 200, response.content
    report = body(response)
    assert report["intact"] is True and report["problem"] == "" and report["firstBrokenId"] is None
    entry = AccessLogEntry.objects.get(event="access_log.verify")
    assert (entry.username, entry.outcome) == (log_admin.user.username, Outcome.SUCCESS)
    assert entry.detail.startswith("keten intact")


@pytest.mark.parametrize("role", [Role.PRIVACY_OFFICER, Role.FUNCTIONAL_ADMIN, Role.VT_INTAKE])
def test_anyone_else_finds_nothing_and_the_attempt_is_logged(login_as, vt, role):
    other = f.membership(role, vt)

    assert_problem(login_as(other).get(URL), 404)
    assert not AccessLogEntry.objects.filter(event="access_log.verify").exists()
    assert AccessLogEntry.objects.filter(username=other.user.username,
                                         event="privacy.verify_access_log",
                                         outcome=Outcome.DENIED).exists()
