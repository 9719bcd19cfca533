"""Is the help sufficiently present? ``GET /help-demand/`` (``monitoring.api``, the API face of
/cijfers/vraag-en-aanbod/): per offer of the help catalogue, how many plan actions wait for it and
how long, beside its capacity and the waiting time its provider gives — for the analyst, the
Expertisecentrum and the functional administrator, as counts only: no case, no household, no person.
Anyone else gets the logged 404."""

from datetime import timedelta

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from eendak.api.tests.support import assert_problem, body
from eendak.audit.models import AccessLogEntry, Outcome
from eendak.cases import services as case_services
from eendak.catalogue import services as catalogue
from eendak.core.actors import Actor
from eendak.core.models import Municipality
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1"
ROW = {"offer", "waiting", "medianDaysWaiting", "capacity", "waitingWeeks", "exceeds"}


def actor_for(membership) -> Actor:
    return Actor(user=membership.user, membership=membership, ip_address="127.0.0.1")


@pytest.fixture
def waiting_for_trauma_care(household_with_case, functional_admin, tilburg_team, vt):
    """Two actions in the Tilburg family's plan wait ten days for an offer with one place."""
    _household, case, _persons = household_with_case
    admin = actor_for(functional_admin)
    provider = catalogue.save_provider(admin, name="Traumacentrum (test)",
                                       organisation=f.organisation(T.MENTAL_HEALTH))
    offer = catalogue.save_offer(admin, catalogue.OfferData(
        provider=provider, title="Traumabehandeling kind", kind="trauma_treatment",
        target_groups=["children"], municipality_ids=[tilburg_team.municipality_id], capacity=1,
        waiting_weeks=8))
    team = actor_for(f.membership(Role.CASE_COORDINATOR, tilburg_team))
    version = case_services.new_plan_version(team, case, note="")
    goal = case_services.add_goal(team, version, part="help", text="Herstel voor het kind.")
    today = timezone.localdate()
    for text in ("Traumabehandeling voor het kind", "Traumabehandeling voor de broer"):
        case_services.add_action(team, goal, text=text, owner_organisation=tilburg_team, owner=None,
                                 start_on=today - timedelta(days=10), due_on=today + timedelta(days=60),
                                 offer=offer)
    return offer


@pytest.mark.parametrize("role, organisation", [
    (Role.ANALYST, T.VEILIG_THUIS), (Role.EXPERTISE_STAFF, T.EXPERTISE_CENTRE),
    (Role.FUNCTIONAL_ADMIN, T.VEILIG_THUIS)])
def test_demand_per_offer_is_counts_only(login_as, waiting_for_trauma_care, tilburg_team, role,
                                          organisation):
    client = login_as(f.membership(role, f.organisation(organisation)))
    [row] = body(client.get(f"{API}/help-demand/"))["results"]
    assert set(row) == ROW
    assert row["offer"] == {"id": waiting_for_trauma_care.pk, "title": "Traumabehandeling kind",
                            "kind": "trauma_treatment", "kindLabel": "Traumabehandeling",
                            "provider": "Traumacentrum (test)"}
    # Two waiting actions could point at a family: "<5", no median, no comparison with capacity.
    assert (row["waiting"], row["medianDaysWaiting"], row["capacity"], row["waitingWeeks"],
            row["exceeds"]) == ("<5", None, 1, 8, None)
    # Per municipality: the family lives in Tilburg, so elsewhere nothing waits.
    elsewhere = Municipality.objects.exclude(pk=tilburg_team.municipality_id).first()
    assert body(client.get(f"{API}/help-demand/", {"municipality": elsewhere.pk}))["results"] == []
    assert len(body(client.get(f"{API}/help-demand/", {
        "municipality": tilburg_team.municipality_id}))["results"]) == 1


@pytest.mark.parametrize("role, organisation", [
    (Role.VT_INTAKE, T.VEILIG_THUIS), (Role.LOCAL_TEAM_WORKER, T.LOCAL_TEAM),
    (Role.PARTNER_LIAISON, T.MENTAL_HEALTH)])
def test_no_one_else_sees_the_demand(login_as, waiting_for_trauma_care, role, organisation):
    member = f.membership(role, f.organisation(organisation))
    assert_problem(login_as(member).get(f"{API}/help-demand/"), 404)
    entry = AccessLogEntry.objects.filter(user_id=member.user_id).latest("id")
    assert (entry.event, entry.outcome) == ("catalogue.view_demand", Outcome.DENIED)


def test_an_impossible_municipality_is_a_400(login_as, functional_admin):
    response = login_as(functional_admin).get(f"{API}/help-demand/", {"municipality": "Tilburg"})
    problem = assert_problem(response, 400)
    assert [p["name"] for p in problem["invalidParams"]] == ["municipality"]


def test_the_path_is_the_one_it_always_had():
    """Without the trailing slash since the API follows the NL API Design Rules (eendak.api.routing);
    the old path with the slash is still answered by the same view."""
    assert reverse("monitoring_api:help-demand-list") == f"{API}/help-demand"
    assert resolve(f"{API}/help-demand/").func is resolve(f"{API}/help-demand").func


def test_five_waiting_actions_are_published_with_their_median_and_the_capacity_exceeded(
        login_as, waiting_for_trauma_care, household_with_case, tilburg_team):
    """Published as the page shows it (``dashboards.published_offer_demand``): rounded to 5."""
    _household, case, _persons = household_with_case
    goal = case.plan_versions.get().goals.get()
    team = actor_for(f.membership(Role.CASE_COORDINATOR, tilburg_team))
    today = timezone.localdate()
    for n in range(3):
        case_services.add_action(team, goal, text=f"Traumabehandeling {n}",
                                 owner_organisation=tilburg_team, owner=None,
                                 start_on=today - timedelta(days=10),
                                 due_on=today + timedelta(days=60), offer=waiting_for_trauma_care)
    analyst = login_as(f.membership(Role.ANALYST, f.organisation(T.VEILIG_THUIS)))
    [row] = body(analyst.get(f"{API}/help-demand/"))["results"]
    assert (row["waiting"], row["medianDaysWaiting"], row["exceeds"]) == ("5", 10, True)
