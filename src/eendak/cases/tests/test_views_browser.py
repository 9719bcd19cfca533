"""The case page in Debian's Chromium: a full file (conditions, monitoring, plan, handover waiting,
documents, journal) loads styled, the content security policy blocks nothing, axe finds no serious
WCAG 2.1 AA problems, and a refused form opens with the message at its field, the typed text kept,
and focus on the error summary."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from eendak.cases import services

from .views_helpers import case_url

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
AXE_JS = Path(settings.BASE_DIR).parent.parent / "build" / "test-vendor" / "axe" / "axe.min.js"


@pytest.fixture(scope="module")
def chromium():
    """One browser for this module; the async guard is lifted only while it runs (see
    tests/browser/conftest.py for why)."""
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


@pytest.fixture
def full_case(transactional_db, open_case, vt_actor, team_actor, tilburg_team, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    first, second = services.set_conditions(vt_actor, open_case, [
        ("Vader komt niet in de woning.", "Vader"), ("Kinderen gaan naar school.", "Moeder")])
    services.record_monitoring(vt_actor, open_case.monitoring_moments.first(), held_on=today,
                               statuses={first.pk: ("met", ""), second.pk: ("partly_met", "x")},
                               incidents_since_last=1, assessment="Eén incident.")
    version = services.new_plan_version(team_actor, open_case, note="Eerste plan")
    goal = services.add_goal(team_actor, version, part="safety", text="Geen geweld meer.",
                             child_text="Thuis is het rustig.")
    services.add_action(team_actor, goal, text="Veiligheidsplan maken",
                        owner_organisation=tilburg_team, owner=team_actor.user,
                        start_on=today, due_on=today + timedelta(days=7))
    services.upload_document(vt_actor, open_case, SimpleUploadedFile(
        "verslag.pdf", b"%PDF-1.4\n%%EOF", "application/pdf"), description="Verslag")
    services.add_journal_entry(vt_actor, open_case, kind="contact", text="Contact met moeder.")
    services.offer_handover(vt_actor, open_case, to_organisation_id=tilburg_team.pk)
    return open_case


def open_as(chromium, live_server, login_as, membership):
    session_key = login_as(membership).cookies[settings.SESSION_COOKIE_NAME].value
    context = chromium.new_context(base_url=live_server.url, locale="nl-NL",
                                   extra_http_headers={"Accept-Language": "nl-NL,nl;q=0.9"})
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_key,
                          "url": live_server.url}])
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text)
            if "Content Security Policy" in m.text or "Refused to" in m.text else None)
    page.on("response", lambda r: page.problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and "/static/" in r.url else None)
    return context, page


def serious_axe_violations(page) -> list[str]:
    assert AXE_JS.exists(), f"{AXE_JS} ontbreekt: draai `make assets`."
    page.add_script_tag(url="/static/axe/axe.min.js")
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' '))}));
        }""")
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {', '.join(v['targets'])}"
            for v in result if v["impact"] in ("serious", "critical")]


def test_the_case_page_is_accessible_and_csp_clean(chromium, live_server, login_as, full_case,
                                                   team_actor):
    context, page = open_as(chromium, live_server, login_as, team_actor.membership)
    try:
        page.goto(case_url(full_case))
        assert page.locator(".cases-oversight__owner").inner_text() == "Veilig Thuis Midden-Brabant"
        # Open every folded form, so axe checks their labels too.
        for summary in page.locator("details.cases-step > summary").all():
            summary.click()
        violations = serious_axe_violations(page)
        if os.environ.get("EENDAK_SCREENSHOTS"):
            page.screenshot(path=os.environ["EENDAK_SCREENSHOTS"] + "/case-page.png",
                            full_page=True)
    finally:
        context.close()
    assert not violations, "\n".join(violations)
    assert not page.problems, page.problems


def test_a_refused_form_comes_back_open_with_the_message_and_the_input(
        chromium, live_server, login_as, full_case, vt_actor):
    context, page = open_as(chromium, live_server, login_as, vt_actor.membership)
    try:
        page.goto(case_url(full_case))
        page.get_by_text("Journaalregel toevoegen").click()
        page.get_by_label("Soort").select_option("contact")
        page.get_by_label("Wanneer").fill((timezone.localtime() + timedelta(days=2))
                                         .strftime("%Y-%m-%dT%H:%M"))
        page.get_by_label("Wat is er gebeurd?").fill("Gesprek met de school van Mila.")
        page.get_by_role("button", name="Toevoegen").last.click()
        page.wait_for_load_state()
        error = page.locator("#id_journaal-occurred_at_error").inner_text()
        typed = page.get_by_label("Wat is er gebeurd?").input_value()
        focused = page.evaluate("document.activeElement && document.activeElement.id")
    finally:
        context.close()
    assert error == "Een journaalregel gaat over iets dat al is gebeurd."
    assert typed == "Gesprek met de school van Mila."
    assert focused == "form-errors"
    assert not page.problems, page.problems
