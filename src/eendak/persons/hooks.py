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
