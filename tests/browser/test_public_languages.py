"""The public pages in the region's languages, in Chromium: the language switch turns /melden/ into
Arabic, right to left; the quick-exit button is at the top of every public page, stays in view,
and leaves the site without a way Back, from the keyboard too (Escape, even while typing in the
report form; the button names the shortcut); and axe-core finds no violation at all (not only the
serious ones) on the Arabic pages, the trainings page and a registration form with its errors."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from .conftest import AXE_JS

pytestmark = pytest.mark.browser

NEUTRAL = "https://www.google.nl/"


def axe_violations(page) -> list[str]:
    """Every violation axe-core finds (WCAG 2.1 A/AA and best practice), whatever its impact."""
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
    return [f"{v['id']} ({v['impact']}): {v['help']} -> {', '.join(v['targets'])}" for v in result]


@pytest.fixture
def neutral_site(page):
    """The neutral site the quick exit goes to, answered here: the tests run without a network."""
    page.context.route(NEUTRAL + "**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!DOCTYPE html><title>Google</title><p>Zoeken</p>"))
    return NEUTRAL


@pytest.fixture
def open_session(transactional_db):
    from decimal import Decimal

    from eendak.core.actors import Actor
    from eendak.core.reference import ensure_reference_data
    from eendak.core.roles import OrganisationType, Role
    from eendak.expertise import services
    from eendak.testing import factories as f

    ensure_reference_data()
    staff = f.membership(Role.EXPERTISE_STAFF, f.organisation(OrganisationType.EXPERTISE_CENTRE))
    staff.user.acting_membership = staff
    actor = Actor(user=staff.user, membership=staff)
    course = services.save_course(actor, services.CourseData(
        title="Signalen herkennen", audiences=["teachers", "volunteers"], duration_hours=Decimal("3"),
        description="Wat zie je, en wat doe je ermee?"))
    start = timezone.now() + timedelta(days=14)
    session = services.plan_session(actor, course, starts_at=start, ends_at=start + timedelta(hours=3),
                                    place="Bibliotheek Tilburg", trainer="Trainer Synthetisch", capacity=12)
    services.plan_event(actor, title="Week tegen Kindermishandeling", kind="information_evening",
                        starts_at=start, place="Wijkcentrum", capacity=40)
    return services.move_session(actor, session, "published")


def test_the_switch_turns_the_public_entry_into_arabic_right_to_left(page, transactional_db):
    page.goto("/melden/")
    assert page.locator("html").get_attribute("dir") == "ltr"

    page.get_by_role("button", name="العربية").click()
    page.wait_for_load_state()

    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == ("ar", "rtl")
    assert page.url.endswith("/melden/")
    assert page.get_by_role("heading", level=1).inner_text() == "قلق بشأن العنف في البيت؟ تحدّث عن ذلك مع Veilig Thuis."
    assert page.get_by_role("button", name="العربية").get_attribute("aria-current") == "true"
    # The layout mirrors: the quick exit sits on the left, the language switch on the right.
    exit_box = page.locator(".eendak-quick-exit").bounding_box()
    switch_box = page.locator(".eendak-language-switch").bounding_box()
    assert exit_box["x"] < switch_box["x"]
    # The choice holds on the next public page, and for the trainings.
    page.get_by_role("link", name="اطلب المشورة أو أبلِغ").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.goto("/trainingen-en-bijeenkomsten/")
    assert page.get_by_role("heading", level=1).inner_text() == "تدريبات ولقاءات مركز الخبرة"


def test_the_quick_exit_is_at_the_top_of_every_public_page_and_stays_in_view(page, open_session):
    pages = ["/melden/", "/melden/meldcode/", "/melden/meldcode/afwegingskader/", "/melden/formulier/",
             "/melden/formulier/advies/", "/melden/formulier/melding/", "/trainingen-en-bijeenkomsten/",
             f"/trainingen-en-bijeenkomsten/aanmelden/training/?sessie={open_session.pk}"]
    for url in pages:
        page.goto(url)
        exit_link = page.get_by_role("link", name="Snel weg")
        assert exit_link.is_visible(), url
        assert exit_link.get_attribute("href") == NEUTRAL, url
        assert exit_link.get_attribute("aria-keyshortcuts") == "Escape", url
        assert exit_link.bounding_box()["y"] < 80, url
        assert page.get_by_role("navigation", name="Kies een taal").is_visible(), url
    # The report form is long: scrolled to its end, the quick exit is still in view at the top.
    page.goto("/melden/formulier/melding/")
    page.mouse.wheel(0, 20000)
    page.wait_for_function("() => window.scrollY > 500")
    box = page.get_by_role("link", name="Snel weg").bounding_box()
    assert 0 <= box["y"] < 80


def test_the_quick_exit_replaces_the_page_so_back_does_not_return(page, neutral_site, transactional_db):
    page.goto("/melden/formulier/advies/")
    entries = page.evaluate("() => history.length")

    page.get_by_role("link", name="Snel weg").click()
    page.wait_for_url(neutral_site)

    assert page.evaluate("() => history.length") == entries  # replaced, not added
    page.go_back()
    assert "/melden/" not in page.url


@pytest.mark.parametrize("url, typing_in", [
    ("/melden/", None),
    ("/melden/formulier/melding/", "Wat heeft u gezien of gehoord?"),
    ("/trainingen-en-bijeenkomsten/", None),
])
def test_escape_leaves_for_the_exit_url_and_back_does_not_return(page, neutral_site, transactional_db,
                                                                 url, typing_in):
    page.goto(url)
    entries = page.evaluate("() => history.length")
    if typing_in:  # someone is writing down what happened, and has to leave now
        page.get_by_label(typing_in).fill("Hij komt eraan")
    else:
        page.locator("main").click()

    page.keyboard.press("Escape")
    page.wait_for_url(neutral_site)

    assert page.evaluate("() => history.length") == entries  # replaced, not added
    page.go_back()
    assert "/melden/" not in page.url and "/trainingen-" not in page.url


def test_escape_with_a_modifier_or_while_composing_text_stays(page, transactional_db):
    """Only Escape itself: Shift+Escape (a browser's own shortcut) and Escape that ends an input
    method's composition (Chinese, Japanese, …) leave the page where it is."""
    page.goto("/melden/formulier/advies/")
    page.keyboard.press("Shift+Escape")
    page.evaluate("""() => document.dispatchEvent(new KeyboardEvent('keydown',
        {key: 'Escape', isComposing: true, bubbles: true, cancelable: true}))""")
    page.wait_for_timeout(300)  # a navigation would have started by now

    assert page.url.endswith("/melden/formulier/advies/")


def test_the_arabic_public_pages_pass_axe(page, open_session):
    page.goto("/melden/")
    page.get_by_role("button", name="العربية").click()
    page.wait_for_load_state()
    found = {}
    for url in ("/melden/", "/melden/formulier/melding/", "/melden/meldcode/afwegingskader/",
                "/trainingen-en-bijeenkomsten/",
                f"/trainingen-en-bijeenkomsten/aanmelden/training/?sessie={open_session.pk}"):
        response = page.goto(url)
        assert response.status == 200, url
        assert page.locator("html").get_attribute("dir") == "rtl", url
        found[url] = axe_violations(page)
    # A registration sent empty: the errors, in Arabic, at their fields.
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text("أدخل اسمك.").is_visible()
    found["aanmelden (leeg verstuurd)"] = axe_violations(page)

    assert {name: problems for name, problems in found.items() if problems} == {}


def test_the_dutch_trainings_pages_pass_axe(page, open_session):
    found = {}
    page.goto("/trainingen-en-bijeenkomsten/")
    found["lijst"] = axe_violations(page)
    page.get_by_role("link", name=re.compile(r"^Aanmelden.*Signalen herkennen")).click()
    page.get_by_label("Uw naam").fill("Synthetische Deelnemer")
    page.get_by_label("Uw e-mailadres").fill("deelnemer@example.test")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Dank u wel. U bent ingeschreven voor de training."
    found["bevestiging"] = axe_violations(page)

    assert {name: problems for name, problems in found.items() if problems} == {}
