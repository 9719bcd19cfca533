"""Concurrent writers never fork the chain: each entry has a unique predecessor."""

import threading

import pytest
from django.db import connection, connections

from eendak.audit import services as audit
from eendak.audit.models import AccessLogEntry, Action
from eendak.core.actors import Actor


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_parallel_writers_keep_one_chain():
    errors = []
    barrier = threading.Barrier(6)

    def writer(n):
        try:
            barrier.wait()
            for i in range(15):
                audit.log_access(Actor.system(), event="test.parallel", action=Action.READ,
                                 detail=f"{n}-{i}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AccessLogEntry.objects.filter(event="test.parallel").count() == 90
    previous = list(AccessLogEntry.objects.values_list("previous_hash", flat=True))
    assert len(previous) == len(set(previous)), "two entries claim the same predecessor"
    assert audit.verify_chain().ok
