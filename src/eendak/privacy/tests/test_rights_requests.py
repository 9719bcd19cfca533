"""The data subject's requests (AVG art. 12-21), through ``privacy.services``: the statutory
deadline and its one extension, the workflow, and each kind's effect when granted."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from eendak.audit.models import AccessLogEntry
from eendak.cases.models import JournalEntry, JournalKind
from eendak.core.actors import Actor
from eendak.core.exceptions import NotPermitted, RuleViolation
from eendak.core.roles import Role
from eendak.persons.models import Person
from eendak.privacy import queries
from eendak.privacy import services as privacy
from eendak.privacy.workflow import RequestKind, RequestState

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(privacy_officer):
    return Actor(privacy_officer.user, privacy_officer)


def register(officer, person, kind=RequestKind.ACCESS, received_on=None, **extra):
    return privacy.register_request(
        officer, person=person, kind=kind, received_on=received_on or timezone.localdate(),
        received_via="letter", request_text="Ik wil weten wat u over mij bewaart.", **extra)


def test_the_deadline_is_one_calendar_month(officer, household_with_case):
    _, _, (parent, *_rest) = household_with_case
    request = register(officer, parent, received_on=date(2026, 1, 31))
    assert request.deadline == date(2026, 2, 28)
    assert request.state == RequestState.RECEIVED
    entry = AccessLogEntry.objects.get(event="rights_request.registered")
    assert entry.person_ids == [parent.pk]


def test_extended_once_by_at_most_two_months_with_a_reason(officer, household_with_case):
    _, _, (parent, *_rest) = household_with_case
    request = register(officer, parent)
    first = request.deadline
    with pytest.raises(RuleViolation) as too_far:
        privacy.extend_request(officer, request, until=first + timedelta(days=70),
                               reason="Veel stukken bij drie organisaties")
    assert too_far.value.field == "until"
    with pytest.raises(RuleViolation) as no_reason:
        privacy.extend_request(officer, request, until=first + timedelta(days=30), reason="")
    assert no_reason.value.field == "reason"
    request = privacy.extend_request(officer, request, until=first + timedelta(days=30),
                                     reason="Veel stukken bij drie organisaties")
    assert request.state == RequestState.EXTENDED and request.deadline == first + timedelta(days=30)
    with pytest.raises(RuleViolation):
        privacy.extend_request(officer, request, until=first + timedelta(days=40),
                               reason="Nog een keer verlengen")


def test_overdue_and_near_are_computed_from_the_stored_deadline(officer, household_with_case):
    _, _, (parent, partner, child) = household_with_case
    today = timezone.localdate()
    overdue = register(officer, parent, received_on=today - timedelta(days=40))
    near = register(officer, partner, received_on=today - timedelta(days=27))
    calm = register(officer, child)
    org = officer.organisation.pk
    assert list(queries.rights_requests(org, status=queries.RequestFilter.OVERDUE)) == [overdue]
    assert list(queries.rights_requests(org, status=queries.RequestFilter.NEAR)) == [near]
    assert queries.deadline_signal(calm) == ""


def test_a_granted_correction_changes_the_person_through_the_persons_service(
        officer, household_with_case):
    _, _, (parent, *_rest) = household_with_case
    request = register(officer, parent, kind=RequestKind.CORRECTION,
                       correction_field="given_names", correction_value="Johanna Maria")
    privacy.start_request(officer, request)
    privacy.decide_request(officer, request, granted=True, reason="Akte van de burgerlijke stand")
    parent.refresh_from_db()
    assert parent.given_names == "Johanna Maria"
    entry = AccessLogEntry.objects.get(event="person.corrected")
    assert entry.person_ids == [parent.pk] and "Johanna Maria" in entry.detail


def test_a_refused_correction_takes_the_persons_own_statement_into_the_case_file(
        officer, household_with_case):
    _, case, (parent, *_rest) = household_with_case
    request = register(officer, parent, kind=RequestKind.CORRECTION,
                       correction_field="surname", correction_value="Anders")
    privacy.decide_request(officer, request, granted=False,
                           reason="De naam klopt met de basisregistratie")
    privacy.add_own_statement(officer, request, "Ik heet anders dan in het dossier staat.")
    entry = JournalEntry.objects.get(case=case, kind=JournalKind.OWN_STATEMENT)
    assert entry.text == "Ik heet anders dan in het dossier staat."
    assert AccessLogEntry.objects.filter(event="case.own_statement").exists()
    request.refresh_from_db()
    assert request.own_statement
    with pytest.raises(RuleViolation):
        privacy.add_own_statement(officer, request, "Nog een verklaring erbij zetten.")


def test_a_decision_needs_a_reason_and_is_final(officer, household_with_case):
    _, _, (parent, *_rest) = household_with_case
    request = register(officer, parent, kind=RequestKind.RESTRICTION)
    with pytest.raises(RuleViolation) as error:
        privacy.decide_request(officer, request, granted=True, reason="")
    assert error.value.field == "reason"
    privacy.decide_request(officer, request, granted=True, reason="Juistheid wordt betwist")
    assert queries.restricted_person_ids([parent.pk]) == {parent.pk}
    with pytest.raises(RuleViolation):
        privacy.decide_request(officer, request, granted=False, reason="Toch maar niet doen")


def test_an_access_request_is_granted_only_with_its_file(officer, household_with_case):
    _, _, (parent, *_rest) = household_with_case
    request = register(officer, parent)
    with pytest.raises(RuleViolation):
        privacy.decide_request(officer, request, granted=True, reason="Inzage verstrekt per post")
    privacy.build_access_file(officer, request)
    privacy.decide_request(officer, request, granted=True, reason="Inzage verstrekt per post")


def test_another_organisations_officer_may_not(officer, household_with_case, make_member,
                                                tilburg_team):
    _, _, (parent, *_rest) = household_with_case
    request = register(officer, parent)
    other = make_member(Role.PRIVACY_OFFICER, tilburg_team)
    with pytest.raises(NotPermitted):
        privacy.start_request(Actor(other.user, other), request)
    assert Person.objects.filter(pk=parent.pk).exists()


def test_a_restricted_person_is_left_out_of_the_research_export(officer, household_with_case, vt):
    from eendak.intake.models import Report, ReportPerson
    from eendak.monitoring.research import rows_for

    household, _, (parent, partner, _child) = household_with_case
    report = Report.objects.create(reference="M-RES-1", channel="phone", organisation=vt,
                                   household=household, account="Synthetisch.",
                                   assessment_due_at=timezone.now())
    for person in (parent, partner):
        ReportPerson.objects.create(report=report, person=person, role="other")
    request = register(officer, parent, kind=RequestKind.RESTRICTION)
    privacy.decide_request(officer, request, granted=True, reason="Juistheid wordt betwist")
    rows = rows_for([report.pk], ["municipality"], b"k" * 32)
    assert {row["_person"] for row in rows} == {partner.pk}
