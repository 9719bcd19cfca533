"""Reading the access log through the API: the log administrator's search and the privacy officer's
report of who accessed one person. Both use ``eendak.audit.queries`` (the same filters as the
screens), and reading the log is itself logged."""

from datetime import date

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound

from eendak.audit import queries as audit_queries
from eendak.audit import services as audit
from eendak.audit.models import AccessLogEntry, Action, Outcome
from eendak.core.access import ViewAccess
from eendak.core.roles import Role
from eendak.persons.models import Person

from ..base import ProblemErrorsMixin
from ..permissions import IsVerifiedActor, requires

# Ids are 64-bit in the database (BigAutoField): a larger number can name nothing, and handed to the
# database it is an overflow error instead of an empty answer.
MAX_ID = 2**63 - 1
# A day whose midnight here still lies inside the calendar in UTC, and whose next day exists: the
# search turns dates into [start of dateFrom, start of the day after dateTo).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def log_date(value):
    """A search date within the years the log can hold (the edges of the calendar overflow)."""
    if value is not None and not FIRST_DAY <= value <= LAST_DAY:
        raise serializers.ValidationError(
            f"Kies een datum tussen {FIRST_DAY:%d-%m-%Y} en {LAST_DAY:%d-%m-%Y}.")
    return value


def role_label(role: str) -> str:
    return Role(role).label if role in Role.values else role


class AccessLogEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    occurredAt = serializers.DateTimeField(source="occurred_at")
    event = serializers.CharField()
    action = serializers.ChoiceField(choices=Action.choices)
    actionLabel = serializers.CharField(source="get_action_display")
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    username = serializers.CharField()
    organisation = serializers.IntegerField(source="organisation_id", allow_null=True)
    organisationName = serializers.CharField(source="organisation_name")
    role = serializers.CharField()
    roleLabel = serializers.SerializerMethodField()
    objectType = serializers.CharField(source="object_type")
    objectId = serializers.CharField(source="object_id")
    ipAddress = serializers.IPAddressField(source="ip_address", allow_null=True)
    emergency = serializers.BooleanField(help_text="Via noodtoegang (break the glass).")
    reason = serializers.CharField(help_text="De reden bij noodtoegang.")
    detail = serializers.CharField()
    persons = serializers.ListField(child=serializers.IntegerField(), source="person_ids",
                                    help_text="De betrokken personen (ids).")

    def get_roleLabel(self, entry) -> str:
        return role_label(entry.role)


class PersonAccessSerializer(serializers.Serializer):
    """One access to a person's data, as the person may ask to see it."""

    occurredAt = serializers.DateTimeField(source="occurred_at")
    username = serializers.CharField()
    organisation = serializers.IntegerField(source="organisation_id", allow_null=True)
    organisationName = serializers.CharField(source="organisation_name")
    role = serializers.CharField()
    roleLabel = serializers.SerializerMethodField()
    event = serializers.CharField()
    action = serializers.ChoiceField(choices=Action.choices)
    actionLabel = serializers.CharField(source="get_action_display")
    emergency = serializers.BooleanField(help_text="Via noodtoegang (break the glass).")
    reason = serializers.CharField(help_text="De reden bij noodtoegang.")

    def get_roleLabel(self, entry) -> str:
        return role_label(entry.role)


class AccessLogQuerySerializer(serializers.Serializer):
    """The criteria of ``audit.queries.LogFilter``, in the API's camelCase."""

    username = serializers.CharField(required=False, allow_blank=True, max_length=150)
    organisation = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                            help_text="Id van de organisatie namens wie gewerkt werd.")
    person = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                      help_text="Id van een betrokken persoon.")
    event = serializers.CharField(required=False, allow_blank=True, max_length=64,
                                  help_text="Gebeurtenis, of het begin ervan (bijv. 'person.').")
    action = serializers.ChoiceField(required=False, choices=Action.choices)
    outcome = serializers.ChoiceField(required=False, choices=Outcome.choices)
    emergency = serializers.BooleanField(required=False, default=False,
                                         help_text="Alleen toegang via noodtoegang.")
    dateFrom = serializers.DateField(required=False, validators=[log_date])
    dateTo = serializers.DateField(required=False, validators=[log_date])

    def validate(self, attrs):
        if attrs.get("dateFrom") and attrs.get("dateTo") and attrs["dateFrom"] > attrs["dateTo"]:
            raise serializers.ValidationError({"dateTo": "De einddatum ligt voor de begindatum."})
        return attrs

    def to_filter(self) -> audit_queries.LogFilter:
        data = self.validated_data
        return audit_queries.LogFilter(
            username=data.get("username", ""), organisation_id=data.get("organisation"),
            person_id=data.get("person"), event=data.get("event", ""), action=data.get("action", ""),
            outcome=data.get("outcome", ""), emergency_only=data.get("emergency", False),
            date_from=data.get("dateFrom"), date_to=data.get("dateTo"),
        )


@extend_schema(tags=["toegangslog"],
               description="Het toegangslog doorzoeken (NEN 7513), voor de beheerder van het "
               "toegangslog. De zoekopdracht zelf komt ook in het log.")
class AccessLogSearchView(ProblemErrorsMixin, generics.GenericAPIView):
    """Search the access log (NEN 7513). Only for the log administrator; the search is logged."""

    eendak_access = ViewAccess.PERSONAL
    permission_classes = [IsVerifiedActor, requires("audit.search_access_log")]
    serializer_class = AccessLogEntrySerializer
    filter_backends = []

    def get_queryset(self):
        return AccessLogEntry.objects.none()  # the query comes from audit.queries

    @extend_schema(summary="Toegangslog doorzoeken", parameters=[AccessLogQuerySerializer],
                   responses=AccessLogEntrySerializer(many=True))
    def get(self, request):
        query = AccessLogQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        criteria = query.to_filter()
        # The page is read before the search is logged, so the search does not find itself.
        page = self.paginate_queryset(audit_queries.search_entries(criteria))
        audit.log_access(self.actor(), event="access_log.search", action=Action.SEARCH,
                         persons=[criteria.person_id] if criteria.person_id else (),
                         detail=criteria.describe())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["toegangslog"],
               description="Wie de gegevens van deze persoon inzag of wijzigde: wanneer, namens welke "
               "organisatie, in welke rol en of dat via noodtoegang was. Voor de "
               "privacyfunctionaris; het opvragen wordt gelogd.")
class PersonAccessHistoryView(ProblemErrorsMixin, generics.GenericAPIView):
    """Who accessed this person's data, when, for which organisation, in which role, and whether
    through emergency access: what a client may ask to see. For the privacy officer."""

    eendak_access = ViewAccess.PERSONAL
    permission_classes = [IsVerifiedActor, requires("audit.view_person_access")]
    serializer_class = PersonAccessSerializer
    filter_backends = []

    def get_queryset(self):
        return AccessLogEntry.objects.none()  # the query comes from audit.queries

    @extend_schema(summary="Wie zag de gegevens van deze persoon",
                   responses=PersonAccessSerializer(many=True))
    def get(self, request, pk):
        history = audit_queries.person_access_history(pk)
        # The log outlives the person record: a removed person's history can still be asked for.
        if not Person.objects.filter(pk=pk).exists() and not history.exists():
            raise NotFound()
        page = self.paginate_queryset(history)
        audit.log_access(self.actor(), event="person.access_report", action=Action.READ,
                         obj=("persons.person", str(pk)), persons=[pk])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
