"""The analyst's figures: per municipality, rounded to 5, small cells shown as "<5", no names; and
only for the analyst."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from eendak.cases.models import Case, CaseStatus
from eendak.core.models import Municipality
from eendak.core.roles import Role
from eendak.monitoring.queries import cases_per_municipality, publish_count
from eendak.testing import factories as f


@pytest.mark.parametrize(("count", "published"), [
    (0, "<5"), (1, "<5"), (4, "<5"), (5, "5"), (7, "5"), (8, "10"), (12, "10"), (13, "15"),
    (100, "100"), (102, "100"), (103, "105"),
])
def test_counts_are_rounded_and_small_cells_suppressed(count, published):
    assert publish_count(count) == published


@given(st.integers(min_value=5, max_value=10**7))
def test_published_count_is_a_multiple_of_5_within_2(count):
    published = int(publish_count(count))
    assert published % 5 == 0
    assert abs(published - count) <= 2


def _cases(municipality, status, n):
    for _ in range(n):
        household = f.HouseholdFactory(municipality=municipality)
        f.person_in(household, "parent", surname="Geheimnaam")
        Case.objects.create(reference=f"C-{household.reference}", household=household,
                            status=status, responsible_organisation=f.organisation("veilig_thuis"),
                            closed_at=timezone.now() if status == CaseStatus.CLOSED else None)


@pytest.fixture
def some_cases(region):
    tilburg = Municipality.objects.get(name="Tilburg")
    dongen = Municipality.objects.get(name="Dongen")
    _cases(tilburg, CaseStatus.OPEN, 8)
    _cases(tilburg, CaseStatus.CLOSED, 3)
    _cases(dongen, CaseStatus.OPEN, 6)
    return tilburg, dongen


@pytest.mark.django_db
def test_figures_per_municipality(some_cases):
    figures = cases_per_municipality()

    rows = {row.municipality: row for row in figures.rows}
    assert len(rows) == 9  # every municipality of the region, also those without cases
    assert (rows["Tilburg"].open_cases, rows["Tilburg"].closed_cases) == ("10", "<5")
    assert (rows["Dongen"].open_cases, rows["Dongen"].closed_cases) == ("5", "<5")
    assert (rows["Goirle"].open_cases, rows["Goirle"].closed_cases) == ("<5", "<5")
    # The total is rounded from the raw 14, not summed from the rounded cells (10 + 5).
    assert figures.total.open_cases == "15"


@pytest.mark.django_db
def test_analyst_page_shows_published_figures_and_no_names(some_cases, vt, login_as):
    analyst = f.membership(Role.ANALYST, vt)
    client = login_as(analyst, verified=False)  # figures only: no second factor needed

    response = client.get(reverse("monitoring:statistics"))

    html = response.content.decode()
    assert response.status_code == 200
    tilburg_row = re.search(r"<th scope=\"row\">Tilburg</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r'class="eendak-number">([^<]*)<', tilburg_row) == ["10", "&lt;5"]
    assert "afgerond op veelvouden van 5" in html
    assert "Geheimnaam" not in html
    for household in Case.objects.values_list("household__reference", flat=True):
        assert household not in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.VT_INTAKE, Role.FUNCTIONAL_ADMIN])
def test_statistics_only_for_analyst(role, vt, login_as):
    client = login_as(f.membership(role, vt))

    assert client.get(reverse("monitoring:statistics")).status_code == 404


@pytest.mark.django_db
def test_statistics_as_csv_and_excel_are_the_published_figures(some_cases, vt, login_as):
    import csv
    import io

    from openpyxl import load_workbook

    from eendak.audit.models import AccessLogEntry, Action

    client = login_as(f.membership(Role.ANALYST, vt), verified=False)
    page = client.get(reverse("monitoring:statistics")).content.decode()
    assert "Download CSV" in page and "formaat=xlsx" in page

    response = client.get(reverse("monitoring:statistics"), {"formaat": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff") and "<html" not in body
    rows = {row[0]: row for row in csv.reader(io.StringIO(body[1:]), delimiter=";")}
    assert rows["Gemeente"] == ["Gemeente", "CBS-code", "Open casussen", "Gesloten casussen"]
    assert rows["Tilburg"][2:] == ["10", "<5"] and rows["Dongen"][2:] == ["5", "<5"]
    assert rows["Totaal regio"][2] == "15"  # rounded from the raw total, as on the page
    assert len(rows) == 1 + 9 + 1
    assert "Geheimnaam" not in body

    excel = client.get(reverse("monitoring:statistics"), {"formaat": "xlsx"})
    cells = {row[0]: row for row in load_workbook(io.BytesIO(excel.content)).active.iter_rows(
        values_only=True)}
    assert cells["Tilburg"][2:] == (10, "<5")  # a number where published, "<5" as text

    entries = AccessLogEntry.objects.filter(event="statistics.exported")
    assert [(e.action, e.person_ids) for e in entries] == [(Action.EXPORT, [])] * 2


@pytest.mark.django_db
@pytest.mark.parametrize("query", [{"formaat": "pdf"}, {"format": "html"}, {"formaat": ""}])
def test_statistics_bad_format_is_a_400_never_a_500(query, vt, login_as):
    client = login_as(f.membership(Role.ANALYST, vt), verified=False)
    response = client.get(reverse("monitoring:statistics"), query)
    assert response.status_code == 400
    assert "formaat=csv" in response.content.decode()


@pytest.mark.django_db
def test_statistics_export_only_for_the_analyst(vt, login_as):
    client = login_as(f.membership(Role.VT_INTAKE, vt))
    assert client.get(reverse("monitoring:statistics"), {"formaat": "csv"}).status_code == 404
