"""JSON shapes of the research studies' API, camelCase per the NL API Strategie. A study is shown
without its key — there is no field for it — and an export with its job's progress."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from eendak.core.models import JobStatus

from .. import research


class ResearchRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.username}


class ResearchExportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    jobId = serializers.IntegerField(source="job_id")
    requestedAt = serializers.DateTimeField(source="requested_at")
    status = serializers.SerializerMethodField(
        help_text="queued, running, failed, ready (één keer te downloaden), downloaded, destroyed.")
    done = serializers.IntegerField(source="job.done")
    total = serializers.IntegerField(source="job.total", allow_null=True)
    rows = serializers.IntegerField(allow_null=True)
    readyAt = serializers.DateTimeField(source="ready_at", allow_null=True)
    downloadedAt = serializers.DateTimeField(source="downloaded_at", allow_null=True)

    @extend_schema_field({"type": "string",
                          "enum": ["queued", "running", "failed", "ready", "downloaded", "destroyed"]})
    def get_status(self, export) -> str:
        if export.downloaded_at:
            return "downloaded"
        if export.destroyed_at:
            return "destroyed"
        if export.downloadable:
            return "ready"
        return {JobStatus.QUEUED: "queued", JobStatus.RUNNING: "running"}.get(
            export.job.status, "failed")


class ResearchStudySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    purpose = serializers.CharField()
    variables = serializers.ListField(child=serializers.CharField())
    columns = serializers.SerializerMethodField(help_text="De kolommen van een export.")
    periodFrom = serializers.DateField(source="period_from")
    periodTo = serializers.DateField(source="period_to")
    endsOn = serializers.DateField(source="ends_on")
    researcher = serializers.SerializerMethodField()
    organisation = ResearchRefSerializer()
    registeredAt = serializers.DateTimeField(source="registered_at")
    status = serializers.CharField(help_text="submitted, approved, rejected.")
    decidedBy = serializers.SerializerMethodField()
    decidedAt = serializers.DateTimeField(source="decided_at", allow_null=True)
    rejectionReason = serializers.CharField(source="rejection_reason")
    ended = serializers.SerializerMethodField(help_text="De einddatum is voorbij.")
    keyDestroyedAt = serializers.DateTimeField(source="key_destroyed_at", allow_null=True)

    def get_columns(self, study) -> list[str]:
        return research.columns_for(study.variables)

    @extend_schema_field(ResearchRefSerializer)
    def get_researcher(self, study):
        return _person(study.researcher)

    @extend_schema_field(ResearchRefSerializer(allow_null=True))
    def get_decidedBy(self, study):  # noqa: N802 - the JSON name
        return _person(study.decided_by)

    def get_ended(self, study) -> bool:
        return study.has_ended()


class ResearchStudyDetailSerializer(ResearchStudySerializer):
    exports = ResearchExportSerializer(many=True, source="export_list")


VariableField = extend_schema_field(
    {"type": "string", "enum": [v.code for v in research.VARIABLES]},
    component_name="ResearchVariableEnum")(type("ResearchVariableField", (serializers.ChoiceField,), {}))


class ResearchStudyInputSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200,
                                  help_text="Verplicht.")
    purpose = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000,
                                    help_text="Verplicht, minstens 20 tekens.")
    variables = serializers.ListField(child=VariableField(choices=research.VARIABLE_CHOICES),
                                      required=False, default=list, max_length=50,
                                      help_text="Uit de vaste lijst (ResearchVariableEnum).")
    periodFrom = serializers.DateField(required=False, allow_null=True, default=None)
    periodTo = serializers.DateField(required=False, allow_null=True, default=None)
    endsOn = serializers.DateField(required=False, allow_null=True, default=None,
                                   help_text="Na vandaag, hoogstens vijf jaar verder.")


class ResearchRejectInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000,
                                   help_text="Verplicht, minstens 10 tekens.")
