"""Safety-assessment deadlines count working days: weekends and Dutch public holidays do not count."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from eendak.core.workdays import add_working_days, is_working_day
from eendak.intake.services import assessment_due_at


def at(y, m, d, hour=10):
    return timezone.make_aware(datetime(y, m, d, hour, 0))


@pytest.mark.parametrize(("received", "due"), [
    (date(2026, 11, 23), date(2026, 11, 30)),  # Monday -> next Monday
    (date(2026, 11, 27), date(2026, 12, 4)),   # Friday: the weekend does not count
    (date(2026, 11, 28), date(2026, 12, 4)),   # received on Saturday
    (date(2026, 12, 23), date(2026, 12, 31)),  # Christmas and Boxing Day (a Saturday) skipped
    (date(2026, 4, 30), date(2026, 5, 8)),     # Liberation Day (5 May) skipped
    (date(2026, 4, 2), date(2026, 4, 10)),     # Good Friday counts, Easter Monday does not
    (date(2027, 4, 26), date(2027, 5, 4)),     # King's Day skipped
])
def test_five_working_days(received, due):
    assert add_working_days(received, 5) == due


def test_good_friday_is_a_working_day_and_easter_monday_is_not():
    assert is_working_day(date(2026, 4, 3))
    assert not is_working_day(date(2026, 4, 6))


def test_due_at_end_of_the_fifth_working_day_in_local_time():
    due = timezone.localtime(assessment_due_at(at(2026, 11, 27), is_acute=False))
    assert due.date() == date(2026, 12, 4)
    assert (due.hour, due.minute) == (23, 59)


def test_acute_report_is_due_within_24_hours():
    received = at(2026, 11, 27, 22)
    assert assessment_due_at(received, is_acute=True) - received == timezone.timedelta(hours=24)
