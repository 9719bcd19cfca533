"""Writing the access log. Every view, endpoint and command logs through ``log_access``.

The entry is written in the caller's transaction: if the action rolls back, so does its log entry,
and a committed action always has its entry. Writing takes no lock and reads nothing: on PostgreSQL
the entry and its persons are one INSERT statement (one round trip). The entry is put into the hash
chain after it committed, by the one chainer (``audit.chainer``, ``manage.py chain_access_log``),
which writes the chain values into a side table; so requests on any number of servers append at
once, where they used to queue behind one lock from reading the chain head to their commit.

This is the bottom layer of Eendak: it imports no other Eendak app, so every app (``core``
included) can log without an import cycle. Who acts is therefore taken by shape, not by class
(``LoggedActor``); ``core.actors.Actor`` is the usual one.
"""

import functools
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection, transaction
from django.utils import timezone

from .addresses import client_ip  # the one place that says where a request came from
from .chainer import chain_pending  # noqa: F401  (public: tests and the demo chain through it)
from .db import bound_cursor
from .models import AccessLogEntry, AccessLogSubject, Action, Outcome
from .verify import ChainReport, verify_chain  # noqa: F401  (the public names, kept here)


class LoggedActor(Protocol):
    """What an entry records of who acted: ``core.actors.Actor`` has it, and so can a test double.

    ``membership`` has ``role``; ``organisation`` has ``name`` (or is None: the system, a resident).
    """

    user: Any
    membership: Any
    ip_address: str | None
    emergency_reason: str

    @property
    def organisation(self) -> Any: ...


def _object_ref(obj) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, tuple):
        return obj
    return obj._meta.label_lower, str(obj.pk)


def log_access(
    actor: LoggedActor,
    *,
    event: str,
    action: str,
    obj=None,
    persons: Iterable = (),
    outcome: str = Outcome.SUCCESS,
    emergency: bool = False,
    reason: str = "",
    detail: str = "",
) -> AccessLogEntry:
    """Append one entry. ``persons`` are Person objects or ids: the people whose data this touched.

    ``obj`` is a model instance or a ``(type, id)`` pair. ``emergency`` and ``reason`` mark access
    through break-the-glass.

    Inside ``audit.atomic`` the entry is queued and written when the outermost block ends, still
    inside its transaction (so its id is taken just before the commit, and the chainer sees it soon
    after). Elsewhere it is written at once. The returned entry is not chained yet: its chain values
    appear in ``entry.link`` once the chainer has run.
    """
    person_ids = sorted({int(getattr(p, "pk", p)) for p in persons})
    object_type, object_id = _object_ref(obj)
    user = actor.user
    membership = actor.membership
    entry = AccessLogEntry(
        occurred_at=timezone.now(),
        event=event,
        action=Action(action),
        outcome=Outcome(outcome),
        user=user,
        username=user.get_username() if user else "",
        organisation=actor.organisation,
        organisation_name=actor.organisation.name if actor.organisation else "",
        role=membership.role if membership else "",
        object_type=object_type,
        object_id=object_id[:64],
        ip_address=actor.ip_address,
        emergency=emergency or bool(actor.emergency_reason),
        reason=reason or actor.emergency_reason,
        detail=detail[:255],
    )
    if getattr(_state, "depth", 0) > 0:
        _state.pending.append((entry, person_ids))
        return entry
    _append([(entry, person_ids)])
    return entry


# The entry and its persons in one statement: the subjects are inserted from the entry's RETURNING.
_INSERT_COLUMNS = ("occurred_at", "event", "action", "outcome", "user_id", "username",
                   "organisation_id", "organisation_name", "role", "object_type", "object_id",
                   "ip_address", "emergency", "reason", "detail")
_INSERT_SQL = (  # noqa: S608 - fixed column names; every value is a parameter
    "WITH entry AS (INSERT INTO audit_accesslogentry ({columns}, previous_hash, key_id) "
    "VALUES ({values}, '', '') RETURNING id), "
    "subjects AS (INSERT INTO audit_accesslogsubject (entry_id, person_id) "
    "SELECT entry.id, person FROM entry, unnest(%s::bigint[]) AS person) "
    "SELECT id FROM entry"
).format(columns=", ".join(_INSERT_COLUMNS),
         values=", ".join("%s::inet" if c == "ip_address" else "%s" for c in _INSERT_COLUMNS))


def _append(entries) -> None:
    """Insert entries with their persons, unchained (the chainer chains them after the commit).

    On PostgreSQL each entry is one statement, atomic on its own, so outside a transaction it is
    one round trip. Elsewhere (SQLite) the ORM writes the entry and its persons in a transaction.
    """
    if connection.vendor == "postgresql":
        with bound_cursor() as cursor:  # bound on the server, prepared after a few: ``audit.db``
            for entry, person_ids in entries:
                cursor.execute(_INSERT_SQL, [*(getattr(entry, c) for c in _INSERT_COLUMNS),
                                             person_ids])
                entry.pk = cursor.fetchone()[0]
                entry._state.adding = False
                entry._state.db = connection.alias
        return
    with transaction.atomic():
        for entry, _person_ids in entries:
            entry.save()
        subjects = [AccessLogSubject(entry=entry, person_id=pid)
                    for entry, person_ids in entries for pid in person_ids]
        if subjects:
            AccessLogSubject.objects.bulk_create(subjects)


_state = threading.local()


class _AuditAtomic:
    """``transaction.atomic`` plus the queue of access-log entries written inside it."""

    def __enter__(self):
        self._transaction = transaction.atomic()
        self._transaction.__enter__()
        if getattr(_state, "depth", 0) == 0:
            _state.pending = []
        self._mark = len(_state.pending)
        _state.depth = getattr(_state, "depth", 0) + 1
        return self

    def __exit__(self, exc_type, exc, tb):
        _state.depth -= 1
        if exc_type is not None:
            # This block rolls back (to its savepoint): so do the entries it wrote.
            del _state.pending[self._mark:]
            return self._transaction.__exit__(exc_type, exc, tb)
        if _state.depth == 0 and _state.pending:
            entries, _state.pending = _state.pending, []
            try:
                _append(entries)
            except BaseException as flush_error:
                self._transaction.__exit__(type(flush_error), flush_error,
                                           flush_error.__traceback__)
                raise
        return self._transaction.__exit__(None, None, None)


def atomic(func=None):
    """Use instead of ``transaction.atomic`` in services: ``@audit.atomic`` or ``with audit.atomic():``.

    A fresh context per call, so one decorated function is safe in many threads at once.
    """
    if func is None:
        return _AuditAtomic()

    @functools.wraps(func)
    def inner(*args, **kwargs):
        with _AuditAtomic():
            return func(*args, **kwargs)

    return inner


def log_refusal(actor: LoggedActor, refusal) -> AccessLogEntry:
    """The one entry for a request a named permission refused (``core.exceptions.NotPermitted``).

    Written by the boundary that turns the refusal into a 404 (the screens' middleware, the API's
    problem handler), after the refused service's transaction has rolled back: the attempt stays on
    record, what it tried to change does not. The event is the permission's name, so the log says
    which rule said no; no persons are named, because nothing of them was shown or changed.
    """
    action = Action.UPDATE if refusal.kind == "change" else Action.READ
    return log_access(actor, event=refusal.permission, action=action,
                      obj=_refused_object(refusal.obj), outcome=Outcome.DENIED,
                      detail="geweigerd door " + refusal.permission)


def _refused_object(obj):
    if obj is None or isinstance(obj, tuple) or getattr(obj, "pk", None) is not None:
        return obj
    return None


@dataclass(frozen=True)
class _AuthenticatingUser:
    """The actor of an authentication entry: the user (if known) and the membership they act for."""

    user: Any
    membership: Any
    ip_address: str | None
    emergency_reason: str = ""

    @property
    def organisation(self):
        return self.membership.organisation if self.membership else None


def log_authentication(request, *, user, event: str, outcome: str, detail: str = ""):
    """Authentication events (login, failure, lock-out, logout) carry no client data."""
    membership = getattr(user, "acting_membership", None) if user else None
    actor = _AuthenticatingUser(user=user, membership=membership, ip_address=client_ip(request))
    return log_access(actor, event=event, action=Action.AUTHENTICATE, outcome=outcome,
                      detail=detail)
