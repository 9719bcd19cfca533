"""The privacy officer's screens for the data subject's requests (AVG art. 12-21), under
/toegangslog/verzoeken/.

Thin: the rules, the deadline and the effects are ``privacy.services``'; what a page shows is
``privacy.queries``'. Every page names the persons it shows in the access log; a request of another
organisation, or one that does not exist, is the logged 404 of the permission. A step is a POST to
``verzoeken/<id>/<step>/``; an error shows the request's page again with the step's form as typed.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eendak.audit import services as audit
from eendak.audit.models import Action, Outcome
from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import allowed, refusal, require
from eendak.persons import services as persons
from eendak.persons.models import Person
from eendak.persons.registry import CORRECTABLE_FIELDS

from . import queries
from . import services as privacy
from .events import Event
from .forms import (
    DecideRequestForm,
    ExtendRequestForm,
    OwnStatementForm,
    RegisterRequestForm,
    RequestListForm,
)
from .models import DataSubjectRequest
from .views import _permission_then_methods, _querystring_without_page
from .workflow import DECIDED_STATES, OPEN_STATES, RequestKind, RequestState

REQUESTS_PAGE_SIZE = 25


def _load(actor, rights_request_id, permission) -> DataSubjectRequest:
    """The request, or the permission's logged 404 (none, or another organisation's)."""
    obj = (DataSubjectRequest.objects.select_related("person", "handler", "decided_by",
                                                     "registered_by", "organisation")
           .filter(pk=rights_request_id).first())
    if obj is None:
        raise refusal(permission, ("privacy.datasubjectrequest", str(rights_request_id)))
    require(actor, permission, obj)
    return obj


@view_access(ViewAccess.PERSONAL)
@_permission_then_methods("privacy.view_rights_requests", ["GET"])
def request_list(request):
    """The organisation's requests, nearest deadline first, with the overdue / near signal."""
    actor = Actor.from_request(request)
    form = RequestListForm(request.GET or None)
    valid = form.is_bound and form.is_valid()
    status = form.cleaned_data.get("status", "") if valid else ""
    kind = form.cleaned_data.get("kind", "") if valid else ""
    page = Paginator(queries.rights_requests(actor.organisation.pk, status=status, kind=kind),
                     REQUESTS_PAGE_SIZE).get_page(request.GET.get("page") or 1)
    rows = list(page.object_list)
    for row in rows:
        row.signal = queries.deadline_signal(row)
    page.object_list = rows
    audit.log_access(actor, event=Event.RIGHTS_REQUEST_LIST, action=Action.READ,
                     persons=sorted({row.person_id for row in rows}),
                     detail=f"pagina {page.number}" + (f"; {status}" if status else "")
                     + (f"; {kind}" if kind else ""))
    return render(request, "privacy/request_list.html", {
        "form": form, "page_obj": page, "rows": rows,
        "may_register": allowed(actor, "privacy.register_rights_request"),
        "querystring_without_page": _querystring_without_page(request),
    })


@view_access(ViewAccess.PERSONAL)
@_permission_then_methods("privacy.register_rights_request", ["GET", "POST"])
def request_register(request):
    """Record a new request: find the person (number or BSN), then the service records it."""
    actor = Actor.from_request(request)
    form = RegisterRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["bsn"]:
            person = persons.find_person_by_bsn(data["bsn"])
            if person is None:
                form.add_error("bsn", _("Er is geen persoon met dit BSN bekend."))
        else:
            person = Person.objects.filter(pk=data["person_id"]).first()
            if person is None:
                form.add_error("person_id", _("Er is geen persoon met dit nummer."))
        if person is None:
            audit.log_access(actor, event=Event.PERSON_ACCESS_LOOKUP, action=Action.SEARCH,
                             outcome=Outcome.NOT_FOUND,
                             detail="verzoek registreren op " + ("bsn" if data["bsn"] else "nummer"))
        else:
            try:
                made = privacy.register_request(
                    actor, person=person, kind=data["kind"], received_on=data["received_on"],
                    received_via=data["received_via"], request_text=data["request_text"],
                    correction_field=data["correction_field"],
                    correction_value=data["correction_value"])
            except RuleViolation as violation:
                form.add_error(violation.field if violation.field in form.fields else None,
                               violation.message)
            else:
                messages.success(request, _("Het verzoek is geregistreerd; uiterlijk %(deadline)s "
                                            "beslissen.") % {"deadline": f"{made.deadline:%d-%m-%Y}"})
                return redirect("privacy:request_detail", rights_request_id=made.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/request_register.html", {"form": form}, status=status)


def _steps(obj) -> list[tuple[str, str, str]]:
    """What happened to the request, in order: (when, what, by whom) for the page's time line."""
    steps = [(obj.registered_at, _("Geregistreerd (ontvangen op %(day)s via %(via)s)") % {
        "day": f"{obj.received_on:%d-%m-%Y}", "via": obj.get_received_via_display().lower()},
        obj.registered_by)]
    if obj.extended_at:
        steps.append((obj.extended_at, _("Termijn verlengd tot %(day)s: %(reason)s") % {
            "day": f"{obj.deadline:%d-%m-%Y}", "reason": obj.extension_reason}, None))
    for made in obj.files.all().select_related("built_by"):
        steps.append((made.built_at, _("Inzagebestand gemaakt"), made.built_by))
    if obj.decided_at:
        steps.append((obj.decided_at, _("Besloten: %(state)s. %(reason)s") % {
            "state": obj.get_state_display().lower(), "reason": obj.decision_reason},
            obj.decided_by))
    return sorted(steps, key=lambda step: step[0])


def _detail(request, actor, obj, *, forms=None, status=200):
    """The request's page; ``forms`` carries a step's form with its errors after a failed POST."""
    forms = forms or {}
    is_open = obj.state in OPEN_STATES
    may = {step: allowed(actor, permission, obj) for step, permission in STEP_PERMISSIONS.items()}
    context = {
        "obj": obj, "signal": queries.deadline_signal(obj), "steps": _steps(obj),
        "files": list(obj.files.defer("pdf").select_related("built_by")),
        "correction_label": CORRECTABLE_FIELDS.get(obj.correction_field, ""),
        "restricted": (obj.kind in (RequestKind.RESTRICTION, RequestKind.OBJECTION)
                       and obj.state == RequestState.GRANTED and not obj.restriction_lifted_at),
        "start_allowed": may["start"] and obj.state == RequestState.RECEIVED,
        "extend_form": (forms.get("verlengen") or ExtendRequestForm())
        if may["verlengen"] and obj.state in (RequestState.RECEIVED, RequestState.IN_PROGRESS)
        else None,
        "decide_form": (forms.get("besluiten") or DecideRequestForm())
        if may["besluiten"] and is_open else None,
        "statement_form": (forms.get("verklaring") or OwnStatementForm())
        if (may["verklaring"] and obj.kind == RequestKind.CORRECTION
            and obj.state == RequestState.REFUSED and not obj.own_statement) else None,
        "build_allowed": (may["inzagebestand"] and obj.kind == RequestKind.ACCESS
                          and obj.state not in DECIDED_STATES),
        "step_error": forms.get("_error"),
    }
    audit.log_access(actor, event=Event.RIGHTS_REQUEST_READ, action=Action.READ, obj=obj,
                     persons=[obj.person_id])
    return render(request, "privacy/request_detail.html", context, status=status)


@view_access(ViewAccess.PERSONAL)
@_permission_then_methods("privacy.view_rights_requests", ["GET"])
def request_detail(request, rights_request_id):
    actor = Actor.from_request(request)
    return _detail(request, actor, _load(actor, rights_request_id, "privacy.view_rights_requests"))


STEP_PERMISSIONS = {
    "start": "privacy.start_rights_request",
    "verlengen": "privacy.extend_rights_request",
    "besluiten": "privacy.decide_rights_request",
    "verklaring": "privacy.add_own_statement",
    "inzagebestand": "privacy.build_access_file",
}
STEP_DONE = {
    "start": gettext_lazy("Het verzoek is in behandeling genomen."),
    "verlengen": gettext_lazy("De termijn is verlengd. Laat de betrokkene de reden weten."),
    "besluiten": gettext_lazy("Het besluit is vastgelegd."),
    "verklaring": gettext_lazy("De verklaring van de betrokkene is aan het dossier toegevoegd."),
    "inzagebestand": gettext_lazy("Het inzagebestand is gemaakt."),
}


@view_access(ViewAccess.PERSONAL)
def request_step(request, rights_request_id, step):
    """One step on a request (POST). The permission is asked before the method, as everywhere."""
    permission = STEP_PERMISSIONS.get(step)
    if permission is None:
        raise Http404
    actor = Actor.from_request(request)
    require(actor, permission)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    obj = _load(actor, rights_request_id, permission)
    form = {"verlengen": ExtendRequestForm, "besluiten": DecideRequestForm,
            "verklaring": OwnStatementForm}.get(step)
    form = form(request.POST) if form else None
    if form is not None and not form.is_valid():
        return _detail(request, actor, obj, forms={step: form}, status=400)
    data = form.cleaned_data if form is not None else {}
    try:
        if step == "start":
            privacy.start_request(actor, obj)
        elif step == "verlengen":
            privacy.extend_request(actor, obj, until=data.get("until"), reason=data.get("reason"))
        elif step == "besluiten":
            privacy.decide_request(actor, obj, granted=data["decision"] == "granted",
                                   reason=data.get("reason"))
        elif step == "verklaring":
            privacy.add_own_statement(actor, obj, data.get("statement"))
        else:
            privacy.build_access_file(actor, obj)
    except RuleViolation as violation:
        if form is not None:
            form.add_error(violation.field if violation.field in form.fields else None,
                           violation.message)
            return _detail(request, actor, obj, forms={step: form}, status=400)
        return _detail(request, actor, obj, forms={"_error": violation.message}, status=400)
    messages.success(request, STEP_DONE[step])
    return redirect(reverse("privacy:request_detail", kwargs={"rights_request_id": obj.pk}))


@view_access(ViewAccess.PERSONAL)
@_permission_then_methods("privacy.build_access_file", ["GET"])
def access_file_download(request, rights_request_id, file_id):
    """The inzage PDF as it was built; each download is an export of the person's data."""
    actor = Actor.from_request(request)
    obj = _load(actor, rights_request_id, "privacy.build_access_file")
    made = obj.files.filter(pk=file_id).first()
    if made is None:
        raise refusal("privacy.build_access_file", ("privacy.accessfile", str(file_id)))
    return download_response(actor, obj, made)


def download_response(actor, obj, made) -> HttpResponse:
    """Shared by the screen and the API: logged, never cached, a file name without the name."""
    audit.log_access(actor, event=Event.ACCESS_FILE_DOWNLOADED, action=Action.EXPORT, obj=made,
                     persons=[obj.person_id], detail=f"verzoek {obj.reference}")
    response = HttpResponse(bytes(made.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (f'attachment; filename="inzage-{obj.reference}-'
                                       f'{made.pk}.pdf"')
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
