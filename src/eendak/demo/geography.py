"""Where synthetic households live: one table per municipality of the region.

One table, so the seeder and the tests agree on what a "right" address is. The postcode ranges are
the real four-digit ranges of each municipality's main town (approximate: a few villages of the
same municipality fall outside, and the ranges here stay inside the region's blocks 5000-5259).
The weights follow the population (CBS, about 2024), so Tilburg holds about half the households.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    cbs_code: str
    municipality: str
    town: str  # the municipality's main town: the city of every synthetic address there
    postcode_from: int
    postcode_to: int  # inclusive
    population: int


PLACES: tuple[Place, ...] = (
    Place("GM0855", "Tilburg", "Tilburg", 5011, 5049, 226_000),
    Place("GM0867", "Waalwijk", "Waalwijk", 5141, 5146, 50_000),
    Place("GM0797", "Heusden", "Vlijmen", 5251, 5252, 45_000),
    Place("GM0824", "Oisterwijk", "Oisterwijk", 5061, 5063, 33_000),
    Place("GM0784", "Gilze en Rijen", "Rijen", 5121, 5122, 27_000),
    Place("GM0766", "Dongen", "Dongen", 5101, 5107, 26_000),
    Place("GM0785", "Goirle", "Goirle", 5051, 5052, 24_000),
    Place("GM0809", "Loon op Zand", "Kaatsheuvel", 5171, 5172, 23_000),
    Place("GM0798", "Hilvarenbeek", "Hilvarenbeek", 5081, 5082, 16_000),
)

PLACE_BY_CODE = {place.cbs_code: place for place in PLACES}

# Letter pairs the Dutch postcode system never hands out (SA, SD and SS for their connotations).
EXCLUDED_POSTCODE_LETTERS = frozenset({"SA", "SD", "SS"})
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"  # F, I, O, Q, U and Y are not used in practice


def postcode(rng, place: Place) -> str:
    """A postcode in the place's range, written as ``5038 KP``."""
    digits = rng.randint(place.postcode_from, place.postcode_to)
    while True:
        letters = rng.choice(POSTCODE_LETTERS) + rng.choice(POSTCODE_LETTERS)
        if letters not in EXCLUDED_POSTCODE_LETTERS:
            return f"{digits} {letters}"
