"""The case page in Debian's Chromium: a full file (conditions, monitoring, plan, handover waiting,
documents, journal) loads styled, the content security policy blocks nothing, axe finds no serious
WCAG 2.1 AA problems, and a refused form opens with the message at its field, the typed text kept,
and focus on the error summary."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.cases import services
from eendak.testing.browser import PageProblems, axe_serious_violations, logged_in_context

from .views_helpers import case_url

pytestmark = pytest.mark.browser


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


def open_as(chromium, live_server, membership):
    """A page of the case file's browser context, logged in as ``membership``; what went wrong while
    loading (static files, the content security policy) is collected in ``page.problems``."""
    context = logged_in_context(chromium, live_server, membership)
    page = context.new_page()
    page.problems = PageProblems().watch(page)
    return context, page


def test_the_case_page_is_accessible_and_csp_clean(chromium, live_server, full_case,
                                                   team_actor):
    context, page = open_as(chromium, live_server, team_actor.membership)
    try:
        page.goto(case_url(full_case))
        assert page.locator(".cases-oversight__owner").inner_text() == "Veilig Thuis Midden-Brabant"
        # Open every folded form, so axe checks their labels too.
        for summary in page.locator("details.cases-step > summary").all():
            summary.click()
        violations = axe_serious_violations(page)
        if os.environ.get("EENDAK_SCREENSHOTS"):
            page.screenshot(path=os.environ["EENDAK_SCREENSHOTS"] + "/case-page.png",
                            full_page=True)
    finally:
        context.close()
    assert not violations, "\n".join(violations)
    assert not page.problems.all, page.problems.all


def test_a_refused_form_comes_back_open_with_the_message_and_the_input(
        chromium, live_server, full_case, vt_actor):
    context, page = open_as(chromium, live_server, vt_actor.membership)
    try:
        page.goto(case_url(full_case))
        page.get_by_text("Journaalregel toevoegen", exact=True).click()  # the folded step
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
    assert not page.problems.all, page.problems.all
