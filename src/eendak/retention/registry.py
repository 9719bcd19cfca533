"""What each app contributes to retention: its eraser and its files.

Retention sits low in the layers (above persons and the catalogue, below cases), so it names none of
the apps that hold a household's file. Each of them registers, from its ``AppConfig.ready()``:

- an **eraser** ``(erasure: Erasure) -> None`` that deletes every row of its own that holds the
  personal data of ``erasure.persons`` or belongs to ``erasure.households``, counts what it deleted
  and hands the stored files it removes to ``erasure.remove_file`` (they are deleted from storage
  after the commit, so a rolled-back destruction loses nothing). Erasers run in ``order``: an app
  whose rows protect another's (a Veiligheidsteam referral protects its case) erases first.
- a **file source** ``(organisation_ids) -> Iterable[RetentionFile]``: its closed files, with the
  kind, the organisation that keeps them and the date they were closed, for the yearly list.

The persons' own rows (persons, BSN, addresses, relationships, households) and the exports waiting
to be downloaded are retention's own eraser (``retention.erasers``), which runs last.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date


@dataclass
class Erasure:
    households: list[int]
    persons: list[int]
    counts: Counter = field(default_factory=Counter)
    files: list[tuple[object, str]] = field(default_factory=list)  # (storage, name)

    def deleted(self, queryset) -> int:
        """Delete ``queryset`` and count what went, per model."""
        _total, per_model = queryset.delete()
        for label, number in per_model.items():
            if number:
                self.counts[label] += number
        return _total

    def remove_file(self, fieldfile) -> None:
        if fieldfile and fieldfile.name:
            self.files.append((fieldfile.storage, fieldfile.name))


@dataclass(frozen=True)
class RetentionFile:
    kind: str
    reference: str
    organisation_id: int
    household_id: int | None
    closed_on: date


_ERASERS: dict[str, tuple[int, Callable[[Erasure], None]]] = {}
_FILE_SOURCES: dict[str, Callable[[Iterable[int]], Iterable[RetentionFile]]] = {}


def register_eraser(name: str, eraser: Callable[[Erasure], None], *, order: int) -> None:
    _ERASERS[name] = (order, eraser)


def erasers() -> list[tuple[str, Callable[[Erasure], None]]]:
    return [(name, eraser) for name, (_order, eraser)
            in sorted(_ERASERS.items(), key=lambda item: (item[1][0], item[0]))]


def register_file_source(name: str, source: Callable[[Iterable[int]], Iterable[RetentionFile]]):
    _FILE_SOURCES[name] = source


def file_sources() -> list[Callable]:
    return list(_FILE_SOURCES.values())
