"""Concurrent writers take no lock and never fork the chain: the one chainer chains what commits."""

import threading

import pytest
from django.db import connection, connections, transaction

from eendak.audit import services as audit
from eendak.audit.chainer import Chainer, chain_pending
from eendak.audit.models import AccessLogEntry, AccessLogLink, Action
from eendak.core.actors import Actor

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                     reason="real concurrency needs PostgreSQL")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_parallel_writers_and_a_running_chainer_keep_one_chain():
    errors = []
    barrier = threading.Barrier(7)
    writing = threading.Event()
    writing.set()

    def writer(n):
        try:
            barrier.wait()
            for i in range(15):
                with transaction.atomic():  # each in its own transaction, as a request
                    audit.log_access(Actor.system(), event="test.parallel", action=Action.READ,
                                     persons=[n, 1000 + i], detail=f"{n}-{i}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    def chainer():
        try:
            running = Chainer(batch_size=7)
            barrier.wait()
            while writing.is_set():
                running.run_once()
            running.chain_all()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    chaining = threading.Thread(target=chainer)
    for t in [*threads, chaining]:
        t.start()
    for t in threads:
        t.join()
    writing.clear()
    chaining.join()
    assert errors == []
    chain_pending()  # anything the running chainer's last pass missed
    assert AccessLogEntry.objects.filter(event="test.parallel").count() == 90
    positions = list(AccessLogLink.objects.order_by("position").values_list("position", flat=True))
    assert len(positions) == 90 and positions == list(range(positions[0], positions[0] + 90))
    previous = list(AccessLogLink.objects.values_list("previous_hash", flat=True))
    assert len(previous) == len(set(previous)), "two links claim the same predecessor"
    report = audit.verify_chain()
    assert report.ok and report.checked == 90 and report.unchained == 0


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_entry_committed_after_a_higher_id_is_chained_in_the_order_seen():
    """Ids are taken at insert: the transaction with the lower id may commit later. The chainer
    does not skip it; it joins the chain when it commits, after the higher id."""
    inserted, release, errors = threading.Event(), threading.Event(), []

    def slow_request():
        try:
            with transaction.atomic():
                audit.log_access(Actor.system(), event="test.slow", action=Action.READ)
                inserted.set()
                release.wait(10)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    running = Chainer()
    running.chain_all()
    slow = threading.Thread(target=slow_request)
    slow.start()
    inserted.wait(10)
    fast = audit.log_access(Actor.system(), event="test.fast", action=Action.READ)
    assert running.run_once() == 1  # the fast one; the slow one is not committed yet
    release.set()
    slow.join()
    assert errors == []
    slow_entry = AccessLogEntry.objects.get(event="test.slow")
    assert slow_entry.id < fast.id
    assert running.run_once() == 1  # found through the gap it left
    order = list(AccessLogLink.objects.order_by("position").values_list("entry_id", flat=True))
    assert order == [fast.id, slow_entry.id]
    assert audit.verify_chain().ok


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_request_leaves_no_entry():
    with pytest.raises(ValueError), transaction.atomic():
        audit.log_access(Actor.system(), event="test.rolled_back", action=Action.READ, persons=[7])
        raise ValueError
    assert not AccessLogEntry.objects.filter(event="test.rolled_back").exists()
    assert chain_pending() == 0
    assert audit.verify_chain().ok
