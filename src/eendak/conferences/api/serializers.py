"""JSON shapes of the Veiligheidsteam's API, camelCase per the NL API Strategie.

Output serializers read what ``conferences.queries`` (and the querysets in ``views``) already fetched;
none of them touches the database on its own. An item on a conference agenda is shown as the page
shows it: ``queries.ItemFile``, the read model the minutes are made from too.

Input serializers check only the *form* of a request (types, choices, ids of the right kind of
thing). The rules live in ``conferences.services``: a text left empty, a house ban of 40 days, an action
without an owner organisation are the service's ``RuleViolation``, answered with its Dutch message at
the field (``eendak.api.problems.raise_at``). So text fields here accept empty input and leave the
message to the service, which says it once for the screens and the API alike.

Enums carry their own component names (``ReferralStatusEnum`` ...), as in the case-file API.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# The case file's references and named enums: one shape for an organisation, a person who works
# here, a case and a legal basis in the whole API.
from eendak.cases.api.serializers import (
    CaseOrganisationRefSerializer,
    CaseRefSerializer,
    HouseholdPersonField,
    LegalBasisField,
    PlanActionSerializer,
    _enum_field,
    _user,
)
from eendak.cases.models import LegalBasis, SafetyCondition
from eendak.core.models import Organisation, User
from eendak.persons.api.serializers import HouseholdRefSerializer

from ..models import ConferenceDecision, EscalationSignal, MeasureKind, Referral
from ..workflow import Informed, TriageOutcome

MAX_ID = 2**63 - 1  # a database id: an absurd number is a 400, not an overflow in the database

EscalationSignalField = _enum_field(EscalationSignal.choices, "EscalationSignalEnum")
TriageOutcomeField = _enum_field(TriageOutcome.choices, "TriageOutcomeEnum")
InformedField = _enum_field(Informed.choices, "InformedEnum")
MeasureKindField = _enum_field(MeasureKind.choices, "MeasureKindEnum")


def _id(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


# --- References ------------------------------------------------------------------------------------


class ReferralRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()


class ConferenceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    startsAt = serializers.DateTimeField(source="starts_at")


# --- Referrals and the triage ------------------------------------------------------------------------


class ReferralSerializer(serializers.Serializer):
    """A household put forward for the Veiligheidsteam, as a list shows it."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField()
    statusLabel = serializers.CharField(source="get_status_display")
    case = CaseRefSerializer()
    household = HouseholdRefSerializer(source="case.household")
    requestingOrganisation = CaseOrganisationRefSerializer(
        source="requesting_organisation",
        help_text="Wie het gezin aandroeg: Veilig Thuis zelf, of de partner die het Veilig Thuis vroeg.")
    requestedBy = _user("requested_by")
    requestedAt = serializers.DateTimeField(source="requested_at")
    reason = serializers.CharField()
    goal = serializers.CharField()
    escalationSignals = serializers.ListField(
        child=serializers.CharField(), source="escalation_signals",
        help_text="Signalen van escalatie (EscalationSignalEnum).")
    referredAt = serializers.DateTimeField(source="referred_at", allow_null=True,
                                           help_text="Wanneer Veilig Thuis het gezin aanmeldde.")
    triageOn = serializers.DateField(source="triage_on", allow_null=True,
                                     help_text="De triage waarop het gezin staat.")
    coordinator = _user(help_text="De regisseur van het Veiligheidsteam, na acceptatie.")
    acceptedOn = serializers.DateField(source="accepted_on", allow_null=True)
    handedBackAt = serializers.DateTimeField(source="handed_back_at", allow_null=True)


class TriageEntrySerializer(ReferralSerializer):
    """A referral on the triage list, with the partners it asks to invite."""

    invitedPartners = CaseOrganisationRefSerializer(many=True, source="invited_partners.all")
    history = serializers.JSONField(
        help_text="De voorgeschiedenis zoals geteld uit het dossier bij de aanmelding.")


class TriageDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    triageOn = serializers.DateField(source="triage_on")
    outcome = serializers.CharField()
    outcomeLabel = serializers.CharField(source="get_outcome_display")
    reason = serializers.CharField()
    decidedBy = _user("decided_by")
    decidedAt = serializers.DateTimeField(source="decided_at")


class ReferralItemSerializer(serializers.Serializer):
    """The household on a conference agenda (only the agendas the caller may read)."""

    id = serializers.IntegerField()
    conference = ConferenceRefSerializer()
    conferenceStatus = serializers.CharField(source="conference.status")


class ReferralDetailSerializer(ReferralSerializer):
    """One referral: what made the family fit, Veilig Thuis's decision, the triage's decisions and
    the conferences it was discussed at."""

    history = serializers.JSONField(
        allow_null=True,
        help_text="De voorgeschiedenis zoals geteld uit het dossier van Veilig Thuis bij de "
        "aanmelding: meldingen, eerdere casussen, uitkomsten van risicotaxaties, huisverboden. "
        "Alleen voor het Veiligheidsteam, Veilig Thuis en de triagepartners zolang het gezin op "
        "triage wacht (conferences.view_referral_history); anders null.")
    invitedPartners = CaseOrganisationRefSerializer(many=True, source="invited_partners.all")
    vtDecisionReason = serializers.CharField(source="vt_decision_reason")
    vtDecidedBy = _user("vt_decided_by")
    handedBackTo = CaseOrganisationRefSerializer(source="handed_back_to", allow_null=True)
    triageDecisions = TriageDecisionSerializer(many=True, source="triage_decisions.all")
    agendaItems = ReferralItemSerializer(many=True, source="visible_items")


class ReferralInputSerializer(serializers.Serializer):
    case = _id(help_text="De casus van het gezin.")
    reason = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text="De reden van de aanmelding (verplicht).")
    goal = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text="Wat het Veiligheidsteam moet bereiken (verplicht).")
    escalationSignals = serializers.ListField(
        child=EscalationSignalField(choices=EscalationSignal.choices), required=False, default=list)
    invitedPartners = serializers.ListField(child=_id(), required=False, default=list,
                                            help_text="Organisaties (id) die het team uitnodigt.")


class RequestDecisionInputSerializer(serializers.Serializer):
    refer = serializers.BooleanField(help_text="true: Veilig Thuis meldt aan; false: niet.")
    reason = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text="Verplicht; de partner die het vroeg krijgt hem terug.")


class TriageDecisionInputSerializer(serializers.Serializer):
    outcome = TriageOutcomeField(choices=TriageOutcome.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text="Verplicht; de aanmelder krijgt hem terug.")
    coordinator = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True, default=None,
        help_text="Bij accepteren: de regisseur van het Veiligheidsteam voor dit gezin.")
    triageOn = serializers.DateField(
        required=False, allow_null=True, default=None,
        help_text="De triagedatum die u zag (triageOn van de aanmelding): is intussen elders al "
        "besloten, dan volgt een 400 in plaats van een tweede besluit.")


class HandBackInputSerializer(serializers.Serializer):
    toOrganisation = _id(help_text="Het lokale team dat het gezin overneemt.")
    note = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text="Wat het lokale team overneemt (verplicht).")


# --- Conferences and their agenda ------------------------------------------------------------------


class ConferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    startsAt = serializers.DateTimeField(source="starts_at")
    place = serializers.CharField()
    chair = _user()
    status = serializers.CharField()
    statusLabel = serializers.CharField(source="get_status_display")


class InvitationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = CaseOrganisationRefSerializer()
    kind = serializers.CharField(help_text="fixed: vaste deelnemer; consulting: alleen voor dit gezin.")
    kindLabel = serializers.CharField(source="get_kind_display")
    attended = serializers.BooleanField(allow_null=True, help_text="Leeg: nog niet vastgelegd.")
    attendee = serializers.CharField(help_text="Wie namens de organisatie aanwezig was.")


class AgendaItemSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    referral = ReferralRefSerializer()
    case = CaseRefSerializer(source="referral.case")
    household = HouseholdRefSerializer(source="referral.case.household")
    informed = serializers.CharField()
    informedLabel = serializers.CharField(source="get_informed_display")
    invitations = InvitationSerializer(many=True, source="invitations.all")


class ConferenceDetailSerializer(ConferenceSerializer):
    items = AgendaItemSummarySerializer(
        many=True, source="visible_items",
        help_text="De gezinnen op de agenda die u mag zien (een consulterende partner: die waarvoor "
        "hij is uitgenodigd).")


class ContributionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = CaseOrganisationRefSerializer(help_text="De bronorganisatie.")
    author = _user()
    text = serializers.CharField()
    legalBasis = serializers.CharField(source="legal_basis")
    legalBasisLabel = serializers.CharField(source="get_legal_basis_display")
    conferenceOnly = serializers.BooleanField(
        source="conference_only",
        help_text="Alleen voor het casusoverleg: niet in het gedeelde journaal van de casus.")
    createdAt = serializers.DateTimeField(source="created_at")


class ConferenceDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    decidedBy = _user("decided_by")
    createdAt = serializers.DateTimeField(source="created_at")


class ConferenceActionSerializer(serializers.Serializer):
    """An action agreed at the conference. It lives in the family's one plan: owner, due date and
    status are the plan action's (``planAction``), read from there."""

    id = serializers.IntegerField()
    decision = serializers.IntegerField(source="decision_id", allow_null=True)
    planAction = serializers.IntegerField(source="plan_action_id")
    text = serializers.CharField(source="plan_action.text")
    ownerOrganisation = CaseOrganisationRefSerializer(source="plan_action.owner_organisation")
    owner = _user("plan_action.owner")
    dueOn = serializers.DateField(source="plan_action.due_on")
    status = serializers.CharField(source="plan_action.status")
    statusLabel = serializers.CharField(source="plan_action.get_status_display")


class ItemMeasureSerializer(serializers.Serializer):
    """A measure as a household on an agenda shows it (``ItemFile.measures``)."""

    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    kind = serializers.CharField(help_text="MeasureKindEnum.")
    kindLabel = serializers.CharField(source="get_kind_display")
    category = serializers.CharField(help_text="justice: strafrecht en bescherming; care: zorg.")
    sourceOrganisation = CaseOrganisationRefSerializer(source="source_organisation")
    person = serializers.IntegerField(source="person_id", allow_null=True,
                                      help_text="Wie de maatregel betreft.")
    personName = serializers.CharField(source="person.full_name", allow_null=True)
    startsOn = serializers.DateField(source="starts_on")
    endsOn = serializers.DateField(source="ends_on", allow_null=True)
    extendedOn = serializers.DateField(source="extended_on", allow_null=True)
    description = serializers.CharField()
    conditions = serializers.CharField(help_text="Bijzondere voorwaarden of uitkomst.")
    supportsCondition = serializers.IntegerField(
        source="supports_condition_id", allow_null=True,
        help_text="De veiligheidsvoorwaarde van de casus die de maatregel ondersteunt.")
    status = serializers.CharField()
    statusLabel = serializers.CharField(source="get_status_display")
    endedReason = serializers.CharField(source="ended_reason")


class MeasureSerializer(ItemMeasureSerializer):
    """A measure with who recorded it and when."""

    recordedBy = _user("recorded_by")
    recordedAt = serializers.DateTimeField(source="recorded_at")


class ItemPersonSerializer(serializers.Serializer):
    """A person discussed: who the conference was about (no address, no BSN — as the minutes)."""

    id = serializers.IntegerField(source="person.pk")
    fullName = serializers.CharField(source="person.full_name")
    dateOfBirth = serializers.DateField(source="person.date_of_birth", allow_null=True)
    caseRole = serializers.CharField(source="case_role",
                                     help_text="Rol in de casus; leeg als die niet is vastgelegd.")
    caseRoleLabel = serializers.CharField(source="case_role_label")


class ItemFileSerializer(serializers.Serializer):
    """One household on a conference agenda (``queries.ItemFile``): the persons discussed, who is
    invited and attended, the contributions with their source and legal basis, whether the persons
    discussed were informed, the decisions and the actions in the family's plan, and the measures
    that run."""

    id = serializers.IntegerField(source="item.pk")
    position = serializers.IntegerField(source="item.position")
    conference = ConferenceSerializer()
    referral = ReferralRefSerializer()
    case = CaseRefSerializer(source="referral.case")
    household = HouseholdRefSerializer(source="referral.case.household")
    informed = serializers.CharField(source="item.informed")
    informedLabel = serializers.CharField(source="item.get_informed_display")
    notInformedReason = serializers.CharField(source="item.not_informed_reason")
    persons = ItemPersonSerializer(many=True, source="people")
    invitations = InvitationSerializer(many=True)
    contributions = ContributionSerializer(many=True)
    decisions = ConferenceDecisionSerializer(many=True)
    actions = ConferenceActionSerializer(many=True)
    measures = ItemMeasureSerializer(many=True)


class ConferenceInputSerializer(serializers.Serializer):
    startsAt = serializers.DateTimeField(required=False, allow_null=True, default=None)
    place = serializers.CharField(required=False, allow_blank=True, default="")
    chair = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True, default=None,
        help_text="Een lid van het Veiligheidsteam.")


class AgendaItemInputSerializer(serializers.Serializer):
    referral = serializers.PrimaryKeyRelatedField(
        queryset=Referral.objects.all(), help_text="Een aanmelding die het team accepteerde.")
    consultingPartners = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True), many=True, required=False, default=list,
        help_text="Consulterende partners, uitgenodigd voor alleen dit gezin.")


class InvitationInputSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())


class WithdrawInvitationInputSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    reason = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text="Verplicht: waarom de uitnodiging vervalt.")


class AttendanceLineSerializer(serializers.Serializer):
    invitation = _id()
    attended = serializers.BooleanField()
    attendee = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class AttendanceInputSerializer(serializers.Serializer):
    attendance = AttendanceLineSerializer(many=True, allow_empty=False)

    def validate_attendance(self, value):
        ids = [line["invitation"] for line in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError("Geef per uitnodiging één regel.")
        return value


class ItemInformingInputSerializer(serializers.Serializer):
    informed = InformedField(choices=Informed.choices)
    notInformedReason = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text="Verplicht bij unsafe: waarom informeren nu onveilig is.")


class ContributionInputSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")
    legalBasis = LegalBasisField(choices=LegalBasis.choices,
                                 help_text="De grondslag waarop uw organisatie dit deelt.")
    conferenceOnly = serializers.BooleanField(
        required=False, default=False,
        help_text="Alleen voor het casusoverleg; anders komt de inbreng ook in het journaal.")


class ConferenceDecisionInputSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")


class ConferenceActionInputSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")
    ownerOrganisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True, default=None,
        help_text="De organisatie die de actie uitvoert (verplicht).")
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True, default=None)
    dueOn = serializers.DateField(required=False, allow_null=True, default=None,
                                  help_text="Uiterlijk klaar op (verplicht).")
    decision = serializers.PrimaryKeyRelatedField(
        queryset=ConferenceDecision.objects.all(), required=False, allow_null=True, default=None,
        help_text="Het besluit over dit gezin waar de actie uit volgt.")


# --- Measures of criminal justice and care ---------------------------------------------------------


@extend_schema_field({"type": "integer"})
class CaseConditionField(serializers.PrimaryKeyRelatedField):
    """A safety condition of the case in the request: any other is "does not exist"."""

    def get_queryset(self):
        case = self.context.get("case")
        return SafetyCondition.objects.filter(case=case) if case else SafetyCondition.objects.none()


class CaseIdSerializer(serializers.Serializer):
    """The case a request is about, read first: who may is asked of it before the rest."""

    case = _id(help_text="De casus (id).")


class MeasureInputSerializer(CaseIdSerializer):
    kind = MeasureKindField(choices=MeasureKind.choices)
    startsOn = serializers.DateField(required=False, allow_null=True, default=None)
    endsOn = serializers.DateField(
        required=False, allow_null=True, default=None,
        help_text="Een tijdelijk huisverbod geldt EENDAK_HOUSE_BAN_DAYS dagen (10; zonder "
        "waarde: tot die dag).")
    person = HouseholdPersonField(required=False, allow_null=True, default=None,
                                  help_text="Een persoon uit het huishouden van de casus.")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    conditions = serializers.CharField(required=False, allow_blank=True, default="",
                                       help_text="Bijzondere voorwaarden of uitkomst.")
    supportsCondition = CaseConditionField(required=False, allow_null=True, default=None)


class MeasureExtendInputSerializer(serializers.Serializer):
    until = serializers.DateField(required=False, allow_null=True, default=None,
                                  help_text="Een huisverbod tot hoogstens EENDAK_HOUSE_BAN_MAX_DAYS (28) "
                                  "dagen in totaal.")
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class MeasureEndInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


# --- Feedback and own contributions --------------------------------------------------------------


class NoticeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    referral = ReferralRefSerializer()
    case = CaseRefSerializer(source="referral.case")
    text = serializers.CharField()
    createdAt = serializers.DateTimeField(source="created_at")
    seenAt = serializers.DateTimeField(source="seen_at", allow_null=True)


class OwnConferenceContributionSerializer(ContributionSerializer):
    item = serializers.IntegerField(source="item_id")
    conference = ConferenceRefSerializer(source="item.conference")
    case = CaseRefSerializer(source="item.referral.case")


# --- The team's work queues -------------------------------------------------------------------------


class WorkReferralSerializer(serializers.Serializer):
    """A family the team coordinates without a conference for some weeks."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    case = CaseRefSerializer()
    household = HouseholdRefSerializer(source="case.household")
    coordinator = _user()
    acceptedOn = serializers.DateField(source="accepted_on", allow_null=True)
    lastConference = serializers.DateTimeField(source="last_conference", allow_null=True,
                                               help_text="Het laatst gehouden casusoverleg.")


class WorkActionSerializer(PlanActionSerializer):
    case = CaseRefSerializer(source="goal.version.case")


class WorkMeasureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = CaseRefSerializer()
    kind = serializers.CharField()
    kindLabel = serializers.CharField(source="get_kind_display")
    sourceOrganisation = CaseOrganisationRefSerializer(source="source_organisation")
    startsOn = serializers.DateField(source="starts_on")
    endsOn = serializers.DateField(source="ends_on")


class TeamWorkSerializer(serializers.Serializer):
    """The team's work queues (``queries.TeamWork``), the same as its start page."""

    triageOn = serializers.DateField(source="triage_on",
                                     help_text="De triage waarop een aanmelding van nu komt.")
    agenda = ReferralSerializer(many=True, help_text="Op de agenda van die triage.")
    waiting = ReferralSerializer(many=True, help_text="Alle aanmeldingen die op triage wachten.")
    conferences = ConferenceSerializer(many=True, help_text="De komende casusoverleggen.")
    actionsDue = WorkActionSerializer(many=True, source="actions_due",
                                      help_text="Open acties in de gezinnen van het team, uiterlijk "
                                      "binnen een week.")
    measuresEnding = WorkMeasureSerializer(many=True, source="measures_ending",
                                           help_text="Maatregelen die binnenkort aflopen.")
    withoutConference = WorkReferralSerializer(many=True, source="without_conference",
                                               help_text="Gezinnen zonder casusoverleg in de "
                                               "afgelopen weken.")
    withoutPerpetratorApproach = WorkReferralSerializer(
        many=True, source="without_perpetrator_approach",
        help_text="Gezinnen van het team zonder lopende plegeraanpak.")
    notices = NoticeSerializer(many=True)


class WeekQuerySerializer(serializers.Serializer):
    week = serializers.DateField(required=False, allow_null=True, default=None)

    def validate_week(self, value):
        if value is not None and not 2000 <= value.year <= 2999:
            raise serializers.ValidationError("Kies een week tussen 2000 en 2999.")
        return value


class ConferenceQuerySerializer(serializers.Serializer):
    upcoming = serializers.BooleanField(required=False, allow_null=True, default=None)


class NoticeQuerySerializer(serializers.Serializer):
    all = serializers.BooleanField(required=False, default=False)
