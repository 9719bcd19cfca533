"""The UI shell as a person meets it in Chromium: logging in with the second factor, errors,
keyboard use and accessibility, and the Dutch error pages."""

import pytest

from eendak.core.models import Membership
from eendak.demo.accounts import DEMO_ACCOUNTS

from .conftest import axe_serious_violations, current_totp, submit_code, submit_password

pytestmark = pytest.mark.browser

# One account uses the documented development shortcut; the others a real TOTP code.
SHORTCUT_ACCOUNT = "wijkteam"


def test_every_demo_account_logs_in_with_its_second_factor(page, demo_accounts):
    """The README's promise: each demo account, the documented password, its second factor, and
    "Mijn werk" for its organisation and role. One test, one set of accounts: creating all seventeen
    again per account would make this the slowest test in the suite."""
    failures = []
    for account in DEMO_ACCOUNTS:
        user = demo_accounts[account.username]
        membership = Membership.objects.select_related("organisation").get(user=user)
        page.context.clear_cookies()

        submit_password(page, account.username)
        if user.requires_second_factor:
            if "/inloggen/tweede-factor/" not in page.url:
                failures.append(f"{account.username}: geen tweede-factorpagina maar {page.url}")
                continue
            submit_code(page, "000000" if account.username == SHORTCUT_ACCOUNT else current_totp())

        heading = page.get_by_role("heading", level=1).first.inner_text()
        main = page.locator("main").inner_text()
        expected = f"U werkt namens {membership.organisation.name} als {membership.get_role_display()}."
        if heading != "Mijn werk" or expected not in main:
            failures.append(f"{account.username}: kwam op '{heading}' ({page.url}), niet op Mijn werk")
        elif membership.organisation.name not in page.locator("header").inner_text():
            failures.append(f"{account.username}: organisatie staat niet in de kop")
    assert failures == []


def test_wrong_password_shows_dutch_error_and_keeps_username(page, investigator):
    submit_password(page, "onderzoeker", "Niet-het-goede-wachtwoord-1")

    assert page.url.endswith("/inloggen/")
    assert page.get_by_role("alert").is_visible()
    assert "De combinatie van gebruikersnaam en wachtwoord klopt niet." in page.locator("main").inner_text()
    assert page.get_by_label("Gebruikersnaam").input_value() == "onderzoeker"
    assert page.get_by_label("Wachtwoord").input_value() == ""
    # The error summary takes focus, so a screen reader reads it out first.
    assert page.evaluate("() => document.activeElement.id") == "form-errors"


def test_wrong_second_factor_code_is_refused_in_dutch(page, investigator):
    submit_password(page, "onderzoeker")
    submit_code(page, "123456" if current_totp() != "123456" else "654321")

    assert "/inloggen/tweede-factor/" in page.url
    assert "Deze code klopt niet of is verlopen." in page.locator("main").inner_text()


def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(page, investigator):
    submit_password(page, "onderzoeker")
    submit_code(page, current_totp())
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn werk"

    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, document.activeElement.textContent]")
    assert "utrecht-skip-link" in focused[0]
    assert focused[1].strip() == "Naar de inhoud"
    # Visible once focused, so a sighted keyboard user sees where they are.
    assert page.locator(".utrecht-skip-link").is_visible()

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "inhoud"


def test_login_second_factor_and_home_have_no_serious_accessibility_violations(page, investigator):
    found = {}
    page.goto("/inloggen/")
    found["inloggen"] = axe_serious_violations(page)

    submit_password(page, "onderzoeker")
    assert "/inloggen/tweede-factor/" in page.url
    found["tweede factor"] = axe_serious_violations(page)

    submit_code(page, current_totp())
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn werk"
    found["Mijn werk"] = axe_serious_violations(page)

    assert {name: problems for name, problems in found.items() if problems} == {}


def test_pages_are_styled(page, transactional_db):
    page.goto("/inloggen/")
    # Utrecht's theme and Eendak's stylesheet applied: the header has its brand colour, not the
    # browser's transparent default. (The page fixture also fails on any static file not served.)
    background = page.evaluate(
        "() => getComputedStyle(document.querySelector('.eendak-header')).backgroundColor"
    )
    assert background not in ("", "rgba(0, 0, 0, 0)", "transparent")


def test_unknown_page_is_a_dutch_404(page, transactional_db):
    response = page.goto("/bestaat-niet/")

    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Deze pagina is niet gevonden"
    assert page.locator("html").get_attribute("lang") == "nl"
    assert axe_serious_violations(page) == []


PUBLIC_PAGES = [
    "/melden/",
    "/melden/meldcode/",
    "/melden/meldcode/afwegingskader/",
    "/melden/formulier/",
    "/melden/formulier/advies/",
    "/melden/formulier/melding/",
]


def test_public_pages_have_no_serious_accessibility_violations(page, transactional_db):
    """The public entry is for anyone worried about a household, on any device: WCAG applies first
    of all there. Also the forms after an empty submit, with their error messages shown."""
    found = {}
    for url in PUBLIC_PAGES:
        response = page.goto(url)
        assert response.status == 200, url
        found[url] = axe_serious_violations(page)
    for url in ("/melden/formulier/advies/", "/melden/formulier/melding/"):
        page.goto(url)
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()
        found[url + " (na leeg versturen)"] = axe_serious_violations(page)

    assert {name: problems for name, problems in found.items() if problems} == {}
