from rest_framework import serializers

from ..models import Frequency, Kind, Notification


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=Kind.choices, help_text="Waar de melding over gaat.")
    kindLabel = serializers.CharField(source="get_kind_display", read_only=True)
    text = serializers.CharField(help_text="Een zin zonder namen: een kenmerk op zijn hoogst.")
    url = serializers.CharField(help_text="Het pad van waar de melding over gaat (scherm).")
    createdAt = serializers.DateTimeField(source="created_at")
    readAt = serializers.DateTimeField(source="read_at", allow_null=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "kindLabel", "text", "url", "createdAt", "readAt"]
        read_only_fields = fields


class NotificationFilterSerializer(serializers.Serializer):
    unread = serializers.BooleanField(required=False, allow_null=True, default=None,
                                      help_text="true: alleen ongelezen meldingen.")


class KindChoiceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices, error_messages={
        "invalid_choice": "Onbekende soort melding.", "required": "Kies de soort melding."})
    inApp = serializers.BooleanField(source="in_app", help_text="Tonen in Eendak (de bel).")
    byEmail = serializers.BooleanField(source="by_email", help_text="Een e-mail zonder namen.")


class PreferencesSerializer(serializers.Serializer):
    frequency = serializers.ChoiceField(
        choices=Frequency.choices, help_text="immediate: per melding; daily: één dagoverzicht.",
        error_messages={"invalid_choice": "Kies immediate (direct) of daily (dagoverzicht).",
                        "required": "Kies immediate (direct) of daily (dagoverzicht)."})
    kinds = KindChoiceSerializer(many=True, help_text="Per soort melding; elke soort één keer.")
