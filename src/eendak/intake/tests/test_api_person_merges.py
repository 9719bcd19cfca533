"""/person-merges/: two records of one person become one, and the merge can be undone — both through
``persons.registry``, which remembers what moved."""

import pytest

from eendak.intake.models import ReportPerson
from eendak.persons.models import Person

from .api_helpers import API, assert_problem, body, police_report, post_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def twice_entered(login_as, intake):
    """Petra Smits, entered as a new person in two reports."""
    client = login_as(intake)
    reports = [body(post_json(client, f"{API}/reports/", police_report(involved=[
        {"role": "victim", "newPerson": {"givenNames": "Petra", "surname": "Smits",
                                         "dateOfBirth": "1979-05-06"}}]))) for _ in range(2)]
    keep, merge = (r["involved"][0]["id"] for r in reports)
    return client, reports, keep, merge


def test_merge_moves_the_report_and_undo_restores_it(twice_entered):
    client, reports, keep, merge = twice_entered

    response = post_json(client, f"{API}/person-merges/", {"keep": keep, "merge": merge,
                                                            "reason": "Zelfde persoon, twee keer "
                                                            "ingevoerd."})

    assert response.status_code == 201, response.content
    record = body(response)
    assert (record["keep"], record["merge"], record["undoneAt"]) == (keep, merge, None)
    assert set(ReportPerson.objects.filter(person_id=keep).values_list("report_id", flat=True)) == {
        r["id"] for r in reports}
    # The merged record is no longer proposed as a candidate.
    candidates = body(client.get(f"{API}/person-candidates/", {"surname": "Smits",
                                                               "dateOfBirth": "1979-05-06"}))
    assert [c["id"] for c in candidates] == [keep]

    response = post_json(client, f"{API}/person-merges/{record['id']}/undo/")

    assert response.status_code == 200, response.content
    assert body(response)["undoneAt"]
    assert ReportPerson.objects.get(report_id=reports[1]["id"]).person_id == merge
    assert Person.objects.get(pk=merge).merged_into_id is None


def test_merge_needs_a_reason(twice_entered):
    client, _, keep, merge = twice_entered

    response = post_json(client, f"{API}/person-merges/", {"keep": keep, "merge": merge,
                                                            "reason": ""})

    assert {p["name"] for p in assert_problem(response, 400)["invalid_params"]} == {"reason"}
    assert Person.objects.get(pk=merge).merged_into_id is None


def test_merging_a_person_with_itself_or_an_unknown_id_is_refused(twice_entered):
    client, _, keep, _ = twice_entered

    same = post_json(client, f"{API}/person-merges/", {"keep": keep, "merge": keep, "reason": "x"})
    unknown = post_json(client, f"{API}/person-merges/", {"keep": keep, "merge": 999999,
                                                           "reason": "x"})

    assert {p["name"] for p in assert_problem(same, 400)["invalid_params"]} == {"nonFieldErrors"}
    assert {p["name"] for p in assert_problem(unknown, 400)["invalid_params"]} == {"merge"}


def test_undo_twice_and_unknown_merge(twice_entered):
    client, _, keep, merge = twice_entered
    record = body(post_json(client, f"{API}/person-merges/", {"keep": keep, "merge": merge,
                                                               "reason": "Dubbel."}))
    post_json(client, f"{API}/person-merges/{record['id']}/undo/")

    again = post_json(client, f"{API}/person-merges/{record['id']}/undo/")

    assert "al ongedaan" in assert_problem(again, 400)["invalid_params"][0]["reason"]
    assert_problem(post_json(client, f"{API}/person-merges/999999/undo/"), 404)
