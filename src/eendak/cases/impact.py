"""Impact monitoring (issue 12): which measurement is due when, and how a measurement counts.

The Verwey-Jonker Instituut follows families in cohorts with a measurement at the report (T0) and 12
and 18 months later (T12, T18): incidents since the previous measurement, did the violence stop,
≥ 22 incidents a year counts as "frequent" (``shared/domain.md``). Here are the dates and the
arithmetic, in one place; recording is ``cases.services.record_impact``, the cohort figures are
``cases.impact_queries``.

Deadlines are data: each fixed moment's date follows from the case's start (the day the case was
opened: the report that brought it) with ``core.workdays.add_months``; whether it is measured, due
or overdue is computed from stored dates, no scheduled job needed.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from eendak.core.workdays import add_months

from .models import ImpactMeasurement, ImpactMoment

# Months after the start at which each fixed moment falls.
SCHEDULE_MONTHS = {ImpactMoment.T0: 0, ImpactMoment.T12: 12, ImpactMoment.T18: 18}
# A fixed moment may be measured from this many days before its date, and is overdue this many
# days after it (T0 may not be early: it is the start).
WINDOW_DAYS = 30
# At T0 the incidents counted are those of the 12 months before the report.
T0_PERIOD_DAYS = 365
# Incidents a year from which a household counts as "frequent" (Verwey-Jonker; domain.md).
FREQUENT_PER_YEAR = 22
# Beyond these counts an entry is a typing error, not a family.
MAX_INCIDENTS = 5000
MAX_NEW_REPORTS = 500


def start_of(case) -> date:
    """The case's start, from which T12 and T18 are counted: the day it was opened."""
    return timezone.localdate(case.opened_at)


def due_on(case, moment: str) -> date | None:
    """The date of a fixed moment (None for a measurement in between)."""
    months = SCHEDULE_MONTHS.get(moment)
    return None if months is None else add_months(start_of(case), months)


def opens_on(case, moment: str) -> date | None:
    """The first day a fixed moment may be measured: its date less the window (T0: any time)."""
    due = due_on(case, moment)
    if due is None or moment == ImpactMoment.T0:
        return None
    return due - timedelta(days=WINDOW_DAYS)


@dataclass(frozen=True)
class Due:
    """One fixed moment of a case: its date, and the measurement taken for it (if any)."""

    moment: str
    label: str
    due_on: date
    measurement: ImpactMeasurement | None
    today: date

    @property
    def overdue_after(self) -> date:
        return self.due_on + timedelta(days=WINDOW_DAYS)

    @property
    def status(self) -> str:
        """``measured``, ``overdue`` (past its window, not measured), ``due`` (its window is open)
        or ``later``."""
        if self.measurement is not None:
            return "measured"
        if self.today > self.overdue_after:
            return "overdue"
        if self.today >= self.due_on - timedelta(days=WINDOW_DAYS) or self.moment == ImpactMoment.T0:
            return "due"
        return "later"


def schedule(case, measurements, today: date | None = None) -> list[Due]:
    """T0, T12 and T18 of ``case`` with their dates and the measurements already taken (from the
    list the caller loaded: no query)."""
    today = today or timezone.localdate()
    by_moment = {m.moment: m for m in measurements}
    return [Due(moment, ImpactMoment(moment).label, due_on(case, moment), by_moment.get(moment), today)
            for moment in SCHEDULE_MONTHS]


def period_days(moment: str, measured_on: date, previous_on: date | None, start: date) -> int:
    """The days a measurement's incidents cover: at T0 the year before the report; after that the
    days since the previous measurement (or since the start, when there was none)."""
    if moment == ImpactMoment.T0:
        return T0_PERIOD_DAYS
    return max((measured_on - (previous_on or start)).days, 1)


def per_year(incidents: int, days: int) -> float:
    """Incidents over ``days``, as a yearly rate."""
    return incidents * 365 / days
