"""Request-level guards: security headers, idle timeout, the acting membership, the access policy, and
the production 404 page under DEBUG."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from eendak.audit import services as audit

from . import errors
from .access import ViewAccess, access_of, is_api_view
from .actors import Actor
from .events import Event
from .exceptions import NotPermitted

SESSION_LAST_ACTIVITY = "eendak_last_activity"
SESSION_ACTING_MEMBERSHIP = "eendak_acting_membership"


class SecurityHeadersMiddleware:
    """Headers Django does not set itself. Pages with client data must never sit in a shared cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        )
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith(settings.STATIC_URL):
            response.setdefault("Cache-Control", "no-store")
        return response


class IdleTimeoutMiddleware:
    """End a session after ``EENDAK_IDLE_TIMEOUT_SECONDS`` without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            last = request.session.get(SESSION_LAST_ACTIVITY)
            if last is not None and now - last > settings.EENDAK_IDLE_TIMEOUT_SECONDS:
                audit.log_authentication(request, user=user, event=Event.AUTH_SESSION_EXPIRED,
                                         outcome="success")
                logout(request)
                messages.warning(
                    request,
                    _("Uw sessie is verlopen omdat u %(minutes)s minuten niets heeft gedaan. "
                      "Log opnieuw in.") % {"minutes": settings.EENDAK_IDLE_TIMEOUT_SECONDS // 60},
                )
            else:
                request.session[SESSION_LAST_ACTIVITY] = now
        return self.get_response(request)


class ActingMembershipMiddleware:
    """Attach the membership the user acts for to ``request.user.acting_membership``.

    A user with one membership acts for it without choosing; with several, they choose after login.
    A membership that was ended since is dropped at the next request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user.acting_membership = self._resolve(request, user)
        return self.get_response(request)

    @staticmethod
    def _resolve(request, user):
        memberships = list(user.active_memberships())
        chosen_id = request.session.get(SESSION_ACTING_MEMBERSHIP)
        for membership in memberships:
            if membership.pk == chosen_id:
                return membership
        if len(memberships) == 1:
            request.session[SESSION_ACTING_MEMBERSHIP] = memberships[0].pk
            return memberships[0]
        request.session.pop(SESSION_ACTING_MEMBERSHIP, None)
        return None


class AccessPolicyMiddleware:
    """Enforce each view's declared ``ViewAccess``. Unmarked views are refused (deny by default).

    API views are left to DRF's authentication and permission classes, which apply the same policy
    to sessions and tokens (``eendak.api.permissions``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if is_api_view(view_func):
            return None
        kind = access_of(view_func)
        if kind is None:
            # A view nobody classified: safest is to pretend it is not there.
            if settings.DEBUG and not getattr(view_func, "__module__", "").startswith("eendak"):
                # Django's own debug helpers (static serving in runserver) are unmarked.
                return None
            raise Http404
        if kind == ViewAccess.PUBLIC:
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if kind == ViewAccess.LOGIN:
            return None
        if not user.login_complete():
            return redirect_to_login(request.get_full_path(), login_url="core:second_factor")
        if kind == ViewAccess.VERIFIED:
            return None
        if getattr(user, "acting_membership", None) is None:
            if not user.active_memberships().exists():
                return redirect("core:no_membership")
            return redirect_to_login(request.get_full_path(), login_url="core:choose_role")
        return None

    def process_exception(self, request, exception):
        """A named permission said no (``core.permissions.require``): log it, answer 404.

        The screens' one refusal path; the API's is ``api.problems``. Not allowed looks exactly like
        not there."""
        if isinstance(exception, NotPermitted):
            audit.log_refusal(Actor.from_request(request).seen_through(request), exception)
            raise Http404
        return None


class DebugNotFoundMiddleware:
    """With ``DEBUG`` on (the demo, ``make run``), Django answers every 404 — an unknown address, a
    refused one, a missing object — with its technical page listing every URL pattern of the
    project, and an unknown ``/api/v1/`` path with that HTML page too. Here such a page is replaced
    by the one production shows (the friendly page, or problem+json under ``/api/``), so the demo
    shows what a user will see and tells nobody how the application is laid out.

    Innermost in ``MIDDLEWARE``: every other middleware then treats the replacement as it would the
    production page. Without ``DEBUG`` it does nothing (Django already calls ``handler404``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (settings.DEBUG and response.status_code == 404 and not getattr(response, errors.OURS, False)
                and response.get("Content-Type", "").startswith("text/html")):
            return errors.page_not_found(request)
        return response
