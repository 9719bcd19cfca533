"""Who may see and change notifications: each person their own, for the membership they act for.

A notification is addressed to one person acting for one membership; another person's, or one's own
for another membership (another organisation or role), is the one logged 404 like anything else
that is not there for the caller. Who *receives* a notification is decided where it is made
(``services.notify``): only people for whom the thing's own read permission allows it.
"""

from eendak.core.permissions import Kind, Subject, declare


def _acting(who: Subject) -> bool:
    membership = who.membership
    return bool(membership is not None and membership.is_active and who.is_verified)


def _own(who: Subject, notification) -> bool:
    return notification is None or (notification.recipient_id == getattr(who.user, "pk", None)
                                     and notification.membership_id == who.membership.pk)


@declare("notifications.view_notifications", Kind.READ,
         "anyone acting for a membership, second factor passed where the role needs it: their own "
         "notifications for that membership (they name no person)")
def view_notifications(who: Subject, notification=None) -> bool:
    return _acting(who) and _own(who, notification)


@declare("notifications.mark_read", Kind.CHANGE,
         "anyone acting for a membership: their own notifications for that membership, one or all")
def mark_read(who: Subject, notification=None) -> bool:
    return _acting(who) and _own(who, notification)


@declare("notifications.set_preferences", Kind.CHANGE,
         "anyone acting for a membership: their own preferences (per kind in Eendak and by e-mail; "
         "e-mail at once or in a daily digest)")
def set_preferences(who: Subject, obj=None) -> bool:
    return _acting(who) and (obj is None or obj == who.user)
