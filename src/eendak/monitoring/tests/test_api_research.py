"""The research studies over /api/v1/: register, approve, reject, export, the one download — each
behind its declared permission, refusals as problem+json that change nothing, every read and
change in the access log, and no response holding the study's key."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eendak.api.tests.support import assert_problem, body, invalid_names, post_json
from eendak.audit.models import AccessLogEntry, Action, Outcome
from eendak.core.models import Job
from eendak.core.roles import Role
from eendak.monitoring import services
from eendak.monitoring.models import ResearchExport, Study, StudyStatus
from eendak.testing import factories as f
from eendak.testing.tasks import run_queued_tasks

from .research_support import ALL_VARIABLES, actor_for, study_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_export_root")]

API = "/api/v1"


def _input(**overrides):
    today = timezone.localdate()
    data = {"title": "Cohort (API)", "purpose": "Stopt het geweld na een melding, na 18 maanden?",
            "variables": ALL_VARIABLES, "periodFrom": "2025-01-01", "periodTo": today.isoformat(),
            "endsOn": (today + timedelta(days=100)).isoformat()}
    data.update(overrides)
    return data


def _entries(since: int, user):
    return list(AccessLogEntry.objects.filter(pk__gt=since, user=user.user).order_by("pk"))


def _last() -> int:
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_register_approve_export_and_download_once(login_as, analyst, privacy_officer, families):
    researcher, officer = login_as(analyst), login_as(privacy_officer)
    since = _last()
    created = post_json(researcher, f"{API}/research-studies/", _input())
    assert created.status_code == 201, created.content
    study = body(created)
    assert study["status"] == "submitted" and study["columns"][:4] == [
        "melding_id", "casus_id", "huishouden_id", "persoon_id"]
    assert [e.event for e in _entries(since, analyst)] == ["research.study_registered"]

    since = _last()
    listed = officer.get(f"{API}/research-studies/")
    assert [s["id"] for s in body(listed)["results"]] == [study["id"]]
    approved = post_json(officer, f"{API}/research-studies/{study['id']}/approve/")
    assert approved.status_code == 200 and body(approved)["status"] == "approved"
    assert [e.event for e in _entries(since, privacy_officer)] == [
        "research.studies_read", "research.study_approved"]

    started = post_json(researcher, f"{API}/research-studies/{study['id']}/export/")
    assert started.status_code == 202 and body(started)["status"] == "queued"
    run_queued_tasks()
    detail = researcher.get(f"{API}/research-studies/{study['id']}/")
    export = body(detail)["exports"][0]
    assert export["status"] == "ready" and export["rows"] == 15

    since = _last()
    download = post_json(researcher, f"{API}/research-exports/{export['id']}/download/")
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    assert b"".join(download.streaming_content).decode("utf-8-sig").count("\r\n") == 16
    entry = _entries(since, analyst)[-1]
    assert (entry.event, entry.action) == ("research.export_downloaded", Action.EXPORT)
    again = post_json(researcher, f"{API}/research-exports/{export['id']}/download/")
    assert_problem(again, 410)
    assert "één keer" in again.content.decode()

    key = bytes(Study.objects.get(pk=study["id"]).key)
    for response in (created, listed, approved, started, detail):
        text = response.content.decode()
        assert "key" not in body(response) and key.hex() not in text


def test_bad_input_is_a_problem_at_the_field_and_saves_nothing(login_as, analyst):
    client = login_as(analyst)
    since = _last()
    response = post_json(client, f"{API}/research-studies/",
                         _input(periodFrom="2025-06-01", periodTo="2025-01-01"))
    assert_problem(response, 400)
    assert invalid_names(response) == {"periodTo"}
    assert "De periode eindigt vóór ze begint" in response.content.decode()
    unknown = post_json(client, f"{API}/research-studies/", _input(variables=["bsn"]))
    assert_problem(unknown, 400)
    assert not Study.objects.exists()
    assert {e.outcome for e in _entries(since, analyst)} == {Outcome.FAILED}


def test_an_export_that_may_not_run_is_a_problem_and_starts_nothing(login_as, analyst,
                                                                    privacy_officer):
    study = services.register_study(actor_for(analyst), study_data())
    client = login_as(analyst)
    response = post_json(client, f"{API}/research-studies/{study.pk}/export/")
    assert_problem(response, 400)
    assert "niet goedgekeurd" in response.content.decode()
    services.approve_study(actor_for(privacy_officer), study)
    Study.objects.filter(pk=study.pk).update(ends_on=timezone.localdate() - timedelta(days=1))
    ended = post_json(client, f"{API}/research-studies/{study.pk}/export/")
    assert_problem(ended, 400)
    assert "afgelopen" in ended.content.decode()
    assert not Job.objects.exists() and not ResearchExport.objects.exists()


def test_who_may_not_gets_the_logged_404_and_nothing_changes(login_as, vt, analyst,
                                                            privacy_officer):
    study = services.register_study(actor_for(analyst), study_data())
    other = f.membership(Role.ANALYST, vt)
    client = login_as(other)
    assert body(client.get(f"{API}/research-studies/"))["results"] == []
    for path in (f"research-studies/{study.pk}/", f"research-studies/{study.pk}/approve/",
                 f"research-studies/{study.pk}/reject/", f"research-studies/{study.pk}/export/",
                 "research-studies/999999/"):
        method = client.get if path.endswith(f"{study.pk}/") or "999999" in path else client.post
        assert_problem(method(f"{API}/{path}"), 404)
    assert_problem(post_json(login_as(analyst), f"{API}/research-studies/{study.pk}/approve/"), 404)
    assert_problem(post_json(login_as(privacy_officer), f"{API}/research-studies/", _input()), 404)
    assert AccessLogEntry.objects.filter(user=other.user, outcome=Outcome.DENIED).exists()
    study.refresh_from_db()
    assert study.status == StudyStatus.SUBMITTED and Study.objects.count() == 1


def test_a_rejection_without_reason_is_a_problem(login_as, analyst, privacy_officer):
    study = services.register_study(actor_for(analyst), study_data())
    client = login_as(privacy_officer)
    response = post_json(client, f"{API}/research-studies/{study.pk}/reject/", {"reason": ""})
    assert_problem(response, 400)
    assert invalid_names(response) == {"reason"}
    done = post_json(client, f"{API}/research-studies/{study.pk}/reject/",
                     {"reason": "Het doel rechtvaardigt deze variabelen niet."})
    assert body(done)["status"] == "rejected"
    assert body(done)["rejectionReason"] == "Het doel rechtvaardigt deze variabelen niet."
