"""GET /api/v1/persons/?bsn=&name=&dateOfBirth=: need-to-know search, logged with its hits."""

import pytest
from django.test import Client

from eendak.api.tests.support import assert_problem, body, invalid_names
from eendak.audit.models import AccessLogEntry
from eendak.core.roles import Role
from eendak.persons import bsn as bsn_module
from eendak.persons.models import PersonBSN

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/persons/"


def bsn_of(person):
    return bsn_module.decrypt(PersonBSN.objects.get(person=person).encrypted_value)


def test_search_by_bsn_finds_the_person_and_logs_the_hit(login_as, intake, household_with_case):
    _household, _case, (parent, _partner, _child) = household_with_case

    response = login_as(intake).get(SEARCH, {"bsn": bsn_of(parent)})

    assert response.status_code == 200
    assert [p["id"] for p in body(response)["results"]] == [parent.pk]
    entry = AccessLogEntry.objects.get(event="person.search")
    assert entry.action == "S"
    assert (entry.organisation_id, entry.role) == (intake.organisation_id, Role.VT_INTAKE)
    assert entry.person_ids == [parent.pk]
    assert bsn_of(parent) not in entry.detail


def test_search_by_name_and_date_of_birth(login_as, intake, household_with_case):
    _household, _case, (_parent, _partner, child) = household_with_case

    response = login_as(intake).get(
        SEARCH, {"name": child.surname, "dateOfBirth": child.date_of_birth.isoformat()}
    )

    assert child.pk in [p["id"] for p in body(response)["results"]]


def test_search_without_criteria_is_a_400_problem(login_as, intake, region):
    response = login_as(intake).get(SEARCH)

    assert_problem(response, 400)
    assert invalid_names(response) == {"nonFieldErrors"}
    assert not AccessLogEntry.objects.filter(event="person.search").exists()


@pytest.mark.parametrize("params,field", [
    ({"bsn": "123456789"}, "bsn"),
    ({"dateOfBirth": "31-12-2001"}, "dateOfBirth"),
])
def test_bad_criteria_name_the_field(login_as, intake, region, params, field):
    response = login_as(intake).get(SEARCH, params)

    assert_problem(response, 400)
    assert field in invalid_names(response)


def test_another_organisation_finds_nothing(login_as, liaison, household_with_case):
    _household, _case, (parent, _partner, _child) = household_with_case

    response = login_as(liaison).get(SEARCH, {"bsn": bsn_of(parent)})

    assert response.status_code == 200 and body(response)["results"] == []
    entry = AccessLogEntry.objects.get(event="person.search")
    assert entry.organisation_id == liaison.organisation_id and entry.person_ids == []


def test_without_credentials_401(region):
    assert_problem(Client().get(SEARCH, {"name": "Jansen"}), 401)


def test_session_without_second_factor_403(login_as, intake, region):
    assert_problem(login_as(intake, verified=False).get(SEARCH, {"name": "Jansen"}), 403)


def test_the_search_is_paged_like_every_other_list(login_as, intake, household_with_case):
    _household, _case, people = household_with_case
    response = login_as(intake).get("/api/v1/persons/", {"name": people[0].surname})

    page = body(response)
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == len(page["results"]) >= 1
