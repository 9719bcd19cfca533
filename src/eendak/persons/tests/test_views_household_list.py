"""'Mijn dossiers': the households the acting organisation takes part in, and one log entry per page."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from eendak.audit.models import AccessLogEntry
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db


def test_lists_own_households_with_members_municipality_and_responsible(
        login_as, intake, household_with_case, foreign_household):
    household, _, persons = household_with_case
    response = login_as(intake).get(reverse("persons:household_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert household.reference in html
    assert "Tilburg" in html
    for person in persons:
        assert escape(person.full_name) in html
    assert "Veilig Thuis Midden-Brabant" in html
    # Need-to-know: the police's household is not listed, not even its reference.
    assert foreign_household[0].reference not in html
    assert escape(foreign_household[1].full_name) not in html


def test_one_log_entry_names_the_persons_shown(login_as, intake, household_with_case):
    _, _, persons = household_with_case
    client = login_as(intake)
    before = AccessLogEntry.objects.count()
    client.get(reverse("persons:household_list"))
    entries = AccessLogEntry.objects.filter(event="household.list")
    assert AccessLogEntry.objects.count() == before + 1
    entry = entries.get()
    assert entry.action == "R"
    assert entry.username == intake.user.username
    assert entry.person_ids == sorted(p.pk for p in persons)


def test_paginates_and_logs_only_the_persons_on_the_page(login_as, intake, vt):
    households = []
    for _ in range(27):
        household = f.HouseholdFactory()
        f.person_in(household, "parent")
        f.case_for(household, vt)
        households.append(household)
    client = login_as(intake)
    first = client.get(reverse("persons:household_list")).content.decode()
    assert "Pagina 1 van 2" in first
    second = client.get(reverse("persons:household_list") + "?page=2").content.decode()
    assert households[-1].reference in second
    assert households[0].reference not in second
    entry = AccessLogEntry.objects.filter(event="household.list").order_by("-id").first()
    assert len(entry.person_ids) == 2


def test_organisation_without_cases_sees_an_empty_list(login_as, make_member, police, household_with_case):
    from eendak.core.roles import Role

    liaison = make_member(Role.PARTNER_LIAISON, police)
    html = login_as(liaison).get(reverse("persons:household_list")).content.decode()
    assert household_with_case[0].reference not in html
    assert "aan geen enkel dossier" in html
