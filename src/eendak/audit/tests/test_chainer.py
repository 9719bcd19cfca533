"""The chainer: requests write unchained entries in one statement; one chainer chains them later,
and verification fails on an entry left unchained past the grace period."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eendak.audit import services as audit
from eendak.audit.chainer import Chainer, chain_pending
from eendak.audit.models import AccessLogEntry, AccessLogLink, Action
from eendak.core.actors import Actor

from .test_chain import _tamper, _write


def _log(detail="", persons=()):
    return audit.log_access(Actor.system(), event="test.read", action=Action.READ, persons=persons,
                            detail=detail)


@pytest.mark.django_db
def test_an_entry_is_written_unchained_and_takes_no_lock():
    with CaptureQueriesContext(connection) as queries:
        entry = _log(persons=[3, 1, 2])
    sql = " ".join(q["sql"] for q in queries.captured_queries).lower()
    assert "lock" not in sql and "audit_accesslogchain" not in sql  # never reads the chain's head
    if connection.vendor == "postgresql":
        assert len(queries.captured_queries) == 1  # entry and persons: one statement
    entry.refresh_from_db()
    assert entry.entry_hash is None and entry.chain_hash is None
    assert entry.person_ids == [1, 2, 3]
    assert not AccessLogLink.objects.exists()
    assert chain_pending() == 1
    assert AccessLogEntry.objects.get(id=entry.id).chain_hash == AccessLogLink.objects.get().entry_hash


@pytest.mark.django_db
def test_an_entry_left_unchained_past_the_grace_period_fails_verification(settings):
    _write(3)
    late = _log("never chained")
    report = audit.verify_chain()
    assert report.ok and report.unchained == 1  # within the grace period: the chainer is coming
    settings.EENDAK_ACCESS_LOG_CHAIN_GRACE_SECONDS = 60
    _tamper("UPDATE audit_accesslogentry SET occurred_at = %s WHERE id = %s",
            [timezone.now() - timedelta(seconds=61), late.id])
    report = audit.verify_chain()
    assert not report.ok
    assert report.first_broken_id == late.id
    assert "buiten de keten" in report.problem
    chain_pending()
    assert audit.verify_chain().ok


@pytest.mark.django_db
def test_a_removed_link_leaves_its_entry_unchained_and_fails_after_the_grace_period(settings):
    entries = _write(3)
    settings.EENDAK_ACCESS_LOG_CHAIN_GRACE_SECONDS = 0
    _tamper("DELETE FROM audit_accesslogchain WHERE position = %s", [entries[-1].position])
    report = audit.verify_chain()
    assert report.first_broken_id == entries[-1].id and "buiten de keten" in report.problem


@pytest.mark.django_db
def test_a_running_chainer_finds_an_id_below_its_highest_through_the_gap():
    first = _log("first")
    running = Chainer()
    running.chain_all()
    # Two entries with an id left free between them: the one in the middle commits last.
    above = AccessLogEntry(id=first.id + 2, event="test.read", action=Action.READ, detail="above")
    above.save()
    assert running.run_once() == 1 and first.id + 1 in running.gaps
    middle = AccessLogEntry(id=first.id + 1, event="test.read", action=Action.READ, detail="late")
    middle.save()
    assert running.run_once() == 1 and first.id + 1 not in running.gaps
    order = list(AccessLogLink.objects.order_by("position").values_list("entry_id", flat=True))
    assert order == [first.id, above.id, middle.id]
    assert audit.verify_chain().ok


@pytest.mark.django_db
def test_new_entries_continue_the_chain_of_entries_chained_in_their_row():
    from .test_keyed_chain import _plain_entries

    old = _plain_entries(3)
    new = _write(2)
    assert new[0].position == old[-1].id + 1
    assert new[0].previous_hash == old[-1].entry_hash
    assert audit.verify_chain().checked == 5


@pytest.mark.django_db
def test_chain_access_log_once_chains_and_stops():
    from io import StringIO

    from django.core.management import call_command

    _log()
    _log()
    out = StringIO()
    call_command("chain_access_log", "--once", stdout=out)
    assert "2 regels in de keten gezet" in out.getvalue()
    assert AccessLogLink.objects.count() == 2
