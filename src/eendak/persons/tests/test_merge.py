"""Two records of one person can be merged, and the merge can be undone; both are logged."""

from datetime import date

import pytest

from eendak.audit.models import AccessLogEntry
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.persons import registry
from eendak.persons.models import HouseholdMember
from eendak.persons.registry import PersonData
from eendak.testing import factories as f


@pytest.fixture
def two_records(region):
    user = f.UserFactory()
    actor = Actor(user=user, membership=None)
    household_a, household_b = f.HouseholdFactory(), f.HouseholdFactory()
    kept = registry.create_person(actor, PersonData(given_names="Sanne", surname="de Graaf",
                                                    date_of_birth=date(2012, 5, 1)))
    dup = registry.create_person(actor, PersonData(given_names="Sane", surname="Graaf",
                                                   date_of_birth=date(2012, 1, 5)))
    HouseholdMember.objects.create(household=household_a, person=kept, role="child")
    HouseholdMember.objects.create(household=household_b, person=dup, role="child")
    return actor, kept, dup, household_b


@pytest.mark.django_db
def test_merge_moves_links_and_undo_restores_them(two_records):
    actor, kept, dup, household_b = two_records
    merge = registry.merge_persons(actor, keep=kept, merge=dup, reason="Typfout bij registratie.")
    assert household_b.members.get().person == kept
    dup.refresh_from_db()
    assert dup.merged_into == kept
    registry.undo_merge(actor, merge)
    assert household_b.members.get().person == dup
    dup.refresh_from_db()
    assert dup.merged_into is None
    events = list(AccessLogEntry.objects.filter(event__startswith="person.merge").values_list(
        "event", flat=True))
    assert sorted(events) == ["person.merge_undone", "person.merged"]


@pytest.mark.django_db
def test_merge_needs_a_reason_and_refuses_different_bsns(two_records):
    actor, kept, dup, _ = two_records
    with pytest.raises(RuleViolation, match="reden"):
        registry.merge_persons(actor, keep=kept, merge=dup, reason=" ")
    a = registry.create_person(actor, PersonData(given_names="A", surname="B", bsn="999990019"))
    b = registry.create_person(actor, PersonData(given_names="A", surname="B", bsn="999990044"))
    with pytest.raises(RuleViolation, match="verschillende BSN"):
        registry.merge_persons(actor, keep=a, merge=b, reason="Zelfde?")


@pytest.mark.django_db
def test_undo_twice_is_refused(two_records):
    actor, kept, dup, _ = two_records
    merge = registry.merge_persons(actor, keep=kept, merge=dup, reason="Zelfde persoon.")
    registry.undo_merge(actor, merge)
    with pytest.raises(RuleViolation, match="al ongedaan"):
        registry.undo_merge(actor, merge)
