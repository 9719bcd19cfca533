"""State changes for accounts and organisations. Views and the API call these, never ``save()``.

Each function writes its access-log entry in the same transaction as the change.
"""

from django.contrib.auth import logout
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from eendak.audit import services as audit
from eendak.audit.models import Action

from .actors import Actor
from .models import Membership, Organisation, User
from .roles import role_allowed_at


class RuleViolation(Exception):
    """A request that breaks a business rule. The message is Dutch and shown to the user as is."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def end_all_sessions(user: User) -> None:
    """Invalidate every session of this user on every server (see ``User._get_session_auth_hash``)."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])


def logout_everywhere(request) -> None:
    user = request.user
    if user.is_authenticated:
        audit.log_authentication(request, user=user, event="auth.logout", outcome="success")
        end_all_sessions(user)
    logout(request)


@transaction.atomic
def save_organisation(actor: Actor, organisation: Organisation) -> Organisation:
    adding = organisation._state.adding
    organisation.full_clean()
    organisation.save()
    audit.log_access(actor, event="organisation.created" if adding else "organisation.updated",
                     action=Action.CREATE if adding else Action.UPDATE, obj=organisation)
    return organisation


@transaction.atomic
def save_user(actor: Actor, user: User, *, password: str | None = None) -> User:
    adding = user._state.adding
    if password:
        user.set_password(password)
    elif adding:
        user.set_unusable_password()
    user.save()
    audit.log_access(actor, event="user.created" if adding else "user.updated",
                     action=Action.CREATE if adding else Action.UPDATE, obj=user,
                     detail=user.username)
    return user


@transaction.atomic
def set_user_active(actor: Actor, user: User, active: bool) -> User:
    """Deactivating ends all of the user's sessions at once; reactivating starts them fresh."""
    if actor.user is not None and actor.user.pk == user.pk and not active:
        raise RuleViolation("U kunt uw eigen account niet deactiveren.")
    user.is_active = active
    user.save(update_fields=["is_active"])
    end_all_sessions(user)
    audit.log_access(actor, event="user.activated" if active else "user.deactivated",
                     action=Action.UPDATE, obj=user, detail=user.username)
    return user


@transaction.atomic
def add_membership(actor: Actor, user: User, organisation: Organisation, role: str) -> Membership:
    if not role_allowed_at(role, organisation.type):
        raise RuleViolation(
            f"De rol kan niet worden vervuld bij een organisatie van het soort "
            f"‘{organisation.get_type_display()}’.", field="role",
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role,
        defaults={"is_active": True},
    )
    if not created:
        if membership.is_active:
            raise RuleViolation("Deze medewerker heeft deze rol bij deze organisatie al.",
                                field="role")
        membership.is_active = True
        membership.ended_at = None
        membership.save(update_fields=["is_active", "ended_at"])
    audit.log_access(actor, event="membership.added", action=Action.CREATE, obj=membership,
                     detail=f"{user.username}: {organisation.name} / {role}")
    return membership


@transaction.atomic
def end_membership(actor: Actor, membership: Membership) -> Membership:
    membership.is_active = False
    membership.ended_at = timezone.now()
    membership.save(update_fields=["is_active", "ended_at"])
    # Whoever was acting for it loses it at once: their sessions end.
    end_all_sessions(membership.user)
    audit.log_access(actor, event="membership.ended", action=Action.UPDATE, obj=membership,
                     detail=f"{membership.user.username}: {membership.organisation.name} / "
                     f"{membership.role}")
    return membership
