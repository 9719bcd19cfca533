"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against the live server.

The browser itself, the Dutch context, ``PageProblems`` and the axe-core check come from the suite's
one browser plugin, ``eendak.testing.browser`` (loaded by the root conftest; its docstring says why
the browser is module-scoped and never downloaded). Here: the ``page`` most tests start from, the
demo accounts, and the helpers that log in through the real login page and second factor.
"""

import pytest
from django_otp.oath import totp

from eendak.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_KEY_BASE32
from eendak.testing.browser import (  # noqa: F401  (re-exported: other browser tests import them here)
    AXE_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    PageProblems,
    axe_serious_violations,
    new_dutch_context,
)


@pytest.fixture(scope="module")
def browser(chromium):
    """The module's Chromium (``eendak.testing.browser.chromium``), under the name these tests use."""
    return chromium


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A fresh browser context in Dutch (the browser's own locale would otherwise ask for English)."""
    context = new_dutch_context(browser, live_server)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = PageProblems().watch(page)
    page.problems = problems
    try:
        yield page
    finally:
        context.close()
    assert not problems.failed_responses, f"Statische bestanden niet geladen: {problems.failed_responses}"
    assert not problems.csp_violations, f"CSP blokkeerde iets: {problems.csp_violations}"


@pytest.fixture
def demo_accounts(transactional_db):
    """All 17 demo accounts (``DEMO_ACCOUNTS``), exactly as ``make run`` creates them: they share
    one password hash (``create_demo_accounts``)."""
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


DEMO_USERNAMES = [account.username for account in DEMO_ACCOUNTS]
