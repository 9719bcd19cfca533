"""Issue 12's long work in Chromium, with the demo accounts (the privacy officer with their second factor): the analyst
makes the CBS delivery of a half-year (the progress bar reaches done and the page shows the report
with its checks by itself — no reload), downloads its CSV; registers a research study, which the
privacy officer approves; then requests the export, follows its progress and downloads the
pseudonymised file once — a second try is refused in Dutch. An accessibility scan of every page.

The worker is the test itself: ``run_queued_tasks`` runs the queued work while the page is open, and
the page must notice by polling (htmx, no inline script under the strict CSP)."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone

from eendak.core.models import Job, JobStatus
from eendak.core.roles import OrganisationType
from eendak.intake.models import Report
from eendak.monitoring import cbs
from eendak.monitoring.models import CbsDelivery, ResearchExport, Study
from eendak.testing import factories as f
from eendak.testing.tasks import run_queued_tasks

from .conftest import (
    axe_serious_violations,
    current_totp,
    new_dutch_context,
    submit_code,
    submit_password,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def figures(demo_accounts, tmp_path):
    """Seven reports in Tilburg in the last complete half-year (the CBS form's default), and the
    demo accounts; results under a temporary export root."""
    vt = f.organisation(OrganisationType.VEILIG_THUIS)
    tilburg = f.Municipality.objects.get(name="Tilburg")
    start = cbs.latest_complete_half_year().bounds()[0] + timedelta(days=10, hours=10)
    for i in range(7):
        Report.objects.create(reference=f"LW-{i}", channel="phone", organisation=vt,
                              municipality=tilburg, account="synthetisch", received_at=start,
                              assessment_due_at=start + timedelta(days=7), is_synthetic=True)
    with override_settings(EENDAK_EXPORT_ROOT=tmp_path / "exports"):
        yield start


def _log_in(page, username):
    """The password; then the code from the authenticator app where the role asks for it (the
    privacy officer sees personal data; the analyst sees figures only and is asked none)."""
    submit_password(page, username)
    if "/inloggen/tweede-factor/" in page.url:
        submit_code(page, current_totp())
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn werk"


def _axe(page):
    assert axe_serious_violations(page) == [], page.url


def test_the_cbs_delivery_shows_its_report_when_done_and_hands_over_the_csv(page, figures):
    _log_in(page, "analist")
    page.goto("/cijfers/cbs/")
    _axe(page)
    half_year = cbs.latest_complete_half_year().label
    assert page.get_by_label("Halfjaar").input_value() == half_year
    page.get_by_role("button", name="Levering maken").click()
    page.wait_for_load_state()
    delivery = CbsDelivery.objects.get()
    assert page.url.endswith(f"/cijfers/cbs/{delivery.pk}/")
    assert page.get_by_label("Voortgang").evaluate("el => el.tagName") == "PROGRESS"
    _axe(page)

    assert run_queued_tasks() == 1  # the worker, while the page is open
    # The page notices by itself: the bar reaches done, then the page reloads with the report.
    page.get_by_role("heading", name="Controles").wait_for(timeout=15_000)
    assert Job.objects.get(pk=delivery.job_id).status == JobStatus.DONE
    assert page.locator("tr[data-check]").count() >= 1  # the checks, each with its count
    assert page.get_by_role("heading", name="Cijfers").is_visible()
    _axe(page)

    with page.expect_download() as download:
        page.get_by_role("button", name="Leveringsbestand (CSV) downloaden, één keer").click()
    content = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    assert half_year in content and ";" in content
    page.wait_for_load_state()
    page.goto(f"/cijfers/cbs/{delivery.pk}/")
    assert "Het leveringsbestand (CSV) is gedownload op" in page.locator("main").inner_text()
    _axe(page)


def test_a_study_is_registered_approved_exported_and_downloaded_once(page, browser, live_server,
                                                                     figures):
    today = timezone.localdate()
    _log_in(page, "analist")
    page.goto("/cijfers/onderzoek/nieuw/")
    _axe(page)
    page.get_by_label("Titel van het onderzoek").fill("Stopt het geweld na een melding?")
    page.get_by_label("Doel van het onderzoek").fill(
        "Nagaan of het geweld na een melding stopt, per gemeente en halfjaar, voor de monitor.")
    page.get_by_role("checkbox").first.check()
    page.get_by_label("Meldingen ontvangen vanaf").fill((today - timedelta(days=400)).isoformat())
    page.get_by_label("Meldingen ontvangen tot en met").fill(today.isoformat())
    page.get_by_label("Einddatum van de studie").fill((today + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()
    study = Study.objects.get()
    assert f"/cijfers/onderzoek/{study.pk}/" in page.url
    _axe(page)

    # The privacy officer of Veilig Thuis, in a browser of their own, approves it.
    officer_context = new_dutch_context(browser, live_server)
    officer = officer_context.new_page()
    try:
        _log_in(officer, "privacy")
        officer.goto(f"/cijfers/onderzoek/{study.pk}/")
        _axe(officer)
        officer.get_by_role("button", name="Goedkeuren").click()
        officer.wait_for_load_state()
        _axe(officer)
    finally:
        officer_context.close()
    study.refresh_from_db()
    assert study.status == "approved"

    page.goto(f"/cijfers/onderzoek/{study.pk}/")
    page.get_by_role("button", name="Export aanvragen").click()
    page.wait_for_load_state()
    assert "/taken/" in page.url
    assert page.get_by_label("Voortgang").evaluate("el => el.tagName") == "PROGRESS"
    _axe(page)
    assert run_queued_tasks() == 1
    page.get_by_role("status").filter(has_text="klaar om één keer te downloaden").wait_for(
        timeout=15_000)
    page.get_by_role("link", name="Terug").click()
    page.wait_for_load_state()
    _axe(page)

    # A second tab of the study page, opened before the download, still shows the button.
    second = page.context.new_page()
    second.goto(f"/cijfers/onderzoek/{study.pk}/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Downloaden (één keer)").click()
    rows = list(csv.reader(io.StringIO(
        Path(download.value.path()).read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows and rows[0]  # the header, then the pseudonymised rows
    assert ResearchExport.objects.get().downloaded_at is not None

    second.get_by_role("button", name="Downloaden (één keer)").click()
    second.wait_for_load_state()
    assert "al gedownload" in second.locator("main").inner_text()
    _axe(second)
