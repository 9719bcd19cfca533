"""Reports and advice requests: Veilig Thuis's own records, for Veilig Thuis only.

Who may: the gate of each viewset is the read permission of its records (``intake.view_report``,
``intake.view_advice_request``); each step's service asks the permission of its change with the
record (``intake.assess``, ``intake.decide``, …). Anyone refused gets a 404, exactly as for a report
that does not exist, logged under the permission's name by the problem handler. Which records:
``intake.permissions.visible_reports`` and ``visible_advice_requests``, the screens' querysets. What
is logged: every state change by its service in ``intake.services``; every read (list, detail, a
replayed POST) here, naming the persons shown.
"""

import hashlib

from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from eendak.api.base import EendakGenericViewSet
from eendak.api.permissions import IsVerifiedActor, requires
from eendak.api.problems import camel, raise_at
from eendak.api.refusals import UNSAFE, LogRefusedChanges
from eendak.audit import services as audit
from eendak.audit.models import Action, Outcome
from eendak.core.access import ViewAccess
from eendak.core.exceptions import RuleViolation
from eendak.persons import bsn as bsn_module
from eendak.persons.models import PersonBSN

from .. import services
from ..events import Event
from ..models import (
    FeedbackTask,
    InformingTask,
    InstrumentResult,
    JointConversation,
    ReportPerson,
)
from ..permissions import visible_advice_requests, visible_reports
from . import serializers as s
from .filters import AdviceFilter, ReportFilter

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="Een unieke sleutel per indiening (bijv. een UUID). Wordt hetzelfde verzoek met "
    "dezelfde sleutel opnieuw gestuurd, dan komt de eerder aangemaakte bron terug (200) in plaats "
    "van een tweede (201).")
MAX_IDEMPOTENCY_KEY = 200


# --- Translating a service's RuleViolation to the field of the JSON body ---------------------------


def _person_paths(involved: list[dict], prefix: str = "involved") -> dict[str, str]:
    """Where a person-rule error of ``registry.create_person`` points in ``involved``.

    A duplicate BSN is named at the new person carrying that BSN; any other person field at the
    first new person (the serializer already checked each one, so this is the rare remainder).
    """
    new_persons = [(f"{prefix}.{index}.newPerson", item["newPerson"])
                   for index, item in enumerate(involved)
                   if isinstance(item, dict) and isinstance(item.get("newPerson"), dict)]
    paths = {}
    for here, new in new_persons:
        digits = bsn_module.normalise(str(new.get("bsn") or ""))
        if digits and PersonBSN.objects.filter(lookup_hash=bsn_module.lookup_hash(digits)).exists():
            paths["bsn"] = f"{here}.bsn"
            break
    for here, _new in new_persons[:1]:
        for field in ("date_of_birth", "bsn"):
            paths.setdefault(field, f"{here}.{camel(field)}")
    return paths


def submission_key(request) -> str | None:
    """The ``Idempotency-Key`` header as a ``submission_key``, scoped to the caller.

    Hashed with the user's id so that two clients who happen to pick the same key never receive
    each other's report, and so it never collides with the public web form's keys.
    """
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        return None
    if len(key) > MAX_IDEMPOTENCY_KEY:
        raise exceptions.ValidationError({"Idempotency-Key": [
            f"De Idempotency-Key is te lang (hoogstens {MAX_IDEMPOTENCY_KEY} tekens)."]})
    digest = hashlib.sha256(f"{request.user.pk}:{key}".encode()).hexdigest()
    return f"api-{digest[:56]}"


# --- Reports ------------------------------------------------------------------------------------


def _report_detail_queryset(user):
    # One query per relation instead of one per row: the report page shows all of these at once.
    return (
        visible_reports(user)
        .select_related("municipality", "household", "reporter", "assessment__assessed_by",
                        "decision__case", "decision__decided_by",
                        "decision__handover_organisation", "investigation")
        .prefetch_related(
            Prefetch("involved", queryset=ReportPerson.objects.select_related(
                "person", "person__bsn").order_by("role", "person__date_of_birth")),
            Prefetch("instrument_results", queryset=InstrumentResult.objects.order_by("assessed_at")),
            Prefetch("joint_conversations",
                     queryset=JointConversation.objects.select_related("local_team").order_by("pk")),
            Prefetch("feedback_tasks", queryset=FeedbackTask.objects.order_by("due_on", "pk")),
            Prefetch("informing_tasks", queryset=InformingTask.objects.order_by("due_on", "pk")),
            "investigation__findings",
        )
    )


REPORT_PATHS = {"reporter_name": "reporter.name"}


def _log_miss(view, event, obj) -> None:
    """A record this organisation may not see (or that is not there) is a 404 — and the attempt is
    logged: as a read when ``event`` names one, as a refused change when the request would change
    something (another Veilig Thuis's report is as absent as a report that does not exist)."""
    if event:
        audit.log_access(view.actor(), event=event, action=Action.READ, obj=obj,
                         outcome=Outcome.NOT_FOUND)
    elif view.request.method in UNSAFE:
        audit.log_access(view.actor(), event=view.refused_event, action=Action.UPDATE, obj=obj,
                         outcome=Outcome.NOT_FOUND, detail=view.action or "")


@extend_schema(tags=["meldingen"],
               description="Meldingen bij Veilig Thuis, alleen voor Veilig Thuis. Elke opvraging en "
               "elke wijziging komt in het toegangslog, met de betrokken personen.")
class ReportViewSet(LogRefusedChanges, EendakGenericViewSet):
    """Reports (meldingen): the work queue, taking a report, and every step to the decision."""

    eendak_access = ViewAccess.PERSONAL
    permission_classes = [IsVerifiedActor, requires("intake.view_report")]
    refused_event = Event.REPORT_CHANGE_REFUSED
    serializer_class = s.ReportSerializer
    filterset_class = ReportFilter

    def get_queryset(self):
        return (visible_reports(self.request.user)
                .select_related("municipality", "household")
                .order_by("assessment_due_at", "reference"))

    # -- helpers --

    def _report(self, pk, *, event: str | None = None):
        """The visible report, or a 404 (logged when ``event`` says this was a read)."""
        report = _report_detail_queryset(self.request.user).filter(pk=pk).first()
        if report is None:
            _log_miss(self, event, ("intake.report", str(pk)))
            raise exceptions.NotFound()
        self.target = report
        return report

    def _show(self, pk, status_code=status.HTTP_200_OK):
        report = _report_detail_queryset(self.request.user).get(pk=pk)
        return Response(s.ReportSerializer(report, context=self.get_serializer_context()).data,
                        status=status_code)

    def _log_read(self, report, detail=""):
        audit.log_access(self.actor(), event=Event.REPORT_READ, action=Action.READ, obj=report,
                         persons=[link.person_id for link in report.involved.all()], detail=detail)

    def _input(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer

    # -- list, create, retrieve --

    @extend_schema(summary="Werkvoorraad: meldingen op volgorde van termijn",
                   description="Alleen voor Veilig Thuis. Gesorteerd op de uiterste datum van de "
                   "veiligheidsbeoordeling, met per melding het signaal: verlopen, vandaag, of het "
                   "aantal werkdagen dat rest. Eén regel in het toegangslog noemt de personen van "
                   "de getoonde meldingen.",
                   responses=s.ReportSummarySerializer(many=True))
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        persons = ReportPerson.objects.filter(report__in=page).values_list("person_id", flat=True)
        audit.log_access(self.actor(), event=Event.REPORT_LIST, action=Action.READ, persons=persons,
                         detail=f"pagina {self.paginator.page.number}: {len(page)} meldingen")
        return self.get_paginated_response(
            s.ReportSummarySerializer(page, many=True, context=self.get_serializer_context()).data)

    @extend_schema(summary="Een melding aannemen",
                   description="Betrokken personen als bestaande persoon (`person`, id uit "
                   "/person-candidates/) of nieuw (`newPerson`). Met de header Idempotency-Key geeft "
                   "een herhaald verzoek dezelfde melding terug (200) in plaats van een tweede.",
                   parameters=[IDEMPOTENCY_HEADER], request=s.ReportCreateSerializer,
                   responses={201: s.ReportSerializer,
                              200: OpenApiResponse(s.ReportSerializer,
                                                   description="Eerder ingediend met deze "
                                                   "Idempotency-Key: dezelfde melding.")})
    def create(self, request):
        key = submission_key(request)
        if key:
            earlier = visible_reports(request.user).filter(submission_key=key).first()
            if earlier is not None:
                report = self._report(earlier.pk)
                self._log_read(report, detail="herhaald verzoek (Idempotency-Key)")
                return self._show(report.pk)
        serializer = self._input(s.ReportCreateSerializer)
        try:
            report = services.register_report(self.actor(), serializer.to_report_data(key))
        except RuleViolation as exc:
            raise_at(exc, REPORT_PATHS | _person_paths(request.data.get("involved") or []))
        return self._show(report.pk, status.HTTP_201_CREATED)

    @extend_schema(summary="Eén melding",
                   description="Met de melder alleen voor wie die mag zien (Veilig Thuis); voor "
                   "ieder ander ontbreekt het veld `reporter`.")
    def retrieve(self, request, pk):
        report = self._report(pk, event=Event.REPORT_READ)
        self._log_read(report)
        return Response(s.ReportSerializer(report, context=self.get_serializer_context()).data)

    # -- steps --

    @extend_schema(summary="De veiligheidsbeoordeling vastleggen", request=s.AssessmentInputSerializer,
                   responses=s.ReportSerializer)
    @action(detail=True, methods=["post"])
    def assessment(self, request, pk):
        report = self._report(pk)
        data = self._input(s.AssessmentInputSerializer).validated_data
        try:
            services.record_assessment(
                self.actor(), report, acute_unsafety=data["acuteUnsafety"],
                structural_unsafety=data["structuralUnsafety"], triage=data["triage"],
                rationale=data["rationale"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(report.pk)

    @extend_schema(summary="Een risico-instrument vastleggen",
                   description="Bij een instrument met openbare scoringsregels berekent Eendak de "
                   "score; die ondersteunt het oordeel en beslist niets.",
                   request=s.InstrumentInputSerializer, responses=s.ReportSerializer)
    @action(detail=True, methods=["post"])
    def instruments(self, request, pk):
        report = self._report(pk)
        data = self._input(s.InstrumentInputSerializer).validated_data
        try:
            services.record_instrument(self.actor(), report, instrument_code=data["instrument"],
                                       answers=data["answers"], outcome=data["outcome"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(report.pk)

    @extend_schema(summary="Het besluit over het vervolg",
                   description="Elk besluit behalve het einde opent het casusdossier van het "
                   "huishouden (of sluit aan bij het open dossier) met Veilig Thuis verantwoordelijk; "
                   "bij voorwaarden en vervolg of onderzoek doet het lokale team direct mee.",
                   request=s.DecisionInputSerializer, responses=s.ReportSerializer)
    @action(detail=True, methods=["post"])
    def decision(self, request, pk):
        report = self._report(pk)
        data = self._input(s.DecisionInputSerializer).validated_data
        try:
            services.decide(self.actor(), report, kind=data["kind"], rationale=data["rationale"],
                            handover_target=data["handoverTarget"],
                            handover_organisation=data["handoverOrganisation"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(report.pk)

    @extend_schema(summary="De uitkomst van het onderzoek, per soort geweld",
                   request=s.InvestigationOutcomeInputSerializer, responses=s.ReportSerializer)
    @action(detail=True, methods=["post"], url_path="investigation-outcome")
    def investigation_outcome(self, request, pk):
        report = self._report(pk)
        data = self._input(s.InvestigationOutcomeInputSerializer).validated_data
        findings = {item["violenceType"]: item["result"] for item in data["findings"]}
        try:
            services.complete_investigation(self.actor(), report, findings=findings,
                                            closed_early=data["closedEarly"],
                                            conclusion=data["conclusion"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(report.pk)

    @extend_schema(summary="Het gezamenlijke gesprek met het gezin plannen of vastleggen",
                   parameters=[OpenApiParameter("conversation_id", int, OpenApiParameter.PATH)],
                   request=s.JointConversationInputSerializer, responses=s.ReportSerializer)
    @action(detail=True, methods=["patch"], url_path="joint-conversations/<int:conversation_id>")
    def joint_conversation(self, request, pk, conversation_id):
        report = self._report(pk)
        conversation = JointConversation.objects.filter(report=report, pk=conversation_id).first()
        if conversation is None:
            raise exceptions.NotFound()
        data = self._input(s.JointConversationInputSerializer).validated_data
        try:
            services.record_joint_conversation(
                self.actor(), conversation, planned_for=data["plannedFor"], held_at=data["heldAt"],
                participants=data["participants"], notes=data["notes"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(report.pk)

    @extend_schema(summary="Terugkoppeling aan de melder gegeven",
                   parameters=[OpenApiParameter("task_id", int, OpenApiParameter.PATH)],
                   request=s.FeedbackInputSerializer, responses=s.ReportSerializer)
    @action(detail=True, methods=["post"], url_path="feedback/<int:task_id>/complete")
    def complete_feedback(self, request, pk, task_id):
        report = self._report(pk)
        task = FeedbackTask.objects.filter(report=report, pk=task_id).first()
        if task is None:
            raise exceptions.NotFound()
        data = self._input(s.FeedbackInputSerializer).validated_data
        try:
            services.complete_feedback(self.actor(), task, content=data["content"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(report.pk)

    @extend_schema(summary="Een betrokkene geïnformeerd, of de reden om dat niet te doen",
                   parameters=[OpenApiParameter("task_id", int, OpenApiParameter.PATH)],
                   request=s.InformingInputSerializer, responses=s.ReportSerializer)
    @action(detail=True, methods=["post"], url_path="informing/<int:task_id>")
    def informing(self, request, pk, task_id):
        report = self._report(pk)
        task = InformingTask.objects.filter(report=report, pk=task_id).first()
        if task is None:
            raise exceptions.NotFound()
        data = self._input(s.InformingInputSerializer).validated_data
        try:
            services.record_informing(self.actor(), task, informed_on=data["informedOn"],
                                      reason_not_informed=data["reasonNotInformed"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(report.pk)

    @extend_schema(summary="Een persoon aan de melding koppelen",
                   description="Een bestaande persoon (`person`) of een nieuwe (`newPerson`); de "
                   "persoon komt ook in het huishouden van de melding.",
                   request=s.InvolvedInputSerializer, responses={201: s.ReportSerializer})
    @action(detail=True, methods=["post"])
    def persons(self, request, pk):
        report = self._report(pk)
        data = self._input(s.InvolvedInputSerializer).validated_data
        municipality_id = report.municipality_id
        try:
            services.link_person(self.actor(), report,
                                 s.InvolvedInputSerializer().to_involved(data, municipality_id))
        except RuleViolation as exc:
            paths = {key: value.removeprefix("involved.0.")
                     for key, value in _person_paths([request.data]).items()}
            raise_at(exc, paths)
        return self._show(report.pk, status.HTTP_201_CREATED)


# --- Advice requests ----------------------------------------------------------------------------


ADVICE_PATHS = {"reporter_name": "reporter.name"}


@extend_schema(tags=["adviesvragen"],
               description="Adviesvragen aan Veilig Thuis, alleen voor Veilig Thuis. Anoniem mag; "
               "contactgegevens alleen met toestemming. Elke opvraging komt in het toegangslog.")
class AdviceRequestViewSet(LogRefusedChanges, EendakGenericViewSet):
    """Advice requests: anonymous allowed, the asker's contact details only with consent."""

    eendak_access = ViewAccess.PERSONAL
    permission_classes = [IsVerifiedActor, requires("intake.view_advice_request")]
    refused_event = Event.ADVICE_CHANGE_REFUSED
    serializer_class = s.AdviceRequestSerializer
    filterset_class = AdviceFilter

    def get_queryset(self):
        return (visible_advice_requests(self.request.user)
                .select_related("municipality", "converted_to")
                .order_by("-received_at", "-pk"))

    def _advice(self, pk, *, event: str | None = None):
        advice = self.get_queryset().filter(pk=pk).first()
        if advice is None:
            _log_miss(self, event, ("intake.advicerequest", str(pk)))
            raise exceptions.NotFound()
        self.target = advice
        return advice

    def _show(self, advice, status_code=status.HTTP_200_OK):
        advice = self.get_queryset().get(pk=advice.pk)
        return Response(s.AdviceRequestSerializer(advice).data, status=status_code)

    @extend_schema(summary="Adviesvragen, nieuwste eerst")
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        audit.log_access(self.actor(), event=Event.ADVICE_LIST, action=Action.READ,
                         detail=f"pagina {self.paginator.page.number}: {len(page)} adviesvragen")
        return self.get_paginated_response(s.AdviceRequestSerializer(page, many=True).data)

    @extend_schema(summary="Een adviesvraag vastleggen", parameters=[IDEMPOTENCY_HEADER],
                   responses={201: s.AdviceRequestSerializer,
                              200: OpenApiResponse(s.AdviceRequestSerializer,
                                                   description="Eerder ingediend met deze "
                                                   "Idempotency-Key.")})
    def create(self, request):
        key = submission_key(request)
        if key:
            earlier = self.get_queryset().filter(submission_key=key).first()
            if earlier is not None:
                audit.log_access(self.actor(), event=Event.ADVICE_READ, action=Action.READ,
                                 obj=earlier, detail="herhaald verzoek (Idempotency-Key)")
                return self._show(earlier)
        serializer = s.AdviceRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            advice = services.register_advice(self.actor(), serializer.to_advice_data(key))
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(advice, status.HTTP_201_CREATED)

    @extend_schema(summary="Eén adviesvraag")
    def retrieve(self, request, pk):
        advice = self._advice(pk, event=Event.ADVICE_READ)
        audit.log_access(self.actor(), event=Event.ADVICE_READ, action=Action.READ, obj=advice)
        return Response(s.AdviceRequestSerializer(advice).data)

    @extend_schema(summary="Het gegeven advies en het vervolg vastleggen",
                   request=s.AdviceGivenInputSerializer, responses=s.AdviceRequestSerializer)
    @action(detail=True, methods=["post"])
    def advice(self, request, pk):
        advice = self._advice(pk)
        serializer = s.AdviceGivenInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            services.record_advice(self.actor(), advice, advice_given=data["adviceGiven"],
                                   follow_up=data["followUp"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(advice)

    @extend_schema(summary="De adviesvraag omzetten in een melding",
                   description="De vraag, de vraagsteller (als melder) en de soorten geweld gaan mee. "
                   "Geeft de nieuwe melding terug.",
                   request=s.AdviceConvertInputSerializer, responses={201: s.ReportSerializer})
    @action(detail=True, methods=["post"])
    def convert(self, request, pk):
        advice = self._advice(pk)
        serializer = s.AdviceConvertInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        reporter = (s.ReporterSerializer().to_reporter_data(data["reporter"])
                    if data["reporter"] else None)
        involved = [s.InvolvedInputSerializer().to_involved(item, advice.municipality_id)
                    for item in data["involved"]]
        try:
            report = services.convert_advice_to_report(self.actor(), advice, reporter=reporter,
                                                       involved=involved)
        except RuleViolation as exc:
            raise_at(exc, ADVICE_PATHS | _person_paths(request.data.get("involved") or []))
        report = _report_detail_queryset(request.user).get(pk=report.pk)
        # What was made is a report: its own URL, not the advice request's (api.locations).
        return Response(s.ReportSerializer(report, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED, headers={"Location": request.build_absolute_uri(
                            reverse("intake_api:report-detail", args=[report.pk]))})
