"""The person page: name, birth name, date of birth, sex, address, municipality and masked BSN."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from eendak.audit.models import AccessLogEntry
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db


def _url(person):
    return reverse("persons:person_detail", kwargs={"person_id": person.pk})


def test_shows_the_persons_details(login_as, intake, household_with_case):
    household, _, _ = household_with_case
    person = f.person_in(household, "partner", surname_prefix="van der", surname="Berg",
                         birth_surname_prefix="de", birth_surname="Vries", sex="V")
    html = login_as(intake).get(_url(person)).content.decode()
    assert "van der Berg" in html
    assert "de Vries" in html
    assert person.date_of_birth.strftime("%d-%m-%Y") in html
    assert "Vrouw" in html
    assert escape(person.street) in html and escape(person.postcode) in html
    assert "Tilburg" in html
    assert household.reference in html


def test_opening_is_logged_with_the_person(login_as, intake, household_with_case):
    _, _, persons = household_with_case
    login_as(intake).get(_url(persons[1]))
    entry = AccessLogEntry.objects.filter(event="person.read").get()
    assert entry.person_ids == [persons[1].pk]
    assert entry.object_id == str(persons[1].pk)


def test_person_of_another_organisations_file_is_404(login_as, intake, foreign_household):
    _, person = foreign_household
    response = login_as(intake).get(_url(person))
    assert response.status_code == 404
    assert escape(person.full_name) not in response.content.decode()


def test_person_without_bsn_has_no_reveal_button(login_as, intake, household_with_case):
    _, _, persons = household_with_case
    html = login_as(intake).get(_url(persons[2])).content.decode()
    assert "Toon BSN" not in html
