"""JSON shapes of the destruction requests' API, camelCase per the NL API Strategie. A request names
its household by number and reference and its persons by number: the names are the screens'."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Origin, Outcome, RefusalGround


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def _user(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.username}


class DestructionRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    origin = serializers.CharField(help_text="person (verzoek betrokkene) of retention "
                                             "(bewaartermijn verstreken).")
    household = serializers.IntegerField(source="household_id", allow_null=True,
                                         help_text="Leeg na vernietiging.")
    householdReference = serializers.CharField(source="household_reference")
    person = serializers.IntegerField(source="person_id", allow_null=True)
    receivedOn = serializers.DateField(source="received_on")
    deadline = serializers.DateField()
    status = serializers.CharField(help_text="received, proposed, destroyed, refused.")
    proposedOutcome = serializers.CharField(source="proposed_outcome",
                                            help_text="destroy, refuse of leeg.")
    grounds = serializers.ListField(child=serializers.CharField())
    explanation = serializers.CharField()
    proposedBy = serializers.SerializerMethodField()
    proposedAt = serializers.DateTimeField(source="proposed_at", allow_null=True)
    decidedBy = serializers.SerializerMethodField()
    decidedAt = serializers.DateTimeField(source="decided_at", allow_null=True)
    sentBackNote = serializers.CharField(source="sent_back_note")

    @extend_schema_field(UserRefSerializer(allow_null=True))
    def get_proposedBy(self, item):  # noqa: N802 - the JSON name
        return _user(item.proposed_by)

    @extend_schema_field(UserRefSerializer(allow_null=True))
    def get_decidedBy(self, item):  # noqa: N802 - the JSON name
        return _user(item.decided_by)


class RequestInputSerializer(serializers.Serializer):
    household = serializers.IntegerField(min_value=1, max_value=2**63 - 1,
                                         help_text="Het nummer van het huishouden.")
    person = serializers.IntegerField(min_value=1, max_value=2**63 - 1,
                                      help_text="Het nummer van de persoon die het verzoek doet.")
    receivedOn = serializers.DateField(required=False, allow_null=True, default=None,
                                       help_text="Ontvangen op; leeg is vandaag.")
    origin = serializers.ChoiceField(choices=Origin.values, default=Origin.PERSON)


class ProposeInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=Outcome.values,
        error_messages={"invalid_choice": "Kies destroy (vernietigen) of refuse (weigeren).",
                        "required": "Kies of u voorstelt te vernietigen of te weigeren.",
                        "null": "Kies of u voorstelt te vernietigen of te weigeren."})
    grounds = serializers.ListField(
        child=serializers.ChoiceField(choices=RefusalGround.values, error_messages={
            "invalid_choice": "Kies een bestaande weigeringsgrond."}),
        required=False, default=list, max_length=len(RefusalGround.values),
        help_text="Verplicht bij refuse: de wettelijke grond(en).")
    explanation = serializers.CharField(required=False, allow_blank=True, max_length=4000,
                                        default="")


class DecideInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="",
                                 help_text="Toelichting; verplicht bij terugsturen.")
