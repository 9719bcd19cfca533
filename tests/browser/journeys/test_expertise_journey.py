"""The Expertisecentrum in Chromium, each step by the demo user whose work it is, through the real
screens: Esra (``expertise``) publishes a training session; Wendy (``wijkteam``, Tilburg) finds it
on her own competency record — it builds what she misses — and enrols; after the session Esra records
attendance in one list (a certificate is issued); Wendy's record now meets the standard and she
prints her certificate; Anouk (``analist``) sees the Tilburg team's share of workers meeting the
standard go up, without names; Esra records a dialogue meeting, with no names of participants.

The course (a standard of Werken aan Veiligheid with two competencies, a course that builds them)
and a session in preparation are made through the services, as the centre's catalogue would hold
them; Wendy's account gets an e-mail address (enrolling needs one). The session "takes place" by
moving its time into the past, which is what a day passing would do.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ..conftest import submit_password
from .conftest import TIMEOUT_MS, today_text

pytestmark = pytest.mark.browser

COURSE = "Werken aan Veiligheid – de basis"
LEADER = "Hodan Ali"


def field(text: str):
    """A label exactly ``text``, with or without the required-field star after it."""
    return re.compile(rf"^{re.escape(text)}\s*\*?$")


def heading(page):
    return page.get_by_role("heading", level=1)


def messages(page):
    return page.locator(".eendak-messages")


def folded(page, summary: str):
    """A form folded in a <details>, clicked open as a person would."""
    step = page.locator("details.cases-step").filter(
        has=page.locator("summary", has_text=re.compile(rf"^{re.escape(summary)}$")))
    if step.get_attribute("open") is None:
        step.locator("summary").click()
    return step


def the_centres_catalogue(users):
    """A standard with two required competencies, a course that builds both, a session of it in
    preparation next week, and a dialogue leader; Wendy's account with an e-mail address."""
    from eendak.core.actors import Actor
    from eendak.core.models import Membership
    from eendak.expertise import services
    from eendak.expertise.models import Competency, Standard

    esra = users["expertise"]
    esra.acting_membership = Membership.objects.select_related("organisation").get(user=esra)
    staff = Actor(user=esra, membership=esra.acting_membership, ip_address="127.0.0.1")
    standard = Standard.objects.create(code="WaV-J1", title="Veiligheid centraal", order=1)
    competencies = [
        Competency.objects.create(standard=standard, code="WaV-J1.1",
                                  title="Onveiligheid herkennen en bespreken"),
        Competency.objects.create(standard=standard, code="WaV-J1.2",
                                  title="Een veiligheidsplan maken met het gezin")]
    course = services.save_course(staff, services.CourseData(
        title=COURSE, audiences=["local_teams"], duration_hours=Decimal("6"),
        validity_months=24, competency_ids=[c.pk for c in competencies]))
    starts = (timezone.localtime() + timedelta(days=7)).replace(hour=9, minute=30, second=0,
                                                                microsecond=0)
    session = services.plan_session(staff, course, starts_at=starts,
                                    ends_at=starts + timedelta(hours=6),
                                    place="Stadskantoor Tilburg", trainer="Trainer Marieke",
                                    capacity=12)
    services.save_leader(staff, name=LEADER, community="somali",
                         languages=["Somalisch", "Nederlands"], trained_by="Stichting Kezban")
    wendy = users["wijkteam"]
    wendy.email = "wendy.wijkteam@tilburg.example"
    wendy.save(update_fields=["email"])
    return session


def log_in_without_second_factor(journey, username: str):
    """The analyst works with pseudonymised figures only and has no second factor: password, then
    straight to "Mijn werk" (``journey.as_user`` expects the second-factor page)."""
    context = journey.browser.new_context(
        base_url=journey.base_url, locale="nl-NL",
        extra_http_headers={"Accept-Language": "nl-NL,nl;q=0.9"})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("response", journey.problems.on_response)
    page.on("console", journey.problems.on_console)
    page.on("pageerror", journey.problems.on_page_error)
    journey.pages[username] = page
    submit_password(page, username)
    expect(heading(page)).to_have_text("Mijn werk")
    return page


def tilburg_share(page) -> str:
    row = page.locator("#teams").get_by_role("row").filter(has_text="Lokaal team Tilburg")
    return row.locator("td.aandeel").inner_text()


def test_a_session_published_attended_and_the_competency_record_and_share_change(
        journey, demo_accounts):
    from eendak.core.workdays import add_months
    from eendak.expertise.models import DialogueMeeting, Enrolment, Session

    session = the_centres_catalogue(demo_accounts)

    # 0. Anouk (analist) sees the Tilburg team's share before: nobody meets the standard yet.
    with journey.step("inloggen zonder tweede factor (analist)"):
        analyst = log_in_without_second_factor(journey, "analist")
    with journey.step("aandeel per team vooraf (analist)"):
        analyst.get_by_role("link", name="Werken aan Veiligheid: aandeel per team").first.click()
        expect(heading(analyst)).to_have_text("Werken aan Veiligheid: aandeel per team")
        assert tilburg_share(analyst) == "0%"
        expect(analyst.locator("main")).not_to_contain_text("Wendy")

    # 1. Esra (expertise) publishes the session.
    esra = journey.as_user("expertise")
    with journey.step("bijeenkomst publiceren (expertise)"):
        esra.get_by_role("link", name="Expertisecentrum", exact=True).first.click()
        expect(heading(esra)).to_have_text("Expertisecentrum")
        bijeenkomsten = esra.locator("#bijeenkomsten")
        expect(bijeenkomsten).to_contain_text(COURSE)
        expect(bijeenkomsten).to_contain_text("In voorbereiding")
        bijeenkomsten.get_by_role("link", name=re.compile(
            f"{session.starts_at.astimezone(timezone.get_current_timezone()):%d-%m-%Y}")).click()
        expect(heading(esra)).to_have_text(COURSE)
        esra.get_by_role("button", name="Publiceren").click()
        expect(messages(esra)).to_contain_text("De bijeenkomst is gepubliceerd")
        expect(esra.locator("[data-status]")).to_have_text("Gepubliceerd")

    # 2. Wendy (wijkteam) finds it on her record, where it builds what she misses, and enrols.
    wendy = journey.as_user("wijkteam")
    with journey.step("eigen competenties en inschrijven (wijkteam)"):
        wendy.get_by_role("link", name="Mijn competenties").first.click()
        expect(heading(wendy)).to_have_text("Mijn competenties")
        expect(wendy.locator("#standaard")).to_contain_text("2 vereiste competenties ontbreken")
        building = wendy.locator("#opbouwen")
        expect(building).to_contain_text(COURSE)
        expect(building).to_contain_text("WaV-J1.2 Een veiligheidsplan maken met het gezin")
        building.get_by_role("button", name=re.compile(f"^Inschrijven voor {COURSE}")).click()
        expect(messages(wendy)).to_contain_text(f"U bent ingeschreven voor ‘{COURSE}’")
        expect(wendy.locator("#inschrijvingen")).to_contain_text("Ingeschreven")
        assert Enrolment.objects.filter(session=session, user=demo_accounts["wijkteam"]).exists()

    # The day of the session passes.
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(days=1, hours=6),
        ends_at=timezone.now() - timedelta(days=1))

    # 3. Esra records who was there, in one list: Wendy's certificate is issued.
    with journey.step("aanwezigheid vastleggen (expertise)"):
        esra.get_by_role("link", name="Bijeenkomsten", exact=True).click()
        expect(heading(esra)).to_have_text("Trainingsbijeenkomsten")
        esra.locator("#afronden").get_by_role("link").first.click()
        expect(heading(esra)).to_have_text(COURSE)
        expect(esra.locator("#inschrijvingen")).to_contain_text("Wendy van het Wijkteam")
        attendance = esra.locator("#aanwezigheid")
        attendance.get_by_role("checkbox", name=re.compile("Wendy van het Wijkteam")).check()
        attendance.get_by_role("button", name="Aanwezigheid vastleggen").click()
        expect(messages(esra)).to_contain_text("De aanwezigheid is vastgelegd: 1 van 1 aanwezig.")
        expect(esra.locator("[data-status]")).to_have_text("Gehouden")
        expect(esra.locator("#inschrijvingen")).to_contain_text("Certificaat CERT")

    # 4. Wendy's record has changed; her certificate prints.
    with journey.step("competenties veranderd, certificaat (wijkteam)"):
        wendy.reload()
        expect(wendy.locator("#standaard")).to_have_text("U voldoet aan de standaard")
        done = timezone.localtime(Session.objects.get(pk=session.pk).ends_at).date()
        row = wendy.locator("#competenties").get_by_role("row").filter(has_text="WaV-J1.1")
        expect(row).to_contain_text(f"Behaald, geldig tot {add_months(done, 24):%d-%m-%Y}")
        href = wendy.locator('#inschrijvingen a[href$="certificaat.pdf"]').get_attribute("href")
        certificate = wendy.request.get(href)
        assert certificate.status == 200
        assert certificate.headers["content-type"] == "application/pdf"

    # 5. Anouk sees the Tilburg team's share go up, still without names.
    with journey.step("aandeel per team gestegen (analist)"):
        analyst.reload()
        assert tilburg_share(analyst) == "50%"  # Wendy and her coordinator: one of two
        expect(analyst.locator("main")).not_to_contain_text("Wendy")
        expect(analyst.locator("main")).not_to_contain_text("Coördinator")

    # 6. Esra records a dialogue meeting; a count of 0 is refused at its field, nothing typed lost.
    with journey.step("dialoogbijeenkomst vastleggen (expertise)"):
        esra.get_by_role("link", name="Dialoog", exact=True).click()
        expect(heading(esra)).to_have_text("Dialoogleiders en dialoogbijeenkomsten")
        expect(esra.locator("#geen-namen")).to_contain_text("Geen namen van deelnemers.")
        form = folded(esra, "Dialoogbijeenkomst vastleggen")
        form.get_by_label(field("Dialoogleider")).select_option(label=LEADER)
        form.get_by_label(field("Datum")).fill(today_text(-2))
        form.get_by_label(field("Setting")).select_option(label="Ouderkamer")
        form.get_by_label("Partnerorganisatie").fill("GGD Hart van Brabant")
        form.get_by_label(field("Taal")).fill("Somalisch")
        form.get_by_label(field("Aantal deelnemers")).fill("0")
        form.get_by_label("Opvoeden zonder geweld").check()
        form.get_by_label("Waar vind je hulp").check()
        form.get_by_role("button", name="Bijeenkomst vastleggen").click()
        expect(esra.get_by_role("alert")).to_contain_text("Er is nog niets opgeslagen.")
        expect(esra.locator("#id_bijeenkomst-participants_error")).to_have_text(
            "Vul een getal van 1 tot 500 in.")
        expect(esra.get_by_label("Partnerorganisatie")).to_have_value("GGD Hart van Brabant")
        expect(esra.get_by_label("Waar vind je hulp")).to_be_checked()
        assert not DialogueMeeting.objects.exists()

        esra.get_by_label(field("Aantal deelnemers")).fill("14")
        esra.get_by_role("button", name="Bijeenkomst vastleggen").click()
        expect(messages(esra)).to_contain_text("De dialoogbijeenkomst is vastgelegd.")
        expect(esra.locator("main")).to_contain_text("14 (geen namen van deelnemers)")
        expect(esra.locator("main")).to_contain_text("Opvoeden zonder geweld, Waar vind je hulp")
        meeting = DialogueMeeting.objects.get()
        assert meeting.participants == 14 and meeting.partner == "GGD Hart van Brabant"

        esra.get_by_role("link", name="Alle dialoogbijeenkomsten").click()
        esra.get_by_role("link", name=re.compile("^Jaaroverzicht")).click()
        figures = esra.locator("#kerncijfers dd")
        expect(figures.nth(0)).to_have_text("1")  # meetings
        expect(figures.nth(1)).to_have_text("14")  # participants, counted
