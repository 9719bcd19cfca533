"""The whole file costs the same number of database queries however long its journal grows: the
journal is not part of it, and every other part is fetched with one query, never one per row.
The journal's own pages cost the same for a short and a long journal too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eendak.cases.models import JournalEntry, JournalKind

from .api_support import body, build_case, case_url, use_tmp_media

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(household_with_case, settings, tmp_path):
    use_tmp_media(settings, tmp_path)
    return build_case(household_with_case)


def grow_journal(case, organisation, n):
    now = timezone.now()
    JournalEntry.objects.bulk_create([
        JournalEntry(case=case, kind=JournalKind.NOTE, text=f"Notitie {i}", source_organisation=organisation,
                     occurred_at=now - timezone.timedelta(minutes=i))
        for i in range(n)])


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


def test_the_file_costs_the_same_with_a_small_and_a_large_journal(login_as, built):
    client = login_as(built.team)
    client.get(case_url(built.case))  # warm up: session, content types
    grow_journal(built.case, built.vt.organisation, 3)
    small = queries_for(client, case_url(built.case))

    grow_journal(built.case, built.vt.organisation, 500)
    large = queries_for(client, case_url(built.case))

    assert JournalEntry.objects.filter(case=built.case).count() > 500
    assert large == small
    print(f"GET /cases/{{id}}/: {small} queries with a small journal, {large} with 500 more entries")


def test_the_file_costs_the_same_with_more_rows_in_every_part(login_as, built):
    """More persons, conditions, moments, goals, actions and documents: still one query per part."""
    from eendak.cases import services
    from eendak.testing import factories as f

    from .api_support import pdf
    from .conftest import actor_for

    client = login_as(built.team)
    client.get(case_url(built.case))
    before = queries_for(client, case_url(built.case))

    vt, team = actor_for(built.vt), actor_for(built.team)
    for i in range(5):
        f.person_in(built.case.household, "child", bsn=f.test_bsn())
        services.add_journal_entry(team, built.case, kind="note", text=f"Regel {i}")
        services.upload_document(team, built.case, pdf(f"bijlage{i}.pdf"), description=f"Bijlage {i}")
        goal = services.add_goal(team, built.version, part="help", text=f"Doel {i}")
        services.add_action(team, goal, text=f"Actie {i}", owner_organisation=built.team.organisation,
                            owner=built.team.user, start_on=timezone.localdate(),
                            due_on=timezone.localdate())
    services.set_conditions(vt, built.case, [(f"Voorwaarde {i}", "Ouders") for i in range(5)])
    after = queries_for(client, case_url(built.case))

    file = body(client.get(case_url(built.case)))
    assert len(file["persons"]) == 8 and len(file["documents"]) == 6
    assert after == before


def test_a_journal_page_costs_the_same_for_a_short_and_a_long_journal(login_as, built):
    client = login_as(built.team)
    url = case_url(built.case, "journal/")
    client.get(url)
    grow_journal(built.case, built.vt.organisation, 30)
    short = queries_for(client, url)

    grow_journal(built.case, built.vt.organisation, 500)
    long = queries_for(client, url)

    assert long == short
    assert len(body(client.get(url))["results"]) == 25
