"""A handover offered to my organisation: in the bell, in the list, by e-mail without a name."""

import pytest
from django.core import mail
from django.urls import reverse

from eendak.audit.models import AccessLogEntry, Outcome
from eendak.cases import services as cases
from eendak.core.roles import Role
from eendak.notifications.models import Kind, MailState, Notification
from eendak.testing.tasks import run_queued_tasks

from .conftest import actor_for, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(police):
    return member(Role.PARTNER_LIAISON, police)


@pytest.fixture
def colleague(tilburg_team):
    return member(Role.LOCAL_TEAM_WORKER, tilburg_team)


@pytest.fixture
def offered(case, vt_worker, coordinator, colleague, partner, tilburg_team,
            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        handover = cases.offer_handover(actor_for(vt_worker), case,
                                        to_organisation_id=tilburg_team.pk)
    return handover


def test_the_receivers_coordinator_is_told_and_nobody_else(offered, case, coordinator, vt_worker,
                                                           partner, colleague, names):
    told = {n.membership_id: n for n in Notification.objects.all()}
    assert coordinator.pk in told and colleague.pk in told
    assert vt_worker.pk not in told, "who offered it needs no notice of it"
    assert partner.pk not in told, "the police do not receive the handover"
    notice = told[coordinator.pk]
    assert notice.kind == Kind.HANDOVER_OFFERED
    assert notice.text == f"Overdracht aangeboden voor casus {case.reference}"
    assert notice.url == reverse("cases:case_detail", args=[case.pk])
    assert not any(name in notice.text for name in names)


def test_nothing_is_told_when_the_offer_rolls_back(case, vt_worker, tilburg_team, coordinator,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        cases.offer_handover(actor_for(vt_worker), case, to_organisation_id=tilburg_team.pk)
        with pytest.raises(Exception):  # noqa: B017, PT011 - the second open offer is refused
            cases.offer_handover(actor_for(vt_worker), case, to_organisation_id=tilburg_team.pk)
    assert len(callbacks) == 1
    assert Notification.objects.filter(membership=coordinator).count() == 1


def test_the_mail_names_nobody_and_no_case(offered, case, coordinator, names, settings):
    assert Notification.objects.get(membership=coordinator).mail_state == MailState.QUEUED
    run_queued_tasks()
    sent = [m for m in mail.outbox if m.to == [coordinator.user.email]]
    assert len(sent) == 1
    message = sent[0]
    assert message.subject == "Er staat iets voor u klaar in Eendak"
    assert "Er staat iets voor u klaar in Eendak." in message.body
    notice = Notification.objects.get(membership=coordinator)
    assert f"{settings.EENDAK_BASE_URL}/meldingen-voor-mij/{notice.pk}/" in message.body
    for secret in [*names, case.reference, case.household.reference]:
        assert secret not in message.body and secret not in message.subject
    assert notice.mail_state == MailState.SENT and notice.mailed_at is not None


def test_the_bell_counts_and_the_list_opens_the_case(offered, case, coordinator, login_as):
    client = login_as(coordinator)
    home = client.get(reverse("core:home")).content.decode()
    assert "1 ongelezen" in home
    page = client.get(reverse("notifications:list")).content.decode()
    assert f"Overdracht aangeboden voor casus {case.reference}" in page
    notice = Notification.objects.get(membership=coordinator)
    opened = client.get(reverse("notifications:open", args=[notice.pk]))
    assert opened.status_code == 302 and opened["Location"] == reverse("cases:case_detail",
                                                                       args=[case.pk])
    assert client.get(opened["Location"]).status_code == 200, "the receiver may open the case"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "0 ongelezen" in client.get(reverse("core:home")).content.decode()


def test_the_list_is_no_look_at_personal_data(offered, coordinator, login_as):
    """A notification names no person: looking at the list writes no access-log entry."""
    client = login_as(coordinator)
    since = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert client.get(reverse("notifications:list")).status_code == 200
    assert not AccessLogEntry.objects.filter(pk__gt=since, username=coordinator.user.username)\
        .exists()


def test_another_persons_notification_is_not_there(offered, coordinator, tilburg_team, login_as):
    other = member(Role.CASE_COORDINATOR, tilburg_team)
    theirs = Notification.objects.get(membership=coordinator)
    client = login_as(other)
    since = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for url in (reverse("notifications:open", args=[theirs.pk]),):
        assert client.get(url).status_code == 404
    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    refusals = AccessLogEntry.objects.filter(pk__gt=since, username=other.user.username)
    assert refusals.exists() and all(e.outcome != Outcome.SUCCESS for e in refusals)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_own_notification_for_another_membership_is_not_shown(offered, coordinator, police,
                                                              login_as):
    """The same person acting for the police sees nothing of the local team's notices."""
    from eendak.testing import factories as f

    other_role = f.membership(Role.PARTNER_LIAISON, police, user=coordinator.user)
    client = login_as(other_role)
    assert "0 ongelezen" in client.get(reverse("core:home")).content.decode()
    notice = Notification.objects.get(membership=coordinator)
    assert client.get(reverse("notifications:open", args=[notice.pk])).status_code == 404


def test_mark_all_read(offered, coordinator, login_as):
    client = login_as(coordinator)
    response = client.post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(membership=coordinator, read_at__isnull=True).exists()
    assert AccessLogEntry.objects.filter(event="notification.all_read",
                                         username=coordinator.user.username).exists()


def test_the_bell_costs_one_query(offered, coordinator, login_as, django_assert_num_queries):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from eendak.notifications.context_processors import Bell

    bell = Bell(coordinator.user, coordinator)
    request = RequestFactory().get("/")
    with django_assert_num_queries(1):
        html = render_to_string("notifications/_bell.html", {"bell": bell}, request=request)
        html += render_to_string("notifications/_bell.html", {"bell": bell}, request=request)
    assert html.count("1 ongelezen") == 2
