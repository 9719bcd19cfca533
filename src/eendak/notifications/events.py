"""What the notifications write to the access log: the changes a person makes to their own
notifications and preferences, and a change the API refused for its input.

Looking at one's notifications writes no entry: a notification names no person — its text is a
sentence with a reference at most, built here and never from a person's data — so the bell and the
list show no personal data (docs/notifications.md, "The access log"). Opening the thing a
notification points at is that thing's own page, which logs the look as it always does. A refusal
by a named permission (another's notification) is logged under the permission's own name by
``audit.log_refusal``, like everywhere else.
"""

from enum import StrEnum

from eendak.audit import services as audit
from eendak.audit.models import Action


class Event(StrEnum):
    READ_MARKED = "notification.read"              # one notification marked read
    ALL_READ_MARKED = "notification.all_read"      # all of one's notifications marked read
    PREFERENCES_SET = "notification.preferences"   # one's own preferences changed
    CHANGE_REFUSED = "notification.change_refused"  # the API refused the input (400)


CATALOGUE: dict[Event, str] = {
    Event.READ_MARKED: Action.UPDATE,
    Event.ALL_READ_MARKED: Action.UPDATE,
    Event.PREFERENCES_SET: Action.UPDATE,
    Event.CHANGE_REFUSED: Action.UPDATE,
}


def logged(actor, event: Event, obj=None, *, detail: str = ""):
    """The log entry of a change to one's own notifications: no person is named in them."""
    return audit.log_access(actor, event=event, action=CATALOGUE[event], obj=obj,
                            detail=detail[:255])
