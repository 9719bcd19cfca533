"""A family through the Veiligheidsteam in Chromium, each step by the demo user whose work it is,
through the real screens: Veilig Thuis refers from the case, the family is on this week's triage,
the team accepts it with its coordinator and takes over oversight of safety on the case page, plans a
case conference with a consulting partner invited for this household alone, records a decision and
an action that lands in the family's plan; the police record a house ban whose end is signalled; at
stable safety the team hands the family back to the local team.

The household's case is made through the services (Veilig Thuis responsible, the Tilburg team and the
police taking part), as a report's decision would leave it: the report screens have a journey of
their own (``test_journeys.py``).
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import today_text

pytestmark = pytest.mark.browser

VT = "Veilig Thuis Midden-Brabant"
POLICE = "Politie Eenheid Zeeland-West-Brabant"
GGZ = "GGz Breburg"
TILBURG = "Lokaal team Tilburg"
COORDINATOR = "Vera Veiligheidsteam"


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


def open_case(page, reference: str):
    """Mijn casussen through the menu, then the case by its reference."""
    page.get_by_role("link", name="Mijn casussen en signalen").first.click()
    expect(heading(page)).to_have_text("Mijn casussen")
    page.get_by_role("link", name=reference, exact=True).first.click()
    expect(heading(page)).to_have_text(f"Casus {reference}")


def the_family(users):
    """A household in Tilburg whose case Veilig Thuis holds, with the Tilburg team and the police."""
    from eendak.cases.services import participate
    from eendak.core.actors import Actor
    from eendak.core.models import Membership, Municipality, Organisation
    from eendak.testing import factories

    def organisation_of(username):
        return Membership.objects.select_related("organisation").get(
            user=users[username]).organisation

    vt, police = organisation_of("intake"), organisation_of("politie")
    tilburg_team = Organisation.objects.get(name=TILBURG)
    household = factories.HouseholdFactory(municipality=Municipality.objects.get(name="Tilburg"))
    factories.person_in(household, "parent", given_names="Sanne", surname="Verbeek")
    ruud = factories.person_in(household, "partner", given_names="Ruud", surname="Verbeek")
    factories.person_in(household, "child", given_names="Lotte", surname="Verbeek")
    case = factories.case_for(household, vt, tilburg_team, responsible=vt)
    intake = users["intake"]
    intake.acting_membership = Membership.objects.get(user=intake)
    participate(Actor(user=intake, membership=intake.acting_membership), case, police,
                "Politie: huisverbod en aangifte")
    return case, ruud


def test_a_family_through_the_veiligheidsteam_and_back_to_the_local_team(journey, demo_accounts):
    from eendak.cases.forms import person_label
    from eendak.cases.models import Case, PlanAction
    from eendak.conferences.models import Measure, Referral
    from eendak.conferences.workflow import ReferralStatus

    case, ruud = the_family(demo_accounts)
    ref = case.reference
    today = timezone.localdate()

    # 1. Ilse (intake, Veilig Thuis) refers the family from its case.
    intake = journey.as_user("intake")
    with journey.step("aanmelden bij het Veiligheidsteam (intake)"):
        open_case(intake, ref)
        panel = intake.locator("#veiligheidsteam")
        expect(panel).to_contain_text("Dit gezin is niet aangemeld bij het Veiligheidsteam.")
        panel.get_by_role("link", name="Aanmelden bij het Veiligheidsteam").click()
        expect(heading(intake)).to_have_text("Aanmelden bij het Veiligheidsteam")
        expect(intake.get_by_text("Meldingen over dit huishouden")).to_be_visible()

        # Without a reason: a Dutch message at the field, nothing stored, what was typed kept.
        intake.get_by_label(field("Doel van de aanmelding")).fill(
            "Escalatie stoppen: straf en zorg samen, één regisseur.")
        intake.get_by_label("Dreigen met of gebruik van een wapen", exact=True).check()
        intake.get_by_role("button", name="Aanmelden", exact=True).click()
        expect(intake.get_by_role("alert")).to_contain_text("Er is nog niets opgeslagen.")
        expect(intake.locator("#id_reason_error")).to_have_text("Geef de reden van de aanmelding.")
        expect(intake.get_by_label(field("Doel van de aanmelding"))).to_have_value(
            "Escalatie stoppen: straf en zorg samen, één regisseur.")
        expect(intake.get_by_label("Dreigen met of gebruik van een wapen", exact=True)
               ).to_be_checked()

        intake.get_by_label(field("Reden van aanmelding")).fill(
            "Derde huisverbod in twee jaar; vader dreigde met een mes.")
        intake.get_by_role("button", name="Aanmelden", exact=True).click()
        expect(messages(intake)).to_contain_text("Het gezin is aangemeld bij het Veiligheidsteam")
        referral = Referral.objects.get(case=case)
        expect(heading(intake)).to_have_text(f"Aanmelding {referral.reference}")

    # 2. Vera (veiligheidsteam) finds it on this week's triage and accepts it, as its coordinator.
    team = journey.as_user("veiligheidsteam")
    with journey.step("triage: geaccepteerd met regisseur (veiligheidsteam)"):
        team.get_by_role("link", name="Werkvoorraad Veiligheidsteam").first.click()
        expect(heading(team)).to_have_text("Werkvoorraad Veiligheidsteam")
        # Waiting for triage: this week's, or next week's when it came in after the deadline.
        expect(team.locator("#wachtend")).to_contain_text(referral.reference)
        team.locator("#wachtend").get_by_role("link", name=referral.reference).click()
        team.get_by_role("link", name="Naar de triage").click()
        expect(heading(team)).to_have_text(
            re.compile(rf"Triage van \w+ {referral.triage_on:%d-%m-%Y}"))
        family = team.locator(f"#aanmelding-{referral.pk}")
        expect(family).to_contain_text("Derde huisverbod in twee jaar")
        expect(family).to_contain_text("Dreigen met of gebruik van een wapen")
        family.get_by_label("Accepteren", exact=True).check()
        family.get_by_label(field("Reden")).fill("Lange voorgeschiedenis en hoog risico.")
        family.get_by_label("Regisseur van het Veiligheidsteam").select_option(label=COORDINATOR)
        family.get_by_role("button", name="Triagebesluit vastleggen").click()
        # htmx answers with the family's article: decided, the rest of the list where it was.
        expect(family).to_contain_text("Besloten: Accepteren.")
        expect(family).to_contain_text(f"Regisseur: {COORDINATOR}.")

    # 3. The handover of oversight of safety, offered by the triage, accepted on the case page.
    with journey.step("overdracht geaccepteerd op de casus (veiligheidsteam)"):
        open_case(team, ref)
        team.get_by_role("button", name="Overdracht accepteren").click()
        expect(messages(team)).to_contain_text("U heeft de overdracht geaccepteerd")
        team_name = team.locator(".cases-oversight__owner").inner_text()
        assert "Veiligheidsteam" in team_name or "Veiligheidshuis" in team_name, team_name
        expect(team.locator("#overzicht")).to_contain_text(COORDINATOR)
        expect(team.locator("#veiligheidsteam")).to_contain_text("Geaccepteerd door het "
                                                                 "Veiligheidsteam")

    # 4. A case conference, with GGz Breburg invited for this household alone.
    with journey.step("casusoverleg gepland, gezin op de agenda (veiligheidsteam)"):
        team.get_by_role("link", name="Werkvoorraad Veiligheidsteam").first.click()
        team.get_by_role("link", name="Casusoverleggen", exact=True).first.click()
        expect(heading(team)).to_have_text("Casusoverleggen")
        plan = folded(team, "Casusoverleg plannen")
        starts = timezone.localtime() + timedelta(days=1)
        plan.get_by_label(field("Datum en tijd")).fill(f"{starts:%Y-%m-%d}T10:00")
        plan.get_by_label(field("Plaats")).fill("Zorg- en Veiligheidshuis, Tilburg")
        plan.get_by_label(field("Voorzitter")).select_option(label=COORDINATOR)
        plan.locator("form").get_by_role("button", name="Plannen").click()
        expect(messages(team)).to_contain_text("Het casusoverleg is gepland.")
        expect(heading(team)).to_have_text(re.compile(r"^Casusoverleg "))

        agenda = folded(team, "Gezin op de agenda zetten")
        agenda.get_by_label(field("Gezin")).select_option(
            label=f"{ref} — {case.household.reference} ({referral.reference})")
        agenda.get_by_label(GGZ, exact=True).check()
        agenda.locator("form").get_by_role("button", name="Op de agenda zetten").click()
        expect(messages(team)).to_contain_text("Het gezin staat op de agenda")
        expect(heading(team)).to_have_text(f"Casus {ref} in het casusoverleg")
        invited = team.locator("#uitgenodigd").get_by_role("row").filter(has_text=GGZ)
        expect(invited).to_contain_text("Consulterende partner (alleen voor dit huishouden)")
        expect(team.locator("#uitgenodigd").get_by_role("row").filter(has_text=POLICE)
               ).to_contain_text("Vaste deelnemer")

    # 5. A decision and an action: the action goes straight into the family's one plan.
    with journey.step("besluit en actie in het plan (veiligheidsteam)"):
        decision = folded(team, "Besluit vastleggen")
        decision.get_by_label(field("Besluit")).fill("Contactverbod aanvragen bij het OM.")
        decision.locator("form").get_by_role("button", name="Besluit vastleggen").click()
        expect(messages(team)).to_contain_text("Het besluit is vastgelegd.")
        expect(team.locator("#besluiten")).to_contain_text("Contactverbod aanvragen bij het OM.")

        action = folded(team, "Actie afspreken")
        action.get_by_label(field("Actie")).fill("Contactverbod voorbereiden met het OM")
        action.get_by_label("Bij besluit").select_option(label="Contactverbod aanvragen bij het OM.")
        action.get_by_label(field("Uitvoerende organisatie")).select_option(label=POLICE)
        action.get_by_label(field("Uiterlijk klaar")).fill(today_text(7))
        action.locator("form").get_by_role("button", name="Actie in het plan zetten").click()
        expect(messages(team)).to_contain_text("De actie staat in het plan van het gezin.")
        row = team.locator("#acties").get_by_role("row").filter(
            has_text="Contactverbod voorbereiden met het OM")
        expect(row).to_contain_text(POLICE)
        expect(row).to_contain_text(today_text(7))

        team.get_by_role("link", name="Naar de casus en het plan").click()
        expect(heading(team)).to_have_text(f"Casus {ref}")
        in_plan = team.locator("#plan").get_by_role("row").filter(
            has_text="Contactverbod voorbereiden met het OM")
        expect(in_plan).to_contain_text(POLICE)
        expect(in_plan).to_contain_text("Open")

    # 6. Paul (politie) records a house ban; a ban of 40 days is refused; the end is signalled.
    police = journey.as_user("politie")
    with journey.step("huisverbod vastgelegd, einde gesignaleerd (politie)"):
        open_case(police, ref)
        police.locator("#veiligheidsteam").get_by_role(
            "link", name="Alle maatregelen, en een maatregel vastleggen").click()
        expect(heading(police)).to_have_text("Maatregelen van straf en zorg")
        form = police.locator("#vastleggen")
        form.get_by_label(field("Soort maatregel of zorgtraject")).select_option(
            label="Tijdelijk huisverbod")
        form.get_by_label("Betreft").select_option(label=person_label(ruud))
        started = today - timedelta(days=8)
        form.get_by_label(field("Vanaf")).fill(f"{started:%d-%m-%Y}")
        form.get_by_label("Tot en met").fill(f"{started + timedelta(days=40):%d-%m-%Y}")
        form.get_by_role("button", name="Vastleggen").click()
        expect(police.get_by_role("alert")).to_contain_text("Er is nog niets opgeslagen.")
        expect(police.locator("#id_maatregel-ends_on_error")).to_contain_text(
            "Een tijdelijk huisverbod geldt 10 dagen")
        assert not Measure.objects.filter(case=case).exists()

        police.locator("#vastleggen").get_by_label("Tot en met").fill("")
        police.locator("#vastleggen").get_by_role("button", name="Vastleggen").click()
        expect(messages(police)).to_contain_text("Tijdelijk huisverbod is vastgelegd")
        ban = police.locator("#strafrecht tr[data-measure='house_ban']")
        expect(ban).to_contain_text(f"{started + timedelta(days=10):%d-%m-%Y}")
        expect(ban).to_contain_text("loopt binnenkort af")
        expect(ban).to_contain_text(POLICE)

        police.get_by_role("link", name=f"Terug naar casus {ref}").click()
        signals = police.locator("#aandacht")
        expect(signals.get_by_role("row").filter(has_text="Tijdelijk huisverbod loopt af")
               ).to_be_visible()

    # 7. At stable safety the team hands the family back to the Tilburg team.
    with journey.step("stabiele veiligheid en teruggave aan het lokale team (veiligheidsteam)"):
        open_case(team, ref)
        phase = folded(team, "Fase wijzigen")
        phase.get_by_label("Nieuwe fase").select_option(label="Stabiele veiligheid")
        phase.get_by_label(field("Reden")).fill("Geen incidenten sinds het huisverbod; "
                                                "afspraken worden nageleefd.")
        phase.locator("form").get_by_role("button", name="Fase wijzigen").click()
        expect(messages(team)).to_contain_text("De fase is gewijzigd.")

        team.locator("#veiligheidsteam").get_by_role("link", name=referral.reference).click()
        expect(heading(team)).to_have_text(f"Aanmelding {referral.reference}")
        back = team.locator("#teruggeven")
        back.get_by_label(field("Terug naar het lokale team")).select_option(label=TILBURG)
        back.get_by_label(field("Wat neemt het lokale team over?")).fill(
            "Het plan met de afspraken; stabiele veiligheid betekent hier: geen contact zonder "
            "afspraak en de training afgemaakt.")
        back.get_by_role("button", name="Teruggeven").click()
        expect(messages(team)).to_contain_text("De overdracht naar het lokale team is aangeboden")
        expect(team.locator(".cases-badges")).to_contain_text(
            "Teruggegeven bij stabiele veiligheid")

        open_case(team, ref)
        expect(team.locator("#overzicht")).to_contain_text(
            f"aangeboden aan {TILBURG}, wacht op acceptatie")

    # What the day leaves behind.
    referral.refresh_from_db()
    case = Case.objects.get(pk=case.pk)
    assert referral.status == ReferralStatus.HANDED_BACK
    assert referral.handed_back_to.name == TILBURG
    assert case.phase == "stable_safety"
    assert PlanAction.objects.filter(goal__version__case=case,
                                     text="Contactverbod voorbereiden met het OM").exists()
    assert Measure.objects.get(case=case).ends_on == started + timedelta(days=10)
