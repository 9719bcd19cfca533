"""The honeypot field: a bot that fills it sees the normal thank-you page, and nothing is stored."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from .public_support import advice_form_data, report_form_data, row_counts


@pytest.mark.django_db
def test_a_filled_honeypot_shows_success_but_stores_nothing(client):
    data = report_form_data(client, website="http://spam.example")
    before = row_counts()

    response = client.post(reverse("public:report"), data)

    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Uw melding is ontvangen" in html
    assert re.search(r"M-\d{4}-9\d{5}", html)  # a decoy number, far above any real year's count
    assert row_counts() == before


@pytest.mark.django_db
def test_a_filled_honeypot_on_the_advice_form_stores_nothing(client):
    data = advice_form_data(client, website="koop nu")
    before = row_counts()

    response = client.post(reverse("public:advice"), data)

    assert "Uw vraag is ontvangen" in unescape(response.content.decode())
    assert row_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["public:report", "public:advice"])
def test_the_honeypot_is_hidden_skipped_by_keyboard_and_labelled_for_screen_readers(client, page):
    html = client.get(reverse(page)).content.decode()

    hp = re.search(r'<div class="eendak-public-hp">(.*?)</div>', html, re.S).group(1)
    assert "Laat dit veld leeg" in hp
    assert 'tabindex="-1"' in hp and 'autocomplete="off"' in hp and 'name="website"' in hp
    css = (Path(settings.BASE_DIR) / "static" / "eendak" / "public.css").read_text()
    assert re.search(r"\.eendak-public-hp[^{]*\{[^}]*position: absolute", css)
