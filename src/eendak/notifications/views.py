"""The screens of one's own notifications under /meldingen-voor-mij/ (namespace ``notifications``).

Not /melden/: that is the public report form. Every screen is ``STAFF``: a notification names no
person (docs/notifications.md, "The access log"), so looking at the list writes no access-log entry;
marking read and changing preferences are changes, logged by their services. Opening a notification
marks it read and goes to the thing, whose own page asks its own permission and logs the look.
Another person's notification, or one's own for another membership, is the logged 404.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import refusal, require

from . import services
from .forms import PreferencesForm
from .models import Notification

PAGE_SIZE = 25


def _own(request, notification_id: int) -> Notification:
    """The caller's notification for the membership they act for; anything else the one refusal."""
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        raise refusal("notifications.view_notifications", ("notifications.notification",
                                                           str(notification_id)))
    require(Actor.from_request(request), "notifications.view_notifications", notification)
    return notification


@view_access(ViewAccess.STAFF)
def notification_list(request):
    require(Actor.from_request(request), "notifications.view_notifications")
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    page = Paginator(services.mine(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page_obj": page, "notifications": page.object_list,
        "has_unread": services.mine(request.user).filter(read_at__isnull=True).exists()})


@view_access(ViewAccess.STAFF)
def open_notification(request, notification_id: int):
    """Marked read, then on to the thing (a path on this site only)."""
    notification = _own(request, notification_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    services.mark_read(Actor.from_request(request), notification)
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None) or not target.startswith("/"):
        target = "notifications:list"
    return redirect(target)


@view_access(ViewAccess.STAFF)
@require_POST
def mark_read(request, notification_id: int):
    notification = _own(request, notification_id)
    services.mark_read(Actor.from_request(request), notification)
    messages.success(request, _("De melding is als gelezen gemarkeerd."))
    return redirect("notifications:list")


@view_access(ViewAccess.STAFF)
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(Actor.from_request(request))
    messages.success(request, _("Alle meldingen zijn als gelezen gemarkeerd.") if count
                     else _("Er waren geen ongelezen meldingen."))
    return redirect("notifications:list")


@view_access(ViewAccess.STAFF)
def preferences(request):
    actor = Actor.from_request(request)
    require(actor, "notifications.set_preferences", request.user)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    frequency, choices = services.preferences_of(request.user)
    form = PreferencesForm(request.POST if request.method == "POST" else None,
                           initial={"frequency": frequency}, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_preferences(actor, frequency=form.cleaned_data["frequency"],
                                     choices=form.choices())
        except RuleViolation as violation:
            form.add_error(violation.field if violation.field in form.fields else None,
                           violation.message)
        else:
            messages.success(request, _("Uw instellingen voor meldingen zijn opgeslagen."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {
        "form": form, "has_email": bool(request.user.email)},
        status=400 if request.method == "POST" else 200)
