"""The analyst's figures (/cijfers/), and where demand for the help catalogue's offers exceeds
supply (/cijfers/vraag-en-aanbod/).

Not being allowed looks like not being there (404), as on every other screen.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from eendak.audit import services as audit
from eendak.cases.impact_queries import PER_HALF_YEAR, PER_YEAR, impact_per_cohort, impact_table
from eendak.core import download_once, exports, jobs
from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.models import Municipality
from eendak.core.permissions import allowed, refusal, require, subject_of

from . import charts, dashboards, downloads, queries, report_tasks
from .events import StatisticsEvent
from .permissions import dashboard_municipality_id


@view_access(ViewAccess.STAFF)
def statistics(request):
    if not allowed(request.user, "monitoring.view_statistics"):
        raise Http404
    # ?formaat=csv|xlsx: the same published figures as a file, logged as an export (core.exports).
    if (download := exports.answer(request, Actor.from_request(request), queries.statistics_table,
                                   event=StatisticsEvent.EXPORTED)) is not None:
        return download
    return render(request, "monitoring/statistics.html", {
        "figures": queries.cases_per_municipality(), "export_links": exports.links(request)})


class DemandFilterForm(forms.Form):
    municipality = forms.TypedChoiceField(
        label=_("Gemeente van het gezin"), required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": _("Kies een gemeente uit de lijst.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("Hele regio")), *Municipality.objects.order_by(
            "name").values_list("pk", "name")]


@view_access(ViewAccess.STAFF)
def offer_demand(request):
    """"Vraag en aanbod hulp": per offer of the sociale kaart, the plan actions in running plans
    that wait for it and for how long (median days past their planned start), beside its capacity
    and the waiting time its provider gives; demand beyond capacity marked. Counts only — no case,
    no household, no person (``cases.queries.offer_demand``, published by core.disclosure's rule
    through ``dashboards.published_offer_demand``). ``catalogue.view_demand``: the
    analyst, the Expertisecentrum, the functional administrator."""
    actor = Actor.from_request(request)
    require(actor, "catalogue.view_demand")
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    form = DemandFilterForm(request.GET or None)
    municipality_id = form.cleaned_data["municipality"] if form.is_valid() else None
    params = {"municipality_id": municipality_id} if municipality_id else {}
    if (download := exports.answer(request, actor, queries.offer_demand_table,
                                   event=StatisticsEvent.OFFER_DEMAND_EXPORTED,
                                   params=params)) is not None:
        return download
    # Published as every figure is (core.disclosure), by the export's own query.
    rows = queries.offer_demand_rows(municipality_id)
    municipality = next((name for pk, name in form.fields["municipality"].choices
                         if pk == municipality_id), None) if municipality_id else None
    return render(request, "monitoring/offer_demand.html", {
        "filter_form": form, "rows": rows, "municipality": municipality,
        "exceeding": sum(1 for row in rows if row["exceeds"]),
        "suppressed": any(row["exceeds"] is None for row in rows),
        "export_links": exports.links(request),
    })


@view_access(ViewAccess.STAFF)
def impact_outcomes(request):
    """"Effect van de aanpak": per cohort (half-year or year of the case's start) whether the
    violence stopped, incidents a year, frequent violence, recurrence within 18 months, time to
    stable safety, children with help started (``cases.impact_queries``). Published figures only,
    by core.disclosure's rule; no case, no household. ``cases.view_impact_outcomes``: the analyst."""
    actor = Actor.from_request(request)
    require(actor, "cases.view_impact_outcomes")
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    per = PER_YEAR if request.GET.get("per") == PER_YEAR else PER_HALF_YEAR
    if (download := exports.answer(request, actor, impact_table,
                                   event=StatisticsEvent.IMPACT_EXPORTED,
                                   params={"per": per})) is not None:
        return download
    return render(request, "monitoring/impact.html", {
        "outcomes": impact_per_cohort(per), "per": per, "per_year": PER_YEAR,
        "per_half_year": PER_HALF_YEAR, "export_links": exports.links(request)})


# --- The dashboards (issue 12): charts with their tables, for the analyst and a municipality ------


class PeriodForm(forms.Form):
    """The half-years shown: from and to, both inclusive (read by ``dashboards.period``)."""

    vanaf = forms.ChoiceField(label=_("Van halfjaar"), required=False)
    tot = forms.ChoiceField(label=_("Tot en met halfjaar"), required=False)

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        half = dashboards.HalfYear.of(today or timezone.localdate())
        choices = []
        for _n in range(dashboards.MAX_HALF_YEARS * 2):
            choices.append((half.key, half.label))
            half = half.previous()
        self.fields["vanaf"].choices = [("", _("standaard")), *choices]
        self.fields["tot"].choices = [("", _("standaard")), *choices]
        error = _("Geef een halfjaar als jaar-H1 of jaar-H2, bijvoorbeeld 2025-H2.")
        for name in ("vanaf", "tot"):
            self.fields[name].error_messages["invalid_choice"] = error


def _board(request, municipality_id, *, only: str = ""):
    """The read model for the request, or the period form's error. ``NotPermitted`` (another
    municipality, the region for a policy officer's URL tampering) is the middleware's logged 404."""
    form = PeriodForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return None, form
    data = form.cleaned_data if form.is_bound else {}
    try:
        board = dashboards.dashboard(Actor.from_request(request), municipality_id=municipality_id,
                                     first=data.get("vanaf", ""), last=data.get("tot", ""),
                                     only=only)
    except dashboards.PeriodError as error:
        form.add_error("vanaf" if error.field == "from" else "tot", error.message)
        return None, form
    return board, form


def _period_query(board) -> str:
    return urlencode({"vanaf": board.period.first.key, "tot": board.period.last.key})


NUMBER_CELL = mark_safe(' class="eendak-number"')  # noqa: S308 - a constant


def _table_body(table) -> str:
    """The table's rows as HTML (escaped by ``format_html``). Over the national data set the
    region's tables have a thousand rows; the template's nested loop took most of the page's time."""
    numeric = [column.kind != dashboards.TEXT for column in table.columns]
    return format_html_join("\n", "<tr><th scope=\"row\">{}</th>{}</tr>", (
        (cells[0], format_html_join("", "<td{}>{}</td>",
                                    ((NUMBER_CELL if number else "", cell)
                                     for cell, number in zip(cells[1:], numeric[1:], strict=True))))
        for cells in table.display_rows()))


@view_access(ViewAccess.STAFF)
def dashboard(request, municipality_id=None):
    """"Dashboards": per chart its table and downloads (PNG, SVG, CSV, XLSX), for the region or one
    municipality (``monitoring.dashboards``). A municipal policy officer who opens /cijfers/dashboard/
    is sent to their municipality's; the analyst may pick any municipality. Not allowed is a 404."""
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    actor = Actor.from_request(request)
    require(actor, "monitoring.view_dashboards")
    bound = dashboard_municipality_id(subject_of(actor))
    if municipality_id is None:
        chosen = request.GET.get("gemeente", "")
        target = bound or (int(chosen) if chosen.isdigit() else None)
        if target is not None:
            query = request.GET.copy()
            query.pop("gemeente", None)
            url = reverse("monitoring:dashboard_municipality", args=[target])
            return redirect(f"{url}?{query.urlencode()}" if query else url)
    board, form = _board(request, municipality_id)
    context = {"board": board, "form": form, "bound": bound is not None,
               "municipalities": Municipality.objects.order_by("name") if bound is None else []}
    if board is None:
        return render(request, "monitoring/dashboard.html", context, status=400)
    query = _period_query(board)
    sections = []
    for table in board.tables:
        base = (reverse("monitoring:dashboard_download_municipality",
                        args=[board.municipality.pk, table.key, "x"])
                if board.municipality else
                reverse("monitoring:dashboard_download", args=[table.key, "x"]))
        sections.append({
            "table": table,
            "chart": charts.svg_data_uri(table, subtitle=downloads.subtitle(board)),
            "body": _table_body(table),
            "downloads": [(fmt.upper(), f"{base[:-2]}{fmt}/?{query}") for fmt in downloads.FORMATS],
        })
    context["sections"] = sections
    return render(request, "monitoring/dashboard.html", context)


@view_access(ViewAccess.STAFF)
def dashboard_download(request, table, fmt, municipality_id=None):
    """One chart (SVG, PNG) or its table (CSV, XLSX), as an attachment, logged as an export."""
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if fmt not in downloads.FORMATS or table not in dashboards.TABLE_KEYS:
        raise Http404
    actor = Actor.from_request(request)
    require(actor, "monitoring.view_dashboards")
    if municipality_id is None and dashboard_municipality_id(subject_of(actor)) is not None:
        raise refusal("monitoring.view_dashboards")  # the region is not a municipality's
    board, form = _board(request, municipality_id, only=table)
    if board is None:
        return HttpResponseBadRequest(" ".join(str(e) for errors in form.errors.values()
                                               for e in errors), content_type="text/plain")
    chosen = board.tables[0]
    with audit.atomic():
        downloads.log_download(actor, board, chosen, fmt)
    return downloads.response(board, chosen, fmt)


# --- The dashboards as a PDF report (``report_tasks``): long work, downloaded once --------------------


@view_access(ViewAccess.STAFF)
def dashboard_report_start(request):
    """"Rapport als PDF": start the report for the municipality and half-years on screen (a policy
    officer: their own municipality, whatever the form says; another one is the logged 404)."""
    actor = Actor.from_request(request)
    require(actor, "monitoring.view_dashboards")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    chosen = request.POST.get("gemeente", "")
    municipality_id = int(chosen) if chosen.isdigit() else None
    try:
        report = report_tasks.start_report(actor, municipality_id=municipality_id,
                                           first=request.POST.get("vanaf", ""),
                                           last=request.POST.get("tot", ""))
    except RuleViolation as violation:
        messages.error(request, violation.message)
        return redirect("monitoring:dashboard")
    return redirect("monitoring:dashboard_report", report_id=report.pk)


def _own_report(request, report_id):
    actor = Actor.from_request(request)
    report = report_tasks.report_of(report_id)
    if report is None:
        raise refusal("core.view_job", ("monitoring.dashboardreport", str(report_id)))
    report_tasks.check(actor, report)
    return actor, report


@view_access(ViewAccess.STAFF)
def dashboard_report(request, report_id):
    """The report's progress (the page reloads itself when it is done), then its one download."""
    actor, report = _own_report(request, report_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return render(request, "monitoring/dashboard_report.html", {
        "report": report, "progress": jobs.presentation(report.job)})


@view_access(ViewAccess.STAFF)
def dashboard_report_download(request, report_id):
    actor, report = _own_report(request, report_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        handle, name = report_tasks.download(actor, report)
    except RuleViolation as violation:
        messages.error(request, violation.message)
        return redirect("monitoring:dashboard_report", report_id=report.pk)
    return download_once.response(handle, name, "application/pdf")
