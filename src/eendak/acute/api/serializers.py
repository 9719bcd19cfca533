"""JSON shapes of the acute pathway's API (Spoedplein), camelCase per the NL API Strategie.

Output serializers read what ``acute.queries`` already fetched (``presentations``,
``presentation_for``, ``detail``, ``examinations_waiting``, ``shared_with``); none of them touches
the database on its own. One presentation is shown as its page shows it: ``queries.Detail``, the read
model the PDF is made from too, with what the caller may see of the forensic report and the
photographs decided there once.

Input serializers check only the *form* of a request (types, choices). The rules live in
``acute.services``: an injury without a region, a report to Veilig Thuis without a person, a share
without a basis are the service's ``RuleViolation``, answered with its Dutch message at the field
(``eendak.api.problems.raise_at``). So the fields a rule speaks about accept empty input here and
leave the message to the service, which says it once for the screens and the API alike.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from eendak.cases.api.serializers import CaseOrganisationRefSerializer, _enum_field, _user
from eendak.core.models import Organisation
from eendak.persons.api.serializers import MunicipalityRefSerializer
from eendak.persons.models import Sex

from .. import bodymap, screening
from ..queries import live_examination, outcome, report_contact
from ..workflow import (
    BodyView,
    CompanionRole,
    ContactKind,
    Destination,
    ElderAbuseKind,
    ExplanationFit,
    FollowUpKind,
    HagueReason,
    InjuryAge,
    InjuryKind,
    Pathway,
    PresentationStatus,
    ShareBasis,
    ShareItem,
    SuspectedRelation,
    Willingness,
    YesNoUnknown,
)

MAX_ID = 2**63 - 1  # a database id: an absurd number is a 400, not an overflow in the database

PathwayField = _enum_field(Pathway.choices, "AcutePathwayEnum")
HagueReasonField = _enum_field(HagueReason.choices, "HagueReasonEnum")
YesNoUnknownField = _enum_field(YesNoUnknown.choices, "YesNoUnknownEnum")
SuspectedRelationField = _enum_field(SuspectedRelation.choices, "SuspectedRelationEnum")
ElderAbuseKindField = _enum_field(ElderAbuseKind.choices, "ElderAbuseKindEnum")
CompanionRoleField = _enum_field(CompanionRole.choices, "CompanionRoleEnum")
BodyViewField = _enum_field(BodyView.choices, "BodyViewEnum")
BodyRegionField = _enum_field([(r.code, str(r.label)) for r in bodymap.REGIONS], "BodyRegionEnum")
InjuryKindField = _enum_field(InjuryKind.choices, "InjuryKindEnum")
InjuryAgeField = _enum_field(InjuryAge.choices, "InjuryAgeEnum")
ExplanationFitField = _enum_field(ExplanationFit.choices, "ExplanationFitEnum")
ScreeningItemField = _enum_field([(i.code, str(i.label)) for i in screening.ITEMS],
                                 "ScreeningItemEnum")
ContactKindField = _enum_field(ContactKind.choices, "VeiligThuisContactKindEnum")
WillingnessField = _enum_field(Willingness.choices, "WillingnessEnum")
ShareItemField = _enum_field(ShareItem.choices, "ShareItemEnum")
ShareBasisField = _enum_field(ShareBasis.choices, "ShareBasisEnum")
FollowUpKindField = _enum_field(FollowUpKind.choices, "FollowUpKindEnum")
DestinationField = _enum_field(Destination.choices, "DestinationEnum")
PresentationStatusField = _enum_field(PresentationStatus.choices, "PresentationStatusEnum")
SexField = _enum_field(Sex.choices, "AcuteSexEnum")


def _id(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def _text(**kwargs) -> serializers.CharField:
    """Free text whose rules (required, trimmed) are the service's: empty is passed on."""
    return serializers.CharField(required=False, allow_blank=True, default="", **kwargs)


def photo_url(photo) -> str:
    return reverse("acute_api:acute-photo-detail", args=[photo.pk])


def forensic_report_url(presentation) -> str:
    return reverse("acute_api:presentation-forensic-report", args=[presentation.pk])


# --- References ------------------------------------------------------------------------------------


class AcutePersonRefSerializer(serializers.Serializer):
    """A patient or a person named with a presentation: who, not where (no address, no BSN)."""

    id = serializers.IntegerField()
    fullName = serializers.CharField(source="full_name")
    dateOfBirth = serializers.DateField(source="date_of_birth", allow_null=True)


class PresentationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    arrivedAt = serializers.DateTimeField(source="arrived_at")
    pathway = serializers.CharField(help_text="AcutePathwayEnum.")
    pathwayLabel = serializers.CharField(source="get_pathway_display")


# --- What flows back from Veilig Thuis ---------------------------------------------------------------


class OutcomeSerializer(serializers.Serializer):
    """``queries.Outcome``: where Veilig Thuis is with what the hospital sent."""

    state = serializers.CharField(help_text="In woorden, zoals het scherm het toont.")
    decided = serializers.BooleanField(help_text="Veilig Thuis besloot (of gaf advies).")
    decidedAt = serializers.DateTimeField(source="decided_at", allow_null=True)
    text = serializers.CharField(help_text="Het besluit of het advies; leeg zolang er geen is.")
    dueAt = serializers.DateTimeField(
        source="due_at", allow_null=True,
        help_text="Bij een melding die nog loopt: de veiligheidsbeoordeling uiterlijk (24 uur als "
        "acuut).")


class ContactSummarySerializer(serializers.Serializer):
    """A consultation or report to Veilig Thuis and its outcome, as a list shows it. Built from
    ``(contact, outcome)`` of the read model, or from a contact just made (its outcome computed by
    the view)."""

    id = serializers.IntegerField(source="contact.pk")
    kind = serializers.CharField(source="contact.kind", help_text="VeiligThuisContactKindEnum.")
    kindLabel = serializers.CharField(source="contact.get_kind_display")
    reference = serializers.SerializerMethodField(
        help_text="Het kenmerk van de melding of adviesvraag bij Veilig Thuis.")
    isAcute = serializers.SerializerMethodField(
        help_text="Een acute melding: de veiligheidsbeoordeling binnen 24 uur. Null bij een "
        "adviesvraag.")
    aboutChildren = serializers.BooleanField(source="contact.about_children",
                                             help_text="Over de kinderen thuis (Haags protocol).")
    sentAt = serializers.DateTimeField(source="contact.sent_at")
    outcome = OutcomeSerializer()

    def get_reference(self, row) -> str:
        contact = row["contact"]
        return (contact.report or contact.advice).reference

    def get_isAcute(self, row) -> bool | None:  # noqa: N802 - the JSON name
        report = row["contact"].report
        return report.is_acute if report is not None else None


class ContactSerializer(ContactSummarySerializer):
    """A consultation or report to Veilig Thuis with who sent it, to which Veilig Thuis, and what
    came back."""

    veiligThuis = CaseOrganisationRefSerializer(source="contact.veilig_thuis")
    sentBy = _user("contact.sent_by")


def contact_rows(contacts) -> list[dict]:
    return [{"contact": contact, "outcome": outcome} for contact, outcome in contacts]


# --- The presentation in a list ----------------------------------------------------------------------


class PresentationSerializer(serializers.Serializer):
    """A presentation as a list shows it (``queries.presentations``)."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField(help_text="PresentationStatusEnum.")
    statusLabel = serializers.CharField(source="get_status_display")
    pathway = serializers.CharField(help_text="AcutePathwayEnum.")
    pathwayLabel = serializers.CharField(source="get_pathway_display")
    hospital = CaseOrganisationRefSerializer()
    patient = AcutePersonRefSerializer()
    municipality = MunicipalityRefSerializer(allow_null=True)
    arrivedAt = serializers.DateTimeField(source="arrived_at")
    willingness = serializers.CharField(help_text="WillingnessEnum.")
    willingnessLabel = serializers.CharField(source="get_willingness_display")
    forensicStatus = serializers.SerializerMethodField(
        help_text="Het forensisch onderzoek dat loopt of rapporteerde (requested, reported); null "
        "zonder.")
    veiligThuis = serializers.SerializerMethodField(
        help_text="De melding of, zonder melding, de eerste adviesvraag bij Veilig Thuis, met de "
        "uitkomst; null zonder contact.")
    dischargedAt = serializers.DateTimeField(source="discharged_at", allow_null=True)

    def get_forensicStatus(self, presentation) -> str | None:  # noqa: N802 - the JSON name
        examination = live_examination(presentation)
        return examination.status if examination is not None else None

    @extend_schema_field(ContactSummarySerializer(allow_null=True))
    def get_veiligThuis(self, presentation):  # noqa: N802 - the JSON name
        contacts = list(presentation.contacts.all())
        contact = report_contact(presentation) or (contacts[0] if contacts else None)
        if contact is None:
            return None
        return ContactSummarySerializer({"contact": contact, "outcome": outcome(contact)}).data


# --- One presentation: the read model ----------------------------------------------------------------


class NamedPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = AcutePersonRefSerializer()
    role = serializers.CharField(help_text="CompanionRoleEnum.")
    roleLabel = serializers.CharField(source="get_role_display")


class InjurySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    view = serializers.CharField(help_text="BodyViewEnum: voor- of achterzijde.")
    viewLabel = serializers.CharField(source="get_view_display")
    region = serializers.CharField(help_text="BodyRegionEnum.")
    regionLabel = serializers.CharField(source="region_label")
    kind = serializers.CharField(help_text="InjuryKindEnum.")
    kindLabel = serializers.CharField(source="get_kind_display")
    lengthMm = serializers.IntegerField(source="length_mm", allow_null=True)
    widthMm = serializers.IntegerField(source="width_mm", allow_null=True)
    colour = serializers.CharField()
    ageEstimate = serializers.CharField(source="age_estimate", help_text="InjuryAgeEnum.")
    ageEstimateLabel = serializers.CharField(source="get_age_estimate_display")
    patterned = serializers.BooleanField()
    pattern = serializers.CharField()
    explanationFit = serializers.CharField(source="explanation_fit",
                                           help_text="ExplanationFitEnum.")
    explanationFitLabel = serializers.CharField(source="get_explanation_fit_display")
    note = serializers.CharField()
    recordedAt = serializers.DateTimeField(source="recorded_at")


class ScreeningSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    instrument = serializers.CharField()
    version = serializers.CharField()
    ticked = serializers.ListField(child=serializers.CharField(),
                                   help_text="De aangevinkte punten (ScreeningItemEnum).")
    positive = serializers.BooleanField(
        help_text="Positief volgens de regel: ondersteunt het oordeel, beslist nooit.")
    advice = serializers.SerializerMethodField()
    ageInMonths = serializers.DecimalField(source="age_in_months", max_digits=5, decimal_places=1,
                                           coerce_to_string=False)
    note = serializers.CharField()
    recordedBy = _user("recorded_by")
    recordedAt = serializers.DateTimeField(source="recorded_at")

    def get_advice(self, result) -> str:
        return screening.advice(result.positive)


class ExaminationSerializer(serializers.Serializer):
    """The forensic-medical examination. ``findings`` and ``conclusion`` only for who may read the
    forensic report (``acute.view_forensic_report``; the context's ``can_see_forensic_report``)."""

    id = serializers.IntegerField()
    status = serializers.CharField(help_text="requested, reported of cancelled.")
    statusLabel = serializers.CharField(source="get_status_display")
    question = serializers.CharField()
    requestedBy = _user("requested_by")
    requestedAt = serializers.DateTimeField(source="requested_at")
    examinedAt = serializers.DateTimeField(source="examined_at", allow_null=True)
    findings = serializers.SerializerMethodField(help_text="Null voor wie het rapport niet mag lezen.")
    conclusion = serializers.SerializerMethodField(
        help_text="Null voor wie het rapport niet mag lezen.")
    forensicDoctor = _user("forensic_doctor")
    reportedAt = serializers.DateTimeField(source="reported_at", allow_null=True)
    reportUrl = serializers.SerializerMethodField(
        help_text="Het forensisch rapport (PDF), zodra het is vastgelegd en u het mag lezen.")

    def _may_read(self) -> bool:
        return self.context.get("can_see_forensic_report", True)

    def get_findings(self, examination) -> str | None:
        return examination.findings if self._may_read() else None

    def get_conclusion(self, examination) -> str | None:
        return examination.conclusion if self._may_read() else None

    def get_reportUrl(self, examination) -> str | None:  # noqa: N802 - the JSON name
        if examination.status != "reported" or not self._may_read():
            return None
        return forensic_report_url(examination.presentation)


class PhotoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    consentBy = serializers.CharField(source="consent_by",
                                      help_text="Wie toestemming gaf voor de foto.")
    contentType = serializers.CharField(source="content_type")
    size = serializers.IntegerField()
    uploadedBy = _user("uploaded_by")
    uploadedAt = serializers.DateTimeField(source="uploaded_at")
    url = serializers.SerializerMethodField(help_text="De foto zelf (GET, acute.view_photos).")

    def get_url(self, photo) -> str:
        return photo_url(photo)


class ShareSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = CaseOrganisationRefSerializer()
    item = serializers.CharField(help_text="ShareItemEnum.")
    itemLabel = serializers.CharField(source="get_item_display")
    basis = serializers.CharField(help_text="ShareBasisEnum: de vastgelegde grondslag.")
    basisLabel = serializers.CharField(source="get_basis_display")
    note = serializers.CharField()
    sharedBy = _user("shared_by")
    sharedAt = serializers.DateTimeField(source="shared_at")


class FollowUpSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="FollowUpKindEnum.")
    kindLabel = serializers.CharField(source="get_kind_display")
    organisation = CaseOrganisationRefSerializer(allow_null=True)
    note = serializers.CharField()
    startedOn = serializers.DateField(source="started_on")


class CsgPartSerializer(serializers.Serializer):
    label = serializers.CharField()
    done = serializers.BooleanField()


class PresentationDetailSerializer(serializers.Serializer):
    """One presentation (``queries.Detail``): the visit, the injury record, the screening, the
    forensic examination, the photographs (only for who may see them), Veilig Thuis with what came
    back, willingness to report, shares, follow-up and the safety before going home."""

    id = serializers.IntegerField(source="presentation.pk")
    reference = serializers.CharField(source="presentation.reference")
    status = serializers.CharField(source="presentation.status",
                                   help_text="PresentationStatusEnum.")
    statusLabel = serializers.CharField(source="presentation.get_status_display")
    pathway = serializers.CharField(source="presentation.pathway", help_text="AcutePathwayEnum.")
    pathwayLabel = serializers.CharField(source="presentation.get_pathway_display")
    hospital = CaseOrganisationRefSerializer(source="presentation.hospital")
    patient = AcutePersonRefSerializer(source="presentation.patient")
    isChild = serializers.BooleanField(source="presentation.is_child", allow_null=True)
    municipality = MunicipalityRefSerializer(source="presentation.municipality", allow_null=True)
    arrivedAt = serializers.DateTimeField(source="presentation.arrived_at")
    accompaniedBy = serializers.CharField(source="presentation.accompanied_by")
    explanation = serializers.CharField(source="presentation.explanation")
    complaint = serializers.CharField(source="presentation.complaint")
    hagueReason = serializers.CharField(source="presentation.hague_reason",
                                        help_text="HagueReasonEnum.")
    childrenAtHome = serializers.CharField(source="presentation.children_at_home",
                                           help_text="YesNoUnknownEnum.")
    hagueDue = serializers.BooleanField(
        source="hague_due", help_text="Haags protocol: de kinderen thuis moeten nog worden gemeld "
        "bij Veilig Thuis.")
    incidentAt = serializers.DateTimeField(source="presentation.incident_at", allow_null=True)
    psychologicalFirstAid = serializers.BooleanField(source="presentation.psychological_first_aid")
    caseManager = serializers.CharField(source="presentation.case_manager")
    csgParts = CsgPartSerializer(
        many=True, source="csg_rows",
        help_text="Acuut seksueel geweld: de vier onderdelen van het Centrum Seksueel Geweld en of "
        "ze gedaan zijn. Leeg bij een andere route.")
    elderAbuseKinds = serializers.ListField(source="presentation.elder_abuse_kinds",
                                            child=serializers.CharField(),
                                            help_text="ElderAbuseKindEnum.")
    suspectedRelation = serializers.CharField(source="presentation.suspected_relation",
                                              help_text="SuspectedRelationEnum.")
    namedPersons = NamedPersonSerializer(many=True, source="named")
    injuries = InjurySerializer(many=True)
    screeningApplies = serializers.BooleanField(
        source="screening_applies", help_text="De TEN-4-FACESp-regel geldt (kind jonger dan 4).")
    suggestedScreeningItems = serializers.SerializerMethodField(
        help_text="De punten die de lichaamskaart al toont (ScreeningItemEnum): de behandelaar "
        "bevestigt of vinkt uit.")
    screenings = ScreeningSerializer(many=True)
    forensicExamination = serializers.SerializerMethodField(
        help_text="Het lopende of gerapporteerde onderzoek; null zonder.")
    canSeeForensicReport = serializers.BooleanField(source="can_see_forensic_report")
    canSeePhotos = serializers.BooleanField(source="can_see_photos")
    photos = serializers.SerializerMethodField(
        help_text="De forensische foto's, met hun adres; null voor wie ze niet mag zien "
        "(acute.view_photos: het ziekenhuis, en met wie ze zijn gedeeld).")
    contacts = ContactSerializer(many=True, source="contact_rows",
                                 help_text="Consultaties en meldingen bij Veilig Thuis, met wat "
                                 "Veilig Thuis besloot.")
    willingness = serializers.CharField(source="presentation.willingness",
                                        help_text="WillingnessEnum.")
    willingnessLabel = serializers.CharField(source="presentation.get_willingness_display")
    willingnessNote = serializers.CharField(source="presentation.willingness_note")
    policeReportOn = serializers.DateField(source="presentation.police_report_on", allow_null=True)
    policeUnit = serializers.CharField(source="presentation.police_unit")
    policeReference = serializers.CharField(source="presentation.police_reference")
    shares = ShareSerializer(many=True)
    followUps = FollowUpSerializer(many=True, source="follow_ups")
    safeToGoHome = serializers.CharField(source="presentation.safe_to_go_home",
                                         help_text="YesNoUnknownEnum.")
    destination = serializers.CharField(source="presentation.destination",
                                        help_text="DestinationEnum; leeg zolang niet ontslagen.")
    safetyConditions = serializers.CharField(source="presentation.safety_conditions")
    dischargedAt = serializers.DateTimeField(source="presentation.discharged_at", allow_null=True)
    registeredBy = _user("presentation.registered_by")

    def to_representation(self, detail):
        detail.csg_rows = [{"label": str(label), "done": done} for label, done in detail.csg_parts]
        detail.contact_rows = contact_rows(detail.contacts)
        return super().to_representation(detail)

    def get_suggestedScreeningItems(self, detail) -> list[str]:  # noqa: N802 - the JSON name
        return sorted(detail.suggested)

    @extend_schema_field(ExaminationSerializer(allow_null=True))
    def get_forensicExamination(self, detail):  # noqa: N802 - the JSON name
        if detail.examination is None:
            return None
        return ExaminationSerializer(detail.examination, context={
            "can_see_forensic_report": detail.can_see_forensic_report}).data

    @extend_schema_field(PhotoSerializer(many=True, allow_null=True))
    def get_photos(self, detail):
        if not detail.can_see_photos:
            return None
        return PhotoSerializer(detail.photos, many=True).data


# --- Input ---------------------------------------------------------------------------------------


class NewPatientSerializer(serializers.Serializer):
    """A person not known to the hospital yet. The BSN (11-test) and the date of birth are checked
    by the service, with its message at ``newPatient.bsn`` / ``newPatient.dateOfBirth``; a BSN that
    matches a known person picks that person."""

    givenNames = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    surname = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                    help_text="Verplicht.")
    dateOfBirth = serializers.DateField(required=False, allow_null=True, default=None)
    bsn = serializers.CharField(max_length=20, required=False, allow_blank=True, default="",
                                help_text="9 cijfers; moet de elfproef doorstaan.")
    sex = SexField(choices=Sex.choices, required=False, default=Sex.UNKNOWN)
    municipality = _id(required=False, allow_null=True, default=None,
                       help_text="Gemeente van inschrijving (id).")


def person_data(attrs: dict):
    from eendak.persons.registry import PersonData

    return PersonData(given_names=attrs["givenNames"].strip(), surname=attrs["surname"].strip(),
                      date_of_birth=attrs["dateOfBirth"], bsn=attrs["bsn"], sex=attrs["sex"],
                      municipality_id=attrs["municipality"])


class _ExistingOrNew(serializers.Serializer):
    """An existing person (an id from the patient search) or a new one, not both."""

    existing = ""
    new = ""

    def validate(self, attrs):
        if attrs.get(self.existing) and attrs.get(self.new):
            raise serializers.ValidationError({self.existing: [
                f"Kies een gevonden persoon ({self.existing}) of leg een nieuwe vast ({self.new}), "
                "niet allebei."]})
        return attrs


class PresentationDetailsInputSerializer(serializers.Serializer):
    """The details of a visit, for registering and (each of them optional) changing."""

    municipality = _id(required=False, allow_null=True, help_text="Woongemeente (id).")
    accompaniedBy = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                          help_text="Met wie de patiënt kwam.")
    explanation = serializers.CharField(required=False, allow_blank=True,
                                        help_text="De uitleg over het ontstaan van het letsel.")
    complaint = serializers.CharField(required=False, allow_blank=True,
                                      help_text="Reden van komst en medische zorg.")
    hagueReason = HagueReasonField(choices=HagueReason.choices, required=False,
                                   help_text="Haags protocol (volwassene): waarom de patiënt kwam.")
    childrenAtHome = YesNoUnknownField(choices=YesNoUnknown.choices, required=False)
    incidentAt = serializers.DateTimeField(required=False, allow_null=True,
                                           help_text="Seksueel geweld: wanneer het gebeurde "
                                           "(verplicht op die route).")
    psychologicalFirstAid = serializers.BooleanField(required=False)
    caseManager = serializers.CharField(required=False, allow_blank=True, max_length=200)
    elderAbuseKinds = serializers.ListField(
        child=ElderAbuseKindField(choices=ElderAbuseKind.choices), required=False)
    suspectedRelation = SuspectedRelationField(choices=SuspectedRelation.choices, required=False)


# The service's names for the details (``services.DETAIL_FIELDS``), by their JSON name.
DETAIL_NAMES = {
    "pathway": "pathway", "municipality": "municipality_id", "accompaniedBy": "accompanied_by",
    "explanation": "explanation", "complaint": "complaint", "hagueReason": "hague_reason",
    "childrenAtHome": "children_at_home", "incidentAt": "incident_at",
    "psychologicalFirstAid": "psychological_first_aid", "caseManager": "case_manager",
    "elderAbuseKinds": "elder_abuse_kinds", "suspectedRelation": "suspected_relation",
}


class PresentationChangeSerializer(PresentationDetailsInputSerializer):
    """PATCH: only the fields sent change."""

    pathway = PathwayField(choices=Pathway.choices, required=False)

    def changes(self) -> dict:
        return {DETAIL_NAMES[name]: value for name, value in self.validated_data.items()}


class PresentationCreateSerializer(_ExistingOrNew, PresentationDetailsInputSerializer):
    existing, new = "patient", "newPatient"

    pathway = PathwayField(choices=Pathway.choices)
    arrivedAt = serializers.DateTimeField(required=False, allow_null=True, default=None,
                                          help_text="Zonder waarde: nu.")
    patient = _id(required=False, allow_null=True, default=None,
                  help_text="Een gevonden persoon (id uit POST /presentations/patient-search/).")
    newPatient = NewPatientSerializer(required=False, allow_null=True, default=None,
                                      help_text="Een nieuwe persoon, als de zoekactie niemand vond.")
    submissionKey = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=64,
        help_text="Eigen sleutel van de aanroeper: dezelfde sleutel nog eens (een herhaalde aanroep) "
                  "geeft de eerste presentatie terug in plaats van een tweede.")


class PatientSearchSerializer(serializers.Serializer):
    """By BSN (certain: the hospital holds it by law), or by surname with given names and date of
    birth when known (tolerant; only persons the hospital already knows)."""

    bsn = serializers.CharField(required=False, allow_blank=True, default="", max_length=20,
                                help_text="Exact BSN; alleen dit criterium telt dan.")
    surname = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    givenNames = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    dateOfBirth = serializers.DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if not (attrs["bsn"].strip() or attrs["surname"].strip()):
            raise serializers.ValidationError(
                {"surname": ["Zoek op BSN, of op achternaam (met voornaam en geboortedatum als u die "
                             "weet)."]})
        return attrs


class PatientCandidateSerializer(serializers.Serializer):
    """A ``persons.matching.Candidate``: who the patient may be."""

    id = serializers.IntegerField(source="person.pk")
    name = serializers.CharField(source="person.full_name")
    dateOfBirth = serializers.DateField(source="person.date_of_birth", allow_null=True)
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())


class PatientCandidatesSerializer(serializers.Serializer):
    candidates = PatientCandidateSerializer(many=True)


class NamePersonInputSerializer(_ExistingOrNew):
    existing, new = "person", "newPerson"

    role = CompanionRoleField(choices=CompanionRole.choices)
    person = _id(required=False, allow_null=True, default=None,
                 help_text="Een gevonden persoon (id uit de zoekactie).")
    newPerson = NewPatientSerializer(required=False, allow_null=True, default=None)


class InjuryInputSerializer(serializers.Serializer):
    region = BodyRegionField(choices=[(r.code, str(r.label)) for r in bodymap.REGIONS],
                             required=False, allow_blank=True, default="",
                             help_text="De plaats op de lichaamskaart (verplicht); de zijde volgt "
                             "eruit.")
    kind = InjuryKindField(choices=InjuryKind.choices)
    view = BodyViewField(choices=BodyView.choices, required=False, allow_blank=True, default="",
                         help_text="Zonder waarde: de zijde van de plaats.")
    lengthMm = serializers.IntegerField(required=False, allow_null=True, default=None,
                                        help_text="In millimeters (1 tot 1000).")
    widthMm = serializers.IntegerField(required=False, allow_null=True, default=None)
    colour = _text(max_length=100)
    ageEstimate = InjuryAgeField(choices=InjuryAge.choices, required=False,
                                 default=InjuryAge.UNKNOWN,
                                 help_text="Een schatting, nooit een datering.")
    patterned = serializers.BooleanField(required=False, default=False)
    pattern = _text(max_length=200, help_text="Verplicht bij een patroon.")
    explanationFit = ExplanationFitField(choices=ExplanationFit.choices, required=False,
                                         default=ExplanationFit.UNCLEAR)
    note = _text()


class ScreeningInputSerializer(serializers.Serializer):
    ticked = serializers.ListField(
        child=ScreeningItemField(choices=[(i.code, str(i.label)) for i in screening.ITEMS]),
        required=False, default=list,
        help_text="De aangevinkte punten; suggestedScreeningItems van de presentatie is een begin.")
    note = _text()


class ForensicRequestInputSerializer(serializers.Serializer):
    question = _text(help_text="De vraag aan de forensisch arts (verplicht).")


class ForensicReportInputSerializer(serializers.Serializer):
    findings = _text(help_text="Verplicht.")
    conclusion = _text(help_text="Verplicht.")
    examinedAt = serializers.DateTimeField(required=False, allow_null=True, default=None,
                                           help_text="Zonder waarde: nu.")


class ForensicCancelInputSerializer(serializers.Serializer):
    reason = _text(help_text="Waarom het onderzoek niet meer nodig is (verplicht).")


class PhotoUploadSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, allow_null=True, default=None,
                                 help_text="JPEG of PNG, hoogstens 10 MB; het type wordt aan de "
                                 "inhoud gecontroleerd.")
    description = _text(max_length=200, help_text="Wat de foto laat zien (verplicht).")
    consentBy = _text(max_length=200, help_text="Wie toestemming gaf (verplicht).")


class VeiligThuisInputSerializer(serializers.Serializer):
    kind = ContactKindField(choices=ContactKind.choices,
                            help_text="advice: consultatie; report: melding.")
    text = _text(help_text="Uw zorg, in uw woorden (verplicht). Het letselverslag en de "
                 "forensische conclusie gaan vanzelf mee.")
    persons = serializers.ListField(
        child=_id(), required=False, default=list,
        help_text="Over wie (ids): de patiënt en personen die bij de presentatie staan. Bij een "
        "melding ten minste één.")
    isAcute = serializers.BooleanField(required=False, default=True,
                                       help_text="Acuut (standaard): beoordeling binnen 24 uur.")
    aboutChildren = serializers.BooleanField(required=False, default=False,
                                             help_text="Over de kinderen thuis (Haags protocol).")


class WillingnessInputSerializer(serializers.Serializer):
    state = WillingnessField(choices=Willingness.choices)
    note = _text()
    policeReportOn = serializers.DateField(required=False, allow_null=True, default=None,
                                           help_text="Bij filed: de datum van de aangifte.")
    policeUnit = _text(max_length=200, help_text="Bij filed: de politie-eenheid.")
    policeReference = _text(max_length=60)


class ShareInputSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True, default=None,
        help_text="Met wie (verplicht).")
    item = ShareItemField(choices=ShareItem.choices, required=False,
                          default=ShareItem.FORENSIC_REPORT)
    basis = ShareBasisField(choices=ShareBasis.choices, required=False, allow_blank=True,
                            default="", help_text="De grondslag (verplicht): toestemming, meldrecht "
                            "(alleen Veilig Thuis) of een vordering.")
    note = _text()


class FollowUpInputSerializer(serializers.Serializer):
    kind = FollowUpKindField(choices=FollowUpKind.choices)
    note = _text(help_text="Wat is afgesproken (verplicht).")
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True, default=None,
        help_text="Zonder waarde bij het lokale team: dat van de woongemeente.")
    startedOn = serializers.DateField(required=False, allow_null=True, default=None,
                                      help_text="Zonder waarde: vandaag.")


class DischargeInputSerializer(serializers.Serializer):
    safeToGoHome = YesNoUnknownField(choices=YesNoUnknown.choices,
                                     help_text="Is het vanavond veilig om naar huis te gaan? (yes "
                                     "of no)")
    destination = DestinationField(choices=Destination.choices)
    safetyConditions = _text(help_text="De veiligheidsafspraken met het gezin.")


class PresentationQuerySerializer(serializers.Serializer):
    status = PresentationStatusField(choices=PresentationStatus.choices, required=False,
                                     allow_blank=True, default="")


# --- The forensic doctor's queue, what was shared, the figures ---------------------------------------


class QueueEntrySerializer(serializers.Serializer):
    """An examination asked of the forensic doctors, with the time since arrival."""

    id = serializers.IntegerField()
    presentation = PresentationRefSerializer()
    patient = AcutePersonRefSerializer(source="presentation.patient")
    question = serializers.CharField()
    requestedBy = _user("requested_by")
    requestedAt = serializers.DateTimeField(source="requested_at")
    minutesSinceArrival = serializers.SerializerMethodField(
        help_text="Hoe lang de patiënt er is, in minuten.")

    def get_minutesSinceArrival(self, examination) -> int:  # noqa: N802 - the JSON name
        now = self.context["now"]
        return max(0, int((now - examination.presentation.arrived_at).total_seconds() // 60))


class SharedReportSerializer(serializers.Serializer):
    """A forensic report shared with the caller's organisation, on its recorded basis."""

    id = serializers.IntegerField()
    presentation = PresentationRefSerializer()
    hospital = CaseOrganisationRefSerializer(source="presentation.hospital")
    patient = AcutePersonRefSerializer(source="presentation.patient")
    item = serializers.CharField(help_text="ShareItemEnum.")
    itemLabel = serializers.CharField(source="get_item_display")
    basis = serializers.CharField(help_text="ShareBasisEnum.")
    basisLabel = serializers.CharField(source="get_basis_display")
    note = serializers.CharField()
    sharedBy = _user("shared_by")
    sharedAt = serializers.DateTimeField(source="shared_at")
    reportUrl = serializers.SerializerMethodField(help_text="Het forensisch rapport (PDF).")

    def get_reportUrl(self, share) -> str:  # noqa: N802 - the JSON name
        return forensic_report_url(share.presentation)


class MonthFiguresSerializer(serializers.Serializer):
    """``queries.MonthFigures``: counts only, no person. A count is a string: exact for the
    hospital's own figures; for the region (the analyst) published the CBS way — rounded to 5, "<5"
    below it — and a share or median over fewer than 5 cases is null."""

    COUNT = "Aantal; voor de regio afgerond op 5, onder 5 als \"<5\"."
    month = serializers.CharField(help_text="JJJJ-MM, de maand van aankomst.")
    published = serializers.BooleanField(help_text="Gepubliceerde (afgeronde) cijfers van de regio.")
    presentations = serializers.CharField(help_text=COUNT)
    byPathway = serializers.DictField(child=serializers.CharField(), source="by_pathway",
                                      help_text="Per route (in woorden).")
    medianHoursToForensic = serializers.FloatField(source="median_hours_to_forensic",
                                                   allow_null=True)
    medianHoursToVeiligThuis = serializers.FloatField(source="median_hours_to_veilig_thuis",
                                                      allow_null=True)
    asked = serializers.CharField(help_text="Naar aangiftebereidheid gevraagd.")
    willing = serializers.CharField()
    willingShare = serializers.IntegerField(source="willing_share", allow_null=True,
                                            help_text="Procent van wie werd gevraagd.")
    reportedToPolice = serializers.CharField(source="reported_to_police")
    reportedShare = serializers.IntegerField(source="reported_share", allow_null=True)
    followUpStarted = serializers.CharField(source="follow_up_started")
    followUpShare = serializers.IntegerField(source="follow_up_share", allow_null=True)


class FiguresSerializer(serializers.Serializer):
    months = MonthFiguresSerializer(many=True)


class FiguresQuerySerializer(serializers.Serializer):
    months = serializers.IntegerField(required=False, default=12, min_value=1, max_value=36,
                                      help_text="Hoeveel maanden terug (standaard 12).")
