"""The public pages in the region's languages: a language switch (a plain form, no JavaScript) and a
quick-exit link on every public page; the choice is kept for the browser session and holds on every
public page; the professional screens stay Dutch or English whatever was chosen there."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from eendak.core.roles import Role
from eendak.expertise import services
from eendak.expertise.models import Enrolment
from eendak.testing import factories as f

from .conftest import actor_for

PUBLIC_PAGES = ["/melden/", "/melden/meldcode/", "/melden/meldcode/afwegingskader/", "/melden/formulier/",
                "/melden/formulier/advies/", "/melden/formulier/melding/", "/trainingen-en-bijeenkomsten/"]
ENDONYMS = ["Nederlands", "English", "Türkçe", "العربية", "Soomaali", "Polski"]


@pytest.fixture(autouse=True)
def _language_restored():
    """The test client leaves the last request's language active: put back the test's own."""
    with translation.override(translation.get_language()):
        yield


def _text(response) -> str:
    return unescape(response.content.decode())


def _choose(client, language: str, next_url: str):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_has_the_language_switch_and_the_quick_exit(client, url):
    html = _text(client.get(url))

    assert '<form method="post" action="/taal/">' in html
    assert f'<input type="hidden" name="next" value="{url}">' in html
    for name in ENDONYMS:
        assert f">{name}</button>" in html
    assert 'lang="ar" dir="rtl"' in html  # Arabic's own name, right to left
    exit_link = re.search(r'<a class="eendak-quick-exit" href="([^"]+)"[^>]*data-quick-exit>', html)
    assert exit_link and exit_link.group(1) == "https://www.google.nl/"
    assert html.index("eendak-quick-exit") < html.index("<main")  # at the top, before the content
    assert '<script src="/static/eendak/public.js" defer></script>' in html


@pytest.mark.django_db
def test_the_switch_keeps_the_choice_for_the_browser_session_and_returns(client):
    response = _choose(client, "pl", "/trainingen-en-bijeenkomsten/")

    assert response.status_code == 302 and response["Location"] == "/trainingen-en-bijeenkomsten/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "pl"
    assert not cookie["max-age"] and not cookie["expires"]  # ends when the browser closes
    html = _text(client.get("/trainingen-en-bijeenkomsten/"))
    assert '<html lang="pl" dir="ltr"' in html
    assert "Szkolenia i spotkania Centrum Eksperckiego" in html
    assert 'lang="pl" dir="ltr" class="eendak-language-switch__button" aria-current="true"' in html
    assert "Martwisz się przemocą w domu?" in _text(client.get("/melden/"))


@pytest.mark.django_db
def test_the_switch_goes_back_only_to_this_site(client):
    response = _choose(client, "tr", "https://elders.example/")

    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get(reverse("set_language")).status_code == 302  # a GET changes nothing


@pytest.mark.django_db
def test_a_language_that_is_not_offered_is_not_used(client):
    _choose(client, "de", "/melden/")

    assert '<html lang="nl" dir="ltr"' in _text(client.get("/melden/"))


@pytest.mark.django_db
def test_arabic_public_pages_are_right_to_left(client, session):
    _choose(client, "ar", "/melden/")

    for url in ("/melden/", "/trainingen-en-bijeenkomsten/",
                reverse("expertise_public:enrol") + f"?sessie={session.pk}"):
        html = _text(client.get(url))
        assert '<html lang="ar" dir="rtl"' in html, url
    assert "تدريبات ولقاءات مركز الخبرة" in _text(client.get("/trainingen-en-bijeenkomsten/"))


@pytest.mark.django_db
def test_the_professional_screens_stay_dutch_or_english_after_a_public_choice(client, login_as, vt):
    _choose(client, "ar", "/melden/")

    login_page = _text(client.get("/inloggen/"))
    assert '<html lang="nl"' in login_page and "Inloggen bij Eendak" in login_page
    english = _text(client.get("/inloggen/", headers={"accept-language": "en"}))
    assert '<html lang="en"' in english and "Log in to Eendak" in english

    staff = login_as(f.membership(Role.VT_INTAKE, vt))
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "so"
    home = _text(staff.get(reverse("core:home"), headers={"accept-language": "so"}))
    assert '<html lang="nl"' in home and "Mijn werk" in home


@pytest.mark.django_db
def test_a_registration_in_polish_says_what_is_wrong_in_polish(client, session):
    _choose(client, "pl", "/trainingen-en-bijeenkomsten/")
    url = reverse("expertise_public:enrol") + f"?sessie={session.pk}"
    page = _text(client.get(url))
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)

    empty = _text(client.post(url, {"submission_key": key, "name": "", "email": "x"}))
    assert "Podaj swoje imię i nazwisko." in empty
    assert "Ten adres e-mail jest nieprawidłowy." in empty

    client.post(url, {"submission_key": key, "name": "Anna Nowak", "email": "anna@example.test"})
    key = re.search(r'name="submission_key" value="([^"]+)"', _text(client.get(url))).group(1)
    twice = _text(client.post(url, {"submission_key": key, "name": "Anna", "email": "anna@example.test"}))
    assert "Z tym adresem e-mail jesteś już zapisany(-a) na to szkolenie." in twice
    assert Enrolment.objects.count() == 1


@pytest.mark.django_db
def test_a_full_session_says_so_in_turkish(client, session, staff):
    start = timezone.now() + timedelta(days=3)
    full = services.plan_session(actor_for(staff), session.course, starts_at=start,
                                 ends_at=start + timedelta(hours=2), place="Dongen", trainer="T", capacity=1)
    full = services.move_session(actor_for(staff), full, "published")
    services.enrol_someone(actor_for(staff), full, services.Registrant(name="Eerste", email="een@example.test"))
    _choose(client, "tr", "/trainingen-en-bijeenkomsten/")

    html = _text(client.get(reverse("expertise_public:enrol") + f"?sessie={full.pk}"))

    assert "Bu eğitim dolu." in html and "Bekleme listesine kaydol" in html
