"""State changes for accounts and organisations. Views and the API call these, never ``save()``.

Each function writes its access-log entry in the same transaction as the change.
"""

from django.contrib.auth import logout
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from eendak.audit import services as audit
from eendak.audit.models import Action

from .actors import Actor
from .events import Event
from .exceptions import RuleViolation
from .models import Membership, Organisation, User
from .roles import OrganisationType, role_allowed_at


def end_all_sessions(user: User) -> None:
    """Invalidate every session of this user on every server (see ``User._get_session_auth_hash``)."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])


def logout_everywhere(request) -> None:
    user = request.user
    if user.is_authenticated:
        audit.log_authentication(request, user=user, event=Event.AUTH_LOGOUT, outcome="success")
        end_all_sessions(user)
    logout(request)


def check_organisation_rules(organisation: Organisation) -> None:
    """The organisation rules in words a functional administrator understands.

    The database enforces the same (``local_team_has_municipality``,
    ``municipality_organisation_has_municipality``, ``one_active_local_team_per_municipality``),
    but its message names a constraint; this names the municipality and the team already there.
    Forms call it too, so the rule lives here only.
    """
    if organisation.type == OrganisationType.MUNICIPALITY and organisation.municipality_id is None:
        # A municipality's policy officers see that municipality's figures: which one is data.
        raise RuleViolation(_("Een gemeente als organisatie hoort bij een gemeente uit de lijst. "
                              "Kies de gemeente."), field="municipality")
    if organisation.type == OrganisationType.LOCAL_TEAM:
        if organisation.municipality_id is None:
            raise RuleViolation(_("Een lokaal team hoort bij een gemeente. Kies de gemeente."),
                                field="municipality")
        if organisation.is_active:
            other = (
                Organisation.objects.filter(type=OrganisationType.LOCAL_TEAM, is_active=True,
                                            municipality_id=organisation.municipality_id)
                .exclude(pk=organisation.pk)
                .first()
            )
            if other is not None:
                raise RuleViolation(
                    _("De gemeente %(municipality)s heeft al een actief lokaal team: "
                      "‘%(team)s’. Per gemeente is er één actief lokaal team; deactiveer eerst "
                      "het huidige team.")
                    % {"municipality": organisation.municipality, "team": other.name},
                    field="municipality",
                )
    if organisation.pk is not None and organisation.type:
        # Changing the type must not leave people in a role that this type cannot hold.
        misfits = sorted({
            m.get_role_display()
            for m in Membership.objects.filter(organisation_id=organisation.pk, is_active=True)
            if not role_allowed_at(m.role, organisation.type)
        })
        if misfits:
            raise RuleViolation(
                _("Bij dit soort organisatie passen deze rollen van huidige medewerkers niet: "
                  "%(roles)s. Beëindig die rollen eerst.") % {"roles": ", ".join(misfits)},
                field="type",
            )


@audit.atomic
def save_organisation(actor: Actor, organisation: Organisation) -> Organisation:
    adding = organisation._state.adding
    check_organisation_rules(organisation)
    organisation.full_clean()
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as exc:
        # Another administrator activated a team for this municipality at the same moment.
        raise RuleViolation(_("Deze organisatie botst met een organisatie die zojuist is "
                              "opgeslagen. Laad de pagina opnieuw en controleer de gegevens."),
                            field="municipality") from exc
    audit.log_access(actor,
                     event=Event.ORGANISATION_CREATED if adding else Event.ORGANISATION_UPDATED,
                     action=Action.CREATE if adding else Action.UPDATE, obj=organisation)
    return organisation


@audit.atomic
def save_user(actor: Actor, user: User, *, password: str | None = None) -> User:
    adding = user._state.adding
    if user.is_service_account:
        # A service account signs in with a token only: with a password it could reach the UI
        # without a second factor (``User.requires_second_factor`` is False for it).
        if password:
            raise RuleViolation(_("Een serviceaccount heeft geen wachtwoord; het gebruikt een "
                                  "API-token."), field="password")
        user.set_unusable_password()
    elif password:
        user.set_password(password)
    elif adding:
        user.set_unusable_password()
    user.save()
    audit.log_access(actor, event=Event.USER_CREATED if adding else Event.USER_UPDATED,
                     action=Action.CREATE if adding else Action.UPDATE, obj=user,
                     detail=user.username)
    return user


@audit.atomic
def set_user_active(actor: Actor, user: User, active: bool) -> User:
    """Deactivating ends all of the user's sessions at once; reactivating starts them fresh."""
    if actor.user is not None and actor.user.pk == user.pk and not active:
        raise RuleViolation("U kunt uw eigen account niet deactiveren.")
    user.is_active = active
    user.save(update_fields=["is_active"])
    end_all_sessions(user)
    audit.log_access(actor, event=Event.USER_ACTIVATED if active else Event.USER_DEACTIVATED,
                     action=Action.UPDATE, obj=user, detail=user.username)
    return user


@audit.atomic
def add_membership(actor: Actor, user: User, organisation: Organisation, role: str) -> Membership:
    if actor.user is not None and actor.user.pk == user.pk:
        # Separation of duties: nobody hands themselves a role (e.g. access to the log).
        raise RuleViolation(_("U kunt uzelf geen rol geven. Vraag een andere functioneel "
                              "beheerder."))
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
    audit.log_access(actor, event=Event.MEMBERSHIP_ADDED, action=Action.CREATE, obj=membership,
                     detail=f"{user.username}: {organisation.name} / {role}")
    return membership


@audit.atomic
def end_membership(actor: Actor, membership: Membership) -> Membership:
    if not membership.is_active:
        raise RuleViolation("Dit lidmaatschap is al beëindigd.")
    membership.is_active = False
    membership.ended_at = timezone.now()
    membership.save(update_fields=["is_active", "ended_at"])
    # Whoever was acting for it loses it at once: their sessions end.
    end_all_sessions(membership.user)
    audit.log_access(actor, event=Event.MEMBERSHIP_ENDED, action=Action.UPDATE, obj=membership,
                     detail=f"{membership.user.username}: {membership.organisation.name} / "
                     f"{membership.role}")
    return membership


@audit.atomic
def set_organisation_active(actor: Actor, organisation: Organisation, active: bool) -> Organisation:
    """Deactivating ends the sessions of everyone working for it: their role there is gone."""
    organisation.is_active = active
    check_organisation_rules(organisation)
    try:
        with transaction.atomic():
            organisation.save(update_fields=["is_active"])
    except IntegrityError as exc:
        raise RuleViolation(_("Deze gemeente heeft zojuist een ander actief lokaal team gekregen. "
                              "Laad de pagina opnieuw."), field="municipality") from exc
    if not active:
        User.objects.filter(memberships__organisation=organisation,
                            memberships__is_active=True).update(
            session_generation=F("session_generation") + 1)
    audit.log_access(actor, event=(Event.ORGANISATION_ACTIVATED if active
                                   else Event.ORGANISATION_DEACTIVATED),
                     action=Action.UPDATE, obj=organisation, detail=organisation.name)
    return organisation


@audit.atomic
def reset_second_factor(actor: Actor, user: User) -> int:
    """Remove every second-factor device, so the user enrols a new one at the next login.

    For a lost or replaced phone. The user's sessions end too: a session verified with the old
    device must not outlive it.
    """
    from django_otp import devices_for_user

    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    end_all_sessions(user)
    audit.log_access(actor, event=Event.USER_SECOND_FACTOR_RESET, action=Action.DELETE, obj=user,
                     detail=user.username)
    return removed


def is_locked_out(user: User) -> bool:
    """True while an address has to wait before logging in with this user name (``core.throttle``)."""
    from . import throttle

    return throttle.is_waiting(user.username)


@audit.atomic
def unlock_user(actor: Actor, user: User) -> int:
    """Lift the waits before they end, e.g. after the user called the service desk."""
    from . import throttle

    removed = throttle.forget_user(user.username)
    audit.log_access(actor, event=Event.USER_UNLOCKED, action=Action.UPDATE, obj=user,
                     detail=f"{user.username}: {removed}")
    return removed

