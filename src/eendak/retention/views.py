"""The retention screens under /bewaren/ (namespace ``retention``): destruction requests with four
eyes, the retention periods, and the yearly list of files due for destruction.

Every screen asks its permission before the HTTP method: not allowed looks like not there (the
logged 404 of ``AccessPolicyMiddleware``). Showing a request names its household's persons: a read,
logged with them.
"""

import functools

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eendak.audit import services as audit
from eendak.audit.models import Action, Outcome
from eendak.core import exports
from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import allowed, refusal, require
from eendak.persons import services as persons
from eendak.persons.models import Household, HouseholdMember, Person

from . import queries, services
from .events import Event
from .forms import DecideForm, DueListStartForm, PeriodForm, ProposeForm, RequestForm
from .models import DestructionRequest, DueItem, DueList, RetentionPeriod
from .workflow import RequestStatus

PAGE_SIZE = 50


def _permission_then_methods(permission: str, methods: list[str]):
    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            require(Actor.from_request(request), permission)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _members(household_ids):
    rows = (HouseholdMember.objects.filter(household_id__in=list(household_ids))
            .select_related("person").order_by("person__surname", "person__given_names"))
    found = {}
    for row in rows:
        found.setdefault(row.household_id, []).append(row)
    return found


# --- Requests --------------------------------------------------------------------------------------


@view_access(ViewAccess.PERSONAL)
@_permission_then_methods("retention.view_requests", ["GET"])
def requests(request):
    """The organisation's destruction requests, open ones first by deadline."""
    actor = Actor.from_request(request)
    status = request.GET.get("status", "open")
    listed = queries.requests_of(actor.membership.organisation_id)
    if status == "open":
        listed = listed.filter(status__in=[RequestStatus.RECEIVED, RequestStatus.PROPOSED])
    elif status in RequestStatus.values:
        listed = listed.filter(status=status)
    page = Paginator(listed.order_by("deadline", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page") or 1)
    people = [p.person_id for p in page.object_list if p.person_id]
    audit.log_access(actor, event=Event.REQUEST_LIST, action=Action.READ, persons=people,
                     detail=f"status={status}")
    today = timezone.localdate()
    for item in page.object_list:
        item.late = item.status in (RequestStatus.RECEIVED, RequestStatus.PROPOSED) \
            and item.deadline < today
    return render(request, "retention/requests.html", {
        "page_obj": page, "status": status, "statuses": RequestStatus.choices,
        "can_register": allowed(request.user, "retention.register_request"),
        "querystring_without_page": f"status={status}&"})


@view_access(ViewAccess.PERSONAL)
@_permission_then_methods("retention.register_request", ["GET", "POST"])
def request_new(request):
    """Record a person's request: find them by number or BSN (the lookup is logged)."""
    actor = Actor.from_request(request)
    form = RequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = (persons.find_person_by_bsn(data["bsn"]) if data["bsn"] else
                  Person.objects.filter(pk=data["person_id"], merged_into__isnull=True).first())
        field = "bsn" if data["bsn"] else "person_id"
        if person is None:
            audit.log_access(actor, event=Event.REQUEST_LOOKUP, action=Action.SEARCH,
                             outcome=Outcome.NOT_FOUND, detail=f"op {field}")
            form.add_error(field, _("Deze persoon is niet bekend."))
        else:
            audit.log_access(actor, event=Event.REQUEST_LOOKUP, action=Action.SEARCH, obj=person,
                             persons=[person], detail=f"op {field}")
            households = list(Household.objects.filter(members__person=person).distinct())
            wanted = data["household_reference"].strip().upper()
            if wanted:
                households = [h for h in households if h.reference.upper() == wanted]
            if not households:
                form.add_error("household_reference" if wanted else field,
                               _("Deze persoon hoort bij geen (dit) huishouden."))
            elif len(households) > 1:
                form.add_error("household_reference", _(
                    "Deze persoon hoort bij meer dan één huishouden: vul het kenmerk in (%(refs)s).")
                    % {"refs": ", ".join(h.reference for h in households)})
            else:
                try:
                    created = services.register_request(
                        actor, household=households[0], person=person,
                        received_on=data["received_on"])
                except RuleViolation as violation:
                    form.add_error(violation.field if violation.field in form.fields else None,
                                   violation.message)
                else:
                    messages.success(request, _("Het verzoek is vastgelegd."))
                    return redirect("retention:request_detail", destruction_id=created.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "retention/request_new.html", {"form": form}, status=status)


def _find_request(actor, request_id) -> DestructionRequest:
    found = (DestructionRequest.objects.select_related(
        "household", "person", "registered_by", "proposed_by", "decided_by", "organisation")
        .filter(pk=request_id).first())
    if found is None:
        raise refusal("retention.view_requests", ("retention.destructionrequest", str(request_id)))
    require(actor, "retention.view_requests", found)
    return found


@view_access(ViewAccess.PERSONAL)
@_permission_then_methods("retention.view_requests", ["GET", "POST"])
def request_detail(request, destruction_id):
    """One request: who and what, the proposal, and the form of the step that is next.

    POST ``step=propose`` (the first pair of eyes) or ``step=decide`` (the second: approve, which
    destroys or refuses, or send back). A step's permission is asked by its service.
    """
    actor = Actor.from_request(request)
    item = _find_request(actor, destruction_id)
    step = request.POST.get("step") if request.method == "POST" else None
    propose_form = ProposeForm(request.POST if step == "propose" else None)
    decide_form = DecideForm(request.POST if step == "decide" else None)
    failed = False
    if step == "propose":
        require(actor, "retention.propose_decision", item)
        if propose_form.is_valid():
            data = propose_form.cleaned_data
            try:
                services.propose(actor, item, outcome=data["outcome"], grounds=data["grounds"],
                                 explanation=data["explanation"])
            except RuleViolation as violation:
                propose_form.add_error(violation.field if violation.field in propose_form.fields
                                       else None, violation.message)
            else:
                messages.success(request, _("Het voorstel is vastgelegd. Een tweede persoon "
                                            "beoordeelt het."))
                return redirect("retention:request_detail", destruction_id=item.pk)
        failed = True
    elif step == "decide":
        require(actor, "retention.decide", item)
        if decide_form.is_valid():
            data = decide_form.cleaned_data
            try:
                if data["decision"] == DecideForm.SEND_BACK:
                    services.send_back(actor, item, note=data["note"])
                    done = _("Het voorstel is teruggestuurd.")
                else:
                    decided = services.approve(actor, item, note=data["note"])
                    done = (_("Het dossier is vernietigd.")
                            if decided.status == RequestStatus.DESTROYED
                            else _("De vernietiging is geweigerd."))
            except RuleViolation as violation:
                decide_form.add_error(violation.field if violation.field in decide_form.fields
                                      else None, violation.message)
            else:
                messages.success(request, done)
                return redirect("retention:request_detail", destruction_id=item.pk)
        failed = True
    elif request.method == "POST":
        return HttpResponseNotAllowed(["GET"])
    members = _members([item.household_id]).get(item.household_id, []) if item.household_id \
        else []
    audit.log_access(actor, event=Event.REQUEST_READ, action=Action.READ, obj=item,
                     persons=[m.person_id for m in members])
    context = {
        "item": item, "members": members, "propose_form": propose_form,
        "decide_form": decide_form,
        "can_propose": item.status == RequestStatus.RECEIVED
        and allowed(request.user, "retention.propose_decision", item),
        "can_decide": item.status == RequestStatus.PROPOSED
        and allowed(request.user, "retention.decide", item),
        "own_proposal": item.proposed_by_id == request.user.pk,
        "grounds": [label for value, label in _ground_choices() if value in item.grounds],
        "destruction": getattr(item, "destruction", None)
        if item.status == RequestStatus.DESTROYED else None,
        "late": item.status in (RequestStatus.RECEIVED, RequestStatus.PROPOSED)
        and item.deadline < timezone.localdate(),
    }
    return render(request, "retention/request_detail.html", context, status=400 if failed else 200)


def _ground_choices():
    from .models import RefusalGround

    return RefusalGround.choices


# --- Retention periods -----------------------------------------------------------------------------


@view_access(ViewAccess.STAFF)
@_permission_then_methods("retention.view_periods", ["GET", "POST"])
def periods(request):
    """The periods, and (for the functional administrator) the form to set one."""
    actor = Actor.from_request(request)
    can_manage = allowed(request.user, "retention.manage_periods")
    form = PeriodForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        require(actor, "retention.manage_periods")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.set_period(actor, kind=data["kind"], years=data["years"],
                                    counted_from=data["counted_from"],
                                    organisation_type=data["organisation_type"],
                                    organisation=data["organisation"], basis=data["basis"])
            except RuleViolation as violation:
                form.add_error(violation.field if violation.field in form.fields else None,
                               violation.message)
            else:
                messages.success(request, _("De bewaartermijn is vastgelegd."))
                return redirect("retention:periods")
    rows = RetentionPeriod.objects.select_related("organisation").order_by(
        "kind", "organisation_type", "organisation__name")
    return render(request, "retention/periods.html", {
        "periods": rows, "form": form, "can_manage": can_manage},
        status=400 if request.method == "POST" else 200)


# --- The yearly list -------------------------------------------------------------------------------


@exports.source("retention.due_list")
def due_list_table(user, year: int | None = None) -> exports.Table:
    """The organisation's list of the year, as the page shows it (file and household references)."""
    from .tasks import due_list_table_for

    organisation_id = user.acting_membership.organisation_id
    found = DueList.objects.filter(organisation_id=organisation_id, year=year).first()
    if found is None:
        return exports.Table(title=_("Vernietigingslijst"), columns=[], rows=[])
    return due_list_table_for(found)


@view_access(ViewAccess.PERSONAL)
@_permission_then_methods("retention.due_list", ["GET", "POST"])
def due_list(request):
    """The yearly list: compile it (long work), download it, and turn a file into a request."""
    actor = Actor.from_request(request)
    organisation_id = actor.membership.organisation_id
    lists = DueList.objects.filter(organisation_id=organisation_id)
    try:
        year = int(request.GET.get("jaar") or 0)
    except ValueError:
        year = 0
    current = (lists.filter(year=year).first() if year else lists.first())
    start_form = DueListStartForm(request.POST if request.POST.get("step") == "start" else None)
    if request.method == "POST":
        if request.POST.get("step") == "start":
            if start_form.is_valid():
                try:
                    job = services.start_due_list(actor, year=start_form.cleaned_data["year"],
                                                  back_url=reverse("retention:due_list"))
                except RuleViolation as violation:
                    start_form.add_error("year", violation.message)
                else:
                    return redirect("core:job_status", job_id=job.pk)
        elif request.POST.get("step") == "request":
            item = DueItem.objects.select_related("due_list", "household").filter(
                pk=request.POST.get("item") or 0, due_list__organisation_id=organisation_id).first()
            if item is None:
                raise refusal("retention.due_list", ("retention.dueitem",
                                                     str(request.POST.get("item"))))
            try:
                created = services.request_from_due_item(actor, item)
            except RuleViolation as violation:
                messages.error(request, violation.message)
                return redirect(f"{reverse('retention:due_list')}?jaar={item.due_list.year}")
            messages.success(request, _("Vernietiging voorbereid: %(ref)s.")
                             % {"ref": created.reference})
            return redirect("retention:request_detail", destruction_id=created.pk)
        else:
            return HttpResponseNotAllowed(["GET"])
    if current is not None:
        exported = exports.answer(request, actor, due_list_table, event=Event.DUE_LIST_EXPORTED,
                                  params={"year": current.year})
        if exported is not None:
            return exported
    page = None
    if current is not None:
        page = Paginator(current.items.all(), PAGE_SIZE).get_page(request.GET.get("page") or 1)
    audit.log_access(actor, event=Event.DUE_LIST_READ, action=Action.READ,
                     obj=current if current else None,
                     detail=f"jaar {current.year}" if current else "geen lijst")
    return render(request, "retention/due_list.html", {
        "current": current, "lists": lists, "page_obj": page, "start_form": start_form,
        "export_links": exports.links(request, query={"jaar": current.year}) if current else [],
        "querystring_without_page": f"jaar={current.year}&" if current else ""},
        status=400 if start_form.is_bound and not start_form.is_valid() else 200)
