"""What the apps above persons contribute to its screens, registered in their AppConfig.ready, so
that persons never imports them (the layering is one-way: ``docs/architecture.md``, "Layers").

- **Cases of households**: the household pages show the household's cases with who is responsible
  and who takes part; the case file (``cases``) answers for a batch of households at once.
- **Address shields**: an address hidden from an organisation in one of the person's cases (a victim's
  shelter address) is blanked on every screen and endpoint that shows the person; the case file
  says which.

A registry, not a signal: each contribution is one function asked for a whole page at once, so the
query count of a list does not grow with its length.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

CasesOfHouseholds = Callable[..., dict[int, list]]
ShieldSource = Callable[[int, list[int]], set[int]]

_cases_of_households: list[CasesOfHouseholds] = []
_shield_sources: dict[str, ShieldSource] = {}


def register_cases_of_households(provider: CasesOfHouseholds) -> None:
    """``provider(household_ids, *, open_only)`` -> {household id: [case, ...]} (one app: cases)."""
    _cases_of_households[:] = [provider]


def cases_of_households(household_ids: Iterable[int], *, open_only: bool = False) -> dict[int, list]:
    ids = [pk for pk in household_ids if pk is not None]
    if not ids or not _cases_of_households:
        return {}
    return _cases_of_households[0](ids, open_only=open_only)


def register_shield_source(name: str, source: ShieldSource) -> None:
    """``source(organisation_id, person_ids)`` -> the ids among them shielded from that organisation."""
    _shield_sources[name] = source


def shielded_from(organisation_id, person_ids: list[int]) -> set[int]:
    if organisation_id is None or not person_ids:
        return set()
    found: set[int] = set()
    for source in _shield_sources.values():
        found |= source(organisation_id, person_ids)
    return found


# --- The data subject's file (inzage, AVG art. 15) ---------------------------------------------------
#
# The privacy officer builds, for one person, the file as that person may see it. Each domain app
# that holds something about a person contributes its own part, registered in its AppConfig.ready,
# so the privacy app (beside cases in the layers) imports none of them. A source is asked for one
# person and answers only what concerns that person: never another person's role, answers or
# contact data. What the part's texts may still mention (a family member named in a journal line,
# the reporter in a report's account) the source names in ``redact``: the privacy app removes every
# such term from every text of every part, in one place (``privacy.access_file``).


@dataclass(frozen=True)
class SubjectFileItem:
    """One line of a part: a heading (what it is), when, the text, and the organisation it came from
    (an organisation, never a professional's or reporter's name)."""

    heading: str
    text: str = ""
    when: date | datetime | None = None
    source: str = ""


@dataclass
class SubjectFilePart:
    """What one app holds about the person: a titled list of items, and the terms (names, numbers,
    contact data of other people) that must not appear in the file."""

    key: str
    title: str
    items: list[SubjectFileItem] = field(default_factory=list)
    redact: set[str] = field(default_factory=set)
    order: int = 50


SubjectFileSource = Callable[[object], SubjectFilePart | None]
_subject_file_sources: dict[str, SubjectFileSource] = {}


def register_subject_file_part(name: str, source: SubjectFileSource) -> None:
    """``source(person)`` -> a ``SubjectFilePart`` (or None when the app holds nothing about them)."""
    _subject_file_sources[name] = source


def subject_file_parts(person) -> list[SubjectFilePart]:
    parts = [part for source in _subject_file_sources.values() if (part := source(person))]
    return sorted(parts, key=lambda part: (part.order, part.key))


# The person's own statement (AVG art. 16 with a refused correction): written into the case file
# of the person's household by the app that owns the journal (``cases``). ``writer(actor, person,
# text)`` -> the entries it wrote (one per open case of the person's households; may be empty).
StatementWriter = Callable[..., list]
_statement_writers: list[StatementWriter] = []


def register_statement_writer(writer: StatementWriter) -> None:
    _statement_writers[:] = [writer]


def write_own_statement(actor, person, text: str) -> list:
    if not _statement_writers:
        return []
    return _statement_writers[0](actor, person, text)
