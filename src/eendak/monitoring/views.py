"""The analyst's figures (/cijfers/), and where demand for the help catalogue's offers exceeds
supply (/cijfers/vraag-en-aanbod/).

Not being allowed looks like not being there (404), as on every other screen.
"""

from django import forms
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from eendak.cases.impact_queries import PER_HALF_YEAR, PER_YEAR, impact_per_cohort
from eendak.cases.queries import offer_demand as demand_per_offer
from eendak.catalogue.models import OfferKind
from eendak.core.access import ViewAccess, view_access
from eendak.core.actors import Actor
from eendak.core.models import Municipality
from eendak.core.permissions import allowed, require

from . import queries


@view_access(ViewAccess.STAFF)
def statistics(request):
    if not allowed(request.user, "monitoring.view_statistics"):
        raise Http404
    return render(request, "monitoring/statistics.html", {"figures": queries.cases_per_municipality()})


class DemandFilterForm(forms.Form):
    municipality = forms.TypedChoiceField(
        label=_("Gemeente van het gezin"), required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": _("Kies een gemeente uit de lijst.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", _("Hele regio")), *Municipality.objects.order_by(
            "name").values_list("pk", "name")]


@view_access(ViewAccess.STAFF)
def offer_demand(request):
    """"Vraag en aanbod hulp": per offer of the sociale kaart, the plan actions in running plans
    that wait for it and for how long (median days past their planned start), beside its capacity
    and the waiting time its provider gives; demand beyond capacity marked. Counts only — no case,
    no household, no person (``cases.queries.offer_demand``). ``catalogue.view_demand``: the
    analyst, the Expertisecentrum, the functional administrator."""
    require(Actor.from_request(request), "catalogue.view_demand")
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    form = DemandFilterForm(request.GET or None)
    municipality_id = form.cleaned_data["municipality"] if form.is_valid() else None
    rows = demand_per_offer(municipality_id=municipality_id)
    for row in rows:
        row["kind"] = OfferKind(row["offer"].kind).label if row["offer"].kind in OfferKind.values else ""
    municipality = next((name for pk, name in form.fields["municipality"].choices
                         if pk == municipality_id), None) if municipality_id else None
    return render(request, "monitoring/offer_demand.html", {
        "filter_form": form, "rows": rows, "municipality": municipality,
        "exceeding": sum(1 for row in rows if row["exceeds"]),
    })


@view_access(ViewAccess.STAFF)
def impact_outcomes(request):
    """"Effect van de aanpak": per cohort (half-year or year of the case's start) whether the
    violence stopped, incidents a year, frequent violence, recurrence within 18 months, time to
    stable safety, children with help started (``cases.impact_queries``). Published figures only,
    by core.disclosure's rule; no case, no household. ``cases.view_impact_outcomes``: the analyst."""
    require(Actor.from_request(request), "cases.view_impact_outcomes")
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    per = PER_YEAR if request.GET.get("per") == PER_YEAR else PER_HALF_YEAR
    return render(request, "monitoring/impact.html", {
        "outcomes": impact_per_cohort(per), "per": per, "per_year": PER_YEAR,
        "per_half_year": PER_HALF_YEAR})
