"""The chainer: the one process that puts committed access-log entries into the hash chain.

A request writes its entry without chain values and without any lock (``services.log_access``). The
chainer (``manage.py chain_access_log``, running all the time next to the web servers) reads the
entries committed since its previous pass, gives each the next position in the chain, and writes the
chain values into ``AccessLogLink``, an insert-only side table: the entry rows are never updated
(the trigger refuses it). Only one chainer works at a time: each pass holds a transaction-level
advisory lock on PostgreSQL (SQLite serialises writers), and ``chain_access_log`` also holds a
session lock, so a second command waits instead of competing.

The chain's order is the order in which the chainer sees the entries committed, not their id order.
Ids come from a sequence when the row is inserted, and a transaction that took a lower id may commit
after one that took a higher id; chaining in id order would have to wait for every gap. So the
chainer keeps, in memory, the highest id it has chained and the ids below it it has not seen yet
(``gaps``: rolled back, or still in a transaction), and each pass asks for the entries above that id
or in a gap that are not chained yet. A gap is remembered for ``GAP_SECONDS`` (a request's
transaction is long over by then; ``audit.atomic`` inserts its entries at the very end of a longer
one); a full sweep over every unchained entry (on start and every ``SWEEP_SECONDS``) is the safety
net for anything later still.

An entry that committed and is not chained is a window: until it is chained no checkpoint covers it,
and it could be removed unnoticed. ``verify_access_log`` therefore reports every entry left unchained
longer than ``EENDAK_ACCESS_LOG_CHAIN_GRACE_SECONDS`` as a failure (the chainer stopped, or someone
removed a link).
"""

import time

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q

from .chain import CONTENT_FIELDS, GENESIS_HASH, current_key_id, keyring, link_hash
from .db import bound_cursor
from .models import AccessLogEntry, AccessLogLink, AccessLogSubject

CHAIN_LOCK_KEY = 75130001  # NEN 7513, entry 1: held by each pass, for its transaction
CHAINER_LOCK_KEY = 75130002  # held by a running ``chain_access_log`` for as long as it runs

BATCH_SIZE = 2000  # entries chained in one pass (one transaction)
WINDOW_IDS = 10_000  # after a sweep, ids this far below the highest chained one are checked for gaps
GAP_SECONDS = 120  # how long an id not seen yet is asked for on every pass (the sweep after that)
MAX_GAPS = 100_000
# Well inside the grace period (EENDAK_ACCESS_LOG_CHAIN_GRACE_SECONDS, 300 s by default): an entry whose
# transaction stayed open past GAP_SECONDS is still chained before verification would call it missing.
SWEEP_SECONDS = 60


def chain_head() -> tuple[int, str, int]:
    """``(position, hash, boundary)`` of the chain's last member; ``boundary`` is the last position
    kept in entry rows (the entries chained before the chainer, position = id)."""
    first = AccessLogLink.objects.order_by("position").values_list("position", flat=True).first()
    if first is not None:
        position, digest = AccessLogLink.objects.order_by("-position").values_list(
            "position", "entry_hash").first()
        return position, digest, first - 1
    legacy = AccessLogEntry.objects.filter(entry_hash__isnull=False).order_by("-id").values_list(
        "id", "entry_hash").first()
    if legacy is None:
        return 0, GENESIS_HASH, 0
    return legacy[0], legacy[1], legacy[0]


def unchained(boundary: int):
    """Entries not in the chain: no link, and not chained in their own row before the boundary."""
    return AccessLogEntry.objects.filter(
        Q(entry_hash__isnull=True) | Q(id__gt=boundary),
        ~Exists(AccessLogLink.objects.filter(entry_id=OuterRef("id"))),
    )


# A pass's links in one statement: each column as one array parameter, unnested into rows.
_INSERT_LINKS_SQL = (
    "INSERT INTO audit_accesslogchain (position, entry_id, previous_hash, entry_hash, key_id, "
    "chained_at) SELECT position, entry_id, previous_hash, entry_hash, %s, now() "
    "FROM unnest(%s::bigint[], %s::bigint[], %s::varchar[], %s::varchar[]) "
    "AS link(position, entry_id, previous_hash, entry_hash)")


def _insert_links(links: list[tuple[int, int, str, str]], key_id: str) -> None:
    """Insert a pass's links ``(position, entry id, previous hash, hash)``, all under ``key_id``.

    On PostgreSQL one INSERT of four arrays: no per-row SQL to compose or send, whatever the batch
    size (``bulk_create`` composes a statement with six parameters a row, which cost the chainer
    more than the hashes did). Elsewhere ``bulk_create``.
    """
    if connection.vendor == "postgresql":
        with bound_cursor() as cursor:
            cursor.execute(_INSERT_LINKS_SQL, [key_id, *map(list, zip(*links, strict=True))])
        return
    AccessLogLink.objects.bulk_create(
        AccessLogLink(position=position, entry_id=entry_id, previous_hash=previous,
                      entry_hash=digest, key_id=key_id)
        for position, entry_id, previous, digest in links)


class Chainer:
    """One chainer's memory between passes: the highest id chained and the gaps below it."""

    def __init__(self, batch_size: int = BATCH_SIZE, clock=time.monotonic):
        self.batch_size = batch_size
        self.clock = clock
        self.high: int | None = None
        self.gaps: dict[int, float] = {}
        self.swept_at: float | None = None
        self.sweep_from = 0  # a sweep goes on from the highest id its previous pass chained

    @property
    def sweeping(self) -> bool:
        return self.swept_at is None or self.clock() - self.swept_at > SWEEP_SECONDS

    def run_once(self) -> int:
        """Chain up to ``batch_size`` committed entries in one transaction; how many were chained."""
        sweeping = self.sweeping
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
            position, previous, boundary = chain_head()
            candidates = unchained(boundary)
            if sweeping:
                candidates = candidates.filter(id__gt=self.sweep_from)
            else:
                candidates = candidates.filter(Q(id__gt=self.high) | Q(id__in=list(self.gaps)))
            rows = list(candidates.order_by("id").values_list("id", *CONTENT_FIELDS)
                        [:self.batch_size])
            if rows:
                persons: dict[int, list[int]] = {}
                for entry_id, person_id in AccessLogSubject.objects.filter(
                        entry_id__in=[row[0] for row in rows]).values_list("entry_id", "person_id"):
                    persons.setdefault(entry_id, []).append(person_id)
                key_id, keys = current_key_id(), keyring()
                links = []
                for row in rows:
                    position += 1
                    digest = link_hash(previous, row[1:], persons.get(row[0], ()), key_id, row[0],
                                       keys)
                    links.append((position, row[0], previous, digest))
                    previous = digest
                _insert_links(links, key_id)
        self._observe([row[0] for row in rows], sweeping, boundary)
        return len(rows)

    def _observe(self, ids: list[int], sweeping: bool, boundary: int) -> None:
        now = self.clock()
        if sweeping:
            if len(ids) == self.batch_size:
                self.sweep_from = ids[-1]  # the sweep goes on from here with the next pass
                return
            self.sweep_from = 0
            self.high = max(AccessLogLink.objects.order_by("-entry_id").values_list(
                "entry_id", flat=True).first() or 0, boundary)
            low = max(boundary, self.high - WINDOW_IDS)
            linked = set(AccessLogLink.objects.filter(entry_id__gt=low).values_list(
                "entry_id", flat=True))
            self.gaps = {i: now for i in range(low + 1, self.high) if i not in linked}
            self.swept_at = now
            return
        seen = set(ids)
        for entry_id in seen:
            self.gaps.pop(entry_id, None)
        top = max(ids, default=self.high)
        for entry_id in range(max(self.high + 1, top - WINDOW_IDS), top):
            if entry_id not in seen:
                self.gaps[entry_id] = now
        self.high = max(self.high, top)
        expired = [i for i, since in self.gaps.items() if now - since > GAP_SECONDS]
        for entry_id in expired:
            del self.gaps[entry_id]
        if len(self.gaps) > MAX_GAPS:
            for entry_id in sorted(self.gaps)[:len(self.gaps) - MAX_GAPS]:
                del self.gaps[entry_id]

    def chain_all(self) -> int:
        """Chain everything committed now (passes until one finds nothing); how many were chained."""
        total = 0
        while chained := self.run_once():
            total += chained
        return total


def chain_pending() -> int:
    """Chain every committed entry not chained yet, with a fresh chainer (a full sweep): for tests,
    the demo and one-off use. The running chainer is ``manage.py chain_access_log``."""
    return Chainer().chain_all()
