"""Declared authorisation: every action and every read of personal data is one named permission.

Each domain app declares its permissions in its own ``permissions.py``, one predicate per name::

    @declare("cases.change_phase", Kind.CHANGE, "the responsible organisation or Veilig Thuis, taking part")
    def change_phase(who: Subject, case) -> bool:
        return steers(who, case)

and everything that needs the rule asks the *name*, never the predicate or a copy of it:

- a service: ``require(actor, "cases.change_phase", case)`` before it changes anything;
- a page: ``allowed(request.user, "cases.change_phase", case)`` to show the form (or ``{% has_perm %}``
  in a template: every declaration is also a ``rules`` permission, so ``user.has_perm`` works);
- the API, the permission matrix and ``docs/roles.md`` (generated from ``declared()``) alike.

A refusal raises ``NotPermitted``, which the screens and the API answer with a 404 and log (see
``eendak.core.exceptions``). Deny by default: an undeclared name is a programming error, not a "no".

Predicates take a ``Subject`` (who acts: membership, organisation, user, second factor) rather than a
request user or an ``Actor``, so that the same rule is asked from a view (``request.user``), a
service (``Actor``) or a management command in the same words.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import rules

from .exceptions import NotPermitted
from .roles import Capability, OrganisationType


class Kind(StrEnum):
    READ = "read"  # shows personal data (or the log of it)
    CHANGE = "change"  # changes state


@dataclass(frozen=True)
class Subject:
    """Who asks: the acting membership, and whether the second factor was passed."""

    user: object
    membership: object

    @property
    def organisation_id(self):
        return self.membership.organisation_id if self.membership else None

    @property
    def organisation(self):
        return self.membership.organisation if self.membership else None

    def has(self, capability: str) -> bool:
        membership = self.membership
        return bool(membership and membership.is_active and membership.has(capability))

    @property
    def is_veilig_thuis(self) -> bool:
        """Works for Veilig Thuis with client data: the statutory holder of reports and advice."""
        return bool(self.has(Capability.CLIENT_DATA)
                    and self.membership.organisation.type == OrganisationType.VEILIG_THUIS)

    @property
    def is_verified(self) -> bool:
        """True when the user passed the second factor in this session (or needs none)."""
        user = self.user
        if user is None or not user.is_authenticated:
            return False
        if not user.requires_second_factor:
            return True
        # An Actor built by a service or command carries no session: it was verified where it
        # was built (the view that made it, or a command run by an operator).
        verified = getattr(user, "is_verified", None)
        return bool(verified is None or verified())


def subject_of(who) -> Subject:
    """A Subject from an ``Actor``, a (request) user, a ``Subject`` or None."""
    if isinstance(who, Subject):
        return who
    if who is None:
        return Subject(None, None)
    if hasattr(who, "membership") and hasattr(who, "ip_address"):  # an Actor
        return Subject(who.user, who.membership)
    return Subject(who, getattr(who, "acting_membership", None))


@dataclass(frozen=True)
class Permission:
    name: str
    kind: Kind
    rule: str  # who may, in words, for docs/roles.md
    predicate: Callable

    @property
    def app(self) -> str:
        return self.name.split(".", 1)[0]

    def check(self, who, obj=None) -> bool:
        return bool(self.predicate(subject_of(who), obj))


_DECLARED: dict[str, Permission] = {}


def declare(name: str, kind: Kind, rule: str):
    """Declare the permission ``name`` with the decorated predicate ``(subject, obj) -> bool``."""

    def register(predicate):
        if name in _DECLARED:
            raise ValueError(f"Permission {name} is declared twice")
        permission = Permission(name, kind, rule, predicate)
        _DECLARED[name] = permission

        def as_rule(user, obj=None):
            return permission.check(user, obj)

        # set_perm: a declaration is the one source of the rule, whatever was registered before.
        rules.set_perm(name, rules.predicate(as_rule, name=name))
        return predicate

    return register


def permission(name: str) -> Permission:
    try:
        return _DECLARED[name]
    except KeyError:
        raise LookupError(f"No permission named {name} is declared") from None


def declared() -> list[Permission]:
    """Every declared permission, sorted by name (for docs/roles.md and the permission matrix)."""
    return sorted(_DECLARED.values(), key=lambda p: p.name)


def allowed(who, name: str, obj=None) -> bool:
    return permission(name).check(who, obj)


def refusal(name: str, obj=None) -> NotPermitted:
    """The refusal of the declared permission ``name`` on ``obj``, for whoever decided it already
    (``require``, or a screen that asked it of several items)."""
    return NotPermitted(name, obj, permission(name).kind)


def require(who, name: str, obj=None) -> None:
    """Refuse with ``NotPermitted`` unless ``name`` allows ``who`` on ``obj``."""
    if not allowed(who, name, obj):
        raise refusal(name, obj)


# --- Core's own permissions: the functional administrator's management screens and endpoints ------


@declare("core.manage_users", Kind.CHANGE,
         "the functional administrator (capability manage_users), second factor passed: staff, their "
         "memberships and roles, service accounts and their tokens")
def manage_users(who: Subject, obj=None) -> bool:
    return who.has(Capability.MANAGE_USERS) and who.is_verified


@declare("core.manage_service_tokens", Kind.CHANGE,
         "the functional administrator (capability manage_users), second factor passed: issuing and "
         "revoking the API tokens of service accounts, and listing them (a token's secret is shown "
         "once, when it is issued, and never again); never a service account itself, whose token "
         "counts as a second factor: a token must not mint more tokens")
def manage_service_tokens(who: Subject, obj=None) -> bool:
    return (who.has(Capability.MANAGE_USERS) and who.is_verified
            and not getattr(who.user, "is_service_account", False))


@declare("core.manage_organisations", Kind.CHANGE,
         "the functional administrator (capability manage_organisations), second factor passed")
def manage_organisations(who: Subject, obj=None) -> bool:
    return who.has(Capability.MANAGE_ORGANISATIONS) and who.is_verified
