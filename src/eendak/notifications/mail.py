"""The e-mails of notifications. They name no person and no case: one sentence and a link.

Always in Dutch (a person's language is not stored; the sender's language is not theirs), so
the texts are plain strings here, not messages of the interface's catalogue.

A mail leaves Eendak for a mailbox Eendak does not control, so it says only that something is
waiting ("Er staat iets voor u klaar in Eendak") and where; the reader signs in (two factors) to see
what. An invitation carries its calendar entry (``calendar.invitation``, which names nobody either).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from .models import Notification

SUBJECT = "Er staat iets voor u klaar in Eendak"


def _link(path: str) -> str:
    return settings.EENDAK_BASE_URL + path


def _footer() -> str:
    return ("Deze e-mail noemt bewust geen namen of details. Wat u per e-mail krijgt, stelt u in "
            "Eendak in: " + _link(reverse("notifications:preferences")))


def one(notification: Notification) -> EmailMessage:
    """The mail of one notification: the sentence, the link to it, its calendar entry if any."""
    body = "\n\n".join([
        "Er staat iets voor u klaar in Eendak.",
        _link(reverse("notifications:open", args=[notification.pk])),
        _footer(),
    ]) + "\n"
    message = EmailMessage(subject=SUBJECT, body=body, to=[notification.recipient.email])
    if notification.calendar:
        message.attach("uitnodiging.ics", notification.calendar,
                       "text/calendar")
    return message


def digest(user, notifications: list[Notification]) -> EmailMessage:
    """The daily digest: how many things wait, one link to the list, every calendar entry."""
    count = len(notifications)
    body = "\n\n".join([
        "Er staat 1 melding voor u klaar in Eendak." if count == 1
        else f"Er staan {count} meldingen voor u klaar in Eendak.",
        _link(reverse("notifications:list")),
        _footer(),
    ]) + "\n"
    message = EmailMessage(subject=SUBJECT, body=body, to=[user.email])
    for number, notification in enumerate((n for n in notifications if n.calendar), start=1):
        message.attach(f"uitnodiging-{number}.ics", notification.calendar,
                       "text/calendar")
    return message
