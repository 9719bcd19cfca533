"""GET /api/v1/access-log/: the log administrator's search, itself logged."""

import pytest
from django.test import Client

from eendak.audit.models import AccessLogEntry
from eendak.core.roles import Role

from .conftest import assert_problem, body, invalid_names

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/access-log/"


@pytest.fixture
def household_read(login_as, intake, household_with_case):
    """The intake officer opened the household once."""
    household, _case, people = household_with_case
    login_as(intake).get(f"/api/v1/households/{household.pk}/")
    return household, people


def test_search_by_person_finds_who_read_them(login_as, log_admin, intake, household_read):
    _household, people = household_read

    response = login_as(log_admin).get(SEARCH, {"person": people[0].pk})

    assert response.status_code == 200
    results = body(response)["results"]
    assert [(e["event"], e["username"]) for e in results] == [("household.read", intake.user.username)]
    assert results[0]["organisation"] == intake.organisation_id
    assert results[0]["roleLabel"] == Role.VT_INTAKE.label
    assert people[0].pk in results[0]["persons"]


def test_the_search_itself_is_logged(login_as, log_admin, intake, household_read):
    _household, people = household_read

    login_as(log_admin).get(SEARCH, {"username": intake.user.username, "action": "R",
                                     "person": people[0].pk})

    entry = AccessLogEntry.objects.get(event="access_log.search")
    assert entry.action == "S"
    assert (entry.username, entry.organisation_id, entry.role) == (
        log_admin.user.username, log_admin.organisation_id, Role.LOG_ADMIN)
    assert f"username={intake.user.username}" in entry.detail
    assert f"person_id={people[0].pk}" in entry.detail and "action=R" in entry.detail
    assert entry.person_ids == [people[0].pk]


def test_filters_narrow_the_result(login_as, log_admin, intake, household_read):
    client = login_as(log_admin)

    assert body(client.get(SEARCH, {"event": "household."}))["count"] == 1
    assert body(client.get(SEARCH, {"emergency": "true"}))["count"] == 0
    assert body(client.get(SEARCH, {"outcome": "not_found"}))["count"] == 0
    assert body(client.get(SEARCH, {"organisation": intake.organisation_id, "event": "household"}))[
        "count"] == 1
    assert body(client.get(SEARCH, {"dateFrom": "2000-01-01", "dateTo": "2000-01-02"}))["count"] == 0


@pytest.mark.parametrize("params,field", [
    ({"action": "X"}, "action"),
    ({"dateFrom": "2026-02-01", "dateTo": "2026-01-01"}, "dateTo"),
    ({"person": "abc"}, "person"),
])
def test_bad_filters_are_400_with_the_field(login_as, log_admin, region, params, field):
    response = login_as(log_admin).get(SEARCH, params)

    assert_problem(response, 400)
    assert field in invalid_names(response)
    assert not AccessLogEntry.objects.filter(event="access_log.search").exists()


@pytest.mark.parametrize("role_fixture", ["intake", "privacy_officer", "functional_admin"])
def test_other_roles_get_404(request, login_as, role_fixture):
    membership = request.getfixturevalue(role_fixture)

    assert_problem(login_as(membership).get(SEARCH), 404)
    assert not AccessLogEntry.objects.filter(event="access_log.search").exists()


def test_without_credentials_401(region):
    assert_problem(Client().get(SEARCH), 401)


def test_session_without_second_factor_403(login_as, log_admin):
    assert_problem(login_as(log_admin, verified=False).get(SEARCH), 403)
