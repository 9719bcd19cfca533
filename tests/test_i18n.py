"""Dutch is the language of Eendak; English comes from locale/en. The browser's Accept-Language
chooses (LocaleMiddleware), and the committed .mo must be the compiled form of the committed .po."""

import gettext
import io
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from eendak.core.roles import Role
from eendak.testing import factories as f

LOCALE = Path(settings.LOCALE_PATHS[0])
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"

# The shell every user passes through, and the public entry for anyone worried about a household:
# these must be fully translated.
SHELL_FILES = (
    "templates/public/",
    "intake/public_forms.py",
    "intake/public.py",
    "intake/public_views.py",
    "templates/base.html",
    "templates/includes/",
    "templates/errors/",
    "templates/core/login.html",
    "templates/core/second_factor.html",
    "templates/core/choose_role.html",
    "templates/core/home.html",
    "templates/core/locked_out.html",
    "templates/core/no_membership.html",
    "core/work.py",
    "core/roles.py",
    "core/views.py",
    "core/middleware.py",
)


@pytest.fixture(autouse=True)
def _language_restored():
    """Put back the language the test found. The test client runs LocaleMiddleware in the test's
    own thread, and Django leaves the language of the last request active (a server's next request
    activates its own): after a request in English, every later test in this process would run in
    English (the root conftest fails a test that leaves it so)."""
    with translation.override(translation.get_language()):
        yield


def _catalog():
    with PO.open("rb") as fh:
        return read_po(fh, locale="en")


@pytest.mark.django_db
def test_english_browser_gets_the_english_login_page(client):
    response = client.get(reverse("core:login"), headers={"accept-language": "en"})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    assert "Log in to Eendak" in html
    assert "Username" in html and "Password" in html
    assert "Inloggen bij Eendak" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("accept_language", [None, "nl", "nl-NL,nl;q=0.9", "de-DE,de;q=0.9"])
def test_dutch_is_the_default(client, accept_language):
    headers = {"accept-language": accept_language} if accept_language else {}
    response = client.get(reverse("core:login"), headers=headers)

    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert "Inloggen bij Eendak" in html


@pytest.mark.django_db
def test_english_wrong_password_message(client, vt):
    membership = f.membership(Role.VT_INTAKE, vt)
    response = client.post(
        reverse("core:login"),
        {"username": membership.user.username, "password": "Verkeerd-wachtwoord-1"},
        headers={"accept-language": "en"},
    )

    html = response.content.decode()
    assert "The username and password do not match." in html
    assert f'value="{membership.user.username}"' in html


@pytest.mark.django_db
def test_english_start_page_names_organisation_and_role(vt, login_as):
    membership = f.membership(Role.VT_INVESTIGATOR, vt)
    client = login_as(membership)

    html = client.get(reverse("core:home"), headers={"accept-language": "en"}).content.decode()

    assert "My work" in html
    assert f"You are working for {vt.name} as Veilig Thuis investigator." in html
    assert "Log out" in html


@pytest.mark.django_db
def test_english_404(client):
    response = client.get("/bestaat-niet/", headers={"accept-language": "en"})

    assert response.status_code == 404
    assert "This page was not found" in response.content.decode()


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


@pytest.mark.django_db
def test_english_public_entry(client):
    """Someone worried about a household may not read Dutch: the public entry is in English too."""
    html = client.get("/melden/", headers={"accept-language": "en"}).content.decode()

    assert '<html lang="en"' in html
    assert "Worried about violence at home? Talk to Veilig Thuis about it." in html
    assert "working days Veilig Thuis looks at how safe it is" in html


def test_shell_is_fully_translated():
    missing = sorted(
        str(message.id)
        for message in _catalog()
        if message.id
        and not _translated(message)
        and any(shell in location for location, _line in message.locations for shell in SHELL_FILES)
    )
    assert missing == [], "Run `make messages` and translate these in " + str(PO)


def test_translations_keep_their_placeholders():
    problems = [f"{message.id!r}: {errors}" for message, errors in _catalog().check()]
    assert problems == []


def test_compiled_catalog_matches_the_po_file():
    """A stale .mo would silently show old English; `make messages` compiles both in one go."""
    compiled = io.BytesIO()
    write_mo(compiled, _catalog())
    compiled.seek(0)
    expected = gettext.GNUTranslations(compiled)._catalog
    with MO.open("rb") as fh:
        committed = gettext.GNUTranslations(fh)._catalog

    assert committed == expected, "django.mo is out of date: run `make messages`"
