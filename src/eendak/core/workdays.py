"""Working days for statutory deadlines.

The Algemene termijnenwet decides which days do not count: Saturdays, Sundays and the generally
recognised holidays — New Year's Day, Easter Sunday and Monday, King's Day, Liberation Day (5 May,
every year), Ascension Day, Whit Sunday and Monday, Christmas Day and Boxing Day. Good Friday is *not*
one of them, although the ``holidays`` package lists it for the Netherlands, so it is removed here.
"""

from datetime import date, timedelta
from functools import cache

import holidays

EXCLUDED_NAMES = {"Goede vrijdag", "Good Friday"}


@cache
def non_working_holidays(year: int) -> frozenset[date]:
    days = {
        day
        for day, name in holidays.country_holidays("NL", years=[year], language="nl").items()
        if name not in EXCLUDED_NAMES
    }
    days.add(date(year, 5, 5))  # Bevrijdingsdag counts every year under the Algemene termijnenwet
    return frozenset(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in non_working_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself does not count)."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (31 January + 1 = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")
