"""The states of a data subject's request and the allowed next states: one table, one place.

A request is received, taken in hand, perhaps extended once (AVG art. 12(3): by at most two further
months, the person told why), and decided: granted or refused, with a reason. A decision is final;
a new question of the same person is a new request. ``move`` refuses a transition outside the table
with a Dutch message naming both states, before anything is written.
"""

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class RequestKind(models.TextChoices):
    ACCESS = "access", gettext_lazy("Inzage")  # AVG art. 15
    CORRECTION = "correction", gettext_lazy("Correctie")  # art. 16
    RESTRICTION = "restriction", gettext_lazy("Beperking")  # art. 18
    OBJECTION = "objection", gettext_lazy("Bezwaar")  # art. 21


class RequestState(models.TextChoices):
    RECEIVED = "received", gettext_lazy("Ontvangen")
    IN_PROGRESS = "in_progress", gettext_lazy("In behandeling")
    EXTENDED = "extended", gettext_lazy("Verlengd")
    GRANTED = "granted", gettext_lazy("Toegewezen")
    REFUSED = "refused", gettext_lazy("Afgewezen")


class ReceivedVia(models.TextChoices):
    LETTER = "letter", gettext_lazy("Brief")
    EMAIL = "email", gettext_lazy("E-mail")
    DESK = "desk", gettext_lazy("Aan de balie")
    PHONE = "phone", gettext_lazy("Telefoon")
    FORM = "form", gettext_lazy("Formulier")


S = RequestState
TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.IN_PROGRESS, S.EXTENDED, S.GRANTED, S.REFUSED}),
    S.IN_PROGRESS: frozenset({S.EXTENDED, S.GRANTED, S.REFUSED}),
    # Extended once: from here only a decision.
    S.EXTENDED: frozenset({S.GRANTED, S.REFUSED}),
    S.GRANTED: frozenset(),
    S.REFUSED: frozenset(),
}
OPEN_STATES = frozenset({S.RECEIVED, S.IN_PROGRESS, S.EXTENDED})
DECIDED_STATES = frozenset({S.GRANTED, S.REFUSED})


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def move(current: str, target: str) -> None:
    from eendak.core.exceptions import RuleViolation

    if not can_move(current, target):
        raise RuleViolation(_("Van ‘%(current)s’ kan niet naar ‘%(target)s’.") % {
            "current": S(current).label, "target": S(target).label})
