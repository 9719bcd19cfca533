"""The case-file screens: my cases, actions and signals; the case page with everything of one
household's file; the steps on it; documents; the plan on paper; what our organisation wrote.

Thin on purpose. What the page shows is assembled in ``cases.pages`` (on the one read model
``cases.queries.CaseFile``, with its query budget), every change is one call to ``cases.services``
(which requires the step's declared permission and writes journal and access log through
``cases.events``), and what a page shows of persons is logged here, once per request. A case the
acting organisation may not see is a 404, the same as a case that does not exist, for every URL and
method, and the refusal is logged; so is a step its organisation may not take (``NotPermitted``,
answered by ``AccessPolicyMiddleware``).

A step's form is not rendered with the case page: the page shows the step folded, and its form is
fetched when the step is opened (htmx, or a plain link to the step's own page without JavaScript).
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eendak.core import exports
from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import allowed, refusal, require
from eendak.core.roles import OrganisationType
from eendak.persons.permissions import note_emergency
from eendak.persons.queries import persons_of

from . import events, pages, pdf, queries, services
from . import forms as f
from .events import CaseEvent
from .models import ChildVoice, Document, PlanPart, Recurrence, Visibility

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
    note_emergency(request, [case.household])
    return actor.seen_through(request)


def _not_found(actor, event: CaseEvent, obj=None, detail: str = ""):
    events.not_found(actor, event, obj, detail=detail)
    raise Http404


def personal_view(methods: list[str], event: CaseEvent, rule: str):
    """A screen without a case in its URL, behind the declared permission ``rule`` (asked before the
    HTTP method is even looked at: a refusal is the logged 404 of something that is not there)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            actor = Actor.from_request(request)
            require(actor, rule)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, actor, *args, **kwargs)

        return view_access(ViewAccess.PERSONAL)(wrapper)

    return decorate


def case_view(methods: list[str], event: CaseEvent):
    """A screen on one case: ``cases.view_case`` first (404 and a logged refusal otherwise), then the
    method. The view gets the ``Actor`` and the case."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, pk, *args, **kwargs):
            actor = Actor.from_request(request)
            case = queries.visible_case(request.user, pk)
            if case is None:
                _not_found(actor, event, ("cases.case", str(pk)))
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, _as_seen(request, actor, case), case, *args, **kwargs)

        return view_access(ViewAccess.PERSONAL)(wrapper)

    return decorate


# --- Mijn casussen, Mijn acties, Signalen ---------------------------------------------------------


MY_CASES_LISTS = {"acties": (pages.my_actions_table, CaseEvent.MY_ACTIONS_EXPORTED),
                  "signalen": (pages.signals_table, CaseEvent.SIGNALS_EXPORTED)}


@personal_view(["GET"], CaseEvent.LIST, "cases.view_work")
def my_cases(request, actor):
    # One page, three lists: ``?lijst=acties`` or ``signalen`` exports that one (each its own
    # event), anything else the cases.
    build, event = MY_CASES_LISTS.get(request.GET.get(exports.LIST_PARAM, ""),
                                      (pages.my_cases_table, CaseEvent.LIST_EXPORTED))
    if (download := exports.answer(request, actor, build, event=event)) is not None:
        return download
    page = pages.my_cases_page(request.user, request.GET.get("page") or 1, PAGE_SIZE)
    actions = list(queries.my_actions(request.user))
    signals = queries.signals(request.user)
    recurrences = pages.recurrences_for(request.user)
    shown = [m.person for case in page.object_list for m in case.household.member_list]
    events.read(actor, CaseEvent.LIST, persons=shown,
                detail=f"pagina {page.number}: {len(page.object_list)} casussen, "
                       f"{len(actions)} acties, {len(signals)} signalen")
    return render(request, "cases/my_cases.html", {
        "page_obj": page, "cases": page.object_list, "actions": actions, "signals": signals,
        "recurrences": recurrences,
        "is_veilig_thuis": actor.organisation.type == OrganisationType.VEILIG_THUIS,
        "today": timezone.localdate(),
        "querystring_without_page": _querystring_without_page(request),
        "export_links": exports.links(request),
        "action_export_links": exports.links(request, "acties", _("Mijn acties")),
        "signal_export_links": exports.links(request, "signalen", _("Signalen")),
    })


@view_access(ViewAccess.PERSONAL)
def recurrence_seen(request, recurrence_id):
    """Mark a recurrence signal as seen, so it leaves the signals (it stays in the list)."""
    actor = Actor.from_request(request)
    recurrence = Recurrence.objects.select_related("report", "previous_case").filter(
        pk=recurrence_id).first()
    if recurrence is None:
        _not_found(actor, CaseEvent.RECURRENCE_SEEN, ("cases.recurrence", str(recurrence_id)))
    require(actor, "cases.acknowledge_recurrence", recurrence)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.acknowledge_recurrence(actor, recurrence)
    messages.success(request, _("Het signaal over %(ref)s is gemarkeerd als gezien.")
                     % {"ref": recurrence.report.reference})
    return redirect("cases:my_cases")


@personal_view(["GET"], CaseEvent.OWN_CONTRIBUTIONS, "cases.view_own_contributions")
def contributions(request, actor):
    """"Onze bijdragen": what our organisation wrote, also in files we no longer take part in."""
    if (download := exports.answer(request, actor, pages.contributions_table,
                                   event=CaseEvent.OWN_CONTRIBUTIONS_EXPORTED)) is not None:
        return download
    page = pages.contributions_page(request.user, request.GET.get("page") or 1)
    households = {entry.case.household_id for entry in page.object_list}
    events.read(actor, CaseEvent.OWN_CONTRIBUTIONS, persons=persons_of(*households),
                detail=f"pagina {page.number}: {len(page.object_list)} journaalregels")
    return render(request, "cases/contributions.html", {
        "page_obj": page, "entries": page.object_list,
        "querystring_without_page": _querystring_without_page(request),
        "export_links": exports.links(request),
    })


# --- The case page and its steps ---------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One step on the case page: its form, the declared permission it needs, the one service.

    ``permission`` is asked of the case, of the ``target`` item (a handover, an action), or — with
    ``of`` — of any of the items a form offers (the participations one may end). ``when`` is what the
    data must be for the step to make sense (an open monitoring moment, a plan to add goals to); it
    folds the step away, it is not a permission. ``make`` builds the form (bound with the POST, or
    unbound when the step is opened); ``perform`` calls the service.
    """

    key: str
    route: str
    permission: str
    make: Callable
    perform: Callable
    message: str
    anchor: str
    title: str
    submit: str
    when: Callable = field(default=lambda page: True)
    of: Callable | None = None
    target: Callable | None = None
    field_map: Callable | None = None
    grid: bool = False
    multipart: bool = False
    button: str = "primary-action"
    # Taken on a closed case too (its permission decides; the impact measurement at 18 months
    # follows the family after the file closed).
    on_closed: bool = False
    # Other words for the same step where the data asks for them: the page -> the fields of the step
    # to say differently (``title``, ``submit``, ``message``), or None. The first version of the plan
    # is "drawing up the plan", not "a new version".
    wording: Callable | None = None

    def for_page(self, page) -> "Step":
        """The step as this page words it (``wording``); the same step everywhere else."""
        words = self.wording(page) if self.wording is not None else None
        return replace(self, **words) if words else self

    def permitted(self, page, target=None, *, closed_too: bool = False) -> bool:
        """Whether the acting organisation may take this step. ``closed_too`` asks who acts only,
        also of a closed case: a step posted to a closed case is refused by its service with a
        message (a rule about the state, like the API's 400), not as a step one may not take."""

        def may(obj=None):
            if closed_too or self.on_closed:
                return allowed(page.user, self.permission, page.case if obj is None else obj)
            return page.may(self.permission, obj)

        if target is not None:
            return may(target)
        if self.of is not None:
            return any(may(item) for item in self.of(page))
        return may()

    def shown(self, page) -> bool:
        return self.permitted(page) and self.when(page)

    def refuse(self, page, target=None):
        """The step's permission said no: the declared name, for the log and the 404."""
        raise refusal(self.permission, target if target is not None else page.case)


@dataclass(frozen=True)
class Folded:
    """A step the page shows closed: its form is fetched from ``url`` when it is opened."""

    step: Step
    url: str
    folded: bool = True
    is_bound: bool = False


def _item(items, pk):
    return next((item for item in items if str(item.pk) == str(pk)), None)


def _offer(actor, page, form):
    services.offer_handover(actor, page.case, to_organisation_id=form.cleaned_data["to_organisation"],
                            note=form.cleaned_data["note"])


def _needs_plan(page):
    if page.current_plan is None:
        raise RuleViolation(_("Er is nog geen plan. Maak eerst een versie van het plan."))
    return page.current_plan


def _endable(page) -> list:
    return [p for p in page.active_participations
            if p.organisation_id != page.case.responsible_organisation_id]


def _first_plan_wording(page) -> dict | None:
    if page.current_plan is not None:
        return None
    return {"title": T("Het plan opstellen"), "submit": T("Plan beginnen"),
            "message": T("Het plan is begonnen. Voeg nu de doelen en acties toe die u met het gezin "
                         "afspreekt."),
            "button": "primary-action"}


def _plan_open(page) -> bool:
    return page.current_plan is not None and not page.current_plan.agreed_with_family_on


T = gettext_lazy
STEPS = [
    Step("journal", "journaal/nieuw/", "cases.add_journal_entry",
         lambda page, data=None, files=None: f.JournalEntryForm(data, prefix="journaal"),
         lambda actor, page, form: services.add_journal_entry(
             actor, page.case, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"],
             visibility=form.cleaned_data["visibility"],
             occurred_at=form.cleaned_data["occurred_at"]),
         T("De journaalregel is toegevoegd."), "journaal",
         T("Journaalregel toevoegen"), T("Toevoegen")),
    Step("document", "documenten/nieuw/", "cases.upload_document",
         lambda page, data=None, files=None: f.DocumentForm(data, files, prefix="document"),
         lambda actor, page, form: services.upload_document(
             actor, page.case, form.cleaned_data["file"],
             description=form.cleaned_data["description"],
             visibility=form.cleaned_data["visibility"]),
         T("Het document is toegevoegd."), "documenten",
         T("Document toevoegen"), T("Toevoegen"), multipart=True),
    Step("participant", "deelnemers/nieuw/", "cases.add_participant",
         lambda page, data=None, files=None, search="": f.ParticipantForm(
             data, page=page, search=search, prefix="deelnemer"),
         lambda actor, page, form: services.add_participant(
             actor, page.case, form.chosen_organisation(), task=form.cleaned_data["task"],
             legal_basis=form.cleaned_data["legal_basis"]),
         T("De organisatie neemt nu deel aan de casus."), "deelnemers",
         T("Organisatie toevoegen"), T("Toevoegen"), grid=True),
    Step("end_participation", "deelnemers/beeindigen/", "cases.end_participation",
         lambda page, data=None, files=None: f.EndParticipationForm(data, page=page,
                                                                    prefix="beeindigen"),
         lambda actor, page, form: services.end_participation(
             actor, form.chosen_participation(), reason=form.cleaned_data["reason"]),
         T("De deelname is beëindigd."), "deelnemers",
         T("Deelname beëindigen"), T("Beëindigen"), of=_endable, button="secondary-action"),
    Step("coordinator", "coordinator/", "cases.choose_coordinator",
         lambda page, data=None, files=None: f.CoordinatorForm(data, page=page, prefix="coordinator"),
         lambda actor, page, form: services.assign_coordinator(actor, page.case,
                                                               form.chosen_coordinator()),
         T("De casuscoördinator is vastgelegd."), "verantwoordelijk",
         T("Casuscoördinator kiezen"), T("Vastleggen")),
    Step("phase", "fase/", "cases.change_phase",
         lambda page, data=None, files=None: f.PhaseForm(data, page=page, prefix="fase"),
         lambda actor, page, form: services.change_phase(
             actor, page.case, to_phase=form.cleaned_data["to_phase"],
             reason=form.cleaned_data["reason"]),
         T("De fase is gewijzigd."), "fase", T("Fase wijzigen"), T("Fase wijzigen")),
    Step("shield", "afschermen/", "cases.shield_person",
         lambda page, data=None, files=None: f.ShieldForm(data, page=page, prefix="afschermen"),
         lambda actor, page, form: services.shield_person(
             actor, page.case, person=form.chosen_person(), hidden_from=form.chosen_hidden_from(),
             reason=form.cleaned_data["reason"]),
         T("Adres en contactgegevens zijn afgeschermd."), "personen",
         T("Adres en contactgegevens afschermen voor een deelnemer"), T("Afschermen"), grid=True),
    Step("conditions", "voorwaarden/", "cases.set_conditions",
         lambda page, data=None, files=None: f.ConditionsForm(data, prefix="voorwaarden"),
         lambda actor, page, form: services.set_conditions(actor, page.case, form.conditions()),
         T("De veiligheidsvoorwaarden zijn vastgesteld."), "voorwaarden",
         T("Veiligheidsvoorwaarden vaststellen"), T("Vaststellen"),
         field_map=lambda form: form.field_map(), grid=True),
    Step("monitoring", "monitoring/", "cases.record_monitoring",
         lambda page, data=None, files=None: f.MonitoringForm(data, page=page, prefix="monitoring"),
         lambda actor, page, form: services.record_monitoring(
             actor, form.chosen_moment(), held_on=form.cleaned_data["held_on"],
             statuses=form.statuses(),
             incidents_since_last=form.cleaned_data["incidents_since_last"],
             assessment=form.cleaned_data["assessment"]),
         T("Het monitoringsmoment is vastgelegd."), "monitoring",
         T("Monitoringsmoment vastleggen"), T("Vastleggen"),
         when=lambda page: bool(page.open_moments) and bool(page.active_conditions)),
    Step("impact", "impactmeting/", "cases.record_impact",
         lambda page, data=None, files=None: f.ImpactForm(data, page=page, prefix="impact"),
         lambda actor, page, form: services.record_impact(
             actor, page.case, moment=form.cleaned_data["moment"],
             measured_on=form.cleaned_data["measured_on"],
             incidents=form.cleaned_data["incidents"], severity=form.cleaned_data["severity"],
             new_reports=form.cleaned_data["new_reports"],
             professional_safety=form.cleaned_data["professional_safety"],
             experienced=form.safety_answers(), child_help=form.help_answers(),
             monitoring_moment=form.chosen_moment(), note=form.cleaned_data["note"]),
         T("De impactmeting is vastgelegd."), "impact",
         T("Impactmeting vastleggen"), T("Vastleggen"), grid=True, on_closed=True),
    Step("monitoring_decision", "monitoring/besluit/", "cases.decide_monitoring_limit",
         lambda page, data=None, files=None: f.MonitoringDecisionForm(data, page=page,
                                                                      prefix="besluit"),
         lambda actor, page, form: services.decide_on_monitoring_limit(
             actor, page.case, kind=form.cleaned_data["kind"], reason=form.cleaned_data["reason"],
             new_until=form.cleaned_data["new_until"]),
         T("Het besluit over de monitoring is vastgelegd."), "monitoring",
         T("Verlengen of opschalen"), T("Besluit vastleggen"),
         when=lambda page: page.case.monitoring_started_on is not None),
    Step("plan_version", "plan/nieuwe-versie/", "cases.edit_plan",
         lambda page, data=None, files=None: f.PlanVersionForm(
             data, prefix="planversie", first=page.current_plan is None),
         lambda actor, page, form: services.new_plan_version(actor, page.case,
                                                             note=form.cleaned_data["note"]),
         T("Er is een nieuwe versie van het plan."), "plan",
         T("Nieuwe versie van het plan"), T("Nieuwe versie maken"), button="secondary-action",
         wording=_first_plan_wording),
    Step("goal", "plan/doel/", "cases.edit_plan",
         lambda page, data=None, files=None: f.GoalForm(data, prefix="doel"),
         lambda actor, page, form: services.add_goal(
             actor, _needs_plan(page), part=form.cleaned_data["part"],
             text=form.cleaned_data["text"], child_text=form.cleaned_data["child_text"]),
         T("Het doel is toegevoegd."), "plan", T("Doel toevoegen"), T("Toevoegen"),
         when=_plan_open),
    Step("action", "plan/actie/", "cases.add_action",
         lambda page, data=None, files=None: f.ActionForm(data, page=page, prefix="actie"),
         lambda actor, page, form: services.add_action(
             actor, form.chosen_goal(), text=form.cleaned_data["text"],
             owner_organisation=form.chosen_owner_organisation(), owner=form.chosen_owner(),
             start_on=form.cleaned_data["start_on"], due_on=form.cleaned_data["due_on"],
             offer=form.chosen_offer()),
         T("De actie is toegevoegd."), "plan", T("Actie toevoegen"), T("Toevoegen"),
         when=lambda page: bool(page.goals) and _plan_open(page), grid=True),
    Step("action_status", "plan/actie-status/", "cases.set_action_status",
         lambda page, data=None, files=None, target=None: f.ActionStatusForm(
             data, action=target, prefix=f"status-{target.pk}"),
         lambda actor, page, form, action: services.set_action_status(
             actor, action, form.cleaned_data["status"]),
         T("De status van de actie is bijgewerkt."), "plan", T("Status bijwerken"), T("Bijwerken"),
         target=lambda page, pk: _item(page.actions, pk), button="secondary-action"),
    Step("plan_agreed", "plan/afgesproken/", "cases.edit_plan",
         lambda page, data=None, files=None: f.PlanAgreedForm(data, prefix="afgesproken"),
         lambda actor, page, form: services.mark_plan_agreed(
             actor, _needs_plan(page), agreed_on=form.cleaned_data["agreed_on"]),
         T("Het plan is gemarkeerd als met het gezin afgesproken."), "plan",
         T("Plan met het gezin afgesproken"), T("Markeren als afgesproken"),
         when=lambda page: bool(page.goals) and _plan_open(page)),
    Step("handover_offer", "overdracht/aanbieden/", "cases.offer_handover",
         lambda page, data=None, files=None: f.HandoverOfferForm(data, page=page,
                                                                 prefix="overdracht"),
         _offer,
         T("De overdracht is aangeboden. Tot de ontvanger accepteert, blijft uw organisatie "
           "verantwoordelijk voor zicht op veiligheid."), "verantwoordelijk",
         T("Zicht op veiligheid overdragen"), T("Overdracht aanbieden"),
         when=lambda page: page.pending_handover is None),
    Step("handover_accept", "overdracht/accepteren/", "cases.accept_handover",
         lambda page, data=None, files=None, target=None: f.HandoverAcceptForm(
             data, prefix="accepteren"),
         lambda actor, page, form, handover: services.accept_handover(actor, handover),
         T("U heeft de overdracht geaccepteerd: uw organisatie is nu verantwoordelijk voor zicht op "
           "veiligheid."), "verantwoordelijk", T("Overdracht accepteren"),
         T("Overdracht accepteren"), target=lambda page, pk: _item(page.handovers, pk)),
    Step("handover_decline", "overdracht/afwijzen/", "cases.decline_handover",
         lambda page, data=None, files=None, target=None: f.HandoverDeclineForm(
             data, prefix="afwijzen"),
         lambda actor, page, form, handover: services.decline_handover(
             actor, handover, reason=form.cleaned_data["reason"]),
         T("U heeft de overdracht afgewezen."), "verantwoordelijk", T("Overdracht afwijzen"),
         T("Afwijzen"), target=lambda page, pk: _item(page.handovers, pk),
         button="secondary-action"),
    Step("handover_withdraw", "overdracht/intrekken/", "cases.withdraw_handover",
         lambda page, data=None, files=None, target=None: f.HandoverWithdrawForm(
             data, prefix="intrekken"),
         lambda actor, page, form, handover: services.withdraw_handover(actor, handover),
         T("De overdracht is ingetrokken."), "verantwoordelijk", T("Overdracht intrekken"),
         T("Overdracht intrekken"), target=lambda page, pk: _item(page.handovers, pk),
         button="secondary-action"),
    Step("child_voice", "stem-van-het-kind/", "cases.record_child_voice",
         lambda page, data=None, files=None: f.ChildVoiceForm(data, page=page, prefix="kind"),
         lambda actor, page, form: services.record_child_voice(
             actor, page.case, child=form.chosen_child(), account=form.cleaned_data["account"],
             wishes=form.cleaned_data["wishes"]),
         T("Het verhaal en de wensen van het kind zijn vastgelegd."), "kind",
         T("Verhaal en wensen van een kind vastleggen"), T("Vastleggen"),
         when=lambda page: bool(page.children)),
    Step("close", "sluiten/", "cases.close",
         lambda page, data=None, files=None: f.CloseForm(data, prefix="sluiten"),
         lambda actor, page, form: services.close_case(
             actor, page.case, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]),
         T("De casus is gesloten."), "overzicht", T("Casus sluiten"), T("Casus sluiten"),
         button="secondary-action"),
]
STEP_BY_KEY = {step.key: step for step in STEPS}


def _step_url(case, step: Step) -> str:
    return reverse(f"cases:step_{step.key}", args=[case.pk])


def _forms(page, bound: dict) -> dict:
    """Every step of the page: the one that failed (bound, with what was typed and its errors),
    the others folded (``Folded``: the form is fetched when opened) where the acting organisation
    may take them and the data allows, None where not. Steps on one item (a handover, an action)
    are small and built with the page, each asked of its own item."""
    result = {}
    for step in STEPS:
        if step.target is not None:
            continue
        if step.key in bound:
            result[step.key] = bound[step.key]
        elif step.shown(page):
            result[step.key] = Folded(step.for_page(page), _step_url(page.case, step))
    for action in page.actions:
        action.status_form = bound.get(("action_status", action.pk)) or _targeted(
            page, "action_status", action)
    handover = page.pending_handover
    for key in ("handover_accept", "handover_decline", "handover_withdraw"):
        failed = next((form for k, form in bound.items() if isinstance(k, tuple) and k[0] == key),
                      None)
        result[key] = failed or (_targeted(page, key, handover) if handover else None)
    return result


def _with_step(form, step: Step):
    form.step = step
    return form


def _targeted(page, key, target):
    step = STEP_BY_KEY[key]
    if not step.permitted(page, target):
        return None
    form = _with_step(step.make(page, target=target), step)
    form.target_pk = target.pk
    return form


def _case_page(request, actor, page, *, bound=None):
    """Everything of one household's file on one screen, with the steps the organisation may take.

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
    events.read(actor, CaseEvent.READ, case, persons=page.person_ids)
    return response


@case_view(["GET"], CaseEvent.READ)
def case_detail(request, actor, case):
    return _case_page(request, actor, pages.CasePage(request.user, case))


def _render_step(request, actor, page, step: Step, form):
    """The form of one step on its own: the fragment htmx puts into the opened step, or — without
    JavaScript — a page of its own with the case's heading. Logged like the case page: it shows
    the household's persons in its choices."""
    step = step.for_page(page)
    context = {"case": page.case, "page": page, "form": _with_step(form, step), "step": step,
               "emergency": request.eendak_emergency, "search": request.GET.get("zoek", "")}
    template = "cases/_step_form.html" if request.headers.get("HX-Request") else \
        "cases/step_page.html"
    response = render(request, template, context)
    events.read(actor, CaseEvent.READ, page.case, persons=page.person_ids,
                detail=f"stap {step.key}")
    return response


def _run_step(step: Step):
    """One URL per step. GET: its form (fetched when the step is opened). POST: a valid form goes to
    the one service; a form error or a refused rule comes back on the page, at its field, with
    what was typed, and nothing is changed. A step the organisation may not take is a logged 404
    before anything is read from the request."""

    @case_view(["GET", "POST"], CaseEvent.READ)
    def view(request, actor, case):
        page = pages.CasePage(request.user, case)
        target = None
        if step.target is not None:
            target = step.target(page, request.POST.get("target") or request.GET.get("target"))
            if target is None:
                messages.error(request, _("Dit onderdeel bestaat niet (meer) in deze casus."))
                return _case_page(request, actor, page)
        if not step.permitted(page, target, closed_too=True):
            step.refuse(page, target)
        if request.method == "GET":
            # A step on one item is a button on the case page; the others show their form, also when
            # the page would fold it away (``when``): the service says what the data allows.
            if target is not None:
                return redirect(reverse("cases:case_detail", args=[case.pk]) + f"#{step.anchor}")
            extra = {"search": request.GET.get("zoek", "")} if step.key == "participant" else {}
            return _render_step(request, actor, page, step, step.make(page, **extra))
        if target is not None:
            form = step.make(page, request.POST, request.FILES, target=target)
            form.target_pk = target.pk
        else:
            form = step.make(page, request.POST, request.FILES)
        worded = step.for_page(page)  # as the page said it when the form was sent
        _with_step(form, worded)
        if form.is_valid():
            try:
                if target is not None:
                    step.perform(actor, page, form, target)
                else:
                    step.perform(actor, page, form)
            except RuleViolation as exc:
                f.add_violation(form, exc, step.field_map(form) if step.field_map else None)
            else:
                messages.success(request, worded.message)
                if not allowed(request.user, "cases.view_case", case):
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


@case_view(["GET"], CaseEvent.JOURNAL_READ)
def journal(request, actor, case):
    """The whole time line, 50 a page; the case page shows the latest and links here."""
    require(actor, "cases.view_journal", case)
    page = pages.journal_page(request.user, case, request.GET.get("page") or 1)
    events.read(actor, CaseEvent.JOURNAL_READ, case, persons=persons_of(case.household_id),
                detail=f"pagina {page.number}")
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
    if found is None or not allowed(actor, "cases.view_document", found):
        _not_found(actor, CaseEvent.DOCUMENT_READ, ("cases.document", str(document_id)))
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    actor = _as_seen(request, actor, found.case)
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, ValueError):
        _not_found(actor, CaseEvent.DOCUMENT_READ, found.case, detail="bestand ontbreekt")
    events.read(actor, CaseEvent.DOCUMENT_READ, found.case,
                persons=persons_of(found.case.household_id),
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
        _not_found(actor, CaseEvent.PLAN_PRINTED, page.case, detail="onbekende planversie")
    return version


def _log_print(actor, page, version, *, child=None) -> None:
    """Every print is an export in the log; also before any plan exists (the conditions and who
    takes part, for the first family meeting): the same event, without a version."""
    detail = f"v{version.number}" if version is not None else "nog geen planversie"
    events.read(actor, CaseEvent.PLAN_PRINTED, page.case,
                persons=[child] if child else page.person_ids,
                detail=detail + (" kindversie" if child else ""))


@case_view(["GET"], CaseEvent.ACTIONS_EXPORTED)
def plan_actions_export(request, actor, case):
    """"Acties exporteren": the current plan's actions as CSV or Excel (``?formaat=csv|xlsx``),
    the rows the case page shows (``pages.plan_actions_table``), logged as an export naming the
    household. Without a format: CSV."""
    return exports.answer(request, actor, pages.plan_actions_table,
                          event=CaseEvent.ACTIONS_EXPORTED, obj=case, params={"case_id": case.pk},
                          default="csv")


@case_view(["GET"], CaseEvent.PLAN_PRINTED)
def plan_pdf(request, actor, case):
    """The plan for the family meeting: who takes part, the conditions, every goal and action."""
    require(actor, "cases.print_plan", case)
    page = pages.CasePage(request.user, case)
    version = _version_or_404(actor, page, request)
    goals = pages.goals_of(page, version)
    content = pdf.render_pdf("cases/pdf/plan.html", {
        "case": case, "page": page, "version": version,
        "parts": [(value, label, [g for g in goals if g.part == value])
                  for value, label in PlanPart.choices],
    })
    _log_print(actor, page, version)
    number = f"-v{version.number}" if version else ""
    return _pdf_response(content, f"plan-{case.reference}{number}.pdf")


@case_view(["GET"], CaseEvent.PLAN_PRINTED)
def plan_child_pdf(request, actor, case):
    """The plan in words for one child (``?kind=<id>``; not needed when there is one child): the
    goals as written for the child where they were, and the child's own wishes."""
    require(actor, "cases.print_plan", case)
    page = pages.CasePage(request.user, case)
    children = page.children
    wanted = request.GET.get("kind")
    child = _item(children, wanted) if wanted else (children[0] if len(children) == 1 else None)
    if child is None:
        _not_found(actor, CaseEvent.PLAN_PRINTED, case, detail="kind niet in dit huishouden")
    version = _version_or_404(actor, page, request)
    goals = pages.goals_of(page, version)
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
