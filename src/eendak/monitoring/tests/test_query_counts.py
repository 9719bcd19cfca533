"""The analyst's figures (/cijfers/) cost the same number of database queries however many cases
there are: one grouped count over the cases and one list of municipalities, never a query per
municipality or per case. Counted with a few cases, then with several times more (open and closed,
spread over every municipality): the same number — "it does not get slower with the data"."""

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.cases.models import Case, CaseStatus
from eendak.core.models import Municipality
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f
from eendak.testing.query_counts import assert_flat

pytestmark = pytest.mark.django_db


def cases(count: int) -> None:
    """``count`` households with a case each, round the municipalities; every third closed."""
    municipalities = list(Municipality.objects.order_by("name"))
    responsible = f.organisation(T.VEILIG_THUIS)
    for n in range(count):
        household = f.HouseholdFactory(municipality=municipalities[n % len(municipalities)])
        f.person_in(household, "parent")
        closed = n % 3 == 0
        Case.objects.create(reference=f"C-{household.reference}", household=household,
                            responsible_organisation=responsible,
                            status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
                            closed_at=timezone.now() if closed else None, is_synthetic=True)


def test_the_figures_cost_the_same_with_five_times_the_cases(login_as, vt, capsys):
    cases(9)
    analyst = login_as(f.membership(Role.ANALYST, vt))
    assert_flat(capsys, "/cijfers/ as the analyst (rows: cases counted)", analyst,
                reverse("monitoring:statistics"), lambda: cases(45),
                rows=lambda response: Case.objects.count())


def figures(count: int) -> None:
    """``count`` reports, advice requests and cases with a local team and Veilig Thuis taking part,
    round the municipalities; every other report assessed."""
    from datetime import timedelta

    from eendak.intake.models import AdviceRequest, Report, SafetyAssessment

    municipalities = list(Municipality.objects.order_by("name"))
    vt = f.organisation(T.VEILIG_THUIS)
    assessor = f.UserFactory()
    now = timezone.now()
    start = Report.objects.count()
    for n in range(start, start + count):
        municipality = municipalities[n % len(municipalities)]
        report = Report.objects.create(
            reference=f"QR-{n}", channel="phone", organisation=vt, municipality=municipality,
            account="synthetisch", received_at=now - timedelta(days=n % 300),
            assessment_due_at=now - timedelta(days=n % 300) + timedelta(days=7), is_synthetic=True)
        if n % 2:
            SafetyAssessment.objects.create(report=report, acute_unsafety=False,
                                            structural_unsafety=True, triage="none",
                                            rationale="synthetisch", assessed_by=assessor,
                                            assessed_role=Role.VT_INTAKE)
        AdviceRequest.objects.create(reference=f"QA-{n}", channel="phone", asker_type="professional",
                                     municipality=municipality, question="synthetisch",
                                     organisation=vt, is_synthetic=True)
        household = f.HouseholdFactory(municipality=municipality)
        f.case_for(household, f.organisation(T.LOCAL_TEAM, municipality.name), vt)


def more_figures(count: int) -> None:
    """``figures(count)``, then the dashboards' background refresh, as the worker would do it."""
    from eendak.monitoring import dashboard_tasks

    figures(count)
    dashboard_tasks.refresh()


def test_the_dashboards_cost_the_same_with_five_times_the_figures(login_as, vt, capsys):
    """The pages answer from the stored snapshot (refreshed after the figures grew): one lookup and
    one per chart, whatever the data."""
    from eendak.intake.models import Report

    figures(6)
    analyst = login_as(f.membership(Role.ANALYST, vt))
    assert_flat(capsys, "/cijfers/dashboard/ as the analyst (rows: reports counted)", analyst,
                reverse("monitoring:dashboard"), lambda: more_figures(30),
                rows=lambda response: Report.objects.count())
    assert_flat(capsys, "/api/v1/dashboards/ as the analyst (rows: reports counted)", analyst,
                "/api/v1/dashboards/", lambda: more_figures(30),
                rows=lambda response: Report.objects.count())
    officer = login_as(f.membership(Role.MUNICIPAL_POLICY_OFFICER,
                                    f.organisation(T.MUNICIPALITY, "Tilburg")))
    tilburg = Municipality.objects.get(name="Tilburg")
    assert_flat(capsys, "a municipality's dashboards as its policy officer", officer,
                reverse("monitoring:dashboard_municipality", args=[tilburg.pk]),
                lambda: more_figures(30), rows=lambda response: Report.objects.count())


def test_computing_the_dashboards_costs_the_same_with_five_times_the_figures(vt, capsys):
    """What the refresh (or a page finding no young snapshot) computes: grouped counts, never a
    query per municipality, report or case."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from eendak.monitoring import dashboards

    def counted(municipality):
        with CaptureQueriesContext(connection) as captured:
            dashboards.compute(municipality, dashboards.period())
        return len(captured)

    tilburg = Municipality.objects.get(name="Tilburg")
    figures(6)
    few = (counted(None), counted(tilburg))
    figures(30)
    many = (counted(None), counted(tilburg))
    with capsys.disabled():
        print(f"\ndashboards.compute (region, Tilburg): {few} queries, then {many}")
    assert few == many
