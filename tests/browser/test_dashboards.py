"""The dashboards in Chromium, as the analyst and as the policy officer of Tilburg: from "Mijn werk"
to the charts (SVG images from the server, no script under the strict CSP) with their tables, the CSV
and XLSX downloads (read back), and an accessibility scan of the page."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from eendak.core.roles import OrganisationType, Role
from eendak.demo.accounts import DEMO_PASSWORD
from eendak.intake.models import AdviceRequest, Report
from eendak.monitoring import dashboards
from eendak.testing import factories as f

from .conftest import axe_serious_violations, submit_password

pytestmark = pytest.mark.browser


@pytest.fixture
def figures(transactional_db):
    """Seven reports and three advice requests in Tilburg; no second factor needed for either
    account (figures only)."""
    vt = f.organisation(OrganisationType.VEILIG_THUIS)
    tilburg = f.Municipality.objects.get(name="Tilburg")
    now = timezone.now()
    for i in range(7):
        Report.objects.create(reference=f"BR-{i}", channel="phone", organisation=vt,
                              municipality=tilburg, account="synthetisch",
                              received_at=now - timedelta(days=1),
                              assessment_due_at=now + timedelta(days=4), is_synthetic=True)
    for i in range(3):
        AdviceRequest.objects.create(reference=f"BA-{i}", channel="phone", asker_type="professional",
                                     municipality=tilburg, question="synthetisch", organisation=vt,
                                     is_synthetic=True)
    f.membership(Role.ANALYST, vt, user=f.UserFactory(username="analist", password=DEMO_PASSWORD))
    f.membership(Role.MUNICIPAL_POLICY_OFFICER,
                 f.organisation(OrganisationType.MUNICIPALITY, "Tilburg"),
                 user=f.UserFactory(username="gemeente", password=DEMO_PASSWORD))
    return tilburg


def _download(page, name: str, table: str) -> bytes:
    section = page.locator(f"section#{table}")
    with page.expect_download() as download:
        section.get_by_role("link", name=name, exact=False).first.click()
    return open(download.value.path(), "rb").read()


@pytest.mark.parametrize(("username", "start_link"), [("analist", "Dashboards"),
                                                      ("gemeente", "Dashboards van de gemeente")])
def test_the_dashboards_show_charts_tables_and_downloads(page, figures, username, start_link):
    submit_password(page, username)
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn werk"
    page.locator("main").get_by_role("link", name=start_link, exact=True).click()
    page.wait_for_load_state()
    if username == "gemeente":
        assert f"/gemeente/{figures.pk}/" in page.url
        assert page.get_by_label("Gemeente", exact=True).count() == 0  # no picker: their own only
    else:
        page.get_by_label("Gemeente", exact=True).select_option(label="Tilburg")
        page.get_by_role("button", name="Tonen").click()
        page.wait_for_load_state()
    assert "Tilburg" in page.get_by_role("heading", level=1).inner_text()

    charts = page.locator("figure.eendak-chart img")
    assert charts.count() == len(dashboards.TABLE_KEYS)
    for i in range(charts.count()):  # each SVG loaded and was drawn
        assert charts.nth(i).evaluate("img => img.complete && img.naturalWidth > 0")
    trends = page.locator('table[data-table="trends"]')
    current = dashboards.HalfYear.of(timezone.localdate()).label
    row = trends.locator("tbody tr", has_text=current)
    assert row.locator("td").all_inner_texts() == ["Tilburg", "<5", "5"]  # 3 advice, 7 reports

    rows = list(csv.reader(io.StringIO(_download(page, "CSV", "trends").decode("utf-8-sig")),
                           delimiter=";"))
    assert rows[0] == ["Halfjaar", "Gemeente", "Adviesvragen", "Meldingen"]
    assert ["Tilburg", "<5", "5"] in [r[1:] for r in rows]
    sheet = load_workbook(io.BytesIO(_download(page, "XLSX", "trends"))).active
    assert ("Tilburg", "<5", 5) in [r[1:] for r in sheet.iter_rows(min_row=2, values_only=True)]

    assert axe_serious_violations(page) == []
