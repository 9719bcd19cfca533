"""The data subject's requests under /api/v1/rights-requests/: the screens' twins. The same
queries (``privacy.queries``), the same services (their rules and messages), the same events; a
request of another organisation, or none, is the permission's logged 404."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from eendak.api.base import EendakAPIHelpers, EendakGenericViewSet, PassthroughRenderer
from eendak.api.permissions import IsVerifiedActor, requires
from eendak.api.problems import raise_at
from eendak.api.refusals import LogRefusedChanges
from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.core.access import ViewAccess
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import refusal, require
from eendak.persons.models import Person

from .. import queries
from .. import services as privacy
from ..events import Event
from ..models import DataSubjectRequest
from ..rights_views import download_response
from . import rights_serializers as s

PDF = {(200, "application/pdf"): OpenApiTypes.BINARY}


@extend_schema(tags=["verzoeken van betrokkenen"],
               description="Verzoeken van betrokkenen (AVG art. 15-21): inzage, correctie, beperking "
               "en bezwaar, met de wettelijke termijn (een maand, één keer te verlengen met "
               "hoogstens twee maanden). Voor de privacyfunctionaris van de ontvangende "
               "organisatie, met tweede factor; elke opvraging en wijziging komt in het toegangslog.")
class RightsRequestViewSet(EendakAPIHelpers, LogRefusedChanges, EendakGenericViewSet):
    eendak_access = ViewAccess.PERSONAL
    refused_event = Event.RIGHTS_REQUEST_CHANGE_REFUSED
    permission_classes = [IsVerifiedActor, requires("privacy.view_rights_requests")]
    serializer_class = s.RightsRequestSerializer
    filter_backends = []

    def get_queryset(self):
        return DataSubjectRequest.objects.select_related("person", "handler")

    def _request(self, pk, permission):
        return self._found(self.get_queryset(), pk, permission)

    def _answer(self, obj, status_code=status.HTTP_200_OK):
        obj = self.get_queryset().get(pk=obj.pk)
        audit.log_access(self.actor(), event=Event.RIGHTS_REQUEST_READ, action=Action.READ,
                         obj=obj, persons=[obj.person_id])
        return Response(s.RightsRequestSerializer(obj).data, status=status_code)

    @extend_schema(summary="Verzoeken van betrokkenen", parameters=[s.RightsRequestQuerySerializer],
                   responses=s.RightsRequestSerializer(many=True))
    def list(self, request):
        query = self._query(s.RightsRequestQuerySerializer)
        page = self.paginate_queryset(queries.rights_requests(
            self.actor().organisation.pk, status=query.get("status", ""), kind=query.get("kind", "")))
        for obj in page:
            obj.listed_files = []  # the list does not name files; the detail does
        audit.log_access(self.actor(), event=Event.RIGHTS_REQUEST_LIST, action=Action.READ,
                         persons=sorted({obj.person_id for obj in page}), detail="api")
        return self.get_paginated_response(s.RightsRequestSerializer(page, many=True).data)

    @extend_schema(summary="Eén verzoek", responses=s.RightsRequestSerializer)
    def retrieve(self, request, pk):
        return self._answer(self._request(pk, "privacy.view_rights_requests"))

    @extend_schema(summary="Een verzoek registreren", request=s.RightsRequestCreateSerializer,
                   responses={201: s.RightsRequestSerializer})
    def create(self, request):
        require(self.actor(), "privacy.register_rights_request")
        data = self._input(s.RightsRequestCreateSerializer)
        person = Person.objects.filter(pk=data["person"]).first()
        if person is None:
            raise_at(RuleViolation("Er is geen persoon met dit nummer.", field="person"))
        try:
            obj = privacy.register_request(
                self.actor(), person=person, kind=data["kind"], received_on=data["receivedOn"],
                received_via=data["receivedVia"], request_text=data["requestText"],
                correction_field=data["correctionField"],
                correction_value=data["correctionValue"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._answer(obj, status.HTTP_201_CREATED)

    @extend_schema(summary="In behandeling nemen", request=None,
                   responses=s.RightsRequestSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk):
        obj = self._request(pk, "privacy.start_rights_request")
        try:
            obj = privacy.start_request(self.actor(), obj)
        except RuleViolation as exc:
            raise_at(exc)
        return self._answer(obj)

    @extend_schema(summary="De termijn verlengen",
                   description="Eén keer, binnen de eerste termijn, tot hoogstens twee maanden na "
                   "de eerste termijn, met de reden die de betrokkene krijgt (AVG art. 12 lid 3).",
                   request=s.ExtendSerializer, responses=s.RightsRequestSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk):
        obj = self._request(pk, "privacy.extend_rights_request")
        data = self._input(s.ExtendSerializer)
        try:
            obj = privacy.extend_request(self.actor(), obj, until=data["until"],
                                         reason=data["reason"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._answer(obj)

    @extend_schema(summary="Besluiten: toewijzen of afwijzen, met motivering",
                   description="Een toegewezen correctie wijzigt het gegeven van de persoon; een "
                   "toegewezen beperking of bezwaar houdt de persoon buiten de onderzoeksexport; "
                   "een inzage wordt toegewezen nadat het inzagebestand is gemaakt.",
                   request=s.DecideSerializer, responses=s.RightsRequestSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk):
        obj = self._request(pk, "privacy.decide_rights_request")
        data = self._input(s.DecideSerializer)
        try:
            obj = privacy.decide_request(self.actor(), obj, granted=data["decision"] == "granted",
                                         reason=data["reason"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._answer(obj)

    @extend_schema(summary="De eigen verklaring van de betrokkene toevoegen",
                   description="Na een afgewezen correctie: komt in het casusdossier als eigen "
                   "verklaring (AVG art. 16).",
                   request=s.OwnStatementSerializer, responses=s.RightsRequestSerializer)
    @action(detail=True, methods=["post"], url_path="own-statement")
    def own_statement(self, request, pk):
        obj = self._request(pk, "privacy.add_own_statement")
        data = self._input(s.OwnStatementSerializer)
        try:
            privacy.add_own_statement(self.actor(), obj, data["statement"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._answer(obj)

    @extend_schema(summary="Het inzagebestand maken",
                   description="Het dossier zoals de betrokkene het mag zien, als PDF, met de lijst "
                   "van wie de gegevens inzag; anderen zijn eruit weggelaten. Komt als export in "
                   "het toegangslog.",
                   request=None, responses={201: s.AccessFileSerializer})
    @action(detail=True, methods=["post"], url_path="access-files")
    def access_files(self, request, pk):
        obj = self._request(pk, "privacy.build_access_file")
        try:
            made = privacy.build_access_file(self.actor(), obj)
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.AccessFileSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Een inzagebestand downloaden (PDF)",
                   description="Zoals het werd gemaakt; elke download komt als export in het "
                   "toegangslog.", responses=PDF)
    @action(detail=True, methods=["get"], url_path="access-files/<int:file_id>",
            renderer_classes=[PassthroughRenderer])
    def access_file(self, request, pk, file_id):
        obj = self._request(pk, "privacy.build_access_file")
        made = obj.files.filter(pk=file_id).first()
        if made is None:
            raise refusal("privacy.build_access_file", ("privacy.accessfile", str(file_id)))
        return download_response(self.actor(), obj, made)
