"""GET /api/v1/households/ and /households/{id}/: only files the organisation takes part in, logged."""

import pytest
from django.test import Client

from eendak.api.tests.support import assert_problem, body
from eendak.audit.models import AccessLogEntry
from eendak.core.roles import Role
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db

LIST = "/api/v1/households/"


def detail(household):
    return f"{LIST}{household.pk}/"


def test_list_shows_the_organisations_households_with_members(login_as, intake, household_with_case):
    household, _case, people = household_with_case
    other = f.HouseholdFactory()
    f.person_in(other, "parent")
    f.case_for(other, f.organisation("police"))  # a file Veilig Thuis has no part in

    response = login_as(intake).get(LIST)

    assert response.status_code == 200
    data = body(response)
    assert [h["reference"] for h in data["results"]] == [household.reference]
    assert data["results"][0]["municipality"]["cbsCode"] == "GM0855"
    assert {m["fullName"] for m in data["results"][0]["members"]} == {p.full_name for p in people}


def test_list_writes_one_entry_naming_the_persons_on_the_page(login_as, intake, household_with_case):
    _household, _case, people = household_with_case
    client = login_as(intake)
    before = AccessLogEntry.objects.count()

    client.get(LIST)

    assert AccessLogEntry.objects.count() == before + 1
    entry = AccessLogEntry.objects.get(event="household.list")
    assert entry.action == "R"
    assert entry.username == intake.user.username
    assert entry.organisation_id == intake.organisation_id
    assert entry.role == Role.VT_INTAKE
    assert entry.person_ids == sorted(p.pk for p in people)
    assert entry.emergency is False


def test_list_entry_names_only_the_page_shown(login_as, intake, vt):
    households = []
    for _ in range(3):
        household = f.HouseholdFactory()
        households.append((household, f.person_in(household, "parent")))
        f.case_for(household, vt)

    response = login_as(intake).get(LIST, {"pageSize": 2, "page": 2})

    data = body(response)
    assert data["count"] == 3 and len(data["results"]) == 1
    shown = data["results"][0]["members"][0]["person"]
    assert AccessLogEntry.objects.get(event="household.list").person_ids == [shown]


def test_list_filters_by_municipality(login_as, intake, vt, household_with_case):
    dongen = f.Municipality.objects.get(name="Dongen")
    in_dongen = f.HouseholdFactory(municipality=dongen)
    f.person_in(in_dongen)
    f.case_for(in_dongen, vt)

    data = body(login_as(intake).get(LIST, {"municipality": dongen.pk}))

    assert [h["reference"] for h in data["results"]] == [in_dongen.reference]


def test_another_organisation_sees_an_empty_list(login_as, liaison, household_with_case):
    response = login_as(liaison).get(LIST)

    assert body(response)["count"] == 0
    entry = AccessLogEntry.objects.get(event="household.list")
    assert entry.organisation_id == liaison.organisation_id and entry.person_ids == []


def test_detail_for_a_participant_is_logged(login_as, intake, household_with_case):
    household, _case, people = household_with_case

    response = login_as(intake).get(detail(household))

    assert response.status_code == 200
    assert body(response)["reference"] == household.reference
    assert len(body(response)["members"]) == 3
    entry = AccessLogEntry.objects.get(event="household.read")
    assert entry.outcome == "success"
    assert (entry.organisation_id, entry.role) == (intake.organisation_id, Role.VT_INTAKE)
    assert entry.person_ids == sorted(p.pk for p in people)


def test_detail_for_another_organisation_is_404_problem(login_as, liaison, household_with_case):
    household, _case, _people = household_with_case

    response = login_as(liaison).get(detail(household))

    data = assert_problem(response, 404)
    assert household.reference not in response.content.decode()
    assert data["instance"] == detail(household)
    entry = AccessLogEntry.objects.get(event="household.read")
    assert entry.outcome == "not_found" and entry.person_ids == []


def test_unknown_household_is_the_same_404(login_as, intake, region):
    assert_problem(login_as(intake).get(f"{LIST}987654/"), 404)


@pytest.mark.parametrize("url", [LIST, f"{LIST}1/"])
def test_without_credentials_401(region, url):
    response = Client().get(url)

    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Token")


def test_session_without_second_factor_403(login_as, intake, household_with_case):
    household, _case, _people = household_with_case
    client = login_as(intake, verified=False)

    assert_problem(client.get(LIST), 403)
    assert_problem(client.get(detail(household)), 403)
    assert not AccessLogEntry.objects.filter(event__startswith="household.").exists()
