"""Advice through the web form: anonymous by default, contact details only with explicit consent."""

from html import unescape

import pytest
from django.urls import reverse

from eendak.core.reference import veilig_thuis
from eendak.intake.models import AdviceRequest, Channel

from .public_support import advice_form_data, row_counts


@pytest.mark.django_db
def test_anonymous_advice_is_stored_without_contact_and_says_how_to_get_an_answer(client):
    response = client.post(reverse("public:advice"), advice_form_data(client))

    advice = AdviceRequest.objects.get()
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert advice.reference.startswith("A-") and advice.reference in html
    assert advice.channel == Channel.WEB_FORM
    assert advice.organisation == veilig_thuis()
    assert advice.anonymous is True and advice.consent_to_contact is False
    assert (advice.asker_name, advice.asker_phone, advice.asker_email) == ("", "", "")
    assert advice.asker_type == "resident" and advice.asker_role == "niet_beroepsmatig"
    assert "geen contactgegevens achtergelaten" in html
    assert "0800 2000" in html


@pytest.mark.django_db
def test_contact_details_are_stored_with_consent(client):
    client.post(reverse("public:advice"), advice_form_data(
        client, consent_to_contact="on", asker_name="Els", asker_phone="013-1234567"))

    advice = AdviceRequest.objects.get()
    assert advice.consent_to_contact is True and advice.anonymous is False
    assert (advice.asker_name, advice.asker_phone) == ("Els", "013-1234567")


@pytest.mark.django_db
def test_contact_details_without_consent_are_refused_and_nothing_is_stored(client):
    data = advice_form_data(client, asker_phone="013-1234567")
    before = row_counts()

    response = client.post(reverse("public:advice"), data)

    html = unescape(response.content.decode())
    assert "Geef toestemming om ze te bewaren" in html
    assert 'value="013-1234567"' in html
    assert row_counts() == before


@pytest.mark.django_db
def test_consent_without_a_way_to_reach_you_asks_for_phone_or_email(client):
    data = advice_form_data(client, consent_to_contact="on", asker_name="Els")
    before = row_counts()

    response = client.post(reverse("public:advice"), data)

    assert "Vul een telefoonnummer of e-mailadres in" in unescape(response.content.decode())
    assert row_counts() == before


@pytest.mark.django_db
def test_a_professional_asks_advice_with_role_and_sector(client):
    client.post(reverse("public:advice"), advice_form_data(
        client, asker_type="professional", role="medisch", sector="gezondheidszorg"))

    advice = AdviceRequest.objects.get()
    assert (advice.asker_type, advice.asker_role, advice.asker_sector) == (
        "professional", "medisch", "gezondheidszorg")
