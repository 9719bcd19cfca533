"""A destruction, approved by a second person, removes the household's personal data everywhere —
persons, BSN, relationships, the case file with its documents (also from storage), reports,
referrals, measures, the Spoedplein's presentation with its photo — while the access log stays
whole and verifiable, and the household stays an empty shell where the log's grant points at it."""

from pathlib import Path

import pytest
from django.core.management import call_command

from eendak.acute.models import NamedPerson, Photo, Presentation
from eendak.audit.models import AccessLogEntry, AccessLogSubject, Action, EmergencyAccess
from eendak.audit.verify import verify_chain
from eendak.cases.models import Case, Document, JournalEntry
from eendak.conferences.models import AgendaItem, Measure, Referral
from eendak.core.roles import Role
from eendak.intake.models import Report, ReportPerson
from eendak.persons import services as persons
from eendak.persons.models import Household, HouseholdMember, Person, PersonBSN, Relationship
from eendak.retention import services
from eendak.retention.models import Destruction, Outcome
from eendak.retention.workflow import RequestStatus
from eendak.testing import factories as f

from .conftest import actor_for

pytestmark = pytest.mark.django_db


def _destroy(world, privacy_officer, second_officer, django_capture_on_commit_callbacks):
    parent = world.persons[0]
    request = services.register_request(actor_for(privacy_officer), household=world.household,
                                        person=parent)
    services.propose(actor_for(privacy_officer), request, outcome=Outcome.DESTROY,
                     explanation="Betrokkene vraagt vernietiging; geen belang van een ander.")
    with django_capture_on_commit_callbacks(execute=True):
        request = services.approve(actor_for(second_officer), request)
    return request


def test_a_destruction_removes_the_personal_data_everywhere(
        file_everywhere, privacy_officer, second_officer, media,
        django_capture_on_commit_callbacks):
    world = file_everywhere
    ids = [p.pk for p in world.persons]
    document_path = Path(world.document.file.path)
    photo_path = Path(world.photo.file.path)
    assert document_path.exists() and photo_path.exists()
    logged_before = AccessLogSubject.objects.filter(person_id__in=ids).count()

    request = _destroy(world, privacy_officer, second_officer, django_capture_on_commit_callbacks)

    assert request.status == RequestStatus.DESTROYED and request.person_id is None
    assert not Person.objects.filter(pk__in=ids).exists()
    assert not PersonBSN.objects.filter(person_id__in=ids).exists()
    assert not Relationship.objects.filter(person_id__in=ids).exists()
    assert not HouseholdMember.objects.filter(household=world.household).exists()
    assert not Case.objects.filter(household=world.household).exists()
    assert not Document.objects.exists() and not JournalEntry.objects.exists()
    assert not Report.objects.filter(pk=world.report.pk).exists()
    assert not ReportPerson.objects.exists()
    assert not Referral.objects.exists() and not AgendaItem.objects.exists()
    assert not Measure.objects.exists()
    assert not Presentation.objects.exists() and not Photo.objects.exists()
    assert not NamedPerson.objects.exists()
    assert not document_path.exists() and not photo_path.exists()
    # The household stays as an empty shell: the access log's grant points at it.
    shell = Household.objects.get(pk=world.household.pk)
    assert EmergencyAccess.objects.filter(household=shell).exists()
    destruction = Destruction.objects.get(request=request)
    assert destruction.household == shell and destruction.persons_destroyed == 3
    assert destruction.files_removed == 2
    assert destruction.approved_by == second_officer.user
    assert destruction.proposed_by == privacy_officer.user
    assert destruction.counts["persons.Person"] == 3
    # The log is untouched (it names persons by number) and still verifies; the destruction is in it.
    assert AccessLogSubject.objects.filter(person_id__in=ids).count() > logged_before
    entry = AccessLogEntry.objects.get(event="household.destroyed")
    assert entry.action == Action.DELETE and entry.username == second_officer.user.username
    assert verify_chain().ok
    call_command("verify_access_log")


def test_after_destruction_no_search_finds_the_person(
        file_everywhere, privacy_officer, second_officer, vt,
        django_capture_on_commit_callbacks):
    world = file_everywhere
    parent = world.persons[0]
    bsn = persons.find_person_by_bsn  # noqa: F841 - the parent's BSN is looked up before and after
    surname = parent.surname
    intake = f.membership(Role.VT_INTAKE, vt)
    actor = actor_for(intake)
    assert persons.search_persons(actor, intake.user, name=surname)
    _destroy(world, privacy_officer, second_officer, django_capture_on_commit_callbacks)
    assert parent.pk not in [p.pk for p in persons.search_persons(actor, intake.user, name=surname)]
    assert parent.pk not in [c.person.pk for c in persons.search_all_persons(
        actor, intake.user, surname=surname, given_names=parent.given_names)]
    from eendak.intake.queries import find_known_persons

    assert parent.pk not in [k.person.pk for k in find_known_persons(
        intake.user, surname=surname, given_names=parent.given_names)]


def test_a_member_of_another_household_keeps_that_file(
        file_everywhere, privacy_officer, second_officer, django_capture_on_commit_callbacks):
    world = file_everywhere
    partner = world.persons[1]
    elsewhere = f.HouseholdFactory()
    HouseholdMember.objects.create(household=elsewhere, person=partner, role="parent")
    _destroy(world, privacy_officer, second_officer, django_capture_on_commit_callbacks)
    assert Person.objects.filter(pk=partner.pk).exists()
    assert not HouseholdMember.objects.filter(household=world.household).exists()
    assert HouseholdMember.objects.filter(household=elsewhere, person=partner).exists()


def test_a_household_nothing_points_at_is_deleted(
        household_with_case, privacy_officer, second_officer, django_capture_on_commit_callbacks):
    household = household_with_case[0]
    request = services.register_request(actor_for(privacy_officer), household=household,
                                        person=household_with_case[2][0])
    services.propose(actor_for(privacy_officer), request, outcome=Outcome.DESTROY,
                     explanation="Bewaartermijn niet van toepassing, verzoek toegewezen.")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(actor_for(second_officer), request)
    assert not Household.objects.filter(pk=household.pk).exists()
    destruction = Destruction.objects.get()
    assert destruction.household is None and destruction.household_id_destroyed == household.pk
    assert destruction.household_reference == household.reference
    assert verify_chain().ok
