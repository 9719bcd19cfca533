"""Verifying the access log: the chain in id order, every hash recomputed under its key.

The log is read as ``values_list`` rows (no model instances) in keyset-paginated batches, with the
subjects of each batch in one query, so memory stays flat at millions of entries.
"""

from dataclasses import dataclass

from .chain import GENESIS_HASH, PLAIN, ROW_FIELDS, UnknownKey, keyring, row_hash
from .models import AccessLogEntry, AccessLogSubject


@dataclass
class ChainReport:
    checked: int
    first_broken_id: int | None = None
    problem: str = ""

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
                   batch_size: int = 5000) -> Segment:
    keys = keyring()
    seg = Segment()
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


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """Walk the whole log in id order and recompute every hash under the key it names."""
    seg = verify_segment(0, None, GENESIS_HASH, batch_size)
    if seg.broken_id is not None:
        return ChainReport(seg.checked, seg.broken_id, seg.problem)
    return ChainReport(seg.checked)
