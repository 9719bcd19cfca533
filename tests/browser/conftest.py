"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against the live server.

One browser per test module: launching Chromium costs about a second, and a fresh *context* per
test keeps cookies and storage apart. The browser is never downloaded: ``executable_path`` points at
the Debian package that ``.ci/run`` installs.

Playwright's sync API keeps an asyncio loop running in this thread while it is started, which trips
Django's "async unsafe" guard for ORM calls made from the test itself. ``DJANGO_ALLOW_ASYNC_UNSAFE``
is therefore set only while the browser runs, and the browser is module-scoped rather than
session-scoped so that the tests of other modules never run inside that loop. Nothing here is
asynchronous: the live server answers from its own thread.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django_otp.oath import totp

from eendak.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_KEY_BASE32

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(settings.BASE_DIR).parent.parent / "build" / "test-vendor" / "axe" / "axe.min.js"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} ontbreekt: installeer Debian's chromium (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class PageProblems:
    """What went wrong while a page loaded that a person would notice: a missing stylesheet or
    script (unstyled page) or a resource the content security policy blocked."""

    def __init__(self):
        self.failed_responses: list[str] = []
        self.csp_violations: list[str] = []

    def on_response(self, response):
        if response.status >= 400 and "/static/" in response.url:
            self.failed_responses.append(f"{response.status} {response.url}")

    def on_console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            self.csp_violations.append(text)


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A fresh browser context in Dutch (the browser's own locale would otherwise ask for English)."""
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", extra_http_headers={"Accept-Language": "nl-NL,nl;q=0.9"}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = PageProblems()
    page.on("response", problems.on_response)
    page.on("console", problems.on_console)
    page.problems = problems
    try:
        yield page
    finally:
        context.close()
    assert not problems.failed_responses, f"Statische bestanden niet geladen: {problems.failed_responses}"
    assert not problems.csp_violations, f"CSP blokkeerde iets: {problems.csp_violations}"


@pytest.fixture
def demo_accounts(transactional_db):
    """All demo accounts, exactly as ``make run`` creates them (15 argon2 hashes: a few seconds)."""
    from eendak.demo.accounts import create_demo_accounts

    users = create_demo_accounts()
    return {user.username: user for user in users}


@pytest.fixture
def investigator(transactional_db):
    """One Veilig Thuis investigator whose authenticator app holds the documented demo key.

    Cheaper than all demo accounts (one password hash), for tests about one person's journey.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from eendak.core.roles import OrganisationType, Role
    from eendak.demo.accounts import DEMO_TOTP_KEY_HEX
    from eendak.testing import factories as f

    membership = f.membership(
        Role.VT_INVESTIGATOR,
        f.organisation(OrganisationType.VEILIG_THUIS),
        user=f.UserFactory(username="onderzoeker", password=DEMO_PASSWORD),
    )
    TOTPDevice.objects.create(
        user=membership.user, name="Authenticator-app", key=DEMO_TOTP_KEY_HEX, confirmed=True
    )
    return membership


def current_totp() -> str:
    """The code an authenticator app shows now for the documented demo key."""
    import base64

    key = base64.b32decode(DEMO_TOTP_KEY_BASE32)
    return f"{totp(key):06d}"


def submit_password(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def submit_code(page, code: str) -> None:
    page.get_by_label("Code uit uw authenticator-app").fill(code)
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_load_state()


def axe_serious_violations(page) -> list[str]:
    """Run axe-core in the page (served from /static/, so the CSP allows it) and return the serious
    and critical violations as readable lines: rule, impact, the elements concerned."""
    assert AXE_JS.exists(), f"{AXE_JS} ontbreekt: draai `make assets`."
    page.add_script_tag(url="/static/axe/axe.min.js")
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' '))}));
        }"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {', '.join(v['targets'])}"
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


DEMO_USERNAMES = [account.username for account in DEMO_ACCOUNTS]
