"""The shared case file over HTTP: reading the whole file, its journal and documents, and one POST
endpoint per step, each calling one function of ``cases.services``.

Who may: people whose role sees client data (``Capability.CLIENT_DATA``); anyone else gets the 404 of
something that does not exist. Which cases: ``cases.permissions.visible_cases`` (the organisations
taking part, Veilig Thuis holding a report, break-the-glass) — a case outside it is the same 404. What
the rules are: each service requires its declared permission (``cases.change_phase`` ...); a refusal
about *who* asks is a ``NotPermitted``, answered — like everywhere in the API — by the problem handler
with a logged 404; a refusal about the *data* is a ``RuleViolation``, a 400 naming the field.

What is logged: every state change by its service; every read here, naming the persons shown
(``case.read`` for the file, ``case.journal_read``, ``case.document_read`` ...); a lookup that finds
nothing as ``not_found``; and a change the rules refused as ``failed`` on the case it was aimed at
(no persons: nothing of them was shown or changed).
"""

from django.db.models import Prefetch
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser
from rest_framework.response import Response

from eendak.api.base import (
    CONFLICT,
    Conflict,
    EendakAPIHelpers,
    EendakAPIView,
    EendakGenericViewSet,
    PassthroughRenderer,
)
from eendak.api.permissions import IsVerifiedActor, requires
from eendak.api.problems import raise_at
from eendak.audit.models import Outcome
from eendak.core.access import ViewAccess
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import allowed, require
from eendak.persons.permissions import note_emergency
from eendak.persons.queries import persons_of

from .. import events, pages, queries, services
from ..events import CaseEvent
from ..impact_queries import impact_per_cohort
from ..models import (
    Case,
    Document,
    Handover,
    Participation,
    PlanAction,
    PlanGoal,
    PlanVersion,
)
from ..permissions import own_contributions
from . import serializers as s
from .filters import CaseFilter, OwnContributionFilter
from .parsers import DocumentMultiPartParser

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


# --- Who may, and what goes wrong -------------------------------------------------------------------


# The 409 of two people changing one case at once (the Veiligheidsteam's views answer with it too).
CASE_CONFLICT = ("Iemand anders wijzigde deze casus op hetzelfde moment. Er is niets opgeslagen; "
                 "bekijk de casus opnieuw en probeer het nog eens.")


def _error_fields(exc) -> list[str]:
    detail = getattr(exc, "detail", None)
    return sorted(str(key) for key in detail) if isinstance(detail, dict) else ["nonFieldErrors"]


class CaseAPIMixin(EendakAPIHelpers):
    """Shared by the case-file viewsets: the case lookup that logs a miss, and the log entry of a
    refused change (the input, the 409: ``EendakAPIHelpers``)."""

    eendak_access = ViewAccess.PERSONAL
    # Client data is for roles that carry it: a log administrator or analyst gets the logged 404 of
    # something that does not exist, as for a case outside their files.
    permission_classes = [IsVerifiedActor, requires("cases.view_work")]
    target = None  # the case a change was aimed at, for the refused-change entry
    # Two people acting at once: the database's constraint caught the second (e.g. two offers of one
    # case). The service's transaction rolled back; say so instead of a 500.
    conflict_detail = CASE_CONFLICT

    def handle_exception(self, exc):
        exc = self._conflict(exc)  # a 409 is a refused change too
        refused = isinstance(exc, (exceptions.ValidationError, RuleViolation, Conflict,
                                   exceptions.ParseError, exceptions.UnsupportedMediaType))
        if refused and self.request.method in UNSAFE and self.target is not None:
            fields = [exc.field or "nonFieldErrors"] if isinstance(exc, RuleViolation) else \
                _error_fields(exc)
            events.not_found(self.actor(), CaseEvent.CHANGE_REFUSED, self.target,
                             outcome=Outcome.FAILED,
                             detail=f"{self.action}: {', '.join(fields)}"[:255])
        return super().handle_exception(exc)

    def _case(self, pk, *, event: CaseEvent = CaseEvent.READ) -> Case:
        """The visible case, or a 404 that is logged as an attempt on that id."""
        case = queries.visible_case(self.request.user, pk)
        if case is None:
            unsafe = self.request.method in UNSAFE
            events.not_found(self.actor(), CaseEvent.CHANGE_REFUSED if unsafe else event,
                             ("cases.case", str(pk)), detail=self.action or "")
            raise exceptions.NotFound()
        self.target = case
        # Whether this is a break-the-glass look, decided once (persons.permissions): the log
        # entries of this request — a read, or a refused step — carry the grant's reason.
        note_emergency(self.request, [case.household])
        return case


def _summary(case_pk) -> Case:
    """A case as "my cases" shows it, after a change. Not through ``visible_cases``: closing a case
    ends the closer's part in it, yet they are owed the answer to what they just did."""
    return (Case.objects.filter(pk=case_pk)
            .select_related("household__municipality", "responsible_organisation", "coordinator")
            .prefetch_related(Prefetch("participations",
                                       queryset=Participation.objects.filter(ended_at__isnull=True)
                                       .select_related("organisation")))
            .get())


def _handover(pk) -> Handover:
    return Handover.objects.select_related("from_organisation", "to_organisation", "offered_by",
                                           "responded_by").get(pk=pk)


def _plan_version(pk) -> PlanVersion:
    return (PlanVersion.objects.select_related("organisation", "created_by")
            .prefetch_related(Prefetch("goals", queryset=PlanGoal.objects.prefetch_related(
                Prefetch("actions", queryset=PlanAction.objects.select_related(
                    "owner_organisation", "owner")))))
            .get(pk=pk))


def _emergency_reason(request) -> str:
    """The break-the-glass reason when that grant is the only way in (decided by ``_case`` with
    ``persons.permissions.emergency_grant_for``), else ""."""
    grant = getattr(request, "eendak_emergency", None)
    return grant.reason if grant else ""


def _path(name: str) -> OpenApiParameter:
    return OpenApiParameter(name, int, OpenApiParameter.PATH)


# --- Cases -----------------------------------------------------------------------------------------


@extend_schema(tags=["casussen"],
               description="Het gedeelde casusdossier: alleen voor de organisaties die deelnemen. Elke "
               "opvraging en elke wijziging komt in het toegangslog.")
class CaseViewSet(CaseAPIMixin, EendakGenericViewSet):
    """The shared case file: my cases, the whole file, its journal and documents, and every step."""

    serializer_class = s.CaseSummarySerializer
    filterset_class = CaseFilter

    def get_queryset(self):
        # Closed cases only when asked for: after closure only Veilig Thuis still takes part.
        return queries.my_cases(self.request.user,
                                include_closed=self.request.query_params.get("status") == "closed")

    # -- reading --

    @extend_schema(summary="Mijn casussen",
                   description="De open casussen waaraan uw organisatie deelneemt, nieuwste eerst. "
                   "Eén regel in het toegangslog noemt de personen van de getoonde huishoudens.")
    def list(self, request):
        require(self.actor(), "cases.view_work")
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        events.read(self.actor(), CaseEvent.LIST, persons=persons_of(*(c.household_id for c in page)),
                    detail=f"pagina {self.paginator.page.number}: {len(page)} casussen")
        return self.get_paginated_response(s.CaseSummarySerializer(page, many=True).data)

    @extend_schema(summary="Het hele dossier van één casus",
                   description="Personen met hun rol (adres en contactgegevens ontbreken bij wie voor uw "
                   "organisatie is afgeschermd), fase en fasegeschiedenis, wie verantwoordelijk is, "
                   "overdrachten, coördinator, deelnemers met taak en grondslag, voorwaarden met hun "
                   "laatste status, monitoring, het huidige plan, signalen, de stem van het kind en "
                   "documenten. Het journaal staat apart: /cases/{id}/journal/.",
                   responses=s.CaseDetailSerializer)
    def retrieve(self, request, pk):
        case = self._case(pk)
        file = queries.CaseFile(request.user, case)
        data = s.CaseDetailSerializer(file).data
        events.read(self.actor(), CaseEvent.READ, case, persons=file.person_ids,
                    emergency_reason=_emergency_reason(request))
        return Response(data)

    @extend_schema(methods=["GET"], summary="Het journaal van de casus",
                   description="Eén tijdlijn van alles wat er gebeurde, nieuwste eerst, met per regel "
                   "de bronorganisatie, de grondslag en wie hem mag lezen. Regels die alleen voor de "
                   "bronorganisatie zijn, ziet alleen die organisatie.",
                   responses=s.JournalEntrySerializer(many=True))
    @extend_schema(methods=["POST"], summary="Een journaalregel toevoegen",
                   description="Contact, gesprek, besluit of notitie, met de grondslag van uw deelname.",
                   request=s.JournalEntryInputSerializer, responses={201: s.JournalEntrySerializer})
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def journal(self, request, pk):
        case = self._case(pk, event=CaseEvent.JOURNAL_READ)
        if request.method == "POST":
            data = self._input(s.JournalEntryInputSerializer)
            try:
                entry = services.add_journal_entry(
                    self.actor(), case, kind=data["kind"], text=data["text"],
                    visibility=data["visibility"], occurred_at=data["occurredAt"])
            except RuleViolation as exc:
                raise_at(exc)
            return Response(s.JournalEntrySerializer(entry).data, status=status.HTTP_201_CREATED)
        require(self.actor(), "cases.view_journal", case)
        page = self.paginate_queryset(pages.journal_entries(request.user, case))
        events.read(self.actor(), CaseEvent.JOURNAL_READ, case,
                    persons=persons_of(case.household_id),
                    emergency_reason=_emergency_reason(request),
                    detail=f"pagina {self.paginator.page.number}: {len(page)} regels")
        return self.get_paginated_response(s.JournalEntrySerializer(page, many=True).data)

    @extend_schema(summary="Een document toevoegen",
                   description="multipart/form-data. Het type wordt aan de inhoud gecontroleerd; het "
                   "bestand wordt buiten de webroot bewaard en alleen via /documents/{id}/download/ "
                   "gegeven. Het journaal krijgt een regel.",
                   request={"multipart/form-data": s.DocumentUploadSerializer},
                   responses={201: s.DocumentSerializer})
    @action(detail=True, methods=["post"], parser_classes=[DocumentMultiPartParser, FormParser])
    def documents(self, request, pk):
        case = self._case(pk)
        data = self._input(s.DocumentUploadSerializer)
        try:
            document = services.upload_document(self.actor(), case, data["file"],
                                                description=data["description"],
                                                visibility=data["visibility"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.DocumentSerializer(document).data, status=status.HTTP_201_CREATED)

    # -- who takes part, who coordinates, the phase, shields --

    @extend_schema(summary="Een organisatie laten deelnemen",
                   request=s.ParticipantInputSerializer, responses={201: s.ParticipantSerializer})
    @action(detail=True, methods=["post"])
    def participants(self, request, pk):
        case = self._case(pk)
        data = self._input(s.ParticipantInputSerializer)
        try:
            participation = services.add_participant(
                self.actor(), case, data["organisation"], task=data["task"],
                legal_basis=data["legalBasis"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.ParticipantSerializer(participation).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="De deelname van een organisatie beëindigen",
                   description="Met de deelname eindigt de toegang van die organisatie; wat zij schreef "
                   "blijft voor haar zichtbaar (/own-contributions/).",
                   parameters=[_path("participation_id")], request=s.EndParticipationInputSerializer,
                   responses=s.ParticipantSerializer)
    @action(detail=True, methods=["post"], url_path="participants/<int:participation_id>/end")
    def end_participation(self, request, pk, participation_id):
        case = self._case(pk)
        participation = (Participation.objects.select_related("organisation")
                         .filter(case=case, pk=participation_id).first())
        if participation is None:
            raise exceptions.NotFound()
        data = self._input(s.EndParticipationInputSerializer)
        try:
            services.end_participation(self.actor(), participation, reason=data["reason"])
        except RuleViolation as exc:
            raise_at(exc)
        participation.refresh_from_db(fields=["ended_at"])
        return Response(s.ParticipantSerializer(participation).data)

    @extend_schema(summary="De casuscoördinator aanwijzen", request=s.CoordinatorInputSerializer,
                   responses=s.CaseSummarySerializer)
    @action(detail=True, methods=["post"])
    def coordinator(self, request, pk):
        case = self._case(pk)
        data = self._input(s.CoordinatorInputSerializer)
        try:
            services.assign_coordinator(self.actor(), case, data["user"])
        except RuleViolation as exc:
            raise_at(exc, {"coordinator": "user"})
        return Response(s.CaseSummarySerializer(_summary(case.pk)).data)

    @extend_schema(summary="De fase wijzigen", description="Directe veiligheid, stabiele veiligheid, "
                   "risicovermindering en herstel; met de reden en wie besliste.",
                   request=s.PhaseInputSerializer, responses={201: s.PhaseChangeSerializer})
    @action(detail=True, methods=["post"])
    def phase(self, request, pk):
        case = self._case(pk)
        data = self._input(s.PhaseInputSerializer)
        try:
            change = services.change_phase(self.actor(), case, to_phase=data["toPhase"],
                                           reason=data["reason"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.PhaseChangeSerializer(change).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Adres en contactgegevens van een persoon afschermen",
                   description="Binnen dit dossier, voor één deelnemende organisatie (bijv. het "
                   "opvangadres van een slachtoffer voor wie met de vermoedelijke pleger werkt).",
                   request=s.ShieldInputSerializer, responses={201: s.ShieldSerializer})
    @action(detail=True, methods=["post"])
    def shields(self, request, pk):
        case = self._case(pk)
        data = self._input(s.ShieldInputSerializer, case=case)
        try:
            shield = services.shield_person(self.actor(), case, person=data["person"],
                                            hidden_from=data["hiddenFrom"], reason=data["reason"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.ShieldSerializer(shield).data, status=status.HTTP_201_CREATED)

    # -- safety conditions and monitoring (Veilig Thuis) --

    @extend_schema(summary="Veiligheidsvoorwaarden vaststellen (Veilig Thuis)",
                   description="Eén of meer voorwaarden, elk met met wie ze is afgesproken. De eerste "
                   "keer begint de monitoring, met de geplande momenten.",
                   request=s.ConditionsInputSerializer, responses={201: s.ConditionsSerializer})
    @action(detail=True, methods=["post"])
    def conditions(self, request, pk):
        case = self._case(pk)
        data = self._input(s.ConditionsInputSerializer)
        items = data["conditions"]
        try:
            created = services.set_conditions(self.actor(), case,
                                              [(item["text"], item["agreedBy"]) for item in items])
        except RuleViolation as exc:
            missing = next((i for i, item in enumerate(items)
                            if item["text"].strip() and not item["agreedBy"].strip()), 0)
            raise_at(exc, {"agreed_by": f"conditions.{missing}.agreedBy"})
        return Response(s.ConditionsSerializer({"conditions": created}).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Een monitoringsmoment vastleggen (Veilig Thuis)",
                   description="De status van elke lopende voorwaarde, het aantal incidenten sinds het "
                   "vorige moment en de beoordeling.",
                   parameters=[_path("moment_id")], request=s.MonitoringRecordInputSerializer,
                   responses=s.MonitoringMomentSerializer)
    @action(detail=True, methods=["post"], url_path="monitoring-moments/<int:moment_id>/record")
    def record_monitoring(self, request, pk, moment_id):
        case = self._case(pk)
        moment = case.monitoring_moments.filter(pk=moment_id).first()
        if moment is None:
            raise exceptions.NotFound()
        data = self._input(s.MonitoringRecordInputSerializer)
        statuses = {item["condition"]: (item["status"], item["note"]) for item in data["statuses"]}
        try:
            moment = services.record_monitoring(
                self.actor(), moment, held_on=data["heldOn"], statuses=statuses,
                incidents_since_last=data["incidentsSinceLast"], assessment=data["assessment"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.MonitoringMomentSerializer(moment).data)

    @extend_schema(summary="De grens van 18 maanden: verlengen of opschalen (Veilig Thuis)",
                   request=s.MonitoringLimitInputSerializer,
                   responses={201: s.MonitoringDecisionSerializer})
    @action(detail=True, methods=["post"], url_path="monitoring-limit")
    def monitoring_limit(self, request, pk):
        case = self._case(pk)
        data = self._input(s.MonitoringLimitInputSerializer)
        try:
            decision = services.decide_on_monitoring_limit(
                self.actor(), case, kind=data["kind"], reason=data["reason"],
                new_until=data["newUntil"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.MonitoringDecisionSerializer(decision).data,
                        status=status.HTTP_201_CREATED)

    # -- the one plan --

    @extend_schema(summary="Een nieuwe versie van het plan",
                   description="Begint als kopie van de huidige versie; eerdere versies blijven zoals "
                   "ze waren.",
                   request=s.PlanVersionInputSerializer, responses={201: s.PlanVersionSerializer})
    @action(detail=True, methods=["post"], url_path="plan-versions")
    def plan_versions(self, request, pk):
        case = self._case(pk)
        data = self._input(s.PlanVersionInputSerializer)
        try:
            version = services.new_plan_version(self.actor(), case, note=data["note"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.PlanVersionSerializer(_plan_version(version.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Een doel aan de nieuwste planversie toevoegen",
                   parameters=[_path("version_id")], request=s.GoalInputSerializer,
                   responses={201: s.PlanGoalSerializer})
    @action(detail=True, methods=["post"], url_path="plan-versions/<int:version_id>/goals")
    def goals(self, request, pk, version_id):
        case = self._case(pk)
        version = case.plan_versions.filter(pk=version_id).first()
        if version is None:
            raise exceptions.NotFound()
        data = self._input(s.GoalInputSerializer)
        try:
            goal = services.add_goal(self.actor(), version, part=data["part"], text=data["text"],
                                     child_text=data["childText"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.PlanGoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="De planversie als met het gezin afgesproken markeren",
                   parameters=[_path("version_id")], request=s.PlanAgreedInputSerializer,
                   responses=s.PlanVersionSerializer)
    @action(detail=True, methods=["post"], url_path="plan-versions/<int:version_id>/agreed")
    def plan_agreed(self, request, pk, version_id):
        case = self._case(pk)
        version = case.plan_versions.filter(pk=version_id).first()
        if version is None:
            raise exceptions.NotFound()
        data = self._input(s.PlanAgreedInputSerializer)
        try:
            services.mark_plan_agreed(self.actor(), version, agreed_on=data["agreedOn"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.PlanVersionSerializer(_plan_version(version.pk)).data)

    @extend_schema(summary="Een actie aan een doel toevoegen",
                   description="Met uitvoerende organisatie (deelnemer) en eventueel uitvoerder, start "
                   "en uiterste datum (niet vóór de start).",
                   parameters=[_path("goal_id")], request=s.ActionInputSerializer,
                   responses={201: s.PlanActionSerializer})
    @action(detail=True, methods=["post"], url_path="goals/<int:goal_id>/actions")
    def actions(self, request, pk, goal_id):
        case = self._case(pk)
        goal = PlanGoal.objects.select_related("version__case").filter(
            version__case=case, pk=goal_id).first()
        if goal is None:
            raise exceptions.NotFound()
        data = self._input(s.ActionInputSerializer)
        try:
            plan_action = services.add_action(
                self.actor(), goal, text=data["text"], owner_organisation=data["ownerOrganisation"],
                owner=data["owner"], start_on=data["startOn"], due_on=data["dueOn"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.PlanActionSerializer(plan_action).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="De status van een actie bijwerken (uitvoerende organisatie)",
                   parameters=[_path("action_id")], request=s.ActionStatusInputSerializer,
                   responses=s.PlanActionSerializer)
    @action(detail=True, methods=["post"], url_path="actions/<int:action_id>/status")
    def action_status(self, request, pk, action_id):
        case = self._case(pk)
        plan_action = (PlanAction.objects.select_related("goal__version__case", "owner_organisation",
                                                         "owner")
                       .filter(goal__version__case=case, pk=action_id).first())
        if plan_action is None:
            raise exceptions.NotFound()
        data = self._input(s.ActionStatusInputSerializer)
        try:
            plan_action = services.set_action_status(self.actor(), plan_action, data["status"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.PlanActionSerializer(plan_action).data)

    # -- handovers of oversight of safety --

    @extend_schema(summary="Zicht op veiligheid overdragen (aanbieden)",
                   description="Alleen de verantwoordelijke organisatie biedt aan; tot de ontvanger "
                   "accepteert blijft zij verantwoordelijk. De ontvanger gaat deelnemen, zodat zij kan "
                   "lezen wat zij overneemt.",
                   request=s.HandoverOfferInputSerializer,
                   responses={201: s.HandoverSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def handovers(self, request, pk):
        case = self._case(pk)
        data = self._input(s.HandoverOfferInputSerializer)
        try:
            handover = services.offer_handover(self.actor(), case,
                                               to_organisation_id=data["toOrganisation"],
                                               note=data["note"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.HandoverSerializer(_handover(handover.pk)).data,
                        status=status.HTTP_201_CREATED)

    def _pending(self, pk, handover_id) -> Handover:
        case = self._case(pk)
        handover = case.handovers.filter(pk=handover_id).first()
        if handover is None:
            raise exceptions.NotFound()
        return handover

    @extend_schema(summary="Een overdracht accepteren (ontvangende organisatie)",
                   description="Van dat moment is de ontvanger verantwoordelijk. Van twee gelijktijdige "
                   "acceptaties wint er precies één; de andere krijgt een 400.",
                   parameters=[_path("handover_id")], request=None,
                   responses={200: s.HandoverSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], url_path="handovers/<int:handover_id>/accept")
    def accept_handover(self, request, pk, handover_id):
        handover = self._pending(pk, handover_id)
        try:
            services.accept_handover(self.actor(), handover)
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.HandoverSerializer(_handover(handover.pk)).data)

    @extend_schema(summary="Een overdracht afwijzen, met reden (ontvangende organisatie)",
                   parameters=[_path("handover_id")], request=s.HandoverDeclineInputSerializer,
                   responses=s.HandoverSerializer)
    @action(detail=True, methods=["post"], url_path="handovers/<int:handover_id>/decline")
    def decline_handover(self, request, pk, handover_id):
        handover = self._pending(pk, handover_id)
        data = self._input(s.HandoverDeclineInputSerializer)
        try:
            services.decline_handover(self.actor(), handover, reason=data["reason"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.HandoverSerializer(_handover(handover.pk)).data)

    @extend_schema(summary="Een overdracht intrekken (aanbiedende organisatie)",
                   parameters=[_path("handover_id")], request=None, responses=s.HandoverSerializer)
    @action(detail=True, methods=["post"], url_path="handovers/<int:handover_id>/withdraw")
    def withdraw_handover(self, request, pk, handover_id):
        handover = self._pending(pk, handover_id)
        try:
            services.withdraw_handover(self.actor(), handover)
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.HandoverSerializer(_handover(handover.pk)).data)

    # -- impact monitoring --

    @extend_schema(methods=["GET"], summary="De impactmetingen van de casus",
                   description="T0, T12 en T18 met hun datum (gerekend vanaf de start van de casus) "
                   "en of ze gemeten, nu te meten of te laat zijn, en elke meting: incidenten sinds "
                   "de vorige meting en hun ernst, nieuwe meldingen, de veiligheid volgens de "
                   "professionals, per gezinslid de ervaren veiligheid, per kind of de hulp is "
                   "gestart. Elke opvraging komt in het toegangslog.",
                   responses=s.ImpactOverviewSerializer)
    @extend_schema(methods=["POST"], summary="Een impactmeting vastleggen (Veilig Thuis)",
                   description="Wie de monitoringsmomenten vastlegt, legt ook de impactmetingen vast, "
                   "ook na het sluiten van de casus. Bij een gehouden monitoringsmoment "
                   "(monitoringMoment) of los daarvan. Een fout staat bij het veld waar hij over "
                   "gaat (experiencedSafety.0.score ...); er wordt dan niets opgeslagen.",
                   request=s.ImpactInputSerializer, responses={201: s.ImpactMeasurementSerializer})
    @action(detail=True, methods=["get", "post"], url_path="impact-measurements",
            filter_backends=[], pagination_class=None)
    def impact_measurements(self, request, pk):
        case = self._case(pk, event=CaseEvent.IMPACT_READ)
        if request.method == "POST":
            require(self.actor(), "cases.record_impact", case)
            data = self._input(s.ImpactInputSerializer)
            moment = None
            if data["monitoringMoment"] is not None:
                moment = case.monitoring_moments.filter(pk=data["monitoringMoment"]).first()
                if moment is None:
                    raise_at(RuleViolation("Dit monitoringsmoment hoort niet bij deze casus.",
                                           field="monitoring_moment"))
            paths = {}
            for i, row in enumerate(data["experiencedSafety"]):
                for word, name in (("person", "person"), ("safety", "score"),
                                   ("not_asked", "notAsked")):
                    paths[f"{word}_{row['person']}"] = f"experiencedSafety.{i}.{name}"
            for i, row in enumerate(data["childHelp"]):
                for word, name in (("child", "child"), ("help", "helpStarted"),
                                   ("help_on", "startedOn")):
                    paths[f"{word}_{row['child']}"] = f"childHelp.{i}.{name}"
            try:
                measurement = services.record_impact(
                    self.actor(), case, moment=data["moment"], measured_on=data["measuredOn"],
                    incidents=data["incidents"], severity=data["severity"],
                    new_reports=data["newReports"], professional_safety=data["professionalSafety"],
                    experienced=[services.SafetyAnswer(row["person"], row["score"], row["notAsked"])
                                 for row in data["experiencedSafety"]],
                    child_help=[services.HelpAnswer(row["child"], row["helpStarted"],
                                                    row["startedOn"]) for row in data["childHelp"]],
                    monitoring_moment=moment, note=data["note"])
            except RuleViolation as exc:
                raise_at(exc, paths)
            shown = next(m for m in queries.CaseFile(request.user, case).impact_measurements
                         if m.pk == measurement.pk)
            return Response(s.ImpactMeasurementSerializer(shown).data,
                            status=status.HTTP_201_CREATED)
        require(self.actor(), "cases.view_impact", case)
        file = queries.CaseFile(request.user, case)
        data = s.ImpactOverviewSerializer({"schedule": file.impact_schedule,
                                           "measurements": file.impact_measurements}).data
        events.read(self.actor(), CaseEvent.IMPACT_READ, case, persons=persons_of(case.household_id),
                    emergency_reason=_emergency_reason(request),
                    detail=f"{len(file.impact_measurements)} impactmetingen")
        return Response(data)

    # -- the child's voice, closure --

    @extend_schema(summary="De stem van een kind vastleggen",
                   description="Wat het kind zelf vertelt en wil, apart vastgelegd.",
                   request=s.ChildVoiceInputSerializer, responses={201: s.ChildVoiceSerializer})
    @action(detail=True, methods=["post"], url_path="child-voices")
    def child_voices(self, request, pk):
        case = self._case(pk)
        data = self._input(s.ChildVoiceInputSerializer, case=case)
        try:
            voice = services.record_child_voice(self.actor(), case, child=data["child"],
                                                account=data["account"], wishes=data["wishes"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.ChildVoiceSerializer(voice).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="De casus sluiten, met reden (verantwoordelijke organisatie)",
                   description="Open overdrachten vervallen; de deelname van alle organisaties behalve "
                   "Veilig Thuis eindigt. Wie verantwoordelijk was, krijgt het signaal bij een nieuwe "
                   "melding binnen 18 maanden.",
                   request=s.CloseInputSerializer, responses=s.CaseSummarySerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk):
        case = self._case(pk)
        data = self._input(s.CloseInputSerializer)
        try:
            services.close_case(self.actor(), case, reason=data["reason"], note=data["note"])
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.CaseSummarySerializer(_summary(case.pk)).data)


# --- Documents ---------------------------------------------------------------------------------------


@extend_schema(tags=["casussen"])
class DocumentViewSet(CaseAPIMixin, EendakGenericViewSet):
    """A case document's file, only for those who may read its journal entry."""

    queryset = Document.objects.none()
    pagination_class = None
    filter_backends = []

    @extend_schema(summary="Een document downloaden",
                   description="Als bijlage, met de oorspronkelijke naam. Alleen voor wie de "
                   "journaalregel van het document mag lezen (of het zelf toevoegde); elke download "
                   "komt in het toegangslog.",
                   # Served with the type it was checked to be at upload (cases.services).
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY,
                              (200, "image/jpeg"): OpenApiTypes.BINARY,
                              (200, "image/png"): OpenApiTypes.BINARY,
                              (200, "application/vnd.openxmlformats-officedocument."
                                    "wordprocessingml.document"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], renderer_classes=[PassthroughRenderer])
    def download(self, request, pk):
        document = Document.objects.select_related("case").filter(pk=pk).first()
        if document is None or not allowed(self.actor(), "cases.view_document", document):
            events.not_found(self.actor(), CaseEvent.DOCUMENT_READ, ("cases.document", str(pk)))
            raise exceptions.NotFound()
        note_emergency(request, [document.case.household])
        events.read(self.actor(), CaseEvent.DOCUMENT_READ, document,
                    persons=persons_of(document.case.household_id), detail=document.original_name,
                    emergency_reason=_emergency_reason(request))
        return FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=document.original_name, content_type=document.content_type)


# --- Own contributions and work queues -----------------------------------------------------------------


@extend_schema(tags=["casussen"])
class OwnContributionViewSet(CaseAPIMixin, EendakGenericViewSet):
    """What the acting organisation wrote stays visible to it, also after its part ended."""

    serializer_class = s.OwnContributionSerializer
    filterset_class = OwnContributionFilter

    def get_queryset(self):
        return (own_contributions(self.request.user)
                .select_related("case", "author", "source_organisation", "document")
                .order_by("-occurred_at", "-id"))

    @extend_schema(summary="Wat uw organisatie in casussen schreef",
                   description="Ook in casussen waaraan uw organisatie niet meer deelneemt. Eén regel "
                   "in het toegangslog noemt de personen van de betrokken huishoudens.")
    def list(self, request):
        require(self.actor(), "cases.view_own_contributions")
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        events.read(self.actor(), CaseEvent.OWN_CONTRIBUTIONS,
                    persons=persons_of(*(e.case.household_id for e in page)),
                    detail=f"pagina {self.paginator.page.number}: {len(page)} regels")
        return self.get_paginated_response(s.OwnContributionSerializer(page, many=True).data)


@extend_schema(tags=["werkvoorraad"])
class MyActionViewSet(CaseAPIMixin, EendakGenericViewSet):
    """Open plan actions the caller owns, in the current plan of each open case."""

    serializer_class = s.MyActionSerializer
    filter_backends = []

    def get_queryset(self):
        return queries.my_actions(self.request.user).select_related("owner", "goal")

    @extend_schema(summary="Mijn acties", description="Open acties waarvan u de uitvoerder bent, in de "
                   "huidige planversie van elke open casus, eerste uiterste datum eerst.")
    def list(self, request):
        require(self.actor(), "cases.view_work")
        page = self.paginate_queryset(self.get_queryset())
        events.read(self.actor(), CaseEvent.MY_ACTIONS,
                    persons=persons_of(*(a.goal.version.case.household_id for a in page)),
                    detail=f"pagina {self.paginator.page.number}: {len(page)} acties")
        return self.get_paginated_response(s.MyActionSerializer(page, many=True).data)


@extend_schema(tags=["werkvoorraad"])
class SignalViewSet(CaseAPIMixin, EendakGenericViewSet):
    """What needs attention from the acting organisation, computed from stored dates."""

    serializer_class = s.SignalSerializer
    filter_backends = []

    def get_queryset(self):
        return Case.objects.none()  # signals are not a queryset; see ``list``

    @extend_schema(summary="Signalen",
                   description="Monitoringsmomenten die eraan komen, de grens van 18 maanden, acties "
                   "over tijd, overdrachten die op acceptatie wachten, het einde van de coördinatie, "
                   "gezamenlijke gesprekken die nog niet zijn gehouden en herhalingen (een nieuwe "
                   "melding na afsluiten). Te laat eerst, dan op datum.")
    def list(self, request):
        require(self.actor(), "cases.view_work")
        page = self.paginate_queryset(queries.signals(request.user))
        events.read(self.actor(), CaseEvent.SIGNALS,
                    persons=persons_of(*(signal.case.household_id for signal in page)),
                    detail=f"pagina {self.paginator.page.number}: {len(page)} signalen")
        return self.get_paginated_response(s.SignalSerializer(page, many=True).data)


# --- The effect of the approach per cohort ----------------------------------------------------------


@extend_schema(tags=["cijfers"])
class ImpactOutcomeView(EendakAPIView):
    """The impact per cohort (``cases.impact_queries``): published figures, never a household, so no
    read of personal data to log (as the other figures)."""

    eendak_access = ViewAccess.STAFF
    permission_classes = [IsVerifiedActor, requires("cases.view_impact_outcomes")]

    @extend_schema(summary="Effect van de aanpak per cohort (de analist)",
                   description="Per cohort (halfjaar of jaar van de start van de casus): huishoudens, "
                   "gevolgd na T0, geweld gestopt bij de laatste meting, incidenten per huishouden "
                   "per jaar bij de start en bij de laatste meting, het aandeel frequent (22 of meer "
                   "per jaar), een nieuwe melding binnen 18 maanden, de mediaan dagen tot stabiele "
                   "veiligheid en het aandeel kinderen met gestarte hulp. Aantallen afgerond op 5 "
                   "(\"<5\" daaronder); een percentage, gemiddelde of mediaan alleen over 5 "
                   "huishoudens of meer (anders null).",
                   parameters=[OpenApiParameter("per", OpenApiTypes.STR, OpenApiParameter.QUERY,
                                                enum=["half", "year"],
                                                description="half (standaard) of year.")],
                   responses=s.ImpactOutcomesSerializer)
    def get(self, request):
        query = s.ImpactOutcomesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(s.ImpactOutcomesSerializer(
            impact_per_cohort(query.validated_data["per"])).data)
