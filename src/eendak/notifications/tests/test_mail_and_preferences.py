"""Preferences per kind, the daily digest, and a mail server that fails: tried again, then failed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from eendak.audit.models import AccessLogEntry
from eendak.notifications import services, tasks
from eendak.notifications.models import Frequency, Kind, MailSetting, MailState, Notification
from eendak.testing.tasks import run_queued_tasks

from .conftest import actor_for

pytestmark = pytest.mark.django_db


def _emit(case, organisation, key="k1", commit=None):
    emission = services.notify(Kind.HANDOVER_OFFERED, text=f"Overdracht aangeboden voor casus "
                               f"{case.reference}", url=f"/casussen/{case.pk}/", key=key,
                               permission="cases.view_case", obj=case,
                               organisations=[organisation])
    return emission


def _deliver(case, organisation, key="k1", django_capture=None):
    with django_capture(execute=True):
        return _emit(case, organisation, key)


def test_in_app_off_and_mail_on(case, vt_worker, django_capture_on_commit_callbacks):
    services.set_preferences(actor_for(vt_worker), frequency=Frequency.IMMEDIATE, choices=[
        services.Choice(Kind.HANDOVER_OFFERED, in_app=False, by_email=True)])
    emission = _deliver(case, vt_worker.organisation, django_capture=django_capture_on_commit_callbacks)
    notice = Notification.objects.get(membership=vt_worker)
    assert emission.made == [notice]
    assert not notice.shown and notice.mail_state == MailState.QUEUED
    assert services.unread_count(vt_worker.user, vt_worker) == 0
    run_queued_tasks()
    assert len(mail.outbox) == 1


def test_both_off_tells_nothing(case, vt_worker, django_capture_on_commit_callbacks):
    services.set_preferences(actor_for(vt_worker), frequency=Frequency.IMMEDIATE, choices=[
        services.Choice(Kind.HANDOVER_OFFERED, in_app=False, by_email=False)])
    _deliver(case, vt_worker.organisation, django_capture=django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(membership=vt_worker).exists()


def test_the_same_thing_is_told_once(case, vt_worker, django_capture_on_commit_callbacks):
    _deliver(case, vt_worker.organisation, django_capture=django_capture_on_commit_callbacks)
    _deliver(case, vt_worker.organisation, django_capture=django_capture_on_commit_callbacks)
    assert Notification.objects.filter(membership=vt_worker).count() == 1


def test_nobody_who_may_not_see_it_is_told(case, police, django_capture_on_commit_callbacks):
    from eendak.core.roles import Role

    from .conftest import member

    outsider = member(Role.PARTNER_LIAISON, police)
    _deliver(case, police, django_capture=django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(membership=outsider).exists()


def test_daily_digest(case, vt_worker, django_capture_on_commit_callbacks):
    MailSetting.objects.create(user=vt_worker.user, frequency=Frequency.DAILY)
    for key in ("a", "b"):
        _deliver(case, vt_worker.organisation, key, django_capture_on_commit_callbacks)
    assert set(Notification.objects.values_list("mail_state", flat=True)) == {MailState.DIGEST}
    run_queued_tasks()
    assert mail.outbox == []
    assert tasks.send_digests() == 1
    assert tasks.send_digests() == 0, "a digest is sent once"
    (message,) = mail.outbox
    assert "Er staan 2 meldingen voor u klaar in Eendak." in message.body
    assert case.reference not in message.body
    assert set(Notification.objects.values_list("mail_state", flat=True)) == {MailState.SENT}


class Down:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_failing_mail_is_tried_again_then_marked_failed(case, vt_worker, settings, monkeypatch,
                                                         django_capture_on_commit_callbacks):
    settings.EENDAK_NOTIFICATION_MAIL_ATTEMPTS = 2
    monkeypatch.setattr(tasks.mail.EmailMessage, "send", lambda self: Down().send_messages([self]))
    _deliver(case, vt_worker.organisation, django_capture=django_capture_on_commit_callbacks)
    run_queued_tasks()
    notice = Notification.objects.get(membership=vt_worker)
    assert notice.mail_state == MailState.QUEUED and notice.mail_attempts == 1
    assert "mail server down" in notice.mail_error
    waiting = DBTaskResult.objects.filter(status="READY").order_by("-pk").first()
    assert waiting is not None and waiting.run_after > notice.created_at + timedelta(seconds=30)
    DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=notice.created_at)  # time passes
    run_queued_tasks()
    notice.refresh_from_db()
    assert notice.mail_state == MailState.FAILED and notice.mail_attempts == 2
    assert notice.shown, "still in the bell"


def test_preferences_page_keeps_bad_input_and_changes_nothing(vt_worker, login_as):
    client = login_as(vt_worker)
    assert client.get(reverse("notifications:preferences")).status_code == 200
    response = client.post(reverse("notifications:preferences"),
                           {"frequency": "hourly", "app_handover_offered": "on"})
    assert response.status_code == 400
    assert "Kies of u e-mail direct of één keer per dag wilt krijgen." in response.content.decode()
    assert not MailSetting.objects.filter(user=vt_worker.user).exists()
    response = client.post(reverse("notifications:preferences"),
                           {"frequency": "daily", "app_handover_offered": "on"})
    assert response.status_code == 302
    frequency, choices = services.preferences_of(vt_worker.user)
    assert frequency == "daily"
    chosen = {c.kind: c for c in choices}
    assert chosen["handover_offered"].in_app and not chosen["handover_offered"].by_email
    assert not chosen["acute_report"].in_app
    assert AccessLogEntry.objects.filter(event="notification.preferences",
                                         username=vt_worker.user.username).exists()


def test_what_the_demo_seeds_shows_in_the_bell_but_mails_nobody(case, vt_worker,
                                                                django_capture_on_commit_callbacks):
    """``seed_demo`` runs its steps through the real services inside ``without_mail``: made-up work
    reaches the bells, never a mailbox (the worker of ``make run`` would send it)."""
    with services.without_mail():
        _deliver(case, vt_worker.organisation, django_capture=django_capture_on_commit_callbacks)
    notice = Notification.objects.get(membership=vt_worker)
    assert notice.shown and notice.mail_state == MailState.NONE
    run_queued_tasks()
    assert mail.outbox == []

    _deliver(case, vt_worker.organisation, key="k2", django_capture=django_capture_on_commit_callbacks)
    assert Notification.objects.get(membership=vt_worker, key="k2").mail_state == MailState.QUEUED
