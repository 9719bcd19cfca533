"""Making notifications, and a person's changes to their own.

The apps above emit where the thing happens, in their own services::

    notifications.notify(Kind.HANDOVER_OFFERED, text=f"Overdracht aangeboden voor casus {ref}",
                         url=f"/casussen/{case.pk}/", key=f"handover:{handover.pk}",
                         permission="cases.accept_handover", obj=handover,
                         organisations=[receiver], exclude=actor.user)

``notify`` does nothing until the caller's transaction commits (``transaction.on_commit``): a change
that rolls back tells nobody, and the recipients are chosen from the committed state (the receiver
of a handover takes part in the case by then). Who receives:

- the active members of ``organisations`` (optionally only in ``roles``), and the named ``users``
  (a coordinator, an invitee, the person who referred) in their memberships at ``user_organisation``;
- of those, only the memberships for whom ``permission`` allows it on ``obj`` — the thing's own
  declared permission, asked as the recipient: **nobody is told of something they may not see**;
- never ``exclude`` (the person who did it).

Each recipient's preferences decide whether the notification shows in Eendak and whether it mails
(at once, through the task ``tasks.send_notification_mail``, or in the daily digest). The text is
the caller's Dutch sentence and must name no person: a reference at most (tests hold every emitter
to it). A failure here is logged and never undoes the change that was made (``robust``).
"""

import logging
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from eendak.audit import services as audit
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.models import Membership
from eendak.core.permissions import Subject, allowed, require

from .events import Event, logged
from .models import Frequency, Kind, MailSetting, MailState, Notification, Preference

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Emission:
    kind: str
    text: str
    url: str
    key: str
    permission: str
    obj: object
    organisations: tuple = ()
    roles: frozenset | None = None
    users: tuple = ()
    user_organisation: object = None
    exclude_user_id: int | None = None
    calendar: str = ""
    synthetic: bool = False
    mail: bool = True
    made: list = field(default_factory=list, compare=False)


# Set while the demo is seeded: its steps run through the real services, which notify as they
# would in use; those notifications show in the bells, but nobody is mailed about made-up work.
_MAIL_OFF: ContextVar[bool] = ContextVar("eendak_notification_mail_off", default=False)


@contextmanager
def without_mail():
    """Notifications emitted inside this block are made without mail (read when emitted, so also
    when they are delivered after the block's transaction commits)."""
    token = _MAIL_OFF.set(True)
    try:
        yield
    finally:
        _MAIL_OFF.reset(token)


def emission(kind: str, *, text: str, url: str, key: str, permission: str, obj,
             organisations: Iterable = (), roles: Iterable | None = None, users: Iterable = (),
             user_organisation=None, exclude=None, calendar: str = "", synthetic: bool = False,
             mail: bool = True) -> Emission:
    """What ``notify`` delivers; ``mail=False`` makes the notifications without mail (the demo)."""
    if kind not in Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}")
    return Emission(
        kind=kind, text=text[:300], url=url, key=key[:200], permission=permission, obj=obj,
        organisations=tuple(o for o in organisations if o is not None),
        roles=frozenset(roles) if roles is not None else None,
        users=tuple(u for u in users if u is not None), user_organisation=user_organisation,
        exclude_user_id=getattr(exclude, "pk", exclude), calendar=calendar, synthetic=synthetic,
        mail=mail and not _MAIL_OFF.get())


def notify(kind: str, **what) -> Emission:
    """Tell the people described above, once the caller's transaction has committed (at once when
    there is none). Returns the emission; its ``made`` lists the notifications once delivered."""
    made = emission(kind, **what)
    transaction.on_commit(lambda: deliver(made), robust=True)
    return made


def _fresh(obj):
    """The thing as committed now (a service may have changed it after the instance was loaded)."""
    if obj is None or getattr(obj, "pk", None) is None:
        return obj
    return type(obj)._default_manager.filter(pk=obj.pk).first()


def candidates(emission: Emission):
    """The active memberships of active people the emission is addressed to (before the permission
    is asked)."""
    memberships = Membership.objects.none()
    base = Membership.objects.filter(is_active=True, user__is_active=True).select_related(
        "user", "organisation")
    if emission.organisations:
        by_org = base.filter(organisation__in=emission.organisations)
        if emission.roles is not None:
            by_org = by_org.filter(role__in=emission.roles)
        memberships = memberships | by_org
    if emission.users:
        named = base.filter(user__in=emission.users)
        if emission.user_organisation is not None:
            named = named.filter(organisation=emission.user_organisation)
        memberships = memberships | named
    if emission.exclude_user_id:
        memberships = memberships.exclude(user_id=emission.exclude_user_id)
    return list(memberships.distinct().order_by("pk"))


def deliver(emission: Emission) -> list[Notification]:
    """Make the notifications of one emission, and queue their mail. Called after the commit."""
    obj = _fresh(emission.obj)
    if obj is None and emission.obj is not None:
        return []  # gone meanwhile
    recipients = [m for m in candidates(emission)
                  if allowed(Subject(m.user, m), emission.permission, obj)]
    if not recipients:
        return []
    user_ids = {m.user_id for m in recipients}
    preferences = {p.user_id: p for p in Preference.objects.filter(user_id__in=user_ids,
                                                                     kind=emission.kind)}
    daily = set(MailSetting.objects.filter(user_id__in=user_ids, frequency=Frequency.DAILY)
                .values_list("user_id", flat=True))
    from . import tasks

    made = []
    for membership in recipients:
        preference = preferences.get(membership.user_id)
        in_app = preference.in_app if preference else True
        by_email = (emission.mail and (preference.by_email if preference else True)
                    and bool(membership.user.email))
        if not in_app and not by_email:
            continue
        mail_state = MailState.NONE
        if by_email:
            mail_state = MailState.DIGEST if membership.user_id in daily else MailState.QUEUED
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=membership.user, membership=membership, kind=emission.kind,
                    text=emission.text, url=emission.url, key=emission.key, shown=in_app,
                    mail_state=mail_state, calendar=emission.calendar,
                    is_synthetic=emission.synthetic)
                if mail_state == MailState.QUEUED:
                    tasks.queue_mail(notification)
        except IntegrityError:
            continue  # told already (the same thing, the same moment): never twice
        made.append(notification)
    emission.made.extend(made)
    return made


# --- Daily checks: deadlines that pass without anybody doing anything ----------------------------
#
# A deadline passing is not an event in any service, so the apps above register a check that finds
# them (the intake: assessments due tomorrow or passed; the case file: monitoring moments due and
# plan actions overdue). ``manage.py notify_due`` (cron, or the task ``tasks.check_due``) runs them;
# each emits with a key per thing and moment, so running twice a day tells nobody twice.

_DUE_CHECKS: list = []


def register_due_check(check) -> None:
    """``check(today) -> int``: emits the notifications of what is due, returns how many things."""
    if check not in _DUE_CHECKS:
        _DUE_CHECKS.append(check)


def run_due_checks(today=None) -> dict[str, int]:
    today = today or timezone.localdate()
    found = {}
    for check in _DUE_CHECKS:
        found[f"{check.__module__}.{check.__name__}"] = check(today)
    return found


# --- A person's own notifications ----------------------------------------------------------------


def mine(actor_or_user, membership=None):
    """The notifications shown to the person for the membership they act for, newest first."""
    user = getattr(actor_or_user, "user", actor_or_user)
    membership = membership or getattr(actor_or_user, "membership", None) or getattr(
        user, "acting_membership", None)
    if user is None or membership is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user, membership=membership, shown=True)


def unread_count(user, membership) -> int:
    """The bell's number: one COUNT on an index."""
    return mine(user, membership).filter(read_at__isnull=True).count()


@audit.atomic
def mark_read(actor: Actor, notification: Notification) -> Notification:
    """Mark one of one's own notifications read (opening it does this too)."""
    require(actor, "notifications.mark_read", notification)
    now = timezone.now()
    if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now):
        notification.read_at = now
        logged(actor, Event.READ_MARKED, notification, detail=notification.kind)
    return notification


@audit.atomic
def mark_all_read(actor: Actor) -> int:
    require(actor, "notifications.mark_read")
    count = mine(actor).filter(read_at__isnull=True).update(read_at=timezone.now())
    logged(actor, Event.ALL_READ_MARKED, detail=f"{count} gelezen")
    return count


@dataclass(frozen=True)
class Choice:
    kind: str
    in_app: bool
    by_email: bool


def preferences_of(user) -> tuple[str, list[Choice]]:
    """The person's frequency and a choice per kind (both on where they chose nothing)."""
    rows = {p.kind: p for p in Preference.objects.filter(user=user)}
    setting = MailSetting.objects.filter(user=user).first()
    choices = [Choice(kind, rows[kind].in_app if kind in rows else True,
                      rows[kind].by_email if kind in rows else True) for kind in Kind.values]
    return (setting.frequency if setting else Frequency.IMMEDIATE), choices


@audit.atomic
def set_preferences(actor: Actor, *, frequency: str, choices: Iterable[Choice]) -> None:
    """Replace one's own preferences: e-mail at once or daily, and per kind in Eendak and by
    e-mail. Every kind must be named once; nothing is stored when anything is wrong."""
    require(actor, "notifications.set_preferences", actor.user)
    if frequency not in Frequency.values:
        raise RuleViolation("Kies of u e-mail direct of één keer per dag wilt krijgen.",
                            field="frequency")
    choices = list(choices)
    kinds = [c.kind for c in choices]
    if any(k not in Kind.values for k in kinds) or len(set(kinds)) != len(kinds):
        raise RuleViolation("Kies per soort melding; elke soort één keer.", field="kinds")
    user = actor.user
    MailSetting.objects.update_or_create(user=user, defaults={"frequency": frequency})
    for choice in choices:
        Preference.objects.update_or_create(
            user=user, kind=choice.kind,
            defaults={"in_app": bool(choice.in_app), "by_email": bool(choice.by_email)})
    logged(actor, Event.PREFERENCES_SET, detail=f"e-mail {frequency}; " + ", ".join(
        f"{c.kind}={'a' if c.in_app else '-'}{'m' if c.by_email else '-'}" for c in choices))
