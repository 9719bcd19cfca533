"""Normalising Dutch names for matching: diacritics, prefixes, ij/y and common spelling variants.

People type names in a hurry, from a police report or over the phone: "Van der Berg", "vd Berg",
"Bérg", "Janssen"/"Jansen", "Wijnen"/"Wynen". Matching compares normalised keys, never the raw text.
"""

import re
import unicodedata

# Longest first, so "van der" is removed before "van".
PREFIXES = sorted(
    [
        "van der", "van den", "van de", "van het", "van 't", "in 't", "in het", "in de", "op de",
        "op den", "op het", "uit de", "uit den", "vd", "v.d.", "van", "de", "der", "den", "het",
        "'t", "ten", "ter", "te", "la", "le", "du", "da", "di", "del", "el", "al", "von",
    ],
    key=len,
    reverse=True,
)

_NON_LETTERS = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lowercase, strip diacritics and punctuation, collapse spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    ascii_text = ascii_text.replace("'t ", "het ").replace("-", " ")
    return _SPACES.sub(" ", _NON_LETTERS.sub(" ", ascii_text)).strip()


def split_prefix(surname: str) -> tuple[str, str]:
    """("van der Berg") -> ("van der", "Berg"); the prefix as typed is kept for display."""
    raw = (surname or "").strip()
    lowered = raw.lower()
    for prefix in PREFIXES:
        if lowered.startswith(prefix + " ") and len(raw) > len(prefix) + 1:
            return raw[: len(prefix)], raw[len(prefix) + 1 :].strip()
    return "", raw


def surname_key(surname: str) -> str:
    """The surname without prefixes, folded, with ij/y unified: 'Van der Wÿk' -> 'wijk'."""
    folded = fold(surname)
    changed = True
    while changed:
        changed = False
        for p in _FOLDED_PREFIXES:
            if folded.startswith(p + " "):
                folded = folded[len(p) + 1 :]
                changed = True
                break
    return folded.replace(" ", "").replace("y", "ij")


# Folded once: surname_key runs for every person saved or bulk-loaded.
_FOLDED_PREFIXES = [p for p in dict.fromkeys(fold(prefix) for prefix in PREFIXES) if p]


def phonetic_key(surname: str) -> str:
    """A coarse Dutch sound-alike key: collapses spellings that people mix up over the phone."""
    key = surname_key(surname)
    for old, new in [
        ("sch", "s"), ("ch", "g"), ("ph", "f"), ("ck", "k"), ("c", "k"), ("qu", "kw"), ("x", "ks"),
        ("dt", "t"), ("d", "t"), ("z", "s"), ("v", "f"), ("w", "f"), ("ei", "ij"), ("au", "ou"),
        ("ae", "a"), ("oe", "u"), ("ue", "u"), ("th", "t"), ("h", ""),
    ]:
        key = key.replace(old, new)
    # Collapse doubled letters: Janssen -> jansen, Mulder/Mullder -> multer.
    return re.sub(r"(.)\1+", r"\1", key)


def given_key(given_names: str) -> str:
    """The first given name, folded: the one people are called by in most records."""
    folded = fold(given_names)
    return folded.split(" ")[0].replace("y", "ij") if folded else ""
