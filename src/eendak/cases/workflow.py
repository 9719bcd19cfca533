"""The states of the case file and the allowed next states: one table each, one place (after Signalen).

A service changes a state only through ``move``: a transition that is not in its table is refused with
a Dutch message naming both states, before anything is written. Underneath, the services keep their
race-safe conditional UPDATEs (``UPDATE … WHERE status = 'offered'``): the table says which moves
exist, the conditional update makes sure only one of two simultaneous moves wins.

The choices live here and ``cases.models`` imports them, so the stored values (and the migrations)
are the same as before the tables existed.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eendak.core.exceptions import RuleViolation, StateConflict


class CaseStatus(models.TextChoices):
    OPEN = "open", gettext_lazy("Open")
    CLOSED = "closed", gettext_lazy("Gesloten")


class Phase(models.TextChoices):
    DIRECT_SAFETY = "direct_safety", gettext_lazy("Directe veiligheid")
    STABLE_SAFETY = "stable_safety", gettext_lazy("Stabiele veiligheid")
    RECOVERY = "recovery", gettext_lazy("Risicovermindering en herstel")


class HandoverStatus(models.TextChoices):
    OFFERED = "offered", gettext_lazy("Aangeboden")
    ACCEPTED = "accepted", gettext_lazy("Geaccepteerd")
    DECLINED = "declined", gettext_lazy("Afgewezen")
    WITHDRAWN = "withdrawn", gettext_lazy("Ingetrokken")


class ActionStatus(models.TextChoices):
    OPEN = "open", gettext_lazy("Open")
    IN_PROGRESS = "in_progress", gettext_lazy("Bezig")
    DONE = "done", gettext_lazy("Gedaan")
    CANCELLED = "cancelled", gettext_lazy("Vervallen")


class MonitoringDecisionKind(models.TextChoices):
    EXTEND = "extend", gettext_lazy("Verlengen")
    ESCALATE = "escalate", gettext_lazy("Opschalen")


P, H, A = Phase, HandoverStatus, ActionStatus

# A case closes once; a new report about the household after closure is a recurrence with a new case.
CASE_STATUS: dict[str, frozenset[str]] = {
    CaseStatus.OPEN: frozenset({CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset(),
}

# First direct safety, then stable safety, then recovery — and back to direct safety whenever the
# violence returns. Skipping stable safety is not a phase change but a mistake.
PHASE: dict[str, frozenset[str]] = {
    P.DIRECT_SAFETY: frozenset({P.STABLE_SAFETY}),
    P.STABLE_SAFETY: frozenset({P.DIRECT_SAFETY, P.RECOVERY}),
    P.RECOVERY: frozenset({P.DIRECT_SAFETY, P.STABLE_SAFETY}),
}

# Offer -> accept / decline / withdraw; every answer is final (a new offer is a new handover).
HANDOVER: dict[str, frozenset[str]] = {
    H.OFFERED: frozenset({H.ACCEPTED, H.DECLINED, H.WITHDRAWN}),
    H.ACCEPTED: frozenset(),
    H.DECLINED: frozenset(),
    H.WITHDRAWN: frozenset(),
}

# An action is started, done or dropped; done can be reopened (it turned out not to be done), a
# dropped action can be picked up again.
ACTION_STATUS: dict[str, frozenset[str]] = {
    A.OPEN: frozenset({A.IN_PROGRESS, A.DONE, A.CANCELLED}),
    A.IN_PROGRESS: frozenset({A.OPEN, A.DONE, A.CANCELLED}),
    A.DONE: frozenset({A.IN_PROGRESS}),
    A.CANCELLED: frozenset({A.OPEN}),
}
OPEN_ACTION_STATUSES = (A.OPEN, A.IN_PROGRESS)

TABLES = {
    "case status": (CASE_STATUS, CaseStatus),
    "phase": (PHASE, Phase),
    "handover": (HANDOVER, HandoverStatus),
    "action status": (ACTION_STATUS, ActionStatus),
}


def can_move(table: dict[str, frozenset[str]], current: str, target: str) -> bool:
    return target in table.get(current, frozenset())


def move(table: dict[str, frozenset[str]], choices, current: str, target: str, *,
         field: str | None = None) -> None:
    """Refuse a transition that is not in ``table`` with a message that names both states."""
    if target not in choices.values:
        raise RuleViolation(_("Kies een geldige waarde."), field=field)
    if target == current:
        raise StateConflict(_("Dit is al ‘%(state)s’.") % {"state": choices(current).label},
                            field=field)
    if not can_move(table, current, target):
        allowed = ", ".join(f"‘{choices(s).label}’" for s in sorted(table.get(current, ())))
        message = _("Van ‘%(current)s’ kan niet naar ‘%(target)s’.") % {
            "current": choices(current).label, "target": choices(target).label}
        if allowed:
            message += " " + _("Wel mogelijk: %(allowed)s.") % {"allowed": allowed}
        raise StateConflict(message, field=field)


def next_states(table: dict[str, frozenset[str]], current: str) -> list[str]:
    """The states a form may offer from ``current``: exactly the table's, in the table's order."""
    return [state for state in table if state in table.get(current, frozenset())]


# --- The monitoring limit ------------------------------------------------------------------------


class MonitoringStage(models.TextChoices):
    NOT_STARTED = "not_started", gettext_lazy("Nog geen monitoring")
    RUNNING = "running", gettext_lazy("Monitoring loopt")
    AT_LIMIT = "at_limit", gettext_lazy("De grens van de monitoring nadert of is bereikt")


# What may be decided about monitoring at each stage. Extending is a decision at (or shortly before)
# the limit, never on day one: until then there is nothing to extend. Escalating to the
# Veiligheidsteam is possible whenever monitoring runs: risk does not wait for a date.
MONITORING_DECISIONS: dict[str, frozenset[str]] = {
    MonitoringStage.NOT_STARTED: frozenset(),
    MonitoringStage.RUNNING: frozenset({MonitoringDecisionKind.ESCALATE}),
    MonitoringStage.AT_LIMIT: frozenset({MonitoringDecisionKind.EXTEND,
                                         MonitoringDecisionKind.ESCALATE}),
}


@dataclass(frozen=True)
class MonitoringState:
    stage: str
    until: date | None
    decision_window_opens: date | None

    def allows(self, kind: str) -> bool:
        return kind in MONITORING_DECISIONS[self.stage]


def monitoring_state(monitoring_started_on: date | None, monitoring_until: date | None,
                     today: date) -> MonitoringState:
    """Where a case stands against its monitoring limit, computed from stored dates."""
    if monitoring_started_on is None or monitoring_until is None:
        return MonitoringState(MonitoringStage.NOT_STARTED, None, None)
    opens = monitoring_until - timedelta(days=settings.EENDAK_MONITORING_DECISION_WINDOW_DAYS)
    stage = MonitoringStage.AT_LIMIT if today >= opens else MonitoringStage.RUNNING
    return MonitoringState(stage, monitoring_until, opens)
