"""Verifying the access log: the chain in order, every hash recomputed under its key.

The chain is the entries chained in their own row (written before the chainer; their position is
their id), then the links in position order (``AccessLogLink``, written by the chainer). Positions
are what the checkpoints count and what the pieces of a parallel verification are cut by. The log is
read as ``values_list`` rows (no model instances) in keyset-paginated batches, with the subjects of
each batch in one query, so memory stays flat at millions of entries.
"""

import hmac
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils import timezone

from .chain import (
    GENESIS_HASH,
    LINK_FIELDS,
    PERSONS_SQL,
    PLAIN,
    ROW_FIELDS,
    UnknownKey,
    keyring,
    link_payload,
    payload_hash,
    payload_sql,
    row_payload,
)
from .chainer import chain_head, unchained
from .checkpoints import CheckpointError, read_checkpoints
from .models import AccessLogEntry, AccessLogLink, AccessLogSubject


@dataclass
class ChainReport:
    checked: int
    first_broken_id: int | None = None  # the entry (its id) where the chain breaks, when known
    problem: str = ""
    checkpoints: int = 0  # checkpoints compared with
    unanchored: int = 0  # entries after the newest checkpoint: not protected against deletion yet
    last_checkpoint_at: str = ""
    first_broken_position: int | None = None  # the position in the chain where it breaks
    unchained: int = 0  # entries written but not chained yet (within the grace period)

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None and not self.problem


@dataclass
class Segment:
    """What verifying the chain positions ``after < position <= upto`` found.

    The first member's link to its predecessor is checked only when ``expected_previous`` is given;
    otherwise the caller checks it against the previous segment's ``last_hash``. ``first_id`` and
    ``last_id`` are positions (for entries chained in their row, the same as the entry id).
    """

    checked: int = 0
    first_id: int | None = None
    first_previous: str | None = None
    last_id: int | None = None
    last_hash: str | None = None
    first_plain_id: int | None = None
    keyed: bool = False
    broken_id: int | None = None
    broken_position: int | None = None
    problem: str = ""

    def broken(self, entry_id, position, problem) -> "Segment":
        self.broken_id, self.broken_position, self.problem = entry_id, position, problem
        return self


LINK_BROKEN = "vorige hash klopt niet: een regel ervoor is verwijderd of ingevoegd"
CONTENT_CHANGED = "inhoud is gewijzigd"
ENTRY_MISSING = "de regel is verwijderd: zijn schakel in de keten is er nog"
PLAIN_AFTER_KEYED = ("regel zonder sleutel na een regel met sleutel: de keten is vanaf hier "
                     "herschreven")


def _unknown_key(key_id):
    return f"de sleutel {key_id or '(geen)'} van deze regel is niet bekend (EENDAK_ACCESS_LOG_OLD_KEYS)"


def verify_segment(after: int, upto: int | None, expected_previous: str | None,
                   batch_size: int = 5000, keyed_before: bool = False,
                   boundary: int | None = None) -> Segment:
    """Verify one position range; ``keyed_before``: a keyed entry precedes it, so none may be plain.

    ``boundary`` is the last position chained in entry rows (``chainer.chain_head``); a range lies
    wholly on one side of it (``verify_chain`` cuts there), or it is split here.
    """
    if boundary is None:
        boundary = chain_head()[2]
    if after < boundary and (upto is None or upto > boundary):
        first = verify_segment(after, boundary, expected_previous, batch_size, keyed_before, boundary)
        if first.broken_id is not None or first.problem:
            return first
        rest = verify_segment(boundary, upto, first.last_hash if first.last_id else expected_previous,
                              batch_size, first.keyed or keyed_before, boundary)
        return _join(first, rest)
    if after >= boundary:
        return _verify_links(after, upto, expected_previous, batch_size)
    return _verify_rows(after, upto, expected_previous, batch_size, keyed_before)


def _join(first: Segment, rest: Segment) -> Segment:
    if rest.first_id is None:
        return first
    if first.first_id is None:
        return rest
    rest.checked += first.checked
    rest.first_id, rest.first_previous = first.first_id, first.first_previous
    rest.first_plain_id = first.first_plain_id
    rest.keyed = rest.keyed or first.keyed
    return rest


# Reading the chain. Every source yields the same rows, so one loop checks them whatever the
# database: for a link ``(position, entry id, previous hash, hash, key id, payload)``, for an entry
# chained in its own row ``(id, previous hash, hash, key id, payload)``. The payload is the text the
# hash covers (``chain._payload``), None when the entry row is gone. On PostgreSQL the database
# builds it (``chain.payload_sql``) and streams the rows through one server-side cursor per piece,
# so Python only fetches one text per member and hashes it; elsewhere (SQLite) Python builds it from
# ``values_list`` rows in keyset-paginated batches, with the persons of each batch in one query.

_LINKS_FROM = ("audit_accesslogchain l LEFT JOIN audit_accesslogentry e ON e.id = l.entry_id ",
               "l.position > %(after)s AND l.position <= %(upto)s ORDER BY l.position")
_ROWS_FROM = ("audit_accesslogentry e ",
              "e.id > %(after)s AND e.id <= %(upto)s AND e.entry_hash IS NOT NULL ORDER BY e.id")
_GROUPED_PERSONS = (
    "LEFT JOIN (SELECT entry_id, array_to_json(array_agg(person_id ORDER BY person_id))::text AS "
    "persons FROM audit_accesslogsubject WHERE entry_id >= %(low)s AND entry_id <= %(high)s "
    "GROUP BY entry_id) p ON p.entry_id = ")


def _select(columns: str, source: tuple[str, str], entry_id: str, grouped: bool, link: bool) -> str:
    """One verification query: fixed SQL (aliases and column names only), values as parameters."""
    persons = "p.persons" if grouped else PERSONS_SQL.format(entry=entry_id)
    prefix = "l" if link else "e"
    payload = payload_sql(f"{prefix}.previous_hash", "e", persons, f"{prefix}.key_id",
                          entry_id if link else None)
    join = _GROUPED_PERSONS + entry_id if grouped else ""
    table = source[0]
    if grouped and link:  # the entries of a dense range: read by their id range, not all of them
        table = table.rstrip() + " AND e.id >= %(low)s AND e.id <= %(high)s "
    return f"SELECT {columns}, {payload} FROM {table}{join} WHERE {source[1]}"  # noqa: S608


_LINK_COLUMNS = "l.position, l.entry_id, l.previous_hash, l.entry_hash, l.key_id"
_ROW_COLUMNS = "e.id, e.previous_hash, e.entry_hash, e.key_id"
_LINKS_GROUPED_SQL = _select(_LINK_COLUMNS, _LINKS_FROM, "l.entry_id", grouped=True, link=True)
_LINKS_EACH_SQL = _select(_LINK_COLUMNS, _LINKS_FROM, "l.entry_id", grouped=False, link=True)
_ROWS_GROUPED_SQL = _select(_ROW_COLUMNS, _ROWS_FROM, "e.id", grouped=True, link=False)
_ROWS_EACH_SQL = _select(_ROW_COLUMNS, _ROWS_FROM, "e.id", grouped=False, link=False)
# The plan for a verification read: no parallel workers of its own (the pieces are the parallelism),
# the whole result wanted (not a fast start), the persons' grouping in memory.
_PG_SETTINGS = ("SET LOCAL max_parallel_workers_per_gather = 0",
                "SET LOCAL cursor_tuple_fraction = 1.0",
                "SET LOCAL work_mem = '64MB'")
_NO_END = 2**62
# The persons of a closed range are grouped in one pass over their ids when the range's entries are
# about as many as its ids; a range with late entries (ids far apart) asks per entry instead.
_SPREAD = 4


def _pg_rows(sql_grouped, sql_each, after, upto, batch_size, id_range):
    """Stream one range's rows from PostgreSQL through a server-side cursor, in one transaction.

    The open-ended range (``upto`` None: members chained while verifying) and a range whose
    entries' ids are spread wide ask for each entry's persons by index; a closed, dense one groups
    the persons of its id range in one pass (``id_range``: ``(low, high, count)`` of the entry ids,
    read here in the same transaction, so the range cannot change between the two reads).
    """
    with transaction.atomic():
        connection.ensure_connection()
        with connection.cursor() as cursor:
            for setting in _PG_SETTINGS:
                cursor.execute(setting)
        params = {"after": after, "upto": _NO_END if upto is None else upto}
        sql = sql_each
        if upto is not None:
            low, high, count = id_range(after, upto)
            if count and high - low <= _SPREAD * count:
                sql, params = sql_grouped, {**params, "low": low, "high": high}
        with connection.connection.cursor(name="eendak_verify_access_log") as stream:
            stream.itersize = batch_size
            stream.execute(sql, params)
            while rows := stream.fetchmany(batch_size):
                yield rows


def _link_id_range(after, upto):
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(entry_id), max(entry_id), count(entry_id) FROM "
                       "audit_accesslogchain WHERE position > %s AND position <= %s", [after, upto])
        return cursor.fetchone()


def _row_id_range(after, upto):
    return after + 1, upto, upto - after


def _subjects(query_ids, first: int, last: int, count: int) -> dict[int, list[int]]:
    subjects = AccessLogSubject.objects.filter(entry_id__gte=first, entry_id__lte=last)
    if count and last - first > _SPREAD * count:  # a late entry in the batch: ask for the ids
        subjects = AccessLogSubject.objects.filter(entry_id__in=query_ids)
    found: dict[int, list[int]] = {}
    for entry_id, person_id in subjects.values_list("entry_id", "person_id"):
        found.setdefault(entry_id, []).append(person_id)
    return found


def _orm_batches(query_of, fields, after, upto, batch_size, by_range):
    last = after
    while True:
        rows = list(query_of(last, upto).values_list(*fields)[:batch_size])
        if not rows:
            return
        ids = [row[1 if not by_range else 0] for row in rows]
        ids = [i for i in ids if i is not None]
        yield rows, _subjects(ids, min(ids, default=0), max(ids, default=0),
                              0 if by_range else len(ids))
        last = rows[-1][0]


def _row_batches(after, upto, batch_size):
    """Entries chained in their own row, in id order, as ``(id, previous, hash, key id, payload)``."""
    if connection.vendor == "postgresql":
        yield from _pg_rows(_ROWS_GROUPED_SQL, _ROWS_EACH_SQL, after, upto, batch_size,
                            _row_id_range)
        return

    def query(last, upto):
        query = AccessLogEntry.objects.filter(id__gt=last, entry_hash__isnull=False)
        return (query if upto is None else query.filter(id__lte=upto)).order_by("id")

    for rows, subjects in _orm_batches(query, ROW_FIELDS, after, upto, batch_size, by_range=True):
        yield [(row[0], row[1], row[2], row[3],
                row_payload(row[1], row[4:], subjects.get(row[0], ()), row[3]).decode())
               for row in rows]


def _link_batches(after, upto, batch_size):
    """Links in position order, as ``(position, entry id, previous, hash, key id, payload)``."""
    if connection.vendor == "postgresql":
        yield from _pg_rows(_LINKS_GROUPED_SQL, _LINKS_EACH_SQL, after, upto, batch_size,
                            _link_id_range)
        return

    def query(last, upto):
        query = AccessLogLink.objects.filter(position__gt=last)
        return (query if upto is None else query.filter(position__lte=upto)).order_by("position")

    for rows, subjects in _orm_batches(query, LINK_FIELDS, after, upto, batch_size,
                                       by_range=False):
        yield [(*row[:5], None if row[5] is None else link_payload(
                    row[2], row[5:], subjects.get(row[1], ()), row[4], row[1]).decode())
               for row in rows]


def _verify_rows(after, upto, expected_previous, batch_size, keyed_before) -> Segment:
    """Entries chained in their own row (before the chainer): in id order, position = id."""
    keys = keyring()
    seg = Segment(keyed=keyed_before)
    previous = expected_previous
    with closing(_row_batches(after, upto, batch_size)) as batches:
        for rows in batches:
            for entry_id, previous_hash, digest, key_id, payload in rows:
                if seg.first_id is None:
                    seg.first_id, seg.first_previous = entry_id, previous_hash
                if previous is not None and previous_hash != previous:
                    return seg.broken(entry_id, entry_id, LINK_BROKEN)
                if key_id == PLAIN:
                    if seg.keyed:
                        return seg.broken(entry_id, entry_id, PLAIN_AFTER_KEYED)
                    if seg.first_plain_id is None:
                        seg.first_plain_id = entry_id
                else:
                    seg.keyed = True
                try:
                    recomputed = payload_hash(key_id, payload, keys)
                except UnknownKey:
                    return seg.broken(entry_id, entry_id, _unknown_key(key_id))
                if recomputed != digest:
                    return seg.broken(entry_id, entry_id, CONTENT_CHANGED)
                previous = digest
                seg.checked += 1
                seg.last_id, seg.last_hash = entry_id, digest
    return seg


def _verify_links(after, upto, expected_previous, batch_size) -> Segment:
    """Entries chained by the chainer: their links in position order, each joined to its entry.

    The hot loop of verification (a million links and more): one HMAC in C per link, nothing else
    but comparisons. A link is always keyed, so ``PLAIN`` is an unknown key here (a forgery).
    """
    keys = keyring()
    seg = Segment(keyed=True)
    previous = expected_previous
    checked = 0
    position = digest = None
    with closing(_link_batches(after, upto, batch_size)) as batches:
        for rows in batches:
            if seg.first_id is None:
                seg.first_id, seg.first_previous = rows[0][0], rows[0][2]
            for position, entry_id, previous_hash, digest, key_id, payload in rows:
                if previous is not None and previous_hash != previous:
                    return _finish(seg, checked).broken(entry_id, position, LINK_BROKEN)
                if payload is None:  # the entry row is gone
                    return _finish(seg, checked).broken(entry_id, position, ENTRY_MISSING)
                key = keys.get(key_id)
                if key is None:
                    return _finish(seg, checked).broken(entry_id, position, _unknown_key(key_id))
                if hmac.digest(key, payload.encode(), "sha256").hex() != digest:
                    return _finish(seg, checked).broken(entry_id, position, CONTENT_CHANGED)
                previous = digest
                checked += 1
    seg = _finish(seg, checked)
    if checked:
        seg.last_id, seg.last_hash = position, digest
    return seg


def _finish(seg: Segment, checked: int) -> Segment:
    seg.checked = checked
    return seg


PARALLEL_MIN_ENTRIES = 200_000  # below this, starting processes costs more than it saves
PIECE_IDS = 250_000  # the most ids one piece of work covers when the log is verified in parallel


def grace_seconds() -> int:
    return int(settings.EENDAK_ACCESS_LOG_CHAIN_GRACE_SECONDS)


def verify_chain(batch_size: int = 5000, before: str | None = None, checkpoint_path=None,
                 workers: int | None = None,
                 piece_ids: int = PIECE_IDS,
                 parallel_min: int = PARALLEL_MIN_ENTRIES) -> ChainReport:
    """Walk the whole chain in order, recompute every hash under the key it names, compare the
    chain with every checkpoint outside the database (``audit.checkpoints``), and look for entries
    left out of the chain.

    The chain is cut into segments at the checkpointed positions (and where the entries chained in
    their row end and the links begin), and long stretches into pieces of at most ``piece_ids``
    positions; each piece is verified on its own and the pieces are stitched in order: each one's
    first member must link to the previous one's last, no plain entry may follow a keyed one, and at
    each checkpoint the chain must have the checkpoint's head hash and entry count. The first problem
    in chain order is reported. ``before`` compares only with checkpoints written before then;
    ``checkpoint_path`` reads another checkpoint file than this database's.

    Then the entries that are not in the chain: one written longer than
    ``EENDAK_ACCESS_LOG_CHAIN_GRACE_SECONDS`` ago and still unchained is a failure (the chainer is
    not running, or its link was removed); younger ones are counted in ``unchained``.

    With ``workers`` > 1 (``default_workers()``: the CPUs, at most 8), on PostgreSQL, outside a
    transaction, a chain of ``parallel_min`` positions or more is verified by that many forked
    processes, each with its own connection; the pieces are independent, so the work divides evenly.
    Elsewhere (SQLite, a test's transaction, whose rows other connections cannot see) the same pieces
    are verified one after the other here. The default is one process: forking is for the command
    and the benchmark, not for a web server's threaded worker (the privacy officer's "check" page).
    """
    try:
        checkpoints = read_checkpoints(before, checkpoint_path)
    except CheckpointError as error:
        return ChainReport(0, 0, str(error))
    by_bound: dict[int, list] = {}
    for checkpoint in checkpoints:
        by_bound.setdefault(checkpoint.last_id, []).append(checkpoint)
    top, _head, boundary = chain_head()
    bounds = sorted({*by_bound, boundary} - {0} | ({0} & set(by_bound)))
    workers = workers or 1
    parallel = (workers > 1 and top >= parallel_min and connection.vendor == "postgresql"
                and not connection.in_atomic_block)
    if parallel:  # at least two pieces a worker, so the workers finish together
        piece_ids = max(1, min(piece_ids, -(-top // (2 * workers))))
    ranges = _pieces(list(zip([0, *bounds], [*bounds, None], strict=True)), top, piece_ids)
    jobs = [(a, b, batch_size, boundary) for a, b in ranges]
    if parallel and len(ranges) > 1:
        connections.close_all()  # the forked workers must not share this process's connection
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            outside = pool.submit(_unchained_in_worker, boundary)
            segments = pool.map(_verify_piece, jobs)
            report = _stitch(ranges, segments, by_bound, checkpoints)
            return _with_unchained(report, outside.result())
    segments = (verify_segment(a, b, None, size, boundary=bound) for a, b, size, bound in jobs)
    report = _stitch(ranges, segments, by_bound, checkpoints)
    return _with_unchained(report, _unchained_job(boundary))


def _unchained_job(boundary: int) -> tuple[int, int | None, int]:
    """How many entries are outside the chain, and the oldest (id) of those past the grace period
    and how many there are."""
    outside = unchained(boundary)
    cutoff = timezone.now() - timedelta(seconds=grace_seconds())
    late = outside.filter(occurred_at__lt=cutoff)
    oldest = late.order_by("id").values_list("id", flat=True).first()
    return outside.count(), oldest, (late.count() if oldest is not None else 0)


def _unchained_in_worker(boundary: int):
    try:
        return _unchained_job(boundary)
    finally:
        connections.close_all()


def _with_unchained(report: ChainReport, outside) -> ChainReport:
    count, oldest, late = outside
    if not report.ok:
        return report
    report.unchained = count
    if oldest is not None:
        report.first_broken_id = oldest
        report.problem = (f"{late} regels staan langer dan {grace_seconds()} s buiten de keten (de "
                          "keten-verwerker chain_access_log draait niet, of hun schakel is "
                          f"verwijderd); de oudste is regel {oldest}")
    return report


def default_workers() -> int:
    return min(os.cpu_count() or 1, 8)


def _pieces(ranges, top: int, piece_ids: int):
    """Split each (after, upto] range into pieces of at most ``piece_ids`` positions. The chain as it
    was at the start (up to ``top``) is cut into closed pieces, and one open-ended piece after it
    verifies what is chained while verifying; only that piece reads its persons entry by entry
    (``_pg_rows``), so it is kept as small as the chain's growth meanwhile."""
    pieces = []
    for after, upto in ranges:
        end = top if upto is None else upto
        start = after
        while end - start > piece_ids:
            pieces.append((start, start + piece_ids))
            start += piece_ids
        if upto is None and end > start:
            pieces.append((start, end))
            start = end
        pieces.append((start, upto))
    return pieces


def _verify_piece(job) -> Segment:
    after, upto, batch_size, boundary = job
    try:
        return verify_segment(after, upto, None, batch_size, boundary=boundary)
    finally:
        connections.close_all()


def _stitch(ranges, segments, by_bound, checkpoints) -> ChainReport:
    total = 0
    previous = GENESIS_HASH
    last_id = 0
    keyed = False
    for (_after, upto), seg in zip(ranges, segments, strict=True):
        if seg.first_id is not None and seg.first_previous != previous:
            return ChainReport(total, _entry_at(seg.first_id), LINK_BROKEN,
                               first_broken_position=seg.first_id)
        if keyed and seg.first_plain_id is not None:
            return ChainReport(total, seg.first_plain_id, PLAIN_AFTER_KEYED,
                               first_broken_position=seg.first_plain_id)
        if seg.broken_position is not None:
            return ChainReport(total + seg.checked, seg.broken_id, seg.problem,
                               first_broken_position=seg.broken_position)
        total += seg.checked
        keyed = keyed or seg.keyed
        if seg.last_id is not None:
            previous, last_id = seg.last_hash, seg.last_id
        for checkpoint in by_bound.get(upto, ()):
            problem = _against(checkpoint, total, last_id, previous)
            if problem:
                position, entry_id, text = problem
                return ChainReport(total, entry_id, text, len(checkpoints),
                                   first_broken_position=position)
    newest = max(checkpoints, key=lambda c: c.last_id, default=None)
    return ChainReport(total, checkpoints=len(checkpoints),
                       unanchored=total - (newest.count if newest else 0),
                       last_checkpoint_at=newest.at if newest else "")


def _entry_at(position: int) -> int | None:
    """The entry at a chain position: the link's entry, or (before the links) the entry itself."""
    link = AccessLogLink.objects.filter(position=position).values_list("entry_id", flat=True).first()
    return link if link is not None else position


def _against(checkpoint, total, last_id, head_hash):
    """What is wrong with the chain so far (up to the checkpoint's position) by this checkpoint:
    ``(position, entry id or None, problem)``."""
    if last_id < checkpoint.last_id:
        # The missing members are gone: only their position is known (for entries chained in their
        # row it is also their id).
        missing = last_id + 1
        return (missing, missing if not AccessLogLink.objects.exists() else None,
                f"er ontbreken regels aan het eind: het controlepunt van {checkpoint.at} telde "
                f"{checkpoint.count} regels t/m positie {checkpoint.last_id}, de keten heeft er "
                f"{total} t/m positie {last_id}")
    if head_hash != checkpoint.head_hash:
        return (checkpoint.last_id, _entry_at(checkpoint.last_id),
                f"positie {checkpoint.last_id} heeft een andere hash dan het controlepunt van "
                f"{checkpoint.at}: het log is tot hier herschreven")
    if total != checkpoint.count:
        return (checkpoint.last_id, _entry_at(checkpoint.last_id),
                f"het controlepunt van {checkpoint.at} telde {checkpoint.count} regels t/m positie "
                f"{checkpoint.last_id}, de keten heeft er {total}: regels zijn verwijderd of "
                "ingevoegd")
    return None
