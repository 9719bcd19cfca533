"""The functional administrator keeps the help catalogue: providers (and the organisation whose
people update their offers) and offers (what, for whom, where, capacity, waiting time)."""

from html import unescape

import pytest
from django.urls import reverse

from eendak.audit.models import AccessLogEntry
from eendak.catalogue.models import Offer, Provider
from eendak.core.models import Municipality
from eendak.core.roles import OrganisationType as T
from eendak.testing import factories as f


def _text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def admin_client(login_as, functional_admin):
    return login_as(functional_admin)


def _ids(*names) -> list[str]:
    return [str(pk) for pk in Municipality.objects.filter(name__in=names).values_list("pk", flat=True)]


@pytest.mark.django_db
def test_the_administrator_adds_a_provider_and_an_offer(admin_client, region):
    shelter = f.organisation(T.SHELTER)

    response = admin_client.post(reverse("catalogue:provider_create"), {
        "name": "Kompaan en De Bocht", "organisation": str(shelter.pk), "website": "www.example.org",
        "phone": "013-7654321", "is_active": "on"}, follow=True)

    provider = Provider.objects.get(name="Kompaan en De Bocht")
    assert (provider.organisation, provider.website) == (shelter, "https://www.example.org")
    assert "De aanbieder ‘Kompaan en De Bocht’ is opgeslagen." in _text(response)

    response = admin_client.post(reverse("catalogue:offer_create"), {
        "provider": str(provider.pk), "title": "Systeemtherapie na geweld", "kind": "system_therapy",
        "description": "Voor het hele gezin.", "target_groups": ["families", "children"],
        "municipalities": _ids("Tilburg", "Waalwijk"), "capacity": "10", "waiting_weeks": "7",
        "is_active": "on"}, follow=True)

    offer = Offer.objects.get(title="Systeemtherapie na geweld")
    assert sorted(m.name for m in offer.municipalities.all()) == ["Tilburg", "Waalwijk"]
    assert (offer.capacity, offer.waiting_weeks, offer.target_groups) == (10, 7, ["children", "families"])
    html = _text(response)
    assert "Het aanbod ‘Systeemtherapie na geweld’ is opgeslagen." in html
    assert "Lange wachttijd: nu 7 weken." in html
    assert AccessLogEntry.objects.filter(event="catalogue.offer_saved").count() == 1


@pytest.mark.django_db
def test_the_administrator_changes_an_offer_and_ends_it(admin_client, region):
    provider = Provider.objects.create(name="GGZ Breburg (synthetisch)")
    offer = Offer.objects.create(provider=provider, title="Traumatherapie volwassenen",
                                 kind="trauma_treatment", waiting_weeks=3)
    offer.municipalities.set(Municipality.objects.filter(name="Tilburg"))

    page = _text(admin_client.get(reverse("catalogue:offer_edit", args=[offer.pk])))
    assert 'value="Traumatherapie volwassenen"' in page

    admin_client.post(reverse("catalogue:offer_edit", args=[offer.pk]), {
        "provider": str(provider.pk), "title": "Traumatherapie volwassenen", "kind": "trauma_treatment",
        "municipalities": _ids("Tilburg", "Goirle"), "capacity": "", "waiting_weeks": "3"}, follow=True)

    offer.refresh_from_db()
    assert offer.is_active is False
    assert sorted(m.name for m in offer.municipalities.all()) == ["Goirle", "Tilburg"]
    listed = _text(admin_client.get(reverse("catalogue:offer_list")))
    assert "Traumatherapie volwassenen" not in listed  # an ended offer is no longer searched


@pytest.mark.django_db
def test_a_refused_offer_keeps_what_was_typed(admin_client, region):
    provider = Provider.objects.create(name="Aanbieder met aanbod")
    Offer.objects.create(provider=provider, title="Bestaand aanbod", kind="other")

    response = admin_client.post(reverse("catalogue:offer_create"), {
        "provider": str(provider.pk), "title": "bestaand aanbod", "kind": "other",
        "description": "Mijn getypte omschrijving", "municipalities": _ids("Dongen"),
        "waiting_weeks": "1"})
    missing = admin_client.post(reverse("catalogue:offer_create"), {
        "provider": str(provider.pk), "title": "Nieuw", "kind": "other", "waiting_weeks": "1"})

    html = _text(response)
    assert "Deze aanbieder heeft al een aanbod met deze naam." in html
    assert "Mijn getypte omschrijving" in html
    assert "Kies de gemeenten waar het aanbod beschikbaar is." in _text(missing)
    assert Offer.objects.count() == 1


@pytest.mark.django_db
def test_a_provider_name_is_used_once(admin_client, region):
    Provider.objects.create(name="Sterk Huis (synthetisch)")

    response = admin_client.post(reverse("catalogue:provider_create"), {"name": "sterk huis (synthetisch)"})

    assert "Er is al een aanbieder met deze naam." in _text(response)
    assert Provider.objects.count() == 1
    listed = _text(admin_client.get(reverse("catalogue:provider_list")))
    assert "Sterk Huis (synthetisch)" in listed


@pytest.mark.django_db
def test_the_providers_export_as_csv_and_excel(admin_client, region, login_as):
    """Every provider (all pages) with the page's columns, logged as an export naming no one; the
    list is the administrator's only."""
    import csv
    import io

    from openpyxl import load_workbook

    from eendak.audit.models import Action
    from eendak.core.roles import Role

    shelter = f.organisation(T.SHELTER)
    Provider.objects.create(name="Kompaan en De Bocht", organisation=shelter, phone="013-7654321")
    Provider.objects.create(name="Amarant", is_active=False)
    page = reverse("catalogue:provider_list")
    assert "formaat=csv" in admin_client.get(page).content.decode()
    response = admin_client.get(page, {"formaat": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")),
                                    delimiter=";"))
    assert header == ["Naam", "Organisatie in Eendak", "Telefoon", "Website", "Status"]
    assert rows == [["Amarant", "", "", "", "Niet actief"],
                    ["Kompaan en De Bocht", shelter.name, "013-7654321", "", "Actief"]]
    sheet = load_workbook(io.BytesIO(admin_client.get(page, {"formaat": "xlsx"}).content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Amarant", "Kompaan en De Bocht"]
    entries = AccessLogEntry.objects.filter(event="catalogue.providers_exported")
    assert [e.action for e in entries] == [Action.EXPORT, Action.EXPORT]
    assert not any(e.person_ids for e in entries)
    bad = admin_client.get(page, {"formaat": "pdf"})
    assert bad.status_code == 400 and "Onbekend formaat" in bad.content.decode()
    worker = f.membership(Role.LOCAL_TEAM_WORKER, f.organisation(T.LOCAL_TEAM))
    assert login_as(worker).get(page, {"formaat": "csv"}).status_code == 404
    assert entries.count() == 2
