"""The demo's impact measurements: T0, T12 and T18 where their dates have come, for most synthetic
cases, consistent with the case's start and the reference date, so the analyst's "Effect van de
aanpak" shows figures — households where the violence stopped and where it did not."""

import pytest
from django.utils import timezone

from eendak.cases.impact import due_on, opens_on
from eendak.cases.impact_queries import PER_YEAR, impact_per_cohort
from eendak.cases.models import Case, ImpactMeasurement, PhaseChange

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def test_the_demo_measures_its_cases_when_their_moments_have_come(demo):
    measurements = list(ImpactMeasurement.objects.select_related("case"))
    assert len(measurements) > 100
    for m in measurements:
        start = timezone.localdate(m.case.opened_at)
        assert start <= m.measured_on <= TODAY
        if m.moment != "t0":
            assert m.measured_on >= opens_on(m.case, m.moment)
    cases = Case.objects.filter(is_synthetic=True, impact_measurements__isnull=False).distinct()
    assert all(c.impact_measurements.filter(moment="t0").exists() for c in cases)
    followed = [c for c in cases if due_on(c, "t18") <= TODAY]
    assert followed and all(c.impact_measurements.filter(moment="t18").exists() for c in followed)
    stopped = {m.case_id for m in measurements if m.moment != "t0" and m.incidents == 0}
    going_on = {m.case_id for m in measurements if m.moment != "t0" and m.incidents > 0}
    assert stopped and going_on
    assert PhaseChange.objects.filter(case_id__in=stopped, to_phase="stable_safety").exists()


def test_the_cohort_page_of_the_demo_shows_true_figures(demo):
    outcomes = impact_per_cohort(PER_YEAR, today=TODAY)
    published = [row for row in outcomes.rows if row.violence_stopped is not None]
    assert published, [row.households for row in outcomes.rows]
    assert outcomes.total.frequent_start is not None
    assert outcomes.total.median_days_to_stable_safety is not None
    assert outcomes.total.children_help_started is not None


def test_reseeding_replaces_the_measurements(seed, demo):
    before = ImpactMeasurement.objects.count()
    seed(persons=400, seed=1, reset=True)
    assert ImpactMeasurement.objects.count() == before
