""""Vraag en aanbod hulp": per offer of the sociale kaart the plan actions waiting for it and how
long, beside capacity and the provider's waiting time, demand beyond capacity marked — counts only,
for the analyst, the Expertisecentrum and the functional administrator."""

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from eendak.audit.models import AccessLogEntry
from eendak.cases import services as cases
from eendak.catalogue import services as catalogue
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
def offers(functional_admin, region):
    admin = actor_for(functional_admin)
    provider = catalogue.save_provider(admin, name="Daderhulp Brabant (synthetisch)")
    everywhere = list(Municipality.objects.values_list("pk", flat=True))

    def offer(title, capacity, weeks):
        return catalogue.save_offer(admin, catalogue.OfferData(
            provider=provider, title=title, kind="perpetrator_programme", municipality_ids=everywhere,
            capacity=capacity, waiting_weeks=weeks))

    return {"full": offer("Plegerprogramma groep", 1, 9), "room": offer("Plegerprogramma individueel", 5, 2)}


@pytest.fixture
def team(tilburg_team):
    return actor_for(f.membership(Role.CASE_COORDINATOR, tilburg_team))


def _family_waiting(vt, team, offer, *, municipality="Tilburg", days_ago=10, surname="Geheimnaam"):
    """A household with a case whose current plan has an open action waiting for ``offer``."""
    household = f.HouseholdFactory(municipality=Municipality.objects.get(name=municipality))
    f.person_in(household, "parent", surname=surname)
    case = f.case_for(household, vt, team.organisation, responsible=vt)
    version = cases.new_plan_version(team, case, note="")
    goal = cases.add_goal(team, version, part="help", text="Het geweld stopt.")
    start = timezone.localdate() - timedelta(days=days_ago)
    cases.add_action(team, goal, text="Aanmelden plegerprogramma", owner_organisation=team.organisation,
                     owner=None, start_on=start, due_on=start + timedelta(days=60), offer=offer)
    return household


@pytest.fixture
def demand(vt, team, offers):
    households = [_family_waiting(vt, team, offers["full"], days_ago=d) for d in (10, 12, 15, 20, 25)]
    households.append(_family_waiting(vt, team, offers["room"], municipality="Dongen", days_ago=4))
    return households


@pytest.mark.django_db
def test_the_analyst_sees_where_demand_exceeds_capacity_in_counts_only(login_as, vt, demand, offers):
    analyst = f.membership(Role.ANALYST, vt)

    response = login_as(analyst).get(reverse("monitoring:offer_demand"))

    html = _text(response)
    assert response.status_code == 200
    rows = {title: html.split(title, 1)[1].split("</tr>", 1)[0]
            for title in ("Plegerprogramma groep", "Plegerprogramma individueel")}
    assert "Vraag groter dan capaciteit" in rows["Plegerprogramma groep"]
    assert ">5<" in rows["Plegerprogramma groep"] and ">15<" in rows["Plegerprogramma groep"]  # median
    # One family waits for the other: published as "<5", no median, no comparison (core.disclosure).
    assert "><5<" in rows["Plegerprogramma individueel"]
    assert "niet gepubliceerd" in rows["Plegerprogramma individueel"]
    assert ">1<" not in rows["Plegerprogramma individueel"] and ">4<" not in rows["Plegerprogramma individueel"]
    assert "Aanbod waar de vraag groter is dan de capaciteit: 1." in html
    for household in demand:
        assert household.reference not in html
    assert "Geheimnaam" not in html and "Aanmelden plegerprogramma" not in html
    assert "Vraag en aanbod hulp" in [s.title for s in start_page_sections(_acting(analyst))]


def _acting(membership):
    membership.user.acting_membership = membership
    return membership.user


@pytest.mark.django_db
def test_a_municipality_sees_its_own_families(login_as, vt, demand):
    dongen = Municipality.objects.get(name="Dongen")

    html = _text(login_as(f.membership(Role.ANALYST, vt)).get(reverse("monitoring:offer_demand"),
                                                            {"municipality": dongen.pk}))

    assert "Gezinnen in Dongen" in html
    assert "Plegerprogramma individueel" in html and "Plegerprogramma groep" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["expertise", "functional_admin"])
def test_the_expertisecentrum_and_the_functional_admin_see_it_too(login_as, vt, demand, who,
                                                                 functional_admin):
    member = (f.membership(Role.EXPERTISE_STAFF, f.organisation(T.EXPERTISE_CENTRE))
              if who == "expertise" else functional_admin)

    assert login_as(member).get(reverse("monitoring:offer_demand")).status_code == 200


@pytest.mark.django_db
def test_others_get_the_logged_404(login_as, vt, tilburg_team, demand):
    worker = f.membership(Role.LOCAL_TEAM_WORKER, tilburg_team)
    client = login_as(worker)

    assert client.get(reverse("monitoring:offer_demand")).status_code == 404
    assert client.post(reverse("monitoring:offer_demand")).status_code == 404
    assert AccessLogEntry.objects.filter(user=worker.user, event="catalogue.view_demand",
                                         outcome="denied").count() == 2
    assert "Vraag en aanbod hulp" not in [s.title for s in start_page_sections(_acting(worker))]


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_however_many_families_wait(login_as, vt, team, offers, capsys):
    _family_waiting(vt, team, offers["full"])

    def more():
        for n in range(4):
            _family_waiting(vt, team, offers["room"], days_ago=n + 1)

    assert_flat(capsys, "/cijfers/vraag-en-aanbod/", login_as(f.membership(Role.ANALYST, vt)),
                reverse("monitoring:offer_demand"), grow=more)


def _csv(response) -> list[list[str]]:
    import csv
    import io

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.django_db
def test_the_page_exports_its_published_rows_as_csv_and_excel(login_as, vt, demand):
    """The file holds what the page shows: "<5" and no median below 5 waiting actions, never the
    raw count; the municipality chosen on the page only; logged as an export naming no one."""
    import io

    from openpyxl import load_workbook

    from eendak.audit.models import Action

    client = login_as(f.membership(Role.ANALYST, vt))
    page = reverse("monitoring:offer_demand")
    assert "formaat=csv" in client.get(page).content.decode()
    header, *rows = _csv(client.get(page, {"formaat": "csv"}))
    assert header[:4] == ["Aanbod", "Aanbieder", "Soort hulp", "Acties die wachten"]
    by_offer = {row[0]: row for row in rows}
    assert by_offer["Plegerprogramma groep"][3:5] == ["5", "15"]
    assert by_offer["Plegerprogramma groep"][-1] == "Vraag groter dan capaciteit"
    assert by_offer["Plegerprogramma individueel"][3:5] == ["<5", ""]
    assert by_offer["Plegerprogramma individueel"][-1] == "minder dan 5 wachtend: niet gepubliceerd"
    assert "Geheimnaam" not in str(rows)
    workbook = load_workbook(io.BytesIO(client.get(page, {"formaat": "xlsx"}).content))
    cells = {row[0]: row for row in workbook.active.iter_rows(min_row=2, values_only=True)}
    assert cells["Plegerprogramma groep"][3] == 5 and cells["Plegerprogramma individueel"][3] == "<5"
    dongen = Municipality.objects.get(name="Dongen")
    _header, *rows = _csv(client.get(page, {"municipality": dongen.pk, "formaat": "csv"}))
    assert [row[0] for row in rows] == ["Plegerprogramma individueel"]
    entries = AccessLogEntry.objects.filter(event="statistics.offer_demand_exported")
    assert [e.action for e in entries] == [Action.EXPORT] * 3
    assert not any(e.person_ids for e in entries)
    bad = client.get(page, {"formaat": "pdf"})
    assert bad.status_code == 400 and "Onbekend formaat" in bad.content.decode()
    other = login_as(f.membership(Role.VT_MONITOR, vt)).get(page, {"formaat": "csv"})
    assert other.status_code == 404 and entries.count() == 3
