"""The Swagger docs in Debian's Chromium: the page builds its operations list and the content
security policy (script-src/style-src 'self') blocks nothing it needs."""

import os
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def chromium():
    """One browser for this module; see tests/browser/conftest.py for why the async guard is lifted
    only while it runs."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} ontbreekt: installeer Debian's chromium (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def test_docs_render_under_the_csp(chromium, live_server, transactional_db, login_as):
    from eendak.core.roles import OrganisationType, Role
    from eendak.testing import factories as f

    membership = f.membership(Role.VT_INTAKE, f.organisation(OrganisationType.VEILIG_THUIS))
    session_key = login_as(membership).cookies[settings.SESSION_COOKIE_NAME].value
    context = chromium.new_context(base_url=live_server.url)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_key,
                          "url": live_server.url}])
    page = context.new_page()
    blocked, failed = [], []
    page.on("console", lambda m: blocked.append(m.text)
            if "Content Security Policy" in m.text or "Refused to" in m.text else None)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        page.goto("/api/v1/docs/")
        page.locator(".opblock-summary-path").first.wait_for(timeout=15_000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        title = page.locator(".information-container .title").inner_text()
    finally:
        context.close()

    assert "Eendak API" in title
    assert any("/api/v1/households/" in p for p in paths)
    assert blocked == []
    assert failed == []
