"""JSON shapes of the case-file API, camelCase per the NL API Strategie.

Output serializers read what ``queries.CaseFile`` and the querysets in ``views`` already fetched; none
of them touches the database on its own, which is what keeps the case page's query count constant.

Input serializers check only the *form* of a request (types, choices, ids of the right kind of
thing). The rules themselves live in ``cases.services``; a ``RuleViolation`` from there is named at
its place in the body by ``views.raise_at``. Ids of persons are looked up among the case's household
only, so an id of someone elsewhere gives the same answer as an id that does not exist.

Enums carry their own component names (``CasePhaseEnum`` ...): the intake API has fields called
``kind`` and ``status`` with other values, and two enums of one name would clash in the schema.
"""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from eendak.core.models import Organisation, User
from eendak.persons.api.serializers import HouseholdRefSerializer, MunicipalityRefSerializer
from eendak.persons.models import Person

from ..models import (
    ActionStatus,
    ClosureReason,
    ConditionStatus,
    ImpactMoment,
    IncidentSeverity,
    JournalKind,
    LegalBasis,
    MonitoringDecision,
    NotAsked,
    Phase,
    PlanPart,
    Visibility,
)

# --- Named enums -----------------------------------------------------------------------------------


def _enum_field(choices, component: str) -> type[serializers.ChoiceField]:
    """A ChoiceField class whose schema is the enum ``component``, named once."""
    cls = type(f"{component}Field", (serializers.ChoiceField,), {})
    schema = {"type": "string", "enum": [value for value, _label in choices]}
    return extend_schema_field(schema, component_name=component)(cls)


ENTRY_KINDS = [JournalKind.CONTACT, JournalKind.CONVERSATION, JournalKind.DECISION, JournalKind.NOTE]
ENTRY_KIND_CHOICES = [(kind.value, kind.label) for kind in ENTRY_KINDS]

LegalBasisField = _enum_field(LegalBasis.choices, "CaseLegalBasisEnum")
PhaseField = _enum_field(Phase.choices, "CasePhaseEnum")
EntryKindField = _enum_field(ENTRY_KIND_CHOICES, "JournalEntryKindEnum")
VisibilityField = _enum_field(Visibility.choices, "JournalVisibilityEnum")
ConditionStatusField = _enum_field(ConditionStatus.choices, "ConditionStatusEnum")
DecisionKindField = _enum_field(MonitoringDecision.Kind.choices, "MonitoringDecisionKindEnum")
PlanPartField = _enum_field(PlanPart.choices, "PlanPartEnum")
ActionStatusField = _enum_field(ActionStatus.choices, "PlanActionStatusEnum")
ClosureReasonField = _enum_field(ClosureReason.choices, "ClosureReasonEnum")


# --- References ------------------------------------------------------------------------------------


class CaseOrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CaseUserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fullName = serializers.SerializerMethodField()

    def get_fullName(self, user) -> str:  # noqa: N802 - the JSON name
        return user.get_full_name() or user.username


class CaseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField()


def _user(source: str | None = None, **kwargs):
    """A person who works here, by name; ``source`` only where the JSON name differs."""
    if source:
        kwargs["source"] = source
    return CaseUserRefSerializer(allow_null=True, **kwargs)


# --- Cases -----------------------------------------------------------------------------------------


class ParticipantSerializer(serializers.Serializer):
    """An organisation taking part (or that took part), what it does, and on which legal basis it
    shares and receives information."""

    id = serializers.IntegerField()
    organisation = CaseOrganisationRefSerializer()
    task = serializers.CharField()
    legalBasis = serializers.CharField(source="legal_basis")
    legalBasisLabel = serializers.CharField(source="get_legal_basis_display")
    startedAt = serializers.DateTimeField(source="started_at")
    endedAt = serializers.DateTimeField(source="ended_at", allow_null=True)


class CaseSummarySerializer(serializers.Serializer):
    """One line of "my cases": no persons, only the file's outline."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField()
    statusLabel = serializers.CharField(source="get_status_display")
    phase = serializers.CharField()
    phaseLabel = serializers.CharField(source="get_phase_display")
    household = HouseholdRefSerializer()
    municipality = MunicipalityRefSerializer(source="household.municipality")
    responsibleOrganisation = CaseOrganisationRefSerializer(source="responsible_organisation")
    coordinator = _user()
    openedAt = serializers.DateTimeField(source="opened_at")
    closedAt = serializers.DateTimeField(source="closed_at", allow_null=True)
    participants = serializers.SerializerMethodField(
        help_text="De organisaties die nu deelnemen.")

    @extend_schema_field(CaseOrganisationRefSerializer(many=True))
    def get_participants(self, case):
        # ``participations`` is prefetched with the active ones only (queries.my_cases).
        return CaseOrganisationRefSerializer(
            [p.organisation for p in case.participations.all()], many=True).data


class CasePersonSerializer(serializers.Serializer):
    """A household member in this file. For a person shielded from the acting organisation the
    address fields are left out (not null): the client cannot tell what is behind them."""

    ADDRESS_FIELDS = ("street", "houseNumber", "postcode", "city")

    id = serializers.IntegerField(source="person.pk")
    fullName = serializers.CharField(source="person.full_name")
    dateOfBirth = serializers.DateField(source="person.date_of_birth", allow_null=True)
    householdRole = serializers.CharField(source="member.role")
    householdRoleLabel = serializers.CharField(source="member.get_role_display")
    caseRole = serializers.CharField(source="case_role",
                                     help_text="Rol in de casus; leeg als die niet is vastgelegd.")
    caseRoleLabel = serializers.CharField(source="case_role_label")
    bsn = serializers.CharField(source="masked_bsn", help_text="Gemaskeerd, of waarom er geen BSN is.")
    shielded = serializers.BooleanField(
        help_text="Adres en contactgegevens zijn afgeschermd voor uw organisatie; de adresvelden "
        "ontbreken dan.")
    shieldedFrom = serializers.ListField(
        child=serializers.CharField(), source="shielded_from",
        help_text="Voor wie het adres van deze persoon in deze casus is afgeschermd (leeg als het "
        "voor uw organisatie is afgeschermd).")
    street = serializers.CharField(source="person.street", required=False)
    houseNumber = serializers.CharField(source="person.house_number", required=False)
    postcode = serializers.CharField(source="person.postcode", required=False)
    city = serializers.CharField(source="person.city", required=False)

    def to_representation(self, row):
        data = super().to_representation(row)
        if row.shielded:
            for name in self.ADDRESS_FIELDS:
                data.pop(name, None)
        return data


class PhaseChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fromPhase = serializers.CharField(source="from_phase", help_text="Leeg bij het openen.")
    toPhase = serializers.CharField(source="to_phase")
    toPhaseLabel = serializers.CharField(source="get_to_phase_display")
    reason = serializers.CharField()
    decidedBy = _user("decided_by")
    organisation = CaseOrganisationRefSerializer()
    decidedAt = serializers.DateTimeField(source="decided_at")


class HandoverContentsSerializer(serializers.Serializer):
    """What was handed over, as ``services._handover_contents`` stored it at the offer (snake_case
    keys in the JSON column, camelCase here like every body)."""

    conditions = serializers.ListField(
        child=serializers.CharField(), help_text="De veiligheidsvoorwaarden die op dat moment golden.")
    planVersion = serializers.IntegerField(
        source="plan_version", allow_null=True,
        help_text="Het nummer van de versie van het plan op dat moment; leeg zonder plan.")
    openActions = serializers.ListField(
        source="open_actions", child=serializers.CharField(),
        help_text="De acties van het plan die nog open stonden.")
    phase = serializers.CharField(help_text="De fase van de casus op dat moment.")

    EMPTY = {"conditions": [], "plan_version": None, "open_actions": [], "phase": ""}

    def to_representation(self, instance):
        # A handover recorded with less (none in production; an empty object in a test) reads as
        # "nothing of that kind", never as a server error.
        return super().to_representation({**self.EMPTY, **(instance or {})})


class HandoverSerializer(serializers.Serializer):
    """A marked moment of handing over oversight of safety."""

    id = serializers.IntegerField()
    fromOrganisation = CaseOrganisationRefSerializer(source="from_organisation")
    toOrganisation = CaseOrganisationRefSerializer(source="to_organisation")
    status = serializers.CharField()
    statusLabel = serializers.CharField(source="get_status_display")
    contents = HandoverContentsSerializer(
        help_text="Wat werd overgedragen: voorwaarden, planversie, open acties en fase.")
    note = serializers.CharField()
    offeredBy = _user("offered_by")
    offeredAt = serializers.DateTimeField(source="offered_at")
    respondedBy = _user("responded_by")
    respondedAt = serializers.DateTimeField(source="responded_at", allow_null=True)
    declineReason = serializers.CharField(source="decline_reason")


class ConditionStatusSerializer(serializers.Serializer):
    status = serializers.CharField()
    statusLabel = serializers.SerializerMethodField()
    note = serializers.CharField()
    heldOn = serializers.DateField(allow_null=True)

    def get_statusLabel(self, latest) -> str:  # noqa: N802 - the JSON name
        return ConditionStatus(latest["status"]).label


class ConditionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    agreedBy = serializers.CharField(source="agreed_by")
    setBy = _user("set_by")
    setAt = serializers.DateTimeField(source="set_at")
    endedAt = serializers.DateTimeField(source="ended_at", allow_null=True)
    latestStatus = serializers.SerializerMethodField(
        help_text="De status bij het laatst gehouden monitoringsmoment; leeg als er nog geen was.")

    @extend_schema_field(ConditionStatusSerializer(allow_null=True))
    def get_latestStatus(self, condition):  # noqa: N802 - the JSON name
        status = getattr(condition, "latest_status", None)
        if not status:
            return None
        return ConditionStatusSerializer({"status": status, "note": condition.latest_note or "",
                                          "heldOn": condition.latest_on}).data


class ConditionsSerializer(serializers.Serializer):
    conditions = ConditionSerializer(many=True)


class ConditionCheckSerializer(serializers.Serializer):
    condition = serializers.IntegerField(source="condition_id")
    status = serializers.CharField()
    statusLabel = serializers.CharField(source="get_status_display")
    note = serializers.CharField()


class MonitoringMomentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plannedOn = serializers.DateField(source="planned_on")
    heldOn = serializers.DateField(source="held_on", allow_null=True)
    incidentsSinceLast = serializers.IntegerField(source="incidents_since_last", allow_null=True)
    assessment = serializers.CharField()
    recordedBy = _user("recorded_by")
    checks = ConditionCheckSerializer(many=True, source="checks.all")


class MonitoringDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kindLabel = serializers.CharField(source="get_kind_display")
    newUntil = serializers.DateField(source="new_until", allow_null=True)
    reason = serializers.CharField()
    decidedBy = _user("decided_by")
    decidedAt = serializers.DateTimeField(source="decided_at")


class PlanActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    ownerOrganisation = CaseOrganisationRefSerializer(source="owner_organisation")
    owner = _user()
    startOn = serializers.DateField(source="start_on")
    dueOn = serializers.DateField(source="due_on")
    status = serializers.CharField()
    statusLabel = serializers.CharField(source="get_status_display")
    overdue = serializers.SerializerMethodField(help_text="Open of bezig, en de einddatum is voorbij.")

    def get_overdue(self, action) -> bool:
        return (action.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
                and action.due_on < timezone.localdate())


class PlanGoalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    part = serializers.CharField()
    partLabel = serializers.CharField(source="get_part_display")
    text = serializers.CharField()
    childText = serializers.CharField(source="child_text",
                                      help_text="Het doel in woorden voor het kind.")
    actions = PlanActionSerializer(many=True, source="actions.all")


class PlanVersionSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    note = serializers.CharField()
    organisation = CaseOrganisationRefSerializer()
    createdBy = _user("created_by")
    createdAt = serializers.DateTimeField(source="created_at")
    agreedWithFamilyOn = serializers.DateField(source="agreed_with_family_on", allow_null=True,
                                               help_text="De versie die met het gezin is afgesproken.")


class PlanVersionSerializer(PlanVersionSummarySerializer):
    """One version of the safety, help and recovery plan with its goals and their actions."""

    goals = PlanGoalSerializer(many=True, source="goals.all")


class CaseSignalSerializer(serializers.Serializer):
    """Something that needs attention (``queries.Signal``)."""

    kind = serializers.CharField(help_text="monitoring_due, monitoring_limit, impact_due, "
                                 "action_overdue, handover_waiting, coordination_limit, "
                                 "joint_conversation of recurrence.")
    label = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    detail = serializers.CharField()


class SignalSerializer(CaseSignalSerializer):
    case = CaseRefSerializer()


class ChildVoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    child = serializers.IntegerField(source="child_id")
    childName = serializers.CharField(source="child.full_name")
    account = serializers.CharField(help_text="Wat het kind vertelt, in eigen woorden.")
    wishes = serializers.CharField(help_text="Wat het kind wil.")
    recordedBy = _user("recorded_by")
    sourceOrganisation = CaseOrganisationRefSerializer(source="source_organisation")
    recordedAt = serializers.DateTimeField(source="recorded_at")


class DocumentSerializer(serializers.Serializer):
    """A document's metadata; the file itself comes only from ``downloadUrl`` (access checked and
    logged)."""

    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    contentType = serializers.CharField(source="content_type")
    size = serializers.IntegerField(help_text="In bytes.")
    sha256 = serializers.CharField()
    uploadedBy = _user("uploaded_by")
    sourceOrganisation = CaseOrganisationRefSerializer(source="source_organisation")
    uploadedAt = serializers.DateTimeField(source="uploaded_at")
    downloadUrl = serializers.SerializerMethodField()

    def get_downloadUrl(self, document) -> str:  # noqa: N802 - the JSON name
        return reverse("cases_api:document-download", kwargs={"pk": document.pk})


class ShieldSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    hiddenFrom = CaseOrganisationRefSerializer(source="hidden_from")
    reason = serializers.CharField()
    createdAt = serializers.DateTimeField(source="created_at")


class CaseDetailSerializer(serializers.Serializer):
    """The household's whole file in one answer (``queries.CaseFile``). The journal is separate:
    GET /cases/{id}/journal/."""

    id = serializers.IntegerField(source="case.pk")
    reference = serializers.CharField(source="case.reference")
    status = serializers.CharField(source="case.status")
    statusLabel = serializers.CharField(source="case.get_status_display")
    phase = serializers.CharField(source="case.phase")
    phaseLabel = serializers.CharField(source="case.get_phase_display")
    household = HouseholdRefSerializer(source="case.household")
    municipality = MunicipalityRefSerializer(source="case.household.municipality")
    openedAt = serializers.DateTimeField(source="case.opened_at")
    closedAt = serializers.DateTimeField(source="case.closed_at", allow_null=True)
    closureReason = serializers.CharField(source="case.closure_reason")
    closureNote = serializers.CharField(source="case.closure_note")
    responsibleOrganisation = CaseOrganisationRefSerializer(
        source="case.responsible_organisation",
        help_text="De ene organisatie die nu verantwoordelijk is voor zicht op veiligheid.")
    lastResponsibleOrganisation = CaseOrganisationRefSerializer(
        source="case.last_responsible_organisation", allow_null=True,
        help_text="Wie bij het sluiten verantwoordelijk was; krijgt het signaal bij een nieuwe melding.")
    coordinator = _user("case.coordinator")
    coordinatorSince = serializers.DateField(source="case.coordinator_since", allow_null=True)
    monitoringStartedOn = serializers.DateField(source="case.monitoring_started_on", allow_null=True)
    monitoringUntil = serializers.DateField(source="case.monitoring_until", allow_null=True)
    persons = CasePersonSerializer(many=True)
    phaseHistory = PhaseChangeSerializer(many=True, source="phase_changes")
    participants = ParticipantSerializer(many=True, source="participations",
                                         help_text="Ook beëindigde deelnames (met endedAt).")
    handovers = HandoverSerializer(many=True)
    conditions = ConditionSerializer(many=True)
    monitoringMoments = MonitoringMomentSerializer(many=True, source="monitoring_moments")
    monitoringDecisions = MonitoringDecisionSerializer(many=True, source="monitoring_decisions")
    planVersions = PlanVersionSummarySerializer(many=True, source="plan_versions")
    currentPlan = PlanVersionSerializer(source="current_plan", allow_null=True)
    signals = CaseSignalSerializer(many=True)
    childVoices = ChildVoiceSerializer(many=True, source="child_voices")
    documents = DocumentSerializer(many=True)


# --- Journal ---------------------------------------------------------------------------------------


class JournalDocumentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    downloadUrl = serializers.SerializerMethodField()

    def get_downloadUrl(self, document) -> str:  # noqa: N802 - the JSON name
        return reverse("cases_api:document-download", kwargs={"pk": document.pk})


class JournalEntrySerializer(serializers.Serializer):
    """One line of the time line, with its source, the legal basis it was shared on, and who may
    read it."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    kindLabel = serializers.CharField(source="get_kind_display")
    text = serializers.CharField()
    occurredAt = serializers.DateTimeField(source="occurred_at")
    author = _user()
    sourceOrganisation = CaseOrganisationRefSerializer(source="source_organisation")
    legalBasis = serializers.CharField(source="legal_basis")
    legalBasisLabel = serializers.CharField(source="get_legal_basis_display")
    visibility = serializers.CharField(help_text="all: alle deelnemers; source: alleen de eigen "
                                       "organisatie.")
    visibilityLabel = serializers.CharField(source="get_visibility_display")
    document = JournalDocumentRefSerializer(allow_null=True)


class OwnContributionSerializer(JournalEntrySerializer):
    case = CaseRefSerializer()


class JournalEntryInputSerializer(serializers.Serializer):
    kind = EntryKindField(choices=ENTRY_KIND_CHOICES)
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)
    visibility = VisibilityField(choices=Visibility.choices, required=False,
                                 default=Visibility.ALL_PARTICIPANTS,
                                 help_text="source: alleen uw eigen organisatie leest deze regel "
                                 "(bijv. politie-informatie voor één doel).")
    occurredAt = serializers.DateTimeField(required=False, allow_null=True, default=None,
                                           help_text="Zonder waarde: nu.")


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, Word (docx), JPEG of PNG; hoogstens 10 MB. Het "
                                 "type wordt aan de inhoud gecontroleerd, niet aan de naam.")
    description = serializers.CharField(required=False, allow_blank=True, default="",
                                        help_text="Wat er in het journaal komt; zonder waarde de "
                                        "bestandsnaam.")
    visibility = VisibilityField(choices=Visibility.choices, required=False,
                                 default=Visibility.ALL_PARTICIPANTS)


# --- Actions (input) --------------------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.INT)
class HouseholdPersonField(serializers.PrimaryKeyRelatedField):
    """A person of the case's household: anyone else is "does not exist", as need-to-know asks."""

    def get_queryset(self):
        case = self.context.get("case")
        if case is None:
            return Person.objects.none()
        return Person.objects.filter(memberships__household_id=case.household_id)


class ParticipantInputSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    task = serializers.CharField(allow_blank=True, help_text="Wat deze organisatie in de casus doet.")
    legalBasis = LegalBasisField(choices=LegalBasis.choices,
                                 help_text="De grondslag waarop de organisatie gegevens deelt en "
                                 "ontvangt.")


class EndParticipationInputSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Waarom de deelname eindigt.")


class CoordinatorInputSerializer(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        help_text="Een medewerker van een deelnemende organisatie, als casuscoördinator of medewerker "
        "van het lokale team.")


class PhaseInputSerializer(serializers.Serializer):
    toPhase = PhaseField(choices=Phase.choices)
    reason = serializers.CharField(allow_blank=True)


class ShieldInputSerializer(serializers.Serializer):
    person = HouseholdPersonField(help_text="Een persoon uit het huishouden van de casus.")
    hiddenFrom = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all(),
                                                    help_text="Voor deze organisatie afschermen.")
    reason = serializers.CharField(allow_blank=True)


class ConditionInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)
    agreedBy = serializers.CharField(allow_blank=True, max_length=300,
                                     help_text="Met wie de voorwaarde is afgesproken.")


class ConditionsInputSerializer(serializers.Serializer):
    conditions = ConditionInputSerializer(many=True, allow_empty=True)


class ConditionCheckInputSerializer(serializers.Serializer):
    condition = serializers.IntegerField()
    status = ConditionStatusField(choices=ConditionStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MonitoringRecordInputSerializer(serializers.Serializer):
    heldOn = serializers.DateField()
    incidentsSinceLast = serializers.IntegerField(allow_null=True,
                                                  help_text="Aantal incidenten sinds het vorige moment.")
    assessment = serializers.CharField(allow_blank=True)
    statuses = ConditionCheckInputSerializer(many=True, allow_empty=True,
                                             help_text="Voor elke lopende voorwaarde de status.")

    def validate_statuses(self, value):
        ids = [item["condition"] for item in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError("Geef per voorwaarde één status.")
        return value


class MonitoringLimitInputSerializer(serializers.Serializer):
    kind = DecisionKindField(choices=MonitoringDecision.Kind.choices,
                             help_text="extend: verlengen (met newUntil); escalate: opschalen naar "
                             "het Veiligheidsteam.")
    reason = serializers.CharField(allow_blank=True)
    newUntil = serializers.DateField(required=False, allow_null=True, default=None)


class PlanVersionInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300,
                                 help_text="Wat er in deze versie verandert.")


class GoalInputSerializer(serializers.Serializer):
    part = PlanPartField(choices=PlanPart.choices)
    text = serializers.CharField(allow_blank=True)
    childText = serializers.CharField(required=False, allow_blank=True, default="",
                                      help_text="Het doel in woorden voor het kind.")


class ActionInputSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)
    ownerOrganisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True),
                                               required=False, allow_null=True, default=None)
    startOn = serializers.DateField()
    dueOn = serializers.DateField()


class ActionStatusInputSerializer(serializers.Serializer):
    status = ActionStatusField(choices=ActionStatus.choices)


class PlanAgreedInputSerializer(serializers.Serializer):
    agreedOn = serializers.DateField(help_text="De dag waarop het gezin met deze versie instemde.")


class HandoverOfferInputSerializer(serializers.Serializer):
    toOrganisation = serializers.IntegerField(
        help_text="Veilig Thuis, een lokaal team, het Veiligheidsteam of de jeugdbescherming.")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class HandoverDeclineInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class ChildVoiceInputSerializer(serializers.Serializer):
    child = HouseholdPersonField(help_text="Een kind uit het huishouden van de casus.")
    account = serializers.CharField(allow_blank=True, trim_whitespace=False)
    wishes = serializers.CharField(required=False, allow_blank=True, default="")


class CloseInputSerializer(serializers.Serializer):
    reason = ClosureReasonField(choices=ClosureReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text="Verplicht bij reden 'other'.")


# --- Work queues -------------------------------------------------------------------------------------


class MyActionSerializer(PlanActionSerializer):
    """An open plan action the caller owns, with the case and the goal it serves."""

    case = CaseRefSerializer(source="goal.version.case")
    part = serializers.CharField(source="goal.part")
    partLabel = serializers.CharField(source="goal.get_part_display")
    goal = serializers.CharField(source="goal.text")


# --- Impact monitoring (issue 12) ----------------------------------------------------------------

ImpactMomentField = _enum_field(ImpactMoment.choices, "ImpactMomentEnum")
SeverityField = _enum_field(IncidentSeverity.choices, "IncidentSeverityEnum")
NotAskedField = _enum_field(NotAsked.choices, "NotAskedEnum")
MAX_INT = 2_147_483_647  # what the database holds; the service says what is plausible


class ExperiencedSafetySerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    personName = serializers.CharField(source="person.full_name")
    score = serializers.IntegerField(allow_null=True, help_text="1 (zeer onveilig) tot en met 10.")
    notAsked = serializers.CharField(source="not_asked",
                                     help_text="Waarom er geen cijfer is: not_asked, unsafe; leeg bij "
                                     "een cijfer.")


class ChildHelpSerializer(serializers.Serializer):
    child = serializers.IntegerField(source="child_id")
    childName = serializers.CharField(source="child.full_name")
    helpStarted = serializers.BooleanField(source="help_started")
    startedOn = serializers.DateField(source="started_on", allow_null=True)


class ImpactMeasurementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    moment = serializers.CharField()
    momentLabel = serializers.CharField(source="get_moment_display")
    measuredOn = serializers.DateField(source="measured_on")
    incidents = serializers.IntegerField(help_text="Sinds de vorige meting; bij T0 in de 12 maanden "
                                         "voor de melding.")
    severity = serializers.CharField()
    severityLabel = serializers.CharField(source="get_severity_display")
    newReports = serializers.IntegerField(source="new_reports")
    professionalSafety = serializers.IntegerField(source="professional_safety")
    monitoringMoment = serializers.IntegerField(source="monitoring_moment_id", allow_null=True)
    note = serializers.CharField()
    recordedBy = _user("recorded_by")
    organisation = CaseOrganisationRefSerializer()
    recordedAt = serializers.DateTimeField(source="recorded_at")
    experiencedSafety = ExperiencedSafetySerializer(many=True, source="experienced.all")
    childHelp = ChildHelpSerializer(many=True, source="child_help.all")


class ImpactDueSerializer(serializers.Serializer):
    moment = serializers.CharField()
    label = serializers.CharField()
    dueOn = serializers.DateField(source="due_on")
    status = serializers.CharField(help_text="measured, due (nu te meten), overdue (te laat) of later.")
    measurement = serializers.SerializerMethodField()

    def get_measurement(self, due) -> int | None:
        return due.measurement.pk if due.measurement is not None else None


class ImpactOverviewSerializer(serializers.Serializer):
    schedule = ImpactDueSerializer(many=True, help_text="T0, T12 en T18, gerekend vanaf de start.")
    measurements = ImpactMeasurementSerializer(many=True)


class SafetyAnswerInputSerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1, max_value=MAX_INT,
                                      help_text="Een persoon uit het huishouden van de casus.")
    score = serializers.IntegerField(required=False, allow_null=True, default=None,
                                     min_value=-MAX_INT, max_value=MAX_INT,
                                     help_text="1 (zeer onveilig) tot en met 10 (volledig veilig).")
    notAsked = NotAskedField(choices=NotAsked.choices, required=False, allow_blank=True, default="",
                             help_text="Zonder cijfer: not_asked (niet gevraagd) of unsafe (kon niet "
                             "veilig worden gevraagd).")


class HelpAnswerInputSerializer(serializers.Serializer):
    child = serializers.IntegerField(min_value=1, max_value=MAX_INT,
                                     help_text="Een kind uit het huishouden van de casus.")
    helpStarted = serializers.BooleanField()
    startedOn = serializers.DateField(required=False, allow_null=True, default=None)


class ImpactInputSerializer(serializers.Serializer):
    moment = ImpactMomentField(choices=ImpactMoment.choices,
                               help_text="t0 (start), t12, t18 of other (tussentijds).")
    measuredOn = serializers.DateField()
    incidents = serializers.IntegerField(min_value=-MAX_INT, max_value=MAX_INT,
                                         help_text="Sinds de vorige meting; bij T0 in de 12 maanden "
                                         "voor de melding.")
    severity = SeverityField(choices=IncidentSeverity.choices)
    newReports = serializers.IntegerField(min_value=-MAX_INT, max_value=MAX_INT)
    professionalSafety = serializers.IntegerField(min_value=-MAX_INT, max_value=MAX_INT,
                                                  help_text="1 (zeer onveilig) tot en met 10.")
    monitoringMoment = serializers.IntegerField(required=False, allow_null=True, default=None,
                                                min_value=1, max_value=MAX_INT,
                                                help_text="Een gehouden monitoringsmoment van deze "
                                                "casus, als de meting daarbij hoort.")
    experiencedSafety = SafetyAnswerInputSerializer(many=True, required=False, default=list)
    childHelp = HelpAnswerInputSerializer(many=True, required=False, default=list)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class ImpactOutcomeSerializer(serializers.Serializer):
    """One cohort's published figures: counts as strings ("<5" or a multiple of 5); a share, mean or
    median is null when it would rest on fewer than 5 households."""

    cohort = serializers.CharField(help_text="2025-1 (eerste helft), 2025-2, of 2025 per jaar; leeg "
                                   "voor alle cohorten samen.")
    label = serializers.CharField()
    households = serializers.CharField()
    followedUp = serializers.CharField(source="followed_up")
    violenceStopped = serializers.CharField(source="violence_stopped", allow_null=True)
    incidentsPerYearStart = serializers.CharField(source="incidents_start", allow_null=True)
    incidentsPerYearLast = serializers.CharField(source="incidents_last", allow_null=True)
    frequentStart = serializers.CharField(source="frequent_start", allow_null=True)
    frequentLast = serializers.CharField(source="frequent_last", allow_null=True)
    recurrenceWithin18Months = serializers.CharField(source="recurrence_18_months", allow_null=True)
    medianDaysToStableSafety = serializers.CharField(source="median_days_to_stable_safety",
                                                     allow_null=True)
    childrenHelpStarted = serializers.CharField(source="children_help_started", allow_null=True)


class ImpactOutcomesSerializer(serializers.Serializer):
    per = serializers.CharField(help_text="half (halfjaar) of year (jaar).")
    cohorts = ImpactOutcomeSerializer(many=True, source="rows")
    total = ImpactOutcomeSerializer()
    computedAt = serializers.DateTimeField(source="computed_at")


class ImpactOutcomesQuerySerializer(serializers.Serializer):
    per = serializers.ChoiceField(choices=[("half", "half"), ("year", "year")], required=False,
                                  default="half")
