"""Work queues through the API: my cases (filtered by status, phase and municipality, a page at a
time), my actions, and the signals of what needs attention — most urgent first."""

import pytest

from eendak.cases import services
from eendak.core.models import Municipality
from eendak.testing import factories as f

from .api_support import API, assert_problem, body, build_case, invalid_names, use_tmp_media
from .conftest import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(household_with_case, settings, tmp_path):
    use_tmp_media(settings, tmp_path)
    return build_case(household_with_case)


def more_cases(built, n, municipality="Tilburg"):
    """Other households' cases with the same two organisations taking part."""
    cases = []
    for _ in range(n):
        household = f.HouseholdFactory(municipality=Municipality.objects.get(name=municipality))
        f.person_in(household, "parent")
        cases.append(f.case_for(household, built.vt.organisation, built.team.organisation))
    return cases


def references(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [c["reference"] for c in body(response)["results"]]


def test_my_cases_newest_first_a_page_at_a_time(login_as, built):
    more_cases(built, 4)
    client = login_as(built.team)

    first = body(client.get(f"{API}/cases/", {"pageSize": 2}))
    rest = body(client.get(f"{API}/cases/", {"pageSize": 2, "page": 3}))

    assert first["count"] == 5 and first["next"] and len(first["results"]) == 2
    assert len(rest["results"]) == 1
    summary = first["results"][0]
    assert set(summary) >= {"reference", "phase", "household", "municipality",
                            "responsibleOrganisation", "coordinator", "participants"}
    assert "persons" not in summary  # the list shows no one's details


def test_my_cases_filtered_by_phase_municipality_and_status(login_as, built):
    [in_goirle] = more_cases(built, 1, municipality="Goirle")
    # Veilig Thuis (responsible) steers the phase, one step at a time (cases.workflow.PHASE).
    services.change_phase(actor_for(built.vt), built.case, to_phase="stable_safety",
                          reason="Het geweld is gestopt.")
    services.change_phase(actor_for(built.vt), built.case, to_phase="recovery",
                          reason="Veiligheid is stabiel.")
    client = login_as(built.team)
    goirle = Municipality.objects.get(name="Goirle")

    assert references(client.get(f"{API}/cases/", {"phase": "recovery"})) == [built.case.reference]
    assert references(client.get(f"{API}/cases/", {"municipality": goirle.pk})) == [
        in_goirle.reference]
    assert len(references(client.get(f"{API}/cases/", {"status": "open"}))) == 2
    assert references(client.get(f"{API}/cases/", {"status": "closed"})) == []


@pytest.mark.parametrize(("params", "name"), [({"phase": "done"}, "phase"),
                                              ({"municipality": 999_999}, "municipality"),
                                              ({"status": "gone"}, "status")])
def test_an_unknown_filter_value_is_a_problem(login_as, built, params, name):
    response = login_as(built.team).get(f"{API}/cases/", params)

    assert_problem(response, 400)
    assert invalid_names(response) == {name}


def test_my_actions_are_the_open_ones_i_own(login_as, built):
    team = actor_for(built.team)
    other = f.membership(built.team.role, built.team.organisation)
    services.add_action(team, built.goal, text="Door een collega",
                        owner_organisation=built.team.organisation, owner=other.user,
                        start_on=built.action.start_on, due_on=built.action.due_on)
    client = login_as(built.team)

    [mine] = body(client.get(f"{API}/my-actions/"))["results"]

    assert (mine["text"], mine["overdue"], mine["part"]) == ("Huisbezoek", True, "safety")
    assert mine["case"] == {"id": built.case.pk, "reference": built.case.reference, "status": "open"}
    services.set_action_status(team, built.action, "done")
    assert body(client.get(f"{API}/my-actions/"))["count"] == 0


def test_signals_most_urgent_first_for_each_organisation(login_as, built):
    for_team = body(login_as(built.team).get(f"{API}/signals/"))["results"]
    for_vt = body(login_as(built.vt).get(f"{API}/signals/"))["results"]

    assert [s["kind"] for s in for_team] == ["action_overdue", "handover_waiting"]
    assert for_team[0]["overdue"] is True and for_team[0]["detail"] == "Huisbezoek"
    assert for_team[1]["label"] == "Overdracht wacht op uw acceptatie"
    assert all(s["case"]["id"] == built.case.pk for s in for_team)
    assert [s["label"] for s in for_vt] == ["Overdracht wacht op Lokaal team Tilburg"]
