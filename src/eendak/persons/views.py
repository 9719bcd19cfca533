"""Screens for persons and households: "Mijn dossiers", a household, a person, and the search.

Thin on purpose: what may be seen and what is logged is decided in ``eendak.persons.services``; a view
only turns the request into a call and the answer into a page. Not-allowed and not-there are the same
404 — whatever the HTTP method: see ``_methods_after_access``.
"""

from functools import wraps

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation

from . import services
from .forms import PersonSearchForm, RelationshipForm
from .models import Household, Person
from .permissions import emergency_grant_for


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
        "emergency": emergency_grant_for(request.user,
                                                   [m.household for m in memberships]),
    }, status=status)


@view_access(ViewAccess.PERSONAL)
@_person_methods("POST")
def add_relationship(request, person_id):
    """Record how two members of a household are related (partner, ex-partner, parent, ...)."""
    actor = Actor.from_request(request)
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
