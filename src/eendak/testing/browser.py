"""Debian's Chromium driven by Playwright: the one browser fixture of the suite, and the one way to
open a page as someone who is logged in. A pytest plugin, loaded by the root ``conftest.py``.

- ``chromium`` (fixture, one per test module): launching costs about a second, and a fresh
  *context* per test keeps cookies and storage apart. The browser is never downloaded:
  ``executable_path`` points at the Debian package (``apt-get install chromium``; ``.ci/run``
  installs it). Where it is missing the browser tests are skipped, saying so: the one optional tool
  the suite accepts, because nothing else can show what a browser does with a page.
- ``logged_in_context``: a browser context in Dutch carrying the session of
  ``eendak.testing.clients.verified_client`` (password, second factor and role done), for tests
  about a page rather than about logging in.
- ``PageProblems`` and ``axe_serious_violations``: what a person would notice went wrong (an
  unstyled page, something the content security policy blocked) and axe-core's serious findings.

Playwright's sync API keeps an asyncio loop running in this thread while it is started, which trips
Django's "async unsafe" guard for ORM calls made from the test itself. ``DJANGO_ALLOW_ASYNC_UNSAFE``
is therefore set only while the browser runs, and the browser is module-scoped rather than
session-scoped so that the tests of other modules never run inside that loop. Nothing here is
asynchronous: the live server answers from its own thread.
"""

from pathlib import Path

import pytest
from django.conf import settings

from .clients import verified_client

CHROMIUM = Path("/usr/bin/chromium")
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
DUTCH = {"locale": "nl-NL", "extra_http_headers": {"Accept-Language": "nl-NL,nl;q=0.9"}}


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for the test module (see the module's docstring)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium): the browser tests "
                    "drive Debian's Chromium and never download one")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright = sync_playwright().start()
        try:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                                 args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
        finally:
            playwright.stop()


def new_dutch_context(browser, live_server, **options):
    """A fresh context against the live server, in Dutch (the browser's own locale would otherwise
    ask for English)."""
    return browser.new_context(base_url=live_server.url, **{**DUTCH, **options})


def logged_in_context(browser, live_server, membership, **options):
    """A fresh Dutch context, logged in as ``membership`` the way the test client is
    (``verified_client``): past the password, the second factor and the role choice."""
    session_key = verified_client(membership).cookies[settings.SESSION_COOKIE_NAME].value
    context = new_dutch_context(browser, live_server, **options)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_key,
                          "url": live_server.url}])
    return context


class PageProblems:
    """What went wrong while a page loaded that a person would notice: a missing stylesheet or
    script (an unstyled page) or a resource the content security policy blocked."""

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

    def watch(self, page):
        page.on("response", self.on_response)
        page.on("console", self.on_console)
        return self

    @property
    def all(self) -> list[str]:
        return self.failed_responses + self.csp_violations


def axe_serious_violations(page) -> list[str]:
    """Run axe-core in the page (served from /static/, so the CSP allows it) and return the serious
    and critical violations as readable lines: rule, impact, the elements concerned."""
    assert AXE_JS.exists(), f"{AXE_JS} is missing: run `make assets`."
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
