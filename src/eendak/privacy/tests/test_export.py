"""The CSV export of an access-log search: long work (core.jobs) on the real database and task backend.

The export is started on the search screen, queued as a django-tasks-db row, and run by
``run_queued_tasks`` (the worker's own ``run_task``), so the file the tests read is the one the worker
writes. Batches are made small so that every export here takes several.
"""

import csv
import io
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from eendak.audit import services as audit
from eendak.audit.models import AccessLogEntry, Action, Outcome
from eendak.core import jobs
from eendak.core.actors import Actor
from eendak.core.models import Job, JobStatus, Membership
from eendak.core.permissions import Subject, allowed
from eendak.core.roles import Role
from eendak.privacy import tasks
from eendak.testing import factories as f
from eendak.testing.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

SEARCH = "privacy:log_search"
EXPORT = "privacy:log_export"


@pytest.fixture(autouse=True)
def _small_batches_and_own_export_root(tmp_path, monkeypatch):
    monkeypatch.setattr(tasks, "BATCH_SIZE", 4)
    with override_settings(EENDAK_EXPORT_ROOT=tmp_path / "exports"):
        yield


@pytest.fixture
def reads(intake, household_with_case):
    """Eleven reads by the intake worker (three batches of 4), and entries of others around them."""
    _, _, persons = household_with_case
    actor = Actor(user=intake.user, membership=intake, ip_address="192.0.2.7")
    entries = []
    for i in range(11):
        entries.append(audit.log_access(actor, event="person.read", action=Action.READ,
                                        obj=persons[i % 3], persons=[persons[i % 3]],
                                        detail=f"lezing {i}"))
        audit.log_access(Actor.system(), event="system.task", action=Action.UPDATE, detail=f"n{i}")
    # A cell a spreadsheet would run as a formula: exported as text.
    entries.append(audit.log_access(actor, event="person.read", action=Action.READ,
                                    persons=[persons[0]], detail="=HYPERLINK(\"x\")"))
    return entries


def _export(client, **filters):
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    response = client.post(f"{reverse(EXPORT)}?{query}")
    assert response.status_code == 302, response
    job = Job.objects.order_by("-id").first()
    assert response["Location"] == reverse("core:job_status", args=[job.pk])
    return job


def _rows(job: Job) -> list[list[str]]:
    text = (jobs.export_root() / job.result_file).read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _ids(job: Job) -> list[int]:
    return [int(row[0]) for row in _rows(job)[1:]]


def test_the_export_writes_exactly_the_matching_entries_and_reaches_100_percent(
        login_as, log_admin, intake, reads):
    client = login_as(log_admin)
    job = _export(client, username=intake.user.username, event="person.")
    assert job.status == JobStatus.QUEUED and job.kind == "privacy.access_log_export"

    assert run_queued_tasks() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (job.done, job.total, job.percent) == (12, 12, 100)
    assert _ids(job) == sorted(entry.pk for entry in reads)
    rows = _rows(job)
    assert rows[0][:4] == ["nummer", "tijdstip (UTC)", "tijdstip (Nederlandse tijd)", "gebeurtenis"]
    first = rows[1]
    assert first[3] == "person.read" and first[4] == "Inzien" and first[6] == intake.user.username
    assert first[8] == "Intakemedewerker Veilig Thuis" and first[12] == "192.0.2.7"
    assert first[11] == str(reads[0].person_ids[0])
    assert rows[-1][15] == "'=HYPERLINK(\"x\")"  # never a live formula
    assert job.result_name.endswith(".csv") and job.result_personal


def test_the_export_is_logged_as_an_export_with_its_filter(login_as, log_admin, intake, reads):
    job = _export(login_as(log_admin), username=intake.user.username, person_id=reads[0].person_ids[0])
    entry = AccessLogEntry.objects.get(event="access_log.export")
    assert entry.action == Action.EXPORT and entry.outcome == Outcome.SUCCESS
    assert entry.user_id == log_admin.user_id
    assert (entry.object_type, entry.object_id) == ("core.job", str(job.pk))
    assert f"username={intake.user.username}" in entry.detail
    assert f"person_id={reads[0].person_ids[0]}" in entry.detail
    assert entry.person_ids == [reads[0].person_ids[0]]


def test_the_export_holds_the_log_as_it_was_when_started(login_as, log_admin, reads):
    job = _export(login_as(log_admin), event="person.")
    later = audit.log_access(Actor.system(), event="person.read", action=Action.READ)
    run_queued_tasks()
    job.refresh_from_db()
    assert later.pk not in _ids(job) and job.done == 12


def test_a_crash_half_way_then_retry_gives_every_entry_once(login_as, log_admin, reads, monkeypatch):
    client = login_as(log_admin)
    job = _export(client, event="person.")
    real_row, calls = tasks._row, []

    def crash_in_the_third_batch(entry):
        calls.append(entry.pk)
        if len(calls) == 10:
            raise RuntimeError("schijf vol")
        return real_row(entry)

    monkeypatch.setattr(tasks, "_row", crash_in_the_third_batch)
    run_queued_tasks()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.done == 8 and "schijf vol" in job.error
    page = client.get(reverse("core:job_status", args=[job.pk])).content.decode()
    assert "Opnieuw proberen" in page and "8 van 12" in page

    monkeypatch.setattr(tasks, "_row", real_row)
    assert client.post(reverse("core:job_retry", args=[job.pk])).status_code == 302
    run_queued_tasks()
    job.refresh_from_db()
    assert (job.status, job.attempts, job.done) == (JobStatus.DONE, 2, 12)
    ids = _ids(job)
    assert ids == sorted(entry.pk for entry in reads) and len(ids) == len(set(ids))
    assert "Poging 2" in client.get(reverse("core:job_status", args=[job.pk])).content.decode()


def test_a_killed_worker_then_retry_gives_every_entry_once(login_as, log_admin, reads, monkeypatch):
    client = login_as(log_admin)
    job = _export(client, event="person.")
    real_row, calls = tasks._row, []

    def die(entry):
        calls.append(entry.pk)
        if len(calls) == 6:
            raise RuntimeError("gestopt")
        return real_row(entry)

    monkeypatch.setattr(tasks, "_row", die)
    run_queued_tasks()
    monkeypatch.setattr(tasks, "_row", real_row)
    job.refresh_from_db()
    # What a killed worker leaves behind: "running" without heartbeat, and the start of the next
    # batch written to the file but never checkpointed.
    with open(jobs.export_root() / job.checkpoint["_file"], "a", encoding="utf-8") as part:
        part.write(f"{reads[4].pk};half\r\n")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING,
                                         heartbeat_at=timezone.now() - timedelta(minutes=6))
    page = client.get(reverse("core:job_status", args=[job.pk])).content.decode()
    assert "geen voortgang" in page and "Opnieuw proberen" in page

    client.post(reverse("core:job_retry", args=[job.pk]))
    run_queued_tasks()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert _ids(job) == sorted(entry.pk for entry in reads)


def test_only_the_starter_sees_the_progress_and_the_file(login_as, log_admin, vt, reads):
    job = _export(login_as(log_admin), event="person.")
    run_queued_tasks()
    starter = login_as(log_admin)
    assert starter.get(reverse("core:job_status", args=[job.pk])).status_code == 200
    download = starter.get(reverse("core:job_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert (entry.event, entry.action, entry.user_id) == ("job.download", Action.EXPORT,
                                                          log_admin.user_id)

    other_admin = login_as(f.membership(Role.LOG_ADMIN, vt))
    for name in ("core:job_status", "core:job_progress", "core:job_download"):
        assert other_admin.get(reverse(name, args=[job.pk])).status_code == 404
        refusal = AccessLogEntry.objects.order_by("-id").first()
        assert (refusal.event, refusal.outcome) == ("core.view_job", Outcome.DENIED)


def test_the_starter_who_lost_the_role_no_longer_gets_the_file(login_as, log_admin, reads):
    job = _export(login_as(log_admin), event="person.")
    run_queued_tasks()
    Membership.objects.filter(pk=log_admin.pk).update(role=Role.PRIVACY_OFFICER)
    log_admin.refresh_from_db()
    assert login_as(log_admin).get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_a_membership_ended_before_the_worker_ran_stops_the_export(login_as, log_admin, reads):
    job = _export(login_as(log_admin), event="person.")
    Membership.objects.filter(pk=log_admin.pk).update(is_active=False)
    run_queued_tasks()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.result_file
    refusal = AccessLogEntry.objects.order_by("-id").first()
    assert (refusal.event, refusal.outcome) == ("privacy.export_access_log", Outcome.DENIED)


# --- The permission -----------------------------------------------------------------------------------


def test_only_the_log_administrator_may_export(vt):
    user = f.UserFactory()
    for role in Role:
        membership = Membership(user=user, organisation=vt, role=role, is_active=True)
        assert allowed(Subject(user, membership), "privacy.export_access_log") == (
            role == Role.LOG_ADMIN), role


@pytest.mark.parametrize("role", [Role.PRIVACY_OFFICER, Role.VT_INTAKE, Role.FUNCTIONAL_ADMIN])
def test_other_roles_are_refused_with_a_404_that_is_logged_and_start_nothing(login_as, vt, role):
    member = f.membership(role, vt)
    response = login_as(member).post(reverse(EXPORT))
    assert response.status_code == 404
    refusal = AccessLogEntry.objects.order_by("-id").first()
    assert (refusal.event, refusal.outcome, refusal.user_id) == (
        "privacy.export_access_log", Outcome.DENIED, member.user_id)
    assert not Job.objects.exists()
    assert login_as(member).get(reverse(EXPORT)).status_code == 404  # not a 405 that gives it away


def test_the_button_is_on_the_search_page_of_the_log_administrator(login_as, log_admin, reads):
    html = login_as(log_admin).get(reverse(SEARCH), {"event": "person.", "page": 1}).content.decode()
    assert "Exporteer als CSV" in html
    assert f'action="{reverse(EXPORT)}?event=person.&amp;"' in html
    assert "Alle 12 gevonden regels" in html


def test_a_get_by_the_log_administrator_starts_nothing(login_as, log_admin):
    assert login_as(log_admin).get(reverse(EXPORT)).status_code == 405
    assert not Job.objects.exists()


def test_the_progress_fragment_of_an_export_takes_the_same_queries_small_or_large(
        login_as, log_admin, intake, reads, django_assert_max_num_queries):
    """The page's own checks, one query for the job and one for the export permission's second-factor
    check (``Subject.is_verified``) — the same for an export of 12 entries as of 40."""
    client = login_as(log_admin)
    small = _export(client, username=intake.user.username)
    for i in range(28):
        audit.log_access(Actor.system(), event="system.task", action=Action.UPDATE, detail=f"m{i}")
    large = _export(client)
    run_queued_tasks()
    client.get(reverse("core:job_progress", args=[small.pk]))
    for job in (small, large):
        with django_assert_max_num_queries(10):
            html = client.get(reverse("core:job_progress", args=[job.pk])).content.decode()
        assert "regels geëxporteerd" in html
