"""The Swagger docs in Debian's Chromium: the page builds its operations list and the content
security policy (script-src/style-src 'self') blocks nothing it needs."""

import pytest

from eendak.testing.browser import logged_in_context

pytestmark = pytest.mark.browser


def test_docs_render_under_the_csp(chromium, live_server, transactional_db):
    from eendak.core.roles import OrganisationType, Role
    from eendak.testing import factories as f

    membership = f.membership(Role.VT_INTAKE, f.organisation(OrganisationType.VEILIG_THUIS))
    context = logged_in_context(chromium, live_server, membership)
    page = context.new_page()
    blocked, failed = [], []
    page.on("console", lambda m: blocked.append(m.text)
            if "Content Security Policy" in m.text or "Refused to" in m.text else None)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        page.goto("/api/v1/docs")
        page.locator(".opblock-summary-path").first.wait_for(timeout=15_000)
        # Swagger UI renders the operations near the viewport only: scroll down the list, as a
        # reader would, until the households' operations are there (or the list ends).
        paths = set()
        for _ in range(200):
            paths.update(page.locator(".opblock-summary-path").all_inner_texts())
            if any(p.replace("\u200b", "").startswith("/households") for p in paths):
                break
            page.mouse.wheel(0, 400)  # less than the window's height: no operation is skipped
            page.wait_for_timeout(100)
        title = page.locator(".information-container .title").inner_text()
    finally:
        context.close()

    assert "Eendak API" in title
    assert any(p.replace("\u200b", "").startswith("/households") for p in paths)
    assert blocked == []
    assert failed == []
