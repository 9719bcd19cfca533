"""The keyed chain: HMAC-SHA256 under a key outside the database, named per entry so it can rotate;
entries from before the key keep their plain SHA-256 hashes as the chain's oldest part."""

import pytest
from django.utils import timezone

from eendak.audit import services as audit
from eendak.audit.chain import (
    CONTENT_FIELDS,
    GENESIS_HASH,
    PLAIN,
    current_key_id,
    entry_hash,
    key_id_of,
    link_hash,
)
from eendak.audit.models import AccessLogEntry, Action

from .test_chain import _tamper, _write

KEY_A = "a-first-access-log-key-for-the-tests-0123456789"
KEY_B = "a-second-access-log-key-for-the-tests-9876543210"


def _plain_entries(n, key_id=PLAIN):
    """Entries as written before the chainer, chained in their own row; by default also before the
    keyed chain: plain SHA-256, no key id."""
    previous = GENESIS_HASH
    written = []
    for i in range(n):
        entry = AccessLogEntry(occurred_at=timezone.now(), event="old.read", action=Action.READ,
                               detail=f"old {i}", previous_hash=previous, key_id=key_id)
        entry.entry_hash = entry_hash(entry, [])
        entry.save()
        previous = entry.entry_hash
        written.append(entry)
    return written


@pytest.mark.django_db
def test_entries_are_keyed_with_the_current_key(settings):
    settings.EENDAK_ACCESS_LOG_KEY = KEY_A
    entries = _write(3)
    assert {e.key_id for e in entries} == {key_id_of(KEY_A)} == {current_key_id()}
    assert KEY_A not in key_id_of(KEY_A)
    assert audit.verify_chain().ok


@pytest.mark.django_db
def test_the_first_keyed_entry_links_to_the_last_plain_one():
    old = _plain_entries(4)
    new = _write(3)
    assert new[0].previous_hash == old[-1].entry_hash
    report = audit.verify_chain()
    assert report.ok and report.checked == 7


@pytest.mark.django_db
def test_a_plain_entry_after_a_keyed_one_is_a_rewrite():
    """Among the entries chained in their own row (before the chainer): keyed ones, then a plain
    one, is a chain rewritten from there on."""
    keyed = _plain_entries(2, key_id=current_key_id())
    entry = AccessLogEntry(occurred_at=timezone.now(), event="x", action=Action.READ,
                           previous_hash=keyed[-1].entry_hash)
    entry.entry_hash = entry_hash(entry, [])
    entry.save()
    report = audit.verify_chain()
    assert report.first_broken_id == entry.id
    assert "zonder sleutel" in report.problem


@pytest.mark.django_db
def test_a_rotated_key_keeps_older_entries_verifiable(settings):
    settings.EENDAK_ACCESS_LOG_KEY = KEY_A
    settings.EENDAK_ACCESS_LOG_OLD_KEYS = []
    first = _write(3)
    settings.EENDAK_ACCESS_LOG_KEY = KEY_B
    settings.EENDAK_ACCESS_LOG_OLD_KEYS = [KEY_A]
    second = _write(3)
    assert second[0].previous_hash == first[-1].entry_hash
    assert second[0].key_id == key_id_of(KEY_B) != first[0].key_id
    assert audit.verify_chain().ok
    settings.EENDAK_ACCESS_LOG_OLD_KEYS = []
    report = audit.verify_chain()
    assert report.first_broken_id == first[0].id
    assert "niet bekend" in report.problem


@pytest.mark.django_db
def test_a_hash_recomputed_without_the_key_does_not_verify():
    entries = _write(3)
    _tamper("UPDATE audit_accesslogentry SET detail = %s WHERE id = %s", ["x", entries[1].id])
    entries[1].detail = "x"
    content = tuple(getattr(entries[1], f) for f in CONTENT_FIELDS)
    forged = link_hash(entries[1].previous_hash, content, [], entries[1].key_id, entries[1].id,
                       keys={entries[1].key_id: b"a guessed key"})
    _tamper("UPDATE audit_accesslogchain SET entry_hash = %s WHERE entry_id = %s",
            [forged, entries[1].id])
    assert audit.verify_chain().first_broken_id == entries[1].id


@pytest.mark.django_db
def test_a_link_cannot_be_plain():
    entries = _write(2)
    _tamper("UPDATE audit_accesslogchain SET key_id = '' WHERE entry_id = %s", [entries[1].id])
    report = audit.verify_chain()
    assert report.first_broken_id == entries[1].id
    assert "niet bekend" in report.problem
