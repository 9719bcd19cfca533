"""The dashboards (/cijfers/dashboard/ and /api/v1/dashboards/): the analyst sees the region and any
municipality, a municipal policy officer only their own (the URL or API with another municipality's
id is a logged 404); no count under 5 and no share over fewer than 5 appears on the page, in the
CSV, the XLSX or a chart; every download is an export in the access log; the SVG is an SVG with the
chart's title, the PNG a PNG."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from eendak.audit.models import AccessLogEntry, Action
from eendak.core.models import Municipality
from eendak.core.roles import ROLE_SPECS, Capability, Role
from eendak.core.roles import OrganisationType as T
from eendak.intake.models import AdviceRequest, Report, SafetyAssessment
from eendak.monitoring import charts, dashboards
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NOW = timezone.now()


def _reports(municipality, n, *, on_time=True, tag="R"):
    vt = f.organisation(T.VEILIG_THUIS)
    assessor = f.UserFactory()
    for i in range(n):
        report = Report.objects.create(
            reference=f"{tag}-{municipality.cbs_code}-{i}", channel="phone", organisation=vt,
            municipality=municipality, account="synthetisch", received_at=NOW - timedelta(days=1),
            assessment_due_at=NOW + timedelta(days=4), is_synthetic=True)
        SafetyAssessment.objects.create(
            report=report, acute_unsafety=False, structural_unsafety=True, triage="none",
            rationale="synthetisch", assessed_by=assessor, assessed_role=Role.VT_INTAKE,
            assessed_at=NOW if on_time else NOW + timedelta(days=10))


def _advice(municipality, n):
    vt = f.organisation(T.VEILIG_THUIS)
    for i in range(n):
        AdviceRequest.objects.create(
            reference=f"A-{municipality.cbs_code}-{i}", channel="phone", asker_type="professional",
            municipality=municipality, question="synthetisch", organisation=vt,
            received_at=NOW - timedelta(days=1), is_synthetic=True)


@pytest.fixture
def world(region):
    """Tilburg: 7 reports assessed on time and 3 advice requests; Dongen: 2 reports."""
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
    """A policy officer of the municipality of Tilburg."""
    return f.membership(Role.MUNICIPAL_POLICY_OFFICER, f.organisation(T.MUNICIPALITY, "Tilburg"))


def _half_year_key():
    return dashboards.HalfYear.of(timezone.localdate()).key


def _refusals(user, since):
    return AccessLogEntry.objects.filter(pk__gt=since, user_id=user.pk, outcome="denied",
                                         event="monitoring.view_dashboards")


def _last_pk():
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- Who sees which municipality ------------------------------------------------------------------


def test_the_policy_officer_is_sent_to_their_own_municipality(login_as, officer, world):
    tilburg, _dongen = world
    client = login_as(officer)

    response = client.get(reverse("monitoring:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:dashboard_municipality", args=[tilburg.pk])

    page = client.get(reverse("monitoring:dashboard_municipality", args=[tilburg.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    # The page's own content, not the header (a generated user may be called "van Dongen").
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Tilburg" in main and "Dongen" not in main  # no other municipality, no region picker
    assert 'name="gemeente"' not in html


def test_another_municipality_is_a_logged_404_for_the_policy_officer(login_as, officer, world):
    _tilburg, dongen = world
    client = login_as(officer)
    since = _last_pk()

    urls = [reverse("monitoring:dashboard_municipality", args=[dongen.pk]),
            reverse("monitoring:dashboard_download_municipality", args=[dongen.pk, "trends", "csv"]),
            reverse("monitoring:dashboard_download", args=["trends", "csv"]),  # the region
            reverse("monitoring:dashboard_municipality", args=[99999])]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert _refusals(officer.user, since).count() == len(urls)
    # The ?gemeente= shortcut of the analyst's picker does not take them anywhere else either.
    response = client.get(reverse("monitoring:dashboard"), {"gemeente": dongen.pk})
    assert response["Location"].startswith(
        reverse("monitoring:dashboard_municipality", args=[officer.organisation.municipality_id]))


def test_the_api_refuses_another_municipality_with_a_logged_problem(login_as, officer, world):
    tilburg, dongen = world
    client = login_as(officer)
    since = _last_pk()

    own = client.get("/api/v1/dashboards/")
    assert own.status_code == 200
    assert own.json()["municipality"]["name"] == "Tilburg"
    assert client.get(f"/api/v1/dashboards/municipalities/{tilburg.pk}/").status_code == 200

    other = client.get(f"/api/v1/dashboards/municipalities/{dongen.pk}/")
    assert other.status_code == 404
    assert other["Content-Type"].startswith("application/problem+json")
    assert _refusals(officer.user, since).count() == 1
    reads = AccessLogEntry.objects.filter(pk__gt=since, event="dashboard.api_read",
                                          user_id=officer.user.pk)
    assert reads.count() == 2 and all("GM0855" in e.detail for e in reads)


def test_a_bad_half_year_is_a_400_problem_in_dutch(login_as, analyst, world):
    client = login_as(analyst)
    response = client.get("/api/v1/dashboards/", {"from": "2025-3"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert any(p["name"] == "from" and "halfjaar" in p["reason"] for p in body["invalidParams"])

    backwards = client.get("/api/v1/dashboards/", {"from": "2026-H2", "to": "2025-H1"})
    assert backwards.status_code == 400
    page = client.get(reverse("monitoring:dashboard"), {"vanaf": "gisteren"})
    assert page.status_code == 400
    assert "jaar-H1 of jaar-H2" in page.content.decode()


def test_nobody_else_sees_the_dashboards(login_as, world, vt):
    for role, org in [(Role.VT_INTAKE, vt), (Role.PRIVACY_OFFICER, vt),
                      (Role.LOCAL_TEAM_WORKER, f.organisation(T.LOCAL_TEAM, "Tilburg"))]:
        client = login_as(f.membership(role, org))
        assert client.get(reverse("monitoring:dashboard")).status_code == 404
        assert client.get("/api/v1/dashboards/").status_code in (403, 404)


def test_the_analyst_sees_the_region_and_any_municipality(login_as, analyst, world):
    tilburg, dongen = world
    client = login_as(analyst)
    region = client.get(reverse("monitoring:dashboard"))
    assert region.status_code == 200
    assert "Regio Hart van Brabant" in region.content.decode()
    picked = client.get(reverse("monitoring:dashboard"), {"gemeente": dongen.pk})
    assert picked["Location"] == reverse("monitoring:dashboard_municipality", args=[dongen.pk])
    assert client.get(picked["Location"]).status_code == 200
    body = client.get("/api/v1/dashboards/").json()
    assert body["municipality"] is None
    trends = next(c for c in body["charts"] if c["key"] == "trends")
    assert {row["municipality"] for row in trends["rows"]} == set(
        Municipality.objects.values_list("name", flat=True))


# --- No small cell anywhere ----------------------------------------------------------------------


def _tilburg_now(rows, key="half_year"):
    label = dashboards.HalfYear.of(timezone.localdate()).label
    return next(r for r in rows if r[key] == label and r.get("municipality", "Tilburg") == "Tilburg")


def test_small_counts_are_suppressed_in_the_read_model_and_the_chart(analyst, world):
    analyst.user.acting_membership = analyst
    board = dashboards.dashboard(analyst.user)
    trends = board.table("trends")
    row = _tilburg_now(trends.rows)
    assert (row["reports"], row["advice"]) == ("5", "<5")  # 7 reports, 3 advice requests
    dongen = next(r for r in trends.rows if r["municipality"] == "Dongen"
                  and r["half_year"] == row["half_year"])
    assert dongen["reports"] == "<5"

    for table in board.tables:
        for r in table.rows:
            for column in table.columns:
                value = r[column.key]
                if column.kind == dashboards.COUNT:
                    assert value == "<5" or (int(value) >= 5 and int(value) % 5 == 0), (table.key, r)
    # The chart draws the published numbers only: nothing for "<5".
    points = charts.data_points(trends)
    drawn = {(p["groep"], p["reeks"]): p["waarde"] for p in points if p["x"] == row["half_year"]}
    assert drawn[("Tilburg", "Meldingen")] == 5
    assert drawn[("Tilburg", "Adviesvragen")] is None
    assert drawn[("Dongen", "Meldingen")] is None
    assert all(p["waarde"] is None or p["waarde"] >= 5 for p in points)


def test_a_share_is_published_only_over_five(officer, world):
    officer.user.acting_membership = officer
    deadlines = dashboards.dashboard(officer.user, only="termijnen").tables[0]
    row = _tilburg_now(deadlines.rows)
    assert row["assessment_on_time"] == "5" and row["assessment_share"] == 100
    assert row["investigation_share"] is None  # no investigation: nothing to publish


def test_no_small_cell_in_the_page_csv_or_xlsx(login_as, officer, world):
    tilburg, _dongen = world
    client = login_as(officer)
    args = [tilburg.pk]
    query = {"vanaf": _half_year_key(), "tot": _half_year_key()}

    html = client.get(reverse("monitoring:dashboard_municipality", args=args), query).content.decode()
    trends = re.search(r'data-table="trends".*?</table>', html, re.S).group(0)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", trends)
    assert cells == ["Tilburg", "&lt;5", "5"]  # municipality, advice requests, reports

    response = client.get(reverse("monitoring:dashboard_download_municipality",
                                  args=[*args, "trends", "csv"]), query)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Halfjaar", "Gemeente", "Adviesvragen", "Meldingen"]
    assert rows[1][1:] == ["Tilburg", "<5", "5"]

    response = client.get(reverse("monitoring:dashboard_download_municipality",
                                  args=[*args, "termijnen", "xlsx"]), query)
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][1] == "Beoordeling op tijd"
    assert values[1][1:4] == (5, "<5", 1.0)
    for table in dashboards.TABLE_KEYS:
        response = client.get(reverse("monitoring:dashboard_download_municipality",
                                      args=[*args, table, "xlsx"]), query)
        board = dashboards.dashboard(_acting(officer), only=table, first=query["vanaf"],
                                     last=query["tot"])
        kinds = [c.kind for c in board.tables[0].columns]
        for row in list(load_workbook(io.BytesIO(response.content)).active.iter_rows(
                min_row=2, values_only=True)):
            for kind, value in zip(kinds, row, strict=True):
                if kind == dashboards.COUNT:
                    assert value == "<5" or (isinstance(value, int) and value >= 5
                                             and value % 5 == 0), (table, row)


def _acting(membership):
    membership.user.acting_membership = membership
    return membership.user


# --- The files, and the log of every download ----------------------------------------------------


def test_every_format_downloads_and_is_logged_as_an_export(login_as, analyst, world):
    client = login_as(analyst)
    since = _last_pk()
    svg = client.get(reverse("monitoring:dashboard_download", args=["trends", "svg"]))
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    text = svg.content.decode()
    assert text.lstrip().startswith("<svg") and "Adviesvragen en meldingen per halfjaar" in text
    assert "attachment" in svg["Content-Disposition"]

    png = client.get(reverse("monitoring:dashboard_download", args=["termijnen", "png"]))
    assert png.status_code == 200 and png.content.startswith(PNG_SIGNATURE)
    xlsx = client.get(reverse("monitoring:dashboard_download", args=["caseload", "xlsx"]))
    assert xlsx.content.startswith(b"PK")
    csv_file = client.get(reverse("monitoring:dashboard_download", args=["sociale-kaart", "csv"]))
    assert csv_file.status_code == 200

    entries = AccessLogEntry.objects.filter(pk__gt=since, event="dashboard.downloaded")
    assert entries.count() == 4
    assert all(e.action == Action.EXPORT and e.user_id == analyst.user.pk for e in entries)
    assert {re.search(r"formaat=(\w+)", e.detail).group(1) for e in entries} == {
        "svg", "png", "xlsx", "csv"}
    assert not AccessLogEntry.objects.filter(pk__gt=since, subjects__isnull=False).exists()

    assert client.get(reverse("monitoring:dashboard_download", args=["trends", "pdf"])).status_code == 404


def test_the_page_shows_each_chart_with_its_table(login_as, analyst, world):
    html = login_as(analyst).get(reverse("monitoring:dashboard")).content.decode()
    assert html.count('src="data:image/svg+xml;base64,') == len(dashboards.TABLE_KEYS)
    assert html.count('data-table="') == len(dashboards.TABLE_KEYS)
    assert "<script" not in html.split("<main", 1)[1]  # the CSP allows no inline script


# --- Every role: only the analyst and the municipal policy officer ---------------------------------


PREFERRED = [T.VEILIG_THUIS, T.LOCAL_TEAM, T.SAFETY_HOUSE, T.POLICE, T.HOSPITAL, T.MUNICIPALITY, *T]


@pytest.mark.parametrize("role", list(ROLE_SPECS))
def test_every_role_sees_the_dashboards_only_with_a_figures_capability(role, login_as, world):
    tilburg, _dongen = world
    spec = ROLE_SPECS[role]
    org_type = next(t for t in PREFERRED if t in spec.organisation_types)
    org = f.organisation(org_type, "Tilburg" if org_type in (T.LOCAL_TEAM, T.MUNICIPALITY) else None)
    client = login_as(f.membership(role, org))
    may = bool(spec.capabilities & {Capability.STATISTICS, Capability.MUNICIPAL_FIGURES})
    page = client.get(reverse("monitoring:dashboard_municipality", args=[tilburg.pk]))
    download = client.get(reverse("monitoring:dashboard_download_municipality",
                                  args=[tilburg.pk, "caseload", "csv"]))
    api = client.get(f"/api/v1/dashboards/municipalities/{tilburg.pk}/")
    if may:
        assert (page.status_code, download.status_code, api.status_code) == (200, 200, 200)
    else:
        assert (page.status_code, download.status_code) == (404, 404)
        assert api.status_code in (403, 404)
