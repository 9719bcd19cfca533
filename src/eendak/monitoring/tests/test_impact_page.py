"""The analyst's "Effect van de aanpak" (/cijfers/effect/): the impact per cohort, published by
core.disclosure, no household, and only for the analyst (anyone else gets the logged 404)."""

import re
from datetime import date

import pytest
from django.urls import reverse

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.cases.tests.test_impact_outcomes import household
from eendak.core.roles import Role
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured(vt):
    user = f.membership(Role.VT_MONITOR, vt).user
    for n in range(6):
        household(vt, user, date(2024, 3, 1), t0=30, t12=0 if n < 3 else 24, stable_after=90,
                  help_at_t12=True)
    household(vt, user, date(2024, 10, 1), t0=30, t12=0)


def test_the_analyst_sees_the_cohorts_published(measured, vt, login_as):
    client = login_as(f.membership(Role.ANALYST, vt), verified=False)
    response = client.get(reverse("monitoring:impact_outcomes"))
    assert response.status_code == 200
    html = response.content.decode()
    first = re.search(r'<tr data-cohort="2024-1">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r'class="eendak-number">([^<]*)<', first)
    assert cells[:4] == ["5", "5", "50%", "30.0"]        # 6 households, rounded; 3 of 6 stopped
    second = re.search(r'<tr data-cohort="2024-2">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r'class="eendak-number">([^<]*)<', second) == ["&lt;5", "&lt;5"] + ["—"] * 8
    assert "1e helft 2024" in html and "Effect van de aanpak" in html
    per_year = client.get(reverse("monitoring:impact_outcomes") + "?per=year").content.decode()
    assert 'data-cohort="2024"' in per_year


@pytest.mark.parametrize("role", [Role.VT_MONITOR, Role.FUNCTIONAL_ADMIN, Role.LOG_ADMIN])
def test_only_the_analyst(role, vt, login_as):
    member = f.membership(role, vt)
    client = login_as(member)
    assert client.get(reverse("monitoring:impact_outcomes")).status_code == 404
    entry = AccessLogEntry.objects.filter(user_id=member.user_id).order_by("-id").first()
    assert (entry.event, entry.outcome) == ("cases.view_impact_outcomes", Outcome.DENIED)


def test_the_cohorts_export_as_published_never_raw(measured, vt, login_as):
    """The file holds the page's published strings: 5 for 6 households, "<5" and empty cells for
    a cohort under 5; per year when the page shows years; logged as an export naming no one."""
    import csv
    import io

    from openpyxl import load_workbook

    from eendak.audit.models import Action

    client = login_as(f.membership(Role.ANALYST, vt), verified=False)
    page = reverse("monitoring:impact_outcomes")
    assert "formaat=xlsx" in client.get(page).content.decode()
    response = client.get(page, {"formaat": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")),
                                    delimiter=";"))
    assert header[:3] == ["Cohort (start casus)", "Huishoudens", "Gevolgd na T0"]
    assert rows[0][:5] == ["1e helft 2024", "5", "5", "50%", "30.0"]
    assert rows[1][1:3] == ["<5", "<5"] and rows[1][3:] == [""] * 8
    assert rows[-1][0] == "Alle cohorten" and "6" not in rows[0][1:3]
    workbook = load_workbook(io.BytesIO(client.get(page, {"per": "year", "formaat": "xlsx"})
                                        .content))
    cells = list(workbook.active.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in cells] == ["2024", "Alle cohorten"] and cells[0][1] == 5
    entries = AccessLogEntry.objects.filter(event="statistics.impact_exported")
    assert [e.action for e in entries] == [Action.EXPORT, Action.EXPORT]
    assert not any(e.person_ids for e in entries)
    bad = client.get(page, {"formaat": "pdf"})
    assert bad.status_code == 400 and "Onbekend formaat" in bad.content.decode()
    other = login_as(f.membership(Role.VT_MONITOR, vt)).get(page, {"formaat": "csv"})
    assert other.status_code == 404 and entries.count() == 2
