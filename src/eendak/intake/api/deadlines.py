"""The deadline signal of a report's safety assessment, computed from the stored due moment.

"Deadlines are data": nothing is flagged by a job; whether a report is overdue follows from
``assessment_due_at`` and the clock at the moment of asking. Only a report still waiting for its
assessment has a running deadline.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from eendak.core.workdays import working_days_between
from eendak.intake.workflow import ReportStatus


@dataclass(frozen=True)
class DeadlineSignal:
    due_at: datetime
    pending: bool
    overdue: bool
    due_today: bool
    working_days_left: int | None


def signal_for(report, now: datetime | None = None) -> DeadlineSignal:
    now = now or timezone.now()
    pending = report.status == ReportStatus.RECEIVED
    if not pending:
        return DeadlineSignal(report.assessment_due_at, False, False, False, None)
    today = timezone.localtime(now).date()
    due_day = timezone.localtime(report.assessment_due_at).date()
    overdue = report.assessment_due_at < now
    return DeadlineSignal(
        due_at=report.assessment_due_at,
        pending=True,
        overdue=overdue,
        due_today=not overdue and due_day == today,
        working_days_left=working_days_between(today, due_day),
    )


def overdue_condition(now: datetime | None = None) -> Q:
    """The same rule as ``signal_for(...).overdue``, as a query (for the ``overdue`` filter)."""
    return Q(status=ReportStatus.RECEIVED, assessment_due_at__lt=now or timezone.now())
