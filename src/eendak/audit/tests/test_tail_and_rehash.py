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
from eendak.audit.chain import CONTENT_FIELDS, GENESIS_HASH, PLAIN, canonical, link_payload
from eendak.audit.chainer import chain_pending
from eendak.audit.models import AccessLogEntry, AccessLogLink, AccessLogSubject
from eendak.audit.verify import verify_segment

from .test_chain import _delete_from, _tamper, _write


def _anchor():
    call_command("checkpoint_access_log", stdout=StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize("deleted", [1, 50, "all"])
def test_deleting_the_newest_entries_is_noticed(deleted):
    entries = _write(60)
    _anchor()
    doomed = entries if deleted == "all" else entries[-deleted:]
    _delete_from(doomed[0].position)
    assert AccessLogEntry.objects.count() == 60 - len(doomed)
    report = audit.verify_chain()
    assert not report.ok
    assert report.first_broken_position == doomed[0].position
    assert "er ontbreken regels aan het eind" in report.problem


@pytest.mark.django_db
def test_deleting_the_newest_entries_but_not_their_links_names_them():
    entries = _write(10)
    _anchor()
    _tamper("DELETE FROM audit_accesslogentry WHERE id >= %s", [entries[7].id])
    report = audit.verify_chain()
    assert report.first_broken_id == entries[7].id
    assert "verwijderd" in report.problem


@pytest.mark.django_db
def test_deleting_the_newest_links_and_chaining_again_is_noticed():
    """The attacker removes the newest links, changes the entries, and lets the chainer chain them
    again: the chain is sound, but not the one the checkpoint signed."""
    entries = _write(10)
    _anchor()
    _tamper("DELETE FROM audit_accesslogchain WHERE position >= %s", [entries[7].position])
    _tamper("UPDATE audit_accesslogentry SET username = %s WHERE id = %s", ["mallory", entries[8].id])
    chain_pending()
    report = audit.verify_chain()
    assert not report.ok and report.first_broken_position == entries[-1].position
    assert "herschreven" in report.problem


def _payloads():
    subjects = {}
    for entry_id, person_id in AccessLogSubject.objects.values_list("entry_id", "person_id"):
        subjects.setdefault(entry_id, []).append(person_id)
    return subjects


def _rehash_from(first_position):
    """Recompute every link's hash from ``first_position`` on with plain SHA-256, as an attacker
    without the key would, and write them back below the application."""
    subjects = _payloads()
    entries = {e.id: e for e in AccessLogEntry.objects.all()}
    previous = None
    for link in AccessLogLink.objects.order_by("position"):
        if link.position < first_position:
            previous = link.entry_hash
            continue
        entry = entries[link.entry_id]
        content = tuple(getattr(entry, f) for f in CONTENT_FIELDS)
        digest = hashlib.sha256(link_payload(previous, content, subjects.get(entry.id, []),
                                             link.key_id, entry.id)).hexdigest()
        _tamper("UPDATE audit_accesslogchain SET previous_hash = %s, entry_hash = %s "
                "WHERE position = %s", [previous, digest, link.position])
        previous = digest


def _downgrade_all():
    """Rewrite the whole log as if it predated the chainer and the key: every entry's plain SHA-256
    chain in its own row, the links removed; internally sound again."""
    subjects = _payloads()
    previous = GENESIS_HASH
    for entry in AccessLogEntry.objects.order_by("id"):
        entry.previous_hash, entry.key_id = previous, PLAIN
        digest = hashlib.sha256(canonical(entry, subjects.get(entry.id, []))).hexdigest()
        _tamper("UPDATE audit_accesslogentry SET previous_hash = %s, entry_hash = %s, "
                "key_id = %s WHERE id = %s", [previous, digest, PLAIN, entry.id])
        previous = digest
    _tamper("DELETE FROM audit_accesslogchain", [])


@pytest.mark.django_db
def test_changing_an_entry_and_rehashing_every_later_one_is_noticed():
    entries = _write(20)
    _anchor()
    _tamper("UPDATE audit_accesslogentry SET username = %s WHERE id = %s",
            ["mallory", entries[5].id])
    _rehash_from(entries[5].position)
    assert AccessLogEntry.objects.get(id=entries[5].id).username == "mallory"
    report = audit.verify_chain()
    assert report.first_broken_id == entries[5].id  # the keyed hash cannot be recomputed


@pytest.mark.django_db
def test_rewriting_the_whole_log_as_plain_entries_is_noticed():
    """The attacker rehashes the whole log as if it predated the key and the chainer: internally
    sound again, but its head is not the head the checkpoint signed."""
    entries = _write(20)
    _anchor()
    _tamper("UPDATE audit_accesslogentry SET username = %s WHERE id = %s",
            ["mallory", entries[5].id])
    _downgrade_all()
    assert verify_segment(0, None, GENESIS_HASH).broken_id is None  # sound without checkpoints
    report = audit.verify_chain()
    assert not report.ok
    # Where it shows depends on how the entries' ids fall against the checkpoint's position.
    assert "herschreven" in report.problem or "ontbreken regels" in report.problem
