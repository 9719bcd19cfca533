"""How each view declares who may reach it. Every URL in Eendak carries exactly one of these.

``AccessPolicyMiddleware`` enforces login, second factor and acting membership from the mark, and
``tests/test_url_access.py`` walks every URL pattern: an unmarked view fails the build, and a view
marked ``PERSONAL`` must write an access-log entry when it is opened.
"""

from enum import StrEnum


class ViewAccess(StrEnum):
    PUBLIC = "public"      # no login, by design (listed in docs/security.md)
    LOGIN = "login"        # signed in with a password only: second-factor pages, logout
    VERIFIED = "verified"  # signed in and second factor passed, no organisation chosen yet
    STAFF = "staff"        # acting for an organisation; shows no client data
    PERSONAL = "personal"  # shows or changes client personal data: must write the access log


def view_access(kind: ViewAccess):
    """Mark a function view or a class-based view with its access kind."""

    def mark(view):
        view.eendak_access = ViewAccess(kind)
        if kind == ViewAccess.PUBLIC:
            view.login_required = False
        return view

    return mark


def access_of(view_func) -> ViewAccess | None:
    for candidate in (view_func, getattr(view_func, "view_class", None),
                      getattr(view_func, "cls", None)):
        kind = getattr(candidate, "eendak_access", None)
        if kind is not None:
            return ViewAccess(kind)
    return None


def is_api_view(view_func) -> bool:
    return getattr(view_func, "cls", None) is not None
