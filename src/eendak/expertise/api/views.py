"""The Expertisecentrum's work over HTTP: trainings (courses, sessions, enrolment, attendance,
evaluations), the competencies of "Werken aan Veiligheid" and the records built from attended
trainings, advice questions, experience experts, awareness campaigns and events, dialogue leaders
and meetings. Every change is one function of ``expertise.services``; every read a query of
``expertise.queries`` (or a plain queryset of this app's own records).

**No case, household or person in a case is reachable from here**: these endpoints read and write
the Expertisecentrum's own records only. A question about an unsafe household is referred to Veilig
Thuis (``refer``) and leaves no copy; a dialogue meeting counts its participants and never names them.

Who may: each action's declared permission (``expertise.permissions``) is asked by name as the
viewset's permission (``requires``), before the handler runs and so before the request's input is
read: a bad body never tells an outsider that something exists. A permission about one record (an
enrolment's participant, a team's coordinator) is asked again of that record when it is looked up
(``_found``); an id that does not exist gets the same refusal. A refusal is a ``NotPermitted``,
answered like everywhere in the API by the problem handler: the logged 404 of something that is not
there.

What the data allows is the service's ``RuleViolation``: a 400 problem+json naming the camelCase
field (``raise_at``), nothing changed, and the attempt logged as failed (``LogRefusedChanges``, event
``expertise.change_refused``). What is logged: every change by its service; a read of a list naming
people (enrolments, registrations, questions with contact details, experts, dialogue leaders and
meetings, a team's records) once per request through ``expertise.events.read``.
"""

from django.db.models import Count, Prefetch
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from eendak.api.base import (
    EendakAPIHelpers,
    EendakAPIView,
    EendakGenericViewSet,
    PassthroughRenderer,
    conflict_response,
)
from eendak.api.permissions import ActionPermissions
from eendak.api.problems import raise_at
from eendak.api.refusals import LogRefusedChanges
from eendak.core.access import ViewAccess
from eendak.core.exceptions import RuleViolation
from eendak.core.models import Organisation
from eendak.core.permissions import allowed
from eendak.core.roles import OrganisationType

from .. import pdf, queries, services
from ..events import Event as E
from ..events import read
from ..models import (
    AwarenessEvent,
    Campaign,
    Competency,
    Course,
    DialogueLeader,
    DialogueMeeting,
    Enrolment,
    Expert,
    ExpertRequest,
    Question,
    Session,
    Standard,
)
from ..workflow import EventStatus, SessionStatus
from . import serializers as s

VIEW_WORK = "expertise.view_work"
VIEW_TRAININGS = "expertise.view_trainings"
VIEW_ENROLMENTS = "expertise.view_enrolments"
VIEW_QUESTIONS = "expertise.view_questions"
VIEW_EXPERTS = "expertise.view_experts"
VIEW_DIALOGUE = "expertise.view_dialogue"
VIEW_OWN_COMPETENCIES = "expertise.view_own_competencies"
VIEW_TEAM_COMPETENCIES = "expertise.view_team_competencies"
VIEW_COMPETENCY_SHARES = "expertise.view_competency_shares"
MANAGE_TRAININGS = "expertise.manage_trainings"
ENROL_SELF = "expertise.enrol_self"
CANCEL_ENROLMENT = "expertise.cancel_enrolment"
EVALUATE = "expertise.evaluate"
PRINT_CERTIFICATE = "expertise.print_certificate"
MANAGE_COMPETENCIES = "expertise.manage_competencies"
HANDLE_QUESTIONS = "expertise.handle_questions"
MANAGE_EXPERTS = "expertise.manage_experts"
REQUEST_EXPERT = "expertise.request_expert"
MANAGE_AWARENESS = "expertise.manage_awareness"
MANAGE_DIALOGUE = "expertise.manage_dialogue"

TAG = "expertisecentrum"


CONFLICT = conflict_response("Tegelijk door een ander gedaan; er is niets opgeslagen.")


class ExpertiseAPIMixin(ActionPermissions, EendakAPIHelpers, LogRefusedChanges):
    """Shared by the Expertisecentrum's views: each action's permission and the log entry of a
    change refused for its input (the lookup that asks it of a record, the input:
    ``EendakAPIHelpers``).

    ``permissions`` names the declared permission of every action; it is the view's permission,
    asked before the handler runs. A method the view does not have asks ``default_permission``
    first, so an outsider gets the same 404 whatever method they try."""

    eendak_access = ViewAccess.STAFF
    refused_event = E.CHANGE_REFUSED
    filter_backends = []
    # Two people acting at once (the same e-mail enrolled twice): the database's constraint caught
    # the second; the service's transaction rolled back.
    conflict_detail = ("Iemand anders deed op hetzelfde moment hetzelfde. Er is niets opgeslagen; "
                       "bekijk het opnieuw en probeer het nog eens.")



def _merged(data: dict, current: dict) -> dict:
    """A change's input over the record's current values (PATCH: what is left out stays)."""
    return {**current, **data}


# --- "Werken aan Veiligheid": standards and competencies ------------------------------------------


@extend_schema(tags=[TAG])
class StandardViewSet(ExpertiseAPIMixin, EendakGenericViewSet):
    """The standards of the quality framework "Werken aan Veiligheid" (reference data)."""

    serializer_class = s.StandardSerializer
    permissions = {"list": VIEW_TRAININGS, "create": MANAGE_COMPETENCIES,
                   "partial_update": MANAGE_COMPETENCIES}
    default_permission = VIEW_TRAININGS

    def get_queryset(self):
        return Standard.objects.order_by("order", "code")

    @extend_schema(summary="Standaarden van Werken aan Veiligheid",
                   description="Voor iedereen die in Eendak werkt.")
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.StandardSerializer(page, many=True).data)

    def _save(self, data, standard=None):
        try:
            return services.save_standard(self.actor(), code=data["code"], title=data["title"],
                                          order=data["order"], standard=standard)
        except RuleViolation as exc:
            raise_at(exc)

    @extend_schema(summary="Een standaard toevoegen (functioneel beheer)",
                   request=s.StandardInputSerializer, responses={201: s.StandardSerializer})
    def create(self, request):
        standard = self._save(self._input(s.StandardInputSerializer))
        return Response(s.StandardSerializer(standard).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Een standaard wijzigen (functioneel beheer)",
                   request=s.StandardInputSerializer, responses=s.StandardSerializer)
    def partial_update(self, request, pk):
        standard = self._found(Standard.objects.all(), pk, MANAGE_COMPETENCIES)
        data = _merged(self._input(s.StandardInputSerializer, partial=True),
                       {"code": standard.code, "title": standard.title, "order": standard.order})
        return Response(s.StandardSerializer(self._save(data, standard)).data)


@extend_schema(tags=[TAG])
class CompetencyViewSet(ExpertiseAPIMixin, EendakGenericViewSet):
    """The competencies of "Werken aan Veiligheid", each under its standard; ``required``: part of
    the standard every local-team worker must meet."""

    serializer_class = s.CompetencySerializer
    permissions = {"list": VIEW_TRAININGS, "create": MANAGE_COMPETENCIES,
                   "partial_update": MANAGE_COMPETENCIES}
    default_permission = VIEW_TRAININGS

    def get_queryset(self):
        qs = Competency.objects.select_related("standard").order_by("standard__order", "code")
        if not allowed(self.request.user, MANAGE_COMPETENCIES):
            qs = qs.filter(is_active=True)
        return qs

    @extend_schema(summary="Competenties van Werken aan Veiligheid",
                   description="Voor iedereen die in Eendak werkt; het functioneel beheer ziet ook "
                   "de niet meer actieve.")
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.CompetencySerializer(page, many=True).data)

    def _save(self, data, competency=None):
        try:
            competency = services.save_competency(
                self.actor(), standard=data["standard"], code=data["code"], title=data["title"],
                description=data["description"], required=data["required"],
                is_active=data["isActive"], competency=competency)
        except RuleViolation as exc:
            raise_at(exc)
        return Competency.objects.select_related("standard").get(pk=competency.pk)

    @extend_schema(summary="Een competentie toevoegen (functioneel beheer)",
                   request=s.CompetencyInputSerializer, responses={201: s.CompetencySerializer})
    def create(self, request):
        competency = self._save(self._input(s.CompetencyInputSerializer))
        return Response(s.CompetencySerializer(competency).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Een competentie wijzigen (functioneel beheer)",
                   description="isActive=false: zij telt niet meer mee in de standaard en de "
                   "overzichten.",
                   request=s.CompetencyInputSerializer, responses=s.CompetencySerializer)
    def partial_update(self, request, pk):
        competency = self._found(Competency.objects.select_related("standard"), pk,
                                 MANAGE_COMPETENCIES)
        data = _merged(self._input(s.CompetencyInputSerializer, partial=True), {
            "standard": competency.standard, "code": competency.code, "title": competency.title,
            "description": competency.description, "required": competency.required,
            "isActive": competency.is_active})
        return Response(s.CompetencySerializer(self._save(data, competency)).data)


# --- Courses and sessions ---------------------------------------------------------------------------


def _courses():
    return Course.objects.prefetch_related(
        Prefetch("competencies", queryset=Competency.objects.order_by("code")))


@extend_schema(tags=[TAG])
class CourseViewSet(ExpertiseAPIMixin, EendakGenericViewSet):
    """The training catalogue: each course with its audiences, the competencies it builds, its
    duration and how long its certificate counts."""

    serializer_class = s.CourseSerializer
    permissions = {"list": VIEW_TRAININGS, "retrieve": VIEW_TRAININGS, "create": MANAGE_TRAININGS,
                   "partial_update": MANAGE_TRAININGS}
    default_permission = VIEW_TRAININGS

    def get_queryset(self):
        qs = _courses().order_by("title")
        if not allowed(self.request.user, MANAGE_TRAININGS):
            qs = qs.filter(is_active=True)
        return qs

    @extend_schema(summary="Trainingen",
                   description="Voor iedereen die in Eendak werkt (het Expertisecentrum ziet ook de "
                   "niet meer actieve).")
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.CourseSerializer(page, many=True).data)

    @extend_schema(summary="Eén training")
    def retrieve(self, request, pk):
        return Response(s.CourseSerializer(self._found(self.get_queryset(), pk, VIEW_TRAININGS)).data)

    def _save(self, data, course=None):
        try:
            course = services.save_course(self.actor(), services.CourseData(
                title=data["title"], audiences=data["audiences"],
                duration_hours=data["durationHours"], validity_months=data["validityMonths"],
                description=data["description"], competency_ids=data["competencies"],
                is_active=data["isActive"]), course=course)
        except RuleViolation as exc:
            raise_at(exc)
        return _courses().get(pk=course.pk)

    @extend_schema(summary="Een training toevoegen (Expertisecentrum)",
                   request=s.CourseInputSerializer, responses={201: s.CourseSerializer})
    def create(self, request):
        course = self._save(self._input(s.CourseInputSerializer))
        return Response(s.CourseSerializer(course).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Een training wijzigen (Expertisecentrum)",
                   request=s.CourseInputSerializer, responses=s.CourseSerializer)
    def partial_update(self, request, pk):
        course = self._found(_courses(), pk, MANAGE_TRAININGS)
        data = _merged(self._input(s.CourseInputSerializer, partial=True), {
            "title": course.title, "audiences": course.audiences,
            "durationHours": course.duration_hours, "validityMonths": course.validity_months,
            "description": course.description,
            "competencies": [c.pk for c in course.competencies.all()],
            "isActive": course.is_active})
        return Response(s.CourseSerializer(self._save(data, course)).data)


@extend_schema(tags=[TAG])
class SessionViewSet(ExpertiseAPIMixin, EendakGenericViewSet):
    """Sessions of a training: planned (draft), published (open for enrolment, also on the public
    pages), held (attendance recorded, certificates issued) or cancelled."""

    serializer_class = s.TrainingSessionSerializer
    permissions = {"list": VIEW_TRAININGS, "retrieve": VIEW_TRAININGS, "create": MANAGE_TRAININGS,
                   "publish": MANAGE_TRAININGS, "held": MANAGE_TRAININGS,
                   "cancel": MANAGE_TRAININGS, "enrol": MANAGE_TRAININGS,
                   "attendance": MANAGE_TRAININGS, "enrol_self": ENROL_SELF}
    default_permission = VIEW_TRAININGS

    def _visible(self):
        """The Expertisecentrum sees every session; anyone else the published ones."""
        if allowed(self.request.user, MANAGE_TRAININGS):
            return queries.sessions()
        return queries.sessions(status=SessionStatus.PUBLISHED)

    def get_queryset(self):
        if allowed(self.request.user, MANAGE_TRAININGS):
            return queries.sessions()
        return queries.open_sessions()

    def _show(self, session, status_code=status.HTTP_200_OK):
        return Response(s.TrainingSessionSerializer(queries.sessions().get(pk=session.pk)).data,
                        status=status_code)

    @extend_schema(summary="Trainingsbijeenkomsten",
                   description="Het Expertisecentrum ziet alle bijeenkomsten (de laatste eerst); "
                   "ieder ander de gepubliceerde die nog komen. Met het aantal plaatsen bezet en de "
                   "wachtlijst, zonder namen.",
                   parameters=[s.TrainingSessionQuerySerializer])
    def list(self, request):
        wanted = self._query(s.TrainingSessionQuerySerializer)["status"]
        qs = self.get_queryset()
        if wanted:
            qs = qs.filter(status=wanted)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.TrainingSessionSerializer(page, many=True).data)

    @extend_schema(summary="Eén trainingsbijeenkomst")
    def retrieve(self, request, pk):
        return Response(s.TrainingSessionSerializer(self._found(self._visible(), pk, VIEW_TRAININGS)).data)

    @extend_schema(summary="Een bijeenkomst plannen (Expertisecentrum)",
                   description="Zij staat in voorbereiding tot ze wordt gepubliceerd.",
                   request=s.TrainingSessionInputSerializer, responses={201: s.TrainingSessionSerializer})
    def create(self, request):
        data = self._input(s.TrainingSessionInputSerializer)
        try:
            session = services.plan_session(
                self.actor(), data["course"], starts_at=data["startsAt"], ends_at=data["endsAt"],
                place=data["place"], trainer=data["trainer"], capacity=data["capacity"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(session, status.HTTP_201_CREATED)

    def _move(self, pk, target):
        session = self._found(Session.objects.all(), pk, MANAGE_TRAININGS)
        try:
            session = services.move_session(self.actor(), session, target)
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(session)

    @extend_schema(summary="Publiceren (Expertisecentrum)",
                   description="Open voor inschrijving, ook op de publieke pagina's.",
                   request=None, responses=s.TrainingSessionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk):
        return self._move(pk, SessionStatus.PUBLISHED)

    @extend_schema(summary="Gehouden (Expertisecentrum)",
                   description="Daarna wordt de aanwezigheid vastgelegd (attendance/ doet dit ook).",
                   request=None, responses=s.TrainingSessionSerializer)
    @action(detail=True, methods=["post"])
    def held(self, request, pk):
        return self._move(pk, SessionStatus.HELD)

    @extend_schema(summary="Annuleren (Expertisecentrum)", request=None,
                   responses=s.TrainingSessionSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk):
        return self._move(pk, SessionStatus.CANCELLED)

    @extend_schema(summary="Uzelf inschrijven",
                   description="Met de naam en het e-mailadres van uw account en uw organisatie. "
                   "Is de bijeenkomst vol, dan komt u op de wachtlijst (status waiting). De "
                   "aanwezigheid bouwt uw competentieoverzicht op (/my-competencies/).",
                   request=None, responses={201: s.EnrolmentSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"], url_path="enrol-self")
    def enrol_self(self, request, pk):
        session = self._found(self._visible(), pk, ENROL_SELF)
        try:
            enrolment = services.enrol_self(self.actor(), session)
        except RuleViolation as exc:
            raise_at(exc)
        return _enrolment_response(enrolment, status.HTTP_201_CREATED)

    @extend_schema(summary="Iemand inschrijven (Expertisecentrum)",
                   description="Bijvoorbeeld na een telefoontje of e-mail. Een medewerker van een "
                   "lokaal team wordt aan het e-mailadres herkend.",
                   request=s.SessionRegistrantInputSerializer,
                   responses={201: s.EnrolmentSerializer, 409: CONFLICT})
    @action(detail=True, methods=["post"])
    def enrol(self, request, pk):
        session = self._found(Session.objects.all(), pk, MANAGE_TRAININGS)
        data = self._input(s.SessionRegistrantInputSerializer)
        try:
            enrolment = services.enrol_someone(self.actor(), session, services.Registrant(
                name=data["name"], email=data["email"], organisation_name=data["organisationName"],
                job=data["job"]))
        except RuleViolation as exc:
            raise_at(exc)
        return _enrolment_response(enrolment, status.HTTP_201_CREATED)

    @extend_schema(summary="Aanwezigheid vastleggen (Expertisecentrum)",
                   description="De ingeschrevenen die er waren; hun certificaat wordt uitgegeven en hun "
                   "competentieoverzicht groeit. Een gepubliceerde bijeenkomst die begonnen is, "
                   "wordt daarmee gehouden.",
                   request=s.SessionAttendanceInputSerializer, responses=s.TrainingSessionSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk):
        session = self._found(Session.objects.all(), pk, MANAGE_TRAININGS)
        data = self._input(s.SessionAttendanceInputSerializer)
        try:
            session = services.record_attendance(self.actor(), session, present_ids=data["present"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(session)


def _enrolments():
    return Enrolment.objects.select_related("session__course", "evaluation")


def _enrolment_response(enrolment, status_code=status.HTTP_200_OK):
    return Response(s.EnrolmentSerializer(_enrolments().get(pk=enrolment.pk)).data,
                    status=status_code)


@extend_schema(tags=[TAG])
class SessionEnrolmentViewSet(ExpertiseAPIMixin, EendakGenericViewSet):
    """Who enrolled for one session (names: a read in the access log)."""

    eendak_access = ViewAccess.PERSONAL
    serializer_class = s.EnrolmentSerializer
    permissions = {"list": VIEW_ENROLMENTS}
    default_permission = VIEW_ENROLMENTS

    def get_queryset(self):
        return Enrolment.objects.none()  # per session; see ``list``

    @extend_schema(summary="Inschrijvingen voor een bijeenkomst (Expertisecentrum)",
                   description="Ingeschreven, op de wachtlijst en afgemeld, in volgorde van "
                   "inschrijving, met aanwezigheid, certificaat en evaluatie. Eén regel in het "
                   "toegangslog.")
    def list(self, request, pk):
        session = self._found(Session.objects.select_related("course"), pk, VIEW_ENROLMENTS)
        page = self.paginate_queryset(_enrolments().filter(session=session)
                                      .order_by("registered_at", "pk"))
        read(self.actor(), E.ENROLMENTS_READ, session,
             detail=f"{session}, " + self._page_detail(page, "inschrijvingen"))
        return self.get_paginated_response(s.EnrolmentSerializer(page, many=True).data)


@extend_schema(tags=[TAG])
class EnrolmentViewSet(ExpertiseAPIMixin, EendakGenericViewSet):
    """Enrolments: one's own, cancelling a place (the first on the waiting list moves up), the
    evaluation after attending, and the certificate."""

    serializer_class = s.EnrolmentSerializer
    # The participant's own enrolment or the Expertisecentrum: asked of the enrolment (``_found``).
    permissions = {"list": VIEW_TRAININGS, "cancel": VIEW_TRAININGS, "evaluation": VIEW_TRAININGS,
                   "certificate": VIEW_TRAININGS}
    default_permission = VIEW_TRAININGS

    def get_queryset(self):
        return _enrolments().filter(user=self.request.user).order_by("-registered_at", "-pk")

    @extend_schema(summary="Uw eigen inschrijvingen",
                   description="Met de bijeenkomst, de aanwezigheid, het certificaatnummer en uw "
                   "evaluatie. De laatste eerst.")
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.EnrolmentSerializer(page, many=True).data)

    @extend_schema(summary="Afmelden",
                   description="Uw eigen inschrijving, of (Expertisecentrum) die van een ander. Gaf "
                   "u een plaats op, dan krijgt de eerste op de wachtlijst die.",
                   request=None, responses=s.EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk):
        enrolment = self._found(_enrolments(), pk, CANCEL_ENROLMENT)
        try:
            enrolment = services.cancel_enrolment(self.actor(), enrolment)
        except RuleViolation as exc:
            raise_at(exc)
        return _enrolment_response(enrolment)

    @extend_schema(summary="De training evalueren",
                   description="Na aanwezigheid, één keer: waardering en bruikbaarheid in het werk "
                   "(1 tot 5), met opmerkingen. Het Expertisecentrum kan een evaluatie op papier "
                   "invoeren.",
                   request=s.TrainingEvaluationInputSerializer, responses={201: s.EnrolmentSerializer})
    @action(detail=True, methods=["post"])
    def evaluation(self, request, pk):
        enrolment = self._found(_enrolments(), pk, EVALUATE)
        data = self._input(s.TrainingEvaluationInputSerializer)
        try:
            services.record_evaluation(self.actor(), enrolment, score=data["score"],
                                       useful_for_work=data["usefulForWork"],
                                       comment=data["comment"])
        except RuleViolation as exc:
            raise_at(exc)
        return _enrolment_response(enrolment, status.HTTP_201_CREATED)

    @extend_schema(summary="Het certificaat (PDF)",
                   description="Van een training waarbij de deelnemer aanwezig was: voor de "
                   "deelnemer zelf en het Expertisecentrum. Elke afdruk komt als export in het "
                   "toegangslog; zonder aanwezigheid is er geen certificaat (404).",
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], renderer_classes=[PassthroughRenderer])
    def certificate(self, request, pk):
        return pdf.certificate_response(self.actor(),
                                        self._found(_enrolments(), pk, PRINT_CERTIFICATE))


# --- The competency record ------------------------------------------------------------------------


@extend_schema(tags=[TAG])
class MyCompetenciesView(ExpertiseAPIMixin, EendakAPIView):
    """One's own competency record, built from attended trainings (a read in the access log, as on
    the screen /expertisecentrum/mijn-competenties/)."""

    eendak_access = ViewAccess.PERSONAL
    default_permission = VIEW_OWN_COMPETENCIES

    @extend_schema(summary="Uw competentieoverzicht (medewerker lokaal team)",
                   description="Wat u heeft volgens Werken aan Veiligheid, met de training waarmee "
                   "en tot wanneer het geldt, en wat de standaard nog vraagt. Opgebouwd uit de "
                   "trainingen waarbij u aanwezig was; een verlopen certificaat telt niet. Eén regel "
                   "in het toegangslog.",
                   responses=s.CompetencyRecordSerializer)
    def get(self, request):
        user = request.user
        record = queries.own_record(user) or queries.Record(
            user_id=user.pk, name=user.get_full_name() or user.get_username(), team_id=None,
            missing=queries.required_competencies())
        data = s.CompetencyRecordSerializer(record).data
        read(self.actor(), E.COMPETENCIES_READ, user, detail="eigen competenties: " + (
            "voldoet" if record.meets_standard else f"{len(record.missing)} ontbreken"))
        return Response(data)


@extend_schema(tags=[TAG])
class TeamCompetenciesViewSet(ExpertiseAPIMixin, EendakGenericViewSet):
    """The record of each worker of one local team, by name."""

    eendak_access = ViewAccess.PERSONAL
    serializer_class = s.TeamCompetencyRecordSerializer
    permissions = {"retrieve": VIEW_TEAM_COMPETENCIES}
    default_permission = VIEW_TEAM_COMPETENCIES

    def get_queryset(self):
        return Organisation.objects.filter(type=OrganisationType.LOCAL_TEAM)

    @extend_schema(summary="Het competentieoverzicht van een lokaal team",
                   description="Per medewerker, bij naam: voor de casuscoördinator van het eigen "
                   "team en voor het Expertisecentrum. Eén regel in het toegangslog.",
                   parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH,
                                                description="Het lokale team (organisatie-id).")])
    def retrieve(self, request, pk):
        team = self._found(self.get_queryset(), pk, VIEW_TEAM_COMPETENCIES)
        records = queries.records(queries.team_memberships([team.pk]))
        meeting = sum(1 for record in records if record.meets_standard)
        share = queries.TeamShare(team=team, workers=len(records), meeting=meeting, missing=[])
        data = s.TeamCompetencyRecordSerializer({"team": team, "workers": share.workers, "meeting": meeting,
                                       "share": share.share, "records": records}).data
        read(self.actor(), E.COMPETENCIES_READ, team, detail=f"{len(records)} medewerkers")
        return Response(data)


@extend_schema(tags=[TAG])
class CompetencySharesViewSet(ExpertiseAPIMixin, EendakGenericViewSet):
    """Per local team and municipality: the share of workers who meet the standard, and what is
    missing how often. No names."""

    serializer_class = s.TeamShareSerializer
    permissions = {"list": VIEW_COMPETENCY_SHARES}
    default_permission = VIEW_COMPETENCY_SHARES

    def get_queryset(self):
        return Organisation.objects.none()  # a read model; see ``list``

    @extend_schema(summary="Aandeel medewerkers dat aan de standaard voldoet, per lokaal team",
                   description="Voor de analist en het Expertisecentrum: per team het aantal "
                   "medewerkers, hoeveel aan Werken aan Veiligheid voldoen en welke competenties "
                   "hoe vaak ontbreken. Zonder namen.",
                   parameters=[s.MunicipalityQuerySerializer])
    def list(self, request):
        municipality = self._query(s.MunicipalityQuerySerializer)["municipality"]
        page = self.paginate_queryset(queries.team_shares(municipality_id=municipality))
        return self.get_paginated_response(s.TeamShareSerializer(page, many=True).data)


# --- Advice questions -----------------------------------------------------------------------------------


@extend_schema(tags=[TAG])
class QuestionViewSet(ExpertiseAPIMixin, EendakGenericViewSet):
    """Advice questions to the Expertisecentrum from residents, professionals and volunteers:
    anonymous by default. One about an unsafe household is referred to Veilig Thuis and leaves no
    copy here."""

    eendak_access = ViewAccess.PERSONAL
    serializer_class = s.ExpertiseQuestionSerializer
    permissions = {"list": VIEW_QUESTIONS, "retrieve": VIEW_QUESTIONS, "create": HANDLE_QUESTIONS,
                   "answer": HANDLE_QUESTIONS, "refer": HANDLE_QUESTIONS}
    default_permission = VIEW_QUESTIONS

    def get_queryset(self):
        return Question.objects.select_related("answered_by").order_by("-received_at", "-pk")

    def _show(self, question, status_code=status.HTTP_200_OK):
        return Response(s.ExpertiseQuestionSerializer(self.get_queryset().get(pk=question.pk)).data,
                        status=status_code)

    @extend_schema(summary="Vragen aan het Expertisecentrum",
                   description="De nieuwste eerst. Eén regel in het toegangslog.",
                   parameters=[s.ExpertiseQuestionQuerySerializer])
    def list(self, request):
        wanted = self._query(s.ExpertiseQuestionQuerySerializer)["status"]
        qs = self.get_queryset()
        if wanted:
            qs = qs.filter(status=wanted)
        page = self.paginate_queryset(qs)
        read(self.actor(), E.QUESTIONS_READ, detail=self._page_detail(page, "vragen"))
        return self.get_paginated_response(s.ExpertiseQuestionSerializer(page, many=True).data)

    @extend_schema(summary="Eén vraag")
    def retrieve(self, request, pk):
        question = self._found(self.get_queryset(), pk, VIEW_QUESTIONS)
        read(self.actor(), E.QUESTIONS_READ, question, detail=question.reference)
        return Response(s.ExpertiseQuestionSerializer(question).data)

    @extend_schema(summary="Een vraag vastleggen (Expertisecentrum)",
                   description="Anoniem tenzij de vraagsteller teruggebeld wil worden; dan met "
                   "contactgegevens.",
                   request=s.ExpertiseQuestionInputSerializer, responses={201: s.ExpertiseQuestionSerializer})
    def create(self, request):
        data = self._input(s.ExpertiseQuestionInputSerializer)
        try:
            question = services.register_question(self.actor(), services.QuestionData(
                asker_type=data["askerType"], topic=data["topic"], question=data["question"],
                anonymous=data["anonymous"], contact_name=data["contactName"],
                contact_email=data["contactEmail"], contact_phone=data["contactPhone"],
                received_at=data["receivedAt"]))
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(question, status.HTTP_201_CREATED)

    @extend_schema(summary="Een vraag beantwoorden (Expertisecentrum)",
                   description="Met het vervolg (scholing, een ervaringsdeskundige, materiaal). De "
                   "tijd tot het eerste antwoord blijft staan.",
                   request=s.QuestionAnswerInputSerializer, responses=s.ExpertiseQuestionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk):
        question = self._found(Question.objects.all(), pk, HANDLE_QUESTIONS)
        data = self._input(s.QuestionAnswerInputSerializer)
        try:
            question = services.answer_question(self.actor(), question, answer=data["answer"],
                                                follow_up=data["followUp"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(question)

    @extend_schema(summary="Doorverwijzen naar Veilig Thuis (Expertisecentrum)",
                   description="Gaat de vraag over een onveilig huishouden, dan komt zij bij Veilig "
                   "Thuis als adviesvraag of (niet anoniem, met de gemeente) als melding. Hier "
                   "blijft alleen het kenmerk: de inhoud en de contactgegevens worden gewist.",
                   request=s.QuestionReferInputSerializer, responses=s.ExpertiseQuestionSerializer)
    @action(detail=True, methods=["post"])
    def refer(self, request, pk):
        question = self._found(Question.objects.all(), pk, HANDLE_QUESTIONS)
        data = self._input(s.QuestionReferInputSerializer)
        try:
            question = services.refer_question(
                self.actor(), question, as_=data["referredAs"], note=data["note"],
                municipality_id=data["municipality"].pk if data["municipality"] else None)
        except RuleViolation as exc:
            raise_at(exc, {"as_": "referredAs"})
        return self._show(question)


# --- Experience experts ---------------------------------------------------------------------------------


@extend_schema(tags=[TAG])
class ExpertViewSet(ExpertiseAPIMixin, EendakGenericViewSet):
    """The pool of experience experts, known here by a pseudonym only."""

    eendak_access = ViewAccess.PERSONAL
    serializer_class = s.ExpertSerializer
    permissions = {"list": VIEW_EXPERTS, "retrieve": VIEW_EXPERTS, "create": MANAGE_EXPERTS,
                   "partial_update": MANAGE_EXPERTS}
    default_permission = VIEW_EXPERTS

    def get_queryset(self):
        return Expert.objects.order_by("pseudonym")

    @extend_schema(summary="Ervaringsdeskundigen (Expertisecentrum)",
                   description="Met thema's, talen, beschikbaarheid en afspraken over nazorg. Eén "
                   "regel in het toegangslog.")
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        read(self.actor(), E.EXPERTS_READ, detail=self._page_detail(page, "ervaringsdeskundigen"))
        return self.get_paginated_response(s.ExpertSerializer(page, many=True).data)

    @extend_schema(summary="Eén ervaringsdeskundige (Expertisecentrum)")
    def retrieve(self, request, pk):
        expert = self._found(self.get_queryset(), pk, VIEW_EXPERTS)
        read(self.actor(), E.EXPERTS_READ, expert)
        return Response(s.ExpertSerializer(expert).data)

    def _save(self, data, expert=None):
        try:
            return services.save_expert(
                self.actor(), pseudonym=data["pseudonym"], themes=data["themes"],
                languages=data["languages"], availability=data["availability"],
                aftercare=data["aftercare"], is_active=data["isActive"], expert=expert)
        except RuleViolation as exc:
            raise_at(exc)

    @extend_schema(summary="Een ervaringsdeskundige in de pool opnemen (Expertisecentrum)",
                   request=s.ExpertInputSerializer, responses={201: s.ExpertSerializer})
    def create(self, request):
        expert = self._save(self._input(s.ExpertInputSerializer))
        return Response(s.ExpertSerializer(expert).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Een ervaringsdeskundige wijzigen (Expertisecentrum)",
                   description="isActive=false: niet meer voorgesteld of te koppelen.",
                   request=s.ExpertInputSerializer, responses=s.ExpertSerializer)
    def partial_update(self, request, pk):
        expert = self._found(self.get_queryset(), pk, MANAGE_EXPERTS)
        data = _merged(self._input(s.ExpertInputSerializer, partial=True), {
            "pseudonym": expert.pseudonym, "themes": expert.themes, "languages": expert.languages,
            "availability": expert.availability, "aftercare": expert.aftercare,
            "isActive": expert.is_active})
        return Response(s.ExpertSerializer(self._save(data, expert)).data)


@extend_schema(tags=[TAG])
class ExpertRequestViewSet(ExpertiseAPIMixin, EendakGenericViewSet):
    """Requests to deploy an experience expert (a training, an awareness session, a team meeting):
    asked by anyone who works in Eendak, matched, scheduled and debriefed by the Expertisecentrum."""

    eendak_access = ViewAccess.PERSONAL
    serializer_class = s.ExpertRequestSerializer
    permissions = {"list": VIEW_EXPERTS, "retrieve": VIEW_EXPERTS, "suggestions": VIEW_EXPERTS,
                   "create": REQUEST_EXPERT, "match": MANAGE_EXPERTS, "schedule": MANAGE_EXPERTS,
                   "debrief": MANAGE_EXPERTS, "cancel": MANAGE_EXPERTS}
    default_permission = VIEW_EXPERTS

    def get_queryset(self):
        return (ExpertRequest.objects.select_related("requested_by_organisation", "expert")
                .order_by("wanted_on", "pk"))

    def _show(self, request_, status_code=status.HTTP_200_OK):
        return Response(s.ExpertRequestSerializer(self.get_queryset().get(pk=request_.pk)).data,
                        status=status_code)

    @extend_schema(summary="Aanvragen voor een ervaringsdeskundige (Expertisecentrum)",
                   description="Op gewenste datum. Eén regel in het toegangslog.",
                   parameters=[s.ExpertRequestQuerySerializer])
    def list(self, request):
        wanted = self._query(s.ExpertRequestQuerySerializer)["status"]
        qs = self.get_queryset()
        if wanted:
            qs = qs.filter(status=wanted)
        page = self.paginate_queryset(qs)
        read(self.actor(), E.EXPERTS_READ, detail="aanvragen, " + self._page_detail(page, "aanvragen"))
        return self.get_paginated_response(s.ExpertRequestSerializer(page, many=True).data)

    @extend_schema(summary="Eén aanvraag (Expertisecentrum)")
    def retrieve(self, request, pk):
        found = self._found(self.get_queryset(), pk, VIEW_EXPERTS)
        read(self.actor(), E.EXPERTS_READ, found, detail="aanvraag")
        return Response(s.ExpertRequestSerializer(found).data)

    @extend_schema(summary="Een ervaringsdeskundige aanvragen",
                   description="Voor iedereen die in Eendak werkt: voor een training, een "
                   "bewustwordingsbijeenkomst of een teamoverleg.",
                   request=s.ExpertRequestInputSerializer, responses={201: s.ExpertRequestSerializer})
    def create(self, request):
        data = self._input(s.ExpertRequestInputSerializer)
        try:
            found = services.request_expert(
                self.actor(), purpose=data["purpose"], wanted_on=data["wantedOn"],
                themes=data["themes"], language=data["language"], note=data["note"],
                requester=data["requester"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(found, status.HTTP_201_CREATED)

    @extend_schema(summary="Passende ervaringsdeskundigen (Expertisecentrum)",
                   description="De actieve, best passende eerst: gedeelde thema's en de gevraagde "
                   "taal. Eén regel in het toegangslog.",
                   responses=s.ExpertSuggestionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def suggestions(self, request, pk):
        found = self._found(self.get_queryset(), pk, VIEW_EXPERTS)
        page = self.paginate_queryset([{"expert": expert, "score": score}
                                       for expert, score in services.matching_experts(found)])
        read(self.actor(), E.EXPERTS_READ, found,
             detail="voorstellen, " + self._page_detail(page, "ervaringsdeskundigen"))
        return self.get_paginated_response(s.ExpertSuggestionSerializer(page, many=True).data)

    def _step(self, pk, serializer_class, step):
        found = self._found(ExpertRequest.objects.all(), pk, MANAGE_EXPERTS)
        data = self._input(serializer_class)
        try:
            found = step(found, data)
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(found)

    @extend_schema(summary="Koppelen aan een ervaringsdeskundige (Expertisecentrum)",
                   request=s.ExpertMatchInputSerializer, responses=s.ExpertRequestSerializer)
    @action(detail=True, methods=["post"])
    def match(self, request, pk):
        return self._step(pk, s.ExpertMatchInputSerializer, lambda found, data: services.match_expert(
            self.actor(), found, data["expert"]))

    @extend_schema(summary="Inplannen (Expertisecentrum)",
                   request=s.ExpertScheduleInputSerializer, responses=s.ExpertRequestSerializer)
    @action(detail=True, methods=["post"])
    def schedule(self, request, pk):
        return self._step(pk, s.ExpertScheduleInputSerializer, lambda found, data: services.schedule_expert(
            self.actor(), found, scheduled_at=data["scheduledAt"]))

    @extend_schema(summary="Nabespreking na de inzet (Expertisecentrum)",
                   description="Met de ervaringsdeskundige, en of nazorg is aangeboden: het eigen "
                   "verhaal vertellen kost iets.",
                   request=s.DebriefInputSerializer, responses=s.ExpertRequestSerializer)
    @action(detail=True, methods=["post"])
    def debrief(self, request, pk):
        return self._step(pk, s.DebriefInputSerializer, lambda found, data: services.debrief_expert(
            self.actor(), found, debrief=data["debrief"],
            aftercare_offered=data["aftercareOffered"]))

    @extend_schema(summary="Laten vervallen (Expertisecentrum)",
                   request=s.ExpertRequestCancelInputSerializer, responses=s.ExpertRequestSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk):
        return self._step(pk, s.ExpertRequestCancelInputSerializer, lambda found, data: (
            services.cancel_expert_request(self.actor(), found, reason=data["reason"])))


# --- Awareness -------------------------------------------------------------------------------------


@extend_schema(tags=[TAG])
class CampaignViewSet(ExpertiseAPIMixin, EendakGenericViewSet):
    """Awareness campaigns (the Week tegen Kindermishandeling each November, ...)."""

    serializer_class = s.CampaignSerializer
    permissions = {"list": VIEW_WORK, "create": MANAGE_AWARENESS, "partial_update": MANAGE_AWARENESS}
    default_permission = VIEW_WORK

    def get_queryset(self):
        return Campaign.objects.order_by("-starts_on", "-pk")

    @extend_schema(summary="Campagnes (Expertisecentrum)", description="De nieuwste eerst.")
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.CampaignSerializer(page, many=True).data)

    def _save(self, data, campaign=None):
        try:
            return services.save_campaign(self.actor(), title=data["title"],
                                          starts_on=data["startsOn"], ends_on=data["endsOn"],
                                          description=data["description"], campaign=campaign)
        except RuleViolation as exc:
            raise_at(exc)

    @extend_schema(summary="Een campagne toevoegen (Expertisecentrum)",
                   request=s.CampaignInputSerializer, responses={201: s.CampaignSerializer})
    def create(self, request):
        campaign = self._save(self._input(s.CampaignInputSerializer))
        return Response(s.CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Een campagne wijzigen (Expertisecentrum)",
                   request=s.CampaignInputSerializer, responses=s.CampaignSerializer)
    def partial_update(self, request, pk):
        campaign = self._found(self.get_queryset(), pk, MANAGE_AWARENESS)
        data = _merged(self._input(s.CampaignInputSerializer, partial=True), {
            "title": campaign.title, "startsOn": campaign.starts_on, "endsOn": campaign.ends_on,
            "description": campaign.description})
        return Response(s.CampaignSerializer(self._save(data, campaign)).data)


def _events():
    return (AwarenessEvent.objects.select_related("campaign")
            .annotate(registered=Count("registrations")).order_by("starts_at", "pk"))


@extend_schema(tags=[TAG])
class AwarenessEventViewSet(ExpertiseAPIMixin, EendakGenericViewSet):
    """Awareness events (campaign events, school sessions, information evenings, webinars): the
    calendar, held with the reach, or cancelled."""

    serializer_class = s.AwarenessEventSerializer
    permissions = {"list": VIEW_WORK, "retrieve": VIEW_WORK, "create": MANAGE_AWARENESS,
                   "held": MANAGE_AWARENESS, "cancel": MANAGE_AWARENESS}
    default_permission = VIEW_WORK

    def get_queryset(self):
        return _events()

    def _show(self, event, status_code=status.HTTP_200_OK):
        return Response(s.AwarenessEventSerializer(_events().get(pk=event.pk)).data,
                        status=status_code)

    @extend_schema(summary="Bijeenkomsten: de kalender (Expertisecentrum)",
                   description="Op datum, met het aantal aanmeldingen en (gehouden) het bereik.",
                   parameters=[s.AwarenessEventQuerySerializer])
    def list(self, request):
        query = self._query(s.AwarenessEventQuerySerializer)
        qs = self.get_queryset()
        if query["year"]:
            qs = qs.filter(starts_at__year=query["year"])
        if query["status"]:
            qs = qs.filter(status=query["status"])
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(s.AwarenessEventSerializer(page, many=True).data)

    @extend_schema(summary="Eén bijeenkomst (Expertisecentrum)")
    def retrieve(self, request, pk):
        return Response(s.AwarenessEventSerializer(
            self._found(self.get_queryset(), pk, VIEW_WORK)).data)

    @extend_schema(summary="Een bijeenkomst plannen (Expertisecentrum)",
                   description="isPublic: op de publieke pagina's, met aanmelding.",
                   request=s.AwarenessEventInputSerializer,
                   responses={201: s.AwarenessEventSerializer})
    def create(self, request):
        data = self._input(s.AwarenessEventInputSerializer)
        try:
            event = services.plan_event(
                self.actor(), title=data["title"], kind=data["kind"], starts_at=data["startsAt"],
                place=data["place"], capacity=data["capacity"], is_public=data["isPublic"],
                campaign=data["campaign"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(event, status.HTTP_201_CREATED)

    @extend_schema(summary="Gehouden, met het bereik (Expertisecentrum)",
                   request=s.AwarenessEventHeldInputSerializer, responses=s.AwarenessEventSerializer)
    @action(detail=True, methods=["post"])
    def held(self, request, pk):
        event = self._found(AwarenessEvent.objects.all(), pk, MANAGE_AWARENESS)
        data = self._input(s.AwarenessEventHeldInputSerializer)
        try:
            event = services.close_event(self.actor(), event, target=EventStatus.HELD,
                                         reach=data["reach"])
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(event)

    @extend_schema(summary="Annuleren (Expertisecentrum)", request=None,
                   responses=s.AwarenessEventSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk):
        event = self._found(AwarenessEvent.objects.all(), pk, MANAGE_AWARENESS)
        try:
            event = services.close_event(self.actor(), event, target=EventStatus.CANCELLED)
        except RuleViolation as exc:
            raise_at(exc)
        return self._show(event)


@extend_schema(tags=[TAG])
class EventRegistrationViewSet(ExpertiseAPIMixin, EendakGenericViewSet):
    """Who registered for one event from the public page (names: a read in the access log)."""

    eendak_access = ViewAccess.PERSONAL
    serializer_class = s.EventRegistrationSerializer
    permissions = {"list": VIEW_WORK}
    default_permission = VIEW_WORK

    def get_queryset(self):
        return AwarenessEvent.objects.none()  # per event; see ``list``

    @extend_schema(summary="Aanmeldingen voor een bijeenkomst (Expertisecentrum)",
                   description="In volgorde van aanmelding. Eén regel in het toegangslog.")
    def list(self, request, pk):
        event = self._found(AwarenessEvent.objects.all(), pk, VIEW_WORK)
        page = self.paginate_queryset(event.registrations.order_by("registered_at", "pk"))
        read(self.actor(), E.ENROLMENTS_READ, event,
             detail=f"aanmeldingen {event.title}, " + self._page_detail(page, "aanmeldingen"))
        return self.get_paginated_response(s.EventRegistrationSerializer(page, many=True).data)


# --- Dialogue leaders and meetings -----------------------------------------------------------------


@extend_schema(tags=[TAG])
class DialogueLeaderViewSet(ExpertiseAPIMixin, EendakGenericViewSet):
    """The dialogue leaders: community, languages, training."""

    eendak_access = ViewAccess.PERSONAL
    serializer_class = s.DialogueLeaderSerializer
    permissions = {"list": VIEW_DIALOGUE, "retrieve": VIEW_DIALOGUE, "create": MANAGE_DIALOGUE,
                   "partial_update": MANAGE_DIALOGUE}
    default_permission = VIEW_DIALOGUE

    def get_queryset(self):
        return DialogueLeader.objects.order_by("name", "pk")

    @extend_schema(summary="Dialoogleiders (Expertisecentrum)",
                   description="Eén regel in het toegangslog.")
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        read(self.actor(), E.DIALOGUE_READ, detail=self._page_detail(page, "dialoogleiders"))
        return self.get_paginated_response(s.DialogueLeaderSerializer(page, many=True).data)

    @extend_schema(summary="Eén dialoogleider (Expertisecentrum)")
    def retrieve(self, request, pk):
        leader = self._found(self.get_queryset(), pk, VIEW_DIALOGUE)
        read(self.actor(), E.DIALOGUE_READ, leader)
        return Response(s.DialogueLeaderSerializer(leader).data)

    def _save(self, data, leader=None):
        try:
            return services.save_leader(
                self.actor(), name=data["name"], community=data["community"],
                languages=data["languages"], trained_on=data["trainedOn"],
                trained_by=data["trainedBy"], is_active=data["isActive"], leader=leader)
        except RuleViolation as exc:
            raise_at(exc)

    @extend_schema(summary="Een dialoogleider toevoegen (Expertisecentrum)",
                   request=s.DialogueLeaderInputSerializer,
                   responses={201: s.DialogueLeaderSerializer})
    def create(self, request):
        leader = self._save(self._input(s.DialogueLeaderInputSerializer))
        return Response(s.DialogueLeaderSerializer(leader).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Een dialoogleider wijzigen (Expertisecentrum)",
                   request=s.DialogueLeaderInputSerializer, responses=s.DialogueLeaderSerializer)
    def partial_update(self, request, pk):
        leader = self._found(self.get_queryset(), pk, MANAGE_DIALOGUE)
        data = _merged(self._input(s.DialogueLeaderInputSerializer, partial=True), {
            "name": leader.name, "community": leader.community, "languages": leader.languages,
            "trainedOn": leader.trained_on, "trainedBy": leader.trained_by,
            "isActive": leader.is_active})
        return Response(s.DialogueLeaderSerializer(self._save(data, leader)).data)


@extend_schema(tags=[TAG])
class DialogueMeetingViewSet(ExpertiseAPIMixin, EendakGenericViewSet):
    """Dialogue meetings (counts and topics, never the participants' names) and the signals passed
    on from them anonymously."""

    eendak_access = ViewAccess.PERSONAL
    serializer_class = s.DialogueMeetingSerializer
    permissions = {"list": VIEW_DIALOGUE, "retrieve": VIEW_DIALOGUE, "signals": VIEW_DIALOGUE,
                   "create": MANAGE_DIALOGUE, "pass_signal": MANAGE_DIALOGUE}
    default_permission = VIEW_DIALOGUE

    def get_queryset(self):
        return DialogueMeeting.objects.select_related("leader", "recorded_by").order_by(
            "-held_on", "-pk")

    @extend_schema(summary="Dialoogbijeenkomsten (Expertisecentrum)",
                   description="De laatste eerst. Eén regel in het toegangslog (de dialoogleiders "
                   "worden genoemd; deelnemers nooit).",
                   parameters=[s.DialogueMeetingQuerySerializer])
    def list(self, request):
        year = self._query(s.DialogueMeetingQuerySerializer)["year"]
        qs = self.get_queryset()
        if year:
            qs = qs.filter(held_on__year=year)
        page = self.paginate_queryset(qs)
        read(self.actor(), E.DIALOGUE_READ, detail=self._page_detail(page, "bijeenkomsten"))
        return self.get_paginated_response(s.DialogueMeetingSerializer(page, many=True).data)

    @extend_schema(summary="Eén dialoogbijeenkomst (Expertisecentrum)")
    def retrieve(self, request, pk):
        meeting = self._found(self.get_queryset(), pk, VIEW_DIALOGUE)
        read(self.actor(), E.DIALOGUE_READ, meeting)
        return Response(s.DialogueMeetingSerializer(meeting).data)

    @extend_schema(summary="Een dialoogbijeenkomst vastleggen (Expertisecentrum)",
                   description="Nadat zij is gehouden: setting, partner, taal, aantal deelnemers en "
                   "onderwerpen. Geen namen van deelnemers.",
                   request=s.DialogueMeetingInputSerializer,
                   responses={201: s.DialogueMeetingSerializer})
    def create(self, request):
        data = self._input(s.DialogueMeetingInputSerializer)
        try:
            meeting = services.record_meeting(self.actor(), services.MeetingData(
                leader=data["leader"], held_on=data["heldOn"], setting=data["setting"],
                language=data["language"], participants=data["participants"],
                topics=data["topics"], partner=data["partner"], notes=data["notes"]))
        except RuleViolation as exc:
            raise_at(exc)
        return Response(s.DialogueMeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Signalen uit een bijeenkomst (Expertisecentrum)",
                   description="Anoniem doorgegeven; aan Veilig Thuis doorgegeven signalen staan daar, "
                   "hier alleen het kenmerk.",
                   responses=s.DialogueSignalSerializer(many=True))
    @action(detail=True, methods=["get"])
    def signals(self, request, pk):
        meeting = self._found(self.get_queryset(), pk, VIEW_DIALOGUE)
        page = self.paginate_queryset(meeting.signals.order_by("passed_at", "pk"))
        read(self.actor(), E.DIALOGUE_READ, meeting,
             detail="signalen, " + self._page_detail(page, "signalen"))
        return self.get_paginated_response(s.DialogueSignalSerializer(page, many=True).data)

    @extend_schema(summary="Een signaal anoniem doorgeven (Expertisecentrum)",
                   description="Aan het Expertisecentrum zelf, of aan Veilig Thuis als anonieme "
                   "adviesvraag (dan blijft hier alleen het kenmerk).",
                   request=s.DialogueSignalInputSerializer,
                   responses={201: s.DialogueSignalSerializer})
    @signals.mapping.post
    def pass_signal(self, request, pk):
        meeting = self._found(DialogueMeeting.objects.all(), pk, MANAGE_DIALOGUE)
        data = self._input(s.DialogueSignalInputSerializer)
        try:
            signal = services.pass_signal(self.actor(), meeting, text=data["text"],
                                          to=data["passedTo"])
        except RuleViolation as exc:
            raise_at(exc, {"to": "passedTo"})
        return Response(s.DialogueSignalSerializer(signal).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=[TAG])
class DialogueOverviewView(ExpertiseAPIMixin, EendakAPIView):
    """The year's dialogue meetings in figures."""

    default_permission = VIEW_DIALOGUE

    @extend_schema(summary="Jaaroverzicht dialoogbijeenkomsten (Expertisecentrum)",
                   description="Aantal bijeenkomsten en deelnemers, per setting, taal en onderwerp, "
                   "het aantal signalen en de actieve dialoogleiders. Alleen aantallen.",
                   parameters=[s.YearQuerySerializer], responses=s.DialogueOverviewSerializer)
    def get(self, request):
        year = self._query(s.YearQuerySerializer)["year"] or timezone.localdate().year
        return Response(s.DialogueOverviewSerializer(queries.dialogue_overview(year)).data)

