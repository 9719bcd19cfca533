"""What a step's form offers, fetched when the step is opened: a bounded list of choices, narrowed
by a search (the participant step never lists every organisation of the country), and only choices
the step's rules accept (a plan action's owner works with client data; a partner that does not make
the plan adds actions for itself only)."""

import re

import pytest
from django.utils import timezone

from eendak.cases import services
from eendak.cases.models import Participation, PlanAction
from eendak.cases.pages import MAX_CHOICES
from eendak.core.exceptions import RuleViolation
from eendak.core.models import Organisation
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import actor_for
from .views_helpers import step, step_url, text_of


def options(response, name: str) -> dict[int, str]:
    """The choices of one select of the form: {value: label}, the empty choice left out."""
    html = response.content.decode()
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, flags=re.S)
    assert select, f"no select {name}"
    return {int(value): label.strip()
            for value, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>',
                                           select.group(1))}


@pytest.fixture
def many_shelters(region):
    """More organisations without a municipality (offered anywhere) than a list may hold."""
    return Organisation.objects.bulk_create([
        Organisation(name=f"Vrouwenopvang Brabant {n:02}", type=T.SHELTER) for n in range(40)])


@pytest.mark.django_db
def test_the_participant_step_offers_a_bounded_list_that_a_search_narrows(
        open_case, vt_actor, tilburg_team, many_shelters, login_as):
    client = login_as(vt_actor.membership)
    url = step_url(open_case, "participant")
    taking_part = {vt_actor.organisation.pk, tilburg_team.pk}

    first = options(client.get(url, headers={"HX-Request": "true"}), "deelnemer-organisation")
    assert len(first) == MAX_CHOICES == 25
    assert not taking_part & set(first)  # who takes part already is not offered

    found = options(client.get(url, {"zoek": "opvang brabant 3"}), "deelnemer-organisation")
    assert sorted(found.values()) == [f"Vrouwenopvang Brabant {n}" for n in range(30, 40)]

    # A search reaches beyond the first list: another municipality's local team.
    goirle = Organisation.objects.get(name="Lokaal team Goirle")
    assert goirle.pk not in first
    assert options(client.get(url, {"zoek": "Goirle"}), "deelnemer-organisation") == {
        goirle.pk: "Lokaal team Goirle"}
    # ... never to an organisation that takes part already.
    searched = client.get(url, {"zoek": "Lokaal team Tilburg"})
    assert options(searched, "deelnemer-organisation") == {}
    assert "Geen organisatie gevonden" in text_of(searched)

    # The organisation a search found is accepted, though the first list did not hold it.
    page = text_of(step(client, open_case, "participant", {
        "organisation": goirle.pk, "task": "Broer woont in Goirle", "legal_basis": "consent"}))
    assert "De organisatie neemt nu deel aan de casus." in page
    assert Participation.objects.filter(case=open_case, organisation=goirle,
                                        ended_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_municipalitys_policy_office_and_the_expertisecentrum_never_take_part(
        open_case, vt_actor, login_as):
    """They see figures and their own records, never a family: not offered, and refused if posted
    (the 'Gemeente Goirle' of the reference data is found by name, but not by the step)."""
    client = login_as(vt_actor.membership)
    url = step_url(open_case, "participant")
    outsiders = [Organisation.objects.get(name="Gemeente Goirle"), f.organisation(T.EXPERTISE_CENTRE)]
    for outsider in outsiders:
        assert outsider.pk not in options(client.get(url, {"zoek": outsider.name}),
                                          "deelnemer-organisation")
        with pytest.raises(RuleViolation, match="neemt niet deel aan casussen"):
            services.add_participant(vt_actor, open_case, outsider, task="Meekijken",
                                     legal_basis="consent")
    assert not Participation.objects.filter(organisation__in=outsiders).exists()


@pytest.fixture
def plan_goal(open_case, team_actor):
    version = services.new_plan_version(team_actor, open_case, note="Eerste plan")
    return services.add_goal(team_actor, version, part="safety", text="Iedereen is veilig.")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ANALYST, Role.FUNCTIONAL_ADMIN, Role.LOG_ADMIN])
def test_an_action_is_never_owned_by_someone_without_client_data(open_case, team_actor,
                                                                 tilburg_team, plan_goal,
                                                                 login_as, role):
    without = f.membership(role, tilburg_team)  # works at the organisation, not with families
    worker = f.membership(Role.LOCAL_TEAM_WORKER, tilburg_team)
    elsewhere = f.membership(Role.LOCAL_TEAM_WORKER,
                             Organisation.objects.get(name="Lokaal team Goirle"))

    form = login_as(team_actor.membership).get(step_url(open_case, "action"))

    owners = options(form, "actie-owner")
    assert {team_actor.user.pk, worker.user.pk} <= set(owners)
    assert without.user.pk not in owners
    assert elsewhere.user.pk not in owners  # takes no part in this case
    today = timezone.localdate()
    with pytest.raises(RuleViolation) as refused:
        services.add_action(team_actor, plan_goal, text="Huisbezoek",
                            owner_organisation=tilburg_team, owner=without.user, start_on=today,
                            due_on=today)
    assert refused.value.field == "owner"
    assert not PlanAction.objects.exists()


@pytest.mark.django_db
def test_a_partner_that_does_not_make_the_plan_adds_actions_for_itself(open_case, vt_actor,
                                                                       tilburg_team, plan_goal,
                                                                       police, login_as):
    services.add_participant(vt_actor, open_case, police, task="Strafrechtelijk traject",
                             legal_basis="statutory_task")
    officer = actor_for(f.membership(Role.PARTNER_LIAISON, police))

    form = login_as(officer.membership).get(step_url(open_case, "action"))

    assert options(form, "actie-owner_organisation") == {police.pk: police.name}
    today = timezone.localdate()
    with pytest.raises(RuleViolation) as refused:
        services.add_action(officer, plan_goal, text="Huisbezoek", owner_organisation=tilburg_team,
                            owner=None, start_on=today, due_on=today)
    assert refused.value.field == "owner_organisation"
    own = services.add_action(officer, plan_goal, text="Aangifte opnemen",
                              owner_organisation=police, owner=officer.user, start_on=today,
                              due_on=today)
    assert own.owner_organisation == police


@pytest.mark.django_db
def test_the_first_plan_is_drawn_up_not_a_new_version(open_case, team_actor, login_as):
    client = login_as(team_actor.membership)

    page = text_of(client.get(f"/casussen/{open_case.pk}/"))
    assert "Het plan opstellen" in page and "Nieuwe versie van het plan" not in page
    form = client.get(step_url(open_case, "plan_version"), headers={"HX-Request": "true"})
    assert "Plan beginnen" in text_of(form) and "Wat is er veranderd?" not in text_of(form)

    done = step(client, open_case, "plan_version", {"note": "Na het eerste gezinsgesprek."})

    assert "Het plan is begonnen" in text_of(done)
    # With a plan there is something to change: from now on a new version is "a new version".
    assert "Nieuwe versie van het plan" in text_of(done) and "Het plan opstellen" not in text_of(done)
    form = client.get(step_url(open_case, "plan_version"), headers={"HX-Request": "true"})
    assert "Wat is er veranderd?" in text_of(form)
