"""The help catalogue's screens (/sociale-kaart/): which help exists in the region, for whom, where,
with its capacity and current waiting time and the date of the last update.

Everyone who works in Eendak searches it (``catalogue.view_offers``: a plan is made with it); the
provider's own people keep an offer's waiting time and capacity up to date
(``catalogue.update_offer``); the functional administrator adds and changes providers and offers
(``catalogue.manage_offers``). Thin on purpose: every change is one call to ``catalogue.services``;
what is listed comes from ``catalogue.queries``. Every screen asks its declared permission by name
before it looks at the HTTP method; an offer or provider that is not there is the same logged 404
as one that may not be changed. The catalogue holds no persons, so a look at it is not logged
(``catalogue.events``); the screens are ``ViewAccess.STAFF``.
"""

import functools
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from eendak.core import exports
from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.models import Municipality
from eendak.core.permissions import allowed, refusal, require

from . import queries, services
from .events import Event
from .forms import OfferFilterForm, OfferForm, OfferUpdateForm, ProviderForm, add_violation
from .models import Offer, Provider, TargetGroup

PAGE_SIZE = 25
VIEW, UPDATE, MANAGE = "catalogue.view_offers", "catalogue.update_offer", "catalogue.manage_offers"


def _offer(pk):
    return (Offer.objects.select_related("provider__organisation")
            .prefetch_related("municipalities").filter(pk=pk).first())


def _provider(pk):
    return Provider.objects.select_related("organisation").filter(pk=pk).first()


_LABELS = {_offer: "catalogue.offer", _provider: "catalogue.provider"}


def screen(methods: list[str], rule: str, find: Callable | None = None):
    """A screen behind the declared permission ``rule``, asked before the HTTP method is looked at.
    With ``find``, the URL's one id is looked up first; an id that finds nothing is refused as an
    object the rule refuses (a logged 404). The view gets the ``Actor`` (and the object)."""

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

        return view_access(ViewAccess.STAFF)(wrapper)

    return decorate


def mark(offer: Offer, region_size: int) -> Offer:
    """What the screens show beside an offer: a long wait, a stale update, where it is offered."""
    offer.long_wait = queries.is_long_wait(offer)
    offer.stale = queries.is_stale(offer)
    names = [m.name for m in offer.municipalities.all()]
    offer.municipality_names = sorted(names)
    offer.whole_region = bool(region_size) and len(names) == region_size
    offer.target_group_labels = [TargetGroup(g).label for g in offer.target_groups or []
                                 if g in TargetGroup.values]
    return offer


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


def _common() -> dict:
    return {"long_wait_weeks": settings.EENDAK_LONG_WAIT_WEEKS,
            "stale_days": settings.EENDAK_OFFER_STALE_DAYS}


# --- Searching and reading ------------------------------------------------------------------------


@screen(["GET"], VIEW)
def offer_list(request, actor):
    form = OfferFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    search = {"municipality_id": filters.get("municipality"), "kind": filters.get("kind") or "",
              "target_group": filters.get("target_group") or "",
              "words": (filters.get("q") or "").strip(), "own": bool(filters.get("own"))}
    if (download := exports.answer(request, actor, queries.offers_table,
                                   event=Event.OFFERS_EXPORTED, params=search)) is not None:
        return download
    found = queries.search(actor.organisation.pk, **search)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    region_size = Municipality.objects.count()
    offers = [mark(offer, region_size) for offer in page.object_list]
    for offer in offers:
        offer.may_update = allowed(request.user, UPDATE, offer)
    return render(request, "catalogue/offer_list.html", {
        "filter_form": form, "page_obj": page, "offers": offers,
        "querystring_without_page": _querystring_without_page(request),
        "may_manage": allowed(request.user, MANAGE), **_common(),
        "export_links": exports.links(request),
    })


@screen(["GET"], VIEW, _offer)
def offer_detail(request, actor, offer):
    return render(request, "catalogue/offer_detail.html", {
        "offer": mark(offer, Municipality.objects.count()),
        "may_update": allowed(request.user, UPDATE, offer),
        "may_manage": allowed(request.user, MANAGE), **_common(),
    })


# --- The provider's update: waiting time and capacity ------------------------------------------------


@screen(["GET", "POST"], UPDATE, _offer)
def offer_update(request, actor, offer):
    form = OfferUpdateForm(request.POST or None,
                           initial={"waiting_weeks": offer.waiting_weeks, "capacity": offer.capacity})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_offer(actor, offer, waiting_weeks=form.cleaned_data["waiting_weeks"],
                                  capacity=form.cleaned_data["capacity"])
        except RuleViolation as exc:
            add_violation(form, exc)
        else:
            messages.success(request, _("De wachttijd en capaciteit van ‘%(title)s’ zijn bijgewerkt.")
                             % {"title": offer.title})
            return redirect("catalogue:offer_detail", offer_id=offer.pk)
    return render(request, "catalogue/offer_update.html", {
        "offer": mark(offer, Municipality.objects.count()), "form": form, **_common(),
    })


# --- The functional administrator: providers and offers ---------------------------------------------


def _offer_form(request, actor, offer: Offer | None):
    initial = OfferForm.initial_for(offer) if offer else {"is_active": True}
    form = OfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_offer(actor, form.to_data(), offer=offer)
        except RuleViolation as exc:
            add_violation(form, exc)
        else:
            messages.success(request, _("Het aanbod ‘%(title)s’ is opgeslagen.") % {"title": saved.title})
            return redirect("catalogue:offer_detail", offer_id=saved.pk)
    return render(request, "catalogue/offer_form.html", {"form": form, "offer": offer})


@screen(["GET", "POST"], MANAGE)
def offer_create(request, actor):
    return _offer_form(request, actor, None)


@screen(["GET", "POST"], MANAGE, _offer)
def offer_edit(request, actor, offer):
    return _offer_form(request, actor, offer)


@screen(["GET"], MANAGE)
def provider_list(request, actor):
    if (download := exports.answer(request, actor, queries.providers_table,
                                   event=Event.PROVIDERS_EXPORTED)) is not None:
        return download
    page = Paginator(queries.providers(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "catalogue/provider_list.html", {
        "page_obj": page, "querystring_without_page": _querystring_without_page(request),
        "export_links": exports.links(request),
    })


def _provider_form(request, actor, provider: Provider | None):
    initial = ProviderForm.initial_for(provider) if provider else {"is_active": True}
    form = ProviderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_provider(actor, provider=provider, **form.to_kwargs())
        except RuleViolation as exc:
            add_violation(form, exc)
        else:
            messages.success(request, _("De aanbieder ‘%(name)s’ is opgeslagen.") % {"name": saved.name})
            return redirect("catalogue:provider_list")
    return render(request, "catalogue/provider_form.html", {"form": form, "provider": provider})


@screen(["GET", "POST"], MANAGE)
def provider_create(request, actor):
    return _provider_form(request, actor, None)


@screen(["GET", "POST"], MANAGE, _provider)
def provider_edit(request, actor, provider):
    return _provider_form(request, actor, provider)
