"""Verifying the access log: the chain in id order, every hash recomputed under its key.

The log is read as ``values_list`` rows (no model instances) in keyset-paginated batches, with the
subjects of each batch in one query, so memory stays flat at millions of entries.
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from django.db import connection, connections

from .chain import GENESIS_HASH, PLAIN, ROW_FIELDS, UnknownKey, keyring, row_hash
from .checkpoints import CheckpointError, read_checkpoints
from .models import AccessLogEntry, AccessLogSubject


@dataclass
class ChainReport:
    checked: int
    first_broken_id: int | None = None
    problem: str = ""
    checkpoints: int = 0  # checkpoints compared with
    unanchored: int = 0  # entries after the newest checkpoint: not protected against deletion yet
    last_checkpoint_at: str = ""

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


@dataclass
class Segment:
    """What verifying the entries with ``after_id < id <= upto_id`` found.

    The first entry's link to its predecessor is checked only when ``expected_previous`` is given;
    otherwise the caller checks it against the previous segment's ``last_hash``.
    """

    checked: int = 0
    first_id: int | None = None
    first_previous: str | None = None
    last_id: int | None = None
    last_hash: str | None = None
    first_plain_id: int | None = None
    keyed: bool = False
    broken_id: int | None = None
    problem: str = ""


LINK_BROKEN = "vorige hash klopt niet: een regel ervoor is verwijderd of ingevoegd"
CONTENT_CHANGED = "inhoud is gewijzigd"
PLAIN_AFTER_KEYED = ("regel zonder sleutel na een regel met sleutel: de keten is vanaf hier "
                     "herschreven")


def verify_segment(after_id: int, upto_id: int | None, expected_previous: str | None,
                   batch_size: int = 5000, keyed_before: bool = False) -> Segment:
    """Verify one id range; ``keyed_before``: a keyed entry precedes it, so none may be plain."""
    keys = keyring()
    seg = Segment(keyed=keyed_before)
    previous = expected_previous
    last_id = after_id
    while True:
        query = AccessLogEntry.objects.filter(id__gt=last_id)
        if upto_id is not None:
            query = query.filter(id__lte=upto_id)
        rows = list(query.order_by("id").values_list(*ROW_FIELDS)[:batch_size])
        if not rows:
            return seg
        subjects: dict[int, list[int]] = {}
        for entry_id, person_id in AccessLogSubject.objects.filter(
            entry_id__gte=rows[0][0], entry_id__lte=rows[-1][0]
        ).values_list("entry_id", "person_id"):
            subjects.setdefault(entry_id, []).append(person_id)
        for row in rows:
            entry_id, previous_hash, digest, key_id = row[:4]
            if seg.first_id is None:
                seg.first_id, seg.first_previous = entry_id, previous_hash
            if previous is not None and previous_hash != previous:
                seg.broken_id, seg.problem = entry_id, LINK_BROKEN
                return seg
            if key_id == PLAIN:
                if seg.keyed:
                    seg.broken_id, seg.problem = entry_id, PLAIN_AFTER_KEYED
                    return seg
                if seg.first_plain_id is None:
                    seg.first_plain_id = entry_id
            else:
                seg.keyed = True
            try:
                recomputed = row_hash(row, subjects.get(entry_id, ()), keys)
            except UnknownKey:
                seg.broken_id = entry_id
                seg.problem = (f"de sleutel {key_id} van deze regel is niet bekend "
                               "(EENDAK_ACCESS_LOG_OLD_KEYS)")
                return seg
            if recomputed != digest:
                seg.broken_id, seg.problem = entry_id, CONTENT_CHANGED
                return seg
            previous = digest
            seg.checked += 1
            seg.last_id, seg.last_hash = entry_id, digest
        last_id = rows[-1][0]


PARALLEL_MIN_ENTRIES = 200_000  # below this, starting processes costs more than it saves
PIECE_IDS = 250_000  # the most ids one piece of work covers when the log is verified in parallel


def verify_chain(batch_size: int = 5000, before: str | None = None, checkpoint_path=None,
                 workers: int | None = None,
                 piece_ids: int = PIECE_IDS,
                 parallel_min: int = PARALLEL_MIN_ENTRIES) -> ChainReport:
    """Walk the whole log in id order, recompute every hash under the key it names, and compare the
    chain with every checkpoint outside the database (``audit.checkpoints``).

    The log is cut into segments at the checkpointed ids, and long stretches into pieces of at most
    ``piece_ids`` ids; each piece is verified on its own and the pieces are stitched in id order:
    each one's first entry must link to the previous one's last, no plain entry may follow a keyed
    one, and at each checkpoint the chain must have the checkpoint's head hash and entry count. The
    first problem in id order is reported. ``before`` compares only with checkpoints written before
    then; ``checkpoint_path`` reads another checkpoint file than this database's.

    With ``workers`` > 1 (``default_workers()``: the CPUs, at most 8), on PostgreSQL, outside a
    transaction, a log of ``parallel_min`` ids or more is verified by that many forked processes,
    each with its own connection; the pieces are independent, so the work divides evenly. Elsewhere
    (SQLite, a test's transaction, whose rows other connections cannot see) the same pieces are
    verified one after the other here. The default is one process: forking is for the command and
    the benchmark, not for a web server's threaded worker (the privacy officer's "check" page).
    """
    try:
        checkpoints = read_checkpoints(before, checkpoint_path)
    except CheckpointError as error:
        return ChainReport(0, 0, str(error))
    by_bound: dict[int, list] = {}
    for checkpoint in checkpoints:
        by_bound.setdefault(checkpoint.last_id, []).append(checkpoint)
    bounds = sorted(by_bound)
    top = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ranges = _pieces(list(zip([0, *bounds], [*bounds, None], strict=True)), top, piece_ids)
    workers = workers or 1
    if (workers > 1 and len(ranges) > 1 and top >= parallel_min
            and connection.vendor == "postgresql" and not connection.in_atomic_block):
        connections.close_all()  # the forked workers must not share this process's connection
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            segments = pool.map(_verify_piece, [(a, b, batch_size) for a, b in ranges])
            return _stitch(ranges, segments, by_bound, checkpoints)
    segments = (verify_segment(after, upto, None, batch_size) for after, upto in ranges)
    return _stitch(ranges, segments, by_bound, checkpoints)


def default_workers() -> int:
    return min(os.cpu_count() or 1, 8)


def _pieces(ranges, top: int, piece_ids: int):
    """Split each (after, upto] range into pieces of at most ``piece_ids`` ids; the open-ended last
    range keeps an open end, so entries appended while verifying are verified too."""
    pieces = []
    for after, upto in ranges:
        end = top if upto is None else upto
        start = after
        while end - start > piece_ids:
            pieces.append((start, start + piece_ids))
            start += piece_ids
        pieces.append((start, upto))
    return pieces


def _verify_piece(job) -> Segment:
    after, upto, batch_size = job
    try:
        return verify_segment(after, upto, None, batch_size)
    finally:
        connections.close_all()


def _stitch(ranges, segments, by_bound, checkpoints) -> ChainReport:
    total = 0
    previous = GENESIS_HASH
    last_id = 0
    keyed = False
    for (_after, upto), seg in zip(ranges, segments, strict=True):
        if seg.first_id is not None and seg.first_previous != previous:
            return ChainReport(total, seg.first_id, LINK_BROKEN)
        if keyed and seg.first_plain_id is not None:
            return ChainReport(total, seg.first_plain_id, PLAIN_AFTER_KEYED)
        if seg.broken_id is not None:
            return ChainReport(total + seg.checked, seg.broken_id, seg.problem)
        total += seg.checked
        keyed = keyed or seg.keyed
        if seg.last_id is not None:
            previous, last_id = seg.last_hash, seg.last_id
        for checkpoint in by_bound.get(upto, ()):
            problem = _against(checkpoint, total, last_id, previous)
            if problem:
                return ChainReport(total, problem[0], problem[1], len(checkpoints))
    newest = max(checkpoints, key=lambda c: c.last_id, default=None)
    return ChainReport(total, checkpoints=len(checkpoints),
                       unanchored=total - (newest.count if newest else 0),
                       last_checkpoint_at=newest.at if newest else "")


def _against(checkpoint, total, last_id, head_hash):
    """What is wrong with the chain so far (up to the checkpoint's id) by this checkpoint."""
    if last_id < checkpoint.last_id:
        return (last_id + 1,
                f"er ontbreken regels aan het eind: het controlepunt van {checkpoint.at} telde "
                f"{checkpoint.count} regels t/m regel {checkpoint.last_id}, het log heeft er "
                f"{total} t/m regel {last_id}")
    if head_hash != checkpoint.head_hash:
        return (checkpoint.last_id,
                f"regel {checkpoint.last_id} heeft een andere hash dan het controlepunt van "
                f"{checkpoint.at}: het log is tot hier herschreven")
    if total != checkpoint.count:
        return (checkpoint.last_id,
                f"het controlepunt van {checkpoint.at} telde {checkpoint.count} regels t/m regel "
                f"{checkpoint.last_id}, het log heeft er {total}: regels zijn verwijderd of "
                "ingevoegd")
    return None
