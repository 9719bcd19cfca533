"""The BSN: validated with the 11-test, encrypted at rest, found through a keyed hash, masked on screen.

Only this module knows the keys. ``EENDAK_FIELD_ENCRYPTION_KEYS`` is a comma-separated list of Fernet
keys; the first encrypts, all decrypt, so keys can be rotated (docs/operations.md).
"""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

# The one message for a BSN that is not one, in every form, service and endpoint that checks it.
INVALID_MESSAGE = _("Dit BSN klopt niet: het voldoet niet aan de elfproef. Controleer de negen cijfers.")


def is_valid_bsn(value: str) -> bool:
    """The BSN 11-test: weights 9..2 and -1 over nine digits, sum divisible by 11, not all zero."""
    if not value or not value.isdigit() or len(value) != 9 or value == "000000000":
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(value, weights, strict=True)) % 11 == 0


def normalise(value: str) -> str:
    """Accept what people type: spaces, dots, dashes; an 8-digit BSN gets its leading zero back."""
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
    if len(digits) == 8:
        digits = "0" + digits
    return digits


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in settings.EENDAK_FIELD_ENCRYPTION_KEYS])


@receiver(setting_changed)
def _forget_keys(*, setting, **kwargs):
    """The keys are read once per process; a test that changes them (the ``settings`` fixture,
    ``override_settings``) gets the new ones, and the next test the old ones again."""
    if setting == "EENDAK_FIELD_ENCRYPTION_KEYS":
        _fernet.cache_clear()


def encrypt(bsn: str) -> str:
    return _fernet().encrypt(bsn.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def lookup_hash(bsn: str) -> str:
    """A keyed hash: equal BSNs match, but the table alone does not reveal them (no rainbow table
    over the 10^9 possible BSNs works without the key)."""
    return hmac.new(settings.EENDAK_BSN_HASH_KEY.encode(), bsn.encode(), hashlib.sha256).hexdigest()


def mask(bsn: str) -> str:
    """Show only the last three digits, as on Dutch government screens: ``*****6789`` style."""
    return "•" * 6 + bsn[-3:] if bsn else ""
