"""Long work (core.jobs) on the real database and the real task backend (django-tasks-db).

Tasks are queued as rows by ``enqueue`` and run by ``run_queued_tasks`` (the worker's own
``run_task``), so what the tests see is what the worker writes. A crash is an exception raised half-way
through a batch; a killed worker is the state it leaves behind: a running job without heartbeat and
bytes past the checkpoint.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from eendak.audit.models import AccessLogEntry, Action, Outcome
from eendak.core import jobs
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.models import Job, JobStatus
from eendak.core.roles import Role
from eendak.core.tests import job_tasks
from eendak.testing import factories as f
from eendak.testing.tasks import run_queued_tasks


@pytest.fixture(autouse=True)
def _export_root(tmp_path):
    with override_settings(EENDAK_EXPORT_ROOT=tmp_path / "exports"):
        yield


@pytest.fixture
def starter(vt):
    return f.membership(Role.FUNCTIONAL_ADMIN, vt)


def _actor(membership):
    membership.user.acting_membership = membership
    return Actor(user=membership.user, membership=membership, ip_address="192.0.2.1")


def _start(membership, n=35) -> Job:
    return jobs.start(_actor(membership), job_tasks.COUNT_TO, params={"n": n},
                      description=f"tot {n}", back_url="/")


def _lines(job: Job) -> list[str]:
    return (jobs.export_root() / job.result_file).read_text().splitlines()


def test_a_job_is_queued_as_a_task_and_runs_to_100_percent(starter):
    job = _start(starter)
    assert job.status == JobStatus.QUEUED and job.attempts == 1
    assert DBTaskResult.objects.filter(id=job.task_result_id, status="READY").exists()

    assert run_queued_tasks() == 1

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (job.done, job.total, job.percent) == (35, 35, 100)
    assert _lines(job) == ["getal", *[str(n) for n in range(1, 36)]]
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "SUCCESSFUL"
    assert not list(jobs.export_root().glob("*.part")), "partial files are cleaned up"


def test_a_crash_half_way_is_recorded_and_a_retry_resumes_without_duplicates(starter, monkeypatch):
    job = _start(starter)
    monkeypatch.setattr(job_tasks, "CRASH_AT_BATCH", 3)  # batch 3 is written, then it crashes
    run_queued_tasks()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.done == 20 and job.checkpoint["after"] == 20
    assert "SimulatedCrash" in job.error
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "FAILED"
    assert jobs.can_retry(job)

    monkeypatch.setattr(job_tasks, "CRASH_AT_BATCH", None)
    jobs.retry(_actor(starter), job)
    assert job.attempts == 2 and job.status == JobStatus.QUEUED
    run_queued_tasks()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2
    lines = _lines(job)
    assert lines == ["getal", *[str(n) for n in range(1, 36)]], "each number exactly once"


def test_a_killed_worker_leaves_a_stalled_job_that_resumes_at_its_checkpoint(starter, monkeypatch):
    job = _start(starter)
    monkeypatch.setattr(job_tasks, "CRASH_AT_BATCH", 2)
    run_queued_tasks()
    job.refresh_from_db()
    # What a killed worker leaves: still "running", no heartbeat for a while, and lines past the
    # checkpoint that were written but never recorded.
    part = jobs.export_root() / job.checkpoint["_file"]
    with open(part, "a") as handle:
        handle.write("11\n12\n13\n")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING,
                                         heartbeat_at=timezone.now() - timedelta(minutes=10))
    job.refresh_from_db()
    assert jobs.is_stalled(job) and jobs.can_retry(job)

    monkeypatch.setattr(job_tasks, "CRASH_AT_BATCH", None)
    jobs.retry(_actor(starter), job)
    run_queued_tasks()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert _lines(job) == ["getal", *[str(n) for n in range(1, 36)]]


def test_a_running_job_with_a_heartbeat_cannot_be_retried(starter):
    job = _start(starter)
    with pytest.raises(RuleViolation):
        jobs.retry(_actor(starter), job)  # queued
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=timezone.now())
    job.refresh_from_db()
    with pytest.raises(RuleViolation):
        jobs.retry(_actor(starter), job)


def test_a_superseded_attempt_stops_and_never_counts(starter):
    job = _start(starter)
    old = jobs.begin(job.pk, 1)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=10))
    job.refresh_from_db()
    jobs.retry(_actor(starter), job)  # the old attempt is presumed dead, but is still alive

    with pytest.raises(jobs.Superseded):
        old.progress(10, total=35, checkpoint={"after": 10})
    assert jobs.begin(job.pk, 1) is None, "an old attempt's task that runs late does nothing"

    run_queued_tasks()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2
    assert _lines(job) == ["getal", *[str(n) for n in range(1, 36)]]


def test_a_retry_starts_over_when_the_partial_file_is_gone(starter, monkeypatch):
    job = _start(starter)
    monkeypatch.setattr(job_tasks, "CRASH_AT_BATCH", 3)
    run_queued_tasks()
    job.refresh_from_db()
    (jobs.export_root() / job.checkpoint["_file"]).unlink()
    monkeypatch.setattr(job_tasks, "CRASH_AT_BATCH", None)
    jobs.retry(_actor(starter), job)
    run_queued_tasks()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert _lines(job) == ["getal", *[str(n) for n in range(1, 36)]]


# --- The pages ------------------------------------------------------------------------------------


def test_the_starter_sees_an_accessible_progress_bar(starter, login_as):
    job = _start(starter)
    page = login_as(starter).get(reverse("core:job_status", args=[job.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<label class="utrecht-form-label eendak-job__label" for="taak-{job.pk}-voortgang">' in html
    assert f'<progress class="eendak-job__bar" id="taak-{job.pk}-voortgang"' in html
    assert 'hx-trigger="every 2s"' in html and "In de wachtrij" in html
    assert "<script>" not in html and "style=" not in html  # strict CSP: no inline script or style

    run_queued_tasks()
    fragment = login_as(starter).get(reverse("core:job_progress", args=[job.pk]),
                                     headers={"HX-Request": "true"})
    assert fragment.status_code == 286  # htmx: stop polling
    html = fragment.content.decode()
    assert 'max="35" value="35"' in html and "hx-trigger" not in html
    assert reverse("core:job_download", args=[job.pk]) in html


def test_only_the_starter_sees_the_job_and_others_are_refused_and_logged(starter, vt, login_as):
    job = _start(starter)
    run_queued_tasks()
    colleague = f.membership(Role.FUNCTIONAL_ADMIN, vt)
    same_user_other_role = f.membership(Role.LOG_ADMIN, vt, user=starter.user)
    for membership in (colleague, same_user_other_role):
        client = login_as(membership)
        for name in ("core:job_status", "core:job_progress", "core:job_download"):
            before = AccessLogEntry.objects.count()
            assert client.get(reverse(name, args=[job.pk])).status_code == 404
            refusal = AccessLogEntry.objects.order_by("-id").first()
            assert AccessLogEntry.objects.count() == before + 1
            assert (refusal.event, refusal.outcome) == ("core.view_job", Outcome.DENIED)
            assert refusal.user_id == membership.user_id
        assert client.post(reverse("core:job_retry", args=[job.pk])).status_code == 404
        # A wrong method tells them nothing either: the job is asked before the method.
        assert client.delete(reverse("core:job_status", args=[job.pk])).status_code == 404
        assert client.get(reverse("core:job_retry", args=[job.pk])).status_code == 404
    starter_client = login_as(starter)
    assert starter_client.delete(reverse("core:job_status", args=[job.pk])).status_code == 405
    assert starter_client.get(reverse("core:job_retry", args=[job.pk])).status_code == 405


def test_the_download_is_logged_and_serves_the_file(starter, login_as):
    job = _start(starter)
    run_queued_tasks()
    job.refresh_from_db()
    response = login_as(starter).get(reverse("core:job_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="getallen.csv"'
    assert b"".join(response.streaming_content).decode().splitlines()[-1] == "35"
    entry = AccessLogEntry.objects.order_by("-id").first()
    # This kind says its result holds no personal data: a read. (An export's says otherwise.)
    assert (entry.event, entry.action, entry.object_id) == ("job.download", Action.READ, str(job.pk))


def test_retry_from_the_page(starter, login_as, monkeypatch):
    job = _start(starter)
    monkeypatch.setattr(job_tasks, "CRASH_AT_BATCH", 1)
    run_queued_tasks()
    client = login_as(starter)
    page = client.get(reverse("core:job_status", args=[job.pk])).content.decode()
    assert "Opnieuw proberen" in page and "Mislukt bij poging 1" in page
    monkeypatch.setattr(job_tasks, "CRASH_AT_BATCH", None)
    response = client.post(reverse("core:job_retry", args=[job.pk]))
    assert response.status_code == 302
    run_queued_tasks()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert "Poging 2." in client.get(reverse("core:job_status", args=[job.pk])).content.decode()


def test_the_progress_fragment_takes_the_same_few_queries_whatever_the_size(starter, login_as):
    """Polled every 2 seconds by every open status page: the session and acting-membership checks of
    every page, plus one query for the job — never anything that grows with the work."""
    small, large = _start(starter, n=5), _start(starter, n=5000)
    run_queued_tasks()
    client = login_as(starter)
    client.get(reverse("core:job_progress", args=[small.pk]))  # warm the session
    captured = []
    for job in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("core:job_progress", args=[job.pk])).status_code == 200
        captured.append([q["sql"] for q in queries.captured_queries])
    assert len(captured[0]) == len(captured[1]) <= 9, captured[1]
    assert len([sql for sql in captured[1] if '"core_job"' in sql]) == 1


def test_results_are_deleted_after_the_retention_period(starter, login_as):
    import io

    from django.core.management import call_command

    kept, old = _start(starter), _start(starter)
    run_queued_tasks()
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=8))
    old.refresh_from_db()
    old_file = jobs.export_root() / old.result_file

    out = io.StringIO()
    call_command("clear_job_results", "--days", "7", stdout=out)
    assert out.getvalue().startswith("1 resultaten verwijderd")

    old.refresh_from_db()
    kept.refresh_from_db()
    assert not old_file.exists() and old.result_file == ""
    assert (jobs.export_root() / kept.result_file).exists()
    client = login_as(starter)
    assert client.get(reverse("core:job_download", args=[old.pk])).status_code == 404
    page = client.get(reverse("core:job_status", args=[old.pk])).content.decode()
    assert "na 7 dagen verwijderd" in page and "Download" not in page
