"""The data subject's requests in the API (/api/v1/rights-requests/): camelCase names, Dutch
messages; the rules (dates, reasons, the extension's limits) are the service's, answered at their
field with ``raise_at``."""

from rest_framework import serializers

from eendak.persons.registry import CORRECTABLE_FIELDS

from .. import queries
from ..models import AccessFile, DataSubjectRequest
from ..workflow import ReceivedVia, RequestKind


def _choice(choices, message):
    return {"invalid_choice": message, "required": message, "null": message}


class AccessFileSerializer(serializers.ModelSerializer):
    builtBy = serializers.CharField(source="built_by.username")
    builtAt = serializers.DateTimeField(source="built_at")

    class Meta:
        model = AccessFile
        fields = ["id", "builtAt", "builtBy", "sha256", "size"]


class RightsRequestSerializer(serializers.ModelSerializer):
    reference = serializers.CharField()
    person = serializers.IntegerField(source="person_id")
    personName = serializers.CharField(source="person.full_name")
    receivedOn = serializers.DateField(source="received_on")
    receivedVia = serializers.CharField(source="received_via")
    requestText = serializers.CharField(source="request_text")
    correctionField = serializers.CharField(source="correction_field")
    correctionValue = serializers.CharField(source="correction_value")
    deadlineSignal = serializers.SerializerMethodField(help_text="te_laat, bijna of leeg")
    extensionReason = serializers.CharField(source="extension_reason")
    handler = serializers.SerializerMethodField()
    decisionReason = serializers.CharField(source="decision_reason")
    decidedAt = serializers.DateTimeField(source="decided_at", allow_null=True, read_only=True)
    ownStatement = serializers.CharField(source="own_statement")
    accessFiles = serializers.SerializerMethodField()

    class Meta:
        model = DataSubjectRequest
        fields = ["id", "reference", "kind", "state", "person", "personName", "receivedOn",
                  "receivedVia", "requestText", "correctionField", "correctionValue", "deadline",
                  "deadlineSignal", "extensionReason", "handler", "decisionReason", "decidedAt",
                  "ownStatement", "accessFiles"]

    def get_deadlineSignal(self, obj) -> str:
        return queries.deadline_signal(obj)

    def get_handler(self, obj) -> str | None:
        return obj.handler.username if obj.handler_id else None

    def get_accessFiles(self, obj) -> list[dict]:
        files = getattr(obj, "listed_files", None)
        if files is None:
            files = list(obj.files.defer("pdf").select_related("built_by"))
        return AccessFileSerializer(files, many=True).data


class RightsRequestQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=list(queries.RequestFilter.LABELS), required=False,
        error_messages={"invalid_choice": "Kies een van: "
                        + ", ".join(queries.RequestFilter.LABELS) + "."},
        help_text="open, te_laat (termijn verstreken), bijna (binnen een week) of besloten")
    kind = serializers.ChoiceField(choices=RequestKind.values, required=False,
                                   error_messages={"invalid_choice": "Kies een van: "
                                                   + ", ".join(RequestKind.values) + "."})


class RightsRequestCreateSerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, max_value=2**63 - 1,
                                      error_messages={"required": "Kies de betrokkene.",
                                                      "invalid": "Kies de betrokkene."})
    kind = serializers.ChoiceField(choices=RequestKind.values,
                                   error_messages=_choice(RequestKind, "Kies het soort verzoek: "
                                                          + ", ".join(RequestKind.values) + "."))
    receivedOn = serializers.DateField(error_messages={
        "required": "Vul de datum van ontvangst in.", "null": "Vul de datum van ontvangst in.",
        "invalid": "Geef de datum als JJJJ-MM-DD."})
    receivedVia = serializers.ChoiceField(
        choices=ReceivedVia.values,
        error_messages=_choice(ReceivedVia, "Kies hoe het verzoek binnenkwam: "
                               + ", ".join(ReceivedVia.values) + "."))
    requestText = serializers.CharField(max_length=4000, allow_blank=True,
                                        error_messages={"required": "Beschrijf wat de betrokkene "
                                                        "vraagt."})
    correctionField = serializers.ChoiceField(
        choices=list(CORRECTABLE_FIELDS), required=False, allow_blank=True, default="",
        error_messages={"invalid_choice": "Kies een van: " + ", ".join(CORRECTABLE_FIELDS) + "."})
    correctionValue = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                            default="")


class ExtendSerializer(serializers.Serializer):
    until = serializers.DateField(error_messages={"required": "Kies de nieuwe termijn.",
                                                  "null": "Kies de nieuwe termijn.",
                                                  "invalid": "Geef de datum als JJJJ-MM-DD."})
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class DecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["granted", "refused"],
                                       error_messages=_choice(None, "Kies granted (toewijzen) of "
                                                              "refused (afwijzen)."))
    reason = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class OwnStatementSerializer(serializers.Serializer):
    statement = serializers.CharField(max_length=4000, required=False, allow_blank=True,
                                      default="")
