"""Exports of the case lists (``core.exports``): "Mijn casussen" and a case's plan actions as CSV and
Excel hold exactly the rows the page shows the acting organisation (never another organisation's
case), are logged as an export naming the persons in them, a bad format is a 400, and a list longer
than ``EENDAK_EXPORT_BACKGROUND_ROWS`` is made by the worker and downloaded from the job's page."""

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from eendak.audit.models import AccessLogEntry, Action
from eendak.cases import services
from eendak.core import jobs
from eendak.core.models import Job, JobStatus
from eendak.testing import factories as f
from eendak.testing.exports import read_csv, xlsx_rows
from eendak.testing.tasks import run_queued_tasks

from .views_helpers import case_url

MY_CASES = reverse("cases:my_cases")


@pytest.fixture(autouse=True)
def export_root(tmp_path):
    with override_settings(EENDAK_EXPORT_ROOT=tmp_path / "exports"):
        yield


def references_on_page(html: str) -> set[str]:
    return set(re.findall(r'href="/casussen/\d+/">(C-[^<]+)</a>', html))


@pytest.fixture
def three_cases(open_case, vt_actor, tilburg_team, goirle_actor):
    """The open case and another of Tilburg's team, and one of Goirle's team only."""
    ours = f.case_for(f.HouseholdFactory(reference="HH-ANDER"), vt_actor.organisation, tilburg_team)
    f.person_in(ours.household, "parent", surname="Zichtbaar")
    theirs = f.case_for(f.HouseholdFactory(reference="HH-GOIRLE"), vt_actor.organisation,
                        goirle_actor.organisation)
    f.person_in(theirs.household, "parent", surname="Onzichtbaar")
    return open_case, ours, theirs


@pytest.mark.django_db
def test_my_cases_as_csv_and_excel_hold_exactly_the_page_rows(three_cases, team_actor, login_as):
    open_case, ours, theirs = three_cases
    client = login_as(team_actor.membership)
    page = client.get(MY_CASES).content.decode()
    shown = references_on_page(page)
    assert shown == {open_case.reference, ours.reference}
    assert 'formaat=csv' in page and "Download Excel" in page

    response = client.get(MY_CASES, {"formaat": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="casussen-\d{4}-\d\d-\d\d\.csv"',
                        response["Content-Disposition"])
    header, *rows = read_csv(response)
    assert header[:2] == ["Casus", "Gezin"]
    assert {row[0] for row in rows} == shown
    assert "Zichtbaar" in next(row[1] for row in rows if row[0] == ours.reference)
    assert theirs.reference not in response.content.decode()

    excel = client.get(MY_CASES, {"format": "xlsx"})  # API-style name accepted too
    assert excel["Content-Type"].startswith("application/vnd.openxmlformats")
    header, *rows = xlsx_rows(excel.content)
    assert header[0] == "Casus" and {row[0] for row in rows} == shown

    entries = AccessLogEntry.objects.filter(event="case.list_exported").order_by("id")
    assert [e.action for e in entries] == [Action.EXPORT, Action.EXPORT]
    visible_persons = {m.person_id for c in (open_case, ours) for m in c.household.members.all()}
    assert set(entries[0].person_ids) == visible_persons
    assert not set(entries[0].person_ids) & {m.person_id for m in theirs.household.members.all()}


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["pdf", "", "CSV;DROP", "x" * 300])
def test_a_bad_format_is_a_clear_400_and_nothing_is_exported(value, open_case, team_actor,
                                                            login_as):
    response = login_as(team_actor.membership).get(MY_CASES, {"formaat": value})
    assert response.status_code == 400
    assert "formaat=csv" in response.content.decode()
    assert not AccessLogEntry.objects.filter(action=Action.EXPORT).exists()


@pytest.mark.django_db
def test_plan_actions_export_holds_the_current_plans_actions(open_case, team_actor, tilburg_team,
                                                             goirle_actor, login_as):
    today = timezone.localdate()
    goal = services.add_goal(team_actor, services.new_plan_version(team_actor, open_case),
                             part="help", text="Opvoedondersteuning")
    for text in ("=Aanmelden bij opvoedpoli", "Evaluatiegesprek plannen"):
        services.add_action(team_actor, goal, text=text, owner_organisation=tilburg_team,
                            owner=team_actor.user, start_on=today, due_on=today + timedelta(days=7))
    client = login_as(team_actor.membership)
    page = client.get(case_url(open_case)).content.decode()
    assert "Acties exporteren (CSV)" in page
    url = case_url(open_case, "plan_actions_export")

    header, *rows = read_csv(client.get(url, {"formaat": "csv"}))
    assert header[2] == "Actie"
    # A cell that a spreadsheet would take for a formula is written as text.
    assert [row[2] for row in rows] == ["'=Aanmelden bij opvoedpoli", "Evaluatiegesprek plannen"]
    assert rows[0][6] == today.strftime("%d-%m-%Y")

    _header, *cells = xlsx_rows(client.get(url, {"formaat": "xlsx"}).content)
    assert [row[2] for row in cells] == ["'=Aanmelden bij opvoedpoli", "Evaluatiegesprek plannen"]
    assert cells[0][6].date() == today  # a date cell, not text

    entry = AccessLogEntry.objects.filter(event="case.actions_exported").first()
    assert entry.action == Action.EXPORT and entry.object_id == str(open_case.pk)
    assert set(entry.person_ids) == {m.person_id for m in open_case.household.members.all()}

    # Without a format: CSV. Another organisation: the logged 404.
    assert client.get(url)["Content-Type"] == "text/csv; charset=utf-8"
    assert login_as(goirle_actor.membership).get(url, {"formaat": "csv"}).status_code == 404


@pytest.mark.django_db
@override_settings(EENDAK_EXPORT_BACKGROUND_ROWS=1)
def test_a_long_list_is_exported_in_the_background_and_downloaded_by_its_starter(
        three_cases, team_actor, tilburg_team, login_as):
    open_case, ours, theirs = three_cases
    client = login_as(team_actor.membership)

    offer = client.get(MY_CASES, {"formaat": "xlsx"})
    assert offer.status_code == 200 and offer["Content-Type"].startswith("text/html")
    html = offer.content.decode()
    assert "Export als XLSX starten" in html
    token = re.search(r'name="export" value="([^"]+)"', html).group(1)

    # A tampered button starts nothing.
    assert client.post(reverse("core:export_start"), {"export": token + "x"}).status_code == 400
    assert not Job.objects.exists()
    refused = AccessLogEntry.objects.get(event="list.export_refused")
    assert refused.outcome == "failed"

    started = client.post(reverse("core:export_start"), {"export": token})
    job = Job.objects.get()
    assert started.status_code == 302
    assert started["Location"] == reverse("core:job_status", args=[job.pk])
    assert (job.kind, job.status, job.total) == ("core.list_export", JobStatus.QUEUED, 2)
    start_entry = AccessLogEntry.objects.get(event="case.list_exported")
    assert start_entry.action == Action.EXPORT
    assert set(start_entry.person_ids) == {m.person_id for c in (open_case, ours)
                                           for m in c.household.members.all()}

    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (JobStatus.DONE, 2, 2)
    assert job.result_name.endswith(".xlsx")

    status = client.get(reverse("core:job_status", args=[job.pk])).content.decode()
    assert reverse("core:job_download", args=[job.pk]) in status
    assert "één keer" in status

    # Nobody else gets it: another user of the same organisation sees the 404.
    colleague = f.membership(team_actor.membership.role, tilburg_team)
    other = login_as(colleague).post(reverse("core:job_download", args=[job.pk]))
    assert other.status_code == 404

    # The download is a POST (the button), once: then the file is gone and a second try is refused.
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 405
    path = jobs.export_root() / job.result_file
    download = client.post(reverse("core:job_download", args=[job.pk]))
    _header, *rows = xlsx_rows(b"".join(download.streaming_content))
    assert {row[0] for row in rows} == {open_case.reference, ours.reference}
    entry = AccessLogEntry.objects.get(event="job.download")
    assert entry.action == Action.EXPORT and set(entry.person_ids) == set(start_entry.person_ids)
    job.refresh_from_db()
    assert job.downloaded_at is not None and not path.exists()
    again = client.post(reverse("core:job_download", args=[job.pk]), follow=True)
    assert again.status_code == 200
    assert "al gedownload" in again.content.decode()
    assert AccessLogEntry.objects.filter(event="job.download").count() == 1
    page = client.get(reverse("core:job_status", args=[job.pk])).content.decode()
    assert "Gedownload op" in page and reverse("core:job_download", args=[job.pk]) not in page


@pytest.mark.django_db
def test_my_actions_and_signals_export_on_their_own_with_the_page_rows(three_cases, team_actor,
                                                                       tilburg_team, login_as):
    """Mijn casussen shows three lists; ``lijst=acties`` and ``lijst=signalen`` export the other
    two, each only what the page shows (never another organisation's case), each logged."""
    open_case, ours, theirs = three_cases
    today = timezone.localdate()
    goal = services.add_goal(team_actor, services.new_plan_version(team_actor, open_case),
                             part="help", text="Opvoedondersteuning")
    services.add_action(team_actor, goal, text="Huisbezoek afleggen", owner_organisation=tilburg_team,
                        owner=team_actor.user, start_on=today - timedelta(days=14),
                        due_on=today - timedelta(days=1))
    client = login_as(team_actor.membership)
    page = client.get(MY_CASES).content.decode()
    assert "lijst=acties&amp;formaat=csv" in page and "lijst=signalen&amp;formaat=xlsx" in page
    assert "Download CSV (Mijn acties)" in page

    header, *rows = read_csv(client.get(MY_CASES, {"lijst": "acties", "formaat": "csv"}))
    assert header[:2] == ["Actie", "Casus"]
    assert rows == [["Huisbezoek afleggen", open_case.reference, tilburg_team.name,
                     (today - timedelta(days=14)).strftime("%d-%m-%Y"),
                     (today - timedelta(days=1)).strftime("%d-%m-%Y"), rows[0][5]]]
    entry = AccessLogEntry.objects.get(event="case.my_actions_exported")
    assert entry.action == Action.EXPORT
    assert set(entry.person_ids) == {m.person_id for m in open_case.household.members.all()}

    signals = client.get(MY_CASES, {"lijst": "signalen", "formaat": "xlsx"})
    assert signals["Content-Type"].startswith("application/vnd.openxmlformats")
    header, *rows = xlsx_rows(signals.content)
    assert header[:2] == ["Wat", "Casus"]
    assert theirs.reference not in {row[1] for row in rows}
    entry = AccessLogEntry.objects.get(event="case.signals_exported")
    assert entry.action == Action.EXPORT
    assert not set(entry.person_ids) & {m.person_id for m in theirs.household.members.all()}

    # An unknown list is the cases; a bad format a 400, whichever list.
    header, *_rows = read_csv(client.get(MY_CASES, {"lijst": "iets", "formaat": "csv"}))
    assert header[0] == "Casus"
    assert client.get(MY_CASES, {"lijst": "acties", "formaat": "pdf"}).status_code == 400


@pytest.mark.django_db
def test_our_contributions_export_what_the_organisation_wrote_only(open_case, vt_actor, team_actor,
                                                                   login_as):
    """"Onze bijdragen" as a file: the organisation's own entries (also after its participation
    ended), never another organisation's; logged naming the household's persons."""
    services.add_journal_entry(team_actor, open_case, kind="conversation",
                               text="Huisbezoek: moeder wil hulp bij de opvoeding.")
    services.add_journal_entry(vt_actor, open_case, kind="note", text="Notitie van Veilig Thuis.")
    services.end_participation(vt_actor, open_case.participations.get(
        organisation=team_actor.organisation), reason="Hulp afgerond.")
    client = login_as(team_actor.membership)
    url = reverse("cases:contributions")
    assert "formaat=csv" in client.get(url).content.decode()
    response = client.get(url, {"formaat": "csv"})
    header, *rows = read_csv(response)
    assert header == ["Datum", "Casus", "Soort", "Auteur", "Zichtbaar voor", "Wat", "Document"]
    texts = [row[5] for row in rows]
    assert "Huisbezoek: moeder wil hulp bij de opvoeding." in texts
    assert {row[1] for row in rows} == {open_case.reference}
    assert "Notitie van Veilig Thuis." not in response.content.decode()
    cells = xlsx_rows(client.get(url, {"formaat": "xlsx"}).content)
    assert [row[5] for row in cells[1:]] == texts
    entries = AccessLogEntry.objects.filter(event="case.own_contributions_exported")
    assert [e.action for e in entries] == [Action.EXPORT, Action.EXPORT]
    assert set(entries[0].person_ids) == {m.person_id for m in open_case.household.members.all()}
    bad = client.get(url, {"formaat": "pdf"})
    assert bad.status_code == 400 and "Onbekend formaat" in bad.content.decode()
