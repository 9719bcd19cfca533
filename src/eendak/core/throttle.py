"""Failed logins slow down the pair that fails — user name *and* address — never the user name alone.

A lock-out per user name lets anyone who knows a colleague's user name shut them out, again and
again; one per address shuts out an office behind one address. So:

- each (user name, address) pair has ``EENDAK_LOCKOUT_FAILURES`` free failures within a day; then
  it waits ``FIRST_DELAY_SECONDS`` after its last failure, twice as long after every further one, at
  most ``EENDAK_LOCKOUT_MINUTES``. While it waits, a login of that pair is refused *before* the
  password is checked ("try again in N seconds"), and is not counted;
- a user name with ``EENDAK_LOCKOUT_CEILING`` failures within a day from all addresses together (a
  spread attack), or an address with as many over all user names (spraying), leaves every pair it
  is part of one free failure instead of five: slower for the attacker, never a refusal of a first
  try, so the owner at another address still logs in with the right password and second factor;
- a login that succeeds (password, and second factor where the role needs one) clears its own pair,
  and the functional administrator can clear a user name (``forget_user``).

The address is ``audit.addresses.client_ip``'s (the trusted proxy's X-Forwarded-For).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import LoginFailure

WINDOW = timedelta(days=1)
FIRST_DELAY_SECONDS = 30


def _key(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


def _address(address: str | None) -> str:
    return (address or "onbekend")[:64]


def _free_failures(username: str, address: str, since) -> int:
    ceiling = settings.EENDAK_LOCKOUT_CEILING
    recent = LoginFailure.objects.filter(at__gte=since)
    if (recent.filter(username=username).count() >= ceiling
            or recent.filter(address=address).count() >= ceiling):
        return 1
    return settings.EENDAK_LOCKOUT_FAILURES


def wait_seconds(username: str | None, address: str | None) -> int:
    """0 when this pair may try now; otherwise the whole seconds it still has to wait."""
    username, address = _key(username), _address(address)
    now = timezone.now()
    since = now - WINDOW
    pair = LoginFailure.objects.filter(username=username, address=address, at__gte=since)
    failures = pair.count()
    if not failures:
        return 0
    free = _free_failures(username, address, since)
    if failures < free:
        return 0
    longest = settings.EENDAK_LOCKOUT_MINUTES * 60
    delay = min(longest, FIRST_DELAY_SECONDS * 2 ** min(failures - free, 20))
    last = pair.order_by("-at").values_list("at", flat=True).first()
    remaining = (last + timedelta(seconds=delay) - now).total_seconds()
    return max(0, int(remaining + 0.999))


def record_failure(username: str | None, address: str | None) -> None:
    now = timezone.now()
    LoginFailure.objects.filter(at__lt=now - WINDOW).delete()
    LoginFailure.objects.create(username=_key(username), address=_address(address), at=now)


def forget(username: str | None, address: str | None) -> None:
    """A successful login clears its own pair, not anyone else's."""
    LoginFailure.objects.filter(username=_key(username), address=_address(address)).delete()


def forget_user(username: str) -> int:
    return LoginFailure.objects.filter(username=_key(username)).delete()[0]


def is_waiting(username: str) -> bool:
    """True while any address has to wait before logging in with this user name."""
    key = _key(username)
    since = timezone.now() - WINDOW
    addresses = (LoginFailure.objects.filter(username=key, at__gte=since)
                 .values_list("address", flat=True).distinct()[:50])
    return any(wait_seconds(key, address) for address in addresses)
