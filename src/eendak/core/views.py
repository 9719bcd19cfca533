"""Login, second factor, choosing a role, logout and the start page ("Mijn werk")."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eendak.audit import services as audit
from eendak.audit.models import Action

from . import otp, services, throttle
from .access import ViewAccess, view_access
from .actors import Actor
from .events import Event
from .forms import ChooseRoleForm, LoginForm, TokenForm
from .middleware import SESSION_ACTING_MEMBERSHIP
from .work import persons_shown, start_page_sections, start_page_work


def _next_url(request, default="core:home"):
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return None if default is None else redirect(default).url


@view_access(ViewAccess.PUBLIC)
class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = False

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        if not user.requires_second_factor:  # the password was the whole login
            throttle.forget(user.username, audit.client_ip(self.request))
        if user.requires_second_factor:
            target = redirect("core:second_factor").url
            nxt = _next_url(self.request, default=None)
            if nxt:
                target += "?next=" + nxt
            return HttpResponseRedirect(target)
        return response


@view_access(ViewAccess.LOGIN)
def second_factor(request):
    """Verify the TOTP code, or enrol an authenticator app first when the user has none."""
    user = request.user
    if not user.requires_second_factor or user.is_verified():
        return redirect(_next_url(request))
    device = otp.confirmed_device(user)
    enrolling = device is None
    if enrolling:
        device = otp.pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.verify(request, device, form.cleaned_data["token"]):
            throttle.forget(user.username, audit.client_ip(request))
            audit.log_authentication(request, user=user, event=Event.AUTH_SECOND_FACTOR,
                                     outcome="success",
                                     detail="enrolled" if enrolling else "")
            return redirect(_next_url(request))
        audit.log_authentication(request, user=user, event=Event.AUTH_SECOND_FACTOR,
                                 outcome="failed")
        form.add_error("token", _("Deze code klopt niet of is verlopen. Probeer de nieuwste code "
                                  "uit uw app."))
    context = {"form": form, "enrolling": enrolling, "next": _next_url(request, default=None),
               "demo_shortcut": otp.demo_shortcut_allowed(user)}
    if enrolling:
        context["qr_code"] = otp.qr_code_data_uri(device)
        context["secret"] = otp.base32_secret(device)
    return render(request, "core/second_factor.html", context)


@view_access(ViewAccess.LOGIN)
@require_POST
def logout_view(request):
    """Logging out ends every session of this user, on every device."""
    services.logout_everywhere(request)
    messages.success(request, _("U bent uitgelogd op al uw apparaten."))
    return redirect("core:login")


@view_access(ViewAccess.VERIFIED)
def choose_role(request):
    form = ChooseRoleForm(request.POST or None, user=request.user,
                          initial={"membership": getattr(request.user, "acting_membership", None)})
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["membership"]
        request.session[SESSION_ACTING_MEMBERSHIP] = membership.pk
        request.user.acting_membership = membership
        audit.log_authentication(request, user=request.user, event=Event.AUTH_ROLE_CHOSEN,
                                 outcome="success", detail=str(membership))
        return redirect(_next_url(request))
    return render(request, "core/choose_role.html", {"form": form,
                                                     "next": _next_url(request, default=None)})


@view_access(ViewAccess.VERIFIED)
def no_membership(request):
    return render(request, "core/no_membership.html", status=403)


@view_access(ViewAccess.STAFF)
def home(request):
    """Mijn werk: what this role does first, and what waits in its queues, built from the acting
    membership. The queues' items name no person, but a reference tells who is known, so showing
    them is a read of the persons they concern: one access-log entry, as the lists write."""
    work = start_page_work(start_page_sections(request.user))
    if persons := persons_shown(work):
        shown = sum(len(queue.items) for entry in work for queue in entry.queues)
        audit.log_access(Actor.from_request(request), event=Event.START_PAGE, action=Action.READ,
                         persons=persons, detail=f"Mijn werk: {shown} verwijzingen")
    return render(request, "core/home.html", {"work": work})
