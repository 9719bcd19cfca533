"""The regional help catalogue (sociale kaart) over HTTP: which help exists, for whom, in which
municipalities, its capacity and current waiting time. Every change is one function of
``catalogue.services``; the lists are ``catalogue.queries``.

The catalogue holds no person and no case, so a read of it is not a read of personal data and is not
logged (``catalogue.events``); every change is logged by its service. Who may: each action's
declared permission (``catalogue.permissions``) is asked by name as the viewset's permission, before
the handler runs and so before the input is read. Keeping an offer's waiting time and capacity up to
date (``PATCH``) is the provider's own people's or the functional administrator's
(``catalogue.update_offer``, asked of the offer); adding and changing providers and offers (``POST``,
``PUT``) the functional administrator's. A refusal, and an id that does not exist, is the logged
404 of the problem handler. A change refused for its input is a 400 problem+json with the service's
Dutch message at the camelCase field, logged as failed (``catalogue.change_refused``).

Where demand exceeds supply (``help-demand``) is counted from the case file, which sits above the
catalogue in the layers: that endpoint is ``monitoring.api``'s, under the catalogue's permission.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from eendak.api.base import EendakAPIHelpers, EendakGenericViewSet
from eendak.api.permissions import ActionPermissions
from eendak.api.problems import raise_at
from eendak.api.refusals import LogRefusedChanges
from eendak.core.access import ViewAccess
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import allowed

from .. import queries, services
from ..events import Event
from ..models import Offer, Provider
from . import serializers as s

VIEW_OFFERS = "catalogue.view_offers"
MANAGE_OFFERS = "catalogue.manage_offers"
UPDATE_OFFER = "catalogue.update_offer"

TAG = "sociale kaart"


class CatalogueAPIMixin(ActionPermissions, EendakAPIHelpers, LogRefusedChanges):
    """Each action's permission (``permissions``, asked before the handler; a method the view does
    not have asks ``default_permission``) and the log entry of a change refused for its input (the
    lookup that asks it of a record, the input: ``EendakAPIHelpers``)."""

    eendak_access = ViewAccess.STAFF
    refused_event = Event.CHANGE_REFUSED
    filter_backends = []


@extend_schema(tags=[TAG])
class HelpOfferViewSet(CatalogueAPIMixin, EendakGenericViewSet):
    """The offers of the help catalogue: a plan action picks one available in the family's
    municipality; a long or stale waiting time is shown where the plan is made."""

    serializer_class = s.HelpOfferSerializer
    permissions = {"list": VIEW_OFFERS, "retrieve": VIEW_OFFERS, "create": MANAGE_OFFERS,
                   "update": MANAGE_OFFERS,
                   # The provider's own people: asked of the offer (``_found``).
                   "partial_update": VIEW_OFFERS}
    default_permission = VIEW_OFFERS

    def _offers(self):
        """Active offers for everyone; the functional administrator sees the ended ones too."""
        return queries.offers(active_only=not allowed(self.request.user, MANAGE_OFFERS))

    def get_queryset(self):
        return self._offers()

    def _show(self, offer, status_code=status.HTTP_200_OK):
        return Response(s.HelpOfferSerializer(queries.offers(active_only=False).get(pk=offer.pk)).data,
                        status=status_code)

    @extend_schema(summary="Hulpaanbod in de regio",
                   description="Voor iedereen die in Eendak werkt: per soort hulp, de kortste "
                   "wachttijd eerst, met de gemeenten, de capaciteit, de actuele wachttijd en "
                   "wanneer die is bijgewerkt.",
                   parameters=[s.HelpOfferQuerySerializer])
    def list(self, request):
        query = self._query(s.HelpOfferQuerySerializer)
        offers = queries.offers(municipality_id=query["municipality"], kind=query["kind"],
                                target_group=query["targetGroup"],
                                active_only=not allowed(request.user, MANAGE_OFFERS))
        page = self.paginate_queryset(offers)
        return self.get_paginated_response(s.HelpOfferSerializer(page, many=True).data)

    @extend_schema(summary="Eén hulpaanbod")
    def retrieve(self, request, pk):
        return Response(s.HelpOfferSerializer(self._found(self._offers(), pk, VIEW_OFFERS)).data)

    def _data(self, data) -> services.OfferData:
        return services.OfferData(
            provider=data["provider"], title=data["title"], kind=data["kind"],
            description=data["description"], target_groups=data["targetGroups"],
            municipality_ids=data["municipalities"], capacity=data["capacity"],
            waiting_weeks=data["waitingWeeks"], is_active=data["isActive"])

    @extend_schema(summary="Een hulpaanbod toevoegen (functioneel beheer)",
                   request=s.HelpOfferInputSerializer, responses={201: s.HelpOfferSerializer})
    def create(self, request):
        data = self._input(s.HelpOfferInputSerializer)
        try:
            offer = services.save_offer(self.actor(), self._data(data))
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(offer, status.HTTP_201_CREATED)

    @extend_schema(summary="Een hulpaanbod wijzigen (functioneel beheer)",
                   description="Het hele aanbod; isActive=false beëindigt het.",
                   request=s.HelpOfferInputSerializer, responses=s.HelpOfferSerializer)
    def update(self, request, pk):
        offer = self._found(Offer.objects.all(), pk, MANAGE_OFFERS)
        data = self._input(s.HelpOfferInputSerializer)
        try:
            offer = services.save_offer(self.actor(), self._data(data), offer=offer)
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(offer)

    @extend_schema(summary="Wachttijd en capaciteit bijwerken (de aanbieder)",
                   description="Door de mensen van de aanbieder zelf of het functioneel beheer; de "
                   "datum van bijwerken wordt vandaag. Wat u weglaat blijft staan.",
                   request=s.HelpOfferUpdateInputSerializer, responses=s.HelpOfferSerializer)
    def partial_update(self, request, pk):
        offer = self._found(Offer.objects.select_related("provider"), pk, UPDATE_OFFER)
        data = self._input(s.HelpOfferUpdateInputSerializer, partial=True)
        try:
            offer = services.update_offer(
                self.actor(), offer, waiting_weeks=data.get("waitingWeeks", offer.waiting_weeks),
                capacity=data.get("capacity", offer.capacity))
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(offer)


@extend_schema(tags=[TAG])
class HelpProviderViewSet(CatalogueAPIMixin, EendakGenericViewSet):
    """The providers of the help catalogue (the functional administrator's)."""

    serializer_class = s.HelpProviderSerializer
    permissions = {"list": MANAGE_OFFERS, "retrieve": MANAGE_OFFERS, "create": MANAGE_OFFERS,
                   "partial_update": MANAGE_OFFERS}
    default_permission = MANAGE_OFFERS

    def get_queryset(self):
        return Provider.objects.select_related("organisation").order_by("name")

    @extend_schema(summary="Aanbieders (functioneel beheer)")
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.HelpProviderSerializer(page, many=True).data)

    @extend_schema(summary="Eén aanbieder (functioneel beheer)")
    def retrieve(self, request, pk):
        return Response(s.HelpProviderSerializer(
            self._found(self.get_queryset(), pk, MANAGE_OFFERS)).data)

    def _save(self, data, provider=None):
        try:
            provider = services.save_provider(
                self.actor(), name=data["name"], organisation=data["organisation"],
                website=data["website"], phone=data["phone"], is_active=data["isActive"],
                provider=provider)
        except RuleViolation as exc:
            raise_at(exc)
        return self.get_queryset().get(pk=provider.pk)

    @extend_schema(summary="Een aanbieder toevoegen (functioneel beheer)",
                   request=s.HelpProviderInputSerializer, responses={201: s.HelpProviderSerializer})
    def create(self, request):
        provider = self._save(self._input(s.HelpProviderInputSerializer))
        return Response(s.HelpProviderSerializer(provider).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Een aanbieder wijzigen (functioneel beheer)",
                   description="organisation: wier mensen de wachttijden bijhouden. Wat u weglaat "
                   "blijft staan.",
                   request=s.HelpProviderInputSerializer, responses=s.HelpProviderSerializer)
    def partial_update(self, request, pk):
        provider = self._found(self.get_queryset(), pk, MANAGE_OFFERS)
        data = {"name": provider.name, "organisation": provider.organisation,
                "website": provider.website, "phone": provider.phone,
                "isActive": provider.is_active,
                **self._input(s.HelpProviderInputSerializer, partial=True)}
        return Response(s.HelpProviderSerializer(self._save(data, provider)).data)
