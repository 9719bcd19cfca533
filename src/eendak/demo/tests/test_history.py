"""The demo's history (``demo.history``): after seeding, the dashboards, the CBS delivery and the
impact outcomes publish numbers — not "<5" — for the region and for Tilburg, over several half-years.

One seeding of the small data set for all of it, once for the module (``conftest.small_demo``):
seeding is the slow part. Its size and spread over the region are checked here too."""

from collections import Counter

import pytest

from eendak.cases.impact_queries import PER_HALF_YEAR, impact_per_cohort
from eendak.core.disclosure import SUPPRESSED
from eendak.core.models import Municipality
from eendak.intake.models import AdviceRequest, Investigation, Report
from eendak.monitoring import cbs, dashboards
from eendak.persons.models import Household, Person

from .conftest import TODAY
from .test_content import POSTCODE_RANGES

pytestmark = pytest.mark.django_db


def published(value) -> bool:
    return value not in (SUPPRESSED, None, "0")


def test_small_is_about_250_households_and_800_persons_spread_over_the_region(small_demo):
    households = Household.objects.filter(is_synthetic=True)
    assert 200 <= households.count() <= 300
    assert 800 <= Person.objects.filter(is_synthetic=True).count() <= 820
    per_municipality = Counter(households.values_list("municipality__name", flat=True))
    assert set(per_municipality) == set(POSTCODE_RANGES)
    assert per_municipality.most_common(1)[0][0] == "Tilburg"
    assert f"{households.count()} huishoudens" in small_demo


def test_the_small_demo_has_a_history_every_figure_can_show(small_demo):
    assert "meldingen en" in small_demo and "adviesvragen over vijf halfjaren" in small_demo
    chosen = dashboards.period(today=TODAY)
    assert len(chosen.half_years) == dashboards.DEFAULT_HALF_YEARS

    # Trends: every one of the last four half-years publishes Tilburg's reports and advice, and
    # each complete one the reports of several of the region's municipalities (the current one
    # has only begun: TODAY is in March).
    trends = dashboards.trends(None, chosen)
    for half in chosen.half_years:
        rows = [row for row in trends.rows if row["half_year"] == half.label]
        tilburg = next(row for row in rows if row["municipality"] == "Tilburg")
        assert published(tilburg["reports"]) and published(tilburg["advice"]), half
        if half != chosen.last:
            assert sum(published(row["reports"]) for row in rows) >= 3, half

    # Deadlines: assessments on time and too late are both there; investigations ran over 10 weeks.
    deadlines = dashboards.deadlines(None, chosen, TODAY)
    assert all(published(row["assessment_on_time"]) for row in deadlines.rows)
    assert any(published(row["assessment_late"]) for row in deadlines.rows)
    assert any(row["investigation_share"] is not None for row in deadlines.rows)
    assert Investigation.objects.filter(completed_on__gt=models_due()).exists()

    # The Veiligheidsteam: referrals, acceptances and conferences held over several half-years.
    team = dashboards.safety_team(None, chosen)
    assert sum(published(row["referred"]) for row in team.rows) >= 2
    assert sum(published(row["conferences"]) for row in team.rows) >= 2

    # The CBS delivery of the last complete half-year: region and Tilburg, in several categories.
    half_year = cbs.latest_complete_half_year(TODAY)
    figures = cbs.build(half_year).published()
    tilburg = Municipality.objects.get(name="Tilburg").cbs_code
    for area in (cbs.REGION, tilburg):
        assert published(figures[area]["totaal"]["meldingen"]), area
        assert published(figures[area]["totaal"]["adviezen"]), area
        assert published(figures[area]["melding_rol"]["justitie_politie"]), area
        assert published(figures[area]["beoordeling_uitkomst"]["overdracht"]), area
    region = figures[cbs.REGION]
    for table in ("melding_rol", "melding_sector", "melding_geweld", "melding_duur",
                  "melding_betrokkenheid", "beoordeling_uitkomst", "advies_rol"):
        assert sum(published(v) for v in region[table].values()) >= 3, table
    assert published(region["totaal"]["onderzoeken_afgerond"])

    # The impact of the approach: at least one cohort publishes whether the violence stopped.
    outcomes = impact_per_cohort(PER_HALF_YEAR, today=TODAY)
    assert any(row.violence_stopped is not None for row in outcomes.rows)

    # Every stage at Veilig Thuis: waiting for the assessment, for the decision, decided, closed.
    assert set(Counter(Report.objects.values_list("status", flat=True))) == {
        "received", "assessed", "decided", "closed"}
    assert AdviceRequest.objects.filter(is_synthetic=True).count() > 100


def models_due():
    from django.db.models import F

    return F("due_on")


def test_reseeding_replaces_the_history(seed, small_demo):
    before = (Report.objects.count(), AdviceRequest.objects.count())
    seed(size="small", seed=1, reset=True)
    assert (Report.objects.count(), AdviceRequest.objects.count()) == before
