"""Every intake endpoint is Veilig Thuis's alone: anyone else gets the same 404 as for something
that does not exist, and without signing in a 401 — both as problem+json. Nothing changes."""

import json

import pytest
from django.test import Client

from eendak.audit.models import AccessLogEntry
from eendak.core.actors import Actor
from eendak.core.roles import Role
from eendak.intake import services as intake_services
from eendak.intake.models import AdviceRequest, Report
from eendak.persons import registry
from eendak.testing import factories as f

from .api_helpers import API, assert_problem, local_team_member, police_report, token_client

pytestmark = pytest.mark.django_db

# (method, path template, body) — the templates are filled from the ``objects`` fixture.
ENDPOINTS = [
    ("get", "/reports/", None),
    ("post", "/reports/", police_report),
    ("get", "/reports/{report}/", None),
    ("post", "/reports/{report}/assessment/", {"acuteUnsafety": False, "structuralUnsafety": False,
                                              "triage": "none", "rationale": "x"}),
    ("post", "/reports/{report}/instruments/", {"instrument": "arij", "outcome": "laag"}),
    ("post", "/reports/{report}/decision/", {"kind": "end", "rationale": "x"}),
    ("post", "/reports/{report}/investigation-outcome/", {"closedEarly": True}),
    ("patch", "/reports/{report}/joint-conversations/{conversation}/", {"notes": "x"}),
    ("post", "/reports/{report}/feedback/{feedback}/complete/", {"content": "x"}),
    ("post", "/reports/{report}/informing/{informing}/", {"reasonNotInformed": "x"}),
    ("post", "/reports/{report}/persons/", {"role": "witness", "person": "{person}"}),
    ("get", "/advice-requests/", None),
    ("post", "/advice-requests/", {"channel": "phone", "askerType": "resident", "question": "x"}),
    ("get", "/advice-requests/{advice}/", None),
    ("post", "/advice-requests/{advice}/advice/", {"adviceGiven": "x", "followUp": "none"}),
    ("post", "/advice-requests/{advice}/convert/", {}),
    ("get", "/person-candidates/?surname=Yilmaz", None),
    ("get", "/instruments/", None),
]
IDS = [f"{method.upper()} {path}" for method, path, _ in ENDPOINTS]


@pytest.fixture
def objects(vt, intake, tilburg_team, police_report_data):
    """A decided report with every kind of task, an advice request and a person to link."""
    actor = Actor(user=intake.user, membership=intake)
    intake.user.acting_membership = intake
    report = intake_services.register_report(actor, police_report_data())
    intake_services.record_assessment(actor, report, acute_unsafety=True, structural_unsafety=True,
                                      triage="direct_danger", rationale="Gevaar.")
    intake_services.decide(actor, report, kind="investigation", rationale="Onderzoek.")
    advice = intake_services.register_advice(actor, intake_services.AdviceData(
        channel="phone", asker_type="resident", question="Zorgen om de buren."))
    other = registry.create_person(actor, registry.PersonData(given_names="Ans", surname="Los"))
    return {
        "report": report.pk,
        "conversation": report.joint_conversations.get().pk,
        "feedback": report.feedback_tasks.get().pk,
        "informing": report.informing_tasks.first().pk,
        "advice": advice.pk,
        "person": other.pk,
    }


def _fill(value, objects):
    if callable(value):
        return value()
    if isinstance(value, str):
        return value.format(**objects) if "{" in value else value
    if isinstance(value, dict):
        filled = {key: _fill(item, objects) for key, item in value.items()}
        return {key: int(item) if key == "person" else item
                for key, item in filled.items()}
    return value


def _request(client, method, path, data, objects):
    url = API + path.format(**objects)
    if method == "get":
        return client.get(url)
    payload = json.dumps(_fill(data, objects) if data is not None else {})
    return getattr(client, method)(url, payload, content_type="application/json")


def _state():
    return (Report.objects.count(), AdviceRequest.objects.count(),
            list(Report.objects.values_list("status", flat=True).order_by("pk")))


@pytest.mark.parametrize(("method", "path", "data"), ENDPOINTS, ids=IDS)
def test_local_team_member_gets_404(login_as, objects, method, path, data):
    before = _state()

    response = _request(login_as(local_team_member("Tilburg")), method, path, data, objects)

    assert_problem(response, 404)
    assert _state() == before


@pytest.mark.parametrize(("method", "path", "data"), ENDPOINTS, ids=IDS)
def test_anonymous_gets_401(objects, method, path, data):
    before = _state()

    response = _request(Client(), method, path, data, objects)

    assert_problem(response, 401)
    assert response["WWW-Authenticate"]
    assert _state() == before


@pytest.mark.parametrize(("method", "path", "data"), ENDPOINTS, ids=IDS)
def test_police_token_gets_404(police, objects, method, path, data):
    """A partner's integration with a valid token is still not Veilig Thuis."""
    response = _request(token_client(f.membership(Role.PARTNER_LIAISON, police)), method, path, data,
                        objects)

    assert_problem(response, 404)


@pytest.mark.parametrize("role", [Role.LOG_ADMIN, Role.FUNCTIONAL_ADMIN])
def test_veilig_thuis_staff_without_client_data_get_404(login_as, vt, objects, role):
    client = login_as(f.membership(role, vt))

    assert_problem(client.get(f"{API}/reports/{objects['report']}/"), 404)
    assert_problem(client.get(f"{API}/reports/"), 404)
    assert_problem(client.get(f"{API}/person-candidates/", {"surname": "Yilmaz"}), 404)


def test_unknown_report_is_the_same_404_and_the_attempt_is_logged(login_as, intake, objects):
    response = login_as(intake).get(f"{API}/reports/999999/")

    assert_problem(response, 404)
    entry = AccessLogEntry.objects.filter(event="report.read").latest("id")
    assert (entry.outcome, entry.object_id) == ("not_found", "999999")


def test_a_task_of_another_report_is_404(login_as, intake, objects, police_report_data):
    actor = Actor(user=intake.user, membership=intake)
    intake.user.acting_membership = intake
    other = intake_services.register_report(actor, police_report_data(involved=[]))
    client = login_as(intake)

    response = client.post(f"{API}/reports/{other.pk}/feedback/{objects['feedback']}/complete/",
                           {"content": "x"}, content_type="application/json")

    assert_problem(response, 404)


@pytest.mark.parametrize(("path", "event"), [
    ("/reports/", "intake.view_report"),
    ("/reports/{report}/", "intake.view_report"),
    ("/advice-requests/{advice}/", "intake.view_advice_request"),
    ("/person-candidates/?surname=Yilmaz", "persons.search_all"),
])
def test_the_attempt_from_outside_veilig_thuis_is_logged_as_denied(login_as, objects, path, event):
    """The entry names the permission that said no (its event), as every refusal does."""
    member = local_team_member("Tilburg")
    client = login_as(member)

    assert_problem(client.get(API + path.format(**objects)), 404)

    entry = AccessLogEntry.objects.filter(username=member.user.username).latest("id")
    assert (entry.event, entry.outcome) == (event, "denied")
    assert entry.person_ids == []  # nothing was shown, so nobody's data is named
