"""The dashboards as a PDF report (``monitoring.report_tasks``): "Rapport als PDF" on the dashboard
starts long work that runs to 100%; the PDF holds every chart's title and its table, with no count
below 5 shown as a number; the policy officer gets their own municipality's report only (another
one is a logged 404, the form notwithstanding); the report downloads once, logged as an export, and
only its starter sees it."""

import io
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from eendak.audit.models import AccessLogEntry, Action
from eendak.core.models import Job, JobStatus, Municipality
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.monitoring import dashboards, report_tasks
from eendak.monitoring.models import DashboardReport
from eendak.testing import factories as f
from eendak.testing.tasks import run_queued_tasks

from .research_support import actor_for
from .test_dashboards import _advice, _reports

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_export_root(tmp_path):
    with override_settings(EENDAK_EXPORT_ROOT=tmp_path / "exports"):
        yield


@pytest.fixture
def places(region):
    """Tilburg: 7 reports and 3 advice requests (published as 5 and <5); Dongen: 2 reports."""
    tilburg = Municipality.objects.get(name="Tilburg")
    dongen = Municipality.objects.get(name="Dongen")
    _reports(tilburg, 7)
    _advice(tilburg, 3)
    _reports(dongen, 2, tag="D")
    return tilburg, dongen


@pytest.fixture
def analyst(region):
    return f.membership(Role.ANALYST, f.organisation(T.VEILIG_THUIS))


@pytest.fixture
def officer(region):
    return f.membership(Role.MUNICIPAL_POLICY_OFFICER, f.organisation(T.MUNICIPALITY, "Tilburg"))


def _last_pk():
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _pdf_text(response) -> str:
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_analyst_makes_the_report_of_a_municipality_and_downloads_it_once(
        login_as, analyst, places):
    tilburg, _dongen = places
    client = login_as(analyst)
    page = client.get(reverse("monitoring:dashboard_municipality", args=[tilburg.pk]))
    assert "Rapport als PDF" in page.content.decode()

    since = _last_pk()
    started = client.post(reverse("monitoring:dashboard_report_start"), {"gemeente": tilburg.pk})
    report = DashboardReport.objects.get()
    assert started.status_code == 302 and started["Location"] == reverse(
        "monitoring:dashboard_report", args=[report.pk])
    assert report.municipality == tilburg and report.requested_by == analyst.user
    waiting = client.get(started["Location"]).content.decode()
    assert "<progress" in waiting and "klaar=herladen" in waiting  # reloads itself when done
    assert AccessLogEntry.objects.filter(pk__gt=since, event="dashboard.report_started",
                                         action=Action.EXPORT).count() == 1

    assert run_queued_tasks() == 1
    job = Job.objects.get(pk=report.job_id)
    assert job.status == JobStatus.DONE and job.percent == 100 and job.done == job.total
    ready = client.get(started["Location"]).content.decode()
    assert "Rapport (PDF) downloaden, één keer" in ready

    since = _last_pk()
    got = client.post(reverse("monitoring:dashboard_report_download", args=[report.pk]))
    assert got.status_code == 200 and got["Content-Type"] == "application/pdf"
    text = _pdf_text(got)
    board = dashboards.dashboard(actor_for(analyst), municipality_id=tilburg.pk)
    for table in board.tables:
        assert table.title in text
    assert "Tilburg" in text and "Dongen" not in text
    assert "<5" in text  # 3 advice requests
    # The charts are in it (drawn as SVG, their text is the PDF's): one subtitle per chart.
    assert text.count("niet getekend") >= len(board.tables)
    # No count below 5 as a number: in the tables every count is "<5" or a multiple of 5.
    for table in board.tables:
        for row in table.rows:
            for column in table.columns:
                if column.kind == dashboards.COUNT:
                    assert row[column.key] == "<5" or int(row[column.key]) % 5 == 0
    assert not re.search(r"Adviesvragen[^\n]*\b3\b", text)
    entries = AccessLogEntry.objects.filter(pk__gt=since, event="dashboard.report_downloaded")
    assert [(e.action, e.user_id) for e in entries] == [(Action.EXPORT, analyst.user_id)]

    again = client.post(reverse("monitoring:dashboard_report_download", args=[report.pk]),
                        follow=True)
    assert "al gedownload" in again.content.decode()
    assert not any(report_tasks.jobs.export_root().glob("dashboardrapport-*"))


def test_the_policy_officer_gets_their_own_municipality_only(login_as, officer, places):
    tilburg, dongen = places
    client = login_as(officer)
    since = _last_pk()
    # Another municipality in the form: the logged 404, nothing started.
    assert client.post(reverse("monitoring:dashboard_report_start"),
                       {"gemeente": dongen.pk}).status_code == 404
    assert AccessLogEntry.objects.filter(pk__gt=since, user_id=officer.user_id, outcome="denied",
                                         event="monitoring.view_dashboards").count() == 1
    assert not DashboardReport.objects.exists() and not Job.objects.exists()

    # No municipality (the region): their own.
    client.post(reverse("monitoring:dashboard_report_start"), {})
    report = DashboardReport.objects.get()
    assert report.municipality == tilburg
    run_queued_tasks()
    text = _pdf_text(client.post(reverse("monitoring:dashboard_report_download",
                                         args=[report.pk])))
    assert "Tilburg" in text and "Dongen" not in text


def test_only_the_starter_sees_the_report(login_as, analyst, officer, places):
    tilburg, dongen = places
    mine = report_tasks.start_report(actor_for(analyst), municipality_id=dongen.pk)
    run_queued_tasks()
    for other in (f.membership(Role.ANALYST, analyst.organisation), officer):
        client = login_as(other)
        since = _last_pk()
        assert client.get(reverse("monitoring:dashboard_report", args=[mine.pk])).status_code == 404
        assert client.post(reverse("monitoring:dashboard_report_download",
                                   args=[mine.pk])).status_code == 404
        assert AccessLogEntry.objects.filter(pk__gt=since, user_id=other.user_id,
                                             outcome="denied").count() == 2
    assert DashboardReport.objects.get().downloaded_at is None
