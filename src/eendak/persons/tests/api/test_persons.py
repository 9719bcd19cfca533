"""GET /api/v1/persons/{id}/ (BSN masked) and POST .../reveal-bsn/ (full BSN, its own log entry)."""

import pytest
from django.test import Client

from eendak.api.tests.support import assert_problem, body
from eendak.audit.models import AccessLogEntry
from eendak.core.roles import Role
from eendak.persons import bsn as bsn_module
from eendak.persons.models import PersonBSN

pytestmark = pytest.mark.django_db


def detail(person):
    return f"/api/v1/persons/{person.pk}/"


def reveal(person):
    return f"/api/v1/persons/{person.pk}/reveal-bsn/"


def full_bsn(person) -> str:
    return bsn_module.decrypt(PersonBSN.objects.get(person=person).encrypted_value)


def test_detail_shows_the_person_with_masked_bsn(login_as, intake, household_with_case):
    household, _case, (parent, _partner, _child) = household_with_case

    response = login_as(intake).get(detail(parent))

    assert response.status_code == 200
    data = body(response)
    assert data["fullName"] == parent.full_name
    assert data["bsn"].endswith(full_bsn(parent)[-3:])
    assert full_bsn(parent) not in response.content.decode()
    assert data["households"] == [{"id": household.pk, "reference": household.reference}]


def test_detail_is_logged_for_the_person(login_as, intake, household_with_case):
    _household, _case, (parent, _partner, _child) = household_with_case

    login_as(intake).get(detail(parent))

    entry = AccessLogEntry.objects.get(event="person.read")
    assert entry.action == "R" and entry.outcome == "success"
    assert (entry.username, entry.organisation_id, entry.role) == (
        intake.user.username, intake.organisation_id, Role.VT_INTAKE)
    assert entry.person_ids == [parent.pk]


def test_detail_for_another_organisation_is_404(login_as, liaison, household_with_case):
    _household, _case, (parent, _partner, _child) = household_with_case

    response = login_as(liaison).get(detail(parent))

    assert_problem(response, 404)
    assert parent.surname not in response.content.decode()
    entry = AccessLogEntry.objects.get(event="person.read")
    assert entry.outcome == "not_found" and entry.organisation_id == liaison.organisation_id


def test_reveal_returns_the_full_bsn_and_logs_it(login_as, intake, household_with_case):
    _household, _case, (parent, _partner, _child) = household_with_case

    response = login_as(intake).post(reveal(parent))

    assert response.status_code == 200
    assert body(response) == {"bsn": full_bsn(parent)}
    entry = AccessLogEntry.objects.get(event="person.bsn_revealed")
    assert (entry.organisation_id, entry.role) == (intake.organisation_id, Role.VT_INTAKE)
    assert entry.person_ids == [parent.pk] and entry.emergency is False


def test_reveal_without_a_known_bsn_is_empty(login_as, intake, household_with_case):
    _household, _case, (_parent, partner, _child) = household_with_case

    response = login_as(intake).post(reveal(partner))

    assert response.status_code == 200 and body(response) == {"bsn": None}


def test_reveal_for_another_organisation_is_404_and_logged(login_as, liaison, household_with_case):
    _household, _case, (parent, _partner, _child) = household_with_case

    response = login_as(liaison).post(reveal(parent))

    assert_problem(response, 404)
    assert full_bsn(parent) not in response.content.decode()
    entry = AccessLogEntry.objects.get(event="person.bsn_revealed")
    assert entry.outcome == "not_found" and entry.person_ids == []


def test_reveal_needs_post(login_as, intake, household_with_case):
    _household, _case, (parent, _partner, _child) = household_with_case

    assert_problem(login_as(intake).get(reveal(parent)), 405)
    assert not AccessLogEntry.objects.filter(event="person.bsn_revealed").exists()


@pytest.mark.parametrize("method,suffix", [("get", ""), ("post", "reveal-bsn/")])
def test_without_credentials_401(household_with_case, method, suffix):
    _household, _case, (parent, _partner, _child) = household_with_case

    response = getattr(Client(), method)(detail(parent) + suffix)

    assert_problem(response, 401)


@pytest.mark.parametrize("method,suffix", [("get", ""), ("post", "reveal-bsn/")])
def test_session_without_second_factor_403(login_as, intake, household_with_case, method, suffix):
    _household, _case, (parent, _partner, _child) = household_with_case

    response = getattr(login_as(intake, verified=False), method)(detail(parent) + suffix)

    assert_problem(response, 403)
    assert not AccessLogEntry.objects.filter(event__startswith="person.").exists()
