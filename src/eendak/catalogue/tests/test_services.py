"""The help catalogue: kept by the functional administrator and the provider's own people; a plan
action picks an offer available in the family's municipality; demand per offer is counted."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.cases import queries as case_queries
from eendak.cases import services as case_services
from eendak.catalogue import services
from eendak.core.actors import Actor
from eendak.core.exceptions import NotPermitted, RuleViolation
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f


def actor_for(membership) -> Actor:
    membership.user.acting_membership = membership
    return Actor(user=membership.user, membership=membership, ip_address="127.0.0.1")


@pytest.fixture
def admin(region):
    return actor_for(f.membership(Role.FUNCTIONAL_ADMIN, f.organisation(T.VEILIG_THUIS)))


@pytest.fixture
def offer(admin, tilburg_team, region):
    shelter = f.organisation(T.SHELTER)
    provider = services.save_provider(admin, name="Testaanbieder", organisation=shelter)
    return services.save_offer(admin, services.OfferData(
        provider=provider, title="Traumabehandeling kind", kind="trauma_treatment",
        target_groups=["children"], municipality_ids=[tilburg_team.municipality_id],
        capacity=1, waiting_weeks=8))


@pytest.mark.django_db
def test_the_provider_updates_its_waiting_time_and_no_one_else(offer, intake):
    provider_member = actor_for(f.membership(Role.PARTNER_LIAISON, offer.provider.organisation))
    services.update_offer(provider_member, offer, waiting_weeks=3, capacity=4)
    offer.refresh_from_db()
    assert offer.waiting_weeks == 3 and offer.updated_by == provider_member.user
    with pytest.raises(NotPermitted):
        services.update_offer(actor_for(intake), offer, waiting_weeks=1)
    with pytest.raises(RuleViolation):
        services.update_offer(provider_member, offer, waiting_weeks=-1)


@pytest.mark.django_db
def test_the_providers_overseers_do_not_keep_its_waiting_list(offer):
    """The shelter's privacy officer, log administrator and analyst work there but do not know the
    waiting list; the waiting time stays as the provider's care workers left it."""
    for role in (Role.PRIVACY_OFFICER, Role.LOG_ADMIN, Role.ANALYST):
        overseer = actor_for(f.membership(role, offer.provider.organisation))
        with pytest.raises(NotPermitted):
            services.update_offer(overseer, offer, waiting_weeks=1)
    offer.refresh_from_db()
    assert offer.waiting_weeks == 8


@pytest.mark.django_db
def test_a_plan_action_picks_an_offer_and_demand_is_counted(offer, household_with_case, vt,
                                                            tilburg_team, region):
    _household, case, _persons = household_with_case
    from eendak.cases.models import PlanGoal

    vt_actor = actor_for(f.membership(Role.VT_INTAKE, vt))
    version = case_services.new_plan_version(vt_actor, case, note="")
    goal = PlanGoal.objects.create(version=version, part="help", text="Hulp voor het kind",
                                   position=0)
    today = timezone.localdate()
    for text in ("Traumabehandeling Mila", "Traumabehandeling broer"):
        case_services.add_action(vt_actor, goal, text=text, owner_organisation=tilburg_team,
                                 owner=None, start_on=today - timedelta(days=10),
                                 due_on=today + timedelta(days=60), offer=offer)
    rows = case_queries.offer_demand()
    assert rows[0]["offer"] == offer and rows[0]["waiting"] == 2 and rows[0]["exceeds"]
    assert rows[0]["median_days_waiting"] == 10
    elsewhere = services.save_offer(
        actor_for(f.membership(Role.FUNCTIONAL_ADMIN, vt)), services.OfferData(
            provider=offer.provider, title="Alleen elders", kind="shelter",
            municipality_ids=[m.pk for m in region.municipalities.exclude(
                pk=tilburg_team.municipality_id)[:1]]))
    with pytest.raises(RuleViolation) as refused:
        case_services.add_action(vt_actor, goal, text="Opvang", owner_organisation=tilburg_team,
                                 owner=None, start_on=today, due_on=today, offer=elsewhere)
    assert refused.value.field == "offer"
