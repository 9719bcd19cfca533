"""Veilig Thuis finds the presentation behind what a hospital sent: on the report's page and on the
advice request's page (a consultation), with a link — and nothing for a report that came elsewhere."""

import pytest
from django.urls import reverse

from eendak.acute import services

pytestmark = pytest.mark.django_db


def test_a_consultation_shows_veilig_thuis_the_presentation_behind_it(toddler, clinician_actor,
                                                                      intake, login_as):
    contact = services.contact_veilig_thuis(clinician_actor, toddler, kind="advice",
                                            text="Passen deze plekken bij een val?",
                                            person_ids=[toddler.patient_id])
    page = login_as(intake).get(reverse("intake:advice_detail", args=[contact.advice.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Van het Spoedplein" in html
    assert reverse("acute:presentation", args=[toddler.pk]) in html
