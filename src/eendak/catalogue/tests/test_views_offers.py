"""The help catalogue's screens: anyone working here searches the region's help with its waiting
time, capacity and last update (a long wait and a stale update marked); the provider's own people
keep the waiting time and capacity up to date; nobody else may."""

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.audit.models import AccessLogEntry
from eendak.catalogue import services
from eendak.catalogue.models import Offer
from eendak.core.actors import Actor
from eendak.core.models import Municipality
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.core.work import start_page_sections
from eendak.testing import factories as f
from eendak.testing.query_counts import assert_flat


def actor_for(membership) -> Actor:
    membership.user.acting_membership = membership
    return Actor(user=membership.user, membership=membership, ip_address="127.0.0.1")


def _text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def admin(functional_admin):
    return actor_for(functional_admin)


@pytest.fixture
def shelter(region):
    return f.organisation(T.SHELTER)


@pytest.fixture
def provider(admin, shelter):
    return services.save_provider(admin, name="Opvang Midden-Brabant", organisation=shelter,
                                  phone="013-1234567")


def _offer(admin, provider, title, *, kind="shelter", groups=("adult_victims",), places=("Tilburg",),
           capacity=4, weeks=2):
    ids = list(Municipality.objects.filter(name__in=places).values_list("pk", flat=True))
    return services.save_offer(admin, services.OfferData(
        provider=provider, title=title, kind=kind, target_groups=list(groups), municipality_ids=ids,
        capacity=capacity, waiting_weeks=weeks, description=f"Synthetische omschrijving van {title}."))


@pytest.fixture
def offers(admin, provider):
    return {
        "opvang": _offer(admin, provider, "Vrouwenopvang kort verblijf", weeks=1),
        "trauma": _offer(admin, provider, "Traumabehandeling voor kinderen", kind="trauma_treatment",
                         groups=("children",), places=("Tilburg", "Goirle"), capacity=6, weeks=12),
        "dongen": _offer(admin, provider, "Opvoedsteun Dongen", kind="parenting_support",
                         groups=("families",), places=("Dongen",), capacity=None, weeks=0),
    }


@pytest.fixture
def worker(tilburg_team):
    return f.membership(Role.LOCAL_TEAM_WORKER, tilburg_team)


@pytest.mark.django_db
def test_anyone_working_here_searches_the_catalogue_with_waiting_times(login_as, worker, offers):
    client = login_as(worker)

    html = _text(client.get(reverse("catalogue:offer_list")))

    for offer in offers.values():
        assert offer.title in html
    assert "Opvang Midden-Brabant" in html
    assert "12 weken" in html and "Lange wachttijd" in html  # the trauma treatment's long wait
    assert html.count("Lange wachttijd") == 1
    assert "geen wachttijd" in html  # Dongen's parenting support


@pytest.mark.django_db
def test_the_search_narrows_by_municipality_kind_target_group_and_words(login_as, worker, offers):
    client = login_as(worker)
    url = reverse("catalogue:offer_list")
    dongen = Municipality.objects.get(name="Dongen")

    def titles(**params):
        html = _text(client.get(url, params))
        return {key for key, offer in offers.items() if offer.title in html}

    assert titles(municipality=dongen.pk) == {"dongen"}
    assert titles(kind="trauma_treatment") == {"trauma"}
    assert titles(target_group="children") == {"trauma"}
    assert titles(q="vrouwenopvang") == {"opvang"}
    assert titles(q="Midden-Brabant") == {"opvang", "trauma", "dongen"}  # the provider's name
    assert titles(municipality=dongen.pk, kind="trauma_treatment") == set()


@pytest.mark.django_db
def test_a_stale_update_is_marked(login_as, worker, offers):
    Offer.objects.filter(pk=offers["opvang"].pk).update(updated_at=timezone.now() - timedelta(days=200))

    html = _text(login_as(worker).get(reverse("catalogue:offer_list")))

    stale_on = timezone.localtime(timezone.now() - timedelta(days=200)).strftime("%d-%m-%Y")
    assert f"mogelijk verouderd: bijgewerkt {stale_on}" in html
    assert html.count("mogelijk verouderd: bijgewerkt") == 1


@pytest.mark.django_db
def test_the_offer_page_shows_where_for_whom_and_the_wait(login_as, worker, offers):
    response = login_as(worker).get(reverse("catalogue:offer_detail", args=[offers["trauma"].pk]))

    html = _text(response)
    assert response.status_code == 200
    assert "Goirle, Tilburg" in html and "Kinderen" in html and "6 plaatsen" in html
    assert "Lange wachttijd: nu 12 weken." in html
    assert "Synthetische omschrijving van Traumabehandeling voor kinderen." in html
    assert "Wachttijd en capaciteit bijwerken" not in html  # not the provider


@pytest.mark.django_db
def test_the_providers_people_update_the_waiting_time_and_capacity(login_as, shelter, offers):
    member = f.membership(Role.PARTNER_LIAISON, shelter)
    client = login_as(member)
    offer = offers["trauma"]
    Offer.objects.filter(pk=offer.pk).update(updated_at=timezone.now() - timedelta(days=30))
    assert "Wachttijden van ons aanbod bijwerken" in [
        link.label for section in start_page_sections(_acting(member)) for link in section.links]
    assert "Wachttijd bijwerken" in _text(client.get(reverse("catalogue:offer_list"), {"own": "on"}))

    response = client.post(reverse("catalogue:offer_update", args=[offer.pk]),
                           {"waiting_weeks": "3", "capacity": "8"}, follow=True)

    offer.refresh_from_db()
    assert (offer.waiting_weeks, offer.capacity, offer.updated_by) == (3, 8, member.user)
    assert timezone.localtime(offer.updated_at).date() == timezone.localdate()
    html = _text(response)
    assert "De wachttijd en capaciteit van ‘Traumabehandeling voor kinderen’ zijn bijgewerkt." in html
    assert "3 weken" in html and "Lange wachttijd" not in html
    assert AccessLogEntry.objects.filter(event="catalogue.offer_updated", user=member.user).exists()


def _acting(membership):
    membership.user.acting_membership = membership
    return membership.user


@pytest.mark.django_db
def test_bad_input_is_told_at_its_field_and_nothing_changes(login_as, shelter, offers):
    client = login_as(f.membership(Role.PARTNER_LIAISON, shelter))
    offer = offers["opvang"]

    response = client.post(reverse("catalogue:offer_update", args=[offer.pk]),
                           {"waiting_weeks": "-2", "capacity": "veel"})
    too_long = client.post(reverse("catalogue:offer_update", args=[offer.pk]),
                           {"waiting_weeks": "500", "capacity": "3"})

    html = _text(response)
    assert "Vul 0 of meer in." in html and "Vul een heel getal in." in html
    assert 'value="veel"' in html
    assert "Geef de wachttijd in weken (0 tot 104)." in _text(too_long)
    offer.refresh_from_db()
    assert (offer.waiting_weeks, offer.capacity) == (1, 4)


@pytest.mark.django_db
def test_nobody_else_updates_an_offer_or_manages_the_catalogue(login_as, worker, offers):
    client = login_as(worker)
    offer = offers["opvang"]

    for url in (reverse("catalogue:offer_update", args=[offer.pk]),
                reverse("catalogue:offer_edit", args=[offer.pk]),
                reverse("catalogue:offer_create"), reverse("catalogue:provider_list"),
                reverse("catalogue:provider_create"),
                reverse("catalogue:provider_edit", args=[offer.provider_id])):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"waiting_weeks": "0", "name": "x"}).status_code == 404, url
    assert client.get(reverse("catalogue:offer_detail", args=[999999])).status_code == 404
    offer.refresh_from_db()
    assert offer.waiting_weeks == 1
    assert AccessLogEntry.objects.filter(event="catalogue.update_offer", outcome="denied").exists()


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_however_many_offers(login_as, worker, admin, provider, capsys):
    for n in range(3):
        _offer(admin, provider, f"Aanbod {n}")

    assert_flat(capsys, "/sociale-kaart/", login_as(worker), reverse("catalogue:offer_list"),
                grow=lambda: [_offer(admin, provider, f"Meer aanbod {n}", places=("Tilburg", "Dongen"))
                              for n in range(12)])


@pytest.mark.django_db
def test_the_catalogue_exports_the_search_as_csv_and_excel(login_as, worker, offers):
    """The sociale kaart as a file: every row of the search on screen, logged as an export."""
    import csv
    import io

    from openpyxl import load_workbook

    from eendak.audit.models import Action

    client = login_as(worker)
    page = client.get(reverse("catalogue:offer_list"), {"kind": "shelter"}).content.decode()
    assert "kind=shelter&amp;formaat=csv" in page
    response = client.get(reverse("catalogue:offer_list"), {"kind": "shelter", "formaat": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")),
                                    delimiter=";"))
    assert header[:2] == ["Aanbod", "Aanbieder"]
    assert [row[0] for row in rows] == ["Vrouwenopvang kort verblijf"]
    excel = client.get(reverse("catalogue:offer_list"), {"q": "Dongen", "formaat": "xlsx"})
    sheet = load_workbook(io.BytesIO(excel.content)).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["Opvoedsteun Dongen"]
    entries = AccessLogEntry.objects.filter(event="catalogue.offers_exported")
    assert [e.action for e in entries] == [Action.EXPORT, Action.EXPORT]
    assert client.get(reverse("catalogue:offer_list"), {"formaat": "pdf"}).status_code == 400
