"""Access-log screens (NEN 7513) and break the glass.

Reading the log is itself logged: the log administrator's search, the chain check, the privacy
officer's report on a person (and its printing), and the emergency-access report. Someone without the
permission gets the same 404 as for a page that does not exist, and the attempt is logged.
"""

import functools

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eendak.audit import services as audit
from eendak.audit.models import AccessLogEntry, AccessLogSubject, Action, EmergencyAccess, Outcome
from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import allowed, refusal, require
from eendak.persons import bsn as bsn_module
from eendak.persons import services as persons
from eendak.persons.models import Household, HouseholdMember, Person
from eendak.persons.permissions import emergency_grant_for, holds_file

from . import queries
from . import services as privacy
from .events import Event
from .forms import (
    BreakGlassConfirmForm,
    BreakGlassLookupForm,
    EmergencyReportForm,
    EmergencyReviewForm,
    LogSearchForm,
    PersonAccessLookupForm,
)
from .permissions import grant_in_scope

LOG_PAGE_SIZE = 50
REPORT_PAGE_SIZE = 50
GRANTS_PAGE_SIZE = 25
# The salt keeps the name from before the screens left ``eendak.audit``: a new one would only void
# the tokens of lookups in progress.
BREAK_GLASS_SALT = "eendak.audit.break_glass"
BREAK_GLASS_TOKEN_AGE = 30 * 60  # seconds between finding the file and giving the reason

def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


def _permission_then_methods(permission: str, methods: list[str]):
    """The permission check of every screen here, before the HTTP method is looked at: not allowed
    looks like not there, whatever the method, and is logged under the permission's name
    (``NotPermitted``, answered by ``AccessPolicyMiddleware``)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            require(Actor.from_request(request), permission)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


_role_label = queries.role_label
_rows = queries.label_entries


# --- The log administrator ------------------------------------------------------------------------


@view_access(ViewAccess.PERSONAL)
@_permission_then_methods("privacy.search_access_log", ["GET"])
def log_search(request):
    """Search the whole log. Every search is an entry itself, with its criteria as the detail."""
    actor = Actor.from_request(request)
    form = LogSearchForm(request.GET or None)
    page = None
    if not form.is_bound or form.is_valid():
        criteria = form.to_filter() if form.is_bound else queries.LogFilter()
        paginator = Paginator(queries.search_entries(criteria).select_related("user"),
                              LOG_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page") or 1)
        page.object_list = _rows(page.object_list)
        audit.log_access(actor, event=Event.ACCESS_LOG_SEARCH, action=Action.SEARCH,
                         persons=[criteria.person_id] if criteria.person_id else [],
                         detail=criteria.describe())
    return render(request, "privacy/log_search.html", {
        "form": form, "page_obj": page,
        "querystring_without_page": _querystring_without_page(request),
        "can_export": page is not None and allowed(request.user, "privacy.export_access_log"),
    })


@view_access(ViewAccess.PERSONAL)
def log_export(request):
    """"Exporteer als CSV": start the export of every entry matching the search's filters (the query
    string) as long work, and go to its progress page. The permission is asked before the method,
    so a refused user cannot tell this URL from one that does not exist."""
    actor = Actor.from_request(request)
    require(actor, "privacy.export_access_log")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = LogSearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        messages.error(request, _("Pas eerst de zoekcriteria aan; daarna kunt u exporteren."))
        return redirect(f"{reverse('privacy:log_search')}?{request.GET.urlencode()}")
    criteria = form.to_filter() if form.is_bound else queries.LogFilter()
    query = _querystring_without_page(request).rstrip("&")
    job = privacy.start_access_log_export(
        actor, criteria, back_url=reverse("privacy:log_search") + (f"?{query}" if query else ""))
    return redirect("core:job_status", job_id=job.pk)


@view_access(ViewAccess.STAFF)
@_permission_then_methods("privacy.verify_access_log", ["GET", "POST"])
def verify(request):
    """Recompute the hash chain on request (``privacy.services.verify_access_log``, which logs it).
    Shows only entry numbers, no client data."""
    report = None
    if request.method == "POST":
        report = privacy.verify_access_log(Actor.from_request(request))
    return render(request, "privacy/verify.html", {"report": report})


# --- The privacy officer -----------------------------------------------------------------------------


@view_access(ViewAccess.PERSONAL)
@_permission_then_methods("privacy.view_person_access", ["GET", "POST"])
def person_access_lookup(request):
    """Find the person of an access request by number or BSN, then show their report."""
    actor = Actor.from_request(request)
    form = PersonAccessLookupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # Read before any add_error: it takes the field out of cleaned_data.
        person_id, bsn = form.cleaned_data["person_id"], form.cleaned_data["bsn"]
        if bsn:
            person = persons.find_person_by_bsn(bsn)
            person_id = person.pk if person else None
            if person is None:
                form.add_error("bsn", _("Er is geen persoon met dit BSN bekend."))
        elif not (Person.objects.filter(pk=person_id).exists()
                  or AccessLogSubject.objects.filter(person_id=person_id).exists()):
            # The log outlives the record, so a number without a person but with entries is valid.
            form.add_error("person_id", _("Er is geen persoon en geen logregel met dit nummer."))
            person_id = None
        by = "bsn" if bsn else "persoonsnummer"
        if person_id is None:
            audit.log_access(actor, event=Event.PERSON_ACCESS_LOOKUP, action=Action.SEARCH,
                             outcome=Outcome.NOT_FOUND, detail=f"op {by}")
        else:
            audit.log_access(actor, event=Event.PERSON_ACCESS_LOOKUP, action=Action.SEARCH,
                             obj=("persons.person", str(person_id)), persons=[person_id],
                             detail=f"op {by}")
            return redirect("privacy:person_access_report", person_id=person_id)
    return render(request, "privacy/person_access_lookup.html", {"form": form})


@view_access(ViewAccess.PERSONAL)
@_permission_then_methods("privacy.view_person_access", ["GET"])
def person_access_report(request, person_id):
    """Who accessed this person's data, oldest first, as the client may ask (NEN 7513).

    ``?print=1`` is the complete, printable version; printing is an export (action E) of its own.
    """
    printing = request.GET.get("print") == "1"
    event = Event.PERSON_ACCESS_REPORT_PRINTED if printing else Event.PERSON_ACCESS_REPORT
    actor = Actor.from_request(request)
    person = Person.objects.filter(pk=person_id).select_related("municipality").first()
    # Logged before reading, so the report includes this very look at it.
    audit.log_access(actor, event=event, action=Action.EXPORT if printing else Action.READ,
                     obj=("persons.person", str(person_id)), persons=[person_id])
    entries = queries.person_access_history(person_id).select_related("user")
    context = {"person": person, "person_id": person_id, "printing": printing}
    if printing:
        context["entries"] = _rows(entries)
    else:
        page = Paginator(entries, REPORT_PAGE_SIZE).get_page(request.GET.get("page") or 1)
        page.object_list = _rows(page.object_list)
        context.update(page_obj=page, entries=page.object_list,
                       querystring_without_page=_querystring_without_page(request))
    return render(request, "privacy/person_access_report.html", context)


@view_access(ViewAccess.PERSONAL)
@_permission_then_methods("privacy.view_emergency_report", ["GET"])
def emergency_report(request):
    """Every break-the-glass grant, what was opened under it, and its review.

    ``?status=`` narrows the list to one review status (``queries.ReviewStatus``): "Mijn werk" links
    here for the overdue reviews. A grant the user may judge carries its "Beoordelen" form.
    """
    actor = Actor.from_request(request)
    form = EmergencyReportForm(request.GET or None)
    valid = form.is_bound and form.is_valid()
    since = form.cleaned_data.get("since") if valid else None
    status = form.cleaned_data.get("status", "") if valid else ""
    page = Paginator(queries.emergency_accesses(since, status), GRANTS_PAGE_SIZE).get_page(
        request.GET.get("page") or 1)
    grants = list(page.object_list)
    page.object_list = grants
    _attach_opened(grants)
    _attach_review(actor, grants)
    detail = f"pagina {page.number}" + (f"; vanaf {since:%Y-%m-%d}" if since else "")
    audit.log_access(actor, event=Event.EMERGENCY_ACCESS_REPORT, action=Action.READ,
                     detail=detail + (f"; beoordeling {status}" if status else ""))
    return render(request, "privacy/emergency_report.html", {
        "form": form, "page_obj": page, "grants": grants,
        "review_days": queries.review_days(),
        "querystring_without_page": _querystring_without_page(request),
    })


def _attach_review(actor, grants) -> None:
    """Each grant's review status and deadline, and a blank review form where this user may judge
    it (their organisation's grant, not their own, not yet reviewed). No query per grant: the
    review is selected with the grant."""
    now = timezone.now()
    may_review = allowed(actor, "privacy.review_emergency_access")  # asked once: no query per grant
    for grant in grants:
        grant.review_status = queries.review_status(grant, now)
        grant.review_status_label = queries.ReviewStatus.LABELS[grant.review_status]
        grant.review_deadline = queries.review_deadline(grant)
        grant.review_form = None
        if (grant.review_status in (queries.ReviewStatus.OPEN, queries.ReviewStatus.OVERDUE)
                and grant.user_id != actor.user.pk
                and may_review and grant_in_scope(actor, grant)):
            grant.review_form = EmergencyReviewForm(prefix=f"r{grant.pk}")


@view_access(ViewAccess.PERSONAL)
@_permission_then_methods("privacy.review_emergency_access", ["GET", "POST"])
def emergency_review(request, grant_id):
    """Judge one grant: justified or not, with a note (``privacy.services.review_emergency_grant``).

    The report's form posts here; an error shows this page with the grant and what was typed. A
    grant of another organisation, or none, is the logged 404 of the permission.
    """
    actor = Actor.from_request(request)
    grant = (EmergencyAccess.objects
             .select_related("user", "membership__organisation", "household", "review__reviewer")
             .filter(pk=grant_id).first())
    if grant is None:
        raise refusal("privacy.review_emergency_access", ("audit.emergencyaccess", str(grant_id)))
    require(actor, "privacy.review_emergency_access", grant)
    prefix = f"r{grant.pk}"
    form = EmergencyReviewForm(request.POST if request.method == "POST" else None, prefix=prefix)
    if request.method == "POST" and form.is_valid():
        try:
            privacy.review_emergency_grant(actor, grant, form.cleaned_data["outcome"],
                                           form.cleaned_data["note"])
        except RuleViolation as violation:
            form.add_error(violation.field if violation.field in ("outcome", "note") else None,
                           violation.message)
        else:
            messages.success(request, _("De noodtoegang is beoordeeld."))
            return redirect(f"{reverse('privacy:emergency_report')}#noodtoegang-{grant.pk}")
    # The reason can describe a client's situation: showing it is a read, naming the household.
    persons = HouseholdMember.objects.filter(household_id=grant.household_id).values_list(
        "person_id", flat=True)
    audit.log_access(actor, event=Event.EMERGENCY_ACCESS_REPORT, action=Action.READ, obj=grant,
                     persons=list(persons), detail=f"noodtoegang {grant.pk} beoordelen")
    grant.role_label = _role_label(grant.membership.role)
    grant.review_status = queries.review_status(grant)
    grant.review_status_label = queries.ReviewStatus.LABELS[grant.review_status]
    grant.review_deadline = queries.review_deadline(grant)
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/emergency_review.html", {"grant": grant, "form": form},
                  status=status)


def _attach_opened(grants) -> None:
    """Give each grant the emergency entries its user wrote within its window.

    One query for the whole page instead of one per grant: the entries of these users in the span of
    all windows, sorted into the grants in Python.
    """
    for grant in grants:
        grant.role_label = _role_label(grant.membership.role)
        grant.opened = []
    if not grants:
        return
    entries = (
        AccessLogEntry.objects.filter(
            emergency=True, user_id__in={g.user_id for g in grants},
            occurred_at__gte=min(g.granted_at for g in grants),
            occurred_at__lte=max(g.expires_at for g in grants),
        )
        .prefetch_related("subjects")
        .order_by("occurred_at", "id")
    )
    for entry in entries:
        for grant in grants:
            if (entry.user_id == grant.user_id
                    and entry.organisation_id == grant.membership.organisation_id
                    and grant.granted_at <= entry.occurred_at <= grant.expires_at):
                entry.event_label = queries.EVENT_LABELS.get(entry.event, entry.event)
                grant.opened.append(entry)
                break


# --- Break the glass ------------------------------------------------------------------------------------


def _lookup_label(query: str) -> str:
    """What the user typed, as shown back before the grant: a BSN only masked."""
    digits = bsn_module.normalise(query)
    if len(digits) == 9 and not any(ch.isalpha() for ch in query):
        return _("het huishouden van de persoon met BSN %(bsn)s") % {"bsn": bsn_module.mask(digits)}
    return query.strip()


@view_access(ViewAccess.PERSONAL)
@_permission_then_methods("persons.break_glass", ["GET", "POST"])
def break_glass_start(request):
    """Two steps in one URL: name the file (reference or BSN), then give the reason and password.

    Between the steps the household travels in a signed, time-limited token bound to the user, so
    nothing about the household has to be shown to carry it. Names appear only after the grant.
    """
    actor = Actor.from_request(request)
    step = request.POST.get("step") if request.method == "POST" else None
    if step == "grant":
        return _break_glass_grant(request, actor)
    form = BreakGlassLookupForm(request.POST if step == "lookup" else None)
    if step == "lookup" and form.is_valid():
        try:
            household = persons.lookup_household_for_emergency(actor, request.user,
                                                               form.cleaned_data["query"])
        except RuleViolation as violation:
            form.add_error("query" if violation.field == "query" else None, violation.message)
        else:
            if holds_file(request.user, household):
                messages.info(request, _("U neemt al deel aan dit dossier; noodtoegang is niet "
                                         "nodig."))
                return redirect("persons:household_detail", household_id=household.pk)
            grant = emergency_grant_for(request.user, [household])
            if grant is not None:
                messages.warning(request, _("U heeft al noodtoegang tot dit dossier tot %(until)s.")
                                 % {"until": _local(grant.expires_at)})
                return redirect("persons:household_detail", household_id=household.pk)
            label = _lookup_label(form.cleaned_data["query"])
            token = signing.dumps({"h": household.pk, "u": request.user.pk, "l": label},
                                  salt=BREAK_GLASS_SALT)
            confirm = BreakGlassConfirmForm(initial={"token": token})
            return render(request, "privacy/break_glass_confirm.html",
                          {"form": confirm, "label": label})
    return render(request, "privacy/break_glass_lookup.html",
                  {"form": form, "emergency_hours": settings.EENDAK_EMERGENCY_ACCESS_HOURS})


def _break_glass_grant(request, actor):
    form = BreakGlassConfirmForm(request.POST)
    form.is_valid()  # every field is optional; the service judges reason and password
    try:
        payload = signing.loads(form.cleaned_data.get("token", ""), salt=BREAK_GLASS_SALT,
                                max_age=BREAK_GLASS_TOKEN_AGE)
        if payload.get("u") != request.user.pk:
            raise signing.BadSignature("token of another user")
        household = Household.objects.get(pk=payload["h"])
    except (signing.BadSignature, KeyError, TypeError, Household.DoesNotExist):
        messages.error(request, _("Uw aanvraag voor noodtoegang is verlopen of ongeldig. Begin "
                                  "opnieuw."))
        return redirect("privacy:break_glass_start")
    label = payload.get("l", "")
    try:
        grant = privacy.grant_emergency_access(
            actor, request.user, household, reason=form.cleaned_data.get("reason", ""),
            password=form.cleaned_data.get("password", ""))
    except RuleViolation as violation:
        field = violation.field if violation.field in ("reason", "password") else None
        form.add_error(field, violation.message)
        return render(request, "privacy/break_glass_confirm.html", {"form": form, "label": label})
    messages.warning(request, _("Noodtoegang verleend tot %(until)s. Uw reden en alles wat u "
                                "inziet worden vastgelegd.") % {"until": _local(grant.expires_at)})
    return redirect("persons:household_detail", household_id=household.pk)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")
