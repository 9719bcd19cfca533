"""Helpers for the case-file API tests: a case with something in every part, every endpoint with a
body it accepts, the state a refused request must leave unchanged, and a PDF to upload.

JSON and problem+json helpers come from the intake API tests (``intake.tests.api_helpers``), so every
API test in Eendak checks errors the same way.
"""

import json
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eendak.api.problems import NON_FIELD  # noqa: F401 - re-exported for the test modules
from eendak.audit.models import AccessLogEntry, Outcome
from eendak.cases import services
from eendak.cases.models import (
    Case,
    ChildVoice,
    Document,
    Handover,
    JournalEntry,
    MonitoringDecision,
    MonitoringMoment,
    Participation,
    PhaseChange,
    PlanAction,
    PlanGoal,
    PlanVersion,
    SafetyCondition,
    Shield,
)
from eendak.core.models import Organisation
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.intake.tests.api_helpers import (  # noqa: F401 - re-exported for the test modules
    API,
    PROBLEM,
    assert_problem,
    body,
    invalid_names,
    post_json,
    token_client,
)
from eendak.testing import factories as f

from .conftest import actor_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="verslag.pdf", content=PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def case_url(case, suffix="") -> str:
    pk = getattr(case, "pk", case)
    return f"{API}/cases/{pk}/{suffix}"


def use_tmp_media(settings, tmp_path):
    """Uploaded files go to a temporary folder (call from a fixture): tests leave nothing behind."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@dataclass
class Built:
    """A case with something in every part, and the people who work on it."""

    case: Case
    persons: list
    vt: object        # Veilig Thuis monitor (membership), responsible
    team: object      # Tilburg case coordinator (membership)
    goirle: object    # a local-team worker of another municipality: takes no part
    police: Organisation
    condition: SafetyCondition
    moment: MonitoringMoment
    version: PlanVersion
    goal: PlanGoal
    action: PlanAction
    handover: Handover | None
    participation: Participation  # the police's, which can be ended
    document: Document

    @property
    def url(self) -> str:
        return case_url(self.case)


def build_case(household_with_case, *, pending_handover=True) -> Built:
    """Through the services, as people would: conditions (monitoring starts), the plan with an
    action that is overdue, the police taking part, a document, and a handover offered to the
    local team."""
    _household, case, persons = household_with_case
    vt_org = case.responsible_organisation
    tilburg = Organisation.objects.get(name="Lokaal team Tilburg")
    police = f.organisation(T.POLICE)
    vt = f.membership(Role.VT_MONITOR, vt_org)
    team = f.membership(Role.CASE_COORDINATOR, tilburg)
    goirle = f.membership(Role.LOCAL_TEAM_WORKER, Organisation.objects.get(name="Lokaal team Goirle"))
    vt_actor, team_actor = actor_for(vt), actor_for(team)
    [condition] = services.set_conditions(vt_actor, case, [("Geen geweld in huis.", "Beide ouders")])
    version = services.new_plan_version(team_actor, case, note="Eerste plan")
    goal = services.add_goal(team_actor, version, part="safety", text="Iedereen is veilig thuis.",
                             child_text="Thuis is het rustig.")
    today = timezone.localdate()
    action = services.add_action(team_actor, goal, text="Huisbezoek", owner_organisation=tilburg,
                                 owner=team.user, start_on=today - timedelta(days=10),
                                 due_on=today - timedelta(days=1))
    participation = services.add_participant(vt_actor, case, police, task="Strafrechtelijk traject",
                                             legal_basis="statutory_task")
    document = services.upload_document(vt_actor, case, pdf(), description="Verslag huisbezoek")
    handover = (services.offer_handover(vt_actor, case, to_organisation_id=tilburg.pk)
                if pending_handover else None)
    return Built(case=case, persons=persons, vt=vt, team=team, goirle=goirle, police=police,
                 condition=condition, moment=case.monitoring_moments.order_by("planned_on").first(),
                 version=version, goal=goal, action=action, handover=handover,
                 participation=participation, document=document)


def state(case) -> tuple:
    """Everything a request on this case could change; equal before and after = nothing changed."""
    case = Case.objects.get(pk=case.pk)
    return (
        (case.status, case.phase, case.responsible_organisation_id, case.coordinator_id,
         case.monitoring_until, case.closed_at),
        list(Handover.objects.filter(case=case).values_list("pk", "status").order_by("pk")),
        list(Participation.objects.filter(case=case).values_list("pk", "ended_at").order_by("pk")),
        JournalEntry.objects.filter(case=case).count(),
        PhaseChange.objects.filter(case=case).count(),
        SafetyCondition.objects.filter(case=case).count(),
        list(MonitoringMoment.objects.filter(case=case).values_list("pk", "held_on").order_by("pk")),
        MonitoringDecision.objects.filter(case=case).count(),
        list(PlanVersion.objects.filter(case=case).values_list("pk", "agreed_with_family_on")
             .order_by("pk")),
        PlanGoal.objects.filter(version__case=case).count(),
        list(PlanAction.objects.filter(goal__version__case=case).values_list("pk", "status")
             .order_by("pk")),
        Shield.objects.filter(case=case).count(),
        ChildVoice.objects.filter(case=case).count(),
        Document.objects.filter(case=case).count(),
    )


def assert_refusal_logged(member, permission: str) -> AccessLogEntry:
    """The last thing the log says of ``member``: the named permission refused it."""
    entry = AccessLogEntry.objects.filter(user_id=member.user_id).order_by("-id").first()
    assert entry is not None, f"nothing logged of {member.user}"
    assert (entry.event, entry.outcome) == (permission, Outcome.DENIED), (entry.event, entry.outcome)
    return entry


def assert_not_permitted(response, case, before, member, permission: str) -> None:
    """A step the acting organisation may not take: the 404 of something that is not there,
    nothing changed, and the refusal in the access log under the permission's name."""
    assert_problem(response, 404)
    assert state(case) == before
    assert_refusal_logged(member, permission)


# --- Every endpoint ---------------------------------------------------------------------------------

UPLOAD = object()  # multipart body with a PDF

# (method, path template, body). Templates are filled from ``ids_for``; every
# body is one the service accepts on a ``build_case`` case, for the member who may do it.
ENDPOINTS = [
    ("get", "/cases/{case}/", None),
    ("get", "/cases/{case}/journal/", None),
    ("post", "/cases/{case}/journal/", {"kind": "note", "text": "Notitie"}),
    ("post", "/cases/{case}/documents/", UPLOAD),
    ("get", "/documents/{document}/download/", None),
    ("post", "/cases/{case}/participants/", {"organisation": "{shelter}", "task": "Opvang",
                                            "legalBasis": "consent"}),
    ("post", "/cases/{case}/participants/{participation}/end/", {"reason": "Klaar"}),
    ("post", "/cases/{case}/coordinator/", {"user": "{coordinator}"}),
    ("post", "/cases/{case}/phase/", {"toPhase": "stable_safety", "reason": "Rustig"}),
    ("post", "/cases/{case}/shields/", {"person": "{person}", "hiddenFrom": "{police}",
                                       "reason": "Opvang"}),
    ("post", "/cases/{case}/conditions/", {"conditions": [{"text": "Nieuw", "agreedBy": "Ouders"}]}),
    ("post", "/cases/{case}/monitoring-moments/{moment}/record/", {
        "heldOn": "{today}", "incidentsSinceLast": 0, "assessment": "Goed",
        "statuses": [{"condition": "{condition}", "status": "met"}]}),
    ("post", "/cases/{case}/monitoring-limit/", {"kind": "escalate", "reason": "Zorgen"}),
    ("post", "/cases/{case}/plan-versions/", {"note": "Tweede"}),
    ("post", "/cases/{case}/plan-versions/{version}/goals/", {"part": "help", "text": "Hulp"}),
    ("post", "/cases/{case}/plan-versions/{version}/agreed/", {"agreedOn": "{today}"}),
    ("post", "/cases/{case}/goals/{goal}/actions/", {
        "text": "Gesprek", "ownerOrganisation": "{tilburg}", "startOn": "{today}",
        "dueOn": "{today}"}),
    ("post", "/cases/{case}/actions/{action}/status/", {"status": "done"}),
    ("post", "/cases/{case}/handovers/", {"toOrganisation": "{tilburg}"}),
    ("post", "/cases/{case}/handovers/{handover}/accept/", None),
    ("post", "/cases/{case}/handovers/{handover}/decline/", {"reason": "Niet ons gebied"}),
    ("post", "/cases/{case}/handovers/{handover}/withdraw/", None),
    ("post", "/cases/{case}/child-voices/", {"child": "{child}", "account": "Ik ben bang."}),
    ("post", "/cases/{case}/close/", {"reason": "stable_safety"}),
]
IDS = [f"{method.upper()} {path}" for method, path, _ in ENDPOINTS]
# Lists: an outsider is not refused, it just finds nothing of this case.
LISTS = ["/cases/", "/own-contributions/", "/my-actions/", "/signals/"]


def ids_for(built: Built) -> dict:
    """The values the ``ENDPOINTS`` templates name."""
    return {
        "case": built.case.pk, "document": built.document.pk, "participation": built.participation.pk,
        "moment": built.moment.pk, "condition": built.condition.pk, "version": built.version.pk,
        "goal": built.goal.pk, "action": built.action.pk,
        "handover": built.handover.pk if built.handover else 0,
        "person": built.persons[0].pk, "child": built.persons[2].pk, "police": built.police.pk,
        "coordinator": built.team.user.pk, "tilburg": built.team.organisation_id,
        "shelter": f.organisation(T.SHELTER).pk, "today": timezone.localdate().isoformat(),
    }


def _fill(value, ids):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return ids[value[1:-1]]
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, ids) for item in value]
    return value


def downloaded(response) -> bytes:
    """The body of a download, read to its end as a browser reads it. A streamed response's request
    ends only then (Django resets the request's URLconf when the last chunk is read), so a test
    that stops at the status would leave that global behind."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def call(client, method, path, data, ids):
    url = API + path.format(**ids)
    if method == "get":
        response = client.get(url)
        response.downloaded = downloaded(response)
        return response
    if data is UPLOAD:
        return client.post(url, {"file": pdf(), "description": "Verslag"})
    return client.post(url, json.dumps(_fill(data, ids) if data is not None else {}),
                       content_type="application/json")
