"""Destruction with four eyes in Chromium (issue 13's "done when"): Pieter (``privacy``) records a
person's request to destroy their household's file and proposes to destroy it; he cannot approve his
own proposal; Lotte (``logbeheer``) approves it as the second pair of eyes; the person is gone from
the person search (Ilse, ``intake``, whose Veilig Thuis held the file), the case file and its
document (also the stored file) are gone, the access log still answers for the person's number
without a name, and ``verify_access_log`` still passes.

The household's file (two persons with a BSN, a Veilig Thuis case with a journal entry and an
uploaded document) is made through the services, as Veilig Thuis would have made it; an axe scan
runs on the request's page with its proposal and on the list.
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from playwright.sync_api import expect

from .conftest import axe_scan, describe, today_text

pytestmark = pytest.mark.browser

BSN = "999990019"  # the 11-test holds; the test range


def a_household_file(demo_accounts):
    from eendak.cases import services as cases
    from eendak.cases.models import Case, Participation
    from eendak.core.actors import Actor
    from eendak.core.models import Membership, Municipality
    from eendak.persons import registry as persons

    intake = Membership.objects.select_related("organisation").get(user=demo_accounts["intake"])
    monitor = Membership.objects.select_related("organisation").get(user=demo_accounts["monitor"])
    vt = intake.organisation
    tilburg = Municipality.objects.get(cbs_code="GM0855")
    for member in (intake, monitor):
        member.user.acting_membership = member
    actor = Actor(user=intake.user, membership=intake)
    mother = persons.create_person(actor, persons.PersonData(
        given_names="Fenna", surname="Vernietigd-Test", bsn=BSN, city="Tilburg",
        municipality_id=tilburg.pk))
    son = persons.create_person(actor, persons.PersonData(
        given_names="Bram", surname="Vernietigd-Test", city="Tilburg",
        municipality_id=tilburg.pk))
    household = persons.create_household(actor, municipality=tilburg,
                                         members=[(mother, "parent"), (son, "child")])
    case = Case.objects.create(reference="C-VERNIETIG", household=household,
                               responsible_organisation=vt, is_synthetic=True)
    Participation.objects.create(case=case, organisation=vt, task="Veilig Thuis")
    document = cases.upload_document(
        Actor(user=monitor.user, membership=monitor), case,
        SimpleUploadedFile("huisbezoek.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        description="Verslag huisbezoek (synthetisch)")
    return mother, case, Path(document.file.path)


def test_a_destruction_approved_by_two_people_removes_the_person_everywhere(
        journey, demo_accounts, settings, tmp_path):
    from eendak.cases.models import Case, Document
    from eendak.persons.models import Person
    from eendak.retention.models import DestructionRequest

    settings.MEDIA_ROOT = tmp_path / "media"
    mother, case, stored = a_household_file(demo_accounts)
    assert stored.exists()

    pieter = journey.as_user("privacy")
    with journey.step("verzoek vastleggen (privacy)"):
        pieter.get_by_role("link", name="Vernietigingsverzoeken").first.click()
        expect(pieter.get_by_role("heading", level=1)).to_have_text("Vernietigingsverzoeken")
        pieter.get_by_role("link", name="Nieuw verzoek vastleggen").click()
        pieter.get_by_label("Persoonsnummer").fill(str(mother.pk))
        pieter.get_by_label("Verzoek ontvangen op").fill(today_text(-3))
        pieter.get_by_role("button", name="Verzoek vastleggen").click()
        expect(pieter.locator(".eendak-messages")).to_contain_text("Het verzoek is vastgelegd")
        expect(pieter.locator("main")).to_contain_text("Fenna")

    with journey.step("weigeren zonder grond wordt geweigerd, met behoud van de tekst (privacy)"):
        pieter.get_by_label("Weigeren").check()
        pieter.get_by_label("Toelichting").fill("Van belang voor het kind, zie het dossier.")
        pieter.get_by_role("button", name="Voorstel vastleggen").click()
        expect(pieter.locator("main")).to_contain_text("Kies de wettelijke grond")
        expect(pieter.get_by_label("Toelichting")).to_have_value(
            "Van belang voor het kind, zie het dossier.")

    with journey.step("vernietiging voorstellen (privacy)"):
        pieter.get_by_label("Vernietigen").check()
        pieter.get_by_label("Toelichting").fill("Verzoek toegewezen: geen wettelijke grond om te "
                                                "weigeren.")
        pieter.get_by_role("button", name="Voorstel vastleggen").click()
        expect(pieter.locator(".eendak-messages")).to_contain_text("Een tweede persoon beoordeelt")
        expect(pieter.locator("#status")).to_have_text("Voorstel wacht op tweede beoordelaar")
        expect(pieter.locator("main")).to_contain_text("U deed dit voorstel zelf")
        assert pieter.get_by_role("button", name="Beoordeling vastleggen").count() == 0
        violations = [v for v in axe_scan(pieter) if v["impact"] in ("serious", "critical")]
        assert not violations, "\n".join(describe(v) for v in violations)

    reference = DestructionRequest.objects.get().reference
    lotte = journey.as_user("logbeheer")
    with journey.step("tweede paar ogen: akkoord (logbeheer)"):
        lotte.get_by_role("link", name="Vernietigingsverzoeken").first.click()
        lotte.get_by_role("link", name=reference).click()
        expect(lotte.locator("main")).to_contain_text("direct en definitief")
        lotte.get_by_label("Akkoord met het voorstel").check()
        lotte.get_by_role("button", name="Beoordeling vastleggen").click()
        expect(lotte.locator(".eendak-messages")).to_contain_text("Het dossier is vernietigd")
        expect(lotte.locator("#status")).to_have_text("Vernietigd")
        expect(lotte.locator("main")).not_to_contain_text("Fenna")

    with journey.step("de persoon is niet meer te vinden (intake)"):
        ilse = journey.as_user("intake")
        ilse.goto("/personen/")
        ilse.get_by_label("Naam", exact=True).fill("Vernietigd-Test")
        ilse.get_by_role("button", name="Zoeken").click()
        expect(ilse.locator("main")).to_contain_text("Geen personen gevonden")

    with journey.step("het toegangslog blijft, zonder de persoon (privacy)"):
        # The log outlives the record: the report on the person's number still opens, nameless.
        pieter.goto("/toegangslog/inzage/")
        pieter.get_by_label("Persoonsnummer").fill(str(mother.pk))
        pieter.get_by_role("button", name="Overzicht tonen").click()
        expect(pieter.get_by_role("heading", level=1)).to_be_visible()
        expect(pieter.locator("main")).not_to_contain_text("Fenna")
        pieter.goto("/bewaren/?status=destroyed")
        expect(pieter.locator("main")).to_contain_text(reference)
        violations = [v for v in axe_scan(pieter) if v["impact"] in ("serious", "critical")]
        assert not violations, "\n".join(describe(v) for v in violations)

    assert not Person.objects.filter(surname="Vernietigd-Test").exists()
    assert not Case.objects.filter(pk=case.pk).exists() and not Document.objects.exists()
    assert not stored.exists()
    call_command("verify_access_log")
