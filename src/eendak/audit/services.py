"""Writing the access log. Every view, endpoint and command logs through ``log_access``.

The entry is written in the caller's transaction: if the action rolls back, so does its log entry,
and a committed action always has its entry. Appending takes a lock on the chain head (an advisory
lock on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers already), so two concurrent
entries can never claim the same predecessor.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from eendak.core.actors import Actor, client_ip

from .chain import GENESIS_HASH, entry_hash
from .models import AccessLogEntry, AccessLogSubject, Action, Outcome

CHAIN_LOCK_KEY = 75130001  # NEN 7513, entry 1: an arbitrary but fixed advisory-lock key


def _lock_chain_head():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def _chain_head() -> str:
    last = AccessLogEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    return last or GENESIS_HASH


def _object_ref(obj) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, tuple):
        return obj
    return obj._meta.label_lower, str(obj.pk)


def log_access(
    actor: Actor,
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
    with transaction.atomic():
        _lock_chain_head()
        entry.previous_hash = _chain_head()
        entry.entry_hash = entry_hash(entry, person_ids)
        entry.save()
        if person_ids:
            AccessLogSubject.objects.bulk_create(
                [AccessLogSubject(entry=entry, person_id=pid) for pid in person_ids]
            )
    return entry


def log_authentication(request, *, user, event: str, outcome: str, detail: str = ""):
    """Authentication events (login, failure, lock-out, logout) carry no client data."""
    membership = getattr(user, "acting_membership", None) if user else None
    actor = Actor(user=user, membership=membership, ip_address=client_ip(request))
    return log_access(actor, event=event, action=Action.AUTHENTICATE, outcome=outcome,
                      detail=detail)


@dataclass
class ChainReport:
    checked: int
    first_broken_id: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """Walk the whole log in id order and recompute every hash.

    Keyset pagination keeps memory flat at millions of entries; subjects are fetched per batch.
    """
    expected_previous = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        batch = list(
            AccessLogEntry.objects.filter(id__gt=last_id).order_by("id")[:batch_size]
        )
        if not batch:
            return ChainReport(checked=checked)
        subjects: dict[int, list[int]] = {}
        for entry_id, person_id in AccessLogSubject.objects.filter(
            entry_id__gte=batch[0].id, entry_id__lte=batch[-1].id
        ).values_list("entry_id", "person_id"):
            subjects.setdefault(entry_id, []).append(person_id)
        for entry in batch:
            if entry.previous_hash != expected_previous:
                return ChainReport(checked, entry.id,
                                   "vorige hash klopt niet: een regel ervoor is verwijderd of "
                                   "ingevoegd")
            if entry_hash(entry, subjects.get(entry.id, [])) != entry.entry_hash:
                return ChainReport(checked, entry.id, "inhoud is gewijzigd")
            expected_previous = entry.entry_hash
            checked += 1
        last_id = batch[-1].id


# --- Break the glass ----------------------------------------------------------------------------

MIN_EMERGENCY_REASON = 20


def grant_emergency_access(actor: Actor, user, household, *, reason: str, password: str):
    """Open a file the user has no part in, for a limited time, with a reason and the password again.

    Refusals are logged too: a failed attempt at emergency access is itself worth reviewing.
    """
    from datetime import timedelta

    from django.conf import settings

    from eendak import authz
    from eendak.core.services import RuleViolation

    from .models import EmergencyAccess

    reason = (reason or "").strip()
    persons = list(household.persons.all())
    if not authz.may_break_glass(user, household):
        log_access(actor, event="emergency_access.refused", action=Action.CREATE, obj=household,
                   outcome=Outcome.DENIED, detail="rol staat noodtoegang niet toe of al deelnemer")
        raise RuleViolation("Noodtoegang is voor uw rol niet mogelijk, of u neemt al deel aan dit "
                            "dossier.")
    if len(reason) < MIN_EMERGENCY_REASON:
        raise RuleViolation(
            f"Beschrijf de reden in minstens {MIN_EMERGENCY_REASON} tekens: waarom is toegang nu "
            f"nodig en kan het niet via de deelnemende organisaties?", field="reason")
    if not user.check_password(password or ""):
        log_access(actor, event="emergency_access.refused", action=Action.CREATE, obj=household,
                   outcome=Outcome.DENIED, detail="wachtwoord onjuist")
        raise RuleViolation("Het wachtwoord klopt niet.", field="password")
    now = timezone.now()
    with transaction.atomic():
        grant = EmergencyAccess.objects.create(
            user=user, membership=actor.membership, household=household, reason=reason,
            granted_at=now, expires_at=now + timedelta(hours=settings.EENDAK_EMERGENCY_ACCESS_HOURS),
        )
        log_access(actor, event="emergency_access.granted", action=Action.CREATE, obj=household,
                   persons=persons, emergency=True, reason=reason)
    return grant
