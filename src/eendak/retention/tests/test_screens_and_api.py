"""The screens and the API of a destruction request: four eyes as a person meets it, bad input kept,
another organisation's request a 404, and after the destruction the person is gone from the API."""

import pytest

from eendak.api.tests.support import assert_problem, body, invalid_names, post_json
from eendak.audit.verify import verify_chain
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.persons.models import Person
from eendak.retention.models import DestructionRequest
from eendak.retention.workflow import RequestStatus
from eendak.testing import factories as f
from eendak.testing.clients import verified_client

pytestmark = pytest.mark.django_db

API = "/api/v1/destruction-requests/"


def test_the_screens_take_a_request_through_four_eyes(
        household_with_case, privacy_officer, second_officer, media,
        django_capture_on_commit_callbacks):
    household, _case, persons = household_with_case
    parent = persons[0]
    first = verified_client(privacy_officer)
    answer = first.post("/bewaren/verzoeken/nieuw/", {"person_id": "", "bsn": "",
                                                       "received_on": "01-12-2026"})
    assert answer.status_code == 400 and 'value="01-12-2026"' in answer.content.decode()
    answer = first.post("/bewaren/verzoeken/nieuw/", {"person_id": str(parent.pk),
                                                       "received_on": "01-12-2026"})
    item = DestructionRequest.objects.get()
    assert answer.url == f"/bewaren/verzoeken/{item.pk}/"
    page = first.get(answer.url).content.decode()
    assert parent.surname in page and "Besluit voorstellen" in page
    answer = first.post(answer.url, {"step": "propose", "outcome": "refuse",
                                     "explanation": "Van belang voor het kind, zie dossier."})
    assert answer.status_code == 400
    assert "Van belang voor het kind" in answer.content.decode()
    answer = first.post(f"/bewaren/verzoeken/{item.pk}/", {
        "step": "propose", "outcome": "destroy", "explanation": "Verzoek toegewezen: geen grond."})
    assert answer.status_code == 302
    own = first.get(f"/bewaren/verzoeken/{item.pk}/").content.decode()
    assert "U deed dit voorstel zelf" in own
    refused = first.post(f"/bewaren/verzoeken/{item.pk}/", {"step": "decide", "decision": "approve"})
    assert refused.status_code == 400 and "Vier ogen" in refused.content.decode()
    second = verified_client(second_officer)
    with django_capture_on_commit_callbacks(execute=True):
        answer = second.post(f"/bewaren/verzoeken/{item.pk}/", {"step": "decide",
                                                                "decision": "approve"})
    assert answer.status_code == 302
    item.refresh_from_db()
    assert item.status == RequestStatus.DESTROYED
    assert not Person.objects.filter(pk=parent.pk).exists()
    page = second.get(f"/bewaren/verzoeken/{item.pk}/").content.decode()
    assert "Vernietigd op" in page and parent.surname not in page
    assert verify_chain().ok


def test_the_api_takes_a_request_through_four_eyes(
        household_with_case, privacy_officer, log_admin, vt, django_capture_on_commit_callbacks):
    household, _case, persons = household_with_case
    first = verified_client(privacy_officer)
    answer = post_json(first, API, {"household": household.pk, "person": persons[0].pk})
    assert answer.status_code == 201, body(answer)
    pk = body(answer)["id"]
    answer = post_json(first, f"{API}{pk}/propose/", {"outcome": "refuse", "explanation": "x"})
    assert_problem(answer, 400)
    assert invalid_names(answer) == {"grounds"}
    answer = post_json(first, f"{API}{pk}/propose/", {"outcome": "destroy",
                                                      "explanation": "Toegewezen, geen grond."})
    assert answer.status_code == 200 and body(answer)["status"] == "proposed"
    assert_problem(post_json(first, f"{API}{pk}/approve/", {}), 400)
    second = verified_client(log_admin)
    assert_problem(post_json(second, f"{API}{pk}/propose/", {"outcome": "destroy"}), 404)
    with django_capture_on_commit_callbacks(execute=True):
        answer = post_json(second, f"{API}{pk}/approve/", {"note": "Akkoord."})
    assert answer.status_code == 200 and body(answer)["status"] == "destroyed"
    assert body(answer)["person"] is None
    # The person is gone from the API: their page is a 404, as for anyone who never existed.
    intake = verified_client(f.membership(Role.VT_INTAKE, vt))
    assert intake.get(f"/api/v1/persons/{persons[0].pk}/").status_code == 404
    found = intake.get("/api/v1/persons/", {"name": persons[0].surname})
    rows = body(found)
    rows = rows.get("results", []) if isinstance(rows, dict) else rows
    assert persons[0].pk not in [row["id"] for row in rows]


def test_another_organisations_request_is_a_404(household_with_case, privacy_officer, region):
    first = verified_client(privacy_officer)
    household, _case, persons = household_with_case
    pk = body(post_json(first, API, {"household": household.pk, "person": persons[0].pk}))["id"]
    other = verified_client(f.membership(Role.PRIVACY_OFFICER, f.organisation(T.HOSPITAL)))
    assert other.get(f"/bewaren/verzoeken/{pk}/").status_code == 404
    assert_problem(other.get(f"{API}{pk}/"), 404)
    assert body(other.get(API))["count"] == 0
