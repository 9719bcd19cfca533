"""Destruction requests over HTTP (/api/v1/destruction-requests/): the screens' services
(``retention.services``), each action behind its declared permission, asked before the input is
read; a request of another organisation, or none, is the problem handler's logged 404. A refused
change (bad input, a rule of the data such as four eyes) is a 400 problem+json with the service's
Dutch message, logged as failed. Every read names the household's persons in the access log.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from eendak.api.base import EendakGenericViewSet
from eendak.api.permissions import ActionPermissions
from eendak.api.problems import raise_at
from eendak.api.refusals import LogRefusedChanges
from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.core.access import ViewAccess
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import refusal, require
from eendak.persons.models import Household, Person

from .. import queries, services
from ..events import Event
from ..models import DestructionRequest
from . import serializers as s

VIEW, REGISTER = "retention.view_requests", "retention.register_request"
PROPOSE, DECIDE = "retention.propose_decision", "retention.decide"


@extend_schema(tags=["vernietiging"])
class DestructionRequestViewSet(ActionPermissions, LogRefusedChanges, EendakGenericViewSet):
    """The organisation's destruction requests, with the four-eyes steps."""

    eendak_access = ViewAccess.PERSONAL
    refused_event = Event.CHANGE_REFUSED
    serializer_class = s.DestructionRequestSerializer
    filter_backends = []
    permissions = {"list": VIEW, "retrieve": VIEW, "create": REGISTER, "propose": PROPOSE,
                   "approve": DECIDE, "send_back": DECIDE}
    default_permission = VIEW

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return DestructionRequest.objects.none()
        return queries.requests_of(self.request.user.acting_membership.organisation_id) \
            .order_by("deadline", "pk")

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _request(self, pk, permission) -> DestructionRequest:
        found = (DestructionRequest.objects.select_related("proposed_by", "decided_by")
                 .filter(pk=pk).first())
        if found is None:
            raise refusal(permission, ("retention.destructionrequest", str(pk)))
        require(self.actor(), VIEW, found)
        require(self.actor(), permission, found)
        self.target = found
        return found

    def _show(self, item, status_code=status.HTTP_200_OK):
        item = DestructionRequest.objects.select_related("proposed_by", "decided_by").get(pk=item.pk)
        return Response(s.DestructionRequestSerializer(item).data, status=status_code)

    @extend_schema(summary="Vernietigingsverzoeken van de eigen organisatie")
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        audit.log_access(self.actor(), event=Event.REQUEST_LIST, action=Action.READ,
                         persons=[item.person_id for item in page if item.person_id],
                         detail=f"{len(page)} verzoeken")
        return self.get_paginated_response(s.DestructionRequestSerializer(page, many=True).data)

    @extend_schema(summary="Eén vernietigingsverzoek")
    def retrieve(self, request, pk):
        item = self._request(pk, VIEW)
        audit.log_access(self.actor(), event=Event.REQUEST_READ, action=Action.READ, obj=item,
                         persons=services.members_of(item.household_id))
        return self._show(item)

    @extend_schema(summary="Een verzoek vastleggen (privacyfunctionaris)",
                   description="De beslistermijn is één maand na ontvangst (AVG art. 12).",
                   request=s.RequestInputSerializer,
                   responses={201: s.DestructionRequestSerializer})
    def create(self, request):
        data = self._input(s.RequestInputSerializer)
        household = Household.objects.filter(pk=data["household"]).first()
        if household is None:
            raise_at(RuleViolation("Dit huishouden bestaat niet.", field="household"))
        person = Person.objects.filter(pk=data["person"]).first()
        try:
            item = services.register_request(self.actor(), household=household, person=person,
                                             received_on=data["receivedOn"], origin=data["origin"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(item, status.HTTP_201_CREATED)

    @extend_schema(summary="Besluit voorstellen (eerste paar ogen)",
                   request=s.ProposeInputSerializer, responses=s.DestructionRequestSerializer)
    @action(detail=True, methods=["post"])
    def propose(self, request, pk):
        item = self._request(pk, PROPOSE)
        data = self._input(s.ProposeInputSerializer)
        try:
            item = services.propose(self.actor(), item, outcome=data["outcome"],
                                    grounds=data["grounds"], explanation=data["explanation"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(item)

    @extend_schema(summary="Voorstel goedkeuren (tweede paar ogen)",
                   description="Vernietigt het dossier direct, of weigert de vernietiging, zoals "
                   "voorgesteld. Nooit door wie het voorstel deed.",
                   request=s.DecideInputSerializer, responses=s.DestructionRequestSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk):
        item = self._request(pk, DECIDE)
        data = self._input(s.DecideInputSerializer)
        try:
            item = services.approve(self.actor(), item, note=data["note"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(item)

    @extend_schema(summary="Voorstel terugsturen (tweede paar ogen)",
                   request=s.DecideInputSerializer, responses=s.DestructionRequestSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk):
        item = self._request(pk, DECIDE)
        data = self._input(s.DecideInputSerializer)
        try:
            item = services.send_back(self.actor(), item, note=data["note"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(item)
