"""The CBS half-year delivery's screens (/cijfers/cbs/): choose the half-year and start it, follow its
progress, read the report with its checks, download the file and the report once each.

Thin, as the research screens: the declared permission is asked (of the delivery the URL names)
before the HTTP method is looked at — a delivery that is not there or not the user's is the same
logged 404 — one service is called, and a ``RuleViolation`` is shown in Dutch at its field, keeping
what was typed.
"""

import functools

from django import forms
from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from eendak.core import download_once, jobs
from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.models import JobStatus
from eendak.core.permissions import allowed, refusal, require

from . import cbs, cbs_tasks
from .cbs_tasks import PRODUCE, VIEW
from .events import CbsEvent, cbs_logged
from .forms import add_violation


class HalfYearForm(forms.Form):
    half_year = forms.CharField(
        label=gettext_lazy("Halfjaar"), max_length=20,
        help_text=gettext_lazy("Jaar en helft, bijvoorbeeld 2026-H1 (januari tot en met juni) of "
                               "2026-H2 (juli tot en met december)."),
        error_messages={"required": gettext_lazy("Vul het halfjaar in, bijvoorbeeld 2026-H1.")})


def screen(methods: list[str], rule: str, *, find=False):
    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, **kwargs):
            actor = Actor.from_request(request)
            if not find:
                require(actor, rule)
                obj = None
            else:
                (pk,) = kwargs.values()
                obj = cbs_tasks.delivery(pk)
                if obj is None:
                    raise refusal(rule, ("monitoring.cbsdelivery", str(pk)))
                require(actor, rule, obj)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, actor) if not find else view(request, actor, obj)

        return view_access(ViewAccess.STAFF)(wrapper)

    return decorate


@screen(["GET", "POST"], VIEW)
def cbs_start(request, actor):
    """Choose the half-year and start; below, the user's earlier deliveries."""
    if request.method == "POST":
        require(actor, PRODUCE)
        form = HalfYearForm(request.POST)
        if form.is_valid():
            try:
                delivery = cbs_tasks.start_delivery(actor, form.cleaned_data["half_year"])
            except RuleViolation as exc:
                add_violation(form, exc)
            else:
                return redirect("monitoring:cbs_delivery", delivery_id=delivery.pk)
        status = 400
    else:
        form = HalfYearForm(initial={"half_year": cbs.latest_complete_half_year().label})
        status = 200
    deliveries = cbs_tasks.deliveries_of(request.user)
    cbs_logged(actor, CbsEvent.DELIVERIES_READ, detail=f"{len(deliveries)} leveringen")
    return render(request, "monitoring/cbs_start.html", {
        "form": form, "deliveries": deliveries, "may_produce": allowed(request.user, PRODUCE),
    }, status=status)


@screen(["GET"], VIEW, find=True)
def cbs_delivery(request, actor, delivery):
    """Progress while it runs; then the readable report, its checks and the downloads."""
    cbs_logged(actor, CbsEvent.DELIVERY_READ, delivery, detail=delivery.half_year)
    context = cbs_tasks.report_context(delivery.report) if delivery.ready_at else {}
    return render(request, "monitoring/cbs_delivery.html", {
        "delivery": delivery, "progress": jobs.presentation(delivery.job),
        "running": delivery.job.status in (JobStatus.QUEUED, JobStatus.RUNNING), **context,
    })


def _download(request, actor, delivery, which):
    try:
        handle, name, content_type = cbs_tasks.download(actor, delivery, which)
    except RuleViolation as exc:
        messages.error(request, exc.message)
        return redirect(reverse("monitoring:cbs_delivery", args=[delivery.pk]))
    return download_once.response(handle, name, content_type)


@screen(["POST"], PRODUCE, find=True)
def cbs_download_csv(request, actor, delivery):
    return _download(request, actor, delivery, "csv")


@screen(["POST"], PRODUCE, find=True)
def cbs_download_pdf(request, actor, delivery):
    return _download(request, actor, delivery, "pdf")

