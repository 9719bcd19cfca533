"""Four eyes: the proposer never approves; a refusal needs a legal ground and an explanation; the
workflow allows only its table's steps; another organisation's request is not there."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.core.exceptions import NotPermitted, RuleViolation
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.persons.models import Person
from eendak.retention import services
from eendak.retention.models import DestructionRequest, Outcome, RefusalGround
from eendak.retention.workflow import RequestStatus
from eendak.testing import factories as f

from .conftest import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(household_with_case, privacy_officer):
    household, _case, persons = household_with_case
    return services.register_request(actor_for(privacy_officer), household=household,
                                     person=persons[0])


def test_the_deadline_is_one_month_after_receipt(household_with_case, privacy_officer):
    household, _case, persons = household_with_case
    item = services.register_request(actor_for(privacy_officer), household=household,
                                     person=persons[0], received_on=timezone.datetime(2026, 1, 31).date())
    assert item.deadline == timezone.datetime(2026, 2, 28).date()
    assert item.status == RequestStatus.RECEIVED and item.reference.startswith("VV-")


def test_a_request_names_a_member_of_the_household(household_with_case, privacy_officer):
    household = household_with_case[0]
    stranger = f.PersonFactory()
    with pytest.raises(RuleViolation) as refused:
        services.register_request(actor_for(privacy_officer), household=household, person=stranger)
    assert refused.value.field == "person"


def test_one_open_request_per_household(received, household_with_case, privacy_officer):
    with pytest.raises(RuleViolation):
        services.register_request(actor_for(privacy_officer), household=household_with_case[0],
                                  person=household_with_case[2][1])


def test_a_received_date_in_the_future_is_refused(household_with_case, privacy_officer):
    with pytest.raises(RuleViolation) as refused:
        services.register_request(actor_for(privacy_officer), household=household_with_case[0],
                                  person=household_with_case[2][0],
                                  received_on=timezone.localdate() + timedelta(days=1))
    assert refused.value.field == "received_on"


def test_the_proposer_cannot_approve(received, privacy_officer):
    services.propose(actor_for(privacy_officer), received, outcome=Outcome.DESTROY,
                     explanation="Verzoek toegewezen, geen belang van een ander.")
    with pytest.raises(RuleViolation, match="Vier ogen"):
        services.approve(actor_for(privacy_officer), received)
    with pytest.raises(RuleViolation, match="Vier ogen"):
        services.send_back(actor_for(privacy_officer), received, note="Toch niet zo zeker.")
    assert DestructionRequest.objects.get(pk=received.pk).status == RequestStatus.PROPOSED
    assert Person.objects.filter(pk=received.person_id).exists()


def test_the_log_administrator_approves_a_refusal(received, privacy_officer, log_admin,
                                                  household_with_case):
    services.propose(actor_for(privacy_officer), received, outcome=Outcome.REFUSE,
                     grounds=[RefusalGround.OTHER_PERSON_INTEREST],
                     explanation="Het dossier is van aanmerkelijk belang voor het jongste kind.")
    item = services.approve(actor_for(log_admin), received, note="Eens.")
    assert item.status == RequestStatus.REFUSED and item.decided_by == log_admin.user
    assert Person.objects.filter(pk__in=[p.pk for p in household_with_case[2]]).count() == 3


def test_a_refusal_needs_a_ground_and_an_explanation(received, privacy_officer):
    officer = actor_for(privacy_officer)
    with pytest.raises(RuleViolation) as no_ground:
        services.propose(officer, received, outcome=Outcome.REFUSE,
                         explanation="Het dossier is van belang voor een ander gezinslid.")
    assert no_ground.value.field == "grounds"
    with pytest.raises(RuleViolation) as unknown:
        services.propose(officer, received, outcome=Outcome.REFUSE, grounds=["because"],
                         explanation="Het dossier is van belang voor een ander gezinslid.")
    assert unknown.value.field == "grounds"
    with pytest.raises(RuleViolation) as short:
        services.propose(officer, received, outcome=Outcome.REFUSE,
                         grounds=[RefusalGround.LEGAL_DUTY], explanation="Wet.")
    assert short.value.field == "explanation"
    assert DestructionRequest.objects.get(pk=received.pk).status == RequestStatus.RECEIVED


def test_sent_back_the_proposal_starts_over(received, privacy_officer, second_officer):
    services.propose(actor_for(privacy_officer), received, outcome=Outcome.DESTROY,
                     explanation="Verzoek toegewezen, geen belang van een ander.")
    with pytest.raises(RuleViolation) as no_note:
        services.send_back(actor_for(second_officer), received, note="")
    assert no_note.value.field == "note"
    item = services.send_back(actor_for(second_officer), received,
                              note="Er loopt nog een strafzaak; kijk naar lid 3 onder e.")
    assert item.status == RequestStatus.RECEIVED and item.proposed_by is None
    assert item.sent_back_note.startswith("Er loopt")


def test_approving_what_was_not_proposed_is_refused(received, second_officer):
    with pytest.raises(RuleViolation):
        services.approve(actor_for(second_officer), received)


def test_another_organisations_request_is_not_there(received, region):
    other = f.membership(Role.PRIVACY_OFFICER, f.organisation(T.HOSPITAL))
    with pytest.raises(NotPermitted):
        services.propose(actor_for(other), received, outcome=Outcome.DESTROY,
                         explanation="Verzoek toegewezen, geen belang van een ander.")


def test_a_care_worker_may_not_propose(received, vt):
    worker = f.membership(Role.VT_INTAKE, vt)
    with pytest.raises(NotPermitted):
        services.register_request(actor_for(worker), household=received.household,
                                  person=received.person)
