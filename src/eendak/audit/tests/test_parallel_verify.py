"""Verification in pieces, stitched in id order; on PostgreSQL by several processes at once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from eendak.audit import services as audit
from eendak.audit.verify import _pieces

from .test_chain import _tamper, _write


def test_ranges_are_cut_into_pieces_and_the_last_stays_open():
    assert _pieces([(0, 10), (10, None)], top=23, piece_ids=5) == [
        (0, 5), (5, 10), (10, 15), (15, 20), (20, 23), (23, None)]
    assert _pieces([(0, None)], top=0, piece_ids=5) == [(0, None)]
    assert _pieces([(0, None)], top=5, piece_ids=5) == [(0, 5), (5, None)]


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["first", "boundary", "last"])
def test_pieces_find_the_same_first_broken_entry(where):
    entries = _write(23)
    call_command("checkpoint_access_log", stdout=StringIO())
    assert audit.verify_chain(piece_ids=4).ok
    victim = {"first": entries[0], "boundary": entries[8], "last": entries[-1]}[where]
    _tamper("UPDATE audit_accesslogentry SET detail = %s WHERE id = %s", ["x", victim.id])
    whole = audit.verify_chain(piece_ids=10**9)
    pieces = audit.verify_chain(piece_ids=3)
    assert (pieces.first_broken_id, pieces.checked, pieces.problem) == (
        whole.first_broken_id, whole.checked, whole.problem) == (
        victim.id, entries.index(victim), "inhoud is gewijzigd")


@pytest.mark.django_db
def test_a_removed_entry_at_a_piece_boundary_breaks_the_next_piece():
    entries = _write(12)
    _tamper("DELETE FROM audit_accesslogentry WHERE id = %s", [entries[4].id])
    _tamper("DELETE FROM audit_accesslogchain WHERE position = %s", [entries[4].position])
    report = audit.verify_chain(piece_ids=entries[4].position - 1 if entries[4].position > 1 else 1)
    assert report.first_broken_id == entries[5].id


@pytest.mark.skipif(connection.vendor != "postgresql", reason="processes see only committed rows; "
                    "SQLite's test database is in memory")
@pytest.mark.django_db(transaction=True)
def test_worker_processes_verify_committed_entries_on_postgresql():
    entries = _write(40)
    call_command("checkpoint_access_log", stdout=StringIO())
    report = audit.verify_chain(workers=3, piece_ids=7, parallel_min=0)
    assert report.ok and report.checked == 40 and report.checkpoints == 1
    _tamper("UPDATE audit_accesslogentry SET detail = %s WHERE id = %s", ["x", entries[30].id])
    report = audit.verify_chain(workers=3, piece_ids=7, parallel_min=0)
    assert (report.first_broken_id, report.checked) == (entries[30].id, 30)
