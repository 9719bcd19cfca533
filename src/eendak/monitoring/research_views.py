"""The research studies' screens (/cijfers/onderzoek/): the analyst registers a study and exports it,
the privacy officer of Veilig Thuis approves or rejects it.

Thin on purpose: a screen asks its declared permission by name before it looks at the method (a
study that is not there, or not the user's, is the same logged 404), calls one service, and shows a
``RuleViolation`` in Dutch, changing nothing. Every look at a study is logged
(``monitoring.events``). The key of a study never reaches a template (``research_queries`` defers
it). The download is the only screen that hands over personal data (pseudonymised): ``PERSONAL``.
"""

import functools

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from eendak.core import download_once
from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import allowed, refusal, require

from . import research, research_queries, services
from .events import ResearchEvent, research_logged
from .forms import RejectForm, StudyForm, add_violation
from .models import StudyStatus

PAGE_SIZE = 25
_LABELS = {research_queries.export: "monitoring.researchexport"}
VIEW, REGISTER, DECIDE = "monitoring.view_studies", "monitoring.register_study", "monitoring.decide_study"
EXPORT, DOWNLOAD = "monitoring.export_research", "monitoring.download_research_export"


def screen(methods: list[str], rule: str, *, find=None, access=ViewAccess.STAFF):
    """Behind the declared permission ``rule``, asked (of the study or export the URL names, when
    ``find``) before the HTTP method is looked at. The view gets the ``Actor`` (and the object)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, **kwargs):
            actor = Actor.from_request(request)
            if find is None:
                require(actor, rule)
                obj = None
            else:
                (pk,) = kwargs.values()
                obj = find(pk)
                if obj is None:
                    raise refusal(rule, (_LABELS.get(find, "monitoring.study"), str(pk)))
                require(actor, rule, obj)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, actor) if find is None else view(request, actor, obj)

        return view_access(access)(wrapper)

    return decorate


@screen(["GET"], VIEW)
def study_list(request, actor):
    studies = research_queries.visible_studies(request.user)
    page = Paginator(studies, PAGE_SIZE).get_page(request.GET.get("page"))
    research_logged(actor, ResearchEvent.STUDIES_READ, detail=f"{page.paginator.count} studies")
    return render(request, "monitoring/study_list.html", {
        "page_obj": page, "querystring_without_page": "",
        "may_register": allowed(request.user, REGISTER),
    })


@screen(["GET", "POST"], REGISTER)
def study_create(request, actor):
    form = StudyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            study = services.register_study(actor, services.StudyData(
                title=data["title"], purpose=data["purpose"], variables=data["variables"],
                period_from=data["period_from"], period_to=data["period_to"],
                ends_on=data["ends_on"]))
        except RuleViolation as exc:
            add_violation(form, exc)
        else:
            messages.success(request, _("De studie ‘%(title)s’ is aangemeld en wacht op de "
                                        "privacyfunctionaris.") % {"title": study.title})
            return redirect("monitoring:study_detail", study_id=study.pk)
    return render(request, "monitoring/study_form.html", {"form": form,
                                                          "variables": research.VARIABLES})


def _detail(request, actor, study, *, reject_form=None, status=200):
    exports = research_queries.exports_of(study)
    return render(request, "monitoring/study_detail.html", {
        "study": study,
        "variables": [research.BY_CODE[code] for code in study.variables if code in research.BY_CODE],
        "columns": research.columns_for(study.variables),
        "exports": exports,
        "ended": study.has_ended(),
        "open_for_export": study.status == StudyStatus.APPROVED and not study.has_ended()
        and study.key_destroyed_at is None,
        "may_decide": study.status == StudyStatus.SUBMITTED and allowed(request.user, DECIDE, study),
        "may_export": allowed(request.user, EXPORT, study),
        "reject_form": reject_form or RejectForm(),
    }, status=status)


@screen(["GET"], VIEW, find=research_queries.study)
def study_detail(request, actor, study):
    research_logged(actor, ResearchEvent.STUDY_READ, study)
    return _detail(request, actor, study)


@screen(["POST"], DECIDE, find=research_queries.study)
def study_approve(request, actor, study):
    try:
        services.approve_study(actor, study)
    except RuleViolation as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("De studie is goedgekeurd. De onderzoeker kan nu exporteren."))
    return redirect("monitoring:study_detail", study_id=study.pk)


@screen(["POST"], DECIDE, find=research_queries.study)
def study_reject(request, actor, study):
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.reject_study(actor, study, reason=form.cleaned_data["reason"])
        except RuleViolation as exc:
            add_violation(form, exc)
        else:
            messages.success(request, _("De studie is afgewezen; de onderzoeker ziet de reden."))
            return redirect("monitoring:study_detail", study_id=study.pk)
    return _detail(request, actor, research_queries.study(study.pk), reject_form=form, status=400)


@screen(["POST"], EXPORT, find=research_queries.study)
def study_export(request, actor, study):
    try:
        export = services.start_export(
            actor, study, back_url=reverse("monitoring:study_detail", args=[study.pk]))
    except RuleViolation as exc:
        messages.error(request, exc.message)
        return redirect("monitoring:study_detail", study_id=study.pk)
    return redirect("core:job_status", job_id=export.job_id)


@screen(["POST"], DOWNLOAD, find=research_queries.export, access=ViewAccess.PERSONAL)
def export_download(request, actor, export):
    """The one download of an export, logged as an export before the first byte leaves."""
    try:
        handle, name = services.download_export(actor, export)
    except RuleViolation as exc:
        messages.error(request, exc.message)
        return redirect("monitoring:study_detail", study_id=export.study_id)
    return download_once.response(handle, name, "text/csv; charset=utf-8")
