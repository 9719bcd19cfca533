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
