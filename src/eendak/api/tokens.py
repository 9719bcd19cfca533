"""Issuing and revoking API tokens for service accounts: the one place for both, whether the
functional administrator uses the screens under /beheer/ or the API (/api/v1/service-tokens).

Each service asks ``core.manage_service_tokens`` first. Only the SHA-256 hash of a token is stored
(``ServiceToken.key_hash``, checked by ``eendak.api.authentication``). The plain token exists once,
in the return value of ``issue_token``, so the screen or the API answer that asked for it can show
it one time; nobody can read it back later, not even an administrator, and a leaked database does
not leak working tokens.
"""

import secrets
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation, StateConflict
from eendak.core.models import Membership, User
from eendak.core.permissions import require

from .authentication import hash_token
from .events import Event
from .models import ServiceToken

TOKEN_BYTES = 32  # 256 bits of randomness; token_urlsafe makes that 43 characters
PREFIX_LENGTH = 8
MANAGE_TOKENS = "core.manage_service_tokens"


def end_of_day(day: date | None) -> datetime | None:
    """A token "valid until and including" a day stops at the end of that day, local time: how
    people read the date on the screen and in the API (``expiresOn``)."""
    if day is None:
        return None
    # The last day of the calendar has no day after it: 31-12-9999 means "never", as near as makes
    # no difference, and must not overflow into a server error.
    day = min(day, date.max - timedelta(days=1))
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def is_expired(token: ServiceToken) -> bool:
    return token.expires_at is not None and token.expires_at <= timezone.now()


def all_tokens():
    """Every token of every service account, newest first, with the membership it acts for."""
    return (ServiceToken.objects.select_related("membership__user", "membership__organisation")
            .order_by("-created_at", "-pk"))


def tokens_of(user: User):
    """Every token of a service account, newest first, with the membership it acts for."""
    return (
        ServiceToken.objects.filter(membership__user=user)
        .select_related("membership__organisation")
        .order_by("-created_at", "-pk")
    )


@transaction.atomic
def issue_token(actor: Actor, membership: Membership, *, name: str,
                expires_at: datetime | None = None) -> tuple[ServiceToken, str]:
    """Make a token that acts for ``membership``. Returns the record and the plain token.

    A token is bound to one membership, so every API call it makes is logged with that
    organisation and role, exactly as a person's session would be.
    """
    require(actor, MANAGE_TOKENS)
    user = membership.user
    name = (name or "").strip()
    if not user.is_service_account:
        raise RuleViolation(_("Alleen een serviceaccount krijgt een API-token. Medewerkers "
                              "loggen in met wachtwoord en tweede factor."))
    if not user.is_active:
        raise RuleViolation(_("Dit account is gedeactiveerd; heractiveer het eerst."))
    if not membership.is_active or not membership.organisation.is_active:
        raise RuleViolation(_("Deze rol is beëindigd of de organisatie is niet actief."),
                            field="membership")
    if not name:
        raise RuleViolation(_("Geef de token een naam, bijvoorbeeld het systeem dat hem gebruikt."),
                            field="name")
    if expires_at is not None and expires_at <= timezone.now():
        raise RuleViolation(_("De vervaldatum moet in de toekomst liggen."), field="expires_on")
    plain = secrets.token_urlsafe(TOKEN_BYTES)
    token = ServiceToken.objects.create(
        membership=membership, name=name, prefix=plain[:PREFIX_LENGTH], key_hash=hash_token(plain),
        expires_at=expires_at,
    )
    audit.log_access(actor, event=Event.TOKEN_ISSUED, action=Action.CREATE, obj=token,
                     detail=f"{user.username}: {name} ({token.prefix}…)")
    return token, plain


@transaction.atomic
def revoke_token(actor: Actor, token: ServiceToken) -> ServiceToken:
    """A revoked token stops working at the next request; the record stays for the log."""
    require(actor, MANAGE_TOKENS)
    token = ServiceToken.objects.select_for_update().select_related("membership__user").get(
        pk=token.pk)  # two revocations at once: the second sees the first
    if token.revoked_at is not None:
        raise StateConflict(_("Deze token is al ingetrokken."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.log_access(actor, event=Event.TOKEN_REVOKED, action=Action.UPDATE, obj=token,
                     detail=f"{token.membership.user.username}: {token.name} ({token.prefix}…)")
    return token
