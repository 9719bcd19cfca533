"""API authentication: the browser's session (with its second factor) and service-account tokens.

Tokens are stored only as a SHA-256 hash; the plain token is shown once when it is made.
"""

import hashlib

from django.utils import timezone
from rest_framework import authentication, exceptions

from eendak.core.errors import CSRF_REFUSAL_API

from .models import ServiceToken


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ServiceTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Ongeldige Authorization-header.")
        try:
            token = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("Ongeldige token.") from exc
        record = (
            ServiceToken.objects.select_related("membership__user", "membership__organisation")
            .filter(key_hash=hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if record is None or (record.expires_at and record.expires_at <= timezone.now()):
            raise exceptions.AuthenticationFailed("Ongeldige of verlopen token.")
        membership = record.membership
        user = membership.user
        if not user.is_active or not membership.is_active or not membership.organisation.is_active:
            raise exceptions.AuthenticationFailed("Het account achter deze token is niet actief.")
        user.acting_membership = membership
        user.is_verified = lambda: True  # a token is the service account's whole credential
        return user, record

    def authenticate_header(self, request):
        return self.keyword


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """The UI's session; the CSRF check stays on for unsafe methods."""

    def enforce_csrf(self, request):
        """DRF's check, with its English "CSRF Failed: ..." said in Dutch (``core.errors``)."""
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as refused:
            raise exceptions.PermissionDenied(CSRF_REFUSAL_API, code="csrf_failed") from refused
