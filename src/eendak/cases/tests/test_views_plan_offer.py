"""A plan action picks its help from the regional help catalogue, where the plan is made: only the
offers in the family's municipality, each with its current waiting time, a long wait said right
there; the plan then shows the chosen offer and its waiting time as the provider keeps it."""

import re

import pytest
from django.utils import timezone

from eendak.cases import services
from eendak.cases.models import PlanAction
from eendak.catalogue import services as catalogue
from eendak.catalogue.models import Offer
from eendak.core.models import Municipality
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import actor_for
from .views_helpers import case_url, step, step_url, text_of


def options(response, name: str) -> dict[int, str]:
    html = response.content.decode()
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, flags=re.S)
    assert select, f"no select {name}"
    return {int(value): " ".join(label.split())
            for value, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>',
                                           select.group(1))}


@pytest.fixture
def plan_goal(open_case, team_actor):
    version = services.new_plan_version(team_actor, open_case, note="Eerste plan")
    return services.add_goal(team_actor, version, part="help", text="Het kind verwerkt wat het zag.")


@pytest.fixture
def offers(functional_admin, region):
    admin = actor_for(functional_admin)
    provider = catalogue.save_provider(admin, name="Jeugd-GGZ Hart van Brabant (synthetisch)",
                                       organisation=f.organisation(T.MENTAL_HEALTH))

    def offer(title, places, weeks, kind="trauma_treatment"):
        ids = list(Municipality.objects.filter(name__in=places).values_list("pk", flat=True))
        return catalogue.save_offer(admin, catalogue.OfferData(
            provider=provider, title=title, kind=kind, municipality_ids=ids, capacity=5,
            waiting_weeks=weeks))

    return {"short": offer("KIES-groep", ["Tilburg", "Goirle"], 2, kind="child_support"),
            "long": offer("Traumabehandeling kind", ["Tilburg"], 10),
            "elsewhere": offer("Traumabehandeling Dongen", ["Dongen"], 1)}


def _action(plan_goal, tilburg_team, offer=None, text="Aanmelden bij de hulp"):
    today = timezone.localdate()
    return {"goal": plan_goal.pk, "text": text, "owner_organisation": tilburg_team.pk,
            "start_on": today.strftime("%d-%m-%Y"), "due_on": today.strftime("%d-%m-%Y"),
            "offer": offer.pk if offer else ""}


@pytest.mark.django_db
def test_the_action_form_offers_the_catalogue_in_the_familys_municipality_with_waiting_times(
        open_case, team_actor, plan_goal, offers, login_as):
    form = login_as(team_actor.membership).get(step_url(open_case, "action"))

    offered = options(form, "actie-offer")
    assert set(offered) == {offers["short"].pk, offers["long"].pk}  # not Dongen's
    assert offered[offers["short"].pk] == ("KIES-groep (Jeugd-GGZ Hart van Brabant (synthetisch)) "
                                           "– wachttijd 2 weken")
    assert offered[offers["long"].pk].endswith("– lange wachttijd: 10 weken")
    assert "Let op, lange wachttijd nu: Traumabehandeling kind (10 weken)." in text_of(form)


@pytest.mark.django_db
def test_the_plan_shows_the_chosen_offer_and_its_current_waiting_time(
        open_case, team_actor, tilburg_team, plan_goal, offers, login_as):
    client = login_as(team_actor.membership)

    page = text_of(step(client, open_case, "action", _action(plan_goal, tilburg_team, offers["long"])))

    action = PlanAction.objects.get()
    assert action.offer == offers["long"]
    assert "De actie is toegevoegd." in page
    assert ("Hulpaanbod: Traumabehandeling kind (Jeugd-GGZ Hart van Brabant (synthetisch)), wachttijd "
            "nu 10 weken Lange wachttijd") in page
    # The provider shortens its waiting list: the plan shows the wait as it is now.
    Offer.objects.filter(pk=offers["long"].pk).update(waiting_weeks=3)
    page = text_of(client.get(case_url(open_case)))
    assert "Traumabehandeling kind (Jeugd-GGZ Hart van Brabant (synthetisch)), wachttijd nu 3 weken" in page
    assert "Lange wachttijd" not in page


@pytest.mark.django_db
def test_the_printed_plan_names_the_offer_and_its_waiting_time(
        open_case, team_actor, tilburg_team, plan_goal, offers, login_as):
    """The plan printed for the family conversation says which help and how long the wait is."""
    from .test_views_pdf import pdf_text

    client = login_as(team_actor.membership)
    step(client, open_case, "action", _action(plan_goal, tilburg_team, offers["long"]))

    printed = pdf_text(client.get(case_url(open_case, "plan_pdf")))
    assert ("Hulpaanbod: Traumabehandeling kind (Jeugd-GGZ Hart van Brabant (synthetisch)), "
            "wachttijd nu 10 weken") in printed


@pytest.mark.django_db
def test_an_action_without_an_offer_is_still_an_action(open_case, team_actor, tilburg_team, plan_goal,
                                                       offers, login_as):
    step(login_as(team_actor.membership), open_case, "action",
         _action(plan_goal, tilburg_team, text="Huisbezoek"))

    assert PlanAction.objects.get().offer is None


@pytest.mark.django_db
def test_an_offer_outside_the_municipality_is_refused_and_what_was_typed_kept(
        open_case, team_actor, tilburg_team, plan_goal, offers, login_as):
    client = login_as(team_actor.membership)

    response = step(client, open_case, "action",
                    _action(plan_goal, tilburg_team, offers["elsewhere"], text="Mijn getypte actie"))

    html = response.content.decode()
    assert "Kies uit de lijst." in text_of(response)
    assert "Mijn getypte actie" in html
    assert not PlanAction.objects.exists()


@pytest.mark.django_db
def test_an_offer_ended_meanwhile_is_no_longer_taken(open_case, team_actor, tilburg_team, plan_goal,
                                                     offers, login_as):
    client = login_as(team_actor.membership)
    data = _action(plan_goal, tilburg_team, offers["short"])
    Offer.objects.filter(pk=offers["short"].pk).update(is_active=False)

    response = step(client, open_case, "action", data)

    assert "Kies uit de lijst." in text_of(response)
    assert not PlanAction.objects.exists()


@pytest.mark.django_db
def test_a_partner_adding_its_own_action_sees_the_same_catalogue(open_case, vt_actor, plan_goal, offers,
                                                                login_as):
    police = f.organisation(T.POLICE)
    services.add_participant(vt_actor, open_case, police, task="Aangifte", legal_basis="consent")
    officer = f.membership(Role.PARTNER_LIAISON, police)

    offered = options(login_as(officer).get(step_url(open_case, "action")), "actie-offer")

    assert set(offered) == {offers["short"].pk, offers["long"].pk}
