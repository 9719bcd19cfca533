"""The research studies over HTTP (/api/v1/research-studies/, /api/v1/research-exports/): the same
services as the screens (``monitoring.services``), each action behind its declared permission
(``monitoring.permissions``), asked before the handler and so before the input is read; a study
that is not there or not the caller's is the problem handler's logged 404. A refused change is a
400 problem+json with the service's Dutch message, logged as failed. Every read and change is in
the access log. No response has a field for the study's key.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from eendak.api.base import DOWNLOAD_ONCE_RESPONSES, EendakGenericViewSet
from eendak.api.permissions import ActionPermissions
from eendak.api.problems import raise_at
from eendak.api.refusals import LogRefusedChanges
from eendak.core import download_once
from eendak.core.access import ViewAccess
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import refusal, require

from .. import research_queries, services
from ..events import ResearchEvent, research_logged
from . import research_serializers as s

VIEW, REGISTER, DECIDE = "monitoring.view_studies", "monitoring.register_study", "monitoring.decide_study"
EXPORT, DOWNLOAD = "monitoring.export_research", "monitoring.download_research_export"
TAG = "onderzoeksexport"


class ResearchAPIMixin(ActionPermissions, LogRefusedChanges):
    refused_event = ResearchEvent.CHANGE_REFUSED
    filter_backends = []
    default_permission = VIEW

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


@extend_schema(tags=[TAG])
class ResearchStudyViewSet(ResearchAPIMixin, EendakGenericViewSet):
    """Studies of the monitoring institute: the analyst's own, or every study for the privacy
    officer of Veilig Thuis."""

    eendak_access = ViewAccess.STAFF
    serializer_class = s.ResearchStudySerializer
    permissions = {"list": VIEW, "retrieve": VIEW, "create": REGISTER, "approve": DECIDE,
                   "reject": DECIDE, "export": EXPORT}

    def get_queryset(self):
        return research_queries.visible_studies(self.request.user)

    def _study(self, pk, permission):
        study = research_queries.study(pk)
        if study is None:
            raise refusal(permission, ("monitoring.study", str(pk)))
        require(self.actor(), VIEW if permission == VIEW else permission, study)
        self.target = study
        return study

    def _show(self, study, status_code=status.HTTP_200_OK):
        study = research_queries.study(study.pk)
        study.export_list = research_queries.exports_of(study)
        return Response(s.ResearchStudyDetailSerializer(study).data, status=status_code)

    @extend_schema(summary="Onderzoeken",
                   description="De eigen studies van de analist; alle studies voor de "
                   "privacyfunctionaris van Veilig Thuis.")
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        research_logged(self.actor(), ResearchEvent.STUDIES_READ, detail=f"{len(page)} studies")
        return self.get_paginated_response(s.ResearchStudySerializer(page, many=True).data)

    @extend_schema(summary="Eén onderzoek, met zijn exports",
                   responses=s.ResearchStudyDetailSerializer)
    def retrieve(self, request, pk):
        study = self._study(pk, VIEW)
        research_logged(self.actor(), ResearchEvent.STUDY_READ, study)
        return self._show(study)

    @extend_schema(summary="Een studie aanmelden (analist)",
                   description="Wacht daarna op de privacyfunctionaris. De variabelen komen uit de "
                   "vaste lijst (ResearchVariableEnum).",
                   request=s.ResearchStudyInputSerializer,
                   responses={201: s.ResearchStudyDetailSerializer})
    def create(self, request):
        data = self._input(s.ResearchStudyInputSerializer)
        try:
            study = services.register_study(self.actor(), services.StudyData(
                title=data["title"], purpose=data["purpose"], variables=data["variables"],
                period_from=data["periodFrom"], period_to=data["periodTo"], ends_on=data["endsOn"]))
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(study, status.HTTP_201_CREATED)

    @extend_schema(summary="Goedkeuren (privacyfunctionaris)", request=None,
                   responses=s.ResearchStudyDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk):
        study = self._study(pk, DECIDE)
        try:
            study = services.approve_study(self.actor(), study)
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(study)

    @extend_schema(summary="Afwijzen met reden (privacyfunctionaris)",
                   request=s.ResearchRejectInputSerializer,
                   responses=s.ResearchStudyDetailSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk):
        study = self._study(pk, DECIDE)
        data = self._input(s.ResearchRejectInputSerializer)
        try:
            study = services.reject_study(self.actor(), study, reason=data["reason"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(study)

    @extend_schema(summary="Een export starten (de onderzoeker)",
                   description="Alleen van een goedgekeurde studie die niet is afgelopen. Het werk "
                   "loopt op de achtergrond; de voortgang staat bij de export in de studie.",
                   request=None, responses={202: s.ResearchExportSerializer})
    @action(detail=True, methods=["post"])
    def export(self, request, pk):
        study = self._study(pk, EXPORT)
        try:
            export = services.start_export(self.actor(), study)
        except RuleViolation as exc:
            raise_at(exc)
        export = research_queries.export(export.pk)
        return Response(s.ResearchExportSerializer(export).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=[TAG])
class ResearchExportViewSet(ResearchAPIMixin, EendakGenericViewSet):
    """The one download of a finished export (pseudonymised personal data: logged as an export)."""

    eendak_access = ViewAccess.PERSONAL
    serializer_class = s.ResearchExportSerializer
    permissions = {"download": DOWNLOAD}
    default_permission = DOWNLOAD

    def get_queryset(self):
        return research_queries.visible_studies(self.request.user).none()

    @extend_schema(summary="De export downloaden (één keer, de onderzoeker)",
                   description="Een CSV (UTF-8, ;). Daarna is het bestand weg; een tweede keer is "
                   "een 410.", request=None,
                   responses={(200, "text/csv"): {"type": "string", "format": "binary"},
                              **DOWNLOAD_ONCE_RESPONSES})
    @action(detail=True, methods=["post"])
    def download(self, request, pk):
        export = research_queries.export(pk)
        if export is None:
            raise refusal(DOWNLOAD, ("monitoring.researchexport", str(pk)))
        require(self.actor(), DOWNLOAD, export)
        self.target = export
        try:
            handle, name = services.download_export(self.actor(), export)
        except RuleViolation as exc:
            raise_at(exc)
        return download_once.response(handle, name, "text/csv; charset=utf-8")
