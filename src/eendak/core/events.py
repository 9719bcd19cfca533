"""Every event name the accounts, organisations, sign-in and long work write to the access log.

The stored value is the string the log has always held (``auth.login``, …): the log is evidence
(NEN 7513) and its hash chain covers the event, so a member's value never changes once written —
rename the member, never the value. A refusal by a named permission is not listed here: its event is
the permission's own name (``core.manage_users``), written by ``audit.log_refusal``.

Core keeps no journal: these are access-log entries only, written with ``audit.log_access`` (changes
and reads) and ``audit.log_authentication`` (signing in and out, which carries no client data).
"""

from enum import StrEnum


class Event(StrEnum):
    # -- signing in and out (audit.log_authentication: core.signals, core.views, core.middleware) --
    AUTH_LOGIN = "auth.login"
    AUTH_LOGIN_FAILED = "auth.login_failed"
    AUTH_LOCKED_OUT = "auth.locked_out"  # the (user name, address) pair must wait (core.throttle)
    AUTH_SECOND_FACTOR = "auth.second_factor"  # success or failure (and "enrolled") in the outcome
    AUTH_ROLE_CHOSEN = "auth.role_chosen"
    AUTH_SESSION_EXPIRED = "auth.session_expired"  # the idle timeout
    AUTH_LOGOUT = "auth.logout"

    # -- changes to organisations, users and their roles (core.services) --
    ORGANISATION_CREATED = "organisation.created"
    ORGANISATION_UPDATED = "organisation.updated"
    ORGANISATION_ACTIVATED = "organisation.activated"
    ORGANISATION_DEACTIVATED = "organisation.deactivated"
    USER_CREATED = "user.created"
    USER_UPDATED = "user.updated"
    USER_ACTIVATED = "user.activated"
    USER_DEACTIVATED = "user.deactivated"
    USER_SECOND_FACTOR_RESET = "user.second_factor_reset"
    USER_UNLOCKED = "user.unlocked"
    MEMBERSHIP_ADDED = "membership.added"
    MEMBERSHIP_ENDED = "membership.ended"

    # -- the start page (core.views.home): the references of the work waiting, a read of its persons --
    START_PAGE = "start_page.read"

    # -- long work (core.job_views) --
    JOB_DOWNLOAD = "job.download"  # an export when the result holds personal data, else a read
    LIST_EXPORTED = "list.export"  # a list's export started as long work, when its view names no event
    EXPORT_REFUSED = "list.export_refused"  # a "start the export" button that was tampered with or stale
