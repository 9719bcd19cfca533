"""The intake's declared permissions: who may, asked by name, the same for a list, a page and a change.

Each state-changing service asks its permission before anything else, so a refusal changes nothing
and names the rule that said no; the public web form is the one caller without a user, and only it.
"""

import ast
import inspect

import pytest
from django.urls import reverse

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.core.actors import Actor
from eendak.core.exceptions import NotPermitted
from eendak.core.models import Organisation
from eendak.core.permissions import Kind, allowed, declared
from eendak.core.roles import OrganisationType, Role
from eendak.intake import services as svc
from eendak.intake.models import (
    AdviceRequest,
    FeedbackTask,
    InformingTask,
    InstrumentResult,
    Report,
    ReportPerson,
)
from eendak.intake.permissions import visible_advice_requests, visible_reports
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db


def actor_for(membership) -> Actor:
    membership.user.acting_membership = membership
    return Actor(user=membership.user, membership=membership)


@pytest.fixture
def other_vt(region):
    """The Veilig Thuis of another region: Veilig Thuis, but these records are not its own."""
    return Organisation.objects.create(name="Veilig Thuis West-Brabant (test)",
                                       type=OrganisationType.VEILIG_THUIS)


@pytest.fixture
def outsiders(other_vt, vt, tilburg_team, police):
    """Everyone who must be refused every intake action on the Midden-Brabant records."""
    return {
        "other Veilig Thuis": f.membership(Role.VT_INTAKE, other_vt),
        "Veilig Thuis without client data": f.membership(Role.LOG_ADMIN, vt),
        "local team": f.membership(Role.LOCAL_TEAM_WORKER, tilburg_team),
        "police": f.membership(Role.PARTNER_LIAISON, police),
    }


@pytest.fixture
def records(intake_actor, police_report_data):
    """A decided report (with a joint conversation and tasks) and an advice request."""
    report = svc.register_report(intake_actor, police_report_data())
    svc.record_assessment(intake_actor, report, acute_unsafety=True, structural_unsafety=True,
                          triage="direct_danger", rationale="Acuut gevaar.")
    svc.decide(intake_actor, report, kind="investigation", rationale="Onderzoek nodig.")
    fresh = svc.register_report(intake_actor, police_report_data(involved=[],
                                                                 submission_key="vers"))
    advice = svc.register_advice(intake_actor, svc.AdviceData(
        channel="phone", asker_type="resident", question="Zorgen om de buren."))
    return {"report": Report.objects.get(pk=report.pk), "fresh": fresh, "advice": advice}


def test_every_intake_permission_has_a_rule_in_words():
    names = {p.name: p for p in declared() if p.app == "intake"}
    assert {"intake.view_report", "intake.view_advice_request", "intake.view_reporter",
            "intake.register_report", "intake.register_advice", "intake.assess", "intake.decide",
            "intake.link_person"} <= set(names)
    for permission in names.values():
        assert permission.rule.strip(), permission.name
        assert permission.kind in (Kind.READ, Kind.CHANGE)


def test_a_list_shows_exactly_what_its_detail_page_allows(records, intake, outsiders, other_vt,
                                                          intake_actor, police_report_data):
    other_report = svc.register_report(actor_for(outsiders["other Veilig Thuis"]),
                                       police_report_data(involved=[], submission_key="elders"))
    reports = [records["report"], records["fresh"], other_report]
    advices = [records["advice"]]
    for membership in [intake, *outsiders.values()]:
        user = actor_for(membership).user
        listed = set(visible_reports(user).values_list("pk", flat=True))
        assert listed == {r.pk for r in reports if allowed(user, "intake.view_report", r)}
        listed = set(visible_advice_requests(user).values_list("pk", flat=True))
        assert listed == {a.pk for a in advices if allowed(user, "intake.view_advice_request", a)}
    assert set(visible_reports(intake.user).values_list("pk", flat=True)) == {
        records["report"].pk, records["fresh"].pk}


def _attempts(records):
    """Every state-changing intake service, as (permission, call) on the Midden-Brabant records."""
    report, fresh, advice = records["report"], records["fresh"], records["advice"]
    conversation = report.joint_conversations.get()
    feedback = FeedbackTask.objects.filter(report=report).first()
    informing = InformingTask.objects.filter(report=report).first()
    person = f.PersonFactory()
    return [
        ("intake.register_report", lambda a: svc.register_report(a, svc.ReportData(
            channel="phone", account="Geschreeuw gehoord.", violence_types=["onbekend"],
            reporter=svc.ReporterData(name="Buurvrouw")))),
        ("intake.link_person", lambda a: svc.link_person(a, report, svc.InvolvedPerson(
            "witness", person=person))),
        ("intake.assess", lambda a: svc.record_assessment(
            a, fresh, acute_unsafety=False, structural_unsafety=False, triage="none",
            rationale="Geen onveiligheid.")),
        ("intake.record_instrument", lambda a: svc.record_instrument(
            a, report, instrument_code="lirik", answers={}, outcome="Zorgen.")),
        ("intake.decide", lambda a: svc.decide(a, fresh, kind="end", rationale="Klaar.")),
        ("intake.complete_investigation", lambda a: svc.complete_investigation(
            a, report, findings={}, closed_early=True)),
        ("intake.record_joint_conversation", lambda a: svc.record_joint_conversation(
            a, conversation, notes="Afspraak gemaakt.")),
        ("intake.give_feedback", lambda a: svc.complete_feedback(a, feedback, content="Gestart.")),
        ("intake.record_informing", lambda a: svc.record_informing(
            a, informing, reason_not_informed="Niet veilig.")),
        ("intake.register_advice", lambda a: svc.register_advice(a, svc.AdviceData(
            channel="phone", asker_type="resident", question="Wat kan ik doen?"))),
        ("intake.record_advice", lambda a: svc.record_advice(
            a, advice, advice_given="Bel de huisarts.", follow_up="none")),
        ("intake.convert_advice", lambda a: svc.convert_advice_to_report(
            a, advice, reporter=svc.ReporterData(name="Buurman"))),
    ]


def _state():
    return (Report.objects.count(), AdviceRequest.objects.count(), ReportPerson.objects.count(),
            InstrumentResult.objects.count(),
            list(Report.objects.order_by("pk").values_list("status", flat=True)),
            list(FeedbackTask.objects.order_by("pk").values_list("completed_at", flat=True)),
            list(InformingTask.objects.order_by("pk").values_list("reason_not_informed", flat=True)),
            list(AdviceRequest.objects.order_by("pk").values_list("follow_up", flat=True)))


def test_every_change_is_refused_to_everyone_but_its_own_veilig_thuis(records, outsiders):
    """Another region's Veilig Thuis, its log administrator, the local team and the police: each
    service refuses with its own permission's name, before it changes anything."""
    attempts = _attempts(records)
    for who, membership in outsiders.items():
        actor = actor_for(membership)
        for name, attempt in attempts:
            if who == "local team" and name == "intake.record_joint_conversation":
                continue  # the team brought in at the decision records its own conversation
            if who == "other Veilig Thuis" and name in ("intake.register_report",
                                                        "intake.register_advice"):
                continue  # it takes reports and advice requests of its own
            before = _state()
            with pytest.raises(NotPermitted) as refused:
                attempt(actor)
            assert refused.value.permission == name, (who, name)
            assert _state() == before, (who, name)


def test_the_own_veilig_thuis_may_do_every_change(records, intake_actor):
    for name, attempt in _attempts(records):
        assert allowed(intake_actor, name, records["report"] if "advice" not in name
                       else records["advice"]), name
        attempt(intake_actor)


def test_the_local_team_records_its_own_joint_conversation_only(records, tilburg_team, region):
    conversation = records["report"].joint_conversations.get()
    own = actor_for(f.membership(Role.LOCAL_TEAM_WORKER, tilburg_team))
    svc.record_joint_conversation(own, conversation, notes="Samen met Veilig Thuis gepland.")
    conversation.refresh_from_db()
    assert conversation.notes == "Samen met Veilig Thuis gepland."

    goirle = Organisation.objects.get(name="Lokaal team Goirle")
    for membership in (f.membership(Role.LOCAL_TEAM_WORKER, goirle),
                       f.membership(Role.FUNCTIONAL_ADMIN, tilburg_team)):
        with pytest.raises(NotPermitted, match="intake.record_joint_conversation"):
            svc.record_joint_conversation(actor_for(membership), conversation, notes="x")


def test_the_public_entry_is_the_only_caller_without_a_user(vt, rf, intake_actor, tilburg):
    public = Actor.public(rf.post("/melden/"), vt)
    data = svc.ReportData(channel="web", account="Ik hoor elke avond geschreeuw.",
                          violence_types=["onbekend"], reporter=svc.ReporterData(name="Buur"),
                          municipality_id=tilburg.pk)
    # The permission-checked entry refuses it: there is nobody to hold a permission ...
    with pytest.raises(NotPermitted):
        svc.register_report(public, data)
    # ... the web form's own entry takes it, received by Veilig Thuis ...
    report = svc.register_web_report(public, data)
    assert report.organisation == vt and report.registered_by is None
    # ... and accepts no one else, so it cannot be used to step around a permission.
    with pytest.raises(ValueError):
        svc.register_web_report(intake_actor, data)
    with pytest.raises(ValueError):
        svc.register_web_advice(intake_actor, svc.AdviceData(
            channel="web", asker_type="resident", question="Wat kan ik doen?"))


def test_every_state_changing_service_asks_its_permission_first():
    """A new service that forgets ``require`` fails here, not in production."""
    source = inspect.getsource(svc)
    tree = ast.parse(source)
    public = [node for node in tree.body if isinstance(node, ast.FunctionDef)
              and not node.name.startswith("_") and node.args.args
              and node.args.args[0].arg == "actor"]
    assert len(public) >= 12
    for function in public:
        first = next(stmt for stmt in function.body
                     if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)))
        call = first.value if isinstance(first, ast.Expr) else None
        name = getattr(getattr(call, "func", None), "id", "")
        assert name in ("require", "_require_public_entry"), function.name
        if name == "require":
            permission = call.args[1].value
            assert permission.startswith("intake."), function.name
            assert any(p.name == permission for p in declared()), permission


def test_a_screen_refusal_is_a_404_logged_under_the_permission(records, login_as, tilburg_team):
    member = f.membership(Role.LOCAL_TEAM_WORKER, tilburg_team)
    client = login_as(member)
    for url, permission in [(reverse("intake:queue"), "intake.view_report"),
                            (reverse("intake:report_create"), "intake.register_report"),
                            (reverse("intake:advice_detail", args=[records["advice"].pk]),
                             "intake.view_advice_request")]:
        assert client.get(url).status_code == 404
        entry = AccessLogEntry.objects.filter(username=member.user.username).latest("id")
        assert (entry.event, entry.outcome, entry.person_ids) == (permission, Outcome.DENIED, [])


def test_the_report_page_offers_only_the_steps_the_workflow_and_the_permission_allow(
        records, login_as, intake):
    officer = login_as(intake)
    fresh = officer.get(reverse("intake:report_detail", args=[records["fresh"].pk]))
    assert fresh.context["assessment_form"] is not None
    assert fresh.context["decision_form"] is None  # not assessed yet: the table says no
    decided = officer.get(reverse("intake:report_detail", args=[records["report"].pk]))
    assert decided.context["assessment_form"] is None and decided.context["decision_form"] is None
    assert decided.context["investigation_form"] is not None
    assert decided.context["may_link"] and decided.context["may_record_instrument"]


def test_a_report_of_another_veilig_thuis_is_not_found(records, login_as, other_vt,
                                                       police_report_data):
    """Another region's Veilig Thuis passes the gate (it works on reports) but not this record."""
    colleague = f.membership(Role.VT_INTAKE, other_vt)
    client = login_as(colleague)
    assert client.get(reverse("intake:report_detail",
                              args=[records["report"].pk])).status_code == 404
    entry = AccessLogEntry.objects.filter(username=colleague.user.username).latest("id")
    assert (entry.event, entry.outcome) == ("report.read", Outcome.NOT_FOUND)
