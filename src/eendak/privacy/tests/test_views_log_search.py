"""The log administrator's search: filters, the table, second factor, and the search logged itself."""

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.audit import services as audit
from eendak.audit.models import AccessLogEntry, Action
from eendak.core.actors import Actor
from eendak.core.roles import Role

pytestmark = pytest.mark.django_db

URL = "privacy:log_search"


@pytest.fixture
def log_admin(make_member, vt):
    return make_member(Role.LOG_ADMIN, vt)


@pytest.fixture
def some_entries(intake, household_with_case):
    _, _, persons = household_with_case
    actor = Actor(user=intake.user, membership=intake, ip_address="192.0.2.7")
    read = audit.log_access(actor, event="person.read", action=Action.READ, obj=persons[0],
                            persons=[persons[0]])
    other = audit.log_access(Actor.system(), event="system.task", action=Action.UPDATE,
                             detail="nachtelijke taak")
    emergency = audit.log_access(actor, event="household.read", action=Action.READ,
                                 persons=persons, emergency=True,
                                 reason="Acuut gevaar voor het kind, melding politie")
    return read, other, emergency, persons


def test_shows_entries_with_every_column(login_as, log_admin, some_entries):
    read, _, _, persons = some_entries
    html = login_as(log_admin).get(reverse(URL)).content.decode()
    assert read.username in html
    assert "Veilig Thuis Midden-Brabant" in html
    assert "Intakemedewerker Veilig Thuis" in html
    assert "Inzien" in html and "person.read" in html
    assert f"persons.person {persons[0].pk}" in html
    assert "192.0.2.7" in html
    assert "Acuut gevaar voor het kind" in html


def test_time_is_shown_in_amsterdam_time(login_as, log_admin, some_entries):
    read = some_entries[0]
    local = timezone.localtime(read.occurred_at, timezone.get_fixed_timezone(0))
    html = login_as(log_admin).get(reverse(URL)).content.decode()
    amsterdam = timezone.localtime(read.occurred_at).strftime("%d-%m-%Y %H:%M:%S")
    assert amsterdam in html
    assert local.strftime("%Y-%m-%dT%H:%M:%S") in html  # the machine-readable UTC value


def test_filters_narrow_the_result(login_as, log_admin, intake, some_entries):
    read, other, emergency, persons = some_entries
    client = login_as(log_admin)
    html = client.get(reverse(URL), {"username": intake.user.username,
                                     "event": "person."}).content.decode()
    assert "person.read" in html and "system.task" not in html and "household.read" not in html
    html = client.get(reverse(URL), {"emergency_only": "on"}).content.decode()
    assert "household.read" in html and "person.read" not in html
    html = client.get(reverse(URL), {"person_id": persons[2].pk}).content.decode()
    assert "household.read" in html and "person.read" not in html
    html = client.get(reverse(URL), {"action": "U"}).content.decode()
    assert "system.task" in html and "person.read" not in html


def test_the_search_itself_is_logged_with_its_criteria(login_as, log_admin, some_entries):
    persons = some_entries[3]
    login_as(log_admin).get(reverse(URL), {"username": "jansen", "person_id": persons[0].pk,
                                           "emergency_only": "on"})
    entry = AccessLogEntry.objects.filter(event="access_log.search").get()
    assert entry.action == "S"
    assert entry.username == log_admin.user.username
    assert "username=jansen" in entry.detail
    assert f"person_id={persons[0].pk}" in entry.detail
    assert "emergency_only=True" in entry.detail
    assert entry.person_ids == [persons[0].pk]


def test_bad_dates_are_refused_kept_and_not_searched(login_as, log_admin):
    response = login_as(log_admin).get(reverse(URL), {"date_from": "31-04-2025",
                                                      "date_to": "01-01-2025", "username": "piet"})
    html = response.content.decode()
    assert "Deze datum bestaat niet" in html
    assert 'value="31-04-2025"' in html and 'value="piet"' in html
    assert not AccessLogEntry.objects.filter(event="access_log.search").exists()


def test_end_before_start_is_refused(login_as, log_admin):
    html = login_as(log_admin).get(reverse(URL), {"date_from": "02-01-2025",
                                                  "date_to": "01-01-2025"}).content.decode()
    assert "De einddatum ligt vóór de begindatum." in html


def test_paginates(login_as, log_admin):
    for i in range(60):
        audit.log_access(Actor.system(), event="system.task", action=Action.UPDATE, detail=f"n{i}")
    html = login_as(log_admin).get(reverse(URL), {"event": "system"}).content.decode()
    assert "Pagina 1 van 2" in html
    assert "event=system&amp;page=2" in html


def test_user_without_the_permission_gets_404_and_is_logged(login_as, intake):
    response = login_as(intake).get(reverse(URL))
    assert response.status_code == 404
    entry = AccessLogEntry.objects.filter(event="privacy.search_access_log").get()
    assert entry.outcome == "denied"


def test_privacy_officer_cannot_search_the_whole_log(login_as, make_member, vt):
    officer = make_member(Role.PRIVACY_OFFICER, vt)
    assert login_as(officer).get(reverse(URL)).status_code == 404


def test_second_factor_is_required(login_as, log_admin):
    client = login_as(log_admin, verified=False)
    response = client.get(reverse(URL))
    assert response.status_code == 302
    assert reverse("core:second_factor") in response.url
