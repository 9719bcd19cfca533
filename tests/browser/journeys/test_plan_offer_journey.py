"""A plan action picks its help from the sociale kaart, in Chromium, by the demo user whose work it
is: Wendy (``wijkteam``, Tilburg) opens a Tilburg family's case from Mijn casussen, adds an action to
its plan and picks an offer from the regional help catalogue. Where the plan is made she sees only
the offers in the family's municipality, each with its current waiting time, and a long wait said
above the list; an end date before the start is refused in Dutch at its field, with what she typed
and the offer she picked still there; saved, the plan shows the action with the offer and its
waiting time. The case page, with the action form open and after saving, passes axe-core without a
serious finding.

The world is made through the services, as the file and the catalogue would hold it: a report about
the family decided on conditions (Veilig Thuis and the Tilburg team take part), a plan with one goal
made by Cor (``coordinator``), and three offers kept by Bram (``beheer``) — two in Tilburg, one in
Dongen only. Dates are today and two weeks from today: nothing depends on the hour or the weekday.
"""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from .conftest import BLOCKING_IMPACTS, axe_scan, describe, today_text

pytestmark = pytest.mark.browser

TEAM = "Lokaal team Tilburg"
GOAL = "De kinderen verwerken wat ze thuis hebben meegemaakt."
PROVIDER = "Stichting Kind in Beeld (synthetisch)"
GROUP = "Praatgroep voor kinderen na huiselijk geweld"  # Tilburg, 4 weeks
TRAUMA = "Traumabehandeling voor kinderen en jongeren"  # Tilburg, 10 weeks: a long wait
DONGEN = "Opvoedondersteuning thuis – Dongen"  # not offered in Tilburg
ACTION = "Lotte aanmelden voor traumabehandeling"


def field(text: str):
    """A label exactly ``text``, with or without the required-field star after it."""
    return re.compile(rf"^{re.escape(text)}\s*\*?$")


def heading(page):
    return page.get_by_role("heading", level=1)


def messages(page):
    return page.locator(".eendak-messages")


def folded_form(page, summary: str):
    """A form of the case page folded in a <details>: clicked open, as a person would."""
    step = page.locator("details.cases-step").filter(has=page.get_by_text(summary, exact=True))
    if step.get_attribute("open") is None:
        step.locator("summary").click()
    return step


def acting(user):
    """``user`` acting for their one membership, as the services expect."""
    from eendak.core.actors import Actor
    from eendak.core.models import Membership

    user.acting_membership = Membership.objects.select_related("organisation").get(user=user)
    return Actor(user=user, membership=user.acting_membership, ip_address="127.0.0.1")


def a_family_with_a_plan_and_a_catalogue(users) -> dict:
    """A Tilburg household's case (Veilig Thuis and the Tilburg team), a plan with one goal, and the
    help catalogue: two offers in Tilburg (one with a long wait), one in Dongen only."""
    from eendak.cases import services as cases
    from eendak.catalogue import services as catalogue
    from eendak.catalogue.models import OfferKind, TargetGroup
    from eendak.core.models import Municipality
    from eendak.intake import services as intake
    from eendak.persons.registry import PersonData

    tilburg = Municipality.objects.get(name="Tilburg")
    dongen = Municipality.objects.get(name="Dongen")

    def person(given, surname, sex, born):
        return PersonData(given_names=given, surname=surname, sex=sex, date_of_birth=born,
                          street="Piushaven", house_number="7", postcode="5017 AN", city="Tilburg",
                          municipality_id=tilburg.pk)

    ilse = acting(users["intake"])
    report = intake.register_report(ilse, intake.ReportData(
        channel="phone", account="De school hoort van Lotte dat haar ouders thuis vechten.",
        violence_types=["partnergeweld", "kindermishandeling"],
        reporter=intake.ReporterData(name="J. Smits", relation="leerkracht"),
        involved=[intake.InvolvedPerson("victim", data=person("Mira", "Jansen", "V", date(1989, 5, 2))),
                  intake.InvolvedPerson("suspect", data=person("Tom", "Jansen", "M", date(1986, 8, 19))),
                  intake.InvolvedPerson("child", data=person("Lotte", "Jansen", "V", date(2015, 3, 11)))],
        municipality_id=tilburg.pk))
    intake.record_assessment(ilse, report, acute_unsafety=False, structural_unsafety=True,
                             triage="structural_serious", rationale="Herhaald geweld, kind getuige.")
    case = intake.decide(ilse, report, kind="conditions",
                         rationale="Voorwaarden met het gezin, lokaal team erbij.").case
    cor = acting(users["coordinator"])
    version = cases.new_plan_version(cor, case, note="Eerste plan na het gezinsgesprek")
    goal = cases.add_goal(cor, version, part="help", text=GOAL)

    bram = acting(users["beheer"])
    provider = catalogue.save_provider(bram, name=PROVIDER)

    def offer(title, kind, municipality, weeks):
        return catalogue.save_offer(bram, catalogue.OfferData(
            provider=provider, title=title, kind=kind, target_groups=[TargetGroup.CHILDREN],
            municipality_ids=[municipality.pk], capacity=8, waiting_weeks=weeks))

    offers = {"group": offer(GROUP, OfferKind.CHILD_SUPPORT, tilburg, 4),
              "trauma": offer(TRAUMA, OfferKind.TRAUMA_TREATMENT, tilburg, 10),
              "dongen": offer(DONGEN, OfferKind.PARENTING_SUPPORT, dongen, 1)}
    return {"case": case, "goal": goal, "offers": offers}


def test_a_plan_action_picks_an_offer_and_shows_its_waiting_time(journey, demo_accounts):
    from django.conf import settings

    from eendak.cases.models import PlanAction

    assert 4 < settings.EENDAK_LONG_WAIT_WEEKS <= 10  # the group's wait is not long, the trauma's is
    world = a_family_with_a_plan_and_a_catalogue(demo_accounts)
    case, offers = world["case"], world["offers"]
    blocking = {}

    def scan(page, name):
        found = [describe(v) for v in axe_scan(page) if v["impact"] in BLOCKING_IMPACTS]
        if found:
            blocking[name] = found

    # 1. Wendy finds the family in Mijn casussen and opens its case at the plan.
    wendy = journey.as_user("wijkteam")
    with journey.step("casus openen (wijkteam)"):
        wendy.get_by_role("link", name="Mijn casussen en signalen").first.click()
        expect(heading(wendy)).to_have_text("Mijn casussen")
        open_cases = wendy.get_by_role("table", name="Open casussen waarin uw organisatie deelneemt")
        open_cases.get_by_role("link", name=case.reference, exact=True).click()
        expect(heading(wendy)).to_have_text(f"Casus {case.reference}")
        plan = wendy.locator("#plan")
        expect(plan).to_contain_text(GOAL)
        expect(plan).to_contain_text("Nog geen acties.")

    # 2. The action form offers the catalogue in Tilburg, each offer with its waiting time.
    with journey.step("hulpaanbod kiezen in het plan (wijkteam)"):
        step = folded_form(wendy, "Actie toevoegen")
        offer = step.get_by_label("Hulpaanbod uit de sociale kaart")
        expect(offer).to_be_visible()
        labels = [" ".join(text.split()) for text in offer.locator("option").all_inner_texts()]
        assert labels[1:] == [f"{GROUP} ({PROVIDER}) – wachttijd 4 weken",
                              f"{TRAUMA} ({PROVIDER}) – lange wachttijd: 10 weken"], labels
        assert not any(DONGEN in label for label in labels), labels
        # The long wait is said above the list too, before anything is picked.
        expect(step.locator("#id_actie-offer_helptext")).to_contain_text(
            f"Let op, lange wachttijd nu: {TRAUMA} (10 weken).")
        expect(offer).to_have_attribute("aria-describedby", re.compile("id_actie-offer_helptext"))
        scan(wendy, "casus, formulier ‘Actie toevoegen’ open")

        step.get_by_label("Bij doel").select_option(label=f"Hulp: {GOAL}")
        step.get_by_label(field("Actie")).fill(ACTION)
        expect(step.get_by_label("Uitvoerende organisatie")).to_have_value(re.compile(r"\d+"))
        step.get_by_label("Uitvoerder").select_option(label=f"Wendy van het Wijkteam ({TEAM})")
        offer.select_option(label=f"{TRAUMA} ({PROVIDER}) – lange wachttijd: 10 weken")
        # The picked offer's option carries its waiting time. (On screen the closed list, one grid
        # column wide, cuts this label off before the wait at its end; a long one is still said in
        # the text above the list.)
        expect(offer.locator("option:checked")).to_have_text(re.compile("lange wachttijd: 10 weken$"))

    # 3. An end date before the start: refused in Dutch at its field, nothing lost, nothing saved.
    with journey.step("einddatum vóór de start (wijkteam)"):
        step.get_by_label(field("Uiterlijk klaar")).fill(today_text(-1))
        step.get_by_role("button", name="Toevoegen").click()
        expect(wendy.get_by_role("alert")).to_contain_text(
            "Controleer de gemarkeerde velden. Er is nog niets opgeslagen.")
        step = wendy.locator("details.cases-step[open]").filter(
            has=wendy.get_by_text("Actie toevoegen", exact=True))
        expect(step.locator("#id_actie-due_on_error")).to_have_text(
            "De einddatum ligt vóór de startdatum.")
        expect(step.get_by_label(field("Actie"))).to_have_value(ACTION)
        expect(step.get_by_label("Hulpaanbod uit de sociale kaart")).to_have_value(
            str(offers["trauma"].pk))
        expect(step.get_by_label(field("Uiterlijk klaar"))).to_have_value(today_text(-1))
        expect(step.get_by_label("Uitvoerder")).not_to_have_value("")
        assert not PlanAction.objects.exists()
        scan(wendy, "casus, ‘Actie toevoegen’ met een fout")

    # 4. Corrected and saved: the plan shows the action with the offer and its waiting time now.
    with journey.step("actie met hulpaanbod in het plan (wijkteam)"):
        step.get_by_label(field("Uiterlijk klaar")).fill(today_text(14))
        step.get_by_role("button", name="Toevoegen").click()
        expect(messages(wendy)).to_contain_text("De actie is toegevoegd.")
        row = wendy.locator("#plan").get_by_role("row").filter(has_text=ACTION)
        expect(row).to_contain_text(
            f"Hulpaanbod: {TRAUMA} ({PROVIDER}), wachttijd nu 10 weken Lange wachttijd")
        expect(row).to_contain_text(TEAM)
        expect(row).to_contain_text("Wendy van het Wijkteam")
        expect(row).to_contain_text(today_text(14))
        expect(row.get_by_role("link", name=TRAUMA)).to_have_attribute(
            "href", f"/sociale-kaart/aanbod/{offers['trauma'].pk}/")
        action = PlanAction.objects.get()
        assert (action.offer, action.text) == (offers["trauma"], ACTION)
        scan(wendy, "casus met de actie en het hulpaanbod")

    assert blocking == {}, "\n".join(f"{name}:\n  " + "\n  ".join(found)
                                     for name, found in blocking.items())
