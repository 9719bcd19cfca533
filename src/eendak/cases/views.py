"""The case-file screens: my cases, actions and signals; the case page with everything of one
household's file; the steps on it; documents; the plan on paper; what our organisation wrote.

Thin on purpose. What the page shows is assembled in ``cases.pages`` (with its query budget), every
change is one call to ``cases.services`` (which checks the rules and writes journal and access log),
and what a page shows of persons is logged here, once per request. A case the acting organisation
may not see is a 404, the same as a case that does not exist, for every URL and method, and the
refusal is logged.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eendak import authz
from eendak.audit import services as audit
from eendak.audit.models import Action, Outcome
from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.roles import Capability, OrganisationType
from eendak.persons import services as persons

from . import forms as f
from . import pages, pdf, queries, services
from .models import ChildVoice, Document, PlanPart, Visibility

PAGE_SIZE = 25


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


def _as_seen(request, actor: Actor, case) -> Actor:
    """The actor, marked as working through break-the-glass when the emergency grant is the only
    way in: every log entry this request writes (ours and the services') is then an emergency
    entry with the grant's reason, and the page shows the red banner."""
    grant = persons.emergency_access_for(request.user, [case.household])
    request.eendak_emergency = grant
    return replace(actor, emergency_reason=grant.reason) if grant else actor


def _not_found(actor, event: str, obj=None, detail: str = ""):
    audit.log_access(actor, event=event, action=Action.READ, obj=obj, outcome=Outcome.NOT_FOUND,
                     detail=detail)
    raise Http404


def personal_view(methods: list[str], event: str):
    """A screen without a case in its URL, for people who work with client data. Others get 404
    (logged), before the HTTP method is even looked at."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            actor = Actor.from_request(request)
            if not authz.has_capability(request.user, Capability.CLIENT_DATA):
                audit.log_access(actor, event=event, action=Action.READ, outcome=Outcome.DENIED,
                                 detail="geen recht op cliëntgegevens")
                raise Http404
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, actor, *args, **kwargs)

        return view_access(ViewAccess.PERSONAL)(wrapper)

    return decorate


def case_view(methods: list[str], event: str):
    """A screen on one case: ``cases.view_case`` first (404 and a logged refusal otherwise), then the
    method. The view gets the ``Actor`` and the case."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, pk, *args, **kwargs):
            actor = Actor.from_request(request)
            case = pages.visible_case(request.user, pk)
            if case is None:
                _not_found(actor, event, ("cases.case", str(pk)))
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, _as_seen(request, actor, case), case, *args, **kwargs)

        return view_access(ViewAccess.PERSONAL)(wrapper)

    return decorate


# --- Mijn casussen, Mijn acties, Signalen ---------------------------------------------------------


@personal_view(["GET"], "case.list")
def my_cases(request, actor):
    page = pages.my_cases_page(request.user, request.GET.get("page") or 1, PAGE_SIZE)
    actions = list(queries.my_actions(request.user))
    signals = queries.signals(request.user)
    recurrences = pages.recurrences_for(request.user)
    membership = authz.acting_membership(request.user)
    shown = [m.person for case in page.object_list for m in case.household.member_list]
    audit.log_access(actor, event="case.list", action=Action.READ, persons=shown,
                     detail=f"pagina {page.number}: {len(page.object_list)} casussen, "
                            f"{len(actions)} acties, {len(signals)} signalen")
    return render(request, "cases/my_cases.html", {
        "page_obj": page, "cases": page.object_list, "actions": actions, "signals": signals,
        "recurrences": recurrences,
        "is_veilig_thuis": membership.organisation.type == OrganisationType.VEILIG_THUIS,
        "today": timezone.localdate(),
        "querystring_without_page": _querystring_without_page(request),
    })


@view_access(ViewAccess.PERSONAL)
def recurrence_seen(request, recurrence_id):
    """Mark a recurrence signal as seen, so it leaves the signals (it stays in the list)."""
    from .models import Recurrence

    actor = Actor.from_request(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    membership = authz.acting_membership(request.user)
    recurrence = Recurrence.objects.select_related("report", "previous_case").filter(
        pk=recurrence_id, signalled_to_id=membership.organisation_id if membership else None,
    ).first()
    if recurrence is None or not authz.has_capability(request.user, Capability.CLIENT_DATA):
        _not_found(actor, "case.recurrence_seen", ("cases.recurrence", str(recurrence_id)))
    services.acknowledge_recurrence(actor, recurrence)
    messages.success(request, _("Het signaal over %(ref)s is gemarkeerd als gezien.")
                     % {"ref": recurrence.report.reference})
    return redirect("cases:my_cases")


@personal_view(["GET"], "case.own_contributions")
def contributions(request, actor):
    """"Onze bijdragen": what our organisation wrote, also in files we no longer take part in."""
    page = pages.contributions_page(request.user, request.GET.get("page") or 1)
    case_ids = {entry.case_id for entry in page.object_list}
    audit.log_access(actor, event="case.own_contributions", action=Action.READ,
                     persons=pages.persons_of_cases(case_ids) if case_ids else [],
                     detail=f"pagina {page.number}: {len(page.object_list)} journaalregels")
    return render(request, "cases/contributions.html", {
        "page_obj": page, "entries": page.object_list,
        "querystring_without_page": _querystring_without_page(request),
    })


# --- The case page ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One form on the case page and the one service it calls.

    ``make`` builds the form (bound with the POST, or unbound for the page); ``allowed`` says whether
    the acting organisation sees the form at all; ``perform`` calls the service; ``target`` (for a
    step on one item: a handover, an action) finds the item named by the posted ``target`` among
    what the page loaded.
    """

    key: str
    route: str
    make: Callable
    allowed: Callable
    perform: Callable
    message: str
    anchor: str
    target: Callable | None = None
    field_map: Callable | None = None


def _item(items, pk):
    return next((item for item in items if str(item.pk) == str(pk)), None)


def _offer(actor, page, form):
    services.offer_handover(actor, page.case, to_organisation_id=form.cleaned_data["to_organisation"],
                            note=form.cleaned_data["note"])


def _needs_plan(page):
    if page.current_plan is None:
        raise RuleViolation(_("Er is nog geen plan. Maak eerst een versie van het plan."))
    return page.current_plan


STEPS = [
    Step("journal", "journaal/nieuw/",
         lambda page, data=None, files=None: f.JournalEntryForm(data, prefix="journaal"),
         lambda page: page.allowed.participate,
         lambda actor, page, form: services.add_journal_entry(
             actor, page.case, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"],
             visibility=form.cleaned_data["visibility"],
             occurred_at=form.cleaned_data["occurred_at"]),
         gettext_lazy("De journaalregel is toegevoegd."), "journaal"),
    Step("document", "documenten/nieuw/",
         lambda page, data=None, files=None: f.DocumentForm(data, files, prefix="document"),
         lambda page: page.allowed.participate,
         lambda actor, page, form: services.upload_document(
             actor, page.case, form.cleaned_data["file"],
             description=form.cleaned_data["description"],
             visibility=form.cleaned_data["visibility"]),
         gettext_lazy("Het document is toegevoegd."), "documenten"),
    Step("participant", "deelnemers/nieuw/",
         lambda page, data=None, files=None: f.ParticipantForm(data, page=page, prefix="deelnemer"),
         lambda page: page.allowed.participate,
         lambda actor, page, form: services.add_participant(
             actor, page.case, form.chosen_organisation(), task=form.cleaned_data["task"],
             legal_basis=form.cleaned_data["legal_basis"]),
         gettext_lazy("De organisatie neemt nu deel aan de casus."), "deelnemers"),
    Step("end_participation", "deelnemers/beeindigen/",
         lambda page, data=None, files=None: f.EndParticipationForm(data, page=page,
                                                                    prefix="beeindigen"),
         lambda page: page.allowed.participate and any(
             p.organisation_id != page.case.responsible_organisation_id
             for p in page.active_participations),
         lambda actor, page, form: services.end_participation(
             actor, form.chosen_participation(), reason=form.cleaned_data["reason"]),
         gettext_lazy("De deelname is beëindigd."), "deelnemers"),
    Step("coordinator", "coordinator/",
         lambda page, data=None, files=None: f.CoordinatorForm(data, page=page, prefix="coordinator"),
         lambda page: page.allowed.participate,
         lambda actor, page, form: services.assign_coordinator(actor, page.case,
                                                               form.chosen_coordinator()),
         gettext_lazy("De casuscoördinator is vastgelegd."), "verantwoordelijk"),
    Step("phase", "fase/",
         lambda page, data=None, files=None: f.PhaseForm(data, prefix="fase"),
         lambda page: page.allowed.participate,
         lambda actor, page, form: services.change_phase(
             actor, page.case, to_phase=form.cleaned_data["to_phase"],
             reason=form.cleaned_data["reason"]),
         gettext_lazy("De fase is gewijzigd."), "fase"),
    Step("shield", "afschermen/",
         lambda page, data=None, files=None: f.ShieldForm(data, page=page, prefix="afschermen"),
         lambda page: page.allowed.participate,
         lambda actor, page, form: services.shield_person(
             actor, page.case, person=form.chosen_person(), hidden_from=form.chosen_hidden_from(),
             reason=form.cleaned_data["reason"]),
         gettext_lazy("Adres en contactgegevens zijn afgeschermd."), "personen"),
    Step("conditions", "voorwaarden/",
         lambda page, data=None, files=None: f.ConditionsForm(data, prefix="voorwaarden"),
         lambda page: page.allowed.veilig_thuis,
         lambda actor, page, form: services.set_conditions(actor, page.case, form.conditions()),
         gettext_lazy("De veiligheidsvoorwaarden zijn vastgesteld."), "voorwaarden",
         field_map=lambda form: form.field_map()),
    Step("monitoring", "monitoring/",
         lambda page, data=None, files=None: f.MonitoringForm(data, page=page, prefix="monitoring"),
         lambda page: page.allowed.veilig_thuis and bool(page.open_moments)
         and bool(page.active_conditions),
         lambda actor, page, form: services.record_monitoring(
             actor, form.chosen_moment(), held_on=form.cleaned_data["held_on"],
             statuses=form.statuses(),
             incidents_since_last=form.cleaned_data["incidents_since_last"],
             assessment=form.cleaned_data["assessment"]),
         gettext_lazy("Het monitoringsmoment is vastgelegd."), "monitoring"),
    Step("monitoring_decision", "monitoring/besluit/",
         lambda page, data=None, files=None: f.MonitoringDecisionForm(data, prefix="besluit"),
         lambda page: page.allowed.veilig_thuis and page.case.monitoring_started_on is not None,
         lambda actor, page, form: services.decide_on_monitoring_limit(
             actor, page.case, kind=form.cleaned_data["kind"], reason=form.cleaned_data["reason"],
             new_until=form.cleaned_data["new_until"]),
         gettext_lazy("Het besluit over de monitoring is vastgelegd."), "monitoring"),
    Step("plan_version", "plan/nieuwe-versie/",
         lambda page, data=None, files=None: f.PlanVersionForm(data, prefix="planversie"),
         lambda page: page.allowed.participate,
         lambda actor, page, form: services.new_plan_version(actor, page.case,
                                                             note=form.cleaned_data["note"]),
         gettext_lazy("Er is een nieuwe versie van het plan."), "plan"),
    Step("goal", "plan/doel/",
         lambda page, data=None, files=None: f.GoalForm(data, prefix="doel"),
         lambda page: page.allowed.participate and page.current_plan is not None
         and not page.current_plan.agreed_with_family_on,
         lambda actor, page, form: services.add_goal(
             actor, _needs_plan(page), part=form.cleaned_data["part"],
             text=form.cleaned_data["text"], child_text=form.cleaned_data["child_text"]),
         gettext_lazy("Het doel is toegevoegd."), "plan"),
    Step("action", "plan/actie/",
         lambda page, data=None, files=None: f.ActionForm(data, page=page, prefix="actie"),
         lambda page: page.allowed.participate and bool(page.goals)
         and not page.current_plan.agreed_with_family_on,
         lambda actor, page, form: services.add_action(
             actor, form.chosen_goal(), text=form.cleaned_data["text"],
             owner_organisation=form.chosen_owner_organisation(), owner=form.chosen_owner(),
             start_on=form.cleaned_data["start_on"], due_on=form.cleaned_data["due_on"]),
         gettext_lazy("De actie is toegevoegd."), "plan"),
    Step("action_status", "plan/actie-status/",
         lambda page, data=None, files=None, target=None: f.ActionStatusForm(
             data, prefix=f"status-{target.pk}",
             initial={"status": target.status}),
         lambda page, action: page.allowed.participate
         and action.owner_organisation_id == page.organisation_id,
         lambda actor, page, form, action: services.set_action_status(
             actor, action, form.cleaned_data["status"]),
         gettext_lazy("De status van de actie is bijgewerkt."), "plan",
         target=lambda page, pk: _item(page.actions, pk)),
    Step("plan_agreed", "plan/afgesproken/",
         lambda page, data=None, files=None: f.PlanAgreedForm(data, prefix="afgesproken"),
         lambda page: page.allowed.participate and bool(page.goals)
         and not page.current_plan.agreed_with_family_on,
         lambda actor, page, form: services.mark_plan_agreed(
             actor, _needs_plan(page), agreed_on=form.cleaned_data["agreed_on"]),
         gettext_lazy("Het plan is gemarkeerd als met het gezin afgesproken."), "plan"),
    Step("handover_offer", "overdracht/aanbieden/",
         lambda page, data=None, files=None: f.HandoverOfferForm(data, page=page,
                                                                 prefix="overdracht"),
         lambda page: page.allowed.hand_over, _offer,
         gettext_lazy("De overdracht is aangeboden. Tot de ontvanger accepteert, blijft uw "
                      "organisatie verantwoordelijk voor zicht op veiligheid."), "verantwoordelijk"),
    Step("handover_accept", "overdracht/accepteren/",
         lambda page, data=None, files=None, target=None: f.HandoverAcceptForm(
             data, prefix="accepteren"),
         lambda page, handover: page.allowed.respond,
         lambda actor, page, form, handover: services.accept_handover(actor, handover),
         gettext_lazy("U heeft de overdracht geaccepteerd: uw organisatie is nu verantwoordelijk "
                      "voor zicht op veiligheid."), "verantwoordelijk",
         target=lambda page, pk: _item(page.handovers, pk)),
    Step("handover_decline", "overdracht/afwijzen/",
         lambda page, data=None, files=None, target=None: f.HandoverDeclineForm(
             data, prefix="afwijzen"),
         lambda page, handover: page.allowed.respond,
         lambda actor, page, form, handover: services.decline_handover(
             actor, handover, reason=form.cleaned_data["reason"]),
         gettext_lazy("U heeft de overdracht afgewezen."), "verantwoordelijk",
         target=lambda page, pk: _item(page.handovers, pk)),
    Step("handover_withdraw", "overdracht/intrekken/",
         lambda page, data=None, files=None, target=None: f.HandoverWithdrawForm(
             data, prefix="intrekken"),
         lambda page, handover: page.allowed.withdraw,
         lambda actor, page, form, handover: services.withdraw_handover(actor, handover),
         gettext_lazy("De overdracht is ingetrokken."), "verantwoordelijk",
         target=lambda page, pk: _item(page.handovers, pk)),
    Step("child_voice", "stem-van-het-kind/",
         lambda page, data=None, files=None: f.ChildVoiceForm(data, page=page, prefix="kind"),
         lambda page: page.allowed.participate and bool(page.children),
         lambda actor, page, form: services.record_child_voice(
             actor, page.case, child=form.chosen_child(), account=form.cleaned_data["account"],
             wishes=form.cleaned_data["wishes"]),
         gettext_lazy("Het verhaal en de wensen van het kind zijn vastgelegd."), "kind"),
    Step("close", "sluiten/",
         lambda page, data=None, files=None: f.CloseForm(data, prefix="sluiten"),
         lambda page: page.allowed.close,
         lambda actor, page, form: services.close_case(
             actor, page.case, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]),
         gettext_lazy("De casus is gesloten."), "overzicht"),
]
STEP_BY_KEY = {step.key: step for step in STEPS}


def _forms(page, bound: dict) -> dict:
    """Every form of the page: the one that failed (bound, with what was typed and its errors), the
    others empty where the acting organisation may use them, None where it may not."""
    result = {}
    for step in STEPS:
        if step.target is not None:
            continue
        if step.key in bound:
            result[step.key] = bound[step.key]
        elif step.allowed(page):
            result[step.key] = step.make(page)
    for action in page.actions:
        action.status_form = bound.get(("action_status", action.pk)) or _targeted(
            page, "action_status", action)
    handover = page.pending_handover
    for key in ("handover_accept", "handover_decline", "handover_withdraw"):
        failed = next((form for k, form in bound.items() if isinstance(k, tuple) and k[0] == key),
                      None)
        result[key] = failed or (_targeted(page, key, handover) if handover else None)
    return result


def _targeted(page, key, target):
    step = STEP_BY_KEY[key]
    if not step.allowed(page, target):
        return None
    form = step.make(page, target=target)
    form.target_pk = target.pk
    return form


def _case_page(request, actor, page, *, bound=None):
    """Everything of one household's file on one screen, with the forms the organisation may use.

    One access-log entry names every person of the household: the page shows all of them."""
    case = page.case
    context = {
        "case": case,
        "page": page,
        "forms": _forms(page, bound or {}),
        "emergency": request.eendak_emergency,
        "handover_preview": page.handover_preview,
        "journal_url": reverse("cases:journal", args=[case.pk]),
        "visibility_source": Visibility.SOURCE_ONLY,
    }
    response = render(request, "cases/case_detail.html", context)
    audit.log_access(actor, event="case.read", action=Action.READ, obj=case,
                     persons=page.person_ids)
    return response


@case_view(["GET"], "case.read")
def case_detail(request, actor, case):
    return _case_page(request, actor, pages.CasePage(request.user, case))


def _run_step(step: Step):
    """The POST view of one step: a valid form goes to the one service; a form error or a refused
    rule comes back on the page, at its field, with what was typed, and nothing is changed."""

    @case_view(["POST"], "case.read")
    def view(request, actor, case):
        page = pages.CasePage(request.user, case)
        target = None
        if step.target is not None:
            target = step.target(page, request.POST.get("target"))
            if target is None:
                messages.error(request, _("Dit onderdeel bestaat niet (meer) in deze casus."))
                return _case_page(request, actor, page)
            form = step.make(page, request.POST, request.FILES, target=target)
            form.target_pk = target.pk
        else:
            form = step.make(page, request.POST, request.FILES)
        if form.is_valid():
            try:
                if target is not None:
                    step.perform(actor, page, form, target)
                else:
                    step.perform(actor, page, form)
            except RuleViolation as exc:
                f.add_violation(form, exc, step.field_map(form) if step.field_map else None)
            else:
                messages.success(request, step.message)
                if not authz.can_view_case(request.user, case):
                    # E.g. the local team closed the case: its part (and its access) ended with it.
                    messages.info(request, _("Uw organisatie neemt niet meer deel aan deze casus; "
                                             "wat u schreef staat onder ‘Onze bijdragen’."))
                    return redirect("cases:my_cases")
                return redirect(reverse("cases:case_detail", args=[case.pk]) + f"#{step.anchor}")
        key = (step.key, target.pk) if target is not None else step.key
        # A fresh page: the failed service call may have left nothing behind, and must look so.
        return _case_page(request, actor, pages.CasePage(request.user, case), bound={key: form})

    view.__name__ = view.__qualname__ = f"case_{step.key}"
    return view


STEP_VIEWS = {step.key: _run_step(step) for step in STEPS}


def step_urls() -> list:
    return [path(f"<int:pk>/{step.route}", STEP_VIEWS[step.key], name=f"step_{step.key}")
            for step in STEPS]


# --- The journal, documents ------------------------------------------------------------------------


@case_view(["GET"], "case.journal_read")
def journal(request, actor, case):
    """The whole time line, 50 a page; the case page shows the latest and links here."""
    page = pages.journal_page(request.user, case, request.GET.get("page") or 1)
    audit.log_access(actor, event="case.journal_read", action=Action.READ, obj=case,
                     persons=pages.household_person_ids(case), detail=f"pagina {page.number}")
    return render(request, "cases/journal.html", {
        "case": case, "page_obj": page, "entries": page.object_list,
        "emergency": request.eendak_emergency,
        "querystring_without_page": _querystring_without_page(request),
    })


@view_access(ViewAccess.PERSONAL)
def document(request, pk, document_id):
    """A document, only through ``cases.view_document``: as an attachment, never rendered inline,
    with its stored type and nosniff so a browser cannot be talked into reading it as a page."""
    actor = Actor.from_request(request)
    found = Document.objects.select_related("case__household").filter(pk=document_id,
                                                                        case_id=pk).first()
    if found is None or not request.user.has_perm("cases.view_document", found):
        _not_found(actor, "case.document_read", ("cases.document", str(document_id)))
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    actor = _as_seen(request, actor, found.case)
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, ValueError):
        _not_found(actor, "case.document_read", found.case, detail="bestand ontbreekt")
    audit.log_access(actor, event="case.document_read", action=Action.READ, obj=found.case,
                     persons=pages.household_person_ids(found.case),
                     detail=f"document {found.pk}: {found.original_name}")
    response = FileResponse(handle, as_attachment=True, filename=found.original_name,
                            content_type=found.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The plan on paper --------------------------------------------------------------------------------


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _version_or_404(actor, page, request):
    version = pages.plan_version_for_print(page, request.GET.get("versie"))
    if request.GET.get("versie") and version is None:
        _not_found(actor, "case.plan_printed", page.case, detail="onbekende planversie")
    return version


def _log_print(actor, page, version, *, child=None) -> None:
    if version is not None:
        services.log_plan_printed(actor, version, for_child=child)
    else:
        # Printed before any plan exists (the conditions and who takes part, for the first
        # family meeting): the same event, without a version.
        audit.log_access(actor, event="case.plan_printed", action=Action.EXPORT, obj=page.case,
                         persons=[child] if child else page.person_ids,
                         detail="nog geen planversie" + (" kindversie" if child else ""))


@case_view(["GET"], "case.plan_printed")
def plan_pdf(request, actor, case):
    """The plan for the family meeting: who takes part, the conditions, every goal and action."""
    page = pages.CasePage(request.user, case)
    version = _version_or_404(actor, page, request)
    goals = pages.goals_of(version) if version else []
    content = pdf.render_pdf("cases/pdf/plan.html", {
        "case": case, "page": page, "version": version,
        "parts": [(value, label, [g for g in goals if g.part == value])
                  for value, label in PlanPart.choices],
    })
    _log_print(actor, page, version)
    number = f"-v{version.number}" if version else ""
    return _pdf_response(content, f"plan-{case.reference}{number}.pdf")


@case_view(["GET"], "case.plan_printed")
def plan_child_pdf(request, actor, case):
    """The plan in words for one child (``?kind=<id>``; not needed when there is one child): the
    goals as written for the child where they were, and the child's own wishes."""
    page = pages.CasePage(request.user, case)
    children = page.children
    wanted = request.GET.get("kind")
    child = _item(children, wanted) if wanted else (children[0] if len(children) == 1 else None)
    if child is None:
        _not_found(actor, "case.plan_printed", case, detail="kind niet in dit huishouden")
    version = _version_or_404(actor, page, request)
    goals = pages.goals_of(version) if version else []
    voice = (ChildVoice.objects.filter(case=case, child=child).order_by("-recorded_at").first())
    content = pdf.render_pdf("cases/pdf/plan_child.html", {
        "case": case, "child": child, "version": version, "voice": voice,
        "parts": [(value, label, [g for g in goals if g.part == value])
                  for value, label in PlanPart.choices],
        "helpers": sorted({p.organisation.name for p in page.active_participations}),
        "coordinator": case.coordinator,
    })
    _log_print(actor, page, version, child=child)
    number = f"-v{version.number}" if version else ""
    return _pdf_response(content, f"plan-{case.reference}{number}-kind.pdf")
