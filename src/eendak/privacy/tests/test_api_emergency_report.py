"""GET /api/v1/emergency-access/report/: every use of break-the-glass, for the privacy officer."""

import pytest
from django.test import Client

from eendak.audit.models import AccessLogEntry
from eendak.core.roles import Role

from .conftest import PASSWORD, assert_problem, body, post_json

pytestmark = pytest.mark.django_db

REPORT = "/api/v1/emergency-access/report/"
REASON = "Slachtoffer op de Spoedplein, eerdere meldingen nagaan voor de veiligheid."


@pytest.fixture
def grant(login_as, clinician, household_with_case):
    household, _case, people = household_with_case
    post_json(login_as(clinician), "/api/v1/emergency-access/",
              {"household": household.pk, "reason": REASON, "password": PASSWORD})
    return household, people


@pytest.mark.parametrize("role_fixture", ["privacy_officer", "log_admin"])
def test_report_lists_every_grant_with_reason(request, login_as, clinician, grant, role_fixture):
    household, _people = grant
    membership = request.getfixturevalue(role_fixture)

    response = login_as(membership).get(REPORT)

    assert response.status_code == 200
    [row] = body(response)["results"]
    assert (row["username"], row["organisation"], row["role"], row["household"], row["reason"]) == (
        clinician.user.username, clinician.organisation_id, Role.HOSPITAL_CLINICIAN, household.pk,
        REASON)


def test_report_is_logged(login_as, privacy_officer, grant):
    _household, people = grant

    login_as(privacy_officer).get(REPORT, {"since": "2020-01-01"})

    entry = AccessLogEntry.objects.get(event="emergency_access.report")
    assert (entry.organisation_id, entry.role) == (privacy_officer.organisation_id,
                                                   Role.PRIVACY_OFFICER)
    assert entry.person_ids == sorted(p.pk for p in people)
    assert entry.detail == "sinds 2020-01-01"


def test_since_filters(login_as, privacy_officer, grant):
    assert body(login_as(privacy_officer).get(REPORT, {"since": "2999-01-01"}))["count"] == 0


@pytest.mark.parametrize("role_fixture", ["intake", "clinician", "functional_admin"])
def test_other_roles_get_404(request, login_as, grant, role_fixture):
    membership = request.getfixturevalue(role_fixture)

    assert_problem(login_as(membership).get(REPORT), 404)


def test_without_credentials_401(region):
    assert_problem(Client().get(REPORT), 401)


def test_session_without_second_factor_403(login_as, privacy_officer):
    assert_problem(login_as(privacy_officer, verified=False).get(REPORT), 403)
