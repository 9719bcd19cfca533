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
