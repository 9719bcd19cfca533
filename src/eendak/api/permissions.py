"""Who may call the API at all (``IsVerifiedActor``), and a named permission without an object.

Written against the user and its acting membership only, so the shared API layer needs none of the
domain apps above it; the object rules are the apps' own (``<app>/permissions.py``).
"""

from rest_framework import exceptions, permissions

from eendak.core.permissions import require


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
    """The gate of an endpoint: a declared permission asked by name without an object (e.g.
    ``privacy.search_access_log``). A refusal is ``NotPermitted``: the problem handler logs it under
    the permission's name and answers the 404 of something that does not exist — the API's one
    refusal path."""

    perm = ""

    def has_permission(self, request, view):
        require(request.user, self.perm)
        return True


def requires(perm: str) -> type[HasPerm]:
    return type(f"Requires_{perm.replace('.', '_')}", (HasPerm,), {"perm": perm})


class ActionPermissions:
    """Each action's declared permission, asked before its handler runs: ``permissions`` maps an
    action (``list``, ``create``, an ``@action``) to a permission's name. A method or action the view
    does not name asks ``default_permission``, so an outsider gets the same logged 404 whatever method
    they try. Listed before the DRF view class among a view's bases."""

    permissions: dict[str, str] = {}
    default_permission = ""

    def get_permissions(self):
        name = self.permissions.get(getattr(self, "action", None)) or self.default_permission
        return [IsVerifiedActor(), requires(name)()]
