"""Break the glass through the API: a reason, the password again, time-limited access, all logged.

``audit.services.grant_emergency_access`` holds the rules and writes the entries (refusals too);
this module only turns its ``RuleViolation`` into a 400 on the right field. Nothing about the
household (not even its members' names) is shown before the grant.
"""

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from eendak.audit import queries as audit_queries
from eendak.audit import services as audit
from eendak.audit.models import Action, EmergencyAccess
from eendak.core.access import ViewAccess
from eendak.core.exceptions import RuleViolation
from eendak.persons.models import Household, HouseholdMember

from ..base import EendakGenericViewSet, ProblemErrorsMixin
from ..permissions import IsVerifiedActor, requires
from .access_log import log_date


class EmergencyAccessRequestSerializer(serializers.Serializer):
    household = serializers.PrimaryKeyRelatedField(
        queryset=Household.objects.all(), help_text="Het id van het huishouden."
    )
    reason = serializers.CharField(
        max_length=2000, trim_whitespace=True,
        help_text=f"Waarom toegang nu nodig is (minstens {audit.MIN_EMERGENCY_REASON} tekens).",
    )
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=512,
                                     help_text="Uw wachtwoord, opnieuw ingevoerd.")


class EmergencyAccessSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    household = serializers.IntegerField(source="household_id")
    householdReference = serializers.CharField(source="household.reference")
    username = serializers.CharField(source="user.username")
    organisation = serializers.IntegerField(source="membership.organisation_id")
    organisationName = serializers.CharField(source="membership.organisation.name")
    role = serializers.CharField(source="membership.role")
    roleLabel = serializers.CharField(source="membership.get_role_display")
    reason = serializers.CharField()
    grantedAt = serializers.DateTimeField(source="granted_at")
    expiresAt = serializers.DateTimeField(source="expires_at")
    isActive = serializers.BooleanField(source="is_active")


class EmergencyAccessFilter(django_filters.FilterSet):
    active = django_filters.BooleanFilter(method="filter_active", label="Alleen (niet) verlopen")

    class Meta:
        model = EmergencyAccess
        fields = []

    def filter_active(self, queryset, name, value):
        now = timezone.now()
        return queryset.filter(expires_at__gt=now) if value else queryset.filter(expires_at__lte=now)


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
            return [IsVerifiedActor(), requires("audit.break_glass")()]
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
            grant = audit.grant_emergency_access(
                self.actor(), request.user, form.validated_data["household"],
                reason=form.validated_data["reason"], password=form.validated_data["password"],
            )
        except RuleViolation as exc:
            # A refusal without a field is about the household (already a participant).
            field = exc.field or "household"
            raise ValidationError({field: [ErrorDetail(exc.message, "rule")]}) from exc
        return Response(EmergencyAccessSerializer(grant).data, status=status.HTTP_201_CREATED)


class EmergencyReportQuerySerializer(serializers.Serializer):
    since = serializers.DateField(required=False, allow_null=True, validators=[log_date],
                                  help_text="Alleen noodtoegang vanaf deze datum (JJJJ-MM-DD).")


@extend_schema(tags=["noodtoegang"],
               description="Elk gebruik van noodtoegang, voor de privacyfunctionaris en de beheerder "
               "van het toegangslog. Het opvragen wordt gelogd.")
class EmergencyReportView(ProblemErrorsMixin, generics.GenericAPIView):
    """Every use of emergency access, for the privacy officer and the log administrator.

    The reasons can describe a client's situation, so opening the report is logged, naming the
    persons of the households on the page.
    """

    eendak_access = ViewAccess.PERSONAL
    permission_classes = [IsVerifiedActor, requires("audit.view_emergency_report")]
    serializer_class = EmergencyAccessSerializer
    filter_backends = []

    def get_queryset(self):
        return EmergencyAccess.objects.none()  # the query comes from audit.queries

    @extend_schema(summary="Rapport noodtoegang", parameters=[EmergencyReportQuerySerializer],
                   responses=EmergencyAccessSerializer(many=True))
    def get(self, request):
        query = EmergencyReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        since = query.validated_data.get("since")
        page = self.paginate_queryset(audit_queries.emergency_accesses(since))
        persons = HouseholdMember.objects.filter(
            household_id__in={grant.household_id for grant in page}
        ).values_list("person_id", flat=True)
        audit.log_access(self.actor(), event="emergency_access.report", action=Action.READ,
                         persons=persons, detail=f"sinds {since:%Y-%m-%d}" if since else "")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
