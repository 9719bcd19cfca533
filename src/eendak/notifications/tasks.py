"""The notifications' background work, run by the task worker (``manage.py db_worker``).

- ``send_notification_mail``: one notification's mail. A mail server that is down is not the
  reader's problem: a failed send is tried again later (``EENDAK_NOTIFICATION_MAIL_ATTEMPTS`` in
  all, waiting 1, 2, 4, ... minutes), as a new queued task with ``run_after`` — then the
  notification is marked failed (it is still in the bell). Only a notification whose mail is
  queued is sent, and one task at a time is queued for it, so a mail that went out is not sent
  again.
- ``send_digest``: the daily digest of everyone who chose it (``manage.py send_notification_digest``
  runs the same from cron).
- ``check_due``: the daily checks of deadlines (``manage.py notify_due`` runs the same from cron).

These are system work, not a person's long work: there is no ``core.Job`` to follow on a page.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from . import mail
from .models import MailState, Notification

logger = logging.getLogger(__name__)


def queue_mail(notification: Notification, *, delay: timedelta | None = None) -> None:
    """Queue the notification's mail (in the caller's transaction: it is queued if it is made)."""
    send = send_notification_mail
    if delay:
        send = send.using(run_after=timezone.now() + delay)
    send.enqueue(notification.pk)


def _still_for(notification: Notification) -> bool:
    membership, user = notification.membership, notification.recipient
    return bool(membership.is_active and user.is_active and user.email)


@task()
def send_notification_mail(notification_id: int) -> str:
    notification = (Notification.objects.select_related("recipient", "membership")
                    .filter(pk=notification_id, mail_state=MailState.QUEUED).first())
    if notification is None:
        return "niets te doen"
    if not _still_for(notification):
        Notification.objects.filter(pk=notification.pk).update(mail_state=MailState.NONE)
        return "niet meer voor deze persoon"
    attempt = notification.mail_attempts + 1
    try:
        mail.one(notification).send()
    except Exception as exc:  # noqa: BLE001 - a mail server's every failure is retried the same way
        error = f"{type(exc).__name__}: {exc}"[:300]
        logger.warning("Mail van melding %s mislukt (poging %s): %s", notification.pk, attempt,
                       error)
        with transaction.atomic():
            if attempt >= settings.EENDAK_NOTIFICATION_MAIL_ATTEMPTS:
                Notification.objects.filter(pk=notification.pk).update(
                    mail_state=MailState.FAILED, mail_attempts=attempt, mail_error=error)
                return "mislukt"
            Notification.objects.filter(pk=notification.pk).update(
                mail_attempts=attempt, mail_error=error)
            queue_mail(notification, delay=timedelta(minutes=2 ** (attempt - 1)))
        return "opnieuw in de wachtrij"
    Notification.objects.filter(pk=notification.pk, mail_state=MailState.QUEUED).update(
        mail_state=MailState.SENT, mail_attempts=F("mail_attempts") + 1, mailed_at=timezone.now(),
        mail_error="")
    return "verstuurd"


def send_digests(now=None) -> int:
    """One mail per person with notifications waiting for the digest; returns how many mails.

    Each person's notifications are claimed (digest → sent) before their mail goes out, in one
    transaction per person: a failed send rolls the claim back, so the next run sends them again
    and two runs at once never send one twice."""
    sent = 0
    users = (Notification.objects.filter(mail_state=MailState.DIGEST)
             .values_list("recipient_id", flat=True).distinct().order_by("recipient_id"))
    for user_id in list(users):
        try:
            with transaction.atomic():
                waiting = list(Notification.objects.select_for_update()
                               .select_related("recipient", "membership")
                               .filter(recipient_id=user_id, mail_state=MailState.DIGEST)
                               .order_by("created_at", "pk"))
                waiting = [n for n in waiting if _still_for(n)]
                if not waiting:
                    continue
                Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(
                    mail_state=MailState.SENT, mailed_at=now or timezone.now(),
                    mail_attempts=F("mail_attempts") + 1)
                mail.digest(waiting[0].recipient, waiting).send()
        except Exception as exc:  # noqa: BLE001 - the others still get theirs; this one next time
            logger.warning("Dagoverzicht voor gebruiker %s mislukt: %s", user_id, exc)
            continue
        sent += 1
    return sent


@task()
def send_digest() -> int:
    return send_digests()


@task()
def check_due() -> dict:
    from .services import run_due_checks

    return run_due_checks()
