"""Synthetic Dutch people: names with their prefixes split off, dates of birth, and test BSNs.

Names come from Faker's ``nl_NL`` lists. Dutch registers keep the surname prefix (tussenvoegsel:
"van der", "de", "ter") apart from the surname because it sorts and capitalises differently, so the
seeder does too. Faker's list also holds medieval nobility ("van Wessex", "Aelftrud van Wessex") and
compound oddities; those are redrawn, so the demo looks like a present-day Brabant caseload.
"""

from datetime import date, timedelta
from functools import cache

# Longest first, so "van der Berg" splits as ("van der", "Berg") and not ("van", "der Berg").
SURNAME_PREFIXES: tuple[str, ...] = tuple(sorted(
    {
        "van", "de", "den", "der", "van der", "van den", "van de", "van het", "van 't", "ter", "ten",
        "te", "het", "'t", "'s", "d'", "in 't", "in de", "op de", "op den", "uit de", "uit den",
        "le", "la", "de la", "die",
    },
    key=lambda p: (-len(p.split()), -len(p), p),
))

# Surnames in Faker's list that are historical or foreign places rather than people of today.
_NOT_A_PRESENT_DAY_SURNAME = frozenset({
    "VI", "Billung", "Chrodtrud", "Alpaidis", "Amalrada", "Oda", "Welf", "Saxo", "Unruoch",
    "Wessex", "Laon", "Vermandois", "Saksen", "Zwaben", "Westfalen", "Engeland", "Luxemburg",
    "Beieren", "Boulogne", "Tours", "Verdun", "Metz", "Parijs", "Orleans", "Susa", "Schweinfurt",
    "Northeim", "Formbach", "Egisheim", "Dagsburg", "Rheineck", "Arnsberg", "Bernicia", "Hamaland",
    "Haspengouw", "Henegouwen", "Vlaanderen", "Drenthe", "Maasgouw", "Nederlotharingen",
    "Opper-Lotharingen", "Allemanië", "Herstal", "Jumiège", "Brunswijk", "Bentheim", "Salm", "Este",
    "Noordmark", "Elzas", "Darnau", "Coterlet", "Alenburg", "Hostaden", "Wickerode", "Suinvorde",
    "Evelingen", "Lucel", "Kuijc", "Cuijck", "Clootwijck", "Luyssel", "Heripon", "Gravensande",
    "Marduras", "Plantard", "Fleche", "Coret-Coredo",
})


@cache
def split_surname(raw: str) -> tuple[str, str] | None:
    """``"van der Berg"`` -> ``("van der", "Berg")``; None when the name is not a usable surname.

    A prefix written with a capital ("Van Bragt", as when no given name precedes it) is stored in
    lower case, as the register does.
    """
    name = " ".join(raw.split())
    if not name or "," in name:
        return None
    prefix = ""
    lowered = name.lower()
    for candidate in SURNAME_PREFIXES:
        if lowered.startswith(candidate + " ") or (candidate.endswith("'") and
                                                   lowered.startswith(candidate)):
            prefix = candidate
            name = name[len(candidate):].strip()
            break
    if not name or " " in name or not name[0].isupper() or name in _NOT_A_PRESENT_DAY_SURNAME:
        return None
    return prefix, name


def surname(fake) -> tuple[str, str]:
    """A (prefix, surname) pair drawn from Faker, redrawn until it is a present-day Dutch name."""
    while True:
        split = split_surname(fake.last_name())
        if split is not None:
            return split


def given_names(fake, rng, sex: str) -> str:
    """One to three given names, as on a Dutch passport: most people have one or two."""
    draw = fake.first_name_female if sex == "V" else fake.first_name_male
    count = rng.choices((1, 2, 3), weights=(55, 33, 12))[0]
    names: list[str] = []
    while len(names) < count:
        name = draw()
        if name not in names:
            names.append(name)
    return " ".join(names)


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def date_of_birth(rng, today: date, min_age: int, max_age: int) -> date:
    """A date of birth so that the person is between min_age and max_age (inclusive) on ``today``."""
    latest = years_before(today, min_age)
    earliest = years_before(today, max_age + 1) + timedelta(days=1)
    return earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))


def age_on(dob: date, today: date) -> int:
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


# --- BSNs --------------------------------------------------------------------------------------

def valid_test_range_bsns() -> list[str]:
    """Every BSN in the 999 test range that passes the 11-test, in ascending order (90,909 of them).

    Computing the check digit for all 100,000 eight-digit stems at once (with running partial sums
    of the weighted digits) is cheaper than drawing and retrying per person, and lets the seeder
    draw a unique sample in one call.
    """
    valid = []
    base = 9 * 9 + 9 * 8 + 9 * 7  # the fixed "999": weights 9, 8, 7
    for a in range(10):
        sa = base + 6 * a
        for b in range(10):
            sb = sa + 5 * b
            for c in range(10):
                sc = sb + 4 * c
                for d in range(10):
                    sd = sc + 3 * d
                    stem = f"999{a}{b}{c}{d}"
                    for e in range(10):
                        # The ninth digit has weight -1: it must equal the weighted sum mod 11.
                        check = (sd + 2 * e) % 11
                        if check <= 9:
                            valid.append(f"{stem}{e}{check}")
    return valid
