"""The household page: members with role, date of birth and masked BSN; the cases and who takes part."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from eendak.audit.models import AccessLogEntry
from eendak.persons import bsn as bsn_module

pytestmark = pytest.mark.django_db


def _url(household):
    return reverse("persons:household_detail", kwargs={"household_id": household.pk})


def test_shows_members_cases_and_participants(login_as, intake, household_with_case):
    household, case, persons = household_with_case
    response = login_as(intake).get(_url(household))
    html = response.content.decode()
    assert response.status_code == 200
    for person in persons:
        assert escape(person.full_name) in html
        assert person.date_of_birth.strftime("%d-%m-%Y") in html
    assert "Ouder/verzorger" in html and "Kind" in html
    assert case.reference in html
    assert "Lokaal team Tilburg" in html and "Veilig Thuis Midden-Brabant" in html
    assert "eendak-emergency" not in html


def test_bsn_is_masked(login_as, intake, household_with_case):
    household, _, persons = household_with_case
    full = bsn_module.decrypt(persons[0].bsn.encrypted_value)
    html = login_as(intake).get(_url(household)).content.decode()
    assert full not in html
    assert bsn_module.mask(full) in html


def test_opening_is_logged_with_every_member(login_as, intake, household_with_case):
    household, _, persons = household_with_case
    login_as(intake).get(_url(household))
    entry = AccessLogEntry.objects.filter(event="household.read").get()
    assert entry.outcome == "success" and not entry.emergency
    assert entry.object_id == str(household.pk)
    assert entry.person_ids == sorted(p.pk for p in persons)


def test_other_organisation_gets_404_and_the_attempt_is_logged(login_as, intake, foreign_household):
    household, person = foreign_household
    response = login_as(intake).get(_url(household))
    assert response.status_code == 404
    assert escape(person.full_name) not in response.content.decode()
    entry = AccessLogEntry.objects.filter(event="household.read").get()
    assert entry.outcome == "not_found"


def test_unknown_household_is_the_same_404(login_as, intake, household_with_case):
    assert login_as(intake).get(reverse("persons:household_detail",
                                        kwargs={"household_id": 987654})).status_code == 404
