"""What the privacy endpoints read and answer: the access log's entries and search criteria, and
the emergency-access grants and requests. The views are in ``views.py``; the filters are the screens'
(``eendak.privacy.queries``), so a search means the same on a page and through the API."""

from datetime import date, datetime

import django_filters
from django.utils import timezone
from rest_framework import serializers

from eendak.audit.models import Action, EmergencyAccess, Outcome
from eendak.core.roles import Role
from eendak.persons.models import Household

from .. import queries
from ..models import EmergencyReview, ReviewOutcome
from ..services import MIN_EMERGENCY_REASON

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
    """The criteria of ``privacy.queries.LogFilter``, in the API's camelCase."""

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

    def to_filter(self) -> queries.LogFilter:
        data = self.validated_data
        return queries.LogFilter(
            username=data.get("username", ""), organisation_id=data.get("organisation"),
            person_id=data.get("person"), event=data.get("event", ""), action=data.get("action", ""),
            outcome=data.get("outcome", ""), emergency_only=data.get("emergency", False),
            date_from=data.get("dateFrom"), date_to=data.get("dateTo"),
        )


class EmergencyAccessRequestSerializer(serializers.Serializer):
    household = serializers.PrimaryKeyRelatedField(
        queryset=Household.objects.all(), help_text="Het id van het huishouden."
    )
    reason = serializers.CharField(
        max_length=2000, trim_whitespace=True,
        help_text=f"Waarom toegang nu nodig is (minstens {MIN_EMERGENCY_REASON} tekens).",
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


class EmergencyReportQuerySerializer(serializers.Serializer):
    since = serializers.DateField(required=False, allow_null=True, validators=[log_date],
                                  help_text="Alleen noodtoegang vanaf deze datum (JJJJ-MM-DD).")
    status = serializers.ChoiceField(
        choices=list(queries.ReviewStatus.FILTERS), required=False,
        error_messages={"invalid_choice": "Kies een van: " + ", ".join(queries.ReviewStatus.FILTERS)
                        + "."},
        help_text="Alleen noodtoegang met deze beoordeling: onbeoordeeld (nog niet beoordeeld), "
                  "te_laat (niet binnen de termijn beoordeeld), te_beoordelen (nog binnen de "
                  "termijn), gerechtvaardigd of niet_gerechtvaardigd.")


class EmergencyReportSerializer(EmergencyAccessSerializer):
    """A grant on the report: with its review status, its deadline and, once made, its review."""

    reviewStatus = serializers.SerializerMethodField(
        help_text="te_beoordelen, te_laat, gerechtvaardigd of niet_gerechtvaardigd")
    reviewDeadline = serializers.SerializerMethodField()
    review = serializers.SerializerMethodField()

    def get_reviewStatus(self, grant) -> str:
        return queries.review_status(grant)

    def get_reviewDeadline(self, grant) -> datetime:
        return serializers.DateTimeField().to_representation(queries.review_deadline(grant))

    def get_review(self, grant) -> dict | None:
        if not _has_review(grant):
            return None
        review = grant.review
        return {"outcome": review.outcome, "note": review.note,
                "reviewer": review.reviewer.username,
                "reviewedAt": serializers.DateTimeField().to_representation(review.reviewed_at)}


def _has_review(grant) -> bool:
    try:
        grant.review  # noqa: B018 -- selected with the grant; absent is DoesNotExist
    except EmergencyReview.DoesNotExist:
        return False
    return True


class EmergencyReviewInputSerializer(serializers.Serializer):
    """The review of a grant. Only the shape is checked here; whether a note is long enough, and
    who may, is the service's rule (``review_emergency_grant``), answered at its field."""

    outcome = serializers.ChoiceField(
        choices=ReviewOutcome.values,
        error_messages={"invalid_choice": "Kies justified (gerechtvaardigd) of not_justified (niet "
                        "gerechtvaardigd).", "required": "Kies of de noodtoegang gerechtvaardigd "
                        "was of niet.", "null": "Kies of de noodtoegang gerechtvaardigd was of "
                        "niet."},
        help_text="justified (gerechtvaardigd) of not_justified (niet gerechtvaardigd)")
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="",
                                 help_text="De toelichting; altijd nodig, zeker bij niet "
                                           "gerechtvaardigd.")


class ChainReportSerializer(serializers.Serializer):
    """What recomputing the access log's hash chain found (``audit.verify.ChainReport``)."""

    intact = serializers.BooleanField(source="ok", help_text="Waar als elke regel en elke schakel "
                                      "klopt en de keten met elk controlepunt overeenkomt.")
    checked = serializers.IntegerField(help_text="Het aantal gecontroleerde regels (bij een breuk: "
                                       "de regels ervoor, die in orde zijn).")
    firstBrokenId = serializers.IntegerField(source="first_broken_id", allow_null=True,
                                             help_text="Het nummer van de eerste logregel waar de "
                                             "keten breekt, als dat bekend is.")
    firstBrokenPosition = serializers.IntegerField(source="first_broken_position", allow_null=True,
                                                   help_text="De positie in de keten waar die breekt.")
    problem = serializers.CharField(help_text="Wat er mis is, in het Nederlands; leeg als de keten "
                                    "intact is.")
    checkpoints = serializers.IntegerField(help_text="Het aantal controlepunten buiten de database "
                                           "waarmee vergeleken is.")
    lastCheckpointAt = serializers.CharField(source="last_checkpoint_at", help_text="Wanneer het "
                                             "nieuwste controlepunt is gezet (leeg: geen).")
    unanchored = serializers.IntegerField(help_text="Regels na het nieuwste controlepunt: nog niet "
                                          "beschermd tegen weglaten aan het eind.")
    unchained = serializers.IntegerField(help_text="Regels die geschreven maar nog niet in de keten "
                                         "opgenomen zijn (binnen de wachttijd).")
