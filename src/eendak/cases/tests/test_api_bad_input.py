"""Bad input on the case file's steps: a due date before the start, a monitoring moment on a closed
case, and every other refusal of a rule — a 400 problem+json naming the field in camelCase as the
client sent it, with the service's Dutch message, and the case unchanged."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.cases import services
from eendak.cases.models import Case, Participation
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f

from .api_support import (
    assert_not_permitted,
    assert_problem,
    build_case,
    case_url,
    invalid_names,
    post_json,
    state,
    use_tmp_media,
)
from .conftest import actor_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def built(household_with_case, settings, tmp_path):
    use_tmp_media(settings, tmp_path)
    return build_case(household_with_case)


def refused(client, built, suffix, data) -> dict:
    """POST, expect a 400 and an unchanged case; the problem's invalidParams by name."""
    before = state(built.case)
    response = post_json(client, case_url(built.case, suffix), data)
    problem = assert_problem(response, 400)
    assert state(built.case) == before
    return {param["name"]: param["reason"] for param in problem["invalidParams"]}


def conflict(client, built, suffix, data) -> str:
    """POST, expect the 409 of a state that refuses the step (``StateConflict``: its own problem
    type, no field to blame) and an unchanged case; the problem's detail."""
    before = state(built.case)
    response = post_json(client, case_url(built.case, suffix), data)
    problem = assert_problem(response, 409)
    assert problem["code"] == "state_conflict" and problem["type"].endswith("/state_conflict")
    assert "invalidParams" not in problem
    assert state(built.case) == before
    return problem["detail"]


def not_permitted(login_as, member, built, suffix, data, permission):
    """POST a step the acting organisation may not take: the logged 404 of something that is not
    there, and the case unchanged."""
    before = state(built.case)
    response = post_json(login_as(member), case_url(built.case, suffix), data)
    assert_not_permitted(response, built.case, before, member, permission)


@pytest.mark.parametrize(("who", "suffix", "data", "permission"), [
    ("team", "conditions/", {"conditions": [{"text": "Geen drank", "agreedBy": "Vader"}]},
     "cases.set_conditions"),
    ("team", "phase/", {"toPhase": "stable_safety", "reason": "Rustig"}, "cases.change_phase"),
    ("team", "coordinator/", {"user": "{team_user}"}, "cases.choose_coordinator"),
    ("team", "participants/", {"organisation": "{shelter}", "task": "Opvang",
                               "legalBasis": "consent"}, "cases.add_participant"),
    ("team", "monitoring-limit/", {"kind": "escalate", "reason": "Zorgen"},
     "cases.decide_monitoring_limit"),
    ("vt", "actions/{action}/status/", {"status": "done"}, "cases.set_action_status"),
    ("team", "close/", {"reason": "stable_safety"}, "cases.close"),
    ("police", "phase/", {"toPhase": "stable_safety", "reason": "Rustig"}, "cases.change_phase"),
    ("police", "coordinator/", {"user": "{team_user}"}, "cases.choose_coordinator"),
    ("police", "participants/{vt_participation}/end/", {"reason": "Klaar"},
     "cases.end_participation"),
    ("police", "participants/{team_participation}/end/", {"reason": "Klaar"},
     "cases.end_participation"),
    ("police", "plan-versions/", {"note": "Ons plan"}, "cases.edit_plan"),
])
def test_a_step_the_organisation_may_not_take_is_a_logged_404(login_as, built, who, suffix, data,
                                                              permission):
    member = f.membership(Role.PARTNER_LIAISON, built.police) if who == "police" else \
        getattr(built, who)
    active = Participation.objects.filter(case=built.case, ended_at=None)
    ids = {"team_user": built.team.user_id, "action": built.action.pk,
           "shelter": f.organisation(T.SHELTER).pk,
           "vt_participation": active.get(organisation_id=built.vt.organisation_id).pk,
           "team_participation": active.get(organisation_id=built.team.organisation_id).pk}
    data = {k: ids[v[1:-1]] if isinstance(v, str) and v.startswith("{") else v
            for k, v in data.items()}

    not_permitted(login_as, member, built, suffix.format(**ids), data, permission)


def test_a_due_date_before_the_start(login_as, built):
    reasons = refused(login_as(built.team), built, f"goals/{built.goal.pk}/actions/", {
        "text": "Gesprek met school", "ownerOrganisation": built.team.organisation_id,
        "startOn": TODAY().isoformat(), "dueOn": (TODAY() - timedelta(days=1)).isoformat()})

    assert reasons == {"dueOn": "De einddatum ligt vóór de startdatum."}


def test_a_monitoring_moment_on_a_closed_case(login_as, built):
    services.close_case(actor_for(built.vt), built.case, reason="moved", note="Naar Breda.")

    detail = conflict(login_as(built.vt), built, f"monitoring-moments/{built.moment.pk}/record/", {
        "heldOn": TODAY().isoformat(), "incidentsSinceLast": 0, "assessment": "Rustig.",
        "statuses": [{"condition": built.condition.pk, "status": "met"}]})

    assert "gesloten" in detail


def test_nothing_is_added_to_a_closed_case(login_as, built):
    services.close_case(actor_for(built.vt), built.case, reason="stable_safety")

    detail = conflict(login_as(built.vt), built, "journal/", {"kind": "note", "text": "Nog iets."})

    assert "gesloten" in detail


def record(built, **overrides):
    data = {"heldOn": TODAY().isoformat(), "incidentsSinceLast": 1, "assessment": "Eén incident.",
            "statuses": [{"condition": built.condition.pk, "status": "partly_met"}]}
    data.update(overrides)
    return data


@pytest.mark.parametrize(("overrides", "field"), [
    ({"heldOn": "2099-01-01"}, "heldOn"),
    ({"incidentsSinceLast": -1}, "incidentsSinceLast"),
    ({"incidentsSinceLast": None}, "incidentsSinceLast"),
    ({"assessment": " "}, "assessment"),
    ({"statuses": []}, "statuses"),
    ({"statuses": [{"condition": 0, "status": "met"}]}, "statuses"),
    ({"statuses": [{"condition": 1, "status": "good"}]}, "statuses.0.status"),
])
def test_a_monitoring_moment_with_bad_input(login_as, built, overrides, field):
    reasons = refused(login_as(built.vt), built, f"monitoring-moments/{built.moment.pk}/record/",
                      record(built, **overrides))

    assert list(reasons) == [field]


def test_a_monitoring_moment_is_recorded_once_and_by_veilig_thuis_only(login_as, built):
    url = f"monitoring-moments/{built.moment.pk}/record/"
    not_permitted(login_as, built.team, built, url, record(built), "cases.record_monitoring")
    assert post_json(login_as(built.vt), case_url(built.case, url), record(built)).status_code == 200

    again = conflict(login_as(built.vt), built, url, record(built))

    assert "al vastgelegd" in again


@pytest.mark.parametrize(("who", "suffix", "data", "field"), [
    ("vt", "conditions/", {"conditions": []}, "conditions"),
    ("vt", "conditions/", {"conditions": [{"text": "Geen drank", "agreedBy": "Vader"},
                                          {"text": "Geen wapens", "agreedBy": " "}]},
     "conditions.1.agreedBy"),
    ("vt", "phase/", {"toPhase": "direct_safety", "reason": "Blijft"}, "toPhase"),
    ("vt", "phase/", {"toPhase": "recovery", "reason": "Meteen herstel"}, "toPhase"),
    ("vt", "phase/", {"toPhase": "stable_safety", "reason": ""}, "reason"),
    ("vt", "phase/", {"toPhase": "done", "reason": "x"}, "toPhase"),
    ("vt", "coordinator/", {"user": "{goirle_user}"}, "user"),
    ("vt", "coordinator/", {"user": 999_999}, "user"),
    ("vt", "shields/", {"person": "{stranger}", "hiddenFrom": "{police}", "reason": "x"}, "person"),
    ("vt", "shields/", {"person": "{person}", "hiddenFrom": "{vt_org}", "reason": "x"}, "hiddenFrom"),
    ("vt", "shields/", {"person": "{person}", "hiddenFrom": "{police}", "reason": ""}, "reason"),
    ("team", "child-voices/", {"child": "{parent}", "account": "Ik ben bang."}, "child"),
    ("team", "child-voices/", {"child": "{child}", "account": " "}, "account"),
    ("vt", "participants/", {"organisation": "{police}", "task": "Nog eens",
                             "legalBasis": "statutory_task"}, "organisation"),
    ("vt", "participants/", {"organisation": "{shelter}", "task": "", "legalBasis": "consent"},
     "task"),
    ("vt", "participants/", {"organisation": "{shelter}", "task": "x", "legalBasis": "whim"},
     "legalBasis"),
    ("vt", "monitoring-limit/", {"kind": "extend", "reason": "Nog niet stabiel",
                                 "newUntil": "2000-01-01"}, "newUntil"),
    ("vt", "monitoring-limit/", {"kind": "extend", "reason": ""}, "reason"),
    ("vt", "monitoring-limit/", {"kind": "stop", "reason": "Klaar"}, "kind"),
    ("team", "goals/{goal}/actions/", {"text": "x", "ownerOrganisation": "{shelter}",
                                       "startOn": "2030-01-01", "dueOn": "2030-01-02"},
     "ownerOrganisation"),
    ("team", "goals/{goal}/actions/", {"text": "x", "ownerOrganisation": "{tilburg}",
                                       "owner": "{goirle_user}", "startOn": "2030-01-01",
                                       "dueOn": "2030-01-02"}, "owner"),
    ("team", "goals/{goal}/actions/", {"text": "x", "ownerOrganisation": "{tilburg}",
                                       "startOn": "1-1-2030", "dueOn": "2030-01-02"}, "startOn"),
    ("team", "actions/{action}/status/", {"status": "open"}, "status"),
    ("team", "actions/{action}/status/", {"status": "finished"}, "status"),
    ("team", "plan-versions/{version}/goals/", {"part": "fun", "text": "x"}, "part"),
    ("team", "plan-versions/{version}/goals/", {"part": "help", "text": ""}, "text"),
    ("team", "plan-versions/{version}/agreed/", {"agreedOn": "2099-01-01"}, "agreedOn"),
    ("vt", "close/", {"reason": "other", "note": ""}, "note"),
    ("vt", "close/", {"reason": "bored"}, "reason"),
    ("vt", "participants/{participation}/end/", {"reason": ""}, "reason"),
])
def test_a_rule_refused_is_named_at_its_field(login_as, built, who, suffix, data, field):
    stranger = f.person_in(f.HouseholdFactory(), "parent")
    ids = {"goirle_user": built.goirle.user.pk, "stranger": stranger.pk, "police": built.police.pk,
           "vt_org": built.vt.organisation_id, "person": built.persons[0].pk,
           "parent": built.persons[0].pk, "child": built.persons[2].pk,
           "shelter": f.organisation(T.SHELTER).pk, "tilburg": built.team.organisation_id,
           "goal": built.goal.pk, "action": built.action.pk, "version": built.version.pk,
           "participation": built.participation.pk}

    def fill(value):
        return ids[value[1:-1]] if isinstance(value, str) and value.startswith("{") else value

    if suffix == "monitoring-limit/":
        # Deciding on the limit is for its last weeks (cases.workflow.MONITORING_DECISIONS).
        Case.objects.filter(pk=built.case.pk).update(monitoring_until=TODAY() + timedelta(days=5))
    reasons = refused(login_as(getattr(built, who)), built, suffix.format(**ids),
                      {key: fill(value) for key, value in data.items()})

    assert list(reasons) == [field]
    assert all(reasons.values())


def test_an_agreed_plan_version_is_fixed(login_as, built):
    services.mark_plan_agreed(actor_for(built.team), built.version, agreed_on=TODAY())

    detail = conflict(login_as(built.team), built, f"plan-versions/{built.version.pk}/goals/",
                      {"part": "help", "text": "Nog een doel"})

    assert "nieuwe versie" in detail


def test_an_older_plan_version_is_not_changed(login_as, built):
    services.new_plan_version(actor_for(built.team), built.case, note="Tweede")

    detail = conflict(login_as(built.team), built, f"plan-versions/{built.version.pk}/goals/",
                      {"part": "help", "text": "Nog een doel"})

    assert "nieuwste versie" in detail


def test_the_invalid_params_name_the_element_of_a_list(login_as, built):
    invalid = post_json(login_as(built.vt), case_url(built.case, "conditions/"),
                        {"conditions": [{"text": "Geen drank"}]})

    assert invalid_names(invalid) == {"conditions.0.agreedBy"}


def test_the_monitoring_limit_is_not_extended_on_the_first_day(login_as, built):
    """The defect: on the first day of monitoring the 18-month limit could be "extended" to 19
    months. An extension is a decision at (or shortly before) the limit."""
    built.case.refresh_from_db()
    until = built.case.monitoring_until
    reasons = refused(login_as(built.vt), built, "monitoring-limit/", {
        "kind": "extend", "reason": "Nog niet stabiel",
        "newUntil": (until + timedelta(days=31)).isoformat()})

    opens = until - timedelta(days=30)
    assert reasons == {"kind": "Verlengen is een besluit bij de grens van de monitoring "
                               f"({until:%d-%m-%Y}): dat kan vanaf {opens:%d-%m-%Y}, niet eerder."}
