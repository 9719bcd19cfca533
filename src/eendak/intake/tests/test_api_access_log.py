"""Every intake endpoint that reads or changes personal data writes its access-log entry: who (user,
organisation, role), what (event, action), and whom (the persons concerned)."""

import pytest

from eendak.audit.models import AccessLogEntry
from eendak.core.roles import Role
from eendak.intake.models import Report
from eendak.persons.models import Person
from eendak.testing import factories as f

from .api_helpers import API, body, patch_json, police_report, post_json

pytestmark = pytest.mark.django_db


class Log:
    """The entries written since the last call, as the auditor would read them."""

    def __init__(self, membership):
        self.membership = membership
        self.mark = self._last()

    @staticmethod
    def _last():
        return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def written(self, event, outcome="success"):
        entries = list(AccessLogEntry.objects.filter(id__gt=self.mark, event=event))
        self.mark = self._last()
        assert entries, f"no {event} entry written"
        entry = entries[-1]
        assert entry.username == self.membership.user.username
        assert entry.organisation_id == self.membership.organisation_id
        assert entry.role == self.membership.role
        assert entry.outcome == outcome
        return entry


def test_each_report_endpoint_writes_its_entry(login_as, intake, tilburg_team):
    client = login_as(intake)
    log = Log(intake)

    report = body(post_json(client, f"{API}/reports/", police_report()))
    entry = log.written("report.created")
    persons = sorted(p["id"] for p in report["involved"])
    assert (entry.action, entry.person_ids) == ("C", persons)
    url = f"{API}/reports/{report['id']}/"

    client.get(f"{API}/reports/")
    entry = log.written("report.list")
    assert (entry.action, entry.person_ids) == ("R", persons)

    client.get(url)
    entry = log.written("report.read")
    assert (entry.action, entry.person_ids, entry.object_id) == ("R", persons, str(report["id"]))

    post_json(client, f"{url}instruments/", {"instrument": "arij", "outcome": "Hoog risico."})
    assert log.written("report.instrument").person_ids == persons

    post_json(client, f"{url}assessment/", {"acuteUnsafety": True, "structuralUnsafety": True,
                                            "triage": "direct_danger", "rationale": "Gevaar."})
    assert log.written("report.assessed").action == "U"

    decided = body(post_json(client, f"{url}decision/", {"kind": "investigation",
                                                         "rationale": "Onderzoek."}))
    assert log.written("report.decided").person_ids == persons

    conversation = decided["jointConversations"][0]["id"]
    patch_json(client, f"{url}joint-conversations/{conversation}/", {"notes": "Gepland."})
    assert log.written("report.joint_conversation").person_ids == persons

    feedback = decided["feedbackTasks"][0]["id"]
    post_json(client, f"{url}feedback/{feedback}/complete/", {"content": "Teruggekoppeld."})
    assert log.written("report.feedback_given").action == "U"

    task = decided["informingTasks"][0]
    post_json(client, f"{url}informing/{task['id']}/", {"reasonNotInformed": "Veiligheid kind."})
    assert log.written("report.person_informed").person_ids == [task["person"]]

    response = post_json(client, f"{url}persons/", {"role": "witness", "newPerson": {
        "givenNames": "Oma", "surname": "Yilmaz", "dateOfBirth": "1950-03-03"}})
    assert response.status_code == 201, response.content
    oma = Person.objects.get(given_names="Oma").pk
    assert log.written("report.person_linked").person_ids == [oma]

    post_json(client, f"{url}investigation-outcome/", {"closedEarly": True,
                                                       "conclusion": "Gezin verhuisd."})
    assert log.written("report.investigation_completed").action == "U"


def test_each_advice_endpoint_writes_its_entry(login_as, intake):
    client = login_as(intake)
    log = Log(intake)

    advice = body(post_json(client, f"{API}/advice-requests/", {
        "channel": "phone", "askerType": "professional", "question": "Leerling vertelt over klappen.",
        "consentToContact": True, "askerName": "Juf Annemarie", "violenceTypes": ["kindermishandeling"],
        "municipality": None}))
    assert log.written("advice.created").action == "C"
    url = f"{API}/advice-requests/{advice['id']}/"

    client.get(f"{API}/advice-requests/")
    assert log.written("advice.list").action == "R"

    client.get(url)
    entry = log.written("advice.read")
    assert (entry.action, entry.object_id) == ("R", str(advice["id"]))

    post_json(client, f"{url}advice/", {"adviceGiven": "Gesprek voorbereid.", "followUp": "call_back"})
    assert log.written("advice.updated").action == "U"

    post_json(client, f"{url}convert/", {})
    entry = log.written("advice.converted")
    assert entry.detail == Report.objects.get().reference


def test_the_search_writes_its_entry(login_as, vt):
    member = f.membership(Role.VT_INTAKE, vt)
    client = login_as(member)
    for _ in range(2):
        post_json(client, f"{API}/reports/", police_report(involved=[
            {"role": "victim", "newPerson": {"givenNames": "Petra", "surname": "Smits",
                                             "dateOfBirth": "1979-05-06"}}]))
    log = Log(member)

    candidates = body(client.get(f"{API}/person-candidates/", {"surname": "Smits",
                                                               "dateOfBirth": "1979-05-06"}))
    entry = log.written("person.search")
    assert entry.action == "S"
    assert entry.person_ids == sorted(c["id"] for c in candidates) and len(candidates) == 2
    assert "Smits" not in entry.detail  # the criteria's names only, not what was typed


def test_a_refused_step_is_logged_as_failed_on_its_report(login_as, intake):
    client = login_as(intake)
    report = body(post_json(client, f"{API}/reports/", police_report()))
    log = Log(intake)

    response = post_json(client, f"{API}/reports/{report['id']}/decision/", {
        "kind": "investigation", "rationale": "Nog niet beoordeeld."})

    assert response.status_code == 409  # the report is not assessed yet: a state conflict
    entry = log.written("report.change_refused", outcome="failed")
    assert (entry.outcome, entry.object_id, entry.person_ids) == ("failed", str(report["id"]), [])
    assert entry.detail.startswith("decision:")
    assert not AccessLogEntry.objects.filter(event="report.decided").exists()
