"""The effect of the approach per cohort (issue 12): correct on a small synthetic set, published by
``core.disclosure`` (counts rounded to 5 or "<5", shares, means and medians only over 5 households or
more), and in a fixed number of queries however many households."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eendak.cases.impact_queries import PER_YEAR, impact_per_cohort
from eendak.cases.models import Case, ChildHelp, ImpactMeasurement, PhaseChange
from eendak.core.roles import Role
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db
TODAY = date(2025, 12, 1)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))


def household(vt, user, start: date, *, t0: int, t12: int | None = None, new_reports: int = 0,
              stable_after: int | None = None, help_at_t12: bool = False) -> Case:
    """A household with one child and its case opened on ``start``: T0 with ``t0`` incidents (the
    year before the report), T12 exactly a year later with ``t12``."""
    home = f.HouseholdFactory()
    child = f.person_in(home, "child")
    f.person_in(home, "parent")
    case = f.case_for(home, vt, responsible=vt)
    Case.objects.filter(pk=case.pk).update(opened_at=_at(start))
    common = {"case": case, "recorded_by": user, "organisation": vt, "professional_safety": 5}
    first = ImpactMeasurement.objects.create(
        moment="t0", measured_on=start, incidents=t0, severity="serious" if t0 else "none",
        new_reports=0, **common)
    ChildHelp.objects.create(measurement=first, child=child, help_started=False)
    if t12 is not None:
        later = ImpactMeasurement.objects.create(
            moment="t12", measured_on=start + timedelta(days=365), incidents=t12,
            severity="mild" if t12 else "none", new_reports=new_reports, **common)
        ChildHelp.objects.create(measurement=later, child=child, help_started=help_at_t12)
    if stable_after is not None:
        PhaseChange.objects.create(case=case, from_phase="direct_safety", to_phase="stable_safety",
                                   reason="Rustig.", decided_by=user, organisation=vt,
                                   decided_at=_at(start + timedelta(days=stable_after)))
    return case


@pytest.fixture
def cohorts(vt):
    """Ten households that started in the first half of 2024, three in the second half."""
    user = f.membership(Role.VT_MONITOR, vt).user
    start = date(2024, 2, 15)
    for n in range(10):
        household(vt, user, start, t0=30 if n < 8 else 10, t12=0 if n < 6 else 25,
                  new_reports=1 if n in (6, 7) else 0,
                  stable_after=100 + 20 * n if n < 6 else None, help_at_t12=n < 7)
    for _n in range(3):
        household(vt, user, date(2024, 9, 1), t0=40, t12=0, stable_after=60, help_at_t12=True)


def test_the_outcomes_of_a_cohort_of_ten(cohorts):
    outcomes = impact_per_cohort(today=TODAY)
    first, second = outcomes.rows
    assert (first.cohort, first.label) == ("2024-1", "1e helft 2024")
    assert first.households == "10" and first.followed_up == "10"
    assert first.violence_stopped == "60%"          # six had no incidents at T12
    assert first.incidents_start == "26.0"          # (8 × 30 + 2 × 10) / 10
    assert first.incidents_last == "10.0"           # 4 × 25 over a year / 10
    assert first.frequent_start == "80%"            # ≥ 22 a year at the start
    assert first.frequent_last == "40%"
    assert first.recurrence_18_months == "20%"      # two had a new report by T12
    assert first.median_days_to_stable_safety == "150"  # 100, 120 ... 200 days
    assert first.children_help_started == "70%"     # at their latest measurement


def test_a_cohort_under_five_households_is_suppressed(cohorts):
    second = impact_per_cohort(today=TODAY).rows[1]
    assert (second.cohort, second.households, second.followed_up) == ("2024-2", "<5", "<5")
    assert [second.violence_stopped, second.incidents_start, second.incidents_last,
            second.frequent_start, second.frequent_last, second.recurrence_18_months,
            second.median_days_to_stable_safety, second.children_help_started] == [None] * 8


def test_all_cohorts_together_and_per_year(cohorts):
    outcomes = impact_per_cohort(today=TODAY)
    assert outcomes.total.households == "15"        # 13, rounded to 5
    assert outcomes.total.violence_stopped == f"{round(100 * 9 / 13)}%"
    (year,) = impact_per_cohort(PER_YEAR, today=TODAY).rows
    assert (year.cohort, year.households, year.median_days_to_stable_safety) == ("2024", "15", "120")  # 60, 60, 60, 100 ... 200


def test_the_18_months_count_only_when_they_have_passed(cohorts):
    early = impact_per_cohort(today=date(2025, 3, 1)).rows[0]
    assert early.recurrence_18_months is None       # nobody followed for 18 months yet
    assert early.violence_stopped == "60%"


def test_nothing_measured_is_an_empty_table(db):
    outcomes = impact_per_cohort(today=TODAY)
    assert outcomes.rows == [] and outcomes.total.households == "<5"


def test_the_queries_do_not_grow_with_the_households(vt):
    user = f.membership(Role.VT_MONITOR, vt).user

    def count():
        with CaptureQueriesContext(connection) as captured:
            impact_per_cohort(today=TODAY)
        return len(captured.captured_queries)

    household(vt, user, date(2024, 2, 1), t0=5, t12=0, stable_after=30, help_at_t12=True)
    few = count()
    for n in range(8):
        household(vt, user, date(2024, 3, 1), t0=5 + n, t12=n, stable_after=40 + n)
    assert count() == few
