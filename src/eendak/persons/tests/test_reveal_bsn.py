"""'Toon BSN': the full number only on an explicit POST, shown once, and logged each time."""

import pytest
from django.urls import reverse

from eendak.audit.models import AccessLogEntry
from eendak.persons import bsn as bsn_module

pytestmark = pytest.mark.django_db


def _full(person):
    return bsn_module.decrypt(person.bsn.encrypted_value)


def test_person_page_masks_and_offers_the_button(login_as, intake, household_with_case):
    _, _, persons = household_with_case
    html = login_as(intake).get(reverse("persons:person_detail",
                                        kwargs={"person_id": persons[0].pk})).content.decode()
    assert _full(persons[0]) not in html
    assert bsn_module.mask(_full(persons[0])) in html
    assert "Toon BSN" in html


def test_post_shows_the_full_bsn_and_logs_it(login_as, intake, household_with_case):
    _, _, persons = household_with_case
    client = login_as(intake)
    url = reverse("persons:reveal_bsn", kwargs={"person_id": persons[0].pk})
    response = client.post(url)
    assert response.status_code == 200
    assert _full(persons[0]) in response.content.decode()
    entry = AccessLogEntry.objects.filter(event="person.bsn_revealed").get()
    assert entry.person_ids == [persons[0].pk]
    # Showing the page again shows the masked number only.
    again = client.get(reverse("persons:person_detail", kwargs={"person_id": persons[0].pk}))
    assert _full(persons[0]) not in again.content.decode()


def test_get_does_not_reveal(login_as, intake, household_with_case):
    _, _, persons = household_with_case
    response = login_as(intake).get(reverse("persons:reveal_bsn", kwargs={"person_id": persons[0].pk}))
    assert response.status_code == 405
    assert not AccessLogEntry.objects.filter(event="person.bsn_revealed").exists()


def test_other_organisation_cannot_reveal(login_as, intake, foreign_household):
    _, person = foreign_household
    response = login_as(intake).post(reverse("persons:reveal_bsn", kwargs={"person_id": person.pk}))
    assert response.status_code == 404
    assert _full(person) not in response.content.decode()
    assert not AccessLogEntry.objects.filter(event="person.bsn_revealed").exists()
