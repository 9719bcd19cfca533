"""From assessment to decision: the case opens and, for a service, the local team joins at once."""

import pytest

from eendak.cases.models import Case
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import allowed
from eendak.intake import services as intake
from eendak.intake.models import FeedbackTask, Investigation, JointConversation


def _assessed(actor, data):
    report = intake.register_report(actor, data)
    intake.record_assessment(actor, report, acute_unsafety=True, structural_unsafety=True,
                             triage="direct_danger", rationale="Acuut gevaar voor moeder en kind.")
    report.refresh_from_db()
    return report


@pytest.mark.django_db
def test_assessment_creates_feedback_task_for_the_reporter(intake_actor, police_report_data):
    report = _assessed(intake_actor, police_report_data())
    assert report.status == "assessed"
    assert FeedbackTask.objects.filter(report=report, moment="after_assessment").exists()


@pytest.mark.django_db
def test_deciding_before_assessment_is_refused(intake_actor, police_report_data):
    report = intake.register_report(intake_actor, police_report_data())
    with pytest.raises(RuleViolation, match="status"):
        intake.decide(intake_actor, report, kind="investigation", rationale="x")
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_investigation_opens_case_and_brings_in_the_right_local_team(
        intake_actor, police_report_data, make_member, tilburg_team, region):
    from eendak.core.models import Organisation

    report = _assessed(intake_actor, police_report_data())
    decision = intake.decide(intake_actor, report, kind="investigation",
                             rationale="Onderzoek naar kindermishandeling nodig.")
    case = decision.case
    assert case.responsible_organisation == intake_actor.organisation
    participants = set(case.participations.values_list("organisation__name", flat=True))
    assert participants == {"Veilig Thuis Midden-Brabant", "Lokaal team Tilburg"}
    assert JointConversation.objects.filter(report=report, local_team=tilburg_team).exists()
    investigation = Investigation.objects.get(report=report)
    assert (investigation.due_on - investigation.started_on).days == 70
    # The Tilburg team sees the household now; the Goirle team and the police do not.
    tilburg_worker = make_member("local_team_worker", tilburg_team)
    tilburg_worker.user.acting_membership = tilburg_worker
    assert allowed(tilburg_worker.user, "persons.view_household", report.household)
    goirle = Organisation.objects.get(name="Lokaal team Goirle")
    other = make_member("local_team_worker", goirle)
    other.user.acting_membership = other
    assert not allowed(other.user, "persons.view_household", report.household)


@pytest.mark.django_db
def test_handover_needs_a_target(intake_actor, police_report_data):
    report = _assessed(intake_actor, police_report_data())
    with pytest.raises(RuleViolation, match="overgedragen"):
        intake.decide(intake_actor, report, kind="handover", rationale="Overdracht.")
    report.refresh_from_db()
    assert report.status == "assessed"


@pytest.mark.django_db
def test_end_of_involvement_closes_the_report_without_a_case(intake_actor, police_report_data):
    report = _assessed(intake_actor, police_report_data())
    intake.decide(intake_actor, report, kind="end", rationale="Geen verdere bemoeienis nodig.")
    report.refresh_from_db()
    assert report.status == "closed" and report.closed_at
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_second_report_joins_the_open_case(intake_actor, police_report_data):
    first = _assessed(intake_actor, police_report_data())
    case = intake.decide(intake_actor, first, kind="conditions", rationale="Voorwaarden.").case
    victim = first.involved.get(role="victim").person
    second = _assessed(intake_actor, police_report_data(
        involved=[intake.InvolvedPerson("victim", person=victim)]))
    assert intake.decide(intake_actor, second, kind="conditions", rationale="Opnieuw.").case == case
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_investigation_outcome_per_kind_of_violence(intake_actor, police_report_data):
    report = _assessed(intake_actor, police_report_data())
    intake.decide(intake_actor, report, kind="investigation", rationale="Onderzoek.")
    with pytest.raises(RuleViolation, match="per soort geweld"):
        intake.complete_investigation(intake_actor, report, findings={"partnergeweld": "bevestigd"})
    investigation = intake.complete_investigation(
        intake_actor, report,
        findings={"partnergeweld": "bevestigd", "kindermishandeling": "niet_bevestigd"})
    assert investigation.findings.count() == 2
    assert FeedbackTask.objects.filter(report=report, moment="after_investigation").exists()
