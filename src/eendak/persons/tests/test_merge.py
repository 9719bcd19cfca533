"""Two records of one person can be merged, and the merge can be undone; both are logged."""

import json
from datetime import date

import pytest
from django.apps import apps
from django.core import serializers

from eendak.audit.models import AccessLogEntry
from eendak.cases.models import CasePerson, ChildVoice, Shield
from eendak.core.exceptions import RuleViolation
from eendak.persons import registry
from eendak.persons.models import HouseholdMember, Person, PersonBSN, Relationship
from eendak.persons.registry import PersonData
from eendak.testing import factories as f
from eendak.testing.factories import veilig_thuis_actor


@pytest.fixture
def two_records(region):
    actor = veilig_thuis_actor()
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


# --- Everything that points at a person moves -----------------------------------------------------


def _links_to_person() -> set[tuple[str, str]]:
    """Every foreign key (or one-to-one, or many-to-many) to Person in every installed model."""
    return {(model._meta.label, field.name)
            for model in apps.get_models() for field in model._meta.get_fields()
            if field.concrete and field.is_relation and field.related_model is Person}


def test_every_link_to_a_person_moves_with_a_merge_or_stays_for_a_stated_reason():
    """A model that points at a person and forgets ``register_merge_link`` in its app's ready()
    would keep part of someone's file on a record that is shown nowhere after a merge."""
    registered = set(registry.merge_links())
    kept_on_purpose = set(registry.NOT_MOVED)
    assert not registered & kept_on_purpose
    missing = _links_to_person() - registered - kept_on_purpose
    assert not missing, f"register these with persons.registry.register_merge_link: {missing}"
    assert registered | kept_on_purpose <= _links_to_person(), "a registration names no such link"


def _what_points_at(person) -> dict:
    """Every row that links to ``person`` (through a link a merge moves), as it is stored."""
    found = {}
    for label, field_name in registry.merge_links():
        rows = apps.get_model(label).objects.filter(**{field_name: person}).order_by("pk")
        found[(label, field_name)] = json.loads(serializers.serialize("json", rows))
    return found


@pytest.fixture
def twice_registered_child(household_with_case, police, hospital, vt):
    """A child in a case (role, two shields, own voice, relationships, BSN), registered again as
    a second record in another household; the second record is the one kept."""
    household, case, (parent, partner, child) = household_with_case
    actor = veilig_thuis_actor()
    user = actor.user
    other_household = f.HouseholdFactory()
    kept = f.person_in(other_household, "child", given_names=child.given_names,
                       surname=child.surname)
    # Clashes: the kept record is in the same household, and shielded from the police there too.
    HouseholdMember.objects.create(household=household, person=kept, role="child")
    Shield.objects.create(case=case, person=kept, hidden_from=police, reason="Opvang", created_by=user)
    digits = f.test_bsn()
    PersonBSN.objects.create(person=child, status="known", encrypted_value=registry.bsn_module.encrypt(
        digits), lookup_hash=registry.bsn_module.lookup_hash(digits))
    CasePerson.objects.create(case=case, person=child, role="child")
    Shield.objects.create(case=case, person=child, hidden_from=police, reason="Opvang",
                          created_by=user)
    Shield.objects.create(case=case, person=child, hidden_from=hospital, reason="Adres geheim",
                          created_by=user)
    ChildVoice.objects.create(case=case, child=child, account="Ik schrik als papa hard praat.",
                              recorded_by=user, source_organisation=vt)
    Relationship.objects.create(person=parent, other=child, kind="parent")  # moves by "other"
    Relationship.objects.create(person=child, other=partner, kind="other")  # moves by "person"
    Relationship.objects.create(person=child, other=kept, kind="sibling")  # would become self
    return actor, case, kept, child


@pytest.mark.django_db
def test_a_merge_leaves_nothing_on_the_merged_record_and_undo_puts_it_all_back(
        twice_registered_child, hospital):
    actor, case, kept, merged = twice_registered_child
    digits = registry.bsn_module.decrypt(merged.bsn.encrypted_value)
    before = {"kept": _what_points_at(kept), "merged": _what_points_at(merged)}

    record = registry.merge_persons(actor, keep=kept, merge=merged, reason="Dubbel ingeschreven.")

    left = {link: rows for link, rows in _what_points_at(merged).items() if rows}
    assert left == {}, "the merged record still has these"
    assert CasePerson.objects.get(case=case, person=kept).role == "child"
    assert Shield.objects.filter(case=case, person=kept).count() == 2  # police (its own), hospital
    assert Shield.objects.get(case=case, person=kept, hidden_from=hospital).reason == "Adres geheim"
    assert ChildVoice.objects.get(case=case).child == kept
    assert set(Relationship.objects.values_list("kind", "other_id").filter(person=kept)) == {
        ("other", case.household.members.get(role="partner").person_id)}
    assert Relationship.objects.filter(other=kept, kind="parent").exists()
    assert not Relationship.objects.filter(kind="sibling").exists()  # no relation with oneself
    assert kept.memberships.count() == 2  # its own household and the case's (its own row)
    found = PersonBSN.objects.get(lookup_hash=registry.bsn_module.lookup_hash(digits))
    assert found.person_id == kept.pk  # still found by the BSN the merged record held

    registry.undo_merge(actor, record)

    after = {"kept": _what_points_at(kept), "merged": _what_points_at(merged)}
    assert after == before
    assert PersonBSN.objects.get(lookup_hash=registry.bsn_module.lookup_hash(digits)).person_id \
        == merged.pk
    assert not PersonBSN.objects.filter(person=kept).exists()
