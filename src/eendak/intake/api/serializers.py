"""JSON shapes of the intake API, camelCase per the NL API Strategie.

Input serializers check the *form* of a request (types, choices, ids that exist) and call the shared
validators of ``persons.registry`` for person data, so a bad BSN is named at its place in the body
(``involved.0.newPerson.bsn``). The business rules themselves stay in ``intake.services``; a
``RuleViolation`` from there is translated to the JSON path by ``views.raise_at``.

Output serializers never contain the reporter unless the caller may see the reporter
(``intake.view_reporter``): the key is left out, not set to null, so a client cannot even tell
whether a reporter was recorded.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from eendak.core.exceptions import RuleViolation
from eendak.core.models import Municipality, Organisation
from eendak.core.permissions import allowed
from eendak.persons import registry
from eendak.persons.models import BSNStatus, HouseholdRole, Person, Sex
from eendak.persons.services import masked_bsn

from .. import instruments
from ..categories import (
    AdditionalViolenceInfo,
    InvestigationResult,
    ReporterRole,
    ReporterSector,
    ViolenceDuration,
    ViolenceType,
)
from ..models import AdviceFollowUp, AskerType, Channel, PersonRole, Triage
from ..workflow import DecisionKind, HandoverTarget
from .deadlines import signal_for


def _rule(validate, *args):
    """Run a shared ``persons.registry`` validator; its Dutch message becomes a field error."""
    try:
        return validate(*args)
    except RuleViolation as exc:
        raise serializers.ValidationError(exc.message) from exc


# --- References -----------------------------------------------------------------------------------


class IntakeMunicipalitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    cbsCode = serializers.CharField(source="cbs_code")


class IntakeOrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class IntakeHouseholdRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()


class IntakeReportRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()


class IntakeCaseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField()


# --- Persons (input) ------------------------------------------------------------------------------


class NewPersonSerializer(serializers.Serializer):
    """A person not yet known to Eendak. The BSN is checked with the 11-test; withheld or absent is
    allowed (``bsnStatus``)."""

    givenNames = serializers.CharField(max_length=200)
    surnamePrefix = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    surname = serializers.CharField(max_length=200)
    birthSurnamePrefix = serializers.CharField(max_length=20, required=False, allow_blank=True,
                                               default="")
    birthSurname = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                         default="")
    dateOfBirth = serializers.DateField(required=False, allow_null=True, default=None)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, default=Sex.UNKNOWN)
    street = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    houseNumber = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=7, required=False, allow_blank=True, default="")
    city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.all(), required=False, allow_null=True, default=None,
        help_text="Gemeente van inschrijving; zonder waarde die van de melding.")
    bsn = serializers.CharField(max_length=20, required=False, allow_blank=True, default="",
                                help_text="9 cijfers (spaties en punten mogen); moet de elfproef "
                                "doorstaan.")
    bsnStatus = serializers.ChoiceField(
        choices=BSNStatus.choices, required=False, allow_blank=True, default="",
        help_text="Leeg: afgeleid uit het BSN. 'withheld': achtergehouden voor de veiligheid.")

    def validate_dateOfBirth(self, value):
        _rule(registry.validate_date_of_birth, value)
        return value

    def validate(self, attrs):
        try:
            registry.validate_bsn_input(attrs["bsn"], attrs["bsnStatus"])
        except RuleViolation as exc:
            raise serializers.ValidationError({"bsn": [exc.message]}) from exc
        return attrs

    def to_person_data(self, attrs, default_municipality_id=None) -> registry.PersonData:
        municipality = attrs.get("municipality")
        return registry.PersonData(
            given_names=attrs["givenNames"], surname=attrs["surname"],
            surname_prefix=attrs["surnamePrefix"], birth_surname=attrs["birthSurname"],
            birth_surname_prefix=attrs["birthSurnamePrefix"], date_of_birth=attrs["dateOfBirth"],
            sex=attrs["sex"], street=attrs["street"], house_number=attrs["houseNumber"],
            postcode=attrs["postcode"], city=attrs["city"],
            municipality_id=municipality.pk if municipality else default_municipality_id,
            bsn=attrs["bsn"], bsn_status=attrs["bsnStatus"],
        )


class InvolvedInputSerializer(serializers.Serializer):
    """A person concerned: an existing person (``person``, an id from /person-candidates/) or a new
    one (``newPerson``) — exactly one of the two."""

    role = serializers.ChoiceField(choices=PersonRole.choices)
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.filter(merged_into__isnull=True), required=False, allow_null=True,
        default=None)
    newPerson = NewPersonSerializer(required=False, allow_null=True, default=None)
    householdRole = serializers.ChoiceField(
        choices=HouseholdRole.choices, required=False, allow_blank=True, default="",
        help_text="Rol in het huishouden; zonder waarde afgeleid uit de rol in de melding.")

    def validate(self, attrs):
        if bool(attrs["person"]) == bool(attrs["newPerson"]):
            raise serializers.ValidationError(
                {"person": ["Geef een bestaande persoon (person) of een nieuwe persoon (newPerson), "
                            "niet allebei en niet geen van beide."]})
        return attrs

    def to_involved(self, attrs, default_municipality_id=None):
        from .. import services

        data = None
        if attrs["newPerson"]:
            data = NewPersonSerializer().to_person_data(attrs["newPerson"], default_municipality_id)
        return services.InvolvedPerson(role=attrs["role"], person=attrs["person"], data=data,
                                       household_role=attrs["householdRole"])


# --- Reporter -------------------------------------------------------------------------------------


class ReporterSerializer(serializers.Serializer):
    """Who reported. Shielded: only Veilig Thuis reads or writes this."""

    name = serializers.CharField(max_length=200, allow_blank=True,
                                 help_text="Verplicht bij een melding; anoniem kan alleen als "
                                 "adviesvraag.")
    isProfessional = serializers.BooleanField(source="is_professional", required=False,
                                              default=False)
    role = serializers.ChoiceField(choices=ReporterRole.choices, required=False,
                                   default=ReporterRole.UNKNOWN)
    sector = serializers.ChoiceField(choices=ReporterSector.choices, required=False,
                                     default=ReporterSector.NOT_APPLICABLE)
    organisationName = serializers.CharField(source="organisation_name", max_length=200,
                                             required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    relation = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                     help_text="Relatie tot het gezin.")
    staysUnknownToFamily = serializers.BooleanField(
        source="stays_unknown_to_family", required=False, default=False,
        help_text="De melder wil onbekend blijven voor het gezin; wie het gezin informeert, krijgt "
        "een waarschuwing.")

    def to_reporter_data(self, attrs):
        from .. import services

        return services.ReporterData(**attrs)


# --- Reports (input) ------------------------------------------------------------------------------


class ReportCreateSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    receivedAt = serializers.DateTimeField(required=False, allow_null=True, default=None,
                                           help_text="Zonder waarde: nu.")
    reporter = ReporterSerializer()
    violenceTypes = serializers.ListField(
        child=serializers.CharField(max_length=32), allow_empty=True,
        help_text="CBS-categorieën: " + ", ".join(ViolenceType.values) + ".")
    additionalInfo = serializers.ListField(
        child=serializers.ChoiceField(choices=AdditionalViolenceInfo.choices), required=False,
        default=list)
    duration = serializers.ChoiceField(choices=ViolenceDuration.choices, required=False,
                                       default=ViolenceDuration.UNKNOWN)
    account = serializers.CharField(allow_blank=True, trim_whitespace=False,
                                    help_text="Het relaas: wat de melder zag of hoorde.")
    isAcute = serializers.BooleanField(required=False, default=False,
                                       help_text="Acuut: veiligheidsbeoordeling binnen 24 uur.")
    municipality = serializers.PrimaryKeyRelatedField(queryset=Municipality.objects.all(),
                                                      required=False, allow_null=True, default=None)
    involved = InvolvedInputSerializer(many=True, required=False, default=list)

    def to_report_data(self, submission_key=None):
        from .. import services

        attrs = self.validated_data
        municipality_id = attrs["municipality"].pk if attrs["municipality"] else None
        return services.ReportData(
            channel=attrs["channel"], account=attrs["account"],
            violence_types=attrs["violenceTypes"],
            reporter=ReporterSerializer().to_reporter_data(attrs["reporter"]),
            involved=[InvolvedInputSerializer().to_involved(item, municipality_id)
                      for item in attrs["involved"]],
            municipality_id=municipality_id, duration=attrs["duration"],
            additional_info=attrs["additionalInfo"], is_acute=attrs["isAcute"],
            received_at=attrs["receivedAt"], submission_key=submission_key,
        )


class AssessmentInputSerializer(serializers.Serializer):
    acuteUnsafety = serializers.BooleanField()
    structuralUnsafety = serializers.BooleanField()
    triage = serializers.ChoiceField(choices=Triage.choices)
    rationale = serializers.CharField(allow_blank=True)


class InstrumentInputSerializer(serializers.Serializer):
    instrument = serializers.ChoiceField(choices=[], help_text="Code uit /instruments/.")
    answers = serializers.DictField(child=serializers.BooleanField(), required=False, default=dict,
                                    help_text="Ja/nee per vraagcode; alle vragen beantwoorden.")
    outcome = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="Verplicht voor instrumenten zonder openbare score.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The registry is filled at import time by the instrument modules; read it per request.
        self.fields["instrument"].choices = instruments.choices()


class DecisionInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    rationale = serializers.CharField(allow_blank=True)
    handoverTarget = serializers.ChoiceField(choices=HandoverTarget.choices, required=False,
                                             allow_blank=True, default="")
    handoverOrganisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True), required=False, allow_null=True,
        default=None)


class FindingInputSerializer(serializers.Serializer):
    violenceType = serializers.ChoiceField(choices=ViolenceType.choices)
    result = serializers.ChoiceField(choices=InvestigationResult.choices)


class InvestigationOutcomeInputSerializer(serializers.Serializer):
    findings = FindingInputSerializer(many=True, required=False, default=list,
                                      help_text="Per soort geweld uit de melding de uitkomst.")
    closedEarly = serializers.BooleanField(required=False, default=False)
    conclusion = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_findings(self, value):
        kinds = [item["violenceType"] for item in value]
        if len(kinds) != len(set(kinds)):
            raise serializers.ValidationError("Geef per soort geweld één uitkomst.")
        return value


class JointConversationInputSerializer(serializers.Serializer):
    plannedFor = serializers.DateTimeField(required=False, allow_null=True, default=None)
    heldAt = serializers.DateTimeField(required=False, allow_null=True, default=None)
    participants = serializers.CharField(required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class FeedbackInputSerializer(serializers.Serializer):
    content = serializers.CharField(allow_blank=True,
                                    help_text="Wat aan de melder is teruggekoppeld.")


class InformingInputSerializer(serializers.Serializer):
    informedOn = serializers.DateField(required=False, allow_null=True, default=None)
    reasonNotInformed = serializers.CharField(required=False, allow_blank=True, default="")


# --- Reports (output) -----------------------------------------------------------------------------


class DeadlineSerializer(serializers.Serializer):
    """The signal of the safety-assessment deadline, computed at the moment of asking."""

    dueAt = serializers.DateTimeField(source="due_at")
    signal = serializers.CharField(
        source="kind",
        help_text="Zoals het scherm het toont: overdue (te laat), acute (acuut), today (vandaag), "
        "days (nog werkdagen) of done (besluit genomen).")
    label = serializers.CharField(help_text="De tekst van het signaal, zoals op het scherm.")
    pending = serializers.BooleanField(
        help_text="De termijn loopt nog: de melding wacht op beoordeling of besluit.")
    overdue = serializers.BooleanField()
    dueToday = serializers.BooleanField(source="due_today")
    workingDaysLeft = serializers.IntegerField(
        source="working_days_left", allow_null=True,
        help_text="Werkdagen tot de termijn (feestdagen tellen niet); negatief als verlopen, leeg "
        "als er een besluit is.")


class InvolvedPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="person_id")
    role = serializers.CharField()
    roleLabel = serializers.CharField(source="get_role_display")
    fullName = serializers.CharField(source="person.full_name")
    dateOfBirth = serializers.DateField(source="person.date_of_birth", allow_null=True)
    bsn = serializers.SerializerMethodField(help_text="Gemaskeerd, of waarom er geen BSN is.")

    def get_bsn(self, link) -> str:
        return masked_bsn(link.person)


class AssessmentSerializer(serializers.Serializer):
    acuteUnsafety = serializers.BooleanField(source="acute_unsafety")
    structuralUnsafety = serializers.BooleanField(source="structural_unsafety")
    triage = serializers.CharField()
    triageLabel = serializers.CharField(source="get_triage_display")
    rationale = serializers.CharField()
    assessedBy = serializers.CharField(source="assessed_by.get_full_name")
    assessedRole = serializers.CharField(source="assessed_role")
    assessedAt = serializers.DateTimeField(source="assessed_at")


class InstrumentResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    instrument = serializers.CharField()
    version = serializers.CharField()
    answers = serializers.DictField(child=serializers.BooleanField())
    score = serializers.IntegerField(allow_null=True)
    band = serializers.CharField()
    outcome = serializers.CharField()
    assessedAt = serializers.DateTimeField(source="assessed_at")


class DecisionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kindLabel = serializers.CharField(source="get_kind_display")
    handoverTarget = serializers.CharField(source="handover_target")
    handoverOrganisation = IntakeOrganisationSerializer(source="handover_organisation",
                                                        allow_null=True)
    rationale = serializers.CharField()
    assessmentOutcome = serializers.CharField(source="assessment_outcome")
    case = IntakeCaseRefSerializer(allow_null=True)
    decidedBy = serializers.CharField(source="decided_by.get_full_name")
    decidedAt = serializers.DateTimeField(source="decided_at")


class FindingSerializer(serializers.Serializer):
    violenceType = serializers.CharField(source="violence_type")
    result = serializers.CharField()


class InvestigationSerializer(serializers.Serializer):
    startedOn = serializers.DateField(source="started_on")
    dueOn = serializers.DateField(source="due_on")
    completedOn = serializers.DateField(source="completed_on", allow_null=True)
    closedEarly = serializers.BooleanField(source="closed_early")
    conclusion = serializers.CharField()
    findings = FindingSerializer(many=True, source="findings.all")


class JointConversationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    localTeam = IntakeOrganisationSerializer(source="local_team")
    plannedFor = serializers.DateTimeField(source="planned_for", allow_null=True)
    heldAt = serializers.DateTimeField(source="held_at", allow_null=True)
    participants = serializers.CharField()
    notes = serializers.CharField()


class FeedbackTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    moment = serializers.CharField()
    momentLabel = serializers.CharField(source="get_moment_display")
    dueOn = serializers.DateField(source="due_on")
    content = serializers.CharField()
    completedAt = serializers.DateTimeField(source="completed_at", allow_null=True)


class InformingTaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    dueOn = serializers.DateField(source="due_on")
    informedOn = serializers.DateField(source="informed_on", allow_null=True)
    reasonNotInformed = serializers.CharField(source="reason_not_informed")


class ReportSummarySerializer(serializers.Serializer):
    """One line of the work queue."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    receivedAt = serializers.DateTimeField(source="received_at")
    channel = serializers.CharField()
    channelLabel = serializers.CharField(source="get_channel_display")
    status = serializers.CharField()
    statusLabel = serializers.CharField(source="get_status_display")
    isAcute = serializers.BooleanField(source="is_acute")
    municipality = IntakeMunicipalitySerializer(allow_null=True)
    household = IntakeHouseholdRefSerializer(allow_null=True)
    violenceTypes = serializers.ListField(child=serializers.CharField(), source="violence_types")
    priorInvolvement = serializers.CharField(source="prior_involvement")
    assessmentDueAt = serializers.DateTimeField(source="assessment_due_at")
    deadline = serializers.SerializerMethodField()

    @extend_schema_field(DeadlineSerializer)
    def get_deadline(self, report):
        return DeadlineSerializer(signal_for(report, self.context.get("now"))).data


class ReportSerializer(ReportSummarySerializer):
    """A whole report. ``reporter`` is present only for callers who may see it."""

    additionalInfo = serializers.ListField(child=serializers.CharField(), source="additional_info")
    duration = serializers.CharField()
    account = serializers.CharField()
    priorInvolvementLabel = serializers.CharField(source="get_prior_involvement_display")
    closedAt = serializers.DateTimeField(source="closed_at", allow_null=True)
    reporter = ReporterSerializer(
        required=False,
        help_text="Alleen voor Veilig Thuis; voor ieder ander ontbreekt dit veld helemaal.")
    involved = InvolvedPersonSerializer(many=True, source="involved.all")
    assessment = serializers.SerializerMethodField()
    instrumentResults = InstrumentResultSerializer(many=True, source="instrument_results.all")
    decision = serializers.SerializerMethodField()
    investigation = serializers.SerializerMethodField()
    jointConversations = JointConversationSerializer(many=True, source="joint_conversations.all")
    feedbackTasks = FeedbackTaskSerializer(many=True, source="feedback_tasks.all")
    informingTasks = InformingTaskSerializer(many=True, source="informing_tasks.all")

    def to_representation(self, report):
        request = self.context.get("request")
        data = super().to_representation(report)
        if request is None or not allowed(request.user, "intake.view_reporter", report):
            data.pop("reporter", None)
        return data

    @staticmethod
    def _one(report, name):
        try:
            return getattr(report, name)
        except report._meta.get_field(name).related_model.DoesNotExist:
            return None

    @extend_schema_field(AssessmentSerializer(allow_null=True))
    def get_assessment(self, report):
        assessment = self._one(report, "assessment")
        return AssessmentSerializer(assessment).data if assessment else None

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, report):
        decision = self._one(report, "decision")
        return DecisionSerializer(decision).data if decision else None

    @extend_schema_field(InvestigationSerializer(allow_null=True))
    def get_investigation(self, report):
        investigation = self._one(report, "investigation")
        return InvestigationSerializer(investigation).data if investigation else None


# --- Advice requests ------------------------------------------------------------------------------


class AdviceRequestSerializer(serializers.Serializer):
    """An advice request. Contact details only with consent; the family is not recorded."""

    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True)
    receivedAt = serializers.DateTimeField(source="received_at", required=False, allow_null=True,
                                           default=None)
    channel = serializers.ChoiceField(choices=Channel.choices)
    askerType = serializers.ChoiceField(source="asker_type", choices=AskerType.choices)
    askerRole = serializers.ChoiceField(source="asker_role", choices=ReporterRole.choices,
                                        required=False, default=ReporterRole.UNKNOWN)
    askerSector = serializers.ChoiceField(source="asker_sector", choices=ReporterSector.choices,
                                          required=False, default=ReporterSector.NOT_APPLICABLE)
    anonymous = serializers.BooleanField(required=False, default=False)
    consentToContact = serializers.BooleanField(source="consent_to_contact", required=False,
                                                default=False)
    askerName = serializers.CharField(source="asker_name", max_length=200, required=False,
                                      allow_blank=True, default="")
    askerPhone = serializers.CharField(source="asker_phone", max_length=30, required=False,
                                       allow_blank=True, default="")
    askerEmail = serializers.EmailField(source="asker_email", required=False, allow_blank=True,
                                        default="")
    municipality = serializers.PrimaryKeyRelatedField(queryset=Municipality.objects.all(),
                                                      required=False, allow_null=True, default=None)
    violenceTypes = serializers.ListField(
        source="violence_types", child=serializers.ChoiceField(choices=ViolenceType.choices),
        required=False, default=list)
    question = serializers.CharField(allow_blank=True)
    adviceGiven = serializers.CharField(source="advice_given", required=False, allow_blank=True,
                                        default="")
    followUp = serializers.ChoiceField(source="follow_up", choices=AdviceFollowUp.choices,
                                       required=False, allow_blank=True, default="")
    convertedTo = IntakeReportRefSerializer(source="converted_to", read_only=True,
                                             allow_null=True,
                                             help_text="De melding waarin deze vraag is omgezet.")

    def to_advice_data(self, submission_key=None):
        from .. import services

        attrs = dict(self.validated_data)
        municipality = attrs.pop("municipality")
        return services.AdviceData(municipality_id=municipality.pk if municipality else None,
                                   submission_key=submission_key, **attrs)


class AdviceGivenInputSerializer(serializers.Serializer):
    adviceGiven = serializers.CharField(allow_blank=True)
    followUp = serializers.ChoiceField(
        choices=AdviceFollowUp.choices,
        help_text="'converted' kan hier niet: omzetten gaat via POST /advice-requests/{id}/convert/.")


class AdviceConvertInputSerializer(serializers.Serializer):
    """Optional: the reporter (else the asker carries over) and the persons concerned."""

    reporter = ReporterSerializer(required=False, allow_null=True, default=None)
    involved = InvolvedInputSerializer(many=True, required=False, default=list)


# --- Finding who is known -------------------------------------------------------------------------


class CandidateQuerySerializer(serializers.Serializer):
    """By BSN (exact), or by surname with given names and date of birth when known (tolerant)."""

    bsn = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                help_text="Exact BSN; alleen dit criterium telt dan.")
    surname = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                    help_text="Achternaam of geboortenaam, met of zonder voorvoegsel.")
    givenNames = serializers.CharField(required=False, allow_blank=True, max_length=200)
    dateOfBirth = serializers.DateField(required=False, allow_null=True)

    def validate_bsn(self, value):
        value = value.strip()
        if value:
            _rule(registry.validate_bsn_input, value)
        return value

    def validate(self, attrs):
        # As on the screen (``persons.forms.KnownPersonSearchForm``): a date of birth alone matches too
        # many people to be a search for one person.
        if not (attrs.get("bsn") or (attrs.get("surname") or "").strip()):
            raise serializers.ValidationError(
                {"surname": ["Zoek op BSN, of op achternaam (met voornaam en geboortedatum als u die "
                             "weet)."]})
        return attrs


class EarlierReportSerializer(serializers.Serializer):
    reference = serializers.CharField()
    receivedAt = serializers.DateTimeField(source="received_at")
    status = serializers.CharField()


class CandidateSerializer(serializers.Serializer):
    """A ``queries.KnownPerson``: the candidate with what Veilig Thuis already knows about them."""

    id = serializers.IntegerField(source="person.pk")
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())
    fullName = serializers.CharField(source="person.full_name")
    dateOfBirth = serializers.DateField(source="person.date_of_birth", allow_null=True)
    city = serializers.CharField(source="person.city")
    bsn = serializers.SerializerMethodField(help_text="Gemaskeerd.")
    reports = serializers.SerializerMethodField(help_text="Eerdere meldingen bij Veilig Thuis.")
    cases = serializers.SerializerMethodField(help_text="Casussen van de huishoudens van deze persoon.")

    def get_bsn(self, known) -> str:
        return masked_bsn(known.person)

    @extend_schema_field(EarlierReportSerializer(many=True))
    def get_reports(self, known):
        return EarlierReportSerializer([link.report for link in known.reports], many=True).data

    @extend_schema_field(IntakeCaseRefSerializer(many=True))
    def get_cases(self, known):
        return IntakeCaseRefSerializer(known.cases, many=True).data


# --- Instruments ----------------------------------------------------------------------------------


class InstrumentItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()
    group = serializers.CharField()
    colour = serializers.CharField()


class InstrumentSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    version = serializers.CharField()
    purpose = serializers.CharField()
    publicScoring = serializers.BooleanField(source="public_scoring")
    items = InstrumentItemSerializer(many=True)
