"""/person-merges/: two records of one person become one, and the merge can be undone — both through
``persons.registry``, which remembers what moved. Veilig Thuis's alone (``persons.merge``): anyone
else gets the logged 404 of the one refusal path, and nothing changes."""

import json

import pytest
from django.test import Client

from eendak.api.tests.support import assert_problem, body, post_json
from eendak.audit.models import AccessLogEntry
from eendak.core.actors import Actor
from eendak.core.models import Organisation
from eendak.core.roles import Role
from eendak.intake.models import ReportPerson
from eendak.intake.tests.api_helpers import police_report
from eendak.persons import registry
from eendak.persons.models import Person, PersonMerge
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def twice_entered(login_as, intake):
    """Petra Smits, entered as a new person in two reports."""
    client = login_as(intake)
    reports = [body(post_json(client, f"{API}/reports/", police_report(involved=[
        {"role": "victim", "newPerson": {"givenNames": "Petra", "surname": "Smits",
                                         "dateOfBirth": "1979-05-06"}}]))) for _ in range(2)]
    keep, merge = (r["involved"][0]["id"] for r in reports)
    return client, reports, keep, merge


def _last_entry() -> int:
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


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


def test_merge_and_undo_write_their_entries(twice_entered, intake):
    client, _, keep, merge = twice_entered
    before = _last_entry()

    record = body(post_json(client, f"{API}/person-merges/", {"keep": keep, "merge": merge,
                                                               "reason": "Twee keer ingevoerd."}))
    post_json(client, f"{API}/person-merges/{record['id']}/undo/")

    entries = list(AccessLogEntry.objects.filter(id__gt=before).order_by("id"))
    assert [(e.event, e.action, e.outcome, e.person_ids) for e in entries] == [
        ("person.merged", "U", "success", [keep, merge]),
        ("person.merge_undone", "U", "success", [keep, merge]),
    ]
    assert {(e.username, e.organisation_id, e.role) for e in entries} == {
        (intake.user.username, intake.organisation_id, intake.role)}


def test_merge_needs_a_reason(twice_entered):
    client, _, keep, merge = twice_entered
    before = _last_entry()

    response = post_json(client, f"{API}/person-merges/", {"keep": keep, "merge": merge,
                                                            "reason": ""})

    assert {p["name"] for p in assert_problem(response, 400)["invalidParams"]} == {"reason"}
    assert Person.objects.get(pk=merge).merged_into_id is None
    # A refused change is logged as a failed attempt, naming no persons: nothing was shown.
    entry = AccessLogEntry.objects.get(id__gt=before)
    assert (entry.event, entry.action, entry.outcome, entry.person_ids) == (
        "person.merge_refused", "C", "failed", [])
    assert entry.detail == "create: reason"


def test_merging_a_person_with_itself_or_an_unknown_id_is_refused(twice_entered):
    client, _, keep, _ = twice_entered

    same = post_json(client, f"{API}/person-merges/", {"keep": keep, "merge": keep, "reason": "x"})
    unknown = post_json(client, f"{API}/person-merges/", {"keep": keep, "merge": 999999,
                                                           "reason": "x"})

    assert {p["name"] for p in assert_problem(same, 400)["invalidParams"]} == {"nonFieldErrors"}
    assert {p["name"] for p in assert_problem(unknown, 400)["invalidParams"]} == {"merge"}


def test_undo_twice_and_unknown_merge(twice_entered):
    client, _, keep, merge = twice_entered
    record = body(post_json(client, f"{API}/person-merges/", {"keep": keep, "merge": merge,
                                                               "reason": "Dubbel."}))
    post_json(client, f"{API}/person-merges/{record['id']}/undo/")
    before = _last_entry()

    again = post_json(client, f"{API}/person-merges/{record['id']}/undo/")

    assert "al ongedaan" in assert_problem(again, 400)["invalidParams"][0]["reason"]
    entry = AccessLogEntry.objects.get(id__gt=before)
    assert (entry.event, entry.action, entry.outcome, entry.object_id) == (
        "person.merge_refused", "U", "failed", str(record["id"]))
    assert_problem(post_json(client, f"{API}/person-merges/999999/undo/"), 404)


# --- Who may: Veilig Thuis only --------------------------------------------------------------------


@pytest.fixture
def objects(intake):
    """Two records of Piet Dubbel merged (undoable), and Piet Dubbel and Ans Los (mergeable)."""
    actor = Actor(user=intake.user, membership=intake)
    one, two, three = (f.PersonFactory(given_names="Piet", surname="Dubbel") for _ in range(3))
    other = f.PersonFactory(given_names="Ans", surname="Los")
    merge = registry.merge_persons(actor, keep=one, merge=two, reason="Dubbel ingevoerd.")
    return {"merge": merge.pk, "keep": three.pk, "other": other.pk}


ENDPOINTS = [
    ("/person-merges/", lambda o: {"keep": o["keep"], "merge": o["other"], "reason": "x"}),
    ("/person-merges/{merge}/undo/", lambda o: {}),
]
IDS = [path for path, _ in ENDPOINTS]


def _state():
    return (sorted(Person.objects.filter(merged_into__isnull=False)
                   .values_list("pk", "merged_into_id")),
            sorted(PersonMerge.objects.values_list("pk", "undone_at")))


def _local_team_member():
    return f.membership(Role.LOCAL_TEAM_WORKER, Organisation.objects.get(name="Lokaal team Tilburg"))


@pytest.mark.parametrize(("path", "data"), ENDPOINTS, ids=IDS)
def test_anyone_but_veilig_thuis_gets_the_logged_404(login_as, objects, path, data):
    member = _local_team_member()
    client = login_as(member)
    before, last = _state(), _last_entry()

    response = post_json(client, API + path.format(**objects), data(objects))

    assert_problem(response, 404)
    assert _state() == before
    entry = AccessLogEntry.objects.get(id__gt=last)
    assert (entry.event, entry.outcome, entry.username) == (
        "persons.merge", "denied", member.user.username)


@pytest.mark.parametrize(("path", "data"), ENDPOINTS, ids=IDS)
def test_anonymous_gets_401(objects, path, data):
    before = _state()

    response = Client().post(API + path.format(**objects), json.dumps(data(objects)),
                             content_type="application/json")

    assert_problem(response, 401)
    assert response["WWW-Authenticate"]
    assert _state() == before
