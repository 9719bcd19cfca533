"""Taking a report: persons and household, classification, shielding, double submission."""

import pytest

from eendak.audit.models import AccessLogEntry
from eendak.core.actors import Actor
from eendak.core.exceptions import NotPermitted, RuleViolation
from eendak.core.permissions import allowed
from eendak.intake import services as intake
from eendak.intake.categories import PriorInvolvement
from eendak.intake.models import Report
from eendak.intake.permissions import visible_reports
from eendak.persons.models import Person


@pytest.mark.django_db
def test_police_report_creates_household_and_is_a_first_report(intake_actor, police_report_data):
    report = intake.register_report(intake_actor, police_report_data())
    assert report.reference.startswith("M-")
    assert report.household is not None
    assert report.household.persons.count() == 3
    assert report.prior_involvement == PriorInvolvement.FIRST_REPORT
    assert report.reporter.name == "Agent K. de Boer"
    assert report.informing_tasks.count() == 3
    entry = AccessLogEntry.objects.filter(event="report.created").get()
    assert set(entry.person_ids) == set(report.household.persons.values_list("pk", flat=True))
    assert entry.organisation_name == "Veilig Thuis Midden-Brabant"


@pytest.mark.django_db
def test_surname_prefix_is_split_off(intake_actor, police_report_data):
    intake.register_report(intake_actor, police_report_data())
    kees = Person.objects.get(given_names="Kees")
    assert (kees.surname_prefix, kees.surname) == ("van der", "Berg")
    assert kees.search_surname == "berg"


@pytest.mark.django_db
def test_second_report_while_first_awaits_assessment_is_a_follow_up(intake_actor,
                                                                     police_report_data):
    first = intake.register_report(intake_actor, police_report_data())
    victim = first.involved.get(role="victim").person
    second = intake.register_report(intake_actor, police_report_data(
        channel="phone", involved=[intake.InvolvedPerson("victim", person=victim)]))
    assert second.household_id == first.household_id
    assert second.prior_involvement == PriorInvolvement.FOLLOW_UP_DURING_ASSESSMENT


@pytest.mark.django_db
def test_report_after_involvement_ended_is_a_re_report(intake_actor, police_report_data):
    first = intake.register_report(intake_actor, police_report_data())
    intake.record_assessment(intake_actor, first, acute_unsafety=False, structural_unsafety=False,
                             triage="none", rationale="Geen onveiligheid vastgesteld.")
    intake.decide(intake_actor, first, kind="end", rationale="Geen zorgen meer.")
    victim = first.involved.get(role="victim").person
    again = intake.register_report(intake_actor, police_report_data(
        involved=[intake.InvolvedPerson("victim", person=victim)]))
    assert again.prior_involvement == PriorInvolvement.RE_REPORT


@pytest.mark.django_db
def test_report_during_monitoring_is_classified_so(intake_actor, police_report_data):
    first = intake.register_report(intake_actor, police_report_data())
    intake.record_assessment(intake_actor, first, acute_unsafety=False, structural_unsafety=True,
                             triage="structural_serious", rationale="Structureel onveilig.")
    intake.decide(intake_actor, first, kind="conditions", rationale="Voorwaarden afgesproken.")
    child = first.involved.get(role="child").person
    again = intake.register_report(intake_actor, police_report_data(
        involved=[intake.InvolvedPerson("child", person=child)]))
    assert again.prior_involvement == PriorInvolvement.FOLLOW_UP_DURING_MONITORING


@pytest.mark.django_db
def test_double_submission_creates_one_report(intake_actor, police_report_data):
    data = police_report_data(submission_key="form-123")
    first = intake.register_report(intake_actor, data)
    second = intake.register_report(intake_actor, police_report_data(submission_key="form-123"))
    assert first.pk == second.pk
    assert Report.objects.count() == 1
    assert Person.objects.count() == 3


@pytest.mark.django_db
def test_invalid_bsn_saves_nothing(intake_actor, police_report_data):
    data = police_report_data()
    data.involved[0].data.bsn = "123456789"
    with pytest.raises(RuleViolation, match="elfproef") as exc:
        intake.register_report(intake_actor, data)
    assert exc.value.field == "bsn"
    assert Report.objects.count() == 0 and Person.objects.count() == 0
    assert not AccessLogEntry.objects.filter(event="report.created").exists()


@pytest.mark.django_db
def test_future_date_of_birth_is_refused(intake_actor, police_report_data):
    from datetime import date

    data = police_report_data()
    data.involved[2].data.date_of_birth = date(2099, 1, 1)
    with pytest.raises(RuleViolation, match="toekomst"):
        intake.register_report(intake_actor, data)
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_only_veilig_thuis_takes_reports(police, police_report_data, make_member):
    member = make_member("partner_liaison", police)
    actor = Actor(user=member.user, membership=member)
    with pytest.raises(NotPermitted) as refused:
        intake.register_report(actor, police_report_data())
    assert refused.value.permission == "intake.register_report"
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_reports_and_reporters_are_visible_to_veilig_thuis_only(intake_actor, police_report_data,
                                                                tilburg_team, make_member):
    report = intake.register_report(intake_actor, police_report_data())
    assert visible_reports(intake_actor.user).filter(pk=report.pk).exists()
    assert allowed(intake_actor.user, "intake.view_reporter", report)
    worker = make_member("local_team_worker", tilburg_team)
    worker.user.acting_membership = worker
    assert not visible_reports(worker.user).exists()
    assert not allowed(worker.user, "intake.view_reporter", report)
    assert not allowed(worker.user, "persons.view_household", report.household)
