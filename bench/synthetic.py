"""Synthetic people at national scale: a realistic spread of surnames, and BSNs beyond the test range.

Surnames. Faker's Dutch list has about a thousand surnames; drawn evenly over a million persons every
surname would be shared by a thousand people, and every name block of the person search would be
huge. Real Dutch surnames follow a long-tailed (Zipf-like) distribution: "de Jong" is about 0.5% of
the population, most surnames are rare. So the vocabulary here is Faker's names (the head, after the
demo seeder's clean-up) plus composed tail names (a stem from Faker's list and a Dutch ending:
Bakker + -ink, Hoek + -stra), about 40,000 in all, drawn with weights 1 / (rank + 30). With a
million persons the most common surname then has about 4,500 bearers and about 30% of persons carry
one of the 250 most common names, which is roughly the Dutch picture (CBS / Meertens surname counts).

BSNs. The 999 test range holds only 90,909 numbers that pass the 11-test, too few for a million
persons. The national benchmark set uses the 9-digit numbers 900000000-998999999 that pass the
11-test (about 9 million), just below the test range, and leaves the 999 range itself free for
hand-made test persons. Numbers in this block are not reserved for testing, so any of them could be
somebody's real BSN: that is why they exist only in the disposable benchmark database, are handed
out at random to randomly composed names, and every person carries ``is_synthetic``.
"""

import random
from datetime import date, datetime, timedelta

from faker.providers.address.nl_NL import Provider as AddressProvider
from faker.providers.person.nl_NL import Provider as PersonProvider

from eendak.demo import people

BSN_FIRST = 900_000_000
BSN_LAST = 998_999_999

TAIL_ENDINGS = (
    "s", "se", "sen", "sma", "stra", "ma", "man", "mans", "ink", "ing", "er", "ers", "en", "hof",
    "kamp", "veld", "dijk", "huis", "broek", "berg", "beek", "bosch", "hout", "horst", "meijer",
    "land", "water", "wijk", "laar", "straten", "donk", "hoven", "rooij", "mortel", "heide",
)
ZIPF_OFFSET = 30
TAIL_SIZE = 40_000

FEMALE_NAMES = tuple(PersonProvider.first_names_female)
MALE_NAMES = tuple(PersonProvider.first_names_male)
STREET_SUFFIXES = tuple(AddressProvider.street_suffixes)


def head_surnames() -> list[tuple[str, str]]:
    """Faker's Dutch surnames as (prefix, surname), cleaned as the demo seeder cleans them."""
    seen, result = set(), []
    for raw in PersonProvider.last_names:
        split = people.split_surname(raw)
        if split and split not in seen:
            seen.add(split)
            result.append(split)
    return result


def surname_vocabulary(rng: random.Random) -> tuple[list[tuple[str, str]], list[float]]:
    """(prefix, surname) pairs with their cumulative Zipf weights, most common first.

    The tail is every stem + ending (surname stems, and given names for the patronymic kind:
    Jan -> Jansen), shuffled, the first ``TAIL_SIZE`` of them.
    """
    head = head_surnames()
    rng.shuffle(head)
    known = {name for _, name in head}
    stems = sorted({name for _, name in head if name.isalpha() and 3 <= len(name) <= 9}
                   | {name for name in FEMALE_NAMES + MALE_NAMES if name.isalpha() and len(name) <= 8})
    candidates = [stem + ending for stem in stems for ending in TAIL_ENDINGS]
    candidates = sorted({name for name in candidates if name not in known})
    rng.shuffle(candidates)
    prefixes = ("", "", "", "", "van", "de", "van der", "van den", "van de", "ter", "ten")
    tail = [(rng.choice(prefixes), name) for name in candidates[:TAIL_SIZE]]
    vocabulary = head + tail
    cumulative, total = [], 0.0
    for rank in range(len(vocabulary)):
        total += 1.0 / (rank + ZIPF_OFFSET)
        cumulative.append(total)
    return vocabulary, cumulative


def given_names(rng: random.Random, sex: str) -> str:
    pool = FEMALE_NAMES if sex == "V" else MALE_NAMES
    count = rng.choices((1, 2, 3), weights=(55, 33, 12))[0]
    chosen = []
    while len(chosen) < count:
        name = rng.choice(pool)
        if name not in chosen:
            chosen.append(name)
    return " ".join(chosen)


def date_of_birth(rng: random.Random, today: date, min_age: int, max_age: int) -> date:
    return people.date_of_birth(rng, today, min_age, max_age)


# --- BSNs -----------------------------------------------------------------------------------------

_WEIGHTS_HIGH = (9, 8, 7, 6)  # digits 1-4 of the 8-digit stem
_WEIGHTS_LOW = (5, 4, 3, 2)  # digits 5-8


def _weighted(value: int, weights) -> int:
    digits = f"{value:04d}"
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True))


def synthetic_bsns(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct 11-test-valid numbers from the synthetic block, in random order.

    A valid number is an 8-digit stem plus the check digit (weighted sum mod 11, valid when <= 9),
    so walking the stems with precomputed half sums costs one addition per number. Stems are
    visited from a random starting point, so a small set is not all clustered at 900000000.
    """
    high = [_weighted(v, _WEIGHTS_HIGH) for v in range(10_000)]
    low = [_weighted(v, _WEIGHTS_LOW) for v in range(10_000)]
    first_stem, last_stem = BSN_FIRST // 10, BSN_LAST // 10
    span = last_stem - first_stem + 1
    if count > span * 10 // 11 - 1:
        raise ValueError(f"the synthetic BSN block holds fewer than {count} numbers")
    start = rng.randrange(span)
    result = []
    offset = 0
    while len(result) < count:
        stem = first_stem + (start + offset) % span
        offset += 1
        check = (high[stem // 10_000] + low[stem % 10_000]) % 11
        if check <= 9:
            result.append(f"{stem:08d}{check}")
    rng.shuffle(result)
    return result


# --- Texts ------------------------------------------------------------------------------------------

JOURNAL_TEXTS = (
    "Telefonisch contact met moeder; afspraken over de veiligheid doorgenomen.",
    "Huisbezoek afgelegd. Kinderen gezien, sfeer rustig. Vader niet aanwezig.",
    "Overleg met school: kind komt regelmatig te laat en is vermoeid.",
    "Gesprek met beide ouders over de veiligheidsvoorwaarden en het plan.",
    "Politie meldt een incident in het weekend; geen aanhouding.",
    "Casusoverleg met het lokale team en Veilig Thuis; taken verdeeld.",
    "Moeder geeft aan dat het beter gaat; ex-partner houdt zich aan het contactverbod.",
    "Kind gesproken op school in aanwezigheid van de intern begeleider.",
    "Afspraak met de huisarts over verwijzing naar de GGZ.",
    "Vader meldt zich aan voor de training agressieregulatie.",
)


def journal_text(rng: random.Random) -> str:
    return rng.choice(JOURNAL_TEXTS)


def moment_between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    if end <= start:
        return start
    return start + timedelta(seconds=rng.randrange(int((end - start).total_seconds()) or 1))
