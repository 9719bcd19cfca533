"""The hash chain over access-log entries: one canonical form, one keyed hash function.

Each entry's hash covers its content and its predecessor's hash. Since issue 13 part 5 the hash is
an HMAC-SHA256 under the access-log key (``EENDAK_ACCESS_LOG_KEY``), which the database does not
hold: someone who can write the database can change an entry, but cannot recompute the hashes after
it. Each entry names its key by ``key_id`` (a fingerprint of the key, not the key), so the key can be
rotated: new entries take the current key, older ones verify with the key they name, looked up among
``EENDAK_ACCESS_LOG_OLD_KEYS``.

Entries written before keys came (``key_id == ""``) keep their plain SHA-256 hash. They are verified
as they are, but only as the chain's oldest part: the first keyed entry links to the last plain one,
and a plain entry after a keyed one is a rewrite. What the plain part proves is bounded by the
checkpoints (``audit.checkpoints``), which are kept outside the database and signed with the key.

Since the chainer (``audit.chainer``), an entry is written without chain values and chained later in
an ``AccessLogLink``; such a link's hash also covers the entry's id (``link_payload``), so a link
names exactly one row.
"""

import hashlib
import hmac
import json
from datetime import UTC
from functools import lru_cache

from django.conf import settings

GENESIS_HASH = "0" * 64
PLAIN = ""  # the key id of entries hashed with plain SHA-256, before the keyed chain

# The entry's fields, in the order ``canonical_row`` reads them (after id, hashes and key id).
CONTENT_FIELDS = ("occurred_at", "event", "action", "outcome", "user_id", "username",
                  "organisation_id", "organisation_name", "role", "object_type", "object_id",
                  "ip_address", "emergency", "reason", "detail")
ROW_FIELDS = ("id", "previous_hash", "entry_hash", "key_id", *CONTENT_FIELDS)


class UnknownKey(Exception):
    """An entry names a key this install does not have."""


@lru_cache(maxsize=16)
def key_id_of(key: str) -> str:
    """A fingerprint that names a key without giving it away."""
    return hmac.new(key.encode(), b"eendak access log key id", hashlib.sha256).hexdigest()[:12]


def keyring() -> dict[str, bytes]:
    """Every key entries may name: the current one and those kept after a rotation."""
    return _keyring(settings.EENDAK_ACCESS_LOG_KEY, tuple(settings.EENDAK_ACCESS_LOG_OLD_KEYS))


@lru_cache(maxsize=4)
def _keyring(current: str, old: tuple[str, ...]) -> dict[str, bytes]:
    return {key_id_of(key): key.encode() for key in (*old, current) if key}


def current_key_id() -> str:
    return key_id_of(settings.EENDAK_ACCESS_LOG_KEY)


# One encoder for every entry: ``json.dumps`` with non-default options builds a new one per call.
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def _payload(previous_hash, occurred_at, event, action, outcome, user_id, username,
             organisation_id, organisation_name, role, object_type, object_id, ip_address,
             emergency, reason, detail, person_ids, key_id, entry_id=None) -> bytes:
    payload = [
        previous_hash,
        # Verification on PostgreSQL reads the time already in this form (``OCCURRED_AT_SQL``).
        occurred_at if isinstance(occurred_at, str)
        else occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        event, action, outcome, user_id, username, organisation_id, organisation_name, role,
        object_type, str(object_id), ip_address or "", bool(emergency), reason, detail,
        sorted(int(p) for p in person_ids),
    ]
    if key_id != PLAIN:
        payload.append(key_id)  # a keyed entry also binds the key it names
    if entry_id is not None:
        payload.append(entry_id)  # a link binds the row it chains
    return _ENCODER.encode(payload).encode()


def canonical(entry, person_ids) -> bytes:
    """The bytes an entry's hash covers. Any field that matters in a dispute is in here."""
    return _payload(entry.previous_hash, *(getattr(entry, f) for f in CONTENT_FIELDS), person_ids,
                    getattr(entry, "key_id", PLAIN))


def _digest(key_id: str, data: bytes, keys: dict[str, bytes]) -> str:
    if key_id == PLAIN:
        return hashlib.sha256(data).hexdigest()
    try:
        key = keys[key_id]
    except KeyError:
        raise UnknownKey(key_id) from None
    return hmac.digest(key, data, "sha256").hex()  # the one-shot form: same HMAC, less overhead


def entry_hash(entry, person_ids, keys: dict[str, bytes] | None = None) -> str:
    """The entry's hash under the key its ``key_id`` names (plain SHA-256 for ``PLAIN``)."""
    return _digest(getattr(entry, "key_id", PLAIN), canonical(entry, person_ids),
                   keyring() if keys is None else keys)


def row_payload(previous_hash: str, content: tuple, person_ids, key_id: str) -> bytes:
    """The bytes the hash of an entry chained in its own row covers, from its ``CONTENT_FIELDS``
    values: verification reads no model instances."""
    return _payload(previous_hash, *content, person_ids, key_id)


# ``occurred_at`` in the canonical form (UTC, ISO 8601, microseconds), formatted by PostgreSQL.
OCCURRED_AT_SQL = """to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')"""


def _sql_strings(*expressions: str) -> str:
    """Consecutive string members of the canonical list, as JSON, without the brackets.

    ``array_to_json`` of a text array escapes exactly as Python's encoder does with
    ``ensure_ascii=False`` (``\\"``, ``\\\\``, ``\\n`` and the other short forms, ``\\u00XX`` for the
    other control characters, everything else as it is) and separates with a bare comma; one call
    for a run of strings costs PostgreSQL half of what one ``to_json`` per string does. The first
    and last characters inside the brackets are always quotes, so trimming brackets is safe.
    """
    return f"btrim(array_to_json(ARRAY[{', '.join(expressions)}]::text[])::text, '[]')"


def payload_sql(previous_hash: str, entry: str, persons: str, key_id: str,
                entry_id: str | None) -> str:
    """A PostgreSQL expression for ``_payload``'s bytes (as text), byte for byte the same.

    Verification on PostgreSQL lets the database build each member's canonical form next to the
    rows it reads, so Python only fetches one text per member and computes its HMAC
    (``hmac.digest``, in C). The arguments are SQL expressions: the member's previous hash, the
    entry's table alias, the persons as a JSON array text (NULL for none), the key id, and the
    entry's id for a link (None for an entry chained in its own row, whose payload has no id, and
    no key id when it is plain). NULL when the entry row is missing. The equivalence with
    ``_payload`` is tested on awkward values (``test_canonical_sql``).
    """
    e = entry
    members = [
        _sql_strings(previous_hash, OCCURRED_AT_SQL.format(f"{e}.occurred_at"), f"{e}.event",
                     f"{e}.action", f"{e}.outcome"),
        f"coalesce({e}.user_id::text, 'null')",
        _sql_strings(f"{e}.username"),
        f"coalesce({e}.organisation_id::text, 'null')",
        # ``abbrev`` is the inet output function's text (no netmask for a single address), which is
        # what the ORM reads and ``_payload`` hashes; a missing address is the empty string there.
        _sql_strings(f"{e}.organisation_name", f"{e}.role", f"{e}.object_type", f"{e}.object_id",
                     f"coalesce(abbrev({e}.ip_address), '')"),
        f"CASE WHEN {e}.emergency THEN 'true' ELSE 'false' END",
        _sql_strings(f"{e}.reason", f"{e}.detail"),
        f"coalesce({persons}, '[]')",
    ]
    if entry_id is None:  # an entry chained in its own row: the key id only when keyed
        tail = f"CASE WHEN {key_id} = '' THEN '' ELSE ',' || to_json({key_id}::text)::text END"
    else:
        tail = f"',' || to_json({key_id}::text)::text || ',' || {entry_id}::text"
    return (f"CASE WHEN {e}.id IS NOT NULL THEN "
            f"concat('[', concat_ws(',', {', '.join(members)}), {tail}, ']') END")


# The persons of the entry ``{entry}`` as canonical JSON (sorted ids; NULL when it names none).
PERSONS_SQL = ("(SELECT array_to_json(array_agg(s.person_id ORDER BY s.person_id))::text "
               "FROM audit_accesslogsubject s WHERE s.entry_id = {entry})")


def payload_hash(key_id: str, payload: str, keys: dict[str, bytes]) -> str:
    """The hash of a payload text (``payload_sql``, or ``_payload`` decoded) under the key
    ``key_id`` names (plain SHA-256 for ``PLAIN``)."""
    return _digest(key_id, payload.encode(), keys)


# A link row as verification reads it: position, entry id, the link's hashes and key id, then the
# entry's ``CONTENT_FIELDS`` (all None when the entry row is gone).
LINK_FIELDS = ("position", "entry_id", "previous_hash", "entry_hash", "key_id",
               *(f"entry__{f}" for f in CONTENT_FIELDS))


def link_payload(previous_hash: str, content: tuple, person_ids, key_id: str, entry_id: int) -> bytes:
    """The bytes a link's hash covers: the entry's content (in ``CONTENT_FIELDS`` order), its
    persons, the key id and the entry's id, after the predecessor's hash."""
    return _payload(previous_hash, *content, person_ids, key_id, entry_id)


def link_hash(previous_hash: str, content: tuple, person_ids, key_id: str, entry_id: int,
              keys: dict[str, bytes]) -> str:
    if key_id == PLAIN:
        raise UnknownKey(key_id)  # a link is always keyed: an empty key id is a forgery
    return _digest(key_id, link_payload(previous_hash, content, person_ids, key_id, entry_id), keys)
