"""Who may call the API at all (``IsVerifiedActor``), and a named permission without an object.

Written against the user and its acting membership only, so the shared API layer needs none of the
domain apps above it; the object rules are the apps' own (``<app>/permissions.py``).
"""

from rest_framework import exceptions, permissions


class IsVerifiedActor(permissions.BasePermission):
    """Signed in, second factor passed where required, and acting for a membership.

    The same policy the UI's ``AccessPolicyMiddleware`` applies, for sessions and tokens alike.
    """

    message = "U moet aangemeld zijn met uw tweede factor en een rol gekozen hebben."

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            raise exceptions.NotAuthenticated()
        verified = getattr(user, "is_verified", None)  # django-otp's, or the token's own
        if user.requires_second_factor and not (verified and verified()):
            raise exceptions.PermissionDenied(
                "Uw tweede factor is nog niet gecontroleerd. Meld u aan via /inloggen/."
            )
        if getattr(user, "acting_membership", None) is None:
            raise exceptions.PermissionDenied(
                "Kies eerst namens welke organisatie en in welke rol u werkt (/rol-kiezen/)."
            )
        return True


class HasPerm(permissions.BasePermission):
    """Require a ``rules`` permission without an object (e.g. ``audit.search_access_log``)."""

    perm = ""

    def has_permission(self, request, view):
        if not request.user.has_perm(self.perm):
            # Not-allowed looks like not-there: a 404, as for objects.
            raise exceptions.NotFound()
        return True


def requires(perm: str) -> type[HasPerm]:
    return type(f"Requires_{perm.replace('.', '_')}", (HasPerm,), {"perm": perm})
