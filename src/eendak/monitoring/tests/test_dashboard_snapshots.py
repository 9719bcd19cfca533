"""The dashboards answer from stored snapshots (``dashboards.stored``, the aggregate table), so a page
over the national data set is one lookup instead of seconds of counting and drawing — and still:
the figures are never older than ``EENDAK_DASHBOARD_MAX_AGE_MINUTES``, the background refresh brings
new reports in, a snapshot holds only what the page shows, a policy officer never gets another
municipality's snapshot, each language has its own, and a chart is drawn once."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from eendak.audit.models import AccessLogEntry
from eendak.core.models import Municipality
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.intake.models import Report
from eendak.monitoring import charts, dashboard_tasks, dashboards
from eendak.monitoring.models import ChartImage, DashboardSnapshot
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db


def _reports(municipality, n, tag):
    vt = f.organisation(T.VEILIG_THUIS)
    now = timezone.now()
    for i in range(n):
        Report.objects.create(
            reference=f"{tag}-{municipality.cbs_code}-{i}", channel="phone", organisation=vt,
            municipality=municipality, account="synthetisch", received_at=now - timedelta(hours=1),
            assessment_due_at=now + timedelta(days=4), is_synthetic=True)


@pytest.fixture
def tilburg(region):
    municipality = Municipality.objects.get(name="Tilburg")
    _reports(municipality, 10, "T")
    return municipality


@pytest.fixture
def analyst(region):
    return f.membership(Role.ANALYST, f.organisation(T.VEILIG_THUIS))


@pytest.fixture
def officer(region):
    return f.membership(Role.MUNICIPAL_POLICY_OFFICER, f.organisation(T.MUNICIPALITY, "Tilburg"))


def _as(membership):
    membership.user.acting_membership = membership
    return membership.user


def _reports_now(board, municipality):
    """The published number of reports of the current half-year for ``municipality`` on ``board``."""
    current = dashboards.HalfYear.of(timezone.localdate()).label
    return next(row["reports"] for row in board.table("trends").rows
                if row["half_year"] == current and row["municipality"] == municipality.name)


def test_the_page_answers_from_the_snapshot_until_the_refresh(analyst, tilburg):
    first = dashboards.dashboard(_as(analyst))
    assert _reports_now(first, tilburg) == "10"
    _reports(tilburg, 10, "N")

    again = dashboards.dashboard(_as(analyst))
    assert _reports_now(again, tilburg) == "10"  # the stored snapshot, not counted again
    assert again.computed_at == first.computed_at

    call_command("refresh_dashboards", "--now")
    refreshed = dashboards.dashboard(_as(analyst))
    assert _reports_now(refreshed, tilburg) == "20"
    assert refreshed.computed_at > first.computed_at


def test_a_snapshot_older_than_the_maximum_age_is_never_shown(analyst, tilburg, settings):
    settings.EENDAK_DASHBOARD_MAX_AGE_MINUTES = 30
    dashboards.dashboard(_as(analyst))
    _reports(tilburg, 10, "N")
    DashboardSnapshot.objects.update(computed_at=timezone.now() - timedelta(minutes=31))

    board = dashboards.dashboard(_as(analyst))
    assert _reports_now(board, tilburg) == "20"
    assert DashboardSnapshot.objects.get(municipality=None).computed_at == board.computed_at


def test_the_page_says_how_old_its_figures_are(login_as, analyst, tilburg):
    dashboards.dashboard(_as(analyst))
    moment = timezone.localtime(DashboardSnapshot.objects.get().computed_at)
    DashboardSnapshot.objects.update(computed_at=moment - timedelta(minutes=20))

    html = login_as(analyst).get(reverse("monitoring:dashboard")).content.decode()
    shown = timezone.localtime(moment - timedelta(minutes=20))
    assert f"stand op {shown.day}" in html and f"{shown:%H:%M}" in html
    assert "elk kwartier" in html


def test_the_refresh_covers_the_region_and_every_policy_officers_municipality(officer, tilburg):
    assert dashboard_tasks.refresh() == 2
    stored = {(s.municipality_id, s.language) for s in DashboardSnapshot.objects.all()}
    assert stored == {(None, "nl"), (tilburg.pk, "nl")}
    assert ChartImage.objects.count() >= 2 * len(dashboards.TABLE_KEYS) - 2  # drawn for the pages


def test_the_refresh_forgets_snapshots_nobody_asked_for_in_a_week(analyst, tilburg):
    dongen = Municipality.objects.get(name="Dongen")
    dashboards.dashboard(_as(analyst), municipality_id=dongen.pk, first="2024-H1", last="2024-H2")
    DashboardSnapshot.objects.update(computed_at=timezone.now() - timedelta(days=8))

    dashboard_tasks.refresh()
    assert not DashboardSnapshot.objects.filter(first="2024-H1").exists()


def test_the_command_queues_the_refresh_for_the_worker(tilburg):
    from django_tasks_db.models import DBTaskResult

    call_command("refresh_dashboards")
    assert DBTaskResult.objects.filter(
        task_path="eendak.monitoring.dashboard_tasks.refresh_dashboards").count() == 1
    assert not DashboardSnapshot.objects.exists()  # queued, not computed here


def test_a_snapshot_holds_only_published_figures(analyst, region):
    dongen = Municipality.objects.get(name="Dongen")
    _reports(dongen, 3, "D")
    dashboards.dashboard(_as(analyst))

    rows = next(t for t in DashboardSnapshot.objects.get().tables if t["key"] == "trends")["rows"]
    current = dashboards.HalfYear.of(timezone.localdate()).label
    assert [row["reports"] for row in rows
            if row["municipality"] == "Dongen" and row["half_year"] == current] == ["<5"]
    assert all(isinstance(row["reports"], str) for row in rows)  # never a raw count


def test_a_policy_officer_never_gets_another_municipalitys_snapshot(login_as, analyst, officer,
                                                                    tilburg):
    dongen = Municipality.objects.get(name="Dongen")
    login_as(analyst).get(reverse("monitoring:dashboard_municipality", args=[dongen.pk]))
    assert DashboardSnapshot.objects.filter(municipality=dongen).exists()

    client = login_as(officer)
    assert client.get(reverse("monitoring:dashboard_municipality",
                              args=[dongen.pk])).status_code == 404
    assert client.get("/api/v1/dashboards/").json()["municipality"]["name"] == "Tilburg"
    assert AccessLogEntry.objects.filter(user_id=officer.user.pk, outcome="denied",
                                         event="monitoring.view_dashboards").count() == 1


def test_each_language_has_its_own_snapshot(analyst, tilburg):
    dutch = dashboards.dashboard(_as(analyst))
    with translation.override("en"):
        english = dashboards.dashboard(_as(analyst))
    assert dutch.table("trends").title == "Adviesvragen en meldingen per halfjaar"
    assert english.table("trends").title == "Advice requests and reports per half-year"
    assert DashboardSnapshot.objects.count() == 2


def test_a_chart_is_drawn_once(login_as, analyst, tilburg, monkeypatch):
    drawn = []
    draw = charts.vlc.vegalite_to_svg

    def counting(spec, *args, **kwargs):
        drawn.append(spec["title"]["text"])
        return draw(spec, *args, **kwargs)

    monkeypatch.setattr(charts.vlc, "vegalite_to_svg", counting)
    client = login_as(analyst)
    first = client.get(reverse("monitoring:dashboard")).content
    assert len(drawn) == len(dashboards.TABLE_KEYS)
    second = client.get(reverse("monitoring:dashboard")).content
    assert len(drawn) == len(dashboards.TABLE_KEYS)  # the second page drew nothing
    assert second.count(b"data:image/svg+xml;base64,") == first.count(
        b"data:image/svg+xml;base64,") == len(dashboards.TABLE_KEYS)
