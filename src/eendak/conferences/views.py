"""The Veiligheidsteam's screens: the team's work queues, the weekly triage, referrals and their
feedback, case conferences with their agenda items and minutes, the measures of criminal justice and
care on a case, and what an organisation brought into the conferences.

Thin on purpose, on the case file's pattern (``cases.views``). What a page shows comes from the read
models in ``conferences.queries`` (with their query budgets); every change is one call to
``conferences.services`` (which requires its declared permission again and writes journal and access
log through ``conferences.events``); what a page shows of persons is logged here with
``events.read``, once per request. Every screen asks its declared permission by name before it looks
at the HTTP method: an object that is not there or not for this organisation is the same logged 404
(``NotPermitted``, answered by ``AccessPolicyMiddleware``). A ``RuleViolation`` comes back at its
field, with everything typed kept, and nothing changed.

The triage decision and "gezien" on feedback answer htmx with the fragment they change (a triage
meeting decides on many families in a row, without losing its place); without JavaScript they are
plain forms that come back to the page.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eendak.cases.models import Case, CaseStatus, Participation
from eendak.cases.pages import CLIENT_DATA_ROLES, CasePanel
from eendak.core import exports
from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.models import Membership
from eendak.core.permissions import allowed, refusal, require
from eendak.persons.models import Person
from eendak.persons.permissions import note_emergency
from eendak.persons.queries import persons_of

from . import events, pdf, queries, services, workflow
from . import forms as f
from .events import Event as E
from .models import (
    AgendaItem,
    Conference,
    EscalationSignal,
    Measure,
    MeasureCategory,
    Notice,
    Referral,
    TriageDecision,
)
from .permissions import invited_items, referral_rule
from .workflow import ConferenceStatus, InvitationKind, MeasureStatus, ReferralStatus

PAGE_SIZE = 25


# --- Finding the object of a URL and asking its permission ---------------------------------------------


def _referral(pk):
    return Referral.objects.select_related(*queries.REFERRAL_DETAIL_RELATED).filter(pk=pk).first()


def _conference(pk):
    return Conference.objects.select_related("chair").filter(pk=pk).first()


def _item(pk):
    return (AgendaItem.objects.select_related("conference", "referral__case__household")
            .filter(pk=pk).first())


def _case(pk):
    return (Case.objects.select_related("household__municipality", "responsible_organisation",
                                        "coordinator").filter(pk=pk).first())


def _measure(pk):
    return Measure.objects.select_related("case__household").filter(pk=pk).first()


def _notice(pk):
    return Notice.objects.select_related("referral__case").filter(pk=pk).first()


_LABELS = {_referral: "conferences.referral", _conference: "conferences.conference",
           _item: "conferences.agendaitem", _case: "cases.case", _measure: "conferences.measure",
           _notice: "conferences.notice"}


def screen(methods: list[str], rule: str | Callable, find: Callable | None = None):
    """A screen behind the declared permission ``rule`` (or ``rule(actor, obj)``, its name), asked
    before the HTTP method is looked at. With ``find``, the URL's one id is looked up first; an id
    that finds nothing is refused the same way as an object the rule refuses (a logged 404). The
    view gets the ``Actor`` (and the object)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, **kwargs):
            actor = Actor.from_request(request)
            if find is None:
                require(actor, rule)
                if request.method not in methods:
                    return HttpResponseNotAllowed(methods)
                return view(request, actor)
            (pk,) = kwargs.values()
            obj = find(pk)
            name = rule(actor, obj) if callable(rule) else rule
            if obj is None:
                raise refusal(name, (_LABELS[find], str(pk)))
            require(actor, name, obj)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, actor, obj)

        return view_access(ViewAccess.PERSONAL)(wrapper)

    return decorate


def _as_seen(request, actor: Actor, case) -> Actor:
    """The actor marked as working through break-the-glass when that is its only way into the
    household (the case file's rule, ``persons.permissions.emergency_grant_for``)."""
    note_emergency(request, [case.household])
    return actor.seen_through(request)


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _households(*collections) -> list[int]:
    """The persons of every household the page shows (one query), for its access-log entry."""
    return persons_of(*{h for collection in collections for h in collection if h})


def _day(value):
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _history(history: dict) -> dict:
    """The history stored with a referral (``queries.referral_history``), its dates as dates."""
    shown = dict(history or {})
    shown["first_report_on"] = _day(shown.get("first_report_on"))
    shown["instruments"] = [{**result, "assessed_on": _day(result.get("assessed_on"))}
                            for result in shown.get("instruments") or []]
    return shown


def _decorated(referral: Referral) -> Referral:
    """The labels of its escalation signals and its history with dates, for the templates."""
    referral.signal_labels = [EscalationSignal(s).label for s in referral.escalation_signals
                              if s in EscalationSignal.values]
    referral.history_shown = _history(referral.history)
    return referral


def _back(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def _failed(form, exc: RuleViolation) -> None:
    f.add_violation(form, exc)


# --- The team's work queues ------------------------------------------------------------------------


@screen(["GET"], "conferences.view_work")
def work(request, actor):
    """Referrals waiting, this week's triage, coming conferences, plan actions due, measures ending
    (a house ban first), families without a conference for N weeks, feedback for the team."""
    today = timezone.localdate()
    queue = queries.team_work(request.user, today)
    for referral in (*queue.waiting, *queue.agenda):
        _decorated(referral)
    households = persons_of(*queue.household_ids())
    response = render(request, "conferences/work.html", {
        "queue": queue, "today": today,
        "warning_until": queries.house_ban_warning(today),
        "weeks": settings.EENDAK_SAFETY_TEAM_CONFERENCE_WEEKS,
    })
    events.read(actor, E.WORK, persons=households,
                detail=f"{len(queue.waiting)} wachtend, {len(queue.agenda)} op de triage, "
                       f"{len(queue.actions_due)} acties, {len(queue.measures_ending)} maatregelen")
    return response


# --- The weekly triage ----------------------------------------------------------------------------------


def _week_of(value: str | None) -> tuple[date, bool]:
    """The triage day of the week asked for (``?week=YYYY-MM-DD``), and whether it was understood;
    by default the triage the team holds this week (``workflow.coming_triage``)."""
    this_week = workflow.coming_triage(timezone.localdate())
    if value:
        try:
            return workflow.week_asked(value), True
        except ValueError:
            return this_week, False
    return this_week, True


def _triage_page(request, actor, triage_on: date, *, bound=None, status: int = 200):
    """The week's triage list; for the team a decision form per family (``bound``: the referral
    whose decision came back, with what was typed and its message)."""
    referrals = list(queries.triage_list(request.user, triage_on).prefetch_related(
        Prefetch("triage_decisions",
                 queryset=TriageDecision.objects.select_related("decided_by"))))
    coordinators = None
    for referral in referrals:
        _decorated(referral)
        referral.decision_form = None
        if bound is not None and bound[0] == referral.pk:
            referral.decision_form = bound[1]
        elif allowed(request.user, "conferences.decide_triage", referral):
            if coordinators is None:
                coordinators = list(services.team_coordinators(actor.organisation))
            referral.decision_form = f.TriageDecisionForm(
                prefix=f"triage-{referral.pk}", coordinators=coordinators,
                initial={"seen_triage_on": referral.triage_on})
    if bound is not None and not any(r.pk == bound[0] for r in referrals):
        # No longer on this list (decided meanwhile, at another desk): the message still shows.
        for errors in bound[1].errors.values():
            for error in errors:
                messages.error(request, error)
    response = render(request, "conferences/triage.html", {
        "referrals": referrals, "triage_on": triage_on,
        "export_links": exports.links(request, path=reverse("conferences:triage"),
                                      query={"week": f"{triage_on:%Y-%m-%d}"}),
        "deadline": workflow.triage_deadline(triage_on),
        "previous_week": triage_on - timedelta(days=7), "next_week": triage_on + timedelta(days=7),
        "this_week": workflow.coming_triage(timezone.localdate()),
    }, status=status)
    events.read(actor, E.TRIAGE_LIST, persons=_households([r.case.household_id for r in referrals]),
                detail=f"triage {triage_on:%Y-%m-%d}: {len(referrals)} gezinnen")
    return response


@screen(["GET"], "conferences.view_triage")
def triage(request, actor):
    triage_on, understood = _week_of(request.GET.get("week"))
    if not understood:
        messages.error(request, _("Die week bestaat niet; u ziet de triage van deze week."))
    elif (download := exports.answer(request, actor, queries.triage_table,
                                     event=E.TRIAGE_EXPORTED,
                                     params={"week": triage_on.isoformat()})) is not None:
        return download
    return _triage_page(request, actor, triage_on)


@screen(["POST"], "conferences.decide_triage", _referral)
def triage_decision(request, actor, referral):
    """Accept (with the team's coordinator), not accept, or not yet — with the reason fed back."""
    triage_on, _understood = _week_of(request.POST.get("week"))
    form = f.TriageDecisionForm(request.POST, prefix=f"triage-{referral.pk}",
                                coordinators=services.team_coordinators(actor.organisation))
    if form.is_valid():
        try:
            decision = services.decide_triage(
                actor, referral, outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"], coordinator=form.chosen_coordinator(),
                seen_triage_on=form.cleaned_data.get("seen_triage_on"))
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            if _is_htmx(request):
                referral = _decorated(_referral(referral.pk))
                return render(request, "conferences/_triage_decided.html",
                              {"referral": referral, "decision": decision})
            messages.success(request, _("Het triagebesluit over %(ref)s is vastgelegd; de "
                                        "aanmelder krijgt het terug.") % {"ref": referral.reference})
            return redirect(reverse("conferences:triage") + f"?week={triage_on:%Y-%m-%d}")
    if _is_htmx(request):
        referral = _decorated(referral)
        referral.decision_form = form
        response = render(request, "conferences/_triage_referral.html",
                          {"referral": referral, "triage_on": triage_on})
        events.read(actor, E.TRIAGE_LIST, referral,
                    persons=persons_of(referral.case.household_id), detail="triagebesluit")
        return response
    return _triage_page(request, actor, triage_on, bound=(referral.pk, form))


# --- Referral -----------------------------------------------------------------------------------


def _refer_rule(actor, case) -> str:
    """Veilig Thuis refers; any other organisation taking part asks Veilig Thuis to."""
    return referral_rule(actor)


@screen(["GET", "POST"], _refer_rule, _case)
def refer(request, actor, case):
    """From the case: Veilig Thuis refers the family, another participant asks Veilig Thuis to. The
    history the triage will read is shown as it would be stored."""
    actor = _as_seen(request, actor, case)
    by_veilig_thuis = _refer_rule(actor, case) == "conferences.refer"
    active = queries.active_referral(case)
    form = f.ReferralForm(request.POST if request.method == "POST" else None,
                          partners=queries.invitable_partners(case))
    if request.method == "POST" and form.is_valid():
        service = services.refer if by_veilig_thuis else services.request_referral
        try:
            referral = service(actor, case, reason=form.cleaned_data["reason"],
                               goal=form.cleaned_data["goal"],
                               escalation_signals=form.cleaned_data["escalation_signals"],
                               invited_partner_ids=form.cleaned_data["invited_partners"])
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            if by_veilig_thuis:
                messages.success(request, _("Het gezin is aangemeld bij het Veiligheidsteam; het "
                                            "staat op de triage van %(date)s.")
                                 % {"date": f"{referral.triage_on:%d-%m-%Y}"})
            else:
                messages.success(request, _("Uw verzoek is naar Veilig Thuis gestuurd; Veilig "
                                            "Thuis besluit of het gezin past en koppelt terug."))
            return redirect("conferences:referral_detail", referral_id=referral.pk)
    response = render(request, "conferences/refer.html", {
        "case": case, "form": form, "active": active, "by_veilig_thuis": by_veilig_thuis,
        # The history is counted from Veilig Thuis's own reports: shown to Veilig Thuis, which
        # refers with it; a partner that asks does not see it.
        "history": _history(queries.referral_history(case)) if by_veilig_thuis else None,
        "emergency": request.eendak_emergency,
        "may_view_active": bool(active and allowed(request.user, "conferences.view_referral",
                                                   active)),
    })
    events.read(actor, E.REFERRAL_READ, case, persons=persons_of(case.household_id),
                detail="aanmeldformulier")
    return response


@screen(["GET"], "conferences.view_notices")
def referral_list(request, actor):
    """"Aanmeldingen en terugkoppeling": the referrals this organisation may see (its own, or all
    for the team and Veilig Thuis) and the feedback the team's work owes it, with "gezien"."""
    status = request.GET.get("status") or ""
    if status not in ReferralStatus.values:
        status = ""
    if (download := exports.answer(request, actor, queries.referrals_table,
                                   event=E.REFERRALS_EXPORTED,
                                   params={"status": status})) is not None:
        return download
    page = Paginator(queries.referrals_for(request.user, status=status or None),
                     PAGE_SIZE).get_page(request.GET.get("page") or 1)
    page.object_list = [_decorated(r) for r in page.object_list]
    notices = list(queries.notices_for(request.user)[:50])
    params = request.GET.copy()
    params.pop("page", None)
    response = render(request, "conferences/referral_list.html", {
        "page_obj": page, "referrals": page.object_list, "notices": notices, "status": status,
        "statuses": ReferralStatus.choices,
        "querystring_without_page": f"{params.urlencode()}&" if params else "",
        "export_links": exports.links(request),
    })
    events.read(actor, E.REFERRAL_LIST,
                persons=_households([r.case.household_id for r in page.object_list]),
                detail=f"pagina {page.number}: {len(page.object_list)} aanmeldingen")
    if notices:
        events.read(actor, E.NOTICES_READ,
                    persons=_households([n.referral.case.household_id for n in notices]),
                    detail=f"{len(notices)} terugkoppelingen")
    return response


def _referral_page(request, actor, referral, *, decision_form=None, hand_back_form=None):
    referral = _decorated(referral)
    case = referral.case
    user = request.user
    if decision_form is None and referral.status == ReferralStatus.REQUESTED and allowed(
            user, "conferences.refer", case) and case.status == CaseStatus.OPEN:
        decision_form = f.VeiligThuisDecisionForm(prefix="vt")
    if hand_back_form is None and referral.status == ReferralStatus.ACCEPTED and allowed(
            user, "conferences.hand_back", referral) and case.status == CaseStatus.OPEN:
        hand_back_form = f.HandBackForm(prefix="teruggave", local_teams=queries.hand_back_targets(case))
    response = render(request, "conferences/referral_detail.html", {
        "referral": referral, "case": case,
        "decisions": referral.triage_decisions.select_related("decided_by"),
        "partners": referral.invited_partners.order_by("name"),
        "notices": referral.notices.filter(to_organisation_id=actor.organisation.pk)
        .order_by("-created_at"),
        "decision_form": decision_form, "hand_back_form": hand_back_form,
        "may_view_case": allowed(user, "cases.view_case", case),
        "may_view_history": allowed(user, "conferences.view_referral_history", referral),
        # Veilig Thuis deciding on a request sees what its referral would store.
        "history_preview": (_history(queries.referral_history(case))
                            if decision_form is not None and not referral.history else None),
        "may_triage": allowed(user, "conferences.view_triage"),
        "phase_blocks_hand_back": case.phase == "direct_safety",
    })
    events.read(actor, E.REFERRAL_READ, referral, persons=persons_of(case.household_id))
    return response


@screen(["GET"], "conferences.view_referral", _referral)
def referral_detail(request, actor, referral):
    return _referral_page(request, actor, referral)


@screen(["POST"], "conferences.view_referral", _referral)
def vt_decision(request, actor, referral):
    """Veilig Thuis decides on a partner's request: refer or not, with its reason fed back."""
    require(actor, "conferences.refer", referral.case)
    form = f.VeiligThuisDecisionForm(request.POST, prefix="vt")
    if form.is_valid():
        try:
            services.decide_on_request(actor, referral, refer_it=form.refer_it,
                                       reason=form.cleaned_data["reason"])
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("Het besluit van Veilig Thuis is vastgelegd en "
                                        "teruggekoppeld aan %(org)s.")
                             % {"org": referral.requesting_organisation.name})
            return redirect("conferences:referral_detail", referral_id=referral.pk)
    return _referral_page(request, actor, _referral(referral.pk), decision_form=form)


@screen(["POST"], "conferences.hand_back", _referral)
def hand_back(request, actor, referral):
    """At stable safety the team offers oversight of safety back to the local team."""
    form = f.HandBackForm(request.POST, prefix="teruggave",
                          local_teams=queries.hand_back_targets(referral.case))
    if form.is_valid():
        try:
            services.hand_back(actor, referral, to_organisation_id=form.cleaned_data[
                "to_organisation"], note=form.cleaned_data["note"])
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("De overdracht naar het lokale team is aangeboden; Veilig "
                                        "Thuis en het lokale team krijgen het signaal. Tot het "
                                        "lokale team accepteert, houdt het Veiligheidsteam zicht "
                                        "op veiligheid."))
            return redirect("conferences:referral_detail", referral_id=referral.pk)
    return _referral_page(request, actor, _referral(referral.pk), hand_back_form=form)


@screen(["POST"], "conferences.acknowledge_notice", _notice)
def notice_seen(request, actor, notice):
    """Feedback marked seen: it leaves the signals of the organisation. Seen already (another tab,
    a colleague): nothing changes, and the look at it is logged as a read."""
    already_seen = notice.seen_at is not None
    notice = services.acknowledge_notice(actor, notice)
    if already_seen or notice.seen_by_id != actor.user.pk:
        events.read(actor, E.NOTICES_READ, notice.referral,
                    persons=persons_of(notice.referral.case.household_id),
                    detail=f"terugkoppeling {notice.pk} was al gezien")
    if _is_htmx(request):
        return render(request, "conferences/_notice_seen.html", {"notice": notice})
    messages.success(request, _("De terugkoppeling over %(ref)s is gemarkeerd als gezien.")
                     % {"ref": notice.referral.case.reference})
    return redirect(_back(request, reverse("conferences:referral_list")))


# --- Case conferences -------------------------------------------------------------------------------


def _conference_list_page(request, actor, *, form=None):
    coming, past = queries.conference_rows(request.user)
    if form is None and allowed(request.user, "conferences.plan_conference"):
        form = f.ConferenceForm(prefix="overleg", chairs=services.team_coordinators())
    response = render(request, "conferences/conference_list.html", {
        "coming": coming, "past": past, "form": form,
        "export_links": exports.links(request, path=reverse("conferences:conference_list"),
                                      query={}),
    })
    events.read(actor, E.CONFERENCE_LIST, detail=f"{len(coming)} komend, {len(past)} eerder")
    return response


@screen(["GET"], "conferences.view_own_contributions")
def conference_list(request, actor):
    """The case conferences the organisation is invited to (the team: all), coming and held; the
    team plans a new one here."""
    if (download := exports.answer(request, actor, queries.conferences_table,
                                   event=E.CONFERENCES_EXPORTED)) is not None:
        return download
    return _conference_list_page(request, actor)


@screen(["POST"], "conferences.plan_conference")
def conference_plan(request, actor):
    form = f.ConferenceForm(request.POST, prefix="overleg", chairs=services.team_coordinators())
    if form.is_valid():
        try:
            conference = services.plan_conference(
                actor, starts_at=form.cleaned_data["starts_at"],
                place=form.cleaned_data["place"], chair=form.chosen_chair())
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("Het casusoverleg is gepland. Zet nu de gezinnen op de "
                                        "agenda."))
            return redirect("conferences:conference_detail", conference_id=conference.pk)
    return _conference_list_page(request, actor, form=form)


def _agenda_form(request, conference, items, data=None):
    on_agenda = {item.referral_id for item in items}
    candidates = [r for r in queries.referrals_for(request.user, status=ReferralStatus.ACCEPTED)
                  if r.pk not in on_agenda]
    return f.AgendaForm(data, prefix="agenda", referrals=candidates,
                        partners=queries.consulting_partners())


def _conference_page(request, actor, conference, *, agenda_form=None):
    user = request.user
    items = list(queries.items_of(conference, user))
    planned = conference.status == ConferenceStatus.PLANNED
    if agenda_form is None and planned and allowed(user, "conferences.manage_agenda", conference):
        agenda_form = _agenda_form(request, conference, items)
    response = render(request, "conferences/conference_detail.html", {
        "conference": conference, "items": items, "agenda_form": agenda_form,
        "may_plan": planned and allowed(user, "conferences.plan_conference", conference),
        "in_past": conference.starts_at <= timezone.now(),
        "export_links": exports.links(request, path=reverse(
            "conferences:conference_detail", kwargs={"conference_id": conference.pk}), query={}),
    })
    events.read(actor, E.CONFERENCE_READ, conference,
                persons=_households([item.referral.case.household_id for item in items]),
                detail=f"{len(items)} gezinnen op de agenda")
    return response


@screen(["GET"], "conferences.view_conference", _conference)
def conference_detail(request, actor, conference):
    if (download := exports.answer(request, actor, queries.agenda_table, event=E.AGENDA_EXPORTED,
                                   obj=conference,
                                   params={"conference_id": conference.pk})) is not None:
        return download
    return _conference_page(request, actor, conference)


@screen(["POST"], "conferences.manage_agenda", _conference)
def agenda_add(request, actor, conference):
    """An accepted family on the agenda, with the consulting partners invited for it alone."""
    items = list(queries.items_of(conference, request.user))
    form = _agenda_form(request, conference, items, request.POST)
    if form.is_valid():
        try:
            item = services.add_to_agenda(actor, conference, form.chosen_referral(),
                                          consulting_ids=form.cleaned_data["consulting"])
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("Het gezin staat op de agenda; de vaste partners en de "
                                        "gekozen partners zijn uitgenodigd."))
            return redirect("conferences:item_detail", item_id=item.pk)
    return _conference_page(request, actor, conference, agenda_form=form)


def _conference_status(change: Callable, message: str):
    @screen(["POST"], "conferences.plan_conference", _conference)
    def view(request, actor, conference):
        try:
            change(actor, conference)
        except RuleViolation as exc:
            messages.error(request, exc.message)
            return _conference_page(request, actor, conference)
        messages.success(request, message)
        return redirect("conferences:conference_detail", conference_id=conference.pk)

    return view


conference_hold = _conference_status(
    services.hold_conference,
    gettext_lazy("Het casusoverleg is gehouden. Consulterende partners zien de gezinnen nu niet "
                 "meer, alleen hun eigen inbreng."))
conference_cancel = _conference_status(services.cancel_conference,
                                       gettext_lazy("Het casusoverleg is geannuleerd."))


# --- One household on the agenda --------------------------------------------------------------------


def _case_participants(case):
    """The organisations taking part in the case: who an action can be for (the plan's rule)."""
    return [p.organisation for p in Participation.objects.filter(case=case, ended_at__isnull=True)
            .select_related("organisation").order_by("organisation__name")]


def _owner_candidates(organisations):
    """People with client data at those organisations: who can own an action (one query)."""
    return (Membership.objects.filter(organisation__in=organisations, is_active=True,
                                      user__is_active=True, role__in=CLIENT_DATA_ROLES)
            .select_related("user", "organisation")
            .order_by("organisation__name", "user__last_name", "user__first_name"))


def _action_form(file, data=None):
    organisations = _case_participants(file.referral.case)
    return f.ActionForm(data, prefix="actie", decisions=file.decisions,
                        organisations=organisations, owners=_owner_candidates(organisations))


def _invite_form(file, data=None):
    invited = {i.organisation_id for i in file.invitations}
    return f.InviteForm(data, prefix="uitnodigen", partners=[
        o for o in queries.invitable_partners(file.referral.case) if o.pk not in invited])


def _consulting(file) -> list:
    return [i.organisation for i in file.invitations if i.kind == InvitationKind.CONSULTING]


def _withdraw_form(file, data=None):
    return f.WithdrawInvitationForm(data, prefix="intrekken", partners=_consulting(file))


def _open(file) -> bool:
    return file.conference.status != ConferenceStatus.CANCELLED


@dataclass(frozen=True)
class ItemStep:
    """One form on an agenda item's page: the permission it needs (asked of the item, or of the
    conference with ``of_conference``), the form, the one service, and when the data allows it."""

    key: str
    route: str
    permission: str
    make: Callable
    perform: Callable
    message: str
    title: str
    submit: str
    when: Callable = field(default=_open)
    of_conference: bool = False

    def permitted(self, user, file) -> bool:
        return allowed(user, self.permission, file.conference if self.of_conference else file.item)


T = gettext_lazy
ITEM_STEPS = [
    ItemStep("attendance", "aanwezigheid/", "conferences.record_outcome",
             lambda file, data=None: f.AttendanceForm(data, prefix="aanwezig",
                                                      invitations=file.invitations),
             lambda actor, file, form: services.record_attendance(actor, file.item,
                                                                  form.attendance()),
             T("De aanwezigheid is vastgelegd."), T("Aanwezigheid vastleggen"), T("Vastleggen")),
    ItemStep("contribution", "inbreng/", "conferences.contribute",
             lambda file, data=None: f.ContributionForm(data, prefix="inbreng"),
             lambda actor, file, form: services.contribute(
                 actor, file.item, text=form.cleaned_data["text"],
                 legal_basis=form.cleaned_data["legal_basis"],
                 conference_only=form.cleaned_data["conference_only"]),
             T("Uw inbreng is vastgelegd, met uw organisatie als bron."), T("Inbreng toevoegen"),
             T("Inbreng vastleggen")),
    ItemStep("informing", "informeren/", "conferences.record_outcome",
             lambda file, data=None: f.InformingForm(data, prefix="informeren", item=file.item),
             lambda actor, file, form: services.record_informing(
                 actor, file.item, informed=form.cleaned_data["informed"],
                 reason=form.cleaned_data["not_informed_reason"]),
             T("Vastgelegd of de betrokkenen zijn geïnformeerd."),
             T("Informeren van de betrokkenen vastleggen"), T("Vastleggen")),
    ItemStep("decision", "besluit/", "conferences.record_outcome",
             lambda file, data=None: f.DecisionForm(data, prefix="besluit"),
             lambda actor, file, form: services.record_decision(actor, file.item,
                                                                text=form.cleaned_data["text"]),
             T("Het besluit is vastgelegd."), T("Besluit vastleggen"), T("Besluit vastleggen")),
    ItemStep("action", "actie/", "conferences.record_outcome", _action_form,
             lambda actor, file, form: services.agree_action(
                 actor, file.item, text=form.cleaned_data["text"],
                 owner_organisation=form.chosen_owner_organisation(), owner=form.chosen_owner(),
                 due_on=form.cleaned_data["due_on"], decision=form.chosen_decision()),
             T("De actie staat in het plan van het gezin."), T("Actie afspreken"),
             T("Actie in het plan zetten"),
             when=lambda file: _open(file) and file.referral.case.status == CaseStatus.OPEN),
    ItemStep("invite", "uitnodigen/", "conferences.manage_agenda", _invite_form,
             lambda actor, file, form: services.invite_partner(actor, file.item,
                                                               form.chosen_organisation()),
             T("De partner is uitgenodigd voor dit gezin alleen."),
             T("Consulterende partner uitnodigen"), T("Uitnodigen"),
             when=lambda file: file.conference.status == ConferenceStatus.PLANNED,
             of_conference=True),
    ItemStep("withdraw", "uitnodiging-intrekken/", "conferences.manage_agenda", _withdraw_form,
             lambda actor, file, form: services.withdraw_invitation(
                 actor, file.item, form.chosen_organisation(), reason=form.cleaned_data["reason"]),
             T("De uitnodiging is ingetrokken; die partner ziet dit gezin niet meer."),
             T("Uitnodiging intrekken"), T("Intrekken"),
             when=lambda file: (file.conference.status == ConferenceStatus.PLANNED
                                and bool(_consulting(file))),
             of_conference=True),
]
ITEM_STEP_BY_KEY = {step.key: step for step in ITEM_STEPS}


def _item_page(request, actor, file, *, bound=None):
    """One household on the agenda, from the same read model as the minutes (``ItemFile``)."""
    user = request.user
    forms = {}
    for step in ITEM_STEPS:
        if bound is not None and bound[0] == step.key:
            forms[step.key] = bound[1]
        elif step.when(file) and step.permitted(user, file):
            forms[step.key] = step.make(file)
        else:
            continue
        forms[step.key].step = step
    case = file.referral.case
    response = render(request, "conferences/item_detail.html", {
        "file": file, "item": file.item, "conference": file.conference,
        "referral": _decorated(file.referral), "case": case, "forms": forms,
        "justice": [m for m in file.measures if m.category == MeasureCategory.JUSTICE],
        "care": [m for m in file.measures if m.category == MeasureCategory.CARE],
        "may_view_case": allowed(user, "cases.view_case", case),
        "may_view_referral": allowed(user, "conferences.view_referral", file.referral),
        "today": timezone.localdate(),
    })
    events.read(actor, E.ITEM_READ, file.item, persons=file.persons,
                detail=file.conference.reference)
    return response


@screen(["GET"], "conferences.view_item", _item)
def item_detail(request, actor, item):
    return _item_page(request, actor, queries.ItemFile.load(item))


def _run_item_step(step: ItemStep):
    """One URL per form of the item page. A valid form goes to the one service; a form error or a
    refused rule comes back on the page, at its field, with what was typed; nothing is changed."""

    @screen(["POST"], "conferences.view_item", _item)
    def view(request, actor, item):
        file = queries.ItemFile.load(item)
        if not step.permitted(request.user, file):
            raise refusal(step.permission, file.conference if step.of_conference else item)
        form = step.make(file, request.POST)
        form.step = step
        if form.is_valid():
            try:
                step.perform(actor, file, form)
            except RuleViolation as exc:
                _failed(form, exc)
            else:
                messages.success(request, step.message)
                return redirect(reverse("conferences:item_detail", args=[item.pk])
                                + f"#{step.key}")
        return _item_page(request, actor, queries.ItemFile.load(item), bound=(step.key, form))

    view.__name__ = view.__qualname__ = f"item_{step.key}"
    return view


ITEM_STEP_VIEWS = {step.key: _run_item_step(step) for step in ITEM_STEPS}


@screen(["GET"], "conferences.print_minutes", _item)
def minutes_pdf(request, actor, item):
    """The minutes of one household on the agenda, from the same read model as its page."""
    return pdf.minutes_response(actor, item)


@screen(["GET"], "conferences.view_own_contributions")
def own_contributions(request, actor):
    """What the organisation brought into case conferences, also after it may no longer read them."""
    if (download := exports.answer(request, actor, queries.own_contributions_table,
                                   event=E.OWN_CONTRIBUTIONS_EXPORTED)) is not None:
        return download
    page = Paginator(queries.own_contributions_list(request.user),
                     50).get_page(request.GET.get("page") or 1)
    page.object_list = list(page.object_list)
    readable = set(invited_items(request.user)
                   .filter(pk__in={c.item_id for c in page.object_list})
                   .values_list("pk", flat=True))
    for contribution in page.object_list:
        contribution.item_readable = contribution.item_id in readable
    params = request.GET.copy()
    params.pop("page", None)
    response = render(request, "conferences/own_contributions.html", {
        "page_obj": page, "contributions": page.object_list,
        "querystring_without_page": f"{params.urlencode()}&" if params else "",
        "export_links": exports.links(request),
    })
    events.read(actor, E.OWN_CONTRIBUTIONS,
                persons=_households([c.item.referral.case.household_id for c in page.object_list]),
                detail=f"pagina {page.number}: {len(page.object_list)} inbrengen")
    return response


# --- Measures of criminal justice and care -------------------------------------------------------------


def _measure_forms(case):
    members = (Person.objects.filter(memberships__household_id=case.household_id)
               .order_by("date_of_birth", "pk").distinct())
    conditions = case.conditions.filter(ended_at__isnull=True).order_by("set_at", "pk")
    return members, conditions


def _measures_page(request, actor, case, *, record_form=None, bound=None):
    """The measures of one case, justice and care apart, each with its forms where the acting
    organisation is their source (``bound``: (measure id, form key, form) that came back)."""
    user = request.user
    today = timezone.localdate()
    measures = list(queries.measures_of(case))
    warning = queries.house_ban_warning(today)
    for measure in measures:
        measure.case = case  # one case, one relation: the rules ask it of every measure
        measure.ends_soon = bool(measure.status == MeasureStatus.RUNNING and measure.ends_on
                                 and measure.ends_on <= warning)
        measure.extend_form = measure.end_form = None
        if measure.status == MeasureStatus.RUNNING and case.status == CaseStatus.OPEN and allowed(
                user, "conferences.change_measure", measure):
            measure.extend_form = f.ExtendMeasureForm(prefix=f"verlengen-{measure.pk}")
            measure.end_form = f.EndMeasureForm(prefix=f"beeindigen-{measure.pk}")
        if bound is not None and bound[0] == measure.pk:
            setattr(measure, bound[1], bound[2])
    if record_form is None and case.status == CaseStatus.OPEN and allowed(
            user, "conferences.record_measure", case):
        members, conditions = _measure_forms(case)
        record_form = f.MeasureForm(prefix="maatregel", members=members, conditions=conditions)
    response = render(request, "conferences/measures.html", {
        "case": case, "record_form": record_form, "today": today,
        "justice": [m for m in measures if m.category == MeasureCategory.JUSTICE],
        "care": [m for m in measures if m.category == MeasureCategory.CARE],
        "emergency": getattr(request, "eendak_emergency", None),
        "may_view_case": allowed(user, "cases.view_case", case),
    })
    events.read(actor, E.MEASURES_READ, case, persons=persons_of(case.household_id),
                detail=f"{len(measures)} maatregelen")
    return response


@screen(["GET", "POST"], "conferences.view_measures", _case)
def measures(request, actor, case):
    """GET: the measures. POST: record one, as its source organisation."""
    actor = _as_seen(request, actor, case)
    if request.method == "GET":
        return _measures_page(request, actor, case)
    require(actor, "conferences.record_measure", case)
    members, conditions = _measure_forms(case)
    form = f.MeasureForm(request.POST, prefix="maatregel", members=members, conditions=conditions)
    if form.is_valid():
        try:
            measure = services.record_measure(
                actor, case, kind=form.cleaned_data["kind"],
                starts_on=form.cleaned_data["starts_on"], ends_on=form.cleaned_data["ends_on"],
                person=form.chosen_person(), description=form.cleaned_data["description"],
                conditions=form.cleaned_data["conditions"],
                supports_condition=form.chosen_condition())
        except RuleViolation as exc:
            _failed(form, exc)
        else:
            messages.success(request, _("%(kind)s is vastgelegd, met uw organisatie als bron.")
                             % {"kind": measure.get_kind_display()})
            return redirect(reverse("conferences:measures", args=[case.pk])
                            + f"#maatregel-{measure.pk}")
    return _measures_page(request, actor, case, record_form=form)


def _measure_change(key: str, form_class, prefix: str, perform: Callable, message):
    @screen(["POST"], "conferences.change_measure", _measure)
    def view(request, actor, measure):
        case = _case(measure.case_id)
        actor = _as_seen(request, actor, case)
        form = form_class(request.POST, prefix=f"{prefix}-{measure.pk}")
        if form.is_valid():
            try:
                perform(actor, measure, form)
            except RuleViolation as exc:
                _failed(form, exc)
            else:
                messages.success(request, message)
                return redirect(reverse("conferences:measures", args=[case.pk])
                                + f"#maatregel-{measure.pk}")
        return _measures_page(request, actor, case, bound=(measure.pk, key, form))

    view.__name__ = view.__qualname__ = f"measure_{prefix}"
    return view


measure_extend = _measure_change(
    "extend_form", f.ExtendMeasureForm, "verlengen",
    lambda actor, measure, form: services.extend_measure(
        actor, measure, until=form.cleaned_data["until"], reason=form.cleaned_data["reason"]),
    gettext_lazy("De maatregel is verlengd."))
measure_end = _measure_change(
    "end_form", f.EndMeasureForm, "beeindigen",
    lambda actor, measure, form: services.end_measure(actor, measure,
                                                      reason=form.cleaned_data["reason"]),
    gettext_lazy("De maatregel is beëindigd."))


# --- The Veiligheidsteam's panel on the case page (registered with cases.pages) -------------------


def case_panel(page) -> CasePanel | None:
    """On the case page: the family's referral and its status, a way to refer (Veilig Thuis) or to
    ask Veilig Thuis (another participant), the running measures and feedback for this organisation.
    A fixed number of queries: the page's own budget does not grow with it."""
    case, user = page.case, page.user
    if not allowed(user, "conferences.view_measures", case):
        return None
    referral = (case.safety_team_referrals.select_related("coordinator", "requesting_organisation")
                .order_by("-requested_at").first())
    is_open = case.status == CaseStatus.OPEN
    may_refer = allowed(user, "conferences.refer", case)
    may_request = allowed(user, "conferences.request_referral", case)
    active = referral is not None and referral.status in workflow.ACTIVE_REFERRAL_STATUSES
    running = [m for m in queries.measures_of(case) if m.status == MeasureStatus.RUNNING]
    warning = queries.house_ban_warning(timezone.localdate())
    for measure in running:
        measure.ends_soon = bool(measure.ends_on and measure.ends_on <= warning)
    organisation_id = page.organisation_id
    notices = list(Notice.objects.filter(referral__case=case, to_organisation_id=organisation_id,
                                         seen_at__isnull=True).order_by("-created_at"))
    return CasePanel("veiligheidsteam", _("Veiligheidsteam"), "conferences/_case_panel.html", {
        "referral": referral, "active": active,
        "may_view_referral": bool(referral and allowed(user, "conferences.view_referral",
                                                       referral)),
        "may_refer": is_open and not active and may_refer,
        "may_request": is_open and not active and may_request,
        "running": running, "notices": notices,
    })
