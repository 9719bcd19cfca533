"""Signed checkpoints of the access log, kept outside the database.

A hash chain kept only in the database proves nothing about its own end: delete the newest entries,
or rewrite the log from some entry on (recomputing every later hash), and what is left is a sound
chain. So every few minutes ``manage.py checkpoint_access_log`` appends one line to
``$EENDAK_ACCESS_LOG_CHECKPOINT_DIR/checkpoints-<database name>.jsonl``: the id and hash of the
chain's last member (its position: ``last_id``, for the entries chained in their own row also
their id; see ``audit.chainer``), the number of entries up to it, the time, and an HMAC-SHA256 over all of it
under the access-log key (which the database does not hold either). ``verify_access_log`` then
compares the chain with every checkpoint: fewer entries than a checkpoint counted, or another hash at
a checkpointed id, is a failure. What a database writer can still do unnoticed is bounded by the
checkpoints' interval: entries written after the newest checkpoint are not anchored yet (the report
says how many).

The file only helps if the database writer cannot also rewrite it: operators point the directory at
append-only (WORM) storage or ship each line off the host (docs/operations.md).

A checkpoint is written only over a chain that verifies from the previous checkpoint on, so a
checkpoint never blesses a rewrite made before it.
"""

import fcntl
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify

from .chain import GENESIS_HASH, PLAIN, current_key_id, keyring
from .models import AccessLogEntry

FIELDS = ("last_id", "count", "head_hash", "at", "key_id")


class CheckpointError(Exception):
    """The checkpoint file is damaged or a line is not signed with a known key."""


@dataclass(frozen=True)
class Checkpoint:
    last_id: int
    count: int
    head_hash: str
    at: str
    key_id: str

    def _signed_bytes(self) -> bytes:
        return json.dumps([getattr(self, f) for f in FIELDS], separators=(",", ":")).encode()

    def signature(self, key: bytes) -> str:
        return hmac.new(key, self._signed_bytes(), hashlib.sha256).hexdigest()


def checkpoint_file() -> Path:
    """One file per database, so a development install's benchmark or scratch databases (same
    directory, another database) are never compared with another log's checkpoints."""
    name = Path(str(connection.settings_dict["NAME"])).stem
    return Path(settings.EENDAK_ACCESS_LOG_CHECKPOINT_DIR) / f"checkpoints-{slugify(name)}.jsonl"


def read_checkpoints(before: str | None = None, path: Path | None = None) -> list[Checkpoint]:
    """Every checkpoint in the file, signatures checked, in the order written.

    ``before`` (an ISO time) leaves out later ones: a restored backup is compared with the
    checkpoints written before the backup was made. ``path``: another file than this database's
    (a restore test's database has another name than production's).
    """
    path = path or checkpoint_file()
    if not path.exists():
        return []
    keys = keyring()
    until = _moment(before) if before else None
    found = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                checkpoint = Checkpoint(**{f: data[f] for f in FIELDS})
                signature = data["sig"]
            except (ValueError, KeyError, TypeError) as error:
                raise CheckpointError(f"regel {number} van {path} is beschadigd") from error
            key = keys.get(checkpoint.key_id)
            if key is None:
                raise CheckpointError(f"controlepunt op regel {number} van {path} is ondertekend met "
                                      f"een onbekende sleutel ({checkpoint.key_id})")
            if not hmac.compare_digest(signature, checkpoint.signature(key)):
                raise CheckpointError(f"de ondertekening van controlepunt op regel {number} van "
                                      f"{path} klopt niet: het bestand is gewijzigd")
            if until is None or _moment(checkpoint.at) < until:
                found.append(checkpoint)
    return found


def _moment(text: str):
    from datetime import UTC, datetime

    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _append(checkpoint: Checkpoint) -> None:
    key = keyring()[checkpoint.key_id]
    line = json.dumps({**{f: getattr(checkpoint, f) for f in FIELDS},
                       "sig": checkpoint.signature(key)}, separators=(",", ":")) + "\n"
    path = checkpoint_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # two writers at once still write whole lines
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def write_checkpoint():
    """Verify the chain from the newest checkpoint on and, if it holds, checkpoint its head.

    Returns ``(checkpoint or None, report)``: None when the chain does not verify (nothing is
    written: the report says where it breaks) or when nothing was appended since the last one.
    """
    from .chainer import chain_head
    from .verify import ChainReport, verify_segment

    existing = read_checkpoints()
    previous = max(existing, key=lambda c: (c.last_id, c.at)) if existing else None
    upto, _head, boundary = chain_head()
    after, expected, count = ((previous.last_id, previous.head_hash, previous.count) if previous
                              else (0, GENESIS_HASH, 0))
    if previous and upto < previous.last_id:
        return None, ChainReport(count, None, "er ontbreken regels aan het eind: de keten eindigt "
                                 f"bij positie {upto}, het controlepunt van {previous.at} bij "
                                 f"positie {previous.last_id}", first_broken_position=upto + 1)
    keyed_before = bool(previous) and (previous.last_id > boundary or AccessLogEntry.objects.filter(
        id=previous.last_id).exclude(key_id=PLAIN).exists())
    segment = verify_segment(after, upto, expected, keyed_before=keyed_before, boundary=boundary)
    if segment.broken_position is not None:
        return None, ChainReport(count + segment.checked, segment.broken_id, segment.problem,
                                 first_broken_position=segment.broken_position)
    report = ChainReport(count + segment.checked)
    if previous and segment.checked == 0:
        return None, report
    checkpoint = Checkpoint(
        last_id=segment.last_id or after,
        count=count + segment.checked,
        head_hash=segment.last_hash or expected,
        at=timezone.now().isoformat(timespec="microseconds"),
        key_id=current_key_id(),
    )
    _append(checkpoint)
    return checkpoint, report
