"""Two records of one person: Veilig Thuis finds them, merges them with a reason, and can undo it.

The screen is the persons app's (/personen/samenvoegen/, ``persons.merge``); the search for the two
records is the persons' own tolerant matching across all persons (``persons.search_all``). Anyone
else gets the logged 404 of a page that does not exist, whatever the method.
"""

from datetime import date

import pytest
from django.urls import reverse

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.core.roles import Role
from eendak.persons.models import HouseholdMember, Person, PersonMerge
from eendak.testing import factories as f

URL = "/personen/samenvoegen/"
UNDO_URL = "/personen/samenvoegen/ongedaan/"
OLD_URL = "/intake/personen/samenvoegen/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(intake, login_as):
    return login_as(intake)


@pytest.fixture
def twins(region):
    """Piet Jansen in one household and Piet Janssen (a typo) in another: one person, two records."""
    records = []
    for surname in ("Jansen", "Janssen"):
        household = f.HouseholdFactory()
        person = f.person_in(household, "parent", given_names="Piet", surname=surname,
                             date_of_birth=date(1970, 5, 1))
        records.append((person, household))
    return records


def _last_id() -> int:
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _entries(since: int):
    return list(AccessLogEntry.objects.filter(id__gt=since).order_by("id"))


def test_the_screen_and_its_names_belong_to_persons():
    assert reverse("persons:person_merge") == URL
    assert reverse("persons:person_merge_undo") == UNDO_URL


def test_merge_two_records_and_undo(officer, twins):
    (keep, keep_household), (merge, merge_household) = twins
    html = officer.post(URL, {"action": "search", "zoek-surname": "Jansen",
                              "zoek-date_of_birth": "01-05-1970"}).content.decode()
    assert html.count('name="keep"') == 2
    assert "Piet Jansen" in html and "Piet Janssen" in html

    response = officer.post(URL, {"action": "merge", "zoek-surname": "Jansen", "keep": keep.pk,
                                  "merge": merge.pk, "reason": "Zelfde BSN-loze persoon, tikfout."},
                            follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(URL, 302)]
    assert "Piet Janssen is samengevoegd met Piet Jansen" in html
    merge.refresh_from_db()
    assert merge.merged_into == keep
    assert set(HouseholdMember.objects.filter(person=keep).values_list("household_id", flat=True)) == {
        keep_household.pk, merge_household.pk}
    record = PersonMerge.objects.get()
    assert "Zelfde BSN-loze persoon, tikfout." in html

    response = officer.post(reverse("persons:person_merge_undo"), {"merge_record": record.pk},
                            follow=True)
    assert "ongedaan gemaakt" in response.content.decode()
    merge.refresh_from_db()
    assert merge.merged_into is None
    assert list(HouseholdMember.objects.filter(person=merge).values_list("household_id", flat=True)) == [
        merge_household.pk]


def test_merge_needs_a_reason_and_keeps_the_choice(officer, twins):
    (keep, _), (merge, _) = twins
    html = officer.post(URL, {"action": "merge", "zoek-surname": "Jansen", "keep": keep.pk,
                              "merge": merge.pk, "reason": ""}).content.decode()
    assert "Geef een reden voor het samenvoegen." in html
    assert f'value="{keep.pk}" id="keep-{keep.pk}" checked' in html
    assert f'value="{merge.pk}" id="merge-{merge.pk}" checked' in html
    assert not PersonMerge.objects.exists()


def test_a_record_cannot_be_merged_with_itself(officer, twins):
    (keep, _), _ = twins
    html = officer.post(URL, {"action": "merge", "zoek-surname": "Jansen", "keep": keep.pk,
                              "merge": keep.pk, "reason": "Test"}).content.decode()
    assert "Kies twee verschillende personen." in html
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_the_search_finds_across_all_persons_and_logs_whom_it_showed(officer, twins, intake):
    """Veilig Thuis takes part in neither household: the merge search still finds both records (it
    looks across all persons), a merged record no longer, and each search names the persons shown."""
    (keep, _), (merge, _) = twins
    before = _last_id()

    html = officer.post(URL, {"action": "search", "zoek-surname": "Jansen",
                              "zoek-date_of_birth": "01-05-1970"}).content.decode()

    assert f'id="keep-{keep.pk}"' in html and f'id="keep-{merge.pk}"' in html
    search, page = _entries(before)
    assert (search.event, search.action, search.outcome) == ("person.search", "S", "success")
    assert sorted(search.person_ids) == sorted([keep.pk, merge.pk])
    assert search.detail == "op achternaam, geboortedatum"  # the criteria, never what was typed
    assert (search.username, search.organisation_id) == (intake.user.username,
                                                         intake.organisation_id)
    assert (page.event, page.action) == ("person.merge_list", "R")

    officer.post(URL, {"action": "merge", "zoek-surname": "Jansen", "keep": keep.pk,
                       "merge": merge.pk, "reason": "Dubbel."})
    html = officer.post(URL, {"action": "search", "zoek-surname": "Jansen",
                              "zoek-date_of_birth": "01-05-1970"}).content.decode()
    assert f'id="keep-{keep.pk}"' in html and f'id="keep-{merge.pk}"' not in html


def test_a_search_without_a_surname_or_bsn_is_refused_at_the_field(officer, twins):
    before = _last_id()
    html = officer.post(URL, {"action": "search", "zoek-given_names": "Piet"}).content.decode()
    assert "Zoek op BSN, of op achternaam" in html
    assert [e.event for e in _entries(before)] == ["person.merge_list"]  # no search was done


def test_every_merge_screen_writes_its_access_log_entry(officer, twins, intake):
    (keep, _), (merge, _) = twins
    requests = [
        ("get", URL, {}, "person.merge_list"),
        ("post", URL, {"action": "search", "zoek-surname": "Jansen"}, "person.search"),
        ("post", URL, {"action": "merge", "zoek-surname": "Jansen", "keep": keep.pk,
                       "merge": merge.pk, "reason": "Zelfde persoon, tikfout in de achternaam."},
         "person.merged"),
    ]
    for method, target, data, event in requests:
        before = _last_id()
        response = getattr(officer, method)(target, data)
        assert response.status_code in (200, 302), f"{target}: {response.status_code}"
        written = [e.event for e in _entries(before) if e.outcome == Outcome.SUCCESS
                   and e.username == intake.user.username]
        assert event in written, f"{method.upper()} {target}"

    record = PersonMerge.objects.get()
    before = _last_id()
    officer.post(UNDO_URL, {"merge_record": record.pk})
    assert "person.merge_undone" in [e.event for e in _entries(before)]


def test_recent_merges_show_and_name_both_records(officer, twins):
    (keep, _), (merge, _) = twins
    officer.post(URL, {"action": "merge", "zoek-surname": "Jansen", "keep": keep.pk,
                       "merge": merge.pk, "reason": "Twee keer ingevoerd."})
    before = _last_id()

    html = officer.get(URL).content.decode()

    assert "Twee keer ingevoerd." in html and 'name="merge_record"' in html
    (entry,) = _entries(before)
    assert (entry.event, entry.action, sorted(entry.person_ids)) == (
        "person.merge_list", "R", sorted([keep.pk, merge.pk]))
    assert entry.detail == "1 recente samenvoegingen"


def test_undoing_twice_or_nothing_shows_why(officer, twins):
    (keep, _), (merge, _) = twins
    officer.post(URL, {"action": "merge", "zoek-surname": "Jansen", "keep": keep.pk,
                       "merge": merge.pk, "reason": "Dubbel."})
    record = PersonMerge.objects.get()
    officer.post(UNDO_URL, {"merge_record": record.pk})

    again = officer.post(UNDO_URL, {"merge_record": record.pk}).content.decode()
    nothing = officer.post(UNDO_URL, {}).content.decode()

    assert "Deze samenvoeging is al ongedaan gemaakt." in again
    assert "Kies een samenvoeging." in nothing


# --- Who may: Veilig Thuis only; the old address follows -------------------------------------------


@pytest.mark.parametrize(("role", "org_type"), [
    (Role.LOCAL_TEAM_WORKER, "local_team"),
    (Role.PARTNER_LIAISON, "police"),
    (Role.LOG_ADMIN, "veilig_thuis"),  # at Veilig Thuis, but without client data
])
def test_anyone_else_gets_the_logged_404_on_every_method(login_as, twins, role, org_type):
    membership = f.membership(role, f.organisation(org_type, "Tilburg" if org_type == "local_team"
                                                   else None))
    client = login_as(membership)
    for url in (URL, UNDO_URL, OLD_URL):
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            before = _last_id()
            response = client.generic(method, url)
            assert response.status_code == 404, f"{method} {url}"
            assert "Piet Jansen" not in response.content.decode()
            assert [(e.event, e.outcome, e.person_ids) for e in _entries(before)] == [
                ("persons.merge", Outcome.DENIED, [])], f"{method} {url}"
    assert not PersonMerge.objects.exists()


def test_the_old_address_redirects_permanently(officer):
    response = officer.get(OLD_URL)
    assert response.status_code == 301
    assert response["Location"] == URL
    assert officer.get(OLD_URL, follow=True).status_code == 200


def test_the_links_go_to_the_new_address(officer):
    assert f'href="{URL}"' in officer.get(reverse("intake:queue")).content.decode()
    assert f'href="{URL}"' in officer.get(reverse("core:home")).content.decode()
