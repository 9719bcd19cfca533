"""Bad input on the web form: a clear Dutch message per field, nothing saved, everything typed kept."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from .public_support import report_form_data, row_counts, submission_key_from


def _errors(html: str) -> list[str]:
    return [unescape(m) for m in re.findall(r'class="utrecht-form-field-error-message" id="[^"]+">([^<]+)<',
                                            html)]


@pytest.mark.django_db
def test_an_empty_report_names_every_missing_field_in_dutch_and_stores_nothing(client):
    key = submission_key_from(client.get(reverse("public:report")))
    before = row_counts()

    response = client.post(reverse("public:report"), {"submission_key": key})

    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Controleer de gemarkeerde velden. Er is nog niets opgeslagen." in html
    errors = _errors(response.content.decode())
    assert "Vul uw naam in. Wilt u anoniem blijven? Vraag dan advies." in errors
    assert "Vul een telefoonnummer of e-mailadres in, zodat Veilig Thuis u kan bereiken." in errors
    assert "Kies ‘ja’ of ‘nee’." in errors
    assert "Schrijf op wat u heeft gezien of gehoord." in errors
    assert "Kies wat voor geweld het is. Weet u het niet? Kies dan ‘Ik weet het niet’." in errors
    assert row_counts() == before


@pytest.mark.django_db
def test_what_was_typed_is_kept_when_a_field_is_missing(client):
    data = report_form_data(client, reporter_name="", reporter_email="buur@voorbeeld.nl")
    before = row_counts()

    response = client.post(reverse("public:report"), data)

    html = response.content.decode()
    assert "Vul uw naam in." in unescape(html)
    assert "Ik hoor bijna elke avond geschreeuw" in unescape(html)
    assert 'value="06-12345678"' in html and 'value="buur@voorbeeld.nl"' in html
    assert 'value="Sanne"' in html and 'value="ongeveer 30"' in html
    assert re.search(r'value="partnergeweld"[^>]*checked', html)
    assert re.search(r'value="victim" selected', html)
    assert f'value="{data["submission_key"]}"' in html  # the same key, so a fixed form lands once
    assert row_counts() == before


@pytest.mark.django_db
def test_a_professional_must_say_role_and_sector(client):
    data = report_form_data(client, is_professional="ja")
    before = row_counts()

    response = client.post(reverse("public:report"), data)

    errors = _errors(response.content.decode())
    assert "Kies uw beroep." in errors
    assert "Kies de sector waarin u werkt." in errors
    assert row_counts() == before


@pytest.mark.django_db
def test_a_wrong_email_address_is_named(client):
    data = report_form_data(client, reporter_phone="", reporter_email="geen-adres")
    before = row_counts()

    response = client.post(reverse("public:report"), data)

    assert any(e.startswith("Dit e-mailadres klopt niet.") for e in _errors(response.content.decode()))
    assert row_counts() == before


@pytest.mark.django_db
def test_a_forged_key_stores_nothing_keeps_the_text_and_hands_out_a_good_key(client):
    data = report_form_data(client, submission_key="mijn-eigen-sleutel")
    before = row_counts()

    response = client.post(reverse("public:report"), data)

    html = unescape(response.content.decode())
    assert "Dit formulier was verlopen of beschadigd" in html
    assert "Ik hoor bijna elke avond geschreeuw" in html
    assert row_counts() == before
    retry = dict(data, submission_key=submission_key_from(response))
    assert client.post(reverse("public:report"), retry).status_code == 200
    assert "Uw melding is ontvangen" in unescape(client.post(reverse("public:report"), retry)
                                                  .content.decode())


@pytest.mark.django_db
def test_csrf_protection_stays_on(client):
    data = report_form_data(client)
    strict = Client(enforce_csrf_checks=True)
    before = row_counts()

    response = strict.post(reverse("public:report"), data)

    assert response.status_code == 403
    assert row_counts() == before
