"""The Veiligheidsteam (MDA++): referrals, the weekly triage, case conferences and the measures of
criminal justice and care that shape a family's safety.

The household's one file stays the case (``cases.Case``): a referral points at it, an accepted
referral makes the team a participant there, conference actions become actions in the case's one
plan (``cases.PlanAction``), and measures hang from the case. What is only the team's own (the
triage, the conference, what was said there for the conference only) lives here.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eendak.cases.models import LegalBasis

from .workflow import (
    ConferenceStatus,
    Informed,
    InvitationKind,
    MeasureStatus,
    ReferralStatus,
    TriageOutcome,
)


class TeamPartner(models.Model):
    """Who sits in the Veiligheidsteam: the fixed professionals' organisations (invited for every
    household on an agenda), the fixed contacts who consult per household, and which of them decide
    at the weekly triage. Reference data (``conferences.reference``), not code: the region changes it."""

    organisation = models.OneToOneField("core.Organisation", models.PROTECT, related_name="+")
    kind = models.CharField(_("soort"), max_length=12, choices=InvitationKind.choices)
    at_triage = models.BooleanField(_("beslist mee bij de triage"), default=False)

    class Meta:
        verbose_name = _("partner van het Veiligheidsteam")
        verbose_name_plural = _("partners van het Veiligheidsteam")

    def __str__(self):
        return f"{self.organisation} ({self.get_kind_display()})"


class EscalationSignal(models.TextChoices):
    """Public risk factors for escalation of serious violence (DASH, RiHG), chosen at referral."""

    STRANGULATION = "strangulation", _("Verwurging of verstikking")
    WEAPON = "weapon", _("Dreigen met of gebruik van een wapen")
    THREAT_TO_KILL = "threat_to_kill", _("Doodsbedreiging")
    SEPARATION = "separation", _("Recente of dreigende scheiding")
    STALKING = "stalking", _("Stalking of obsessieve jaloezie")
    INCREASING = "increasing", _("Geweld neemt toe in ernst of frequentie")
    PREGNANCY = "pregnancy", _("Zwangerschap of baby in huis")
    CHILD_HARMED = "child_harmed", _("Kinderen gewond of bedreigd")
    BAN_BREACHED = "ban_breached", _("Huis- of contactverbod overtreden")
    ADDICTION = "addiction", _("Verslaving of ernstige psychische problemen pleger")


class Referral(models.Model):
    """A household put forward for the Veiligheidsteam — always through Veilig Thuis."""

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    case = models.ForeignKey("cases.Case", models.PROTECT, related_name="safety_team_referrals",
                             verbose_name=_("casus"))
    status = models.CharField(_("status"), max_length=16, choices=ReferralStatus.choices,
                              db_index=True)
    # Who put the family forward (Veilig Thuis itself, or a partner that asked Veilig Thuis).
    requesting_organisation = models.ForeignKey("core.Organisation", models.PROTECT,
                                                related_name="+", verbose_name=_("aangedragen door"))
    requested_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("reden van aanmelding"))
    goal = models.TextField(_("doel van de aanmelding"))
    escalation_signals = models.JSONField(_("signalen van escalatie"), default=list, blank=True)
    # The history counted from the file at the moment of referral (reports, cases, instruments):
    # what the triage decided on stays readable even when the file changes afterwards.
    history = models.JSONField(_("voorgeschiedenis"), default=dict, blank=True)
    invited_partners = models.ManyToManyField("core.Organisation", related_name="+", blank=True,
                                              verbose_name=_("uit te nodigen partners"))
    # Veilig Thuis's decision (for a partner's request) and the moment the referral went in.
    vt_decision_reason = models.TextField(_("besluit Veilig Thuis: reden"), blank=True)
    vt_decided_by = models.ForeignKey("core.User", models.PROTECT, null=True, blank=True,
                                      related_name="+")
    referred_at = models.DateTimeField(null=True, blank=True)
    triage_on = models.DateField(_("triage op"), null=True, blank=True, db_index=True)
    coordinator = models.ForeignKey("core.User", models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("regisseur Veiligheidsteam"))
    accepted_on = models.DateField(null=True, blank=True)
    handed_back_at = models.DateTimeField(null=True, blank=True)
    handed_back_to = models.ForeignKey("core.Organisation", models.PROTECT, null=True, blank=True,
                                       related_name="+")
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("aanmelding Veiligheidsteam")
        verbose_name_plural = _("aanmeldingen Veiligheidsteam")

    def __str__(self):
        return self.reference


class TriageDecision(models.Model):
    referral = models.ForeignKey(Referral, models.CASCADE, related_name="triage_decisions")
    triage_on = models.DateField(_("triage van"))
    outcome = models.CharField(_("besluit"), max_length=12, choices=TriageOutcome.choices)
    reason = models.TextField(_("reden"))
    decided_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at"]

    def __str__(self):
        return f"{self.referral}: {self.outcome}"


class Notice(models.Model):
    """Feedback the team's work owes another organisation: Veilig Thuis's decision to the partner
    that asked, the triage's decision to the referrer, the hand-back to Veilig Thuis and the local
    team. Shown as a signal on their start page until someone there marks it seen."""

    referral = models.ForeignKey(Referral, models.CASCADE, related_name="notices")
    to_organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(null=True, blank=True)
    seen_by = models.ForeignKey("core.User", models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.referral} → {self.to_organisation_id}"


class Conference(models.Model):
    """A case conference (casusoverleg): one meeting, several households on its agenda."""

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    starts_at = models.DateTimeField(_("datum en tijd"))
    place = models.CharField(_("plaats"), max_length=200)
    chair = models.ForeignKey("core.User", models.PROTECT, related_name="+",
                              verbose_name=_("voorzitter"))
    status = models.CharField(_("status"), max_length=10, choices=ConferenceStatus.choices,
                              default=ConferenceStatus.PLANNED)
    created_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("casusoverleg")
        verbose_name_plural = _("casusoverleggen")

    def __str__(self):
        return self.reference


class AgendaItem(models.Model):
    """One household on a conference's agenda, with who is invited for it and what came of it."""

    conference = models.ForeignKey(Conference, models.CASCADE, related_name="items")
    referral = models.ForeignKey(Referral, models.PROTECT, related_name="agenda_items")
    position = models.PositiveIntegerField(default=0)
    informed = models.CharField(_("betrokkenen geïnformeerd"), max_length=10,
                                choices=Informed.choices, default=Informed.NOT_YET)
    not_informed_reason = models.TextField(_("reden om niet te informeren"), blank=True)
    informed_recorded_by = models.ForeignKey("core.User", models.PROTECT, null=True, blank=True,
                                             related_name="+")

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["conference", "referral"],
                                               name="conferences_item_once_per_conference")]

    def __str__(self):
        return f"{self.conference} · {self.referral}"


class Invitation(models.Model):
    """An organisation invited for one household on the agenda, and whether it attended."""

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=InvitationKind.choices)
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)
    attendee = models.CharField(_("namens de organisatie aanwezig"), max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "organisation__name"]
        constraints = [models.UniqueConstraint(fields=["item", "organisation"],
                                               name="conferences_invited_once_per_item")]

    def __str__(self):
        return f"{self.item} · {self.organisation_id}"


class Contribution(models.Model):
    """What one organisation brings in about one household, under its own legal basis."""

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="contributions")
    organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+",
                                     verbose_name=_("bronorganisatie"))
    author = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    text = models.TextField(_("inbreng"))
    legal_basis = models.CharField(_("grondslag voor delen"), max_length=20,
                                   choices=LegalBasis.choices)
    conference_only = models.BooleanField(_("alleen voor het casusoverleg"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"inbreng {self.pk}"


class ConferenceDecision(models.Model):
    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="decisions")
    text = models.TextField(_("besluit"))
    decided_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"besluit {self.pk}"


class ConferenceAction(models.Model):
    """The link from an agenda item to the action it put in the family's one plan. Owner, due date
    and status live on the plan action: one place, the plan."""

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="actions")
    decision = models.ForeignKey(ConferenceDecision, models.SET_NULL, null=True, blank=True,
                                 related_name="actions")
    plan_action = models.OneToOneField("cases.PlanAction", models.CASCADE, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"actie {self.plan_action_id}"


class MeasureCategory(models.TextChoices):
    JUSTICE = "justice", _("Strafrecht en bescherming")
    CARE = "care", _("Zorg")


class MeasureKind(models.TextChoices):
    HOUSE_BAN = "house_ban", _("Tijdelijk huisverbod")
    CONTACT_BAN = "contact_ban", _("Contactverbod")
    LOCATION_BAN = "location_ban", _("Locatieverbod")
    POLICE_REPORT = "police_report", _("Aangifte")
    ARREST = "arrest", _("Aanhouding")
    PROSECUTOR_DECISION = "prosecutor_decision", _("Beslissing Openbaar Ministerie")
    PROBATION = "probation", _("Reclasseringstoezicht")
    CHILD_PROTECTION_REQUEST = "cp_request", _("Verzoek tot onderzoek Raad voor de Kinderbescherming")
    CHILD_PROTECTION_MEASURE = "cp_measure", _("Kinderbeschermingsmaatregel")
    PERPETRATOR_APPROACH = "perpetrator", _("Plegeraanpak")
    MENTAL_HEALTH = "mental_health", _("Zorgtraject GGZ")
    ADDICTION_CARE = "addiction_care", _("Zorgtraject verslavingszorg")
    SHELTER = "shelter", _("Opvang")
    DISABILITY_CARE = "disability_care", _("Zorg voor mensen met een beperking")


CARE_KINDS = frozenset({MeasureKind.PERPETRATOR_APPROACH, MeasureKind.MENTAL_HEALTH,
                        MeasureKind.ADDICTION_CARE, MeasureKind.SHELTER,
                        MeasureKind.DISABILITY_CARE})


def category_of(kind: str) -> str:
    return MeasureCategory.CARE if kind in CARE_KINDS else MeasureCategory.JUSTICE


class Measure(models.Model):
    """A measure of criminal justice or care that shapes the family's safety."""

    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="safety_measures")
    kind = models.CharField(_("soort"), max_length=20, choices=MeasureKind.choices)
    source_organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+",
                                            verbose_name=_("bronorganisatie"))
    recorded_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    person = models.ForeignKey("persons.Person", models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("betreft"))
    starts_on = models.DateField(_("vanaf"))
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)
    extended_on = models.DateField(_("verlengd op"), null=True, blank=True)
    description = models.TextField(_("toelichting"), blank=True)
    # Probation's special conditions, the prosecutor's decision, the child-protection measure.
    conditions = models.TextField(_("bijzondere voorwaarden of uitkomst"), blank=True)
    supports_condition = models.ForeignKey("cases.SafetyCondition", models.SET_NULL, null=True,
                                           blank=True, related_name="+",
                                           verbose_name=_("ondersteunt veiligheidsvoorwaarde"))
    status = models.CharField(_("status"), max_length=10, choices=MeasureStatus.choices,
                              default=MeasureStatus.RUNNING)
    ended_reason = models.TextField(_("reden van beëindigen"), blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.case_id})"

    @property
    def category(self) -> str:
        return category_of(self.kind)
