"""A two-year-old with bruises through the Spoedplein in Chromium, each step by the demo user whose
work it is, through the real screens: Sanne (spoedplein) registers her after a search that finds
nobody, records the bruises on the body map (after an injury without a place is refused at its
field), the TEN-4-FACESp checklist — pre-ticked from the map — flags it, and she requests a forensic
examination; Frits (forensisch) finds it in his queue with the time since arrival and reports;
Sanne sends an acute report to Veilig Thuis; Ilse (intake) reads it with the injury record and its
24-hour deadline, opens the presentation behind it (read only, no photographs), assesses and
decides; Sanne sees the decision come back. The presentation page, every form open, and the
registration page pass axe-core (WCAG 2.1 A and AA) without a serious finding.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import BLOCKING_IMPACTS, axe_scan, describe

pytestmark = pytest.mark.browser


def field(text: str):
    """A label exactly ``text``, with or without the required-field star after it."""
    return re.compile(rf"^{re.escape(text)}\s*\*?$")


def heading(page):
    return page.get_by_role("heading", level=1)


def messages(page):
    return page.locator(".eendak-messages")


def folded(page, summary: str, within=None):
    """A form folded in a <details>, clicked open as a person would."""
    scope = within or page
    step = scope.locator("details.cases-step").filter(
        has=page.locator("summary", has_text=re.compile(rf"^{re.escape(summary)}$")))
    if step.get_attribute("open") is None:
        step.locator("summary").click()
    return step


def open_all_folded(page):
    """Click every closed <details> open, one at a time (each click changes the list)."""
    closed = page.locator("details:not([open]) > summary")
    for _ in range(50):
        if not closed.count():
            return
        closed.first.click()
    raise AssertionError("Meer dan 50 ingeklapte onderdelen op één pagina?")


def add_injury(page, region: str, *, length="", width="", age=None, fits=None, pattern=""):
    form = folded(page, "Letsel vastleggen")
    form.get_by_label(field("Plaats op het lichaam")).select_option(label=region)
    form.get_by_label(field("Soort letsel")).select_option(label="Blauwe plek (hematoom)")
    if length:
        form.get_by_label("Lengte (mm)").fill(length)
        form.get_by_label("Breedte (mm)").fill(width)
    if age:
        form.get_by_label("Geschatte leeftijd").select_option(label=age)
    if fits:
        form.get_by_label("Past het bij de uitleg?").select_option(label=fits)
    if pattern:
        form.get_by_label("Met patroon (afdruk van hand, voorwerp, beet)").check()
        form.get_by_label("Patroon", exact=True).fill(pattern)
    form.get_by_role("button", name="Letsel vastleggen").click()
    expect(messages(page)).to_contain_text("Het letsel staat op de lichaamskaart.")


def test_a_toddler_with_bruises_through_the_spoedplein_to_veilig_thuis_and_back(journey,
                                                                                demo_accounts):
    from eendak.acute.models import Presentation, VeiligThuisContact

    born = timezone.localdate() - timedelta(days=2 * 365 + 45)
    surname = "Spoedkind"

    # 1. Sanne (spoedplein) registers the child: a search that finds nobody, then a new person.
    clinician = journey.as_user("spoedplein")
    with journey.step("presentatie registreren (spoedplein)"):
        clinician.locator(".eendak-nav").get_by_role("link", name="Spoedplein").click()
        expect(heading(clinician)).to_have_text("Spoedplein")
        clinician.get_by_role("link", name="Nieuwe presentatie").first.click()
        expect(heading(clinician)).to_have_text("Nieuwe presentatie")
        search = clinician.locator("#zoeken")
        search.get_by_label("Achternaam").fill(surname)
        search.get_by_label("Voornaam").fill("Noor")
        search.get_by_role("button", name="Zoeken").click()
        expect(messages(clinician)).to_contain_text("Niemand gevonden die het ziekenhuis al kent.")
        expect(clinician.get_by_label("Nieuwe persoon vastleggen")).to_be_checked()

        person = clinician.locator("#nieuwe-persoon")
        person.get_by_label("Voornamen").fill("Noor")
        person.get_by_label("Achternaam").fill(surname)
        person.get_by_label("Geboortedatum").fill(born.strftime("%d-%m-%Y"))
        person.get_by_label("Geslacht").select_option(label="Vrouw")
        person.get_by_label("Woongemeente").select_option(label="Tilburg")
        visit = clinician.locator("#bezoek")
        visit.get_by_label(field("Route")).select_option(label="Kindermishandeling")
        visit.get_by_label("Gekomen met").fill("Moeder")
        visit.get_by_label("Uitleg over het ontstaan").fill("Van de bank gevallen, zegt moeder.")
        visit.get_by_label("Reden van komst en medische zorg").fill("Blauwe plekken op wang en oor.")
        clinician.get_by_role("button", name="Presentatie vastleggen").click()
        expect(messages(clinician)).to_contain_text("is vastgelegd. Leg nu het letsel vast")
        presentation = Presentation.objects.get(patient__surname=surname)
        expect(heading(clinician)).to_have_text(f"Presentatie {presentation.reference}")

    # 2. The bruises on the body map; first one without a place: refused at its field, kept.
    with journey.step("letsel op de lichaamskaart (spoedplein)"):
        form = folded(clinician, "Letsel vastleggen")
        form.get_by_label(field("Soort letsel")).select_option(label="Blauwe plek (hematoom)")
        form.get_by_label("Lengte (mm)").fill("20")
        form.get_by_role("button", name="Letsel vastleggen").click()
        expect(clinician.get_by_role("alert")).to_contain_text("Er is nog niets opgeslagen.")
        expect(clinician.locator("#id_letsel-region_error")).to_have_text(
            "Kies de plaats van het letsel op de lichaamskaart.")
        expect(clinician.get_by_label("Lengte (mm)")).to_have_value("20")

        add_injury(clinician, "Wang links", length="20", width="15",
                   age="Vers (rood/blauw, minder dan 24 uur)", fits="Past niet bij de uitleg")
        add_injury(clinician, "Oor rechts")
        add_injury(clinician, "Bovenrug en schouderbladen", pattern="Handafdruk")
        body_map = clinician.get_by_role("img", name="Lichaamskaart, voor- en achterzijde")
        expect(body_map).to_be_visible()
        expect(clinician.locator("ellipse.acute-bodymap__injured")).to_have_count(3)
        injuries = clinician.get_by_role("table", name=re.compile("^Letselregistratie"))
        expect(injuries.get_by_role("row")).to_have_count(4)  # the header and three injuries
        expect(injuries).to_contain_text("Handafdruk")
        expect(injuries).to_contain_text("20 x 15 mm")

    # 3. The checklist, pre-ticked from the map, flags it.
    with journey.step("TEN-4-FACESp-checklist (spoedplein)"):
        checklist = folded(clinician, "TEN-4-FACESp-checklist invullen")
        for item in ("C — wangen (vlezig deel)", "E — oren",
                     "T — romp (borst, buik, rug, billen, genitaal gebied)",
                     "p — blauwe plek met een patroon (afdruk van hand, voorwerp, beet)"):
            expect(checklist.get_by_label(item, exact=True)).to_be_checked()
        expect(checklist.get_by_label("N — hals of nek", exact=True)).not_to_be_checked()
        checklist.get_by_role("button", name="Checklist vastleggen").click()
        expect(messages(clinician)).to_contain_text("De checklist is vastgelegd.")
        screening = clinician.locator("#screening")
        expect(screening).to_contain_text("Checklist positief")
        expect(screening).to_contain_text("ondersteunt het oordeel, beslist niet")

    # 4. The forensic examination requested.
    with journey.step("forensisch onderzoek aanvragen (spoedplein)"):
        request = folded(clinician, "Forensisch-medisch onderzoek aanvragen")
        request.get_by_label(field("Vraag aan de forensisch arts")).fill(
            "Letsel vastleggen; past het bij een val van de bank?")
        request.get_by_role("button", name="Aanvragen").click()
        expect(messages(clinician)).to_contain_text("Het forensisch-medisch onderzoek is "
                                                    "aangevraagd")
        expect(clinician.locator("#forensisch")).to_contain_text("Aangevraagd")

    # 5. Frits (forensisch) finds it in his queue, with the time since arrival, and reports.
    doctor = journey.as_user("forensisch")
    with journey.step("forensisch rapport (forensisch)"):
        expect(doctor.locator("main")).to_contain_text("1 forensisch onderzoek wacht")
        doctor.locator(".eendak-nav").get_by_role("link", name="Spoedplein").click()
        doctor.get_by_role("link", name="Wachtrij forensisch onderzoek").click()
        expect(heading(doctor)).to_have_text("Wachtrij forensisch onderzoek")
        row = doctor.get_by_role("row").filter(has_text=presentation.reference)
        expect(row).to_contain_text(re.compile(r"\d+ min"))
        expect(row).to_contain_text("Letsel vastleggen; past het bij een val van de bank?")
        row.get_by_role("link", name=f"Rapporteren over {presentation.reference}").click()
        expect(heading(doctor)).to_have_text(f"Forensisch rapport {presentation.reference}")
        expect(doctor.get_by_role("img", name="Lichaamskaart, voor- en achterzijde")).to_be_visible()
        expect(doctor.locator("#letsel")).to_contain_text("Handafdruk")
        doctor.get_by_label(field("Bevindingen")).fill(
            "Drie hematomen: wang links, oor rechts, en op de bovenrug het patroon van een hand.")
        doctor.get_by_label(field("Conclusie")).fill("Niet passend bij een val van de bank.")
        doctor.get_by_role("button", name="Rapport vastleggen").click()
        expect(messages(doctor)).to_contain_text("Het forensisch rapport is vastgelegd.")
        expect(doctor.get_by_text("Er wacht geen forensisch onderzoek.")).to_be_visible()

    # 6. Sanne reads the conclusion and sends an acute report to Veilig Thuis.
    with journey.step("acute melding bij Veilig Thuis (spoedplein)"):
        clinician.reload()
        expect(clinician.locator("#forensisch")).to_contain_text(
            "Niet passend bij een val van de bank.")
        expect(clinician.get_by_role("link", name="Forensisch rapport (PDF)")).to_be_visible()
        report = folded(clinician, "Consultatie of melding bij Veilig Thuis")
        expect(report.get_by_label("Melding", exact=True)).to_be_checked()
        expect(report.get_by_label("Acuut: veiligheidsbeoordeling binnen 24 uur")).to_be_checked()
        expect(report.get_by_label(re.compile(rf"Noor {surname} .*\(patiënt\)"))).to_be_checked()
        report.get_by_label(field("Uw zorg voor Veilig Thuis")).fill(
            "Peuter met blauwe plekken die niet bij de uitleg passen.")
        report.get_by_role("button", name="Versturen naar Veilig Thuis").click()
        expect(messages(clinician)).to_contain_text("Veilig Thuis heeft het ontvangen")
        vt = clinician.locator("#veilig-thuis")
        expect(vt).to_contain_text("Ontvangen door Veilig Thuis; veiligheidsbeoordeling loopt")
        expect(vt).to_contain_text("beoordeling uiterlijk")
        contact = VeiligThuisContact.objects.get(presentation=presentation)
        reference = contact.report.reference

    # 7. Ilse (intake) reads it with the injury record and its 24-hour deadline, and the
    # presentation behind it; she assesses and decides.
    intake = journey.as_user("intake")
    with journey.step("melding gelezen en besloten (intake)"):
        intake.get_by_role("link", name="Werkvoorraad meldingen").first.click()
        intake.get_by_role("link", name=reference).first.click()
        expect(heading(intake)).to_have_text(f"Melding {reference}")
        expect(intake.get_by_text("Acute melding", exact=True)).to_be_visible()
        overview = intake.locator("section", has=intake.get_by_role("heading", name="Overzicht"))
        due = timezone.localtime(contact.report.assessment_due_at)
        expect(overview).to_contain_text(f"om {due:%H:%M}")
        expect(intake.locator(".intake-account")).to_contain_text("Letselregistratie:")
        expect(intake.locator(".intake-account")).to_contain_text("Wang links")
        panel = intake.locator("#spoedplein")
        expect(panel).to_contain_text(f"Van het Spoedplein: presentatie {presentation.reference}")
        panel.get_by_role("link", name=re.compile("^Presentatie .* openen")).click()
        expect(heading(intake)).to_have_text(f"Presentatie {presentation.reference}")
        expect(intake.get_by_role("img", name="Lichaamskaart, voor- en achterzijde")).to_be_visible()
        expect(intake.locator("#forensisch")).to_contain_text("Niet passend bij een val van de bank.")
        expect(intake.locator("[data-read-only]")).to_be_visible()
        expect(intake.locator("#fotos")).to_have_count(0)
        expect(intake.locator("main form")).to_have_count(0)
        intake.go_back()

        form = intake.locator("form[action$='/beoordeling/']")
        form.get_by_role("group", name="Is er acute onveiligheid?").get_by_label(
            "Ja", exact=True).check()
        form.get_by_role("group", name="Is er structurele onveiligheid?").get_by_label(
            "Ja", exact=True).check()
        form.get_by_label("Direct gevaar", exact=True).check()
        form.get_by_label("Onderbouwing").fill("Letsel dat niet bij de uitleg past, bij een peuter.")
        form.get_by_role("button", name="Beoordeling vastleggen").click()
        expect(messages(intake)).to_contain_text("De veiligheidsbeoordeling is vastgelegd.")
        form = intake.locator("form[action$='/besluit/']")
        form.get_by_label("Onderzoek", exact=True).check()
        form.get_by_label("Onderbouwing").fill("Onderzoek naar de veiligheid van Noor.")
        form.get_by_role("button", name="Besluit vastleggen").click()
        expect(messages(intake)).to_contain_text("Het besluit is vastgelegd.")

    # 8. Sanne sees the decision come back.
    with journey.step("besluit terug op het Spoedplein (spoedplein)"):
        clinician.locator(".eendak-nav").get_by_role("link", name="Spoedplein").click()
        row = clinician.get_by_role("row").filter(has_text=presentation.reference)
        expect(row).to_contain_text("Besluit van Veilig Thuis: Onderzoek")
        row.get_by_role("link", name=presentation.reference).click()
        vt = clinician.locator("#veilig-thuis")
        expect(vt).to_contain_text("Besluit van Veilig Thuis: Onderzoek")
        expect(vt).to_contain_text("besloten op")
        expect(vt).not_to_contain_text("beoordeling uiterlijk")

    # The presentation with every form open, and the registration page: no serious axe finding.
    blocking = {}
    for name, page, url in (("presentatie", clinician, f"/spoedplein/{presentation.pk}/"),
                            ("nieuwe presentatie", clinician, "/spoedplein/nieuw/"),
                            ("presentatie als Veilig Thuis", intake,
                             f"/spoedplein/{presentation.pk}/"),
                            ("werklijst", clinician, "/spoedplein/")):
        with journey.step(f"axe: {name}"):
            assert page.goto(url).status == 200
            open_all_folded(page)
            found = [describe(v) for v in axe_scan(page) if v["impact"] in BLOCKING_IMPACTS]
            if found:
                blocking[name] = found
    assert blocking == {}, blocking
