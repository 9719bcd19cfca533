"""Person search: by BSN or by name (and date of birth), within need-to-know, with Dutch messages."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from eendak.audit.models import AccessLogEntry
from eendak.persons import bsn as bsn_module
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db

URL = "persons:person_search"


def test_empty_form_shows_no_results_and_logs_nothing(login_as, intake):
    client = login_as(intake)
    before = AccessLogEntry.objects.count()
    response = client.get(reverse(URL))
    assert response.status_code == 200
    assert "Resultaten" not in response.content.decode()
    assert AccessLogEntry.objects.count() == before


def test_search_by_bsn_finds_the_person(login_as, intake, household_with_case):
    _, _, persons = household_with_case
    full = bsn_module.decrypt(persons[0].bsn.encrypted_value)
    spaced = f"{full[:4]} {full[4:6]} {full[6:]}"
    response = login_as(intake).post(reverse(URL), {"bsn": spaced})
    html = response.content.decode()
    assert escape(persons[0].full_name) in html
    assert escape(persons[1].full_name) not in html
    # The BSN never goes into a URL; the search is a POST.
    assert full not in response.request["QUERY_STRING"]


def test_search_by_name_and_date_of_birth(login_as, intake, household_with_case):
    household, _, _ = household_with_case
    target = f.person_in(household, "child", given_names="Fenna", surname_prefix="van",
                         surname="Dijk")
    f.person_in(household, "child", given_names="Fenna", surname="Jansen")
    dob = target.date_of_birth.strftime("%d-%m-%Y")
    html = login_as(intake).post(reverse(URL), {"name": "Fenna van Dijk",
                                                "date_of_birth": dob}).content.decode()
    assert "Fenna van Dijk" in html
    assert "Fenna Jansen" not in html


def test_search_is_logged_with_its_hits(login_as, intake, household_with_case):
    _, _, persons = household_with_case
    login_as(intake).post(reverse(URL), {"name": persons[0].surname})
    entry = AccessLogEntry.objects.filter(event="person.search").get()
    assert entry.action == "S"
    assert persons[0].pk in entry.person_ids
    assert "naam=" in entry.detail


def test_persons_of_other_organisations_are_not_found(login_as, intake, foreign_household):
    _, person = foreign_household
    html = login_as(intake).post(reverse(URL), {"name": person.surname}).content.decode()
    assert escape(person.full_name) not in html
    assert "Geen personen gevonden" in html


def test_bsn_failing_the_eleven_test_is_refused_and_kept(login_as, intake):
    response = login_as(intake).post(reverse(URL), {"bsn": "123456789", "name": "Jansen"})
    html = response.content.decode()
    assert "elfproef" in html
    assert 'value="123456789"' in html and 'value="Jansen"' in html
    assert not AccessLogEntry.objects.filter(event="person.search").exists()


def test_impossible_date_is_refused_and_kept(login_as, intake):
    response = login_as(intake).post(reverse(URL), {"name": "Jansen", "date_of_birth": "31-02-2010"})
    html = response.content.decode()
    assert "Deze datum bestaat niet" in html
    assert 'value="31-02-2010"' in html and 'value="Jansen"' in html
    assert not AccessLogEntry.objects.filter(event="person.search").exists()


def test_nothing_typed_asks_for_bsn_or_name(login_as, intake):
    html = login_as(intake).post(reverse(URL), {}).content.decode()
    assert "Vul een BSN in, of een naam" in html
