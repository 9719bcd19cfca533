"""Fixtures for the browser journeys: each demo user in a browser context of their own, logged in
through the real login page and second factor, with what went wrong on any page collected.

Reuses ``tests/browser/conftest.py`` (the module-scoped Chromium, the login helpers, the demo
accounts). What is added here:

- ``journey``: one context per demo user (so Veilig Thuis and the local team are logged in side by
  side, as on two desks), each logged in once per test — a TOTP code is accepted only once per
  device and time step, so logging in again within 30 seconds would be refused, as it should be.
  Named steps record their duration; a failing step saves a screenshot of every open page to the
  test's ``tmp_path`` and names the step in the error. At the end every page must have loaded its
  static files, and the content security policy must have blocked nothing and no script failed.
- ``axe_scan``: axe-core (WCAG 2.0/2.1 A and AA) in the page, as served from /static/.
- ``scan_data``: a household's file built through the services (not the screens: the journey test
  already drives those), so the accessibility scan has every section of every page filled.
"""

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from ..conftest import PageProblems, current_totp, submit_code, submit_password

TIMEOUT_MS = 20_000  # a loaded two-core machine; waits end as soon as the page is there
AXE_STATIC = "axe/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")


class JourneyProblems(PageProblems):
    """The shell's checks (static files, CSP in the console) plus script errors in the page, and
    every other console error kept for the report."""

    def __init__(self):
        super().__init__()
        self.page_errors: list[str] = []
        self.console_errors: list[str] = []

    def on_console(self, message):
        super().on_console(message)
        if message.type == "error":
            self.console_errors.append(message.text)

    def on_page_error(self, error):
        self.page_errors.append(str(error))


@dataclass
class Journey:
    browser: object
    base_url: str
    tmp_path: object
    problems: JourneyProblems = field(default_factory=JourneyProblems)
    pages: dict = field(default_factory=dict)
    timings: list = field(default_factory=list)

    def as_user(self, username: str):
        """The page of ``username``'s own browser context; the first time through the login page,
        the password and a code from the authenticator app (the documented demo key)."""
        if username in self.pages:
            return self.pages[username]
        with self.step(f"inloggen met tweede factor ({username})"):
            return self._log_in(username)

    def _log_in(self, username: str):
        context = self.browser.new_context(
            base_url=self.base_url, locale="nl-NL",
            extra_http_headers={"Accept-Language": "nl-NL,nl;q=0.9"})
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.on("response", self.problems.on_response)
        page.on("console", self.problems.on_console)
        page.on("pageerror", self.problems.on_page_error)
        self.pages[username] = page
        submit_password(page, username)
        assert "/inloggen/tweede-factor/" in page.url, f"{username}: geen tweede factor gevraagd"
        submit_code(page, current_totp())
        heading = page.get_by_role("heading", level=1).inner_text()
        assert heading == "Mijn werk", f"{username} kwam na inloggen op '{heading}' ({page.url})"
        return page

    @contextmanager
    def step(self, name: str):
        """One step of the journey: timed; on failure a screenshot of each user's page."""
        started = time.monotonic()
        try:
            yield
        except BaseException as exc:
            shots = []
            for username, page in self.pages.items():
                path = self.tmp_path / f"{len(self.timings) + 1:02d}-{username}.png"
                try:
                    page.screenshot(path=str(path), full_page=True)
                    shots.append(str(path))
                except Exception:  # noqa: BLE001 - a screenshot must never hide the real failure
                    pass
            exc.add_note(f"Stap '{name}' mislukte; schermafdrukken: {', '.join(shots) or 'geen'}")
            raise
        finally:
            self.timings.append((name, time.monotonic() - started))

    def report_timings(self) -> str:
        lines = [f"  {seconds:6.1f} s  {name}" for name, seconds in self.timings]
        total = sum(seconds for _, seconds in self.timings)
        return "\n".join(["Duur per stap:", *lines, f"  {total:6.1f} s  totaal"])

    def close(self):
        for page in self.pages.values():
            page.context.close()


@pytest.fixture
def journey(browser, live_server, demo_accounts, tmp_path):
    """Demo users side by side in one Chromium; fails afterwards on anything a page got wrong."""
    run = Journey(browser=browser, base_url=live_server.url, tmp_path=tmp_path)
    try:
        yield run
    finally:
        run.close()
        print(run.report_timings())
        if run.problems.console_errors:
            print("Overige consolefouten:", *run.problems.console_errors, sep="\n  ")
    problems = run.problems
    assert not problems.csp_violations, f"CSP blokkeerde iets: {problems.csp_violations}"
    assert not problems.page_errors, f"Scriptfouten in de pagina: {problems.page_errors}"
    assert not problems.failed_responses, f"Statische bestanden niet geladen: {problems.failed_responses}"


def axe_scan(page) -> list[dict]:
    """Every WCAG 2.0/2.1 A and AA violation axe-core finds in the page as it is now."""
    # Wherever `make assets` put it: the scan needs what the static files finders serve.
    assert finders.find(AXE_STATIC), f"{AXE_STATIC} ontbreekt in de statische bestanden: draai `make assets`."
    page.add_script_tag(url=f"/static/{AXE_STATIC}")
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return {passes: r.passes.length, violations: r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' '))}))};
        }""",
        AXE_TAGS,
    )
    assert result["passes"] > 0, f"axe heeft op {page.url} niets gecontroleerd"
    return result["violations"]


def describe(violation: dict) -> str:
    return (f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
            f"{', '.join(violation['targets'][:5])}")


def today_text(offset_days: int = 0) -> str:
    return f"{timezone.localdate() + timedelta(days=offset_days):%d-%m-%Y}"


# --- Data for the accessibility scan -----------------------------------------------------------------


def _actor(user):
    from eendak.core.actors import Actor
    from eendak.core.models import Membership

    membership = Membership.objects.select_related("organisation").get(user=user)
    user.acting_membership = membership
    return Actor(user=user, membership=membership, ip_address="127.0.0.1")


@pytest.fixture
def scan_data(demo_accounts):
    """A household in Tilburg with everything on its pages: a decided report with a case (Veilig
    Thuis and the Tilburg team), conditions, a monitoring moment, a plan with a goal and an action, a
    journal entry and a handover waiting for the local team; and a second, fresh report awaiting
    its assessment (the report page with its first forms)."""
    from eendak.cases import services as cases
    from eendak.core.models import Municipality
    from eendak.intake import services as intake
    from eendak.persons.registry import PersonData
    from eendak.testing import factories

    intake_actor = _actor(demo_accounts["intake"])
    monitor = _actor(demo_accounts["monitor"])
    coordinator = _actor(demo_accounts["coordinator"])
    tilburg = Municipality.objects.get(name="Tilburg")

    def person(given, surname, sex, born, **extra):
        return PersonData(given_names=given, surname=surname, sex=sex, date_of_birth=born,
                          street="Heuvelring", house_number="12", postcode="5038 CL",
                          city="Tilburg", municipality_id=tilburg.pk, **extra)

    reporter = intake.ReporterData(name="Agent K. de Boer", is_professional=True,
                                   role="justitie_politie", sector="politie",
                                   organisation_name="Politie Tilburg", phone="013-0000000")
    report = intake.register_report(intake_actor, intake.ReportData(
        channel="police", account="Buren belden de politie na geschreeuw in de woning.",
        violence_types=["partnergeweld", "kindermishandeling"], reporter=reporter,
        involved=[
            intake.InvolvedPerson("victim", data=person("Fatma", "Yilmaz", "V", date(1988, 4, 12),
                                                       bsn=factories.test_bsn())),
            intake.InvolvedPerson("suspect", data=person("Kees", "Brouwer", "M", date(1985, 1, 30))),
            intake.InvolvedPerson("child", data=person("Noah", "Brouwer", "M", date(2017, 9, 3))),
        ],
        municipality_id=tilburg.pk, duration="1_5_jaar"))
    intake.record_assessment(intake_actor, report, acute_unsafety=False, structural_unsafety=True,
                             triage="structural_serious", rationale="Herhaald geweld, kind getuige.")
    decision = intake.decide(intake_actor, report, kind="conditions",
                             rationale="Voorwaarden met het gezin, lokaal team erbij.")
    case = decision.case
    first, second = cases.set_conditions(monitor, case, [
        ("Vader komt niet in de woning zonder afspraak.", "Vader"),
        ("Noah gaat elke dag naar school.", "Moeder")])
    cases.record_monitoring(monitor, case.monitoring_moments.order_by("planned_on").first(),
                            held_on=timezone.localdate(),
                            statuses={first.pk: ("met", ""), second.pk: ("partly_met", "Twee dagen ziek")},
                            incidents_since_last=0, assessment="Rustig sinds de melding.")
    version = cases.new_plan_version(coordinator, case, note="Eerste plan")
    goal = cases.add_goal(coordinator, version, part="safety", text="Geen geweld meer in huis.",
                          child_text="Thuis is het rustig.")
    cases.add_action(coordinator, goal, text="Veiligheidsplan maken met moeder",
                     owner_organisation=coordinator.organisation, owner=coordinator.user,
                     start_on=timezone.localdate(), due_on=timezone.localdate() + timedelta(days=14))
    cases.add_journal_entry(monitor, case, kind="contact", text="Telefonisch contact met moeder.")
    cases.offer_handover(monitor, case, to_organisation_id=coordinator.organisation.pk,
                         note="Voorwaarden staan; het lokale team neemt het over.")
    victim = report.involved.get(role="victim").person
    fresh = intake.register_report(intake_actor, intake.ReportData(
        channel="phone", account="De school maakt zich zorgen over Noah.",
        violence_types=["kindermishandeling"],
        reporter=intake.ReporterData(name="J. Smits", relation="leerkracht"),
        involved=[intake.InvolvedPerson("victim", person=victim)], municipality_id=tilburg.pk))
    return {"report": report, "fresh_report": fresh, "case": case, "household": case.household,
            "person": victim, "users": demo_accounts}
