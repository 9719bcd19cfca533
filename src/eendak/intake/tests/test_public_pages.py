"""The public pages open without login, carry no inline script or style, and show no client data."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

PAGES = ["public:home", "public:guide", "public:decision", "public:form_choice", "public:advice",
         "public:report"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_an_anonymous_visitor_gets_the_page(page):
    response = Client().get(reverse(page))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Direct gevaar? Bel 112." in html
    assert "0800 2000" in html
    assert '<html lang="nl"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_only_static_scripts_and_no_inline_style(client, page):
    response = client.get(reverse(page))

    html = response.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    for attributes, body in scripts:
        assert re.search(r'src="/static/[^"]+\.js"', attributes), f"inline script: {attributes}"
        assert not body.strip()
    assert not re.search(r"\sstyle=", html)
    assert "<style" not in html
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy


@pytest.mark.django_db
def test_the_pages_reveal_nothing_about_known_persons_or_reports(client, household_with_case):
    household, case, persons = household_with_case

    for page in PAGES:
        html = client.get(reverse(page)).content.decode()
        for person in persons:
            assert escape(person.surname) not in html
        assert household.reference not in html
        assert case.reference not in html


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_every_field_has_a_label(client, page):
    html = client.get(reverse(page)).content.decode()

    labelled = set(re.findall(r'<label[^>]*for="([^"]+)"', html))
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        if re.search(r'type="(hidden|submit)"', tag):
            continue
        field_id = re.search(r'id="([^"]+)"', tag)
        assert field_id and field_id.group(1) in labelled, f"no label for {tag}"
