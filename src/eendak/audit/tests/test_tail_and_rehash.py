"""Issue 13 part 5: the log cannot be shortened at its tail or rewritten unnoticed.

Someone with database access (the attack simulated by ``_tamper``) deletes the newest entries, or
changes an entry and recomputes every later hash with plain SHA-256. A hash chain kept only in the
database cannot notice either: the shortened chain and the rehashed chain are both internally sound.
The keyed hash stops the recomputation; the signed checkpoints outside the database (written by
``checkpoint_access_log``, from cron in production) catch the shortened tail and a rewrite that
passes the entries off as older than the key.
"""

import hashlib
from io import StringIO

import pytest
from django.core.management import call_command

from eendak.audit import services as audit
from eendak.audit.chain import GENESIS_HASH, PLAIN, canonical
from eendak.audit.models import AccessLogEntry, AccessLogSubject

from .test_chain import _tamper, _write


def _anchor():
    call_command("checkpoint_access_log", stdout=StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize("deleted", [1, 50, "all"])
def test_deleting_the_newest_entries_is_noticed(deleted):
    entries = _write(60)
    _anchor()
    doomed = entries if deleted == "all" else entries[-deleted:]
    _tamper("DELETE FROM audit_accesslogentry WHERE id >= %s", [doomed[0].id])
    assert AccessLogEntry.objects.count() == 60 - len(doomed)
    report = audit.verify_chain()
    assert not report.ok
    # The first id after the last entry left (ids are consecutive within this test).
    assert report.first_broken_id == (1 if deleted == "all" else doomed[0].id)
    assert "er ontbreken regels aan het eind" in report.problem


def _rehash_from(first_id, downgrade=False):
    """Recompute every hash from ``first_id`` on with plain SHA-256, as an attacker without the key
    would, and write them back below the application. ``downgrade`` also marks the entries as
    written before the keyed chain (key id empty), so the plain hashes are what verification expects
    of them."""
    subjects = {}
    for entry_id, person_id in AccessLogSubject.objects.values_list("entry_id", "person_id"):
        subjects.setdefault(entry_id, []).append(person_id)
    entries = list(AccessLogEntry.objects.order_by("id"))
    previous = GENESIS_HASH
    for entry in entries:
        if entry.id >= first_id or downgrade:
            entry.previous_hash = previous
            if downgrade:
                entry.key_id = PLAIN
            digest = hashlib.sha256(canonical(entry, subjects.get(entry.id, []))).hexdigest()
            _tamper("UPDATE audit_accesslogentry SET previous_hash = %s, entry_hash = %s, "
                    "key_id = %s WHERE id = %s", [previous, digest, entry.key_id, entry.id])
            previous = digest
        else:
            previous = entry.entry_hash


@pytest.mark.django_db
def test_changing_an_entry_and_rehashing_every_later_one_is_noticed():
    entries = _write(20)
    _anchor()
    _tamper("UPDATE audit_accesslogentry SET username = %s WHERE id = %s",
            ["mallory", entries[5].id])
    _rehash_from(entries[5].id)
    assert AccessLogEntry.objects.get(id=entries[5].id).username == "mallory"
    report = audit.verify_chain()
    assert report.first_broken_id == entries[5].id  # the keyed hash cannot be recomputed


@pytest.mark.django_db
def test_rewriting_the_whole_log_as_plain_entries_is_noticed():
    """The attacker rehashes the whole log as if it predated the key: internally sound again, but
    its head is not the head the checkpoint signed."""
    entries = _write(20)
    _anchor()
    _tamper("UPDATE audit_accesslogentry SET username = %s WHERE id = %s",
            ["mallory", entries[5].id])
    _rehash_from(entries[5].id, downgrade=True)
    report = audit.verify_chain()
    assert report.first_broken_id == entries[-1].id
    assert "herschreven" in report.problem
