"""/api/v1/rights-requests/: the screens' twin — registering, the steps, the inzage PDF, problems
at their field, and another organisation's request as a 404."""

import pytest
from django.utils import timezone

from eendak.audit.models import AccessLogEntry
from eendak.core.roles import Role

from .conftest import assert_problem, body, invalid_names, post_json

pytestmark = pytest.mark.django_db
URL = "/api/v1/rights-requests/"


def _new(client, person, **extra):
    return post_json(client, URL, {"person": person.pk, "kind": "access",
                                   "receivedOn": timezone.localdate().isoformat(),
                                   "receivedVia": "email", "requestText": "Inzage graag.", **extra})


def test_an_access_request_through_the_api(login_as, privacy_officer, household_with_case):
    _, _, (parent, *_rest) = household_with_case
    client = login_as(privacy_officer)
    made = _new(client, parent)
    assert made.status_code == 201, made.content
    data = body(made)
    assert data["state"] == "received" and data["personName"] == parent.full_name
    pk = data["id"]
    listed = client.get(URL, {"status": "open"})
    assert [row["id"] for row in body(listed)["results"]] == [pk]
    assert body(post_json(client, f"{URL}{pk}/start/"))["state"] == "in_progress"
    built = post_json(client, f"{URL}{pk}/access-files/")
    assert built.status_code == 201
    pdf = client.get(f"{URL}{pk}/access-files/{body(built)['id']}/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(event="access_file.downloaded").count() == 1
    decided = post_json(client, f"{URL}{pk}/decide/", {"decision": "granted",
                                                        "reason": "Per post verstuurd"})
    assert body(decided)["state"] == "granted"


def test_problems_point_at_their_field(login_as, privacy_officer, household_with_case):
    _, _, (parent, *_rest) = household_with_case
    client = login_as(privacy_officer)
    bad = _new(client, parent, receivedOn="2999-01-01")
    assert_problem(bad, 400)
    assert "receivedOn" in invalid_names(bad)
    pk = body(_new(client, parent))["id"]
    no_reason = post_json(client, f"{URL}{pk}/decide/", {"decision": "refused"})
    assert_problem(no_reason, 400)
    assert "reason" in invalid_names(no_reason)


def test_another_organisation_gets_a_404(login_as, privacy_officer, household_with_case,
                                         make_member, tilburg_team):
    _, _, (parent, *_rest) = household_with_case
    pk = body(_new(login_as(privacy_officer), parent))["id"]
    other = login_as(make_member(Role.PRIVACY_OFFICER, tilburg_team))
    assert_problem(other.get(f"{URL}{pk}/"), 404)
    assert_problem(post_json(other, f"{URL}{pk}/start/"), 404)
    worker = login_as(make_member(Role.LOCAL_TEAM_WORKER, tilburg_team))
    assert_problem(worker.get(URL), 404)
