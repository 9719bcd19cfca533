"""The hash chain: each entry links to the one before, and verification finds any change."""

import pytest
from django.db import connection

from eendak.audit import services as audit
from eendak.audit.chain import GENESIS_HASH
from eendak.audit.models import AccessLogEntry, Action
from eendak.core.actors import Actor

from .chaining import chained


def _write(n, actor=None, persons=()):
    """``n`` entries written as requests write them, then chained as the chainer chains them."""
    actor = actor or Actor.system()
    return chained([audit.log_access(actor, event="test.read", action=Action.READ, persons=persons,
                                     detail=f"entry {i}") for i in range(n)])


@pytest.mark.django_db
def test_entries_link_to_their_predecessor():
    first, second, third = _write(3)
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.entry_hash
    assert third.previous_hash == second.entry_hash
    assert audit.verify_chain().ok


@pytest.mark.django_db
def test_entry_records_who_for_which_organisation_and_whom(intake, household_with_case):
    _, _, persons = household_with_case
    actor = Actor(user=intake.user, membership=intake, ip_address="192.0.2.10")
    entry = audit.log_access(actor, event="person.read", action=Action.READ, obj=persons[0],
                             persons=[persons[0], persons[1].pk])
    entry.refresh_from_db()
    assert entry.username == intake.user.username
    assert entry.organisation_name == "Veilig Thuis Midden-Brabant"
    assert entry.role == "vt_intake"
    assert entry.object_type == "persons.person" and entry.object_id == str(persons[0].pk)
    assert entry.ip_address == "192.0.2.10"
    assert entry.person_ids == sorted([persons[0].pk, persons[1].pk])
    assert audit.verify_chain().ok


def _tamper(sql, params):
    """Change the log below the application, as someone with database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A superuser can switch triggers off for a session; that is the attack simulated here.
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


def _delete_from(position):
    """Remove the chain's members from ``position`` on, entries and links, as an attacker would."""
    _tamper("DELETE FROM audit_accesslogentry WHERE id IN "
            "(SELECT entry_id FROM audit_accesslogchain WHERE position >= %s)", [position])
    _tamper("DELETE FROM audit_accesslogchain WHERE position >= %s", [position])


@pytest.mark.django_db
def test_changed_content_is_named_as_first_broken_entry():
    entries = _write(5)
    _tamper("UPDATE audit_accesslogentry SET username = %s WHERE id = %s", ["mallory", entries[2].id])
    report = audit.verify_chain()
    assert not report.ok
    assert report.first_broken_id == entries[2].id
    assert report.checked == 2


@pytest.mark.django_db
def test_a_removed_entry_is_named_by_the_link_it_leaves():
    entries = _write(4)
    _tamper("DELETE FROM audit_accesslogentry WHERE id = %s", [entries[1].id])
    report = audit.verify_chain()
    assert report.first_broken_id == entries[1].id
    assert "verwijderd" in report.problem


@pytest.mark.django_db
def test_removed_entry_and_link_break_the_chain_at_its_successor():
    entries = _write(4)
    _tamper("DELETE FROM audit_accesslogentry WHERE id = %s", [entries[1].id])
    _tamper("DELETE FROM audit_accesslogchain WHERE entry_id = %s", [entries[1].id])
    report = audit.verify_chain()
    assert report.first_broken_id == entries[2].id
    assert report.first_broken_position == entries[2].position


@pytest.mark.django_db
def test_removing_a_person_from_an_entry_is_detected(household_with_case):
    _, _, persons = household_with_case
    entries = _write(3, persons=[persons[0]])
    _tamper("DELETE FROM audit_accesslogsubject WHERE entry_id = %s", [entries[1].id])
    assert audit.verify_chain().first_broken_id == entries[1].id


@pytest.mark.django_db
def test_verification_spans_several_batches():
    _write(23)
    report = audit.verify_chain(batch_size=5)
    assert report.ok and report.checked == AccessLogEntry.objects.count()
