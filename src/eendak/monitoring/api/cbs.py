"""The CBS half-year delivery over HTTP (/api/v1/cbs-deliveries/): the same services as the screens
(``monitoring.cbs_tasks``), each action behind its declared permission, asked before the handler and
so before the input is read; a delivery that is not there or not the caller's is the problem
handler's logged 404. A bad half-year is a 400 problem+json with the Dutch message at ``halfYear``,
logged as a failed change. The figures are published as CBS publishes them (rounded, ``<5``).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from eendak.api.base import DOWNLOAD_ONCE_RESPONSES, EendakGenericViewSet
from eendak.api.permissions import ActionPermissions
from eendak.api.problems import raise_at
from eendak.api.refusals import LogRefusedChanges
from eendak.core import download_once
from eendak.core.access import ViewAccess
from eendak.core.exceptions import RuleViolation
from eendak.core.models import JobStatus
from eendak.core.permissions import refusal, require

from .. import cbs_tasks
from ..cbs_tasks import PRODUCE, VIEW
from ..events import CbsEvent, cbs_logged
from ..models import CbsDelivery

TAG = "cbs-levering"


class CbsDeliveryInputSerializer(serializers.Serializer):
    halfYear = serializers.CharField(
        max_length=20, help_text="Het halfjaar, bijvoorbeeld 2026-H1.",
        error_messages={"required": "Vul het halfjaar in, bijvoorbeeld 2026-H1.",
                        "blank": "Vul het halfjaar in, bijvoorbeeld 2026-H1.",
                        "max_length": "Schrijf het halfjaar als jaar-H1 of jaar-H2, bijvoorbeeld "
                                      "2026-H1."})


class CbsDeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    halfYear = serializers.CharField(source="half_year")
    jobId = serializers.IntegerField(source="job_id")
    requestedAt = serializers.DateTimeField(source="requested_at")
    status = serializers.SerializerMethodField(
        help_text="queued, running, failed of ready (de bestanden staan klaar).")
    done = serializers.IntegerField(source="job.done")
    total = serializers.IntegerField(source="job.total", allow_null=True)
    message = serializers.CharField(source="job.message")
    readyAt = serializers.DateTimeField(source="ready_at", allow_null=True)
    csvDownloadedAt = serializers.DateTimeField(source="csv_downloaded_at", allow_null=True)
    pdfDownloadedAt = serializers.DateTimeField(source="pdf_downloaded_at", allow_null=True)

    def get_status(self, delivery) -> str:
        if delivery.ready_at:
            return "ready"
        return {JobStatus.QUEUED: "queued", JobStatus.RUNNING: "running"}.get(
            delivery.job.status, "failed")


class CbsDeliveryDetailSerializer(CbsDeliverySerializer):
    report = serializers.JSONField(
        help_text="Als de levering klaar is: de gepubliceerde cijfers per gebied (regio of "
                  "CBS-code van de gemeente), tabel en categorie (afgerond op 5, '<5'), en de "
                  "controles met aantal en reden.")


@extend_schema(tags=[TAG])
class CbsDeliveryViewSet(ActionPermissions, LogRefusedChanges, EendakGenericViewSet):
    """The analyst's CBS half-year deliveries: start one, follow it, read its figures, download its
    file and report once each."""

    eendak_access = ViewAccess.STAFF
    serializer_class = CbsDeliverySerializer
    refused_event = CbsEvent.CHANGE_REFUSED
    filter_backends = []
    permissions = {"list": VIEW, "retrieve": VIEW, "create": PRODUCE, "csv": PRODUCE,
                   "pdf": PRODUCE}
    default_permission = VIEW

    def get_queryset(self):
        return CbsDelivery.objects.filter(requested_by=self.request.user).select_related("job")

    def _delivery(self, pk, permission):
        delivery = cbs_tasks.delivery(pk)
        if delivery is None:
            raise refusal(permission, ("monitoring.cbsdelivery", str(pk)))
        require(self.actor(), permission, delivery)
        self.target = delivery
        return delivery

    @extend_schema(summary="Mijn CBS-leveringen")
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        cbs_logged(self.actor(), CbsEvent.DELIVERIES_READ, detail=f"{len(page)} leveringen")
        return self.get_paginated_response(CbsDeliverySerializer(page, many=True).data)

    @extend_schema(summary="Een CBS-levering: voortgang, cijfers en controles",
                   responses=CbsDeliveryDetailSerializer)
    def retrieve(self, request, pk):
        delivery = self._delivery(pk, VIEW)
        cbs_logged(self.actor(), CbsEvent.DELIVERY_READ, delivery, detail=delivery.half_year)
        return Response(CbsDeliveryDetailSerializer(delivery).data)

    @extend_schema(summary="Een CBS-levering starten voor een halfjaar",
                   description="Het werk loopt op de achtergrond (202 met de taak); volg het op de "
                   "levering. Een halfjaar dat nog niet begonnen is, is een 400.",
                   request=CbsDeliveryInputSerializer, responses={202: CbsDeliverySerializer})
    def create(self, request):
        serializer = CbsDeliveryInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            delivery = cbs_tasks.start_delivery(self.actor(),
                                                serializer.validated_data["halfYear"])
        except RuleViolation as exc:
            raise_at(exc)
        delivery = cbs_tasks.delivery(delivery.pk)
        return Response(CbsDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)

    def _download(self, pk, which):
        delivery = self._delivery(pk, PRODUCE)
        try:
            handle, name, content_type = cbs_tasks.download(self.actor(), delivery, which)
        except RuleViolation as exc:
            raise_at(exc)
        return download_once.response(handle, name, content_type)

    @extend_schema(summary="Het leveringsbestand downloaden (CSV, één keer)", request=None,
                   responses={(200, "text/csv"): {"type": "string", "format": "binary"},
                              **DOWNLOAD_ONCE_RESPONSES})
    @action(detail=True, methods=["post"])
    def csv(self, request, pk):
        return self._download(pk, "csv")

    @extend_schema(summary="Het verslag downloaden (PDF, één keer)", request=None,
                   responses={(200, "application/pdf"): {"type": "string", "format": "binary"},
                              **DOWNLOAD_ONCE_RESPONSES})
    @action(detail=True, methods=["post"])
    def pdf(self, request, pk):
        return self._download(pk, "pdf")
