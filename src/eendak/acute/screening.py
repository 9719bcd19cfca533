"""The TEN-4-FACESp bruising clinical decision rule, offered as a checklist for young children.

Published by Pierce et al. (JAMA Network Open, 2021): in a child under 4 years a bruise on the
torso, ears or neck (TEN), on the frenulum, angle of the jaw, cheeks (fleshy part), eyelids or
subconjunctivae (FACES), any bruise in an infant under 4.99 months, or a patterned bruise (p) calls
for further evaluation for physical abuse. As with the risk instruments in the intake it *supports*
the clinician's judgement and never decides: a positive screen says "look further (forensic
examination, consult Veilig Thuis)", a negative one does not say "no abuse".

The checklist is offered pre-ticked from the injuries on the body map (``suggested``); what counts
is what the clinician ticks and records (``evaluate``).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import bodymap
from .workflow import InjuryKind

NAME = "TEN-4-FACESp"
VERSION = "2021"
# The rule applies to children under 4 years; "any bruise" to infants under 4.99 months.
MAX_AGE_MONTHS = 48
INFANT_MONTHS = 4.99


@dataclass(frozen=True)
class Item:
    code: str
    label: str


ITEMS: tuple[Item, ...] = (
    Item("torso", _("T — romp (borst, buik, rug, billen, genitaal gebied)")),
    Item("ears", _("E — oren")),
    Item("neck", _("N — hals of nek")),
    Item("frenulum", _("F — frenulum (lipbandje)")),
    Item("angle_of_jaw", _("A — kaakhoek")),
    Item("cheeks", _("C — wangen (vlezig deel)")),
    Item("eyelids", _("E — oogleden")),
    Item("subconjunctivae", _("S — subconjunctivale bloeding")),
    Item("infant", _("4 — elke blauwe plek bij een baby jonger dan 4,99 maanden")),
    Item("patterned", _("p — blauwe plek met een patroon (afdruk van hand, voorwerp, beet)")),
)
CODES = frozenset(item.code for item in ITEMS)


def applies(age_in_months: float | None) -> bool:
    """Offered for a child under 4 (age known); for anyone else the screen does not offer it."""
    return age_in_months is not None and age_in_months < MAX_AGE_MONTHS


def suggested(injuries, age_in_months: float | None) -> set[str]:
    """The items the body map already shows: the clinician confirms or unticks them."""
    ticked = set()
    for injury in injuries:
        if injury.kind not in (InjuryKind.BRUISE, InjuryKind.PETECHIAE):
            continue
        region = bodymap.region(injury.region)
        if region and region.ten4:
            ticked.add(region.ten4)
        if injury.patterned:
            ticked.add("patterned")
        if age_in_months is not None and age_in_months < INFANT_MONTHS:
            ticked.add("infant")
    return ticked


def evaluate(ticked) -> bool:
    """Positive when any item is ticked: the rule's own definition."""
    return bool(set(ticked) & CODES)


def advice(positive: bool) -> str:
    if positive:
        return str(_("Positief: nader onderzoek naar lichamelijke mishandeling is aangewezen. "
                     "Overweeg forensisch-medisch onderzoek en overleg met Veilig Thuis."))
    return str(_("Negatief volgens de regel. Dit sluit mishandeling niet uit: het klinisch oordeel "
                 "en de uitleg bij het letsel blijven leidend."))
