"""The functional administrator's screens for service-account API tokens, under /beheer/.

They belong to the API app, which owns the tokens (``eendak.api.tokens``); core's staff-member page
shows a service account's tokens through the section this app registers there
(``core.admin_views.add_user_page_section``, from ``ApiConfig.ready``), because core sits below the
API layer and may not import it. Same rules as core's screens: the permission is checked before the
method, so not being allowed looks like not being there (404).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.admin_views import requires
from eendak.core.exceptions import RuleViolation
from eendak.core.models import User

from . import tokens as token_services
from .forms import ServiceTokenForm
from .models import ServiceToken


def service_token_section(account):
    """The "API-tokens" section of a service account's page in core's staff screens."""
    if not account.is_service_account:
        return None
    return "api/admin/_user_tokens.html", {"tokens": token_services.tokens_of(account)}


@view_access(ViewAccess.STAFF)
@requires(token_services.MANAGE_TOKENS)
def token_create(request, pk):
    """The plain token is rendered in the response to the POST itself and never stored anywhere.

    No redirect-after-POST here on purpose: a redirect would need the plain token in the session
    table until the next request.
    """
    account = get_object_or_404(User, pk=pk, is_service_account=True)
    form = ServiceTokenForm(request.POST or None, user=account)
    if request.method == "POST" and form.is_valid():
        try:
            token, plain = token_services.issue_token(
                Actor.from_request(request), form.cleaned_data["membership"],
                name=form.cleaned_data["name"], expires_at=form.expires_at,
            )
        except RuleViolation as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return render(request, "api/admin/token_created.html",
                          {"account": account, "token": token, "plain_token": plain})
    return render(request, "api/admin/token_form.html", {"form": form, "account": account})


@view_access(ViewAccess.STAFF)
@requires(token_services.MANAGE_TOKENS, post_only=True)
def token_revoke(request, pk, token_pk):
    token = get_object_or_404(ServiceToken.objects.select_related("membership__user"),
                              pk=token_pk, membership__user_id=pk)
    try:
        token_services.revoke_token(Actor.from_request(request), token)
    except RuleViolation as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Token ‘%(name)s’ is ingetrokken en werkt niet meer.")
                         % {"name": token.name})
    return redirect("core:user_detail", pk=pk)
