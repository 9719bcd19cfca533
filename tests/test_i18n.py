"""Dutch is the language of Eendak; English comes from locale/en. The public pages (/melden/, the
Expertisecentrum's trainings and events) also speak Turkish, Arabic (right to left), Somali and
Polish (locale/tr, ar, so, pl); the professional screens stay Dutch or English. The browser's
Accept-Language or the language switch chooses (LocaleMiddleware, core.languages), and each committed
.mo must be the compiled form of its committed .po."""

import gettext
import io
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from eendak.core.management.commands.makemessages import LAZY_ALIASES
from eendak.core.roles import Role
from eendak.testing import factories as f
from eendak.testing.messages import source_messages, stray_aliases

LOCALE = Path(settings.LOCALE_PATHS[0])
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"
PUBLIC_LANGUAGES = ("tr", "ar", "so", "pl")

# What a visitor of the public pages reads, fully translated in every public language: the pages of
# /melden/ and of the trainings and events, the form error summary they share with the staff's
# screens, and the labels of the Expertisecentrum's choices the public pages show.
PUBLIC_FILES = (
    "templates/public/",
    "intake/public_forms.py",
    "intake/public.py",
    "intake/public_views.py",
    "templates/includes/form_errors.html",
    "expertise/public_views.py",
    "expertise/public_forms.py",
    "expertise/templates/expertise_public/",
)


@pytest.fixture(autouse=True)
def _language_restored():
    """Put back the language the test found. The test client runs LocaleMiddleware in the test's
    own thread, and Django leaves the language of the last request active (a server's next request
    activates its own): after a request in English, every later test in this process would run in
    English (the root conftest fails a test that leaves it so)."""
    with translation.override(translation.get_language()):
        yield


def _catalog(language: str = "en"):
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as fh:
        return read_po(fh, locale=language)


def _public_choice_labels() -> set[str]:
    """The labels of the Expertisecentrum's choices on the public pages (a course's audiences, an
    event's kind): their msgids live in expertise/workflow.py with the staff's labels."""
    from eendak.expertise.workflow import Audience, EventKind

    with translation.override("nl"):
        return {str(label) for choices in (Audience, EventKind) for label in choices.labels}


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


def test_the_whole_interface_is_translated_to_english():
    """Every screen of the professional interface, not only the shell: a message without its English
    stays Dutch in the middle of an English page (the case page's steps once did)."""
    missing = sorted(str(message.id) for message in _catalog() if message.id and not _translated(message))
    assert missing == [], "Translate these in " + str(PO)


def test_every_message_of_the_code_is_in_the_catalogue():
    """What ``make messages`` would collect is there: a message added to a template or a module
    without running it would stay Dutch on an English screen, whatever the catalogue says."""
    catalogue = _catalog()
    absent = sorted(
        f"{where}: {msgid!r}" for where, context, msgid in source_messages()
        if catalogue.get(msgid, context=context) is None
    )
    assert absent == [], "Run `make messages` and translate; not in the catalogue:\n  " + "\n  ".join(absent)


def test_gettext_goes_by_names_makemessages_knows():
    """``xgettext`` finds only the usual names and the step tables' aliases; a message marked with
    any other name would never reach the catalogue (nor this file's check above)."""
    strays = sorted(stray_aliases())
    assert strays == [], f"Use _, gettext_lazy or one of {LAZY_ALIASES}: {strays}"


@pytest.mark.parametrize("language", ("en", *PUBLIC_LANGUAGES))
def test_translations_keep_their_placeholders(language):
    problems = [f"{message.id!r}: {errors}" for message, errors in _catalog(language).check()]
    assert problems == []


@pytest.mark.parametrize("language", ("en", *PUBLIC_LANGUAGES))
def test_compiled_catalog_matches_the_po_file(language):
    """A stale .mo would silently show old text; `make messages` compiles them all in one go."""
    compiled = io.BytesIO()
    write_mo(compiled, _catalog(language))
    compiled.seek(0)
    expected = gettext.GNUTranslations(compiled)._catalog
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as fh:
        committed = gettext.GNUTranslations(fh)._catalog

    assert committed == expected, f"{language}/django.mo is out of date: run `make messages`"


def _public_message_keys() -> set:
    """Every message a public page shows, as the regenerated English catalogue locates it (so a
    language catalogue that was not regenerated with it misses the new ones)."""
    labels = _public_choice_labels()
    return {
        (message.context, message.id if isinstance(message.id, str) else tuple(message.id))
        for message in _catalog("en")
        if message.id and (
            any(public in location for location, _line in message.locations for public in PUBLIC_FILES)
            or (not message.context and message.id in labels))
    }


@pytest.mark.parametrize("language", PUBLIC_LANGUAGES)
def test_public_pages_are_fully_translated(language):
    translated = {
        (message.context, message.id if isinstance(message.id, str) else tuple(message.id))
        for message in _catalog(language) if message.id and _translated(message)
    }
    wanted = _public_message_keys()

    assert len(wanted) > 300
    missing = sorted(str(key[1]) for key in wanted - translated)
    assert missing == [], f"Run `make messages` and translate these in locale/{language}: {missing}"


@pytest.mark.parametrize("language", PUBLIC_LANGUAGES)
def test_public_plural_forms_are_complete(language):
    """Arabic has six plural forms, Polish three: each one written, none left to fall back."""
    catalog = _catalog(language)
    for message in catalog:
        if message.id and isinstance(message.id, tuple) and _translated(message):
            assert len(message.string) == catalog.num_plurals, message.id


# --- The public pages in the region's languages ---------------------------------------------------

PUBLIC_HEADINGS = {
    "nl": "Zorgen over geweld thuis? Praat erover met Veilig Thuis.",
    "en": "Worried about violence at home? Talk to Veilig Thuis about it.",
    "tr": "Evde şiddet konusunda endişeli misiniz? Veilig Thuis ile konuşun.",
    "ar": "قلق بشأن العنف في البيت؟ تحدّث عن ذلك مع Veilig Thuis.",
    "so": "Ma ka walwalsan tahay rabshad guriga ka dhacda? Kala hadal Veilig Thuis.",
    "pl": "Martwisz się przemocą w domu? Porozmawiaj o tym z Veilig Thuis.",
}
QUICK_EXIT = {"nl": "Snel weg", "en": "Quick exit", "tr": "Hızlı çıkış", "ar": "خروج سريع",
              "so": "Si degdeg ah uga bax", "pl": "Szybkie wyjście"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", sorted(PUBLIC_HEADINGS))
def test_the_public_entry_speaks_the_browsers_language(client, language):
    html = client.get("/melden/", headers={"accept-language": language}).content.decode()

    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}"' in html
    assert PUBLIC_HEADINGS[language] in html
    assert QUICK_EXIT[language] in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", PUBLIC_LANGUAGES)
def test_the_staff_screens_stay_dutch_for_a_browser_in_a_public_language(client, language):
    html = client.get("/inloggen/", headers={"accept-language": f"{language},en;q=0.5"}).content.decode()
    dutch = client.get("/inloggen/", headers={"accept-language": language}).content.decode()

    assert '<html lang="en"' in html and "Log in to Eendak" in html  # English as the browser's second
    assert '<html lang="nl"' in dutch and "Inloggen bij Eendak" in dutch
