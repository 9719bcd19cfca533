"""Plausible dates. A record of domestic violence in the year 573 is a typing error, not history.

One rule for every date a person enters (receipt, planned and held conversations, journal events,
plan actions): nothing before 2000 (Veilig Thuis and its predecessors' digital files start later) and
nothing after 2100.
"""

from datetime import date, datetime

from .exceptions import RuleViolation

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 1, 1)


def require_plausible(value, field: str) -> None:
    if value is None:
        return
    day = value.date() if isinstance(value, datetime) else value
    if day < EARLIEST:
        raise RuleViolation("Deze datum ligt te ver in het verleden; controleer het jaartal.",
                            field=field)
    if day >= LATEST:
        raise RuleViolation("Deze datum ligt te ver in de toekomst; controleer het jaartal.",
                            field=field)
