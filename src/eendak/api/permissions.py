from rest_framework import exceptions, permissions

from eendak import authz


class IsVerifiedActor(permissions.BasePermission):
    """Signed in, second factor passed where required, and acting for a membership.

    The same policy the UI's ``AccessPolicyMiddleware`` applies, for sessions and tokens alike.
    """

    message = "U moet aangemeld zijn met uw tweede factor en een rol gekozen hebben."

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            raise exceptions.NotAuthenticated()
        if not authz.is_verified(user):
            raise exceptions.PermissionDenied(
                "Uw tweede factor is nog niet gecontroleerd. Meld u aan via /inloggen/."
            )
        if authz.acting_membership(user) is None:
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
