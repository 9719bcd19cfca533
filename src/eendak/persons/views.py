"""Screens for persons and households: "Mijn dossiers", a household, a person, the search, and
merging two records of one person.

Thin on purpose: what may be seen and what is logged is decided in ``eendak.persons.services`` (and
``persons.registry`` for a merge); a view only turns the request into a call and the answer into a
page. Not-allowed and not-there are the same 404 — whatever the HTTP method: see
``_methods_after_access`` and ``_methods_after_permission``.
"""

from functools import wraps

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import require

from . import queries, registry, services
from .events import Event
from .forms import (
    KnownPersonSearchForm,
    MergeForm,
    PersonSearchForm,
    RelationshipForm,
    UndoMergeForm,
)
from .models import Household, Person, PersonMerge
from .permissions import emergency_grant_for, visible_persons


def _methods_after_access(methods: list[str], *, permission: str, model, kwarg: str, opener):
    """``require_http_methods`` for a URL that names a person or a household, with the method
    checked only *after* the access check.

    A 405 before the check would tell anyone that the object exists (a 404 says nothing), so on an
    object the acting organisation may not see, every method gets the same logged 404 as a GET:
    the view's own ``opener`` (``services.open_person`` / ``open_household``) writes the entry and
    raises it. Asking the permission first keeps a wrong method on a visible object from being
    logged as a read of that person; it shows nothing.
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request, **kwargs):
            if request.method not in methods:
                if not request.user.has_perm(permission, model(pk=kwargs[kwarg])):
                    opener(Actor.from_request(request), request.user, kwargs[kwarg])  # the 404
                return HttpResponseNotAllowed(methods)
            return view(request, **kwargs)

        return wrapped

    return decorate


def _methods_after_permission(methods: list[str], *, permission: str):
    """For a screen that names no object but needs a declared permission (``persons.merge``): the
    permission is asked *before* the HTTP method, so that someone without it learns nothing, not even
    which methods the URL takes. ``require`` raises ``NotPermitted``: the one refusal path
    (``AccessPolicyMiddleware``) logs it under the permission's name and answers 404. Only someone
    who may gets a 405 for a wrong method."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, **kwargs):
            require(request.user, permission)
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            return view(request, **kwargs)

        wrapped.permission = permission
        return wrapped

    return decorate


def _person_methods(*methods):
    return _methods_after_access(list(methods), permission="persons.view_person", model=Person,
                                 kwarg="person_id", opener=services.open_person)


def _household_methods(*methods):
    return _methods_after_access(list(methods), permission="persons.view_household",
                                 model=Household, kwarg="household_id",
                                 opener=services.open_household)


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


@view_access(ViewAccess.PERSONAL)
@require_http_methods(["GET", "POST"])
def person_search(request):
    """Search by BSN, or by name with an optional date of birth.

    POST, not GET: a BSN must not end up in a URL (browser history, proxy and server logs).
    """
    form = PersonSearchForm(request.POST if request.method == "POST" else None)
    results = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        results = services.search_persons(
            Actor.from_request(request), request.user, bsn=data["bsn"], name=data["name"],
            date_of_birth=data["date_of_birth"],
        )
    return render(request, "persons/person_search.html", {"form": form, "results": results})


@view_access(ViewAccess.PERSONAL)
@require_http_methods(["GET"])
def household_list(request):
    page = services.list_households(Actor.from_request(request), request.user,
                                    page_number=request.GET.get("page") or 1)
    return render(request, "persons/household_list.html", {
        "page_obj": page,
        "households": page.object_list,
        "querystring_without_page": _querystring_without_page(request),
    })


@view_access(ViewAccess.PERSONAL)
@_household_methods("GET")
def household_detail(request, household_id):
    household = services.open_household(Actor.from_request(request), request.user, household_id)
    members = list(services.household_members(household))
    for member in members:
        member.masked_bsn = services.masked_bsn(member.person)
    return render(request, "persons/household_detail.html", {
        "household": household,
        "members": members,
        "cases": services.household_cases(household),
        "emergency": emergency_grant_for(request.user, [household]),
    })


def _person_page(request, person, *, revealed_bsn="", relation_form=None, status=200):
    memberships = list(services.person_households(request.user, person))
    candidates = services.relation_candidates(request.user, person)
    return render(request, "persons/person_detail.html", {
        "relationships": services.relationships_of(request.user, person),
        "relation_form": relation_form or RelationshipForm(candidates=candidates),
        "person": person,
        "masked_bsn": services.masked_bsn(person),
        "revealed_bsn": revealed_bsn,
        "memberships": memberships,
        "emergency": emergency_grant_for(request.user, [m.household for m in memberships]),
    }, status=status)


@view_access(ViewAccess.PERSONAL)
@_person_methods("POST")
def add_relationship(request, person_id):
    """Record how two members of a household are related (partner, ex-partner, parent, ...)."""
    actor = Actor.from_request(request)
    # Who may change is asked before anything is shown: through break the glass a person can be
    # read, not changed (a refusal is the logged 404).
    seen = visible_persons(request.user).filter(pk=person_id).first()
    if seen is not None:
        require(actor, "persons.add_relationship", seen)
    person = services.open_person(actor, request.user, person_id)
    form = RelationshipForm(request.POST,
                            candidates=services.relation_candidates(request.user, person))
    if form.is_valid():
        try:
            services.add_relationship(actor, request.user, person,
                                      other_pk=form.cleaned_data["other"].pk,
                                      kind=form.cleaned_data["kind"],
                                      note=form.cleaned_data["note"])
        except RuleViolation as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("De relatie is vastgelegd."))
            return redirect("persons:person_detail", person_id=person.pk)
    return _person_page(request, person, relation_form=form, status=400)


@view_access(ViewAccess.PERSONAL)
@_person_methods("GET")
def person_detail(request, person_id):
    person = services.open_person(Actor.from_request(request), request.user, person_id)
    return _person_page(request, person)


@view_access(ViewAccess.PERSONAL)
@_person_methods("POST")
def reveal_bsn(request, person_id):
    """Show the full BSN once, on an explicit POST; reloading or going back does not show it again
    from a cache (every page is ``no-store``), and each showing is its own log entry."""
    actor = Actor.from_request(request)
    person = services.open_person(actor, request.user, person_id)
    bsn = services.reveal_bsn(actor, request.user, person)
    return _person_page(request, person, revealed_bsn=bsn)


# --- Merging two records of one person -------------------------------------------------------------


@view_access(ViewAccess.PERSONAL)
@_methods_after_permission(["GET", "POST"], permission="persons.merge")
def person_merge(request):
    """Find two records of one person and merge them, with a reason; recent merges can be undone.

    The search looks across all persons (``services.search_all_persons``, which asks
    ``persons.search_all`` and logs the persons found); the merge and its undoing are logged by
    ``persons.registry``; this page logs the recent merges it shows.
    """
    actor = Actor.from_request(request)
    if request.method == "GET":
        return _merge_page(request, actor, KnownPersonSearchForm(prefix="zoek"))
    action = request.POST.get("action", "search")
    search = KnownPersonSearchForm(request.POST, prefix="zoek")
    merge_form = MergeForm(request.POST) if action == "merge" else MergeForm()
    if action == "merge" and merge_form.is_valid():
        data = merge_form.cleaned_data
        found = {p.pk: p for p in Person.objects.filter(pk__in=[data["keep"], data["merge"]])}
        if len(found) < 2:
            merge_form.add_error(None, _("Een van deze personen bestaat niet (meer)."))
        else:
            try:
                registry.merge_persons(actor, keep=found[data["keep"]], merge=found[data["merge"]],
                                       reason=data["reason"])
            except RuleViolation as exc:
                merge_form.add_error(exc.field if exc.field in merge_form.fields else None,
                                     exc.message)
            else:
                messages.success(request, _("%(merged)s is samengevoegd met %(kept)s. U kunt dit "
                                            "hieronder ongedaan maken.") % {
                    "merged": found[data["merge"]].full_name, "kept": found[data["keep"]].full_name})
                return redirect("persons:person_merge")
    results = None
    if search.is_valid():
        results = services.search_all_persons(actor, request.user, **search.criteria())
        for candidate in results:
            candidate.masked_bsn = services.masked_bsn(candidate.person)
    return _merge_page(request, actor, search, results=results, merge_form=merge_form)


def _merge_page(request, actor, search, *, results=None, merge_form=None, undo_error=""):
    merges = list(queries.recent_merges())
    audit.log_access(actor, event=Event.PERSON_MERGE_LIST, action=Action.READ,
                     persons=queries.merge_person_ids(merges),
                     detail=f"{len(merges)} recente samenvoegingen")
    merge_form = merge_form or MergeForm()
    return render(request, "persons/person_merge.html", {
        "search": search, "results": results, "merge_form": merge_form, "merges": merges,
        "undo_error": undo_error,
        "chosen_keep": str(merge_form.data.get("keep", "")) if merge_form.is_bound else "",
        "chosen_merge": str(merge_form.data.get("merge", "")) if merge_form.is_bound else "",
    })


@view_access(ViewAccess.PERSONAL)
@_methods_after_permission(["POST"], permission="persons.merge")
def person_merge_undo(request):
    actor = Actor.from_request(request)
    form = UndoMergeForm(request.POST)
    record = None
    if form.is_valid():
        record = (PersonMerge.objects.select_related("kept", "merged")
                  .filter(pk=form.cleaned_data["merge_record"]).first())
    error = _("Kies een samenvoeging.")
    if record is not None:
        try:
            registry.undo_merge(actor, record)
        except RuleViolation as exc:
            error = exc.message
        else:
            messages.success(request, _("De samenvoeging van %(merged)s met %(kept)s is ongedaan "
                                        "gemaakt.") % {"merged": record.merged.full_name,
                                                       "kept": record.kept.full_name})
            return redirect("persons:person_merge")
    return _merge_page(request, actor, KnownPersonSearchForm(prefix="zoek"), undo_error=error)
