"""The functional administrator's screens (organisations, staff, roles).

Views stay thin: they check the permission, bind a form and call a service; every change goes through
``eendak.core.services``, which writes the access log. Not being allowed looks like not being there
(404), also for POST-only actions, so the permission is checked before the method.

A staff member's page also shows what apps above core keep about the account (the API app: a service
account's tokens, with its own screens under /beheer/). Core may not import those apps, so they add
their section here from their ``AppConfig.ready`` (``add_user_page_section``).
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import otp, services
from .access import ViewAccess, view_access
from .actors import Actor
from .exceptions import RuleViolation
from .forms import (
    MembershipForm,
    OrganisationFilterForm,
    OrganisationForm,
    UserFilterForm,
    UserForm,
)
from .models import Membership, Organisation, User

PAGE_SIZE = 25
MANAGE_USERS = "core.manage_users"
MANAGE_ORGANISATIONS = "core.manage_organisations"

# ``section(account) -> (template name, context) | None``, shown below the roles in registration order.
UserPageSection = Callable[[User], tuple[str, dict] | None]
_USER_PAGE_SECTIONS: list[UserPageSection] = []


def add_user_page_section(section: UserPageSection) -> None:
    """Called by an app above core from its ``AppConfig.ready``; once per section."""
    if section not in _USER_PAGE_SECTIONS:
        _USER_PAGE_SECTIONS.append(section)


def requires(perm: str, *, post_only: bool = False):
    """Permission first (404 when missing), then the method: a 405 would reveal the URL exists."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise Http404
            if post_only and request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _page(request, queryset):
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return {"page_obj": page_obj, "querystring_without_page": f"{encoded}&" if encoded else ""}


def _apply_active_filter(queryset, value):
    if value == "ja":
        return queryset.filter(is_active=True)
    if value == "nee":
        return queryset.filter(is_active=False)
    return queryset


# --- Organisations ---------------------------------------------------------------------------------


@view_access(ViewAccess.STAFF)
@requires(MANAGE_ORGANISATIONS)
def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None)
    organisations = Organisation.objects.select_related("municipality").order_by("name")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            organisations = organisations.filter(name__icontains=data["q"].strip())
        if data["type"]:
            organisations = organisations.filter(type=data["type"])
        organisations = _apply_active_filter(organisations, data["active"])
    return render(request, "core/admin/organisation_list.html",
                  {"filter_form": form, **_page(request, organisations)})


def _organisation_form(request, organisation, template_title):
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_organisation(Actor.from_request(request), form.instance)
        except RuleViolation as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("Organisatie ‘%(name)s’ is opgeslagen.") % {"name": saved.name})
            return redirect("core:organisation_list")
    return render(request, "core/admin/organisation_form.html",
                  {"form": form, "organisation": organisation, "title": template_title})


@view_access(ViewAccess.STAFF)
@requires(MANAGE_ORGANISATIONS)
def organisation_create(request):
    return _organisation_form(request, Organisation(), _("Nieuwe organisatie"))


@view_access(ViewAccess.STAFF)
@requires(MANAGE_ORGANISATIONS)
def organisation_edit(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    return _organisation_form(request, organisation,
                              _("Organisatie wijzigen: %(name)s") % {"name": organisation.name})


@view_access(ViewAccess.STAFF)
@requires(MANAGE_ORGANISATIONS, post_only=True)
def organisation_set_active(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.set_organisation_active(Actor.from_request(request), organisation, active)
    except RuleViolation as exc:
        messages.error(request, exc.message)
    else:
        if active:
            messages.success(request, _("‘%(name)s’ is weer actief.") % {"name": organisation.name})
        else:
            messages.success(request, _("‘%(name)s’ is gedeactiveerd. Wie namens deze organisatie "
                                        "werkte, is uitgelogd.") % {"name": organisation.name})
    return redirect("core:organisation_list")


# --- Users -----------------------------------------------------------------------------------------


@view_access(ViewAccess.STAFF)
@requires(MANAGE_USERS)
def user_list(request):
    form = UserFilterForm(request.GET or None)
    # One extra query for all memberships on the page instead of one per row.
    users = User.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("organisation")
                 .filter(is_active=True))
    ).order_by("last_name", "first_name", "username")
    if form.is_valid():
        data = form.cleaned_data
        for word in (data["q"] or "").split():
            users = users.filter(Q(username__icontains=word) | Q(first_name__icontains=word)
                                 | Q(last_name__icontains=word))
        if data["organisation"] or data["role"]:
            membership_filter = Q(memberships__is_active=True)
            if data["organisation"]:
                membership_filter &= Q(memberships__organisation=data["organisation"])
            if data["role"]:
                membership_filter &= Q(memberships__role=data["role"])
            users = users.filter(membership_filter).distinct()
        users = _apply_active_filter(users, data["active"])
    return render(request, "core/admin/user_list.html",
                  {"filter_form": form, **_page(request, users)})


@view_access(ViewAccess.STAFF)
@requires(MANAGE_USERS)
def user_create(request):
    form = UserForm(request.POST or None, instance=User())
    if request.method == "POST" and form.is_valid():
        try:
            account = services.save_user(Actor.from_request(request), form.instance,
                                         password=form.cleaned_data["password"] or None)
        except RuleViolation as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("Medewerker ‘%(name)s’ is aangemaakt. Geef nu een rol.")
                             % {"name": account})
            return redirect("core:user_detail", pk=account.pk)
    return render(request, "core/admin/user_form.html", {"form": form, "account": None})


@view_access(ViewAccess.STAFF)
@requires(MANAGE_USERS)
def user_edit(request, pk):
    account = get_object_or_404(User, pk=pk)
    form = UserForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_user(Actor.from_request(request), form.instance,
                               password=form.cleaned_data["password"] or None)
        except RuleViolation as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("De gegevens zijn opgeslagen."))
            return redirect("core:user_detail", pk=account.pk)
    return render(request, "core/admin/user_form.html", {"form": form, "account": account})


def _user_detail_context(account, *, membership_form=None):
    return {
        "account": account,
        "memberships": account.memberships.select_related("organisation").order_by(
            "-is_active", "organisation__name", "role"),
        "membership_form": membership_form or MembershipForm(),
        "has_second_factor": otp.confirmed_device(account) is not None,
        "locked_out": services.is_locked_out(account),
        "extra_sections": [shown for section in _USER_PAGE_SECTIONS if (shown := section(account))],
    }


@view_access(ViewAccess.STAFF)
@requires(MANAGE_USERS)
def user_detail(request, pk):
    account = get_object_or_404(User, pk=pk)
    return render(request, "core/admin/user_detail.html", _user_detail_context(account))


@view_access(ViewAccess.STAFF)
@requires(MANAGE_USERS, post_only=True)
def user_set_active(request, pk):
    account = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.set_user_active(Actor.from_request(request), account, active)
    except RuleViolation as exc:
        messages.error(request, exc.message)
    else:
        if active:
            messages.success(request, _("Het account is weer actief."))
        else:
            messages.success(request, _("Het account is gedeactiveerd en alle sessies zijn beëindigd."))
    return redirect("core:user_detail", pk=account.pk)


@view_access(ViewAccess.STAFF)
@requires(MANAGE_USERS, post_only=True)
def user_reset_second_factor(request, pk):
    account = get_object_or_404(User, pk=pk)
    services.reset_second_factor(Actor.from_request(request), account)
    messages.success(request, _("De tweede factor is verwijderd. Bij de volgende keer inloggen "
                                "koppelt de medewerker een nieuwe authenticator-app."))
    return redirect("core:user_detail", pk=account.pk)


@view_access(ViewAccess.STAFF)
@requires(MANAGE_USERS, post_only=True)
def user_unlock(request, pk):
    account = get_object_or_404(User, pk=pk)
    services.unlock_user(Actor.from_request(request), account)
    messages.success(request, _("De blokkade is opgeheven; de medewerker kan weer inloggen."))
    return redirect("core:user_detail", pk=account.pk)


@view_access(ViewAccess.STAFF)
@requires(MANAGE_USERS, post_only=True)
def membership_add(request, pk):
    account = get_object_or_404(User, pk=pk)
    form = MembershipForm(request.POST)
    if form.is_valid():
        try:
            membership = services.add_membership(Actor.from_request(request), account,
                                                 form.cleaned_data["organisation"],
                                                 form.cleaned_data["role"])
        except RuleViolation as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("Rol toegevoegd: %(membership)s.") % {"membership": membership})
            return redirect("core:user_detail", pk=account.pk)
    return render(request, "core/admin/user_detail.html",
                  _user_detail_context(account, membership_form=form))


@view_access(ViewAccess.STAFF)
@requires(MANAGE_USERS, post_only=True)
def membership_end(request, pk, membership_pk):
    membership = get_object_or_404(Membership.objects.select_related("organisation", "user"),
                                   pk=membership_pk, user_id=pk, is_active=True)
    services.end_membership(Actor.from_request(request), membership)
    messages.success(request, _("Rol beëindigd: %(membership)s. Wie in deze rol werkte, is "
                                "uitgelogd.") % {"membership": membership})
    return redirect("core:user_detail", pk=pk)
