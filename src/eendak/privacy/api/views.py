"""The privacy endpoints under /api/v1/: searching the access log, a person's access history, break
the glass, and the emergency-access report. The screens' twins: the same queries
(``eendak.privacy.queries``), the same service (``grant_emergency_access``, which holds the rules
and writes the entries, refusals too), and reading the log is itself logged.

Break the glass only turns the service's ``RuleViolation`` into a 400 on the right field; nothing
about the household (not even its members' names) is shown before the grant.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ErrorDetail, NotFound, ValidationError
from rest_framework.response import Response

from eendak.api.base import EendakAPIHelpers, EendakGenericViewSet, ProblemErrorsMixin
from eendak.api.permissions import IsVerifiedActor, requires
from eendak.api.problems import raise_at
from eendak.api.throttling import UserRateThrottle
from eendak.audit import services as audit
from eendak.audit.models import AccessLogEntry, Action, EmergencyAccess
from eendak.core.access import ViewAccess
from eendak.core.exceptions import RuleViolation
from eendak.persons.models import HouseholdMember, Person

from .. import queries
from .. import services as privacy
from ..events import Event
from .serializers import (
    AccessLogEntrySerializer,
    AccessLogQuerySerializer,
    ChainReportSerializer,
    EmergencyAccessFilter,
    EmergencyAccessRequestSerializer,
    EmergencyAccessSerializer,
    EmergencyReportQuerySerializer,
    EmergencyReportSerializer,
    EmergencyReviewInputSerializer,
    PersonAccessSerializer,
)


@extend_schema(tags=["toegangslog"],
               description="Het toegangslog doorzoeken (NEN 7513), voor de beheerder van het "
               "toegangslog. De zoekopdracht zelf komt ook in het log.")
class AccessLogSearchView(ProblemErrorsMixin, generics.GenericAPIView):
    """Search the access log (NEN 7513). Only for the log administrator; the search is logged."""

    eendak_access = ViewAccess.PERSONAL
    permission_classes = [IsVerifiedActor, requires("privacy.search_access_log")]
    serializer_class = AccessLogEntrySerializer
    filter_backends = []

    def get_queryset(self):
        return AccessLogEntry.objects.none()  # the query comes from privacy.queries

    @extend_schema(summary="Toegangslog doorzoeken", parameters=[AccessLogQuerySerializer],
                   responses=AccessLogEntrySerializer(many=True))
    def get(self, request):
        query = AccessLogQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        criteria = query.to_filter()
        # The page is read before the search is logged, so the search does not find itself.
        page = self.paginate_queryset(queries.search_entries(criteria))
        audit.log_access(self.actor(), event=Event.ACCESS_LOG_SEARCH, action=Action.SEARCH,
                         persons=[criteria.person_id] if criteria.person_id else (),
                         detail=criteria.describe())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class VerificationThrottle(UserRateThrottle):
    """Recomputing the chain reads the whole log: a few times an hour is plenty for a monitor."""

    scope = "access_log_verification"
    rate = "30/hour"


@extend_schema(tags=["toegangslog"],
               description="De hashketen van het toegangslog nu opnieuw narekenen, voor de beheerder "
               "van het toegangslog (privacy.verify_access_log): is de keten intact, en zo niet, bij "
               "welke regel breekt hij. Alleen regelnummers, geen persoonsgegevens. De controle komt "
               "zelf ook in het log. Bij een groot log duurt dit even; `manage.py verify_access_log` "
               "doet hetzelfde buiten de webserver.")
class AccessLogVerificationView(ProblemErrorsMixin, generics.GenericAPIView):
    """The chain check of the screen ``privacy:verify``, for a monitoring system: the same service."""

    eendak_access = ViewAccess.STAFF
    permission_classes = [IsVerifiedActor, requires("privacy.verify_access_log")]
    throttle_classes = [VerificationThrottle]
    serializer_class = ChainReportSerializer
    filter_backends = []
    pagination_class = None

    @extend_schema(summary="De keten van het toegangslog controleren", responses=ChainReportSerializer)
    def get(self, request):
        return Response(ChainReportSerializer(privacy.verify_access_log(self.actor())).data)


@extend_schema(tags=["toegangslog"],
               description="Wie de gegevens van deze persoon inzag of wijzigde: wanneer, namens welke "
               "organisatie, in welke rol en of dat via noodtoegang was. Voor de "
               "privacyfunctionaris; het opvragen wordt gelogd.")
class PersonAccessHistoryView(ProblemErrorsMixin, generics.GenericAPIView):
    """Who accessed this person's data, when, for which organisation, in which role, and whether
    through emergency access: what a client may ask to see. For the privacy officer."""

    eendak_access = ViewAccess.PERSONAL
    permission_classes = [IsVerifiedActor, requires("privacy.view_person_access")]
    serializer_class = PersonAccessSerializer
    filter_backends = []

    def get_queryset(self):
        return AccessLogEntry.objects.none()  # the query comes from privacy.queries

    @extend_schema(summary="Wie zag de gegevens van deze persoon",
                   responses=PersonAccessSerializer(many=True))
    def get(self, request, pk):
        history = queries.person_access_history(pk)
        # The log outlives the person record: a removed person's history can still be asked for.
        if not Person.objects.filter(pk=pk).exists() and not history.exists():
            raise NotFound()
        page = self.paginate_queryset(history)
        audit.log_access(self.actor(), event=Event.PERSON_ACCESS_REPORT, action=Action.READ,
                         obj=("persons.person", str(pk)), persons=[pk])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class EmergencyAccessThrottle(UserRateThrottle):
    """The password is checked again here: limit guessing with a stolen session or token."""

    scope = "emergency_access"
    rate = "10/hour"


@extend_schema(tags=["noodtoegang"],
               description="Noodtoegang (break the glass): tijdelijke toegang tot een dossier waaraan u "
               "niet deelneemt, met een reden en uw wachtwoord. Alleen voor rollen die dat mogen; "
               "elke poging komt in het toegangslog.")
class EmergencyAccessViewSet(EendakGenericViewSet):
    """Your own emergency-access grants, and breaking the glass for a household."""

    eendak_access = ViewAccess.STAFF
    serializer_class = EmergencyAccessSerializer
    filterset_class = EmergencyAccessFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return EmergencyAccess.objects.none()
        return (
            EmergencyAccess.objects.filter(user=self.request.user)
            .select_related("user", "household", "membership__organisation")
            .order_by("-granted_at")
        )

    def get_serializer_class(self):
        return EmergencyAccessRequestSerializer if self.action == "create" else EmergencyAccessSerializer

    def get_permissions(self):
        if self.action == "create":
            return [IsVerifiedActor(), requires("persons.break_glass")()]
        return super().get_permissions()

    def get_throttles(self):
        return [EmergencyAccessThrottle()] if self.action == "create" else []

    @extend_schema(summary="Mijn noodtoegangen")
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary="Noodtoegang tot een huishouden (break the glass)",
                   request=EmergencyAccessRequestSerializer,
                   responses={201: EmergencyAccessSerializer})
    def create(self, request):
        form = self.get_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            grant = privacy.grant_emergency_access(
                self.actor(), request.user, form.validated_data["household"],
                reason=form.validated_data["reason"], password=form.validated_data["password"],
            )
        except RuleViolation as exc:
            # A refusal without a field is about the household (already a participant).
            field = exc.field or "household"
            raise ValidationError({field: [ErrorDetail(exc.message, "rule")]}) from exc
        return Response(EmergencyAccessSerializer(grant).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["noodtoegang"],
               description="Elk gebruik van noodtoegang, voor de privacyfunctionaris en de beheerder "
               "van het toegangslog. Het opvragen wordt gelogd.")
class EmergencyReportView(ProblemErrorsMixin, generics.GenericAPIView):
    """Every use of emergency access, for the privacy officer and the log administrator.

    The reasons can describe a client's situation, so opening the report is logged, naming the
    persons of the households on the page.
    """

    eendak_access = ViewAccess.PERSONAL
    permission_classes = [IsVerifiedActor, requires("privacy.view_emergency_report")]
    serializer_class = EmergencyReportSerializer
    filter_backends = []

    def get_queryset(self):
        return EmergencyAccess.objects.none()  # the query comes from privacy.queries

    @extend_schema(summary="Rapport noodtoegang", parameters=[EmergencyReportQuerySerializer],
                   responses=EmergencyReportSerializer(many=True))
    def get(self, request):
        query = EmergencyReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        since = query.validated_data.get("since")
        status_ = query.validated_data.get("status", "")
        page = self.paginate_queryset(queries.emergency_accesses(since, status_))
        persons = HouseholdMember.objects.filter(
            household_id__in={grant.household_id for grant in page}
        ).values_list("person_id", flat=True)
        detail = "; ".join(part for part in (f"sinds {since:%Y-%m-%d}" if since else "",
                                             f"beoordeling {status_}" if status_ else "") if part)
        audit.log_access(self.actor(), event=Event.EMERGENCY_ACCESS_REPORT, action=Action.READ,
                         persons=persons, detail=detail)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["noodtoegang"],
               description="Een noodtoegang achteraf beoordelen: gerechtvaardigd of niet, met een "
               "toelichting. Voor de privacyfunctionaris en de beheerder van het toegangslog van de "
               "organisatie namens welke het glas werd gebroken; één keer, definitief. Een "
               "noodtoegang van een andere organisatie is een 404.")
class EmergencyReviewView(EendakAPIHelpers, ProblemErrorsMixin, generics.GenericAPIView):
    """Judge one grant (``privacy.services.review_emergency_grant``): its rules and messages."""

    eendak_access = ViewAccess.PERSONAL
    permission_classes = [IsVerifiedActor, requires("privacy.review_emergency_access")]
    serializer_class = EmergencyReviewInputSerializer
    filter_backends = []

    def get_queryset(self):
        return EmergencyAccess.objects.select_related(
            "user", "membership__organisation", "household", "review__reviewer")

    @extend_schema(summary="Noodtoegang beoordelen", request=EmergencyReviewInputSerializer,
                   responses={201: EmergencyReportSerializer})
    def post(self, request, pk):
        grant = self._found(self.get_queryset(), pk, "privacy.review_emergency_access")
        data = self._input(EmergencyReviewInputSerializer)
        try:
            privacy.review_emergency_grant(self.actor(), grant, data["outcome"], data["note"])
        except RuleViolation as exc:
            raise_at(exc)
        grant = self.get_queryset().get(pk=grant.pk)
        return Response(EmergencyReportSerializer(grant).data, status=status.HTTP_201_CREATED)
