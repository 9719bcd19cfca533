"""The case page stays constant in database queries however long the file grows: the same number
of queries with a short journal as with 200 entries (with documents, several sources and authors), and
only the latest 50 on the page with a link to the older ones."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eendak.cases import services
from eendak.cases.models import Document, JournalEntry
from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import actor_for
from .views_helpers import case_url, text_of


def add_entries(case, count, organisations, users):
    """``count`` more journal entries, alternating sources and authors; every fifth carries a
    document, every seventh is for its source only."""
    start = JournalEntry.objects.filter(case=case).count()
    documents = Document.objects.bulk_create([
        Document(case=case, file=f"case-documents/test/{start + i}.pdf",
                 original_name=f"verslag-{start + i}.pdf", content_type="application/pdf",
                 size=1000 + i, sha256="0" * 64, uploaded_by=users[i % len(users)],
                 source_organisation=organisations[i % len(organisations)])
        for i in range(0, count, 5)])
    now = timezone.now()
    JournalEntry.objects.bulk_create([
        JournalEntry(case=case, kind="contact", text=f"Contact {start + i} met het gezin.",
                     occurred_at=now - timedelta(hours=start + i),
                     author=users[i % len(users)],
                     source_organisation=organisations[i % len(organisations)],
                     visibility="source" if i % 7 == 0 else "all",
                     document=documents[i // 5] if i % 5 == 0 else None)
        for i in range(count)])


@pytest.fixture
def busy_case(open_case, vt_actor, team_actor, tilburg_team):
    """A file with a bit of everything, so every part of the page has rows to show."""
    today = timezone.localdate()
    first, second = services.set_conditions(vt_actor, open_case, [
        ("Geen geweld in huis.", "Ouders"), ("Kinderen naar school.", "Moeder")])
    services.record_monitoring(vt_actor, open_case.monitoring_moments.first(), held_on=today,
                               statuses={first.pk: ("met", ""), second.pk: ("partly_met", "")},
                               incidents_since_last=0, assessment="Rustig.")
    version = services.new_plan_version(team_actor, open_case, note="Eerste plan")
    for part in ("safety", "help", "recovery"):
        goal = services.add_goal(team_actor, version, part=part, text=f"Doel {part}",
                                 child_text=f"Kind {part}")
        for n in range(2):
            services.add_action(team_actor, goal, text=f"Actie {part} {n}",
                                owner_organisation=tilburg_team, owner=team_actor.user,
                                start_on=today, due_on=today + timedelta(days=7 * n))
    handover = services.offer_handover(vt_actor, open_case, to_organisation_id=tilburg_team.pk)
    services.accept_handover(team_actor, handover)
    services.change_phase(team_actor, open_case, to_phase="stable_safety", reason="Rustig.")
    child = open_case.household.members.get(role="child").person
    services.record_child_voice(team_actor, open_case, child=child, account="Het is nu rustig.",
                                wishes="Dat papa weer thuis komt.")
    return open_case


def queries_for_page(client, case) -> tuple[int, str, int]:
    """(queries, visible text, journal rows shown) of one request for the case page."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(case_url(case))
    assert response.status_code == 200
    journal = response.content.decode().split('id="journaal"', 1)[1]
    return len(captured.captured_queries), text_of(response), journal.count("<tr>") - 1


@pytest.mark.django_db
def test_the_case_page_makes_as_many_queries_with_200_journal_entries_as_with_a_few(
        busy_case, vt_actor, team_actor, login_as, capsys):
    organisations = [vt_actor.organisation, team_actor.organisation]
    users = [vt_actor.user, team_actor.user, f.membership(Role.VT_INTAKE, vt_actor.organisation).user]
    client = login_as(actor_for(f.membership(Role.LOCAL_TEAM_WORKER,
                                             team_actor.organisation)).membership)
    # The file's own steps already wrote an entry each (every change is in the time line); ten
    # more from both organisations, among them one of Veilig Thuis's for its source only.
    add_entries(busy_case, 10, organisations, users)
    short = JournalEntry.objects.filter(case=busy_case).count()
    hidden = JournalEntry.objects.filter(case=busy_case, visibility="source").exclude(
        source_organisation=team_actor.organisation).count()
    assert short < 50 and hidden >= 1
    client.get(case_url(busy_case))  # warm caches that are not the page's (session, content types)
    few, page, rows = queries_for_page(client, busy_case)
    assert "Oudere journaalregels" not in page
    assert rows == short - hidden  # source-only entries of Veilig Thuis are not for the local team

    add_entries(busy_case, 200 - short, organisations, users)
    many, page, rows = queries_for_page(client, busy_case)

    with capsys.disabled():
        print(f"\ncase page: {few} queries with {short} journal entries, {many} with 200")
    assert many == few
    assert "Oudere journaalregels" in page
    assert rows == 50


@pytest.mark.django_db
def test_the_older_journal_pages_hold_the_rest(open_case, vt_actor, team_actor, login_as):
    add_entries(open_case, 120, [vt_actor.organisation], [vt_actor.user])
    client = login_as(vt_actor.membership)
    first = text_of(client.get(case_url(open_case, "journal")))
    third = text_of(client.get(case_url(open_case, "journal") + "?page=3"))
    assert "Contact 0 met het gezin." in first and "Pagina 1 van 3" in first
    assert "Contact 119 met het gezin." in third and "Contact 0 met" not in third
