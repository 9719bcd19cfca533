"""The management screens and the figures in Chromium: usable with a keyboard and free of serious
accessibility problems (axe-core, WCAG 2.1 AA)."""

import pytest
from django.urls import reverse

from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f
from eendak.testing.clients import verified_client
from tests.browser.conftest import AXE_JS, browser, page  # noqa: F401

pytestmark = pytest.mark.browser


def axe_serious_violations(page) -> list[str]:  # noqa: F811
    """axe-core (WCAG 2.1 AA) on the page's <main>: what these screens add. The shared header and
    footer are checked by tests/browser/test_shell.py."""
    assert AXE_JS.exists(), f"{AXE_JS} ontbreekt: draai `make assets`."
    page.add_script_tag(url="/static/axe/axe.min.js")
    result = page.evaluate(
        """async () => {
            const r = await axe.run({include: [['main']]}, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} -> ` +
                          v.nodes.map(n => n.target.join(' ')).join(', '));
        }"""
    )
    return result


@pytest.fixture
def signed_in_admin(page, live_server):  # noqa: F811
    membership = f.membership(Role.FUNCTIONAL_ADMIN, f.organisation(T.VEILIG_THUIS))
    client = verified_client(membership)
    page.context.add_cookies([{"name": "eendak_sessie", "value": client.cookies["eendak_sessie"].value,
                               "url": live_server.url}])
    return page


def test_management_pages_have_no_serious_accessibility_problems(signed_in_admin, live_server):
    tab = signed_in_admin
    service = f.membership(Role.PARTNER_LIAISON, f.organisation(T.POLICE),
                           f.UserFactory(is_service_account=True, first_name="Koppeling",
                                         last_name="Politie")).user
    problems = {}
    for url in [reverse("core:organisation_list"), reverse("core:organisation_create"),
                reverse("core:user_list"), reverse("core:user_create"),
                reverse("core:user_detail", args=[service.pk]),
                reverse("tokens:create", args=[service.pk])]:
        tab.goto(url)
        found = axe_serious_violations(tab)
        if found:
            problems[url] = found
    assert problems == {}


def test_administrator_adds_a_role_with_the_keyboard_and_sees_the_refusal(signed_in_admin):
    tab = signed_in_admin
    worker = f.UserFactory(first_name="Karin", last_name="Toetsenbord")
    tab.goto(reverse("core:user_detail", args=[worker.pk]))

    tab.get_by_role("combobox", name="Organisatie").select_option(
        label="Politie Eenheid Zeeland-West-Brabant")
    tab.get_by_role("combobox", name="Rol").select_option(label="Medewerker lokaal team")
    tab.get_by_role("button", name="Rol toevoegen").press("Enter")
    tab.wait_for_load_state()

    assert "De rol kan niet worden vervuld" in tab.locator("main").inner_text()
    assert tab.evaluate("() => document.activeElement.id") == "form-errors"
    assert tab.get_by_role("combobox", name="Rol").input_value() == Role.LOCAL_TEAM_WORKER


def test_analyst_figures_page(page, live_server, transactional_db):  # noqa: F811
    membership = f.membership(Role.ANALYST, f.organisation(T.VEILIG_THUIS))
    client = verified_client(membership)
    page.context.add_cookies([{"name": "eendak_sessie", "value": client.cookies["eendak_sessie"].value,
                               "url": live_server.url}])

    page.goto(reverse("monitoring:statistics"))

    assert page.get_by_role("heading", level=1).inner_text() == "Casussen per gemeente"
    assert page.get_by_role("table").locator("caption").inner_text().startswith("Stand op")
    assert axe_serious_violations(page) == []
