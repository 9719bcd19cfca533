"""The Veilig Thuis intake screens: the work queue, taking a report, the report page with its steps,
and advice requests. (Merging two records of one person is the persons app's own screen,
``persons:person_merge``; its old address here redirects there.)

Thin on purpose. Rules and state changes are in ``intake.services`` and ``persons.registry``, which
write their own access-log entries; reading goes through ``intake.queries``; what a page shows of
persons is logged here, once per request.

Who may is asked by name (``intake.permissions``): each view's gate is the permission of what it
shows or starts (``intake_view``), each step's service asks the permission of its change with the
report, and a page offers a form only where that permission allows it. A refusal raises
``NotPermitted``, which ``AccessPolicyMiddleware`` logs under the permission's name and answers with
the same 404 as for a page that does not exist.
"""

import functools

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from eendak.audit import services as audit
from eendak.audit.models import Action, Outcome
from eendak.core import exports
from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import allowed, require
from eendak.persons import services as persons
from eendak.persons.events import Event as PersonEvent
from eendak.persons.forms import KnownPersonSearchForm
from eendak.persons.models import Person

from . import instruments, queries, services
from .events import Event
from .forms import (
    AdviceConvertForm,
    AdviceForm,
    AdviceRecordForm,
    AssessmentForm,
    ConversationForm,
    DecisionForm,
    FeedbackForm,
    InformingForm,
    InstrumentChoiceForm,
    InstrumentForm,
    InvestigationForm,
    LinkExistingForm,
    NewPersonForm,
    QueueFilterForm,
    ReportDraft,
    add_violation,
    local_now_minute,
    new_submission_key,
    quiet,
)
from .models import PersonRole
from .panels import report_panels
from .workflow import DecisionKind, ReportStatus, can_move

PAGE_SIZE = 25


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


def intake_view(methods: list[str], permission: str):
    """Mark a screen PERSONAL and ask its permission first — before the HTTP method, so someone
    without it learns nothing, not even which methods a URL takes (``NotPermitted``: a logged 404).
    The view gets the ``Actor`` that services and the log need."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            require(request.user, permission)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, Actor.from_request(request), *args, **kwargs)

        return view_access(ViewAccess.PERSONAL)(wrapper)

    return decorate


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _deadline_text(report) -> str:
    due = timezone.localtime(report.assessment_due_at)
    text = date_format(due, "l j F Y")
    if report.is_acute:
        text += " " + _("om %(time)s") % {"time": time_format(due, "H:i")}
    return text


def _add_masked_bsn(known_persons) -> None:
    for known in known_persons:
        known.masked_bsn = persons.masked_bsn(known.person)


def _search(request, actor, form: KnownPersonSearchForm) -> list:
    """Who is already known (across all persons), logged as a search naming every candidate shown."""
    require(request.user, "persons.search_all")
    found = queries.find_known_persons(request.user, **form.criteria())
    _add_masked_bsn(found)
    audit.log_access(actor, event=PersonEvent.PERSON_SEARCH, action=Action.SEARCH,
                     persons=[k.person for k in found], detail=form.describe())
    return found


# --- The work queue -----------------------------------------------------------------------------


@intake_view(["GET"], "intake.view_report")
def queue(request, actor):
    """The intake officer's start: open reports, the nearest assessment deadline first."""
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    municipality = filters.get("municipality")
    if (download := exports.answer(request, actor, queries.queue_table, event=Event.REPORT_QUEUE_EXPORTED,
                                   params={"status": filters.get("status", ""),
                                           "municipality_id": municipality.pk if municipality else None,
                                           "overdue_only": filters.get("overdue", False)})) is not None:
        return download
    at = queries.now()
    reports = queries.work_queue(
        request.user, status=filters.get("status", ""), municipality=filters.get("municipality"),
        overdue_only=filters.get("overdue", False), at=at)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page") or 1)
    page.object_list = queries.decorate_queue_rows(page.object_list, at)
    # A list is a read of everyone in it, even when only references are shown.
    audit.log_access(actor, event=Event.REPORT_QUEUE, action=Action.READ,
                     persons=queries.person_ids_of(page.object_list),
                     detail=f"pagina {page.number}: {len(page.object_list)} meldingen")
    return render(request, "intake/queue.html", {
        "form": form, "page_obj": page, "reports": page.object_list,
        "may_register": allowed(request.user, "intake.register_report"),
        "may_see_advice": allowed(request.user, "intake.view_advice_request"),
        "may_merge": allowed(request.user, "persons.merge"),
        "querystring_without_page": _querystring_without_page(request),
        "export_links": exports.links(request),
    })


# --- A new report -------------------------------------------------------------------------------


@intake_view(["GET", "POST"], "intake.register_report")
def report_create(request, actor):
    """One form for a report by phone, police, hospital or professional, persons included.

    The buttons say what to do: ``search`` (find who is known; with htmx only the person panel comes
    back), ``add_person`` (one more row for a new person), ``save``. Until "save" nothing is judged
    and nothing is stored; on "save" every error shows at its field and everything typed stays.
    """
    if request.method == "GET":
        return _draft_page(request, actor, ReportDraft())
    action = request.POST.get("action", "save")
    draft = ReportDraft(request.POST, add_row=action == "add_person")
    results = None
    if action == "search":
        quiet(draft.form)
        quiet(draft.people)
        if draft.search.is_valid():
            results = _search(request, actor, draft.search)
    elif action == "save":
        existing = queries.submitted_report(request.user, request.POST.get("submission_key"))
        if existing is not None:
            # A second click or a resubmit of a report that was stored: show the one report.
            return _registered(request, existing)
        quiet(draft.search)
        chosen = queries.known_persons(request.user, draft.chosen.ids)
        if draft.is_valid([k.person.pk for k in chosen]):
            try:
                report = services.register_report(
                    actor, draft.report_data([k.person for k in chosen]))
            except RuleViolation as exc:
                draft.add_violation(exc)
            else:
                return _registered(request, report)
        elif (stored := queries.submitted_report(request.user, draft.form.data.get(
                "submission_key"))) is not None:
            # The first click was stored while this one was being checked (its BSN now exists).
            return _registered(request, stored)
    else:
        quiet(draft.form)
        quiet(draft.search)
        quiet(draft.people)
    return _draft_page(request, actor, draft, results=results,
                       panel_only=_is_htmx(request) and action == "search")


def _registered(request, report):
    messages.success(request, _(
        "Melding %(ref)s is geregistreerd. De veiligheidsbeoordeling moet uiterlijk %(due)s klaar "
        "zijn.") % {"ref": report.reference, "due": _deadline_text(report)})
    return redirect("intake:report_detail", pk=report.pk)


def _draft_page(request, actor, draft, *, results=None, panel_only=False):
    chosen = queries.known_persons(request.user, draft.chosen.ids)
    if chosen:
        # The chosen persons' names and history are on screen again: a read of each of them.
        audit.log_access(actor, event=Event.REPORT_DRAFT, action=Action.READ,
                         persons=[k.person for k in chosen], detail="gekozen personen")
    chosen_ids = {k.person.pk for k in chosen}
    for known in chosen:
        known.role = draft.chosen.roles.get(known.person.pk, "")
        known.error = draft.chosen.errors.get(known.person.pk, "")
    results = None if results is None else [r for r in results if r.person.pk not in chosen_ids]
    _add_masked_bsn(chosen + (results or []))
    context = {
        "draft": draft, "form": draft.form, "search": draft.search, "people": draft.people,
        "chosen": chosen, "chosen_errors": draft.chosen.errors, "results": results,
        "searched": results is not None,
        "role_choices": PersonRole.choices,
    }
    template = "intake/_person_panel.html" if panel_only else "intake/report_form.html"
    return render(request, template, context)


# --- The report page and its steps ----------------------------------------------------------------


def _report_or_404(request, actor, pk):
    report = queries.report_for_page(request.user, pk)
    if report is None:
        audit.log_access(actor, event=Event.REPORT_READ, action=Action.READ,
                         obj=("intake.report", str(pk)), outcome=Outcome.NOT_FOUND)
        raise Http404
    return report


@intake_view(["GET"], "intake.view_report")
def report_detail(request, actor, pk):
    report = _report_or_404(request, actor, pk)
    return _report_page(request, actor, report)


def _report_page(request, actor, report, *, bound=None, link=None):
    """Everything of one report on one screen, with the forms its status allows.

    ``bound`` holds a form that failed, keyed as below, so it comes back with its input and errors.
    """
    bound = bound or {}
    is_open = report.status != ReportStatus.CLOSED
    user = request.user
    may_see_reporter = allowed(user, "intake.view_reporter", report)
    for involved in report.involved_list:
        involved.masked_bsn = persons.masked_bsn(involved.person)
    for result in report.instrument_results.all():
        registered = instruments.REGISTRY.get(result.instrument)
        result.instrument_name = registered.name if registered else result.instrument
    assessment = queries.one_to_one(report, "assessment")
    decision = queries.one_to_one(report, "decision")
    investigation = queries.one_to_one(report, "investigation")
    for conversation in report.conversations:
        conversation.form = bound.get(("conversation", conversation.pk)) or (
            ConversationForm(prefix=f"gesprek-{conversation.pk}")
            if not conversation.held_at
            and allowed(user, "intake.record_joint_conversation", conversation) else None)
    for task in report.feedback_list:
        task.form = bound.get(("feedback", task.pk)) or (
            FeedbackForm(prefix=f"terugkoppeling-{task.pk}")
            if not task.completed_at and allowed(user, "intake.give_feedback", task) else None)
    for task in report.informing_list:
        done = task.informed_on or task.reason_not_informed
        task.form = bound.get(("informing", task.pk)) or (
            InformingForm(prefix=f"informeren-{task.pk}")
            if not done and allowed(user, "intake.record_informing", task) else None)
    may_record_instrument = is_open and allowed(user, "intake.record_instrument", report)
    instrument_form = bound.get("instrument")
    instrument_code = (instrument_form.spec.code if instrument_form
                       else request.GET.get("instrument", ""))
    if instrument_form is None and instrument_code in instruments.REGISTRY and may_record_instrument:
        instrument_form = InstrumentForm(instruments.get(instrument_code))
    link = link or {}
    context = {
        "report": report,
        "signal": queries.deadline_signal(report),
        "deadline_text": _deadline_text(report),
        "may_link": is_open and allowed(user, "intake.link_person", report),
        "may_record_instrument": may_record_instrument,
        "may_see_reporter": may_see_reporter,
        "reporter": queries.one_to_one(report, "reporter") if may_see_reporter else None,
        "violence_labels": queries.violence_labels(report.violence_types),
        "additional_labels": queries.additional_info_labels(report.additional_info),
        "assessment": assessment,
        "decision": decision,
        "case": decision.case if decision else None,
        "investigation": investigation,
        "findings": list(investigation.findings.all()) if investigation else [],
        # A step's form: where the workflow table allows the move and the permission allows the user.
        "assessment_form": bound.get("assessment") or (
            AssessmentForm() if can_move(report.status, ReportStatus.ASSESSED)
            and allowed(user, "intake.assess", report) else None),
        "decision_form": bound.get("decision") or (
            DecisionForm() if can_move(report.status, ReportStatus.DECIDED)
            and allowed(user, "intake.decide", report) else None),
        "investigation_form": bound.get("investigation") or (
            InvestigationForm(report.violence_types)
            if investigation and not investigation.completed_on
            and allowed(user, "intake.complete_investigation", report) else None),
        "instrument_choice": InstrumentChoiceForm(initial={"instrument": instrument_code}),
        "instrument_form": instrument_form,
        "link_search": link.get("search") or KnownPersonSearchForm(prefix="koppel-zoek"),
        "link_results": link.get("results"),
        "link_error": link.get("error", ""),
        "link_new": link.get("new") or NewPersonForm(prefix="koppel-nieuw"),
        "role_choices": PersonRole.choices,
        "score_note": _("Een score ondersteunt het oordeel van de professional; hij beslist niet."),
        # Sections other apps add (the Spoedplein's presentation behind a hospital's report).
        "panels": report_panels(user, report),
    }
    audit.log_access(actor, event=Event.REPORT_READ, action=Action.READ, obj=report,
                     persons=[i.person for i in report.involved_list])
    return render(request, "intake/report_detail.html", context)


def _done(request, report, message):
    messages.success(request, message)
    return redirect("intake:report_detail", pk=report.pk)


def _step(request, actor, pk, key, make_form, perform, message, *, then=None):
    """Run one step: a valid form goes to the service; a form error or a refused rule comes back
    on the page, at its field, with what was typed. ``then(result)`` may name where the work goes
    on after a success (a URL), instead of the report page."""
    report = _report_or_404(request, actor, pk)
    form = make_form(report)
    if form.is_valid():
        try:
            result = perform(actor, report, form)
        except RuleViolation as exc:
            add_violation(form, exc)
        else:
            onward = then(result) if then is not None else None
            if onward:
                messages.success(request, message)
                return redirect(onward)
            return _done(request, report, message)
    return _report_page(request, actor, report, bound={key: form})


@intake_view(["POST"], "intake.view_report")
def report_assess(request, actor, pk):
    def perform(actor, report, form):
        services.record_assessment(actor, report, **form.cleaned_data)

    return _step(request, actor, pk, "assessment", lambda r: AssessmentForm(request.POST), perform,
                 _("De veiligheidsbeoordeling is vastgelegd."))


@intake_view(["POST"], "intake.view_report")
def report_instrument(request, actor, pk):
    code = request.POST.get("instrument-instrument", "")
    if code not in instruments.REGISTRY:
        report = _report_or_404(request, actor, pk)
        messages.error(request, _("Kies eerst een instrument."))
        return _report_page(request, actor, report)

    def perform(actor, report, form):
        services.record_instrument(actor, report, instrument_code=code, answers=form.answers(),
                                   outcome=form.cleaned_data["outcome"])

    return _step(request, actor, pk, "instrument",
                 lambda r: InstrumentForm(instruments.get(code), request.POST), perform,
                 _("Het instrument is vastgelegd."))


@intake_view(["POST"], "intake.view_report")
def report_decide(request, actor, pk):
    def perform(actor, report, form):
        return services.decide(actor, report, **form.cleaned_data)

    def then(decision):
        """"Voorwaarden en vervolg" goes on to setting the conditions in the case file: one flow,
        not a search for the form. Only where the decider may set them (``cases.set_conditions``)."""
        case = decision.case
        if (decision.kind == DecisionKind.CONDITIONS and case is not None
                and allowed(request.user, "cases.set_conditions", case)):
            messages.info(request, _("Leg nu de veiligheidsvoorwaarden vast die met het gezin "
                                     "worden afgesproken."))
            return reverse("cases:step_conditions", args=[case.pk])
        return None

    return _step(request, actor, pk, "decision", lambda r: DecisionForm(request.POST), perform,
                 _("Het besluit is vastgelegd."), then=then)


@intake_view(["POST"], "intake.view_report")
def report_investigation(request, actor, pk):
    def perform(actor, report, form):
        services.complete_investigation(
            actor, report, findings=form.findings(), closed_early=form.cleaned_data["closed_early"],
            conclusion=form.cleaned_data["conclusion"])

    return _step(request, actor, pk, "investigation",
                 lambda r: InvestigationForm(r.violence_types, request.POST), perform,
                 _("De uitkomst van het onderzoek is vastgelegd."))


def _task_step(request, actor, pk, *, kind, tasks_of, prefix, form_class, perform, message,
               missing):
    """A step on one of several items of a report (a conversation, a feedback or informing task),
    named by the posted ``target``."""
    report = _report_or_404(request, actor, pk)
    target = next((t for t in tasks_of(report) if str(t.pk) == request.POST.get("target")), None)
    if target is None:
        messages.error(request, missing)
        return _report_page(request, actor, report)
    form = form_class(request.POST, prefix=f"{prefix}-{target.pk}")
    if form.is_valid():
        try:
            perform(actor, target, form.cleaned_data)
        except RuleViolation as exc:
            add_violation(form, exc)
        else:
            return _done(request, report, message)
    return _report_page(request, actor, report, bound={(kind, target.pk): form})


@intake_view(["POST"], "intake.view_report")
def report_conversation(request, actor, pk):
    def perform(actor, conversation, data):
        services.record_joint_conversation(
            actor, conversation, planned_for=data["planned_for"], held_at=data["held_at"],
            participants=data["participants"], notes=data["notes"])

    return _task_step(request, actor, pk, kind="conversation", tasks_of=lambda r: r.conversations,
                      prefix="gesprek", form_class=ConversationForm, perform=perform,
                      message=_("Het gezamenlijke gesprek is vastgelegd."),
                      missing=_("Kies het gesprek dat u wilt vastleggen."))


@intake_view(["POST"], "intake.view_report")
def report_feedback(request, actor, pk):
    def perform(actor, task, data):
        services.complete_feedback(actor, task, content=data["content"])

    return _task_step(request, actor, pk, kind="feedback", tasks_of=lambda r: r.feedback_list,
                      prefix="terugkoppeling", form_class=FeedbackForm, perform=perform,
                      message=_("De terugkoppeling aan de melder is vastgelegd."),
                      missing=_("Kies de terugkoppeling die u wilt vastleggen."))


@intake_view(["POST"], "intake.view_report")
def report_informing(request, actor, pk):
    def perform(actor, task, data):
        services.record_informing(actor, task, informed_on=data["informed_on"],
                                  reason_not_informed=data["reason_not_informed"])

    return _task_step(request, actor, pk, kind="informing", tasks_of=lambda r: r.informing_list,
                      prefix="informeren", form_class=InformingForm, perform=perform,
                      message=_("Het informeren is vastgelegd."),
                      missing=_("Kies de persoon over wie u het informeren vastlegt."))


@intake_view(["POST"], "intake.view_report")
def report_link_person(request, actor, pk):
    """Add a person to a report after it was taken: one found by the search, or a new one."""
    report = _report_or_404(request, actor, pk)
    action = request.POST.get("action", "")
    link: dict = {}
    if action == "search":
        search = KnownPersonSearchForm(request.POST, prefix="koppel-zoek")
        link["search"] = search
        if search.is_valid():
            link["results"] = _search(request, actor, search)
    elif action == "link_existing":
        form = LinkExistingForm(request.POST, prefix="koppel")
        person = None
        if form.is_valid():
            person = Person.objects.filter(pk=form.cleaned_data["person"],
                                           merged_into__isnull=True).first()
        if person is None:
            link["error"] = (next(iter(form.errors.values()))[0] if form.errors
                             else _("Deze persoon bestaat niet (meer)."))
        else:
            try:
                services.link_person(actor, report, services.InvolvedPerson(
                    form.cleaned_data["role"], person=person))
            except RuleViolation as exc:
                link["error"] = exc.message
            else:
                return _done(request, report, _("%(name)s is aan de melding gekoppeld.")
                             % {"name": person.full_name})
    elif action == "link_new":
        form = NewPersonForm(request.POST, prefix="koppel-nieuw")
        link["new"] = form
        if not form.has_changed():
            form.add_error(None, _("Vul de gegevens van de nieuwe persoon in."))
        elif form.is_valid():
            try:
                linked = services.link_person(actor, report, services.InvolvedPerson(
                    form.cleaned_data["role"], data=form.person_data(report.municipality_id)))
            except RuleViolation as exc:
                add_violation(form, exc)
            else:
                return _done(request, report, _("%(name)s is aan de melding gekoppeld.")
                             % {"name": linked.person.full_name})
    else:
        link["error"] = _("Zoek een persoon of vul een nieuwe persoon in.")
    return _report_page(request, actor, report, link=link)


# --- Advice requests ----------------------------------------------------------------------------


@intake_view(["GET"], "intake.view_advice_request")
def advice_list(request, actor):
    open_only = request.GET.get("open") == "1"
    if (download := exports.answer(request, actor, queries.advice_table,
                                   event=Event.ADVICE_LIST_EXPORTED,
                                   params={"open_only": open_only})) is not None:
        return download
    page = Paginator(queries.advice_queue(request.user, open_only=open_only),
                     PAGE_SIZE).get_page(request.GET.get("page") or 1)
    page.object_list = list(page.object_list)
    for advice in page.object_list:
        advice.violence_labels = queries.violence_labels(advice.violence_types)
    audit.log_access(actor, event=Event.ADVICE_LIST, action=Action.READ,
                     detail=f"pagina {page.number}: {len(page.object_list)} adviesvragen")
    return render(request, "intake/advice_list.html", {
        "page_obj": page, "advices": page.object_list, "open_only": open_only,
        "may_register": allowed(request.user, "intake.register_advice"),
        "querystring_without_page": _querystring_without_page(request),
        "export_links": exports.links(request),
    })


@intake_view(["GET", "POST"], "intake.register_advice")
def advice_create(request, actor):
    if request.method == "GET":
        form = AdviceForm(initial={"submission_key": new_submission_key(),
                                   "received_at": local_now_minute()})
    else:
        form = AdviceForm(request.POST)
        if form.is_valid():
            try:
                advice = services.register_advice(actor, form.advice_data())
            except RuleViolation as exc:
                add_violation(form, exc)
            else:
                messages.success(request, _("Adviesvraag %(ref)s is vastgelegd.")
                                 % {"ref": advice.reference})
                return redirect("intake:advice_detail", pk=advice.pk)
    return render(request, "intake/advice_form.html", {"form": form})


def _advice_or_404(request, actor, pk):
    advice = queries.advice_for_page(request.user, pk)
    if advice is None:
        audit.log_access(actor, event=Event.ADVICE_READ, action=Action.READ,
                         obj=("intake.advicerequest", str(pk)), outcome=Outcome.NOT_FOUND)
        raise Http404
    return advice


def _advice_page(request, actor, advice, *, record_form=None, convert_form=None):
    audit.log_access(actor, event=Event.ADVICE_READ, action=Action.READ, obj=advice)
    is_open = advice.converted_to_id is None
    may_record = is_open and allowed(request.user, "intake.record_advice", advice)
    may_convert = is_open and allowed(request.user, "intake.convert_advice", advice)
    return render(request, "intake/advice_detail.html", {
        "advice": advice,
        "panels": report_panels(request.user, advice),
        "violence_labels": queries.violence_labels(advice.violence_types),
        "record_form": record_form or (AdviceRecordForm(initial={
            "advice_given": advice.advice_given, "follow_up": advice.follow_up})
            if may_record else None),
        "convert_form": convert_form or (AdviceConvertForm(initial={
            "reporter_name": advice.asker_name}) if may_convert else None),
    })


@intake_view(["GET"], "intake.view_advice_request")
def advice_detail(request, actor, pk):
    return _advice_page(request, actor, _advice_or_404(request, actor, pk))


@intake_view(["POST"], "intake.view_advice_request")
def advice_record(request, actor, pk):
    advice = _advice_or_404(request, actor, pk)
    form = AdviceRecordForm(request.POST)
    if form.is_valid():
        try:
            services.record_advice(actor, advice, **form.cleaned_data)
        except RuleViolation as exc:
            add_violation(form, exc)
        else:
            messages.success(request, _("Het advies is vastgelegd."))
            return redirect("intake:advice_detail", pk=advice.pk)
    return _advice_page(request, actor, advice, record_form=form)


@intake_view(["POST"], "intake.view_advice_request")
def advice_convert(request, actor, pk):
    advice = _advice_or_404(request, actor, pk)
    if advice.converted_to_id:
        # A second click on "omzetten": the report exists; go there instead of refusing.
        messages.info(request, _("Deze adviesvraag is al omgezet in melding %(ref)s.")
                      % {"ref": advice.converted_to.reference})
        return redirect("intake:report_detail", pk=advice.converted_to_id)
    form = AdviceConvertForm(request.POST)
    if form.is_valid():
        try:
            report = services.convert_advice_to_report(actor, advice,
                                                       reporter=form.reporter(advice))
        except RuleViolation as exc:
            add_violation(form, exc)
        else:
            messages.success(request, _(
                "Adviesvraag %(advice)s is omgezet in melding %(ref)s. De veiligheidsbeoordeling "
                "moet uiterlijk %(due)s klaar zijn.") % {
                    "advice": advice.reference, "ref": report.reference,
                    "due": _deadline_text(report)})
            return redirect("intake:report_detail", pk=report.pk)
    return _advice_page(request, actor, advice, convert_form=form)


@view_access(ViewAccess.STAFF)
def person_merge_moved(request):
    """The merge page moved to the persons app (``persons:person_merge``, /personen/samenvoegen/); an
    old bookmark follows it with a permanent redirect. The permission is asked first, as on the page
    itself, so to anyone else this address stays the logged 404 it always was."""
    require(request.user, "persons.merge")
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return redirect("persons:person_merge", permanent=True)
