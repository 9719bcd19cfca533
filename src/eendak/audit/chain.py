"""The hash chain over access-log entries: one canonical form, one hash function."""

import hashlib
import json
from datetime import UTC

GENESIS_HASH = "0" * 64


def canonical(entry, person_ids) -> bytes:
    """The bytes an entry's hash covers. Any field that matters in a dispute is in here."""
    payload = [
        entry.previous_hash,
        entry.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        entry.event,
        entry.action,
        entry.outcome,
        entry.user_id,
        entry.username,
        entry.organisation_id,
        entry.organisation_name,
        entry.role,
        entry.object_type,
        str(entry.object_id),
        entry.ip_address or "",
        bool(entry.emergency),
        entry.reason,
        entry.detail,
        sorted(int(p) for p in person_ids),
    ]
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(entry, person_ids) -> str:
    return hashlib.sha256(canonical(entry, person_ids)).hexdigest()
