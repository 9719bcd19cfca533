"""The journal: one time line, each entry with its source organisation, the legal basis it was
shared on and who may read it; entries for the source only stay with the source; what an
organisation wrote stays visible to it after its part ends."""

import pytest

from eendak.cases import services
from eendak.cases.models import JournalEntry
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f

from .api_support import API, assert_problem, body, case_url, invalid_names, post_json
from .conftest import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(open_case, vt, tilburg_team):
    return f.membership(Role.VT_MONITOR, vt), f.membership(Role.CASE_COORDINATOR, tilburg_team)


def test_an_entry_carries_its_source_legal_basis_and_visibility(login_as, open_case, people):
    _vt, team = people
    client = login_as(team)

    response = post_json(client, case_url(open_case, "journal/"), {
        "kind": "conversation", "text": "Huisbezoek: moeder vertelt over de ruzie.",
        "occurredAt": "2025-03-04T10:00:00+01:00"})

    assert response.status_code == 201, response.content
    entry = body(response)
    assert entry["sourceOrganisation"]["id"] == team.organisation_id
    assert (entry["legalBasis"], entry["visibility"], entry["kind"]) == (
        "statutory_task", "all", "conversation")
    assert entry["occurredAt"].startswith("2025-03-04T10:00:00")
    assert entry["author"]["id"] == team.user.pk
    [listed] = body(client.get(case_url(open_case, "journal/")))["results"]
    assert listed == entry


def test_the_journal_shows_the_legal_basis_of_each_source(login_as, open_case, people):
    vt, _team = people
    shelter = f.organisation(T.SHELTER)
    services.add_participant(actor_for(vt), open_case, shelter, task="Opvang moeder",
                             legal_basis="consent")
    worker = f.membership(Role.PARTNER_LIAISON, shelter)
    post_json(login_as(worker), case_url(open_case, "journal/"),
              {"kind": "contact", "text": "Moeder is opgevangen."})

    entries = body(login_as(vt).get(case_url(open_case, "journal/")))["results"]

    by_text = {e["text"]: e for e in entries}
    assert by_text["Moeder is opgevangen."]["legalBasis"] == "consent"
    assert by_text["Moeder is opgevangen."]["legalBasisLabel"] == "Toestemming"


def test_an_entry_for_the_source_only_stays_with_the_source(login_as, open_case, people):
    vt, team = people
    post_json(login_as(vt), case_url(open_case, "journal/"), {
        "kind": "note", "text": "Politie-informatie, voor één doel gedeeld.", "visibility": "source"})
    post_json(login_as(vt), case_url(open_case, "journal/"), {
        "kind": "contact", "text": "Moeder gebeld."})

    for_team = [e["text"] for e in body(login_as(team).get(case_url(open_case, "journal/")))["results"]]
    for_vt = [e["text"] for e in body(login_as(vt).get(case_url(open_case, "journal/")))["results"]]

    assert for_team == ["Moeder gebeld."]
    assert for_vt == ["Moeder gebeld.", "Politie-informatie, voor één doel gedeeld."]


def test_the_journal_is_paginated_newest_first(login_as, open_case, people):
    vt, _team = people
    for i in range(30):
        services.add_journal_entry(actor_for(vt), open_case, kind="note", text=f"Regel {i}")

    first = body(login_as(vt).get(case_url(open_case, "journal/"), {"pageSize": 10}))

    assert first["count"] == 30 and first["next"]
    assert [e["text"] for e in first["results"]][:2] == ["Regel 29", "Regel 28"]


@pytest.mark.parametrize(("data", "field"), [
    ({"kind": "note", "text": "   "}, "text"),
    ({"kind": "phase", "text": "Fase zelf aanpassen"}, "kind"),
    ({"kind": "note", "text": "Morgen", "occurredAt": "2099-01-01T10:00:00+01:00"}, "occurredAt"),
    ({"kind": "note", "text": "x", "visibility": "everyone"}, "visibility"),
])
def test_bad_entries_are_refused_at_their_field_and_nothing_is_written(login_as, open_case, people,
                                                                       data, field):
    before = JournalEntry.objects.count()

    response = post_json(login_as(people[1]), case_url(open_case, "journal/"), data)

    assert_problem(response, 400)
    assert invalid_names(response) == {field}
    assert JournalEntry.objects.count() == before


def test_a_former_participant_keeps_what_it_wrote_and_nothing_else(login_as, open_case, people):
    vt, team = people
    services.add_journal_entry(actor_for(team), open_case, kind="conversation",
                               text="Huisbezoek door het lokale team.")
    services.add_journal_entry(actor_for(vt), open_case, kind="contact", text="Moeder gebeld.")
    participation = open_case.participations.get(organisation=team.organisation)
    services.end_participation(actor_for(vt), participation, reason="Hulp afgerond.")
    client = login_as(team)

    assert_problem(client.get(case_url(open_case)), 404)
    assert_problem(client.get(case_url(open_case, "journal/")), 404)
    own = body(client.get(f"{API}/own-contributions/"))
    mine = body(client.get(f"{API}/own-contributions/", {"case": open_case.pk}))
    elsewhere = body(client.get(f"{API}/own-contributions/", {"case": open_case.pk + 1}))

    assert [e["text"] for e in own["results"]] == ["Huisbezoek door het lokale team."]
    assert own["results"][0]["case"] == {"id": open_case.pk, "reference": open_case.reference,
                                         "status": "open"}
    assert mine["count"] == 1 and elsewhere["count"] == 0
