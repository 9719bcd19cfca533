"""The Spoedplein's screens: the work list, registering a presentation (the patient found through
the intake's matcher or recorded new), the presentation page with one form per step, the forensic
doctor's queue and report, the photographs, the forensic report on paper, what was shared with an
organisation, and the pilot's figures.

Thin on purpose, on the Veiligheidsteam's pattern (``conferences.views``). What a page shows comes
from the read models in ``acute.queries`` (with their query budgets); every change is one call to
``acute.services`` (which requires its declared permission again and writes the access log through
``acute.events``); what a page shows of persons is logged here with ``events.read``, once per
request. Every screen asks its declared permission by name before it looks at the HTTP method: an
object that is not there or not for this organisation is the same logged 404 (``NotPermitted``,
answered by ``AccessPolicyMiddleware``). A ``RuleViolation`` comes back at its field, with
everything typed kept, and nothing changed. Whether a form is shown is asked of the same declared
permission per form (``allowed``), so Veilig Thuis reads a presentation sent to it without one.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eendak.core import exports
from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.models import Municipality, Organisation
from eendak.core.permissions import allowed, refusal, require
from eendak.core.roles import Capability
from eendak.core.roles import OrganisationType as T
from eendak.intake.forms import quiet
from eendak.intake.models import Report
from eendak.intake.panels import ReportPanel

from . import events, files, pdf, queries, screening, services
from . import forms as f
from .events import Event as E
from .models import ForensicExamination, Injury, Photo, VeiligThuisContact
from .workflow import (
    WILLINGNESS,
    ElderAbuseKind,
    ForensicStatus,
    Pathway,
    PresentationStatus,
    Willingness,
)

DISCHARGED_PAGE_SIZE = 25
# Where a forensic report can go (the police, the prosecutor, Veilig Thuis, the child protection
# board) and who takes over the follow-up: bounded lists, never every organisation of the country.
SHARE_TYPES = (T.POLICE, T.PROSECUTION, T.VEILIG_THUIS, T.CHILD_PROTECTION_BOARD)
FOLLOW_UP_TYPES = (T.LOCAL_TEAM, T.SAFETY_HOUSE, T.MENTAL_HEALTH, T.ADDICTION_CARE, T.SHELTER,
                   T.EXPERTISE_CENTRE, T.OTHER)


# --- Finding the object of a URL and asking its permission ---------------------------------------------


def _presentation(pk):
    return queries.presentation_for(pk)


def _injury(pk):
    return Injury.objects.select_related("presentation").filter(pk=pk).first()


def _photo(pk):
    return Photo.objects.select_related("presentation").filter(pk=pk).first()


def _examination(pk):
    return ForensicExamination.objects.select_related("presentation").filter(pk=pk).first()


_LABELS = {_presentation: "acute.presentation", _injury: "acute.injury", _photo: "acute.photo",
           _examination: "acute.forensicexamination"}


def screen(methods: list[str], rule: str, find: Callable | None = None, *,
           access: ViewAccess = ViewAccess.PERSONAL):
    """A screen behind the declared permission ``rule``, asked before the HTTP method is looked at.
    With ``find``, the URL's one id is looked up first; an id that finds nothing is refused the same
    way as an object the rule refuses (a logged 404). The view gets the ``Actor`` (and the object)."""

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
            if obj is None:
                raise refusal(rule, (_LABELS[find], str(pk)))
            require(actor, rule, obj)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, actor, obj)

        return view_access(access)(wrapper)

    return decorate


def _patients(presentations) -> list[int]:
    return sorted({p.patient_id for p in presentations})


def _decorated(presentation):
    """What a row of a list shows beside the presentation: the live examination and what Veilig
    Thuis did with each contact (from what the list prefetched)."""
    presentation.examination = queries.live_examination(presentation)
    presentation.outcomes = [(c, queries.outcome(c)) for c in presentation.contacts.all()]
    return presentation


# --- The work list -------------------------------------------------------------------------------


@screen(["GET"], "acute.view_work")
def work(request, actor):
    """The hospital's own presentations, open ones first (the newest on top), then those
    discharged, a page at a time; for Veilig Thuis the presentations sent to it."""
    if (download := exports.answer(request, actor, queries.presentations_table,
                                   event=E.WORK_EXPORTED)) is not None:
        return download
    user = request.user
    open_now = [_decorated(p) for p in queries.presentations(user, status=PresentationStatus.OPEN)]
    page = Paginator(queries.presentations(user, status=PresentationStatus.DISCHARGED),
                     DISCHARGED_PAGE_SIZE).get_page(request.GET.get("page") or 1)
    page.object_list = [_decorated(p) for p in page.object_list]
    response = render(request, "acute/work.html", {
        "open_now": open_now, "page_obj": page, "discharged": page.object_list,
        "may_register": allowed(user, "acute.register_presentation"),
        "may_queue": allowed(user, "acute.view_forensic_queue"),
        "may_figures": allowed(user, "acute.view_figures"),
        "now": timezone.now(), "export_links": exports.links(request),
    })
    events.read(actor, E.WORK, persons=_patients([*open_now, *page.object_list]),
                detail=f"{len(open_now)} op het Spoedplein, {len(page.object_list)} ontslagen "
                       f"(pagina {page.number})")
    return response


# --- Registering a presentation ------------------------------------------------------------------


def _municipalities():
    return Municipality.objects.order_by("name")


def _candidates(actor, search) -> list | None:
    """Who the search finds (``services.find_patient``, which logs it), or None without a search."""
    if not search.is_bound or not search.is_valid():
        return None
    return services.find_patient(actor, **search.criteria())


@screen(["GET", "POST"], "acute.register_presentation")
def register(request, actor):
    """A patient at the emergency department: search first (``find_patient`` shows only whom the
    hospital may see), choose or record a new person, then the visit. The buttons say what to do:
    ``search`` or ``register``; until "register" nothing is judged and nothing is stored."""
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "register") if data is not None else ""
    search = f.PatientSearchForm(data, prefix="zoek")
    # The search is run again on every post that carries one, so its candidates stay on the page
    # (and a chosen one is checked against what the search returns, never fetched by its id).
    candidates = _candidates(actor, search) if data is not None else None
    form = f.RegisterForm(data, candidates=candidates or [], municipalities=_municipalities())
    if action == "search":
        quiet(form)
        if candidates is not None and not candidates:
            messages.info(request, _("Niemand gevonden die het ziekenhuis al kent. Leg de patiënt "
                                     "vast als nieuwe persoon."))
    elif action == "register":
        quiet(search)
        if form.is_valid():
            patient = form.chosen_patient()
            municipality_id = form.cleaned_data["municipality"]
            try:
                presentation = services.register_presentation(actor, services.PresentationData(
                    arrived_at=form.cleaned_data["arrived_at"], patient=patient,
                    patient_data=None if patient else form.person_data(municipality_id),
                    municipality_id=municipality_id,
                    submission_key=form.cleaned_data["submission_key"] or None, **form.details()))
            except RuleViolation as exc:
                f.add_violation(form, exc, {"municipality_id": "municipality"})
            else:
                messages.success(request, _("Presentatie %(ref)s is vastgelegd. Leg nu het letsel "
                                            "vast op de lichaamskaart.")
                                 % {"ref": presentation.reference})
                return redirect(reverse("acute:presentation", args=[presentation.pk]) + "#letsel")
    return render(request, "acute/register.html", {
        "search": search, "form": form, "candidates": candidates,
        "searched": candidates is not None,
    })


# --- The presentation page and its steps --------------------------------------------------------------


class Page:
    """One presentation as the page shows it to the acting organisation: the read model
    (``queries.detail``) and the bounded choices of its forms, fetched only when a form needs them."""

    def __init__(self, user, presentation):
        self.user = user
        self.presentation = presentation
        self.detail = queries.detail(user, presentation)

    @property
    def is_open(self) -> bool:
        return self.presentation.status == PresentationStatus.OPEN

    @cached_property
    def live_examination(self):
        return queries.live_examination(self.presentation)

    @property
    def reported(self) -> bool:
        return bool(self.live_examination and self.live_examination.status
                    == ForensicStatus.REPORTED)

    @property
    def next_willingness(self) -> list:
        allowed_next = WILLINGNESS[self.presentation.willingness]
        return [(value, label) for value, label in Willingness.choices if value in allowed_next]

    @cached_property
    def share_organisations(self) -> list:
        return list(Organisation.objects.filter(is_active=True, type__in=SHARE_TYPES)
                    .order_by("type", "name"))

    @cached_property
    def follow_up_organisations(self) -> list:
        return list(Organisation.objects.filter(is_active=True, type__in=FOLLOW_UP_TYPES)
                    .order_by("name"))


def _details_form(page, data=None, files=None):
    p = page.presentation
    initial = {name: getattr(p, name) for name in f.DetailsForm.base_fields}
    return f.DetailsForm(data, prefix="gegevens", initial=initial)


def _update_details(actor, page, form):
    p = page.presentation
    changes = {k: v for k, v in form.details().items() if getattr(p, k) != v}
    if changes:
        services.update_presentation(actor, p, **changes)


def _injury_data(form) -> services.InjuryData:
    data = form.cleaned_data
    return services.InjuryData(
        region=data["region"], kind=data["kind"], length_mm=data["length_mm"],
        width_mm=data["width_mm"], colour=data["colour"],
        age_estimate=data["age_estimate"] or "unknown", patterned=data["patterned"],
        pattern=data["pattern"], explanation_fit=data["explanation_fit"] or "unclear",
        note=data["note"])


def _open(page) -> bool:
    return page.is_open


@dataclass(frozen=True)
class Step:
    """One form on the presentation page: the permission it needs, its form, the one service, the
    section it belongs to, and when the data allows it (a refused rule still comes back at its
    field when posted anyway)."""

    key: str
    route: str
    permission: str
    make: Callable
    perform: Callable
    message: str
    title: str
    submit: str
    anchor: str
    when: Callable = field(default=lambda page: True)
    multipart: bool = False

    def permitted(self, user, page) -> bool:
        return allowed(user, self.permission, page.presentation)


L = gettext_lazy
STEPS = [
    Step("details", "gegevens/", "acute.change_presentation", _details_form, _update_details,
         L("De gegevens van het bezoek zijn bijgewerkt."), L("Gegevens van het bezoek wijzigen"),
         L("Wijzigingen vastleggen"), "patient", when=_open),
    Step("person", "persoon/", "acute.change_presentation",
         lambda page, data=None, files=None: f.PersonForm(data, prefix="persoon"),
         lambda actor, page, form: services.name_person(
             actor, page.presentation, role=form.cleaned_data["role"], data=form.person_data()),
         L("De persoon is bij de presentatie genoemd."),
         L("Persoon noemen (kind thuis, begeleider, vermoedelijke pleger)"), L("Persoon noemen"),
         "personen", when=_open),
    Step("injury", "letsel/", "acute.record_injury",
         lambda page, data=None, files=None: f.InjuryForm(data, prefix="letsel"),
         lambda actor, page, form: services.record_injury(actor, page.presentation,
                                                          _injury_data(form)),
         L("Het letsel staat op de lichaamskaart."), L("Letsel vastleggen"),
         L("Letsel vastleggen"), "letsel", when=_open),
    Step("screening", "screening/", "acute.record_screening",
         lambda page, data=None, files=None: f.ScreeningForm(
             data, prefix="screening", initial={"ticked": sorted(page.detail.suggested)}),
         lambda actor, page, form: services.record_screening(
             actor, page.presentation, ticked=form.cleaned_data["ticked"],
             note=form.cleaned_data["note"]),
         L("De checklist is vastgelegd."), L("TEN-4-FACESp-checklist invullen"),
         L("Checklist vastleggen"), "screening",
         when=lambda page: page.is_open and page.detail.screening_applies),
    Step("forensic_request", "forensisch-onderzoek/", "acute.request_forensic",
         lambda page, data=None, files=None: f.ForensicRequestForm(data, prefix="forensisch"),
         lambda actor, page, form: services.request_forensic(
             actor, page.presentation, question=form.cleaned_data["question"]),
         L("Het forensisch-medisch onderzoek is aangevraagd; het staat in de wachtrij van de "
           "forensisch arts."), L("Forensisch-medisch onderzoek aanvragen"), L("Aanvragen"),
         "forensisch", when=lambda page: page.live_examination is None),
    Step("forensic_cancel", "forensisch-intrekken/", "acute.request_forensic",
         lambda page, data=None, files=None: f.ForensicCancelForm(data, prefix="intrekken"),
         lambda actor, page, form: services.cancel_forensic(
             actor, page.live_examination, reason=form.cleaned_data["reason"]),
         L("De aanvraag is ingetrokken."), L("Aanvraag intrekken"), L("Intrekken"), "forensisch",
         when=lambda page: bool(page.live_examination
                                and page.live_examination.status == ForensicStatus.REQUESTED)),
    Step("photo", "foto/", "acute.add_photo",
         lambda page, data=None, files=None: f.PhotoForm(data, files, prefix="foto"),
         lambda actor, page, form: services.add_photo(
             actor, page.presentation, form.cleaned_data["file"],
             description=form.cleaned_data["description"],
             consent_by=form.cleaned_data["consent_by"]),
         L("De foto is toegevoegd, met de toestemming."), L("Foto toevoegen"), L("Foto toevoegen"),
         "fotos", multipart=True),
    Step("veilig_thuis", "veilig-thuis/", "acute.contact_veilig_thuis",
         lambda page, data=None, files=None: f.VeiligThuisForm(
             data, prefix="vt", presentation=page.presentation, named=page.detail.named),
         lambda actor, page, form: services.contact_veilig_thuis(
             actor, page.presentation, kind=form.cleaned_data["kind"],
             text=form.cleaned_data["text"], person_ids=form.cleaned_data["persons"],
             is_acute=form.cleaned_data["is_acute"],
             about_children=form.cleaned_data["about_children"]),
         L("Veilig Thuis heeft het ontvangen, met de letselregistratie en het forensisch rapport."),
         L("Consultatie of melding bij Veilig Thuis"), L("Versturen naar Veilig Thuis"),
         "veilig-thuis"),
    Step("willingness", "aangifte/", "acute.record_willingness",
         lambda page, data=None, files=None: f.WillingnessForm(
             data, prefix="aangifte", states=page.next_willingness),
         lambda actor, page, form: services.record_willingness(
             actor, page.presentation, state=form.cleaned_data["state"],
             note=form.cleaned_data["note"],
             police_report_on=form.cleaned_data["police_report_on"],
             police_unit=form.cleaned_data["police_unit"],
             police_reference=form.cleaned_data["police_reference"]),
         L("De aangiftebereidheid is vastgelegd."), L("Aangiftebereidheid vastleggen"),
         L("Vastleggen"), "aangifte", when=lambda page: bool(page.next_willingness)),
    Step("share", "delen/", "acute.share_forensic_report",
         lambda page, data=None, files=None: f.ShareForm(
             data, prefix="delen", organisations=page.share_organisations),
         lambda actor, page, form: services.share_forensic_report(
             actor, page.presentation, organisation=form.chosen_organisation(),
             item=form.cleaned_data["item"], basis=form.cleaned_data["basis"],
             note=form.cleaned_data["note"]),
         L("Het forensisch rapport is gedeeld, met de grondslag vastgelegd."),
         L("Forensisch rapport delen"), L("Delen"), "delen", when=lambda page: page.reported),
    Step("follow_up", "vervolg/", "acute.record_follow_up",
         lambda page, data=None, files=None: f.FollowUpForm(
             data, prefix="vervolg", organisations=page.follow_up_organisations),
         lambda actor, page, form: services.record_follow_up(
             actor, page.presentation, kind=form.cleaned_data["kind"],
             note=form.cleaned_data["note"], organisation=form.chosen_organisation(),
             started_on=form.cleaned_data["started_on"]),
         L("Het vervolg is vastgelegd."), L("Vervolg vastleggen"), L("Vervolg vastleggen"),
         "vervolg"),
    Step("discharge", "ontslag/", "acute.discharge",
         lambda page, data=None, files=None: f.DischargeForm(data, prefix="ontslag"),
         lambda actor, page, form: services.discharge(
             actor, page.presentation, safe_to_go_home=form.cleaned_data["safe_to_go_home"],
             destination=form.cleaned_data["destination"],
             safety_conditions=form.cleaned_data["safety_conditions"]),
         L("De patiënt is ontslagen; de veiligheidsafspraken zijn vastgelegd."),
         L("Ontslag"), L("Ontslag vastleggen"), "ontslag", when=_open),
]
STEP_BY_KEY = {step.key: step for step in STEPS}


def _presentation_page(request, actor, presentation, *, bound=None):
    """Everything of one presentation on one screen, with the forms the acting organisation may use
    (``bound``: the step whose form came back, with what was typed and its message)."""
    user = request.user
    page = Page(user, presentation)
    forms = {}
    for step in STEPS:
        if bound is not None and bound[0] == step.key:
            form = bound[1]
        elif step.when(page) and step.permitted(user, page):
            form = step.make(page)
        else:
            continue
        form.step = step
        forms[step.key] = form
    detail = page.detail
    last_screening = detail.screenings[-1] if detail.screenings else None
    response = render(request, "acute/presentation.html", {
        "p": presentation, "page": page, "detail": detail, "forms": forms,
        "examination": detail.examination,
        "last_screening": last_screening,
        "screening_advice": screening.advice(last_screening.positive) if last_screening else "",
        "ticked_labels": [str(item.label) for item in screening.ITEMS
                          if last_screening and item.code in last_screening.ticked],
        "elder_kinds": [label for value, label in ElderAbuseKind.choices
                        if value in (presentation.elder_abuse_kinds or [])],
        "read_only": not allowed(user, "acute.change_presentation", presentation),
        "may_remove_injury": page.is_open and allowed(user, "acute.record_injury", presentation),
        "may_view_work": allowed(user, "acute.view_work"),
        "now": timezone.now(),
    })
    persons = [presentation.patient_id, *(n.person_id for n in detail.named)]
    events.read(actor, E.PRESENTATION_READ, presentation, persons=persons)
    return response


@screen(["GET"], "acute.view_presentation", _presentation)
def presentation(request, actor, presentation):
    return _presentation_page(request, actor, presentation)


def _run_step(step: Step):
    """One URL per form of the presentation page. A valid form goes to the one service; a form error
    or a refused rule comes back on the page, at its field, with what was typed; nothing changed."""

    @screen(["POST"], step.permission, _presentation)
    def view(request, actor, presentation):
        page = Page(request.user, presentation)
        form = step.make(page, request.POST, request.FILES)
        form.step = step
        if form.is_valid():
            try:
                step.perform(actor, page, form)
            except RuleViolation as exc:
                f.add_violation(form, exc)
            else:
                messages.success(request, step.message)
                return redirect(reverse("acute:presentation", args=[presentation.pk])
                                + f"#{step.anchor}")
        return _presentation_page(request, actor, _presentation(presentation.pk),
                                  bound=(step.key, form))

    view.__name__ = view.__qualname__ = f"presentation_{step.key}"
    return view


STEP_VIEWS = {step.key: _run_step(step) for step in STEPS}


@screen(["POST"], "acute.record_injury", _injury)
def injury_remove(request, actor, injury):
    """An injury recorded by mistake, removed while the patient is still here."""
    presentation_id = injury.presentation_id
    try:
        services.remove_injury(actor, injury)
    except RuleViolation as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Het letsel is verwijderd van de lichaamskaart."))
    return redirect(reverse("acute:presentation", args=[presentation_id]) + "#letsel")


@screen(["GET"], "acute.view_photos", _photo)
def photo(request, actor, photo):
    """A forensic photograph, only through ``acute.view_photos`` (``files.photo_response``)."""
    return files.photo_response(actor, photo)


@screen(["GET"], "acute.view_forensic_report", _presentation)
def forensic_pdf(request, actor, presentation):
    """The forensic report on paper, from the same read model as the page; logged as an export."""
    return pdf.forensic_report_response(actor, presentation)


# --- The forensic doctor -------------------------------------------------------------------------


@screen(["GET"], "acute.view_forensic_queue")
def forensic_queue(request, actor):
    """The examinations asked of the hospital's forensic doctors, oldest arrival first."""
    if (download := exports.answer(request, actor, queries.forensic_queue_table,
                                   event=E.FORENSIC_QUEUE_EXPORTED)) is not None:
        return download
    examinations = list(queries.examinations_waiting(request.user))
    response = render(request, "acute/forensic_queue.html", {
        "examinations": examinations, "now": timezone.now(),
        "export_links": exports.links(request),
    })
    events.read(actor, E.FORENSIC_QUEUE,
                persons=_patients([e.presentation for e in examinations]),
                detail=f"{len(examinations)} wachtend")
    return response


def _report_page(request, actor, examination, *, form=None, photo_form=None):
    user = request.user
    presentation = queries.presentation_for(examination.presentation_id)
    examination = next(e for e in presentation.examinations.all() if e.pk == examination.pk)
    page = Page(user, presentation)
    if form is None and examination.status == ForensicStatus.REQUESTED:
        form = f.ForensicReportForm(prefix="rapport")
    if photo_form is None and allowed(user, "acute.add_photo", presentation):
        photo_form = f.PhotoForm(prefix="foto")
    response = render(request, "acute/forensic_report.html", {
        "p": presentation, "examination": examination, "detail": page.detail, "form": form,
        "photo_form": photo_form, "now": timezone.now(),
    })
    events.read(actor, E.PRESENTATION_READ, presentation,
                persons=[presentation.patient_id, *(n.person_id for n in page.detail.named)],
                detail="forensisch rapport")
    return response


@screen(["GET", "POST"], "acute.report_forensic", _examination)
def forensic_report(request, actor, examination):
    """The forensic doctor's report: the findings, the conclusion and when it was examined, beside
    the injury record; photographs are added here too (``action=photo``). Each POST one service."""
    if request.method == "GET":
        return _report_page(request, actor, examination)
    back = reverse("acute:forensic_report", args=[examination.pk])
    if request.POST.get("action") == "photo":
        photo_form = f.PhotoForm(request.POST, request.FILES, prefix="foto")
        if photo_form.is_valid():
            try:
                services.add_photo(actor, examination.presentation, photo_form.cleaned_data["file"],
                                   description=photo_form.cleaned_data["description"],
                                   consent_by=photo_form.cleaned_data["consent_by"])
            except RuleViolation as exc:
                f.add_violation(photo_form, exc)
            else:
                messages.success(request, _("De foto is toegevoegd, met de toestemming."))
                return redirect(back + "#fotos")
        return _report_page(request, actor, examination, photo_form=photo_form)
    form = f.ForensicReportForm(request.POST, prefix="rapport")
    if form.is_valid():
        try:
            services.report_forensic(actor, examination, findings=form.cleaned_data["findings"],
                                     conclusion=form.cleaned_data["conclusion"],
                                     examined_at=form.cleaned_data["examined_at"])
        except RuleViolation as exc:
            f.add_violation(form, exc)
        else:
            messages.success(request, _("Het forensisch rapport is vastgelegd. De behandelaar ziet "
                                        "het bij de presentatie."))
            return redirect("acute:forensic_queue")
    return _report_page(request, actor, examination, form=form)


# --- Shared with my organisation, and the figures ---------------------------------------------------


@screen(["GET"], "acute.view_shared")
def shared(request, actor):
    """The forensic reports shared with the acting organisation, on their recorded basis."""
    if (download := exports.answer(request, actor, queries.shared_table,
                                   event=E.SHARED_EXPORTED)) is not None:
        return download
    shares = list(queries.shared_with(request.user)[:queries.SHARED_SHOWN])
    for share in shares:
        share.printable = allowed(request.user, "acute.view_forensic_report", share.presentation)
    response = render(request, "acute/shared.html", {"shares": shares,
                                                      "export_links": exports.links(request)})
    events.read(actor, E.SHARED_LIST, persons=_patients([s.presentation for s in shares]),
                detail=f"{len(shares)} gedeelde rapporten")
    return response


@screen(["GET"], "acute.view_figures", access=ViewAccess.STAFF)
def figures(request, actor):
    """The pilot's figures per month: counts and medians, no person."""
    if (download := exports.answer(request, actor, queries.figures_table,
                                   event=E.FIGURES_EXPORTED)) is not None:
        return download
    rows = queries.figures(request.user)
    return render(request, "acute/figures.html", {
        "export_links": exports.links(request),
        "rows": rows, "pathways": [label for _value, label in Pathway.choices],
        "regional": actor.membership is not None and actor.membership.has(Capability.STATISTICS),
    })


# --- The Spoedplein's panel on Veilig Thuis's report page (registered with intake.panels) ------------


def report_panel(user, report) -> ReportPanel | None:
    """On a report (or an advice request) the hospital sent: the presentation it came from, its
    injury record and the forensic report, with a link — only where ``acute.view_presentation``
    allows. A fixed number of queries: the page's own budget does not grow with it."""
    link = {"report_id": report.pk} if isinstance(report, Report) else {"advice_id": report.pk}
    contact = (VeiligThuisContact.objects.select_related("presentation__hospital")
               .filter(**link).first())
    if contact is None or not allowed(user, "acute.view_presentation", contact.presentation):
        return None
    presentation = contact.presentation
    examination = (presentation.examinations.exclude(status=ForensicStatus.CANCELLED)
                   .select_related("forensic_doctor").first())
    return ReportPanel("spoedplein", _("Van het Spoedplein"), "acute/_report_panel.html", {
        "p": presentation, "contact": contact, "injuries": presentation.injuries.count(),
        "examination": examination,
        "may_pdf": bool(examination and examination.status == ForensicStatus.REPORTED
                        and allowed(user, "acute.view_forensic_report", presentation)),
    })
