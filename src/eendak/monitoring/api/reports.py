"""The dashboards' PDF report over HTTP (/api/v1/dashboard-reports/): the same services as the
dashboards page (``monitoring.report_tasks``), as the CBS delivery's endpoints do it
(``monitoring.api.cbs``) — start it, follow its progress, download it once.

Each action is behind its declared permission, asked before the handler and so before the input is
read: ``monitoring.make_dashboard_report`` to start (whoever sees the dashboards, with their scope: a
municipal policy officer only their own municipality — another one, or one that does not exist, is
the problem handler's logged 404, as on the page) and to download; ``monitoring.view_dashboard_report``
to follow it. A report that is not there or not the caller's is the logged 404 too. A half-year that
cannot be read is a 400 problem+json with the Dutch message at ``from`` or ``to``, logged as a failed
change, and nothing is started. The download is the page's own (``report_tasks.download``): once,
logged as an export, the file removed after it; a second time is a 400 with the Dutch message.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from eendak.api.base import EendakAPIHelpers, EendakGenericViewSet
from eendak.api.permissions import ActionPermissions
from eendak.api.problems import raise_at
from eendak.api.refusals import LogRefusedChanges
from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.core import download_once
from eendak.core.access import ViewAccess
from eendak.core.exceptions import RuleViolation
from eendak.core.models import JobStatus

from .. import report_tasks
from ..events import ReportEvent
from ..models import DashboardReport

MAKE, VIEW = report_tasks.MAKE, "monitoring.view_dashboard_report"
TAG = "cijfers"
HALF_YEAR = r"^\d{4}-H[12]$"
# The service's words for the page's fields, as the API names them.
FIELDS = {"vanaf": "from", "tot": "to"}


class DashboardReportInputSerializer(serializers.Serializer):
    municipality = serializers.IntegerField(
        required=False, allow_null=True, min_value=1,
        help_text="De gemeente (id); leeg of null: de regio (de analist). Een beleidsmedewerker van "
                  "een gemeente krijgt altijd de eigen gemeente; een andere is niet te vinden (404).",
        error_messages={"invalid": "Kies een gemeente met haar nummer (id).",
                        "min_value": "Kies een gemeente met haar nummer (id)."})

    def get_fields(self):
        fields = super().get_fields()
        for name, default in (("from", "drie halfjaren voor het laatste"), ("to", "het huidige")):
            fields[name] = serializers.CharField(
                required=False, allow_blank=True, max_length=20,
                help_text=f"{'Eerste' if name == 'from' else 'Laatste'} halfjaar, bijvoorbeeld "
                          f"2025-H1 (standaard: {default}).",
                error_messages={"max_length": "Schrijf het halfjaar als jaar-H1 of jaar-H2, "
                                              "bijvoorbeeld 2025-H1."})
        return fields


class DashboardReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    municipality = serializers.IntegerField(source="municipality_id", allow_null=True,
                                            help_text="De gemeente (id); null: de regio.")
    jobId = serializers.IntegerField(source="job_id")
    requestedAt = serializers.DateTimeField(source="requested_at")
    status = serializers.SerializerMethodField(
        help_text="queued, running, failed, ready (het rapport staat klaar) of downloaded.")
    done = serializers.IntegerField(source="job.done")
    total = serializers.IntegerField(source="job.total", allow_null=True)
    message = serializers.CharField(source="job.message")
    readyAt = serializers.DateTimeField(source="ready_at", allow_null=True)
    downloadedAt = serializers.DateTimeField(source="downloaded_at", allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.CharField(source="first")
        fields["to"] = serializers.CharField(source="last")
        return fields

    def get_status(self, report) -> str:
        if report.downloaded_at:
            return "downloaded"
        if report.ready_at:
            return "ready"
        return {JobStatus.QUEUED: "queued", JobStatus.RUNNING: "running"}.get(
            report.job.status, "failed")


def _logged(actor, event: ReportEvent, report=None, *, detail: str = "") -> None:
    with audit.atomic():
        audit.log_access(actor, event=event, action=Action.READ,
                         obj=report.municipality if report is not None else None,
                         detail=detail[:255])


@extend_schema(tags=[TAG])
class DashboardReportViewSet(ActionPermissions, EendakAPIHelpers, LogRefusedChanges,
                             EendakGenericViewSet):
    """The dashboards as a PDF report: start one, follow it, download it once — only one's own."""

    eendak_access = ViewAccess.STAFF
    serializer_class = DashboardReportSerializer
    refused_event = ReportEvent.CHANGE_REFUSED
    filter_backends = []
    permissions = {"list": VIEW, "retrieve": VIEW, "create": MAKE, "download": MAKE}
    default_permission = VIEW

    def get_queryset(self):
        # Started in the role the caller acts in now (``core.view_job`` asks the same membership).
        return (DashboardReport.objects.filter(requested_by=self.request.user,
                                               job__membership=self.actor().membership)
                .select_related("job", "municipality"))

    def _report(self, pk, permission) -> DashboardReport:
        """The caller's report, still within their scope (``report_tasks.check``, as the page asks);
        any other id is the one refusal, a logged 404."""
        report = self._found(DashboardReport.objects.select_related("job", "municipality"), pk,
                             permission)
        report_tasks.check(self.actor(), report)
        return report

    @extend_schema(summary="Mijn dashboardrapporten (PDF)")
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        _logged(self.actor(), ReportEvent.REPORTS_READ,
                detail=self._page_detail(page, "dashboardrapporten"))
        return self.get_paginated_response(DashboardReportSerializer(page, many=True).data)

    @extend_schema(summary="Een dashboardrapport: status en voortgang",
                   description="Alleen voor wie het startte (anders 404).")
    def retrieve(self, request, pk):
        report = self._report(pk, VIEW)
        _logged(self.actor(), ReportEvent.REPORT_READ, report, detail=str(report))
        return Response(DashboardReportSerializer(report).data)

    @extend_schema(summary="De dashboards als PDF-rapport maken",
                   description="Als op het dashboard: de regio (de analist) of een gemeente, over de "
                   "gevraagde halfjaren. Het werk loopt op de achtergrond (202 met het rapport); "
                   "volg het op het rapport. Een halfjaar dat niet te lezen is, is een 400; een "
                   "gemeente die niet de uwe is of niet bestaat, een 404.",
                   request=DashboardReportInputSerializer, responses={202: DashboardReportSerializer})
    def create(self, request):
        data = self._input(DashboardReportInputSerializer)
        try:
            report = report_tasks.start_report(
                self.actor(), municipality_id=data.get("municipality"),
                first=data.get("from", ""), last=data.get("to", ""))
        except RuleViolation as exc:
            raise_at(exc, FIELDS)
        report = report_tasks.report_of(report.pk)
        return Response(DashboardReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(summary="Het rapport downloaden (PDF, één keer)",
                   description="Daarna is het bestand weg: een tweede keer is een 410, een "
                   "rapport dat nog niet klaar is een 409, elk met de reden.", request=None,
                   responses={(200, "application/pdf"): {"type": "string", "format": "binary"}})
    @action(detail=True, methods=["post"])
    def download(self, request, pk):
        report = self._report(pk, MAKE)
        try:
            handle, name = report_tasks.download(self.actor(), report)
        except RuleViolation as exc:
            raise_at(exc)
        return download_once.response(handle, name, "application/pdf")
