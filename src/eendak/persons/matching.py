"""Finding who is already known: exact by BSN, tolerant by name and date of birth.

Candidates come from indexed blocks, never from a scan: persons born on the given date or on the
date with day and month swapped, and persons whose surname (or birth surname) has the same
normalised or sound-alike key. Each block is an index lookup, so the search stays fast at a million
persons; the candidates are then scored in Python with rapidfuzz.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from rapidfuzz import fuzz

from . import bsn as bsn_module
from . import names
from .models import Person

BLOCK_LIMIT = 500
MIN_SCORE = 60.0


@dataclass
class Candidate:
    person: Person
    score: float
    reasons: list[str] = field(default_factory=list)


def swapped(day: date | None) -> date | None:
    if day is None or day.day > 12 or day.day == day.month:
        return None
    try:
        return day.replace(month=day.day, day=day.month)
    except ValueError:
        return None


def _active():
    return Person.objects.filter(merged_into__isnull=True)


def _dob_score(wanted: date | None, actual: date | None) -> tuple[float, str]:
    if wanted is None or actual is None:
        return 0.5, ""
    if wanted == actual:
        return 1.0, "geboortedatum gelijk"
    if swapped(wanted) == actual:
        return 0.8, "dag en maand omgewisseld"
    if wanted.year == actual.year and (wanted.month == actual.month or wanted.day == actual.day):
        return 0.6, "geboortedatum wijkt één onderdeel af"
    if wanted.month == actual.month and wanted.day == actual.day and abs(wanted.year - actual.year) <= 10:
        return 0.55, "geboortejaar wijkt af"
    return 0.0, ""


def score(person: Person, surname: str, given: str, dob: date | None) -> Candidate:
    wanted_surname = names.surname_key(surname)
    wanted_given = names.given_key(given)
    reasons = []
    surname_sim = max(
        fuzz.ratio(wanted_surname, person.search_surname),
        fuzz.ratio(wanted_surname, person.search_birth_surname) if person.search_birth_surname else 0,
    ) / 100
    if wanted_surname and names.phonetic_key(surname) == person.search_phonetic:
        surname_sim = max(surname_sim, 0.9)
    if person.search_birth_surname and wanted_surname == person.search_birth_surname:
        reasons.append("geboortenaam gelijk")
    given_sim = fuzz.ratio(wanted_given, person.search_given) / 100 if wanted_given else 0.5
    dob_sim, dob_reason = _dob_score(dob, person.date_of_birth)
    if dob_reason:
        reasons.append(dob_reason)
    if surname_sim >= 0.85:
        reasons.append("achternaam lijkt sterk")
    total = 100 * (0.45 * surname_sim + 0.2 * given_sim + 0.35 * dob_sim)
    return Candidate(person, round(total, 1), reasons)


def find_candidates(*, bsn: str = "", surname: str = "", given_names: str = "",
                    date_of_birth: date | None = None, limit: int = 20) -> list[Candidate]:
    """Candidates, best first. A BSN match is certain and returned alone."""
    if bsn:
        digits = bsn_module.normalise(bsn)
        person = _active().filter(bsn__lookup_hash=bsn_module.lookup_hash(digits)).first()
        return [Candidate(person, 100.0, ["BSN gelijk"])] if person else []
    if not surname and not date_of_birth:
        return []
    blocks = Q(pk__in=[])
    if date_of_birth:
        dates = [date_of_birth] + ([swapped(date_of_birth)] if swapped(date_of_birth) else [])
        blocks |= Q(date_of_birth__in=dates)
    if surname:
        key = names.surname_key(surname)
        by_name = (Q(search_surname=key) | Q(search_birth_surname=key)
                   | Q(search_phonetic=names.phonetic_key(surname)))
        if date_of_birth:
            # A common surname has thousands of bearers at national scale: with a date of birth,
            # the name block keeps those born within two years of it (a mistyped year digit) or with
            # no date known. Without this the block hit BLOCK_LIMIT at random and missed the person.
            year = date_of_birth.year
            by_name &= (Q(date_of_birth__range=(date(year - 2, 1, 1), date(year + 2, 12, 31)))
                        | Q(date_of_birth__isnull=True))
        blocks |= by_name
    # No ORDER BY: Person.Meta.ordering would make PostgreSQL walk the surname index through the
    # whole table before the LIMIT (1.1 s at a million persons); scoring orders the pool anyway.
    pool = list(_active().filter(blocks).select_related("bsn").order_by()[:BLOCK_LIMIT])
    scored = [score(p, surname, given_names, date_of_birth) for p in pool]
    scored = [c for c in scored if c.score >= MIN_SCORE]
    scored.sort(key=lambda c: (-c.score, c.person.surname, c.person.pk))
    return scored[:limit]
