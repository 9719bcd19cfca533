"""JSON shapes of the Expertisecentrum's API, camelCase per the NL API Strategie.

Output serializers read what ``expertise.queries`` (and the querysets in ``views``) already fetched;
none of them touches the database on its own. Nothing here has a field for a case, a household or a
person in a case: the people named are professionals (trainees), pseudonymous experience experts,
dialogue leaders, and the contact details an asker gave the Expertisecentrum itself.

Input serializers check only the *form* of a request (types, choices, ids of the right kind of
thing, numbers within what the database column holds). The rules live in ``expertise.services``: a
title left empty, a meeting in the future, a session without places are the service's
``RuleViolation``, answered with its Dutch message at the field (``eendak.api.problems.raise_at``).
So text fields here accept empty input and leave the message to the service, which says it once for
the screens and the API alike.

Enums carry their own component names (``TrainingAudienceEnum`` ...).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from eendak.core.models import Municipality

from ..models import (
    Campaign,
    Course,
    DialogueLeader,
    Expert,
    Standard,
)
from ..workflow import (
    AskerType,
    Audience,
    Community,
    EventKind,
    EventStatus,
    ExpertPurpose,
    ExpertRequestStatus,
    ExpertTheme,
    MeetingSetting,
    MeetingTopic,
    QuestionFollowUp,
    QuestionStatus,
    QuestionTopic,
    Referral,
    SessionStatus,
    SignalDestination,
)

MAX_ID = 2**63 - 1  # a database id: an absurd number is a 400, not an overflow in the database
MAX_SMALL = 32767   # a PositiveSmallIntegerField


def _enum_field(choices, component: str) -> type[serializers.ChoiceField]:
    """A ChoiceField class whose schema is the enum ``component``, named once."""
    cls = type(f"{component}Field", (serializers.ChoiceField,), {})
    schema = {"type": "string", "enum": [value for value, _label in choices]}
    return extend_schema_field(schema, component_name=component)(cls)


AudienceField = _enum_field(Audience.choices, "TrainingAudienceEnum")
SessionStatusField = _enum_field(SessionStatus.choices, "TrainingSessionStatusEnum")
AskerTypeField = _enum_field(AskerType.choices, "ExpertiseAskerTypeEnum")
QuestionTopicField = _enum_field(QuestionTopic.choices, "ExpertiseQuestionTopicEnum")
QuestionStatusField = _enum_field(QuestionStatus.choices, "ExpertiseQuestionStatusEnum")
FollowUpField = _enum_field(QuestionFollowUp.choices, "ExpertiseQuestionFollowUpEnum")
ReferralField = _enum_field(Referral.choices, "ExpertiseReferralEnum")
ThemeField = _enum_field(ExpertTheme.choices, "ExperienceExpertThemeEnum")
PurposeField = _enum_field(ExpertPurpose.choices, "ExpertRequestPurposeEnum")
RequestStatusField = _enum_field(ExpertRequestStatus.choices, "ExpertRequestStatusEnum")
EventKindField = _enum_field(EventKind.choices, "AwarenessEventKindEnum")
EventStatusField = _enum_field(EventStatus.choices, "AwarenessEventStatusEnum")
CommunityField = _enum_field(Community.choices, "DialogueCommunityEnum")
SettingField = _enum_field(MeetingSetting.choices, "DialogueSettingEnum")
TopicField = _enum_field(MeetingTopic.choices, "DialogueTopicEnum")
DestinationField = _enum_field(SignalDestination.choices, "DialogueSignalDestinationEnum")


def _id(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def _text(**kwargs) -> serializers.CharField:
    """Free text the service checks (empty = its Dutch message at the field)."""
    return serializers.CharField(required=False, allow_blank=True, default="", **kwargs)


def _choice(field_class, choices, **kwargs):
    """A choice the service asks for: left out or empty, the service says what to choose."""
    return field_class(choices=choices, required=False, allow_blank=True, default="", **kwargs)


# --- References ------------------------------------------------------------------------------------


class ExpertiseOrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ExpertiseMunicipalityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ExpertiseStaffRefSerializer(serializers.Serializer):
    """Someone who works here, by name."""

    id = serializers.IntegerField()
    fullName = serializers.SerializerMethodField()

    def get_fullName(self, user) -> str:  # noqa: N802 - the JSON name
        return user.get_full_name() or user.username


class StandardRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()


class CompetencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()


class CourseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class TrainingSessionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    course = CourseRefSerializer()
    startsAt = serializers.DateTimeField(source="starts_at")
    endsAt = serializers.DateTimeField(source="ends_at")
    place = serializers.CharField()
    status = serializers.CharField(help_text="TrainingSessionStatusEnum.")
    statusLabel = serializers.CharField(source="get_status_display")


# --- "Werken aan Veiligheid": standards and competencies ------------------------------------------


class StandardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    order = serializers.IntegerField()


class CompetencySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    standard = StandardRefSerializer()
    code = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    required = serializers.BooleanField(
        help_text="Deel van de standaard waaraan elke medewerker van een lokaal team voldoet.")
    isActive = serializers.BooleanField(source="is_active")


class StandardInputSerializer(serializers.Serializer):
    code = _text(help_text="Verplicht, uniek (bijv. S1).")
    title = _text(help_text="Verplicht.")
    order = serializers.IntegerField(required=False, default=0, min_value=0, max_value=MAX_SMALL)


class CompetencyInputSerializer(serializers.Serializer):
    standard = serializers.PrimaryKeyRelatedField(queryset=Standard.objects.all(), required=False,
                                                  allow_null=True, default=None,
                                                  help_text="De standaard (verplicht).")
    code = _text(help_text="Verplicht, uniek (bijv. C1).")
    title = _text(help_text="Verplicht.")
    description = _text()
    required = serializers.BooleanField(required=False, default=True)
    isActive = serializers.BooleanField(required=False, default=True)


# --- Courses and sessions ---------------------------------------------------------------------------


class CourseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    audiences = serializers.ListField(child=serializers.CharField(),
                                      help_text="Doelgroepen (TrainingAudienceEnum).")
    competencies = CompetencyRefSerializer(many=True, source="competencies.all",
                                           help_text="De competenties die de training opbouwt.")
    durationHours = serializers.DecimalField(source="duration_hours", max_digits=4,
                                             decimal_places=1, coerce_to_string=False)
    validityMonths = serializers.IntegerField(
        source="validity_months", help_text="Hoelang een certificaat telt; 0: verloopt niet.")
    isActive = serializers.BooleanField(source="is_active")


class CourseInputSerializer(serializers.Serializer):
    title = _text(help_text="Verplicht, uniek.")
    description = _text()
    audiences = serializers.ListField(child=AudienceField(choices=Audience.choices), required=False,
                                      default=list, help_text="Ten minste één.")
    competencies = serializers.ListField(child=_id(), required=False, default=list,
                                         help_text="Competenties (id) die de training opbouwt.")
    durationHours = serializers.DecimalField(max_digits=4, decimal_places=1, required=False,
                                             allow_null=True, default=None, coerce_to_string=False,
                                             help_text="Duur in uren (0,5 tot 200).")
    validityMonths = serializers.IntegerField(required=False, default=24,
                                              help_text="0 = verloopt niet; tot 120.")
    isActive = serializers.BooleanField(required=False, default=True)


class TrainingSessionSerializer(serializers.Serializer):
    """A session with its places taken and its waiting list (counts, no names)."""

    id = serializers.IntegerField()
    course = CourseRefSerializer()
    startsAt = serializers.DateTimeField(source="starts_at")
    endsAt = serializers.DateTimeField(source="ends_at")
    place = serializers.CharField()
    trainer = serializers.CharField()
    capacity = serializers.IntegerField()
    taken = serializers.IntegerField(help_text="Ingeschreven (met een plaats).")
    waiting = serializers.IntegerField(help_text="Op de wachtlijst.")
    status = serializers.CharField(help_text="TrainingSessionStatusEnum.")
    statusLabel = serializers.CharField(source="get_status_display")


class TrainingSessionInputSerializer(serializers.Serializer):
    course = serializers.PrimaryKeyRelatedField(queryset=Course.objects.all(), required=False,
                                                allow_null=True, default=None,
                                                help_text="Een actieve training (verplicht).")
    startsAt = serializers.DateTimeField(required=False, allow_null=True, default=None)
    endsAt = serializers.DateTimeField(required=False, allow_null=True, default=None)
    place = _text()
    trainer = _text()
    capacity = serializers.IntegerField(required=False, allow_null=True, default=None,
                                        help_text="Aantal plaatsen (1 tot 500).")


class TrainingSessionQuerySerializer(serializers.Serializer):
    status = SessionStatusField(SessionStatus.choices, required=False, allow_blank=True,
                                default="")


class TrainingEvaluationSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    usefulForWork = serializers.IntegerField(source="useful_for_work")
    comment = serializers.CharField()
    submittedAt = serializers.DateTimeField(source="submitted_at")


class _EvaluationMixin(serializers.Serializer):
    evaluation = serializers.SerializerMethodField()

    @extend_schema_field(TrainingEvaluationSerializer(allow_null=True))
    def get_evaluation(self, enrolment):
        try:
            evaluation = enrolment.evaluation
        except type(enrolment).evaluation.RelatedObjectDoesNotExist:
            return None
        return TrainingEvaluationSerializer(evaluation).data


class EnrolmentSerializer(_EvaluationMixin):
    """A place in a session or on its waiting list, with attendance, certificate and evaluation."""

    id = serializers.IntegerField()
    session = TrainingSessionRefSerializer()
    user = serializers.IntegerField(
        source="user_id", allow_null=True,
        help_text="Het account van de deelnemer (een medewerker van een lokaal team): de aanwezigheid "
        "bouwt diens competentieoverzicht op.")
    name = serializers.CharField()
    email = serializers.CharField()
    organisationName = serializers.CharField(source="organisation_name")
    job = serializers.CharField()
    status = serializers.CharField(help_text="enrolled, waiting of cancelled.")
    statusLabel = serializers.CharField(source="get_status_display")
    attended = serializers.BooleanField(allow_null=True, help_text="Leeg: nog niet vastgelegd.")
    certificateNumber = serializers.CharField(source="certificate_number", allow_null=True)
    registeredAt = serializers.DateTimeField(source="registered_at")


class SessionRegistrantInputSerializer(serializers.Serializer):
    name = _text(help_text="Verplicht.")
    email = _text(help_text="Verplicht.")
    organisationName = _text()
    job = _text()


class SessionAttendanceInputSerializer(serializers.Serializer):
    present = serializers.ListField(
        child=_id(), required=False, default=list,
        help_text="De inschrijvingen (id) die aanwezig waren; de andere ingeschrevenen niet.")


class TrainingEvaluationInputSerializer(serializers.Serializer):
    score = serializers.IntegerField(required=False, allow_null=True, default=None,
                                     help_text="Waardering van 1 tot 5.")
    usefulForWork = serializers.IntegerField(required=False, allow_null=True, default=None,
                                             help_text="Bruikbaar in het werk, 1 tot 5.")
    comment = _text()


# --- The competency record ------------------------------------------------------------------------


class CompetencyHoldingSerializer(serializers.Serializer):
    competency = CompetencyRefSerializer()
    validUntil = serializers.DateField(source="valid_until", allow_null=True,
                                       help_text="Leeg: verloopt niet.")
    course = serializers.CharField(source="course_title", help_text="De training waarmee behaald.")


class CompetencyRecordSerializer(serializers.Serializer):
    """One worker's record (``queries.Record``): what they hold, and what the standard still asks."""

    user = serializers.IntegerField(source="user_id")
    name = serializers.CharField()
    meetsStandard = serializers.BooleanField(source="meets_standard")
    holdings = serializers.SerializerMethodField()
    missing = CompetencyRefSerializer(many=True, help_text="Vereiste competenties die ontbreken.")

    @extend_schema_field(CompetencyHoldingSerializer(many=True))
    def get_holdings(self, record):
        holdings = sorted(record.holdings.values(), key=lambda h: h.competency.code)
        return CompetencyHoldingSerializer(holdings, many=True).data


class TeamCompetencyRecordSerializer(serializers.Serializer):
    team = ExpertiseOrganisationRefSerializer()
    workers = serializers.IntegerField()
    meeting = serializers.IntegerField(help_text="Medewerkers die aan de standaard voldoen.")
    share = serializers.IntegerField(allow_null=True, help_text="Percentage; leeg zonder medewerkers.")
    records = CompetencyRecordSerializer(many=True)


class LocalTeamRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    municipality = ExpertiseMunicipalityRefSerializer(allow_null=True)


class MissingCompetencySerializer(serializers.Serializer):
    competency = CompetencyRefSerializer()
    workers = serializers.IntegerField(help_text="Aantal medewerkers bij wie zij ontbreekt.")


class TeamShareSerializer(serializers.Serializer):
    """Per local team: the share of workers who meet the standard, and what is missing. No names."""

    team = LocalTeamRefSerializer()
    workers = serializers.IntegerField()
    meeting = serializers.IntegerField(help_text="Medewerkers die aan de standaard voldoen.")
    share = serializers.IntegerField(allow_null=True, help_text="Percentage; leeg zonder medewerkers.")
    missing = serializers.SerializerMethodField()

    @extend_schema_field(MissingCompetencySerializer(many=True))
    def get_missing(self, share):
        return MissingCompetencySerializer([{"competency": c, "workers": n} for c, n in share.missing],
                                 many=True).data


class MunicipalityQuerySerializer(serializers.Serializer):
    municipality = _id(required=False, allow_null=True, default=None,
                       help_text="Alleen de teams van deze gemeente (id).")


# --- Advice questions -----------------------------------------------------------------------------------


class ExpertiseQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    receivedAt = serializers.DateTimeField(source="received_at")
    askerType = serializers.CharField(source="asker_type", help_text="ExpertiseAskerTypeEnum.")
    askerTypeLabel = serializers.CharField(source="get_asker_type_display")
    anonymous = serializers.BooleanField()
    contactName = serializers.CharField(source="contact_name")
    contactEmail = serializers.CharField(source="contact_email")
    contactPhone = serializers.CharField(source="contact_phone")
    topic = serializers.CharField(help_text="ExpertiseQuestionTopicEnum.")
    topicLabel = serializers.CharField(source="get_topic_display")
    question = serializers.CharField(
        help_text="Na doorverwijzing naar Veilig Thuis staat de inhoud alleen daar.")
    status = serializers.CharField(help_text="open, answered of referred.")
    statusLabel = serializers.CharField(source="get_status_display")
    answer = serializers.CharField()
    followUp = serializers.CharField(source="follow_up")
    answeredAt = serializers.DateTimeField(source="answered_at", allow_null=True)
    answeredBy = ExpertiseStaffRefSerializer(source="answered_by", allow_null=True)
    hoursToAnswer = serializers.SerializerMethodField(help_text="Leeg zolang niet beantwoord.")
    referredAs = serializers.CharField(source="referred_as", help_text="advice of report; leeg.")
    referredReference = serializers.CharField(source="referred_reference",
                                              help_text="Het kenmerk bij Veilig Thuis.")
    referredAt = serializers.DateTimeField(source="referred_at", allow_null=True)

    def get_hoursToAnswer(self, question) -> int | None:  # noqa: N802 - the JSON name
        if question.answered_at is None:
            return None
        return max(int((question.answered_at - question.received_at).total_seconds() // 3600), 0)


class ExpertiseQuestionInputSerializer(serializers.Serializer):
    askerType = _choice(AskerTypeField, AskerType.choices)
    topic = _choice(QuestionTopicField, QuestionTopic.choices)
    question = _text(help_text="Verplicht.")
    anonymous = serializers.BooleanField(required=False, default=True,
                                         help_text="Standaard anoniem: dan geen contactgegevens.")
    contactName = _text()
    contactEmail = _text()
    contactPhone = _text()
    receivedAt = serializers.DateTimeField(required=False, allow_null=True, default=None,
                                           help_text="Leeg: nu.")


class QuestionAnswerInputSerializer(serializers.Serializer):
    answer = _text(help_text="Verplicht.")
    followUp = _choice(FollowUpField, QuestionFollowUp.choices)


class QuestionReferInputSerializer(serializers.Serializer):
    referredAs = _choice(ReferralField, Referral.choices,
                         help_text="advice: adviesvraag aan Veilig Thuis; report: melding (niet "
                         "anoniem: de vraagsteller is de melder).")
    municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.all(), required=False, allow_null=True, default=None,
        help_text="De gemeente van het huishouden (verplicht bij een melding).")
    note = _text(help_text="Toelichting van het Expertisecentrum voor Veilig Thuis.")


class ExpertiseQuestionQuerySerializer(serializers.Serializer):
    status = QuestionStatusField(QuestionStatus.choices, required=False, allow_blank=True,
                                 default="")


# --- Experience experts ---------------------------------------------------------------------------------


class ExpertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    pseudonym = serializers.CharField()
    themes = serializers.ListField(child=serializers.CharField(),
                                   help_text="ExperienceExpertThemeEnum.")
    languages = serializers.ListField(child=serializers.CharField())
    availability = serializers.CharField()
    aftercare = serializers.CharField(help_text="Afspraken over nazorg.")
    isActive = serializers.BooleanField(source="is_active")
    joinedOn = serializers.DateField(source="joined_on")


class ExpertRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    pseudonym = serializers.CharField()


class ExpertInputSerializer(serializers.Serializer):
    pseudonym = _text(help_text="Verplicht; nooit de echte naam.")
    themes = serializers.ListField(child=ThemeField(choices=ExpertTheme.choices), required=False,
                                   default=list)
    languages = serializers.ListField(child=serializers.CharField(max_length=200), required=False,
                                      default=list)
    availability = _text()
    aftercare = _text()
    isActive = serializers.BooleanField(required=False, default=True)


class ExpertRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    requestedByOrganisation = ExpertiseOrganisationRefSerializer(source="requested_by_organisation",
                                                        allow_null=True)
    requester = serializers.CharField()
    purpose = serializers.CharField(help_text="ExpertRequestPurposeEnum.")
    purposeLabel = serializers.CharField(source="get_purpose_display")
    wantedOn = serializers.DateField(source="wanted_on")
    themes = serializers.ListField(child=serializers.CharField())
    language = serializers.CharField()
    note = serializers.CharField()
    status = serializers.CharField(help_text="ExpertRequestStatusEnum.")
    statusLabel = serializers.CharField(source="get_status_display")
    expert = ExpertRefSerializer(allow_null=True)
    scheduledAt = serializers.DateTimeField(source="scheduled_at", allow_null=True)
    debrief = serializers.CharField()
    aftercareOffered = serializers.BooleanField(source="aftercare_offered")
    requestedAt = serializers.DateTimeField(source="requested_at")


class ExpertRequestInputSerializer(serializers.Serializer):
    purpose = _choice(PurposeField, ExpertPurpose.choices)
    wantedOn = serializers.DateField(required=False, allow_null=True, default=None)
    themes = serializers.ListField(child=ThemeField(choices=ExpertTheme.choices), required=False,
                                   default=list)
    language = serializers.CharField(required=False, allow_blank=True, default="Nederlands")
    note = _text()
    requester = _text(help_text="Leeg: uw eigen naam.")


class ExpertRequestQuerySerializer(serializers.Serializer):
    status = RequestStatusField(ExpertRequestStatus.choices, required=False, allow_blank=True,
                                default="")


class ExpertMatchInputSerializer(serializers.Serializer):
    expert = serializers.PrimaryKeyRelatedField(queryset=Expert.objects.all(), required=False,
                                                allow_null=True, default=None,
                                                help_text="Een actieve ervaringsdeskundige.")


class ExpertScheduleInputSerializer(serializers.Serializer):
    scheduledAt = serializers.DateTimeField(required=False, allow_null=True, default=None)


class DebriefInputSerializer(serializers.Serializer):
    debrief = _text(help_text="Verplicht.")
    aftercareOffered = serializers.BooleanField(required=False, default=False)


class ExpertRequestCancelInputSerializer(serializers.Serializer):
    reason = _text(help_text="Verplicht.")


class ExpertSuggestionSerializer(serializers.Serializer):
    expert = ExpertSerializer()
    score = serializers.IntegerField(help_text="Gedeelde thema's en de gevraagde taal: hoger past "
                                     "beter.")


# --- Awareness -------------------------------------------------------------------------------------


class CampaignSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    startsOn = serializers.DateField(source="starts_on")
    endsOn = serializers.DateField(source="ends_on")
    description = serializers.CharField()


class CampaignRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class CampaignInputSerializer(serializers.Serializer):
    title = _text(help_text="Verplicht.")
    startsOn = serializers.DateField(required=False, allow_null=True, default=None)
    endsOn = serializers.DateField(required=False, allow_null=True, default=None)
    description = _text()


class AwarenessEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    campaign = serializers.SerializerMethodField()
    title = serializers.CharField()
    kind = serializers.CharField(help_text="AwarenessEventKindEnum.")
    kindLabel = serializers.CharField(source="get_kind_display")
    startsAt = serializers.DateTimeField(source="starts_at")
    place = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True)
    isPublic = serializers.BooleanField(source="is_public")
    status = serializers.CharField(help_text="AwarenessEventStatusEnum.")
    statusLabel = serializers.CharField(source="get_status_display")
    reach = serializers.IntegerField(allow_null=True, help_text="Bereik: aantal deelnemers.")
    registered = serializers.IntegerField(help_text="Aanmeldingen via de publieke pagina.")

    @extend_schema_field(CampaignRefSerializer(allow_null=True))
    def get_campaign(self, event):
        campaign = event.campaign
        return {"id": campaign.pk, "title": campaign.title} if campaign else None


class AwarenessEventInputSerializer(serializers.Serializer):
    title = _text(help_text="Verplicht.")
    kind = _choice(EventKindField, EventKind.choices)
    startsAt = serializers.DateTimeField(required=False, allow_null=True, default=None)
    place = _text(help_text="Verplicht.")
    capacity = serializers.IntegerField(required=False, allow_null=True, default=None,
                                        help_text="1 tot 5000, of leeg.")
    isPublic = serializers.BooleanField(required=False, default=True)
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all(), required=False,
                                                  allow_null=True, default=None)


class AwarenessEventHeldInputSerializer(serializers.Serializer):
    reach = serializers.IntegerField(required=False, allow_null=True, default=None,
                                     help_text="Aantal bereikte deelnemers (verplicht).")


class AwarenessEventQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, allow_null=True, default=None,
                                    min_value=2000, max_value=2999)
    status = EventStatusField(EventStatus.choices, required=False, allow_blank=True,
                              default="")


class EventRegistrationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    email = serializers.CharField()
    organisationName = serializers.CharField(source="organisation_name")
    registeredAt = serializers.DateTimeField(source="registered_at")


# --- Dialogue leaders and meetings -------------------------------------------------------------------


class DialogueLeaderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    community = serializers.CharField(help_text="DialogueCommunityEnum.")
    communityLabel = serializers.CharField(source="get_community_display")
    languages = serializers.ListField(child=serializers.CharField())
    trainedOn = serializers.DateField(source="trained_on", allow_null=True)
    trainedBy = serializers.CharField(source="trained_by")
    isActive = serializers.BooleanField(source="is_active")


class DialogueLeaderInputSerializer(serializers.Serializer):
    name = _text(help_text="Verplicht.")
    community = _choice(CommunityField, Community.choices)
    languages = serializers.ListField(child=serializers.CharField(max_length=200), required=False,
                                      default=list)
    trainedOn = serializers.DateField(required=False, allow_null=True, default=None)
    trainedBy = _text()
    isActive = serializers.BooleanField(required=False, default=True)


class DialogueLeaderRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DialogueMeetingSerializer(serializers.Serializer):
    """A meeting: counts and topics, never the participants' names."""

    id = serializers.IntegerField()
    leader = DialogueLeaderRefSerializer()
    heldOn = serializers.DateField(source="held_on")
    setting = serializers.CharField(help_text="DialogueSettingEnum.")
    settingLabel = serializers.CharField(source="get_setting_display")
    partner = serializers.CharField(help_text="De partnerorganisatie.")
    language = serializers.CharField()
    participants = serializers.IntegerField(help_text="Aantal deelnemers (geen namen).")
    topics = serializers.ListField(child=serializers.CharField(), help_text="DialogueTopicEnum.")
    notes = serializers.CharField()
    recordedBy = ExpertiseStaffRefSerializer(source="recorded_by")


class DialogueMeetingInputSerializer(serializers.Serializer):
    leader = serializers.PrimaryKeyRelatedField(queryset=DialogueLeader.objects.all(),
                                                required=False, allow_null=True, default=None,
                                                help_text="De dialoogleider (verplicht).")
    heldOn = serializers.DateField(required=False, allow_null=True, default=None)
    setting = _choice(SettingField, MeetingSetting.choices)
    language = _text(help_text="Verplicht.")
    participants = serializers.IntegerField(required=False, allow_null=True, default=None,
                                            help_text="Aantal deelnemers, 1 tot 500 (geen namen).")
    topics = serializers.ListField(child=TopicField(choices=MeetingTopic.choices), required=False,
                                   default=list)
    partner = _text()
    notes = _text(help_text="Het verloop, zonder namen.")


class DialogueMeetingQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, allow_null=True, default=None,
                                    min_value=2000, max_value=2999)


class DialogueSignalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    meeting = serializers.IntegerField(source="meeting_id")
    text = serializers.CharField(help_text="Aan Veilig Thuis doorgegeven: de inhoud staat daar.")
    passedTo = serializers.CharField(source="passed_to", help_text="expertise of veilig_thuis.")
    passedToLabel = serializers.CharField(source="get_passed_to_display")
    veiligThuisReference = serializers.CharField(source="veilig_thuis_reference")
    passedAt = serializers.DateTimeField(source="passed_at")


class DialogueSignalInputSerializer(serializers.Serializer):
    text = _text(help_text="Het signaal, zonder namen (verplicht).")
    passedTo = _choice(DestinationField, SignalDestination.choices,
                       help_text="veilig_thuis: als anonieme adviesvraag; alleen het kenmerk blijft "
                       "hier.")


class YearQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, allow_null=True, default=None,
                                    min_value=2000, max_value=2999, help_text="Leeg: dit jaar.")


class DialogueOverviewSerializer(serializers.Serializer):
    """The year's dialogue meetings in figures (``queries.dialogue_overview``)."""

    year = serializers.IntegerField()
    meetings = serializers.IntegerField()
    participants = serializers.IntegerField()
    bySetting = serializers.DictField(child=serializers.IntegerField(), source="by_setting")
    byLanguage = serializers.DictField(child=serializers.IntegerField(), source="by_language")
    byTopic = serializers.DictField(child=serializers.IntegerField(), source="by_topic")
    signals = serializers.IntegerField()
    leadersActive = serializers.IntegerField(source="leaders_active")

