"""The privacy officer's report for a person: who accessed their data, when, in which role, and
whether by emergency access, in time order; a printable version whose opening is an export."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from eendak.audit import services as audit
from eendak.audit.models import AccessLogEntry, Action
from eendak.core.actors import Actor
from eendak.core.roles import Role
from eendak.persons import bsn as bsn_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_member, vt):
    return make_member(Role.PRIVACY_OFFICER, vt)


@pytest.fixture
def history(intake, make_member, tilburg_team, household_with_case):
    """Three looks at the parent: Veilig Thuis, then the local team, then one under emergency."""
    _, _, persons = household_with_case
    parent = persons[0]
    worker = make_member(Role.LOCAL_TEAM_WORKER, tilburg_team)
    audit.log_access(Actor(intake.user, intake), event="person.read", action=Action.READ,
                     obj=parent, persons=[parent])
    audit.log_access(Actor(worker.user, worker), event="household.read", action=Action.READ,
                     persons=persons)
    audit.log_access(Actor(intake.user, intake), event="household.read", action=Action.READ,
                     persons=persons, emergency=True, reason="Kind in acuut gevaar na melding")
    # Not about the parent: must not appear.
    audit.log_access(Actor(worker.user, worker), event="person.read", action=Action.READ,
                     persons=[persons[2]])
    return parent, intake, worker


def _report(person_id):
    return reverse("privacy:person_access_report", kwargs={"person_id": person_id})


def test_lookup_by_bsn_redirects_to_the_report(login_as, officer, household_with_case):
    _, _, persons = household_with_case
    full = bsn_module.decrypt(persons[0].bsn.encrypted_value)
    response = login_as(officer).post(reverse("privacy:person_access_lookup"), {"bsn": full})
    assert response.status_code == 302 and response.url == _report(persons[0].pk)
    entry = AccessLogEntry.objects.filter(event="person.access_lookup").get()
    assert entry.person_ids == [persons[0].pk]


def test_lookup_by_number(login_as, officer, household_with_case):
    _, _, persons = household_with_case
    response = login_as(officer).post(reverse("privacy:person_access_lookup"),
                                      {"person_id": persons[1].pk})
    assert response.url == _report(persons[1].pk)


def test_lookup_errors_are_dutch_and_keep_input(login_as, officer, household_with_case):
    client = login_as(officer)
    html = client.post(reverse("privacy:person_access_lookup"), {"bsn": "123456788"}).content.decode()
    assert "elfproef" in html and 'value="123456788"' in html
    html = client.post(reverse("privacy:person_access_lookup"), {"person_id": 99999999}).content.decode()
    assert "geen persoon en geen logregel" in html
    html = client.post(reverse("privacy:person_access_lookup"), {}).content.decode()
    assert "Vul een persoonsnummer of een BSN in." in html


def test_a_valid_bsn_nobody_has_is_a_dutch_message_not_a_server_error(login_as, officer, region):
    response = login_as(officer).post(reverse("privacy:person_access_lookup"), {"bsn": "999990007"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is geen persoon met dit BSN bekend." in html and 'value="999990007"' in html
    entry = AccessLogEntry.objects.filter(event="person.access_lookup").get()
    assert entry.outcome == "not_found" and entry.detail == "op bsn"


def test_report_lists_who_when_role_and_emergency_in_time_order(login_as, officer, history):
    parent, intake, worker = history
    html = login_as(officer).get(_report(parent.pk)).content.decode()
    assert escape(parent.full_name) in html
    first = html.index("Persoonsgegevens ingezien")
    second = html.index("Medewerker lokaal team")
    third = html.index("Kind in acuut gevaar na melding")
    assert first < second < third
    assert escape(intake.user.get_full_name()) in html and escape(worker.user.get_full_name()) in html
    assert "Intakemedewerker Veilig Thuis" in html and "Lokaal team Tilburg" in html
    # The child's entry is not the parent's business.
    assert html.count("<tr>") == 1 + 4  # header + three looks + this report itself


def test_opening_the_report_is_logged_with_the_person(login_as, officer, history):
    parent = history[0]
    login_as(officer).get(_report(parent.pk))
    entry = AccessLogEntry.objects.filter(event="person.access_report").get()
    assert entry.action == "R" and entry.person_ids == [parent.pk]


def test_print_version_is_complete_and_logged_as_export(login_as, officer, history):
    parent = history[0]
    response = login_as(officer).get(_report(parent.pk) + "?print=1")
    html = response.content.decode()
    assert "afdrukversie" in html.lower()
    assert "Kind in acuut gevaar na melding" in html
    entry = AccessLogEntry.objects.filter(event="person.access_report.printed").get()
    assert entry.action == "E" and entry.person_ids == [parent.pk]


def test_report_of_a_removed_person_still_shows_the_log(login_as, officer):
    audit.log_access(Actor.system(), event="person.read", action=Action.READ, persons=[424242])
    html = login_as(officer).get(_report(424242)).content.decode()
    assert "persoonsgegevens niet meer aanwezig" in html
    assert "Persoonsgegevens ingezien" in html


def test_report_paginates_old_entries_first(login_as, officer, household_with_case):
    _, _, persons = household_with_case
    for i in range(55):
        audit.log_access(Actor.system(), event="person.read", action=Action.READ,
                         persons=[persons[0]], detail=f"n{i}")
    client = login_as(officer)
    first = client.get(_report(persons[0].pk)).content.decode()
    assert "Pagina 1 van 2" in first


@pytest.mark.parametrize("role", [Role.LOG_ADMIN, Role.VT_INTAKE])
def test_without_the_permission_it_is_404(login_as, make_member, vt, role, household_with_case):
    member = make_member(role, vt)
    client = login_as(member)
    person = household_with_case[2][0]
    assert client.get(reverse("privacy:person_access_lookup")).status_code == 404
    assert client.get(_report(person.pk)).status_code == 404
    assert AccessLogEntry.objects.filter(event="privacy.view_person_access", outcome="denied").exists()


def test_second_factor_is_required(login_as, officer, household_with_case):
    client = login_as(officer, verified=False)
    response = client.get(_report(household_with_case[2][0].pk))
    assert response.status_code == 302 and reverse("core:second_factor") in response.url
