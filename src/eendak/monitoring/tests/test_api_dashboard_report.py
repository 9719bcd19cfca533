"""The dashboards' PDF report over /api/v1/dashboard-reports/: start it with the page's permission
and scope, follow its progress (only its starter), download it once through the page's own
service; bad input is problem+json in Dutch that starts nothing; another user's report and another
municipality are the logged 404."""

import pytest

from eendak.api.tests.support import assert_problem, body, invalid_names, post_json
from eendak.audit.models import AccessLogEntry, Action, Outcome
from eendak.core.models import Job, Municipality
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.monitoring.models import DashboardReport
from eendak.testing import factories as f
from eendak.testing.tasks import run_queued_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_export_root")]

API = "/api/v1/dashboard-reports/"


@pytest.fixture
def officer(region):
    return f.membership(Role.MUNICIPAL_POLICY_OFFICER, f.organisation(T.MUNICIPALITY, "Tilburg"))


def _last() -> int:
    return AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _entries(since: int, membership):
    return list(AccessLogEntry.objects.filter(pk__gt=since, user=membership.user).order_by("pk"))


def test_start_follow_and_download_once(login_as, analyst):
    client = login_as(analyst)
    since = _last()
    started = post_json(client, API, {"from": "2025-H1", "to": "2025-H2"})
    assert started.status_code == 202, started.content
    report = body(started)
    assert (report["status"], report["from"], report["to"], report["municipality"]) == (
        "queued", "2025-H1", "2025-H2", None)
    assert [(e.event, e.action) for e in _entries(since, analyst)] == [
        ("dashboard.report_started", Action.EXPORT)]

    run_queued_tasks()
    progress = client.get(f"{API}{report['id']}/")
    assert progress.status_code == 200
    followed = body(progress)
    assert followed["status"] == "ready" and followed["done"] == followed["total"] > 0
    assert _entries(since, analyst)[-1].event == "dashboard.report_read"
    assert [r["id"] for r in body(client.get(API))["results"]] == [report["id"]]

    since = _last()
    download = post_json(client, f"{API}{report['id']}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "eendak-dashboards-regio-2025-H1-2025-H2.pdf" in download["Content-Disposition"]
    assert [(e.event, e.action) for e in _entries(since, analyst)] == [
        ("dashboard.report_downloaded", Action.EXPORT)]
    assert body(client.get(f"{API}{report['id']}/"))["status"] == "downloaded"

    again = post_json(client, f"{API}{report['id']}/download/")
    assert_problem(again, 410)
    assert "één keer" in again.content.decode()
    refused = _entries(since, analyst)[-1]
    assert (refused.event, refused.outcome) == ("dashboard.report_change_refused", Outcome.FAILED)


def test_a_policy_officer_gets_their_own_municipality_only(login_as, officer):
    client = login_as(officer)
    tilburg = Municipality.objects.get(name="Tilburg")
    own = post_json(client, API, {})  # the region asked: their own municipality
    assert own.status_code == 202 and body(own)["municipality"] == tilburg.pk
    dongen = Municipality.objects.get(name="Dongen")
    since = _last()
    other = post_json(client, API, {"municipality": dongen.pk})
    assert_problem(other, 404)
    entry = _entries(since, officer)[-1]
    assert entry.outcome in (Outcome.DENIED, Outcome.NOT_FOUND)
    assert DashboardReport.objects.count() == 1 and Job.objects.count() == 1


def test_another_users_report_is_a_logged_404(login_as, analyst, officer, region):
    mine = body(post_json(login_as(analyst), API, {}))
    run_queued_tasks()
    for stranger in (f.membership(Role.ANALYST, analyst.organisation), officer):
        client = login_as(stranger)
        since = _last()
        for response in (client.get(f"{API}{mine['id']}/"),
                         post_json(client, f"{API}{mine['id']}/download/")):
            assert_problem(response, 404)
        entries = _entries(since, stranger)
        assert len(entries) == 2 and all(e.outcome != Outcome.SUCCESS for e in entries)
        assert body(client.get(API))["results"] == []
    assert DashboardReport.objects.get(pk=mine["id"]).downloaded_at is None


def test_who_does_not_see_the_dashboards_cannot_start_one(login_as, vt):
    worker = f.membership(Role.VT_INTAKE, vt)
    response = post_json(login_as(worker), API, {})
    assert_problem(response, 404)
    assert not DashboardReport.objects.exists()


@pytest.mark.parametrize(("data", "field", "words"), [
    ({"from": "2025-H3"}, "from", "halfjaar"),
    ({"to": "2025"}, "to", "halfjaar"),
    ({"from": "2026-H2", "to": "2025-H1"}, "from", "Het eerste halfjaar ligt na het laatste."),
    ({"from": "x" * 30}, "from", "jaar-H1 of jaar-H2"),
    ({"municipality": "Tilburg"}, "municipality", "Kies een gemeente"),
])
def test_bad_input_is_a_problem_in_dutch_and_starts_nothing(login_as, analyst, data, field, words):
    client = login_as(analyst)
    since = _last()
    response = post_json(client, API, data)
    assert_problem(response, 400)
    assert invalid_names(response) == {field}
    assert words in response.content.decode()
    assert not DashboardReport.objects.exists() and not Job.objects.exists()
    refused = _entries(since, analyst)[-1]
    assert (refused.event, refused.outcome) == ("dashboard.report_change_refused", Outcome.FAILED)


def test_an_unknown_municipality_is_the_logged_404(login_as, analyst):
    since = _last()
    response = post_json(login_as(analyst), API, {"municipality": 999999})
    assert_problem(response, 404)
    assert "application/problem+json" in response["Content-Type"]
    assert _entries(since, analyst)[-1].outcome != Outcome.SUCCESS
    assert not DashboardReport.objects.exists()
