""""Mijn werk" shows each role the work in its queues — counts, and the first items as references —
only from the cases its organisation takes part in, and writes one access-log entry naming the
persons those references concern (a reference tells who is known, as in every list)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.audit.models import AccessLogEntry
from eendak.core.roles import Role
from eendak.intake import services as intake
from eendak.persons.models import HouseholdMember
from eendak.testing import factories as f

from .test_query_counts import World

pytestmark = pytest.mark.django_db


def counts(response) -> dict[str, int]:
    found = re.findall(r'<h3[^>]*><a[^>]*>([^<]*): <data class="eendak-count" value="(\d+)">',
                       response.content.decode())
    return {title: int(n) for title, n in found}


@pytest.fixture
def busy(vt, tilburg_team):
    world = World(vt, tilburg_team)
    return world, world.busy_case(1)


def test_the_coordinator_sees_the_handover_and_the_actions_waiting_by_reference(busy, login_as):
    world, case = busy
    response = login_as(world.coordinator.membership).get(reverse("core:home"))
    shown = counts(response)
    assert shown["Overdrachten die op uw acceptatie wachten"] == 1
    assert shown["Mijn acties"] == 2
    assert shown["Open casussen van uw organisatie"] == 1
    page = response.content.decode()
    assert case.reference in page
    assert reverse("cases:case_detail", args=[case.pk]) in page
    assert "Visser" not in page  # references, never a name
    entry = AccessLogEntry.objects.filter(event="start_page.read").latest("id")
    members = set(HouseholdMember.objects.filter(household=case.household)
                  .values_list("person_id", flat=True))
    assert entry.user_id == world.coordinator.user.pk
    assert set(entry.person_ids) == members


def test_the_intake_officer_sees_the_reports_waiting_with_the_overdue_ones(busy, login_as):
    world, _case = busy
    late = intake.register_report(world.intake, intake.ReportData(
        channel="phone", account="Buren hoorden geschreeuw.", violence_types=["partnergeweld"],
        reporter=intake.ReporterData(name="Buurvrouw"), municipality_id=world.tilburg.pk,
        received_at=timezone.now() - timedelta(days=14)))
    response = login_as(world.intake.membership).get(reverse("core:home"))
    assert counts(response)["Meldingen die op beoordeling of besluit wachten"] == 1
    page = response.content.decode()
    assert late.reference in page
    assert "1 te laat" in page


def test_an_organisation_outside_the_case_sees_nothing_of_it(busy, login_as, police):
    _world, case = busy
    officer = f.membership(Role.PARTNER_LIAISON, police)
    response = login_as(officer).get(reverse("core:home"))
    shown = counts(response)
    assert shown["Open casussen van uw organisatie"] == 0
    assert shown["Signalen in uw casussen"] == 0
    assert shown["Overdrachten die op uw acceptatie wachten"] == 0
    assert case.reference not in response.content.decode()
    assert not AccessLogEntry.objects.filter(event="start_page.read",
                                             user_id=officer.user_id).exists()


def test_a_role_without_client_data_gets_no_queue_of_cases_and_no_log_entry(busy, login_as, vt):
    _world, case = busy
    analyst = f.membership(Role.ANALYST, vt)
    response = login_as(analyst).get(reverse("core:home"))
    assert response.status_code == 200
    assert "Signalen in uw casussen" not in counts(response)
    assert case.reference not in response.content.decode()
    assert not AccessLogEntry.objects.filter(event="start_page.read",
                                             user_id=analyst.user_id).exists()
