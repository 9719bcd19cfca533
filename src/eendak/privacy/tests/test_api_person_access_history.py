"""GET /api/v1/persons/{id}/access-history/: who saw this person, for the privacy officer."""

import pytest
from django.test import Client

from eendak.audit.models import AccessLogEntry
from eendak.core.roles import Role

from .conftest import PASSWORD, assert_problem, body, post_json

pytestmark = pytest.mark.django_db


def history(person):
    return f"/api/v1/persons/{person.pk}/access-history/"


def test_shows_who_accessed_when_where_and_whether_by_emergency(
        login_as, privacy_officer, intake, clinician, household_with_case):
    household, _case, (parent, _partner, _child) = household_with_case
    login_as(intake).get(f"/api/v1/persons/{parent.pk}/")
    doctor = login_as(clinician)
    post_json(doctor, "/api/v1/emergency-access/", {
        "household": household.pk, "password": PASSWORD,
        "reason": "Kind met letsel op de Spoedplein; eerdere melding bekend?"})
    doctor.get(f"/api/v1/persons/{parent.pk}/")

    response = login_as(privacy_officer).get(history(parent))

    assert response.status_code == 200
    rows = [(r["username"], r["event"], r["organisationName"], r["role"], r["emergency"])
            for r in body(response)["results"]]
    assert rows == [
        (intake.user.username, "person.read", intake.organisation.name, Role.VT_INTAKE, False),
        (clinician.user.username, "emergency_access.granted", clinician.organisation.name,
         Role.HOSPITAL_CLINICIAN, True),
        (clinician.user.username, "person.read", clinician.organisation.name,
         Role.HOSPITAL_CLINICIAN, True),
    ]
    assert body(response)["results"][0]["occurredAt"]


def test_the_report_is_logged_for_the_person(login_as, privacy_officer, household_with_case):
    _household, _case, (parent, _partner, _child) = household_with_case

    login_as(privacy_officer).get(history(parent))

    entry = AccessLogEntry.objects.get(event="person.access_report")
    assert entry.action == "R"
    assert (entry.organisation_id, entry.role) == (privacy_officer.organisation_id,
                                                   Role.PRIVACY_OFFICER)
    assert entry.person_ids == [parent.pk]


def test_unknown_person_is_404(login_as, privacy_officer, region):
    assert_problem(login_as(privacy_officer).get("/api/v1/persons/987654/access-history/"), 404)


@pytest.mark.parametrize("role_fixture", ["intake", "log_admin", "functional_admin"])
def test_other_roles_get_404(request, login_as, household_with_case, role_fixture):
    _household, _case, (parent, _partner, _child) = household_with_case
    membership = request.getfixturevalue(role_fixture)

    assert_problem(login_as(membership).get(history(parent)), 404)
    assert not AccessLogEntry.objects.filter(event="person.access_report").exists()


def test_without_credentials_401(household_with_case):
    _household, _case, (parent, _partner, _child) = household_with_case
    assert_problem(Client().get(history(parent)), 401)


def test_session_without_second_factor_403(login_as, privacy_officer, household_with_case):
    _household, _case, (parent, _partner, _child) = household_with_case
    assert_problem(login_as(privacy_officer, verified=False).get(history(parent)), 403)
