"""The help catalogue over the API: everyone who works in Eendak reads it (filtered by municipality,
kind and target group, with a long or stale waiting time flagged); the provider's own people keep an
offer's waiting time and capacity up to date (PATCH); the functional administrator adds and changes
providers and offers. Anyone else gets the logged 404 whatever they send; bad input is a 400 with the
service's Dutch message at the field, nothing changed, logged as failed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.api.tests.support import (
    assert_problem,
    body,
    invalid_names,
    patch_json,
    post_json,
)
from eendak.audit.models import AccessLogEntry, Outcome
from eendak.catalogue import services
from eendak.catalogue.models import Offer, Provider
from eendak.core.actors import Actor
from eendak.core.models import Municipality
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f
from eendak.testing.query_counts import assert_flat

pytestmark = pytest.mark.django_db

API = "/api/v1"


def actor_for(membership) -> Actor:
    membership.user.acting_membership = membership
    return Actor(user=membership.user, membership=membership, ip_address="127.0.0.1")


def state():
    return (list(Provider.objects.order_by("pk").values_list("pk", "name", "organisation_id")),
            list(Offer.objects.order_by("pk").values_list(
                "pk", "title", "kind", "capacity", "waiting_weeks", "updated_at", "is_active")))


def last_entry(membership):
    return AccessLogEntry.objects.filter(user_id=membership.user_id).order_by("-id").first()


@pytest.fixture
def shelter(region):
    return f.organisation(T.SHELTER)


@pytest.fixture
def offer(functional_admin, shelter, tilburg_team):
    admin = actor_for(functional_admin)
    provider = services.save_provider(admin, name="Opvang (test)", organisation=shelter)
    return services.save_offer(admin, services.OfferData(
        provider=provider, title="Crisisopvang", kind="shelter",
        target_groups=["adult_victims", "children"],
        municipality_ids=[tilburg_team.municipality_id], capacity=4, waiting_weeks=1))


@pytest.fixture
def shelter_member(shelter):
    return f.membership(Role.PARTNER_LIAISON, shelter)


def test_everyone_working_here_reads_the_catalogue_with_filters(login_as, offer, tilburg_team,
                                                               functional_admin, settings):
    settings.EENDAK_OFFER_STALE_DAYS = 30
    admin = actor_for(functional_admin)
    elsewhere = Municipality.objects.exclude(pk=tilburg_team.municipality_id).first()
    other = services.save_offer(admin, services.OfferData(
        provider=offer.provider, title="Daderhulp", kind="perpetrator_programme",
        target_groups=["perpetrators"], municipality_ids=[elsewhere.pk], waiting_weeks=20))
    Offer.objects.filter(pk=other.pk).update(updated_at=timezone.now() - timedelta(days=45))
    client = login_as(f.membership(Role.VT_INTAKE, f.organisation(T.VEILIG_THUIS)))

    def titles(**query):
        return [o["title"] for o in body(client.get(f"{API}/help-offers/", query))["results"]]

    assert titles() == ["Daderhulp", "Crisisopvang"]  # by kind, then the shortest wait
    assert titles(municipality=tilburg_team.municipality_id) == ["Crisisopvang"]
    assert titles(kind="perpetrator_programme") == ["Daderhulp"]
    assert titles(targetGroup="children") == ["Crisisopvang"]
    assert titles(targetGroup="elderly") == []
    stale = body(client.get(f"{API}/help-offers/{other.pk}/"))
    assert stale["isStale"] and stale["isLongWait"] and stale["waitingWeeks"] == 20
    assert stale["municipalities"] == [{"id": elsewhere.pk, "name": elsewhere.name}]
    # An ended offer is not offered any more (the functional administrator still sees it).
    services.save_offer(admin, services.OfferData(
        provider=offer.provider, title="Daderhulp", kind="perpetrator_programme",
        municipality_ids=[elsewhere.pk], is_active=False), offer=other)
    assert titles() == ["Crisisopvang"]
    assert_problem(client.get(f"{API}/help-offers/{other.pk}/"), 404)
    assert len(body(login_as(functional_admin).get(f"{API}/help-offers/"))["results"]) == 2


def test_only_the_providers_people_update_the_waiting_time(login_as, offer, shelter_member,
                                                           tilburg_team):
    before = state()
    for member in (f.membership(Role.LOCAL_TEAM_WORKER, tilburg_team),
                   f.membership(Role.PARTNER_LIAISON, f.organisation(T.POLICE))):
        response = patch_json(login_as(member), f"{API}/help-offers/{offer.pk}/",
                              {"waitingWeeks": "veel"})
        assert_problem(response, 404)
        assert (last_entry(member).event, last_entry(member).outcome) == (
            "catalogue.update_offer", Outcome.DENIED)
        assert state() == before
    client = login_as(shelter_member)
    updated = body(patch_json(client, f"{API}/help-offers/{offer.pk}/", {"capacity": None}))
    assert (updated["capacity"], updated["waitingWeeks"]) == (None, 1)  # the wait stays
    # The provider's people do not add or change whole offers: that is the functional admin's.
    assert_problem(post_json(client, f"{API}/help-offers/", {"provider": offer.provider_id}), 404)
    assert last_entry(shelter_member).event == "catalogue.manage_offers"
    assert_problem(client.get(f"{API}/help-providers/"), 404)


def test_bad_input_changes_nothing(login_as, offer, shelter_member, functional_admin):
    def refused(response, member, field, message=""):
        problem = assert_problem(response, 400)
        assert field in invalid_names(response), problem
        reason = next(p["reason"] for p in problem["invalidParams"] if p["name"] == field)
        assert message in reason and not reason.startswith("This "), reason
        assert state() == before
        assert (last_entry(member).event, last_entry(member).outcome) == (
            "catalogue.change_refused", Outcome.FAILED)

    before = state()
    provider_client = login_as(shelter_member)
    refused(patch_json(provider_client, f"{API}/help-offers/{offer.pk}/", {"waitingWeeks": 200}),
            shelter_member, "waitingWeeks", "Geef de wachttijd in weken (0 tot 104).")
    refused(patch_json(provider_client, f"{API}/help-offers/{offer.pk}/", {"capacity": -3}),
            shelter_member, "capacity", "Geef de capaciteit in plaatsen (0 tot 100000).")
    admin = login_as(functional_admin)
    whole = {"provider": offer.provider_id, "title": "Crisisopvang", "kind": "shelter",
             "municipalities": [m.pk for m in offer.municipalities.all()], "waitingWeeks": 2}
    refused(post_json(admin, f"{API}/help-offers/", whole), functional_admin, "title",
            "Deze aanbieder heeft al een aanbod met deze naam.")
    refused(post_json(admin, f"{API}/help-offers/", {**whole, "title": "Nieuw",
                                                     "municipalities": []}),
            functional_admin, "municipalities", "Kies de gemeenten")
    refused(post_json(admin, f"{API}/help-offers/", {**whole, "title": "Nieuw", "kind": ""}),
            functional_admin, "kind", "Kies de soort hulp.")
    refused(post_json(admin, f"{API}/help-offers/", {**whole, "title": "x" * 201}),
            functional_admin, "title")
    refused(post_json(admin, f"{API}/help-providers/", {"name": "opvang (TEST)"}),
            functional_admin, "name", "Er is al een aanbieder met deze naam.")


def test_the_functional_administrator_keeps_providers_and_offers(login_as, offer, functional_admin,
                                                                 tilburg_team):
    admin = login_as(functional_admin)
    provider = body(patch_json(admin, f"{API}/help-providers/{offer.provider_id}/",
                               {"phone": "013-1234567"}))
    assert provider["phone"] == "013-1234567" and provider["name"] == "Opvang (test)"
    changed = body(admin.put(f"{API}/help-offers/{offer.pk}/", {
        "provider": offer.provider_id, "title": "Crisisopvang Tilburg", "kind": "shelter",
        "municipalities": [tilburg_team.municipality_id], "capacity": 6, "waitingWeeks": 0},
        content_type="application/json"))
    assert (changed["title"], changed["capacity"], changed["targetGroups"]) == (
        "Crisisopvang Tilburg", 6, [])


def test_the_lists_do_not_grow(login_as, offer, functional_admin, tilburg_team, capsys):
    admin = actor_for(functional_admin)
    municipalities = list(Municipality.objects.values_list("pk", flat=True)[:3])

    def more(n):
        for _ in range(n):
            provider = services.save_provider(admin, name=f"Aanbieder {Provider.objects.count()}",
                                              organisation=f.organisation(T.MENTAL_HEALTH))
            services.save_offer(admin, services.OfferData(
                provider=provider, title="Traumabehandeling", kind="trauma_treatment",
                target_groups=["children"], municipality_ids=municipalities, capacity=2))

    worker = login_as(f.membership(Role.LOCAL_TEAM_WORKER, tilburg_team))
    assert_flat(capsys, "API hulpaanbod", worker, f"{API}/help-offers/", grow=lambda: more(4))
    assert_flat(capsys, "API hulpaanbod per doelgroep", worker, f"{API}/help-offers/",
                data={"targetGroup": "children"}, grow=lambda: more(4))
    assert_flat(capsys, "API aanbieders", login_as(functional_admin), f"{API}/help-providers/",
                grow=lambda: more(4))
