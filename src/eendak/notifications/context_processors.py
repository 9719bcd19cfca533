"""The bell in the page header: the number of unread notifications of the membership acted for.

``bell.unread`` is counted when a template first asks for it (a full page with its header), never for
a fragment, and once per page: at most one query, on an index (``notification_bell``).
"""

from functools import cached_property


class Bell:
    def __init__(self, user, membership):
        self.user, self.membership = user, membership

    @cached_property
    def unread(self) -> int:
        from .services import unread_count

        return unread_count(self.user, self.membership)


def bell(request):
    user = getattr(request, "user", None)
    membership = getattr(user, "acting_membership", None) if user is not None else None
    if membership is None or not user.is_authenticated or not user.login_complete():
        return {"bell": None}
    return {"bell": Bell(user, membership)}
