"""/api/v1/notifications/: one's own, paginated; mark read; preferences, bad input a problem."""

import pytest

from eendak.core.roles import Role
from eendak.notifications.models import Kind, MailSetting, Notification

from .conftest import member

pytestmark = pytest.mark.django_db


def _notice(membership, n=1, **extra):
    return Notification.objects.create(recipient=membership.user, membership=membership,
                                       kind=Kind.HANDOVER_OFFERED, text=f"Overdracht {n}",
                                       url="/casussen/1/", key=f"k{n}", **extra)


def test_list_mark_read_and_read_all(vt_worker, vt, login_as):
    other = member(Role.VT_INTAKE, vt)
    mine = [_notice(vt_worker, n) for n in range(3)]
    theirs = _notice(other, 9)
    client = login_as(vt_worker)
    body = client.get("/api/v1/notifications/").json()
    assert body["count"] == 3 if "count" in body else len(body["results"]) == 3
    assert {r["id"] for r in body["results"]} == {n.pk for n in mine}
    assert client.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    read = client.post(f"/api/v1/notifications/{mine[0].pk}/read/")
    assert read.status_code == 200 and read.json()["readAt"]
    unread = client.get("/api/v1/notifications/?unread=true").json()["results"]
    assert {r["id"] for r in unread} == {mine[1].pk, mine[2].pk}
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 2}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_preferences_through_the_api(vt_worker, login_as):
    client = login_as(vt_worker)
    current = client.get("/api/v1/notifications/preferences/").json()
    assert current["frequency"] == "immediate" and len(current["kinds"]) == len(Kind)
    bad = client.put("/api/v1/notifications/preferences/", {"frequency": "weekly", "kinds": [
        {"kind": "nonsense", "inApp": True, "byEmail": True}]}, content_type="application/json")
    assert bad.status_code == 400 and bad["Content-Type"].startswith("application/problem+json")
    assert {p["name"] for p in bad.json()["invalidParams"]} >= {"frequency"}
    assert not MailSetting.objects.filter(user=vt_worker.user).exists()
    twice = client.put("/api/v1/notifications/preferences/", {"frequency": "daily", "kinds": [
        {"kind": "recurrence", "inApp": True, "byEmail": True},
        {"kind": "recurrence", "inApp": False, "byEmail": True}]}, content_type="application/json")
    assert twice.status_code == 400
    done = client.put("/api/v1/notifications/preferences/", {"frequency": "daily", "kinds": [
        {"kind": "recurrence", "inApp": False, "byEmail": True}]}, content_type="application/json")
    assert done.status_code == 200
    kinds = {k["kind"]: k for k in done.json()["kinds"]}
    assert done.json()["frequency"] == "daily" and kinds["recurrence"]["inApp"] is False
