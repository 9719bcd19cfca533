"""The chain check screen: a button that recomputes the chain and names the first broken entry."""

import pytest
from django.db import connection
from django.urls import reverse

from eendak.audit import services as audit
from eendak.audit.models import AccessLogEntry, Action
from eendak.core.actors import Actor
from eendak.core.roles import Role

pytestmark = pytest.mark.django_db

URL = "privacy:verify"


@pytest.fixture
def log_admin(make_member, vt):
    return make_member(Role.LOG_ADMIN, vt)


def test_get_only_offers_the_button(login_as, log_admin):
    response = login_as(log_admin).get(reverse(URL))
    assert "Keten nu controleren" in response.content.decode()
    assert not AccessLogEntry.objects.filter(event="access_log.verify").exists()


def test_intact_chain_is_reported_and_the_check_logged(login_as, log_admin):
    for i in range(3):
        audit.log_access(Actor.system(), event="system.task", action=Action.UPDATE, detail=str(i))
    html = login_as(log_admin).post(reverse(URL)).content.decode()
    assert "De keten is intact." in html
    entry = AccessLogEntry.objects.filter(event="access_log.verify").get()
    assert entry.outcome == "success" and "keten intact" in entry.detail


def test_broken_chain_names_the_first_broken_entry(login_as, log_admin):
    client = login_as(log_admin)
    entries = [audit.log_access(Actor.system(), event="system.task", action=Action.UPDATE,
                                detail=str(i)) for i in range(4)]
    audit.chain_pending()  # as the running chainer (chain_access_log) does within a second
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute("UPDATE audit_accesslogentry SET detail = %s WHERE id = %s",
                       ["vervalst", entries[1].id])
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")
    html = client.post(reverse(URL)).content.decode()
    assert f"De keten is gebroken bij logregel {entries[1].id}." in html
    entry = AccessLogEntry.objects.filter(event="access_log.verify").get()
    assert entry.outcome == "failed"


def test_user_without_the_permission_gets_404(login_as, intake):
    assert login_as(intake).post(reverse(URL)).status_code == 404
    assert not AccessLogEntry.objects.filter(event="access_log.verify", outcome="success").exists()
