"""Every case-file endpoint writes its access-log entry (NEN 7513): who, for which organisation,
which event, on which case, and the persons whose data was shown or changed. A change the rules
refuse is logged as failed, with no persons: nothing of them was shown or changed."""

import pytest

from eendak.audit.models import AccessLogEntry, Action
from eendak.cases import services

from .api_support import (
    API,
    ENDPOINTS,
    IDS,
    assert_problem,
    build_case,
    call,
    case_url,
    ids_for,
    post_json,
    use_tmp_media,
)
from .conftest import actor_for

pytestmark = pytest.mark.django_db

HOUSEHOLD = "household"  # the entry names every member of the household
# IDS entry -> (who does it, the event, whom the entry names: HOUSEHOLD, a key of ids_for, or None)
EXPECTED = {
    "GET /cases/{case}/": ("team", "case.read", HOUSEHOLD),
    "GET /cases/{case}/journal/": ("team", "case.journal_read", HOUSEHOLD),
    "POST /cases/{case}/journal/": ("team", "case.journal_added", HOUSEHOLD),
    "POST /cases/{case}/documents/": ("team", "case.document_uploaded", HOUSEHOLD),
    "GET /documents/{document}/download/": ("team", "case.document_read", HOUSEHOLD),
    "POST /cases/{case}/participants/": ("vt", "case.participant_joined", None),
    "POST /cases/{case}/participants/{participation}/end/": ("vt", "case.participant_left", None),
    "POST /cases/{case}/coordinator/": ("vt", "case.coordinator_assigned", None),
    "POST /cases/{case}/phase/": ("vt", "case.phase_changed", None),
    "POST /cases/{case}/shields/": ("vt", "case.person_shielded", "person"),
    "POST /cases/{case}/conditions/": ("vt", "case.conditions_set", HOUSEHOLD),
    "POST /cases/{case}/monitoring-moments/{moment}/record/": ("vt", "case.monitoring_recorded",
                                                               HOUSEHOLD),
    "POST /cases/{case}/monitoring-limit/": ("vt", "case.monitoring_decision", None),
    "POST /cases/{case}/plan-versions/": ("team", "case.plan_version", None),
    "POST /cases/{case}/plan-versions/{version}/goals/": ("team", "case.plan_goal_added", None),
    "POST /cases/{case}/plan-versions/{version}/agreed/": ("team", "case.plan_agreed", HOUSEHOLD),
    "POST /cases/{case}/goals/{goal}/actions/": ("team", "case.plan_action_added", None),
    "POST /cases/{case}/actions/{action}/status/": ("team", "case.plan_action_status", None),
    "POST /cases/{case}/handovers/": ("vt", "case.handover_offered", None),
    "POST /cases/{case}/handovers/{handover}/accept/": ("team", "case.handover_accepted", None),
    "POST /cases/{case}/handovers/{handover}/decline/": ("team", "case.handover_declined", None),
    "POST /cases/{case}/handovers/{handover}/withdraw/": ("vt", "case.handover_withdrawn", None),
    "POST /cases/{case}/child-voices/": ("team", "case.child_voice", "child"),
    "POST /cases/{case}/close/": ("vt", "case.closed", HOUSEHOLD),
}
LIST_EVENTS = {
    "/cases/": "case.list",
    "/own-contributions/": "case.own_contributions",
    "/my-actions/": "case.my_actions",
    "/signals/": "case.signals",
}


@pytest.fixture
def built(household_with_case, settings, tmp_path):
    use_tmp_media(settings, tmp_path)
    return build_case(household_with_case)


def test_every_endpoint_has_an_expectation():
    assert set(EXPECTED) == set(IDS)


@pytest.mark.parametrize(("method", "path", "data"), ENDPOINTS, ids=IDS)
def test_every_endpoint_writes_its_entry(login_as, built, method, path, data):
    who, event, whom = EXPECTED[f"{method.upper()} {path}"]
    member = getattr(built, who)
    if path == "/cases/{case}/handovers/":
        # One offer at a time: the one build_case made goes first.
        services.withdraw_handover(actor_for(built.vt), built.handover)
    ids = ids_for(built)
    client = login_as(member)
    last = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first()

    response = call(client, method, path, data, ids)

    assert response.status_code < 300, response.content
    entry = AccessLogEntry.objects.filter(id__gt=last, event=event).get()
    assert (entry.username, entry.organisation_id, entry.role, entry.outcome) == (
        member.user.username, member.organisation_id, member.role, "success")
    assert entry.object_id  # the case, or the document
    named = set(entry.subjects.values_list("person_id", flat=True))
    if whom == HOUSEHOLD:
        assert named == {p.pk for p in built.persons}
    elif whom is not None:
        assert named == {ids[whom]}


@pytest.mark.parametrize(("path", "event"), LIST_EVENTS.items())
def test_every_list_writes_one_entry_naming_the_persons_on_the_page(login_as, built, path, event):
    client = login_as(built.team)
    last = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first()

    response = client.get(API + path)

    assert response.status_code == 200, response.content
    [entry] = AccessLogEntry.objects.filter(id__gt=last)
    assert (entry.event, entry.username, entry.action) == (event, built.team.user.username, Action.READ)
    assert set(entry.subjects.values_list("person_id", flat=True)) == {p.pk for p in built.persons}


def test_the_case_read_names_the_case_and_every_person_shown(login_as, built):
    login_as(built.team).get(case_url(built.case))

    entry = AccessLogEntry.objects.filter(event="case.read").latest("id")
    assert (entry.object_type, entry.object_id) == ("cases.case", str(built.case.pk))


def test_a_refused_change_is_logged_as_failed_without_persons(login_as, built):
    response = post_json(login_as(built.vt), case_url(built.case, "phase/"),
                         {"toPhase": "direct_safety", "reason": "Nog steeds onrustig"})

    assert_problem(response, 400)
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.event, entry.outcome, entry.object_id) == (
        "case.change_refused", "failed", str(built.case.pk))
    assert entry.detail == "phase: toPhase"
    assert not entry.subjects.exists()


def test_reading_through_break_the_glass_is_flagged_with_the_reason(login_as, built):
    from django.utils import timezone

    from eendak.audit.models import EmergencyAccess
    from eendak.core.roles import OrganisationType as T
    from eendak.core.roles import Role
    from eendak.testing import factories as f

    clinician = f.membership(Role.HOSPITAL_CLINICIAN, f.organisation(T.HOSPITAL))
    EmergencyAccess.objects.create(
        user=clinician.user, membership=clinician, household=built.case.household,
        reason="Kind met letsel op de Spoedpost, ouders onbereikbaar.",
        expires_at=timezone.now() + timezone.timedelta(hours=1))

    response = login_as(clinician).get(case_url(built.case))

    assert response.status_code == 200
    entry = AccessLogEntry.objects.filter(event="case.read").latest("id")
    assert entry.emergency and entry.reason.startswith("Kind met letsel")
