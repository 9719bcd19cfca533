"""The deadline signal of a report's safety assessment, as the API gives it.

"Deadlines are data": nothing is flagged by a job; the signal follows from the stored
``assessment_due_at`` and the clock at the moment of asking. The rule which reports still have a
running deadline, and what counts as overdue, is the screens' (``intake.queries.deadline_signal``):
the API adds only the numbers a client sorts and filters on, so both always say the same.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from eendak.core.workdays import working_days_between

from .. import queries


@dataclass(frozen=True)
class DeadlineSignal:
    due_at: datetime
    kind: str
    label: str
    pending: bool
    overdue: bool
    due_today: bool
    working_days_left: int | None


def signal_for(report, at: datetime | None = None) -> DeadlineSignal:
    at = at or queries.now()
    shown = queries.deadline_signal(report, at)
    pending = shown.kind != "done"
    today = timezone.localdate(at)
    due_day = timezone.localtime(report.assessment_due_at).date()
    return DeadlineSignal(
        due_at=report.assessment_due_at,
        kind=shown.kind,
        label=str(shown.label),
        pending=pending,
        overdue=shown.kind == "overdue",
        due_today=pending and shown.kind != "overdue" and due_day == today,
        working_days_left=working_days_between(today, due_day) if pending else None,
    )


def overdue_condition(at: datetime | None = None) -> Q:
    """The same rule as ``signal_for(...).overdue``, as a query (for the ``overdue`` filter)."""
    return Q(status__in=queries.QUEUE_STATES, assessment_due_at__lt=at or queries.now())
