"""Advice requests, reports (meldingen), the safety assessment and the decision on follow-up.

The reporter's identity lives in its own table (``Reporter``) so that shielding it is one rule: only
Veilig Thuis memberships read it (``intake.view_reporter``), in UI, API, exports and PDFs.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .categories import (
    AssessmentOutcome,
    InvestigationResult,
    PriorInvolvement,
    ReporterRole,
    ReporterSector,
    ViolenceDuration,
    ViolenceType,
)
from .workflow import DecisionKind, HandoverTarget, ReportStatus


class Channel(models.TextChoices):
    PHONE = "phone", _("Telefoon")
    WEB_FORM = "web", _("Webformulier")
    POLICE = "police", _("Politie")
    HOSPITAL = "hospital", _("Ziekenhuis")
    PROFESSIONAL = "professional", _("Professional (schriftelijk)")
    OTHER = "other", _("Anders")


class AskerType(models.TextChoices):
    RESIDENT = "resident", _("Burger")
    PROFESSIONAL = "professional", _("Professional")
    VOLUNTEER = "volunteer", _("Vrijwilliger")


class AdviceFollowUp(models.TextChoices):
    NONE = "none", _("Geen vervolg nodig")
    CALL_BACK = "call_back", _("Terugbelafspraak")
    REFERRED = "referred", _("Verwezen naar hulpverlening")
    CONVERTED = "converted", _("Omgezet in een melding")


class AdviceRequest(models.Model):
    """An advice request; may be anonymous, and the family is not recorded."""

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    received_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    channel = models.CharField(_("kanaal"), max_length=16, choices=Channel.choices)
    asker_type = models.CharField(_("vraagsteller"), max_length=16, choices=AskerType.choices)
    asker_role = models.CharField(_("rol vraagsteller"), max_length=32, choices=ReporterRole.choices,
                                  default=ReporterRole.UNKNOWN)
    asker_sector = models.CharField(_("sector"), max_length=32, choices=ReporterSector.choices,
                                    default=ReporterSector.NOT_APPLICABLE)
    anonymous = models.BooleanField(_("anoniem"), default=False)
    consent_to_contact = models.BooleanField(_("toestemming om contactgegevens vast te leggen"),
                                             default=False)
    asker_name = models.CharField(_("naam vraagsteller"), max_length=200, blank=True)
    asker_phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    asker_email = models.EmailField(_("e-mail"), blank=True)
    municipality = models.ForeignKey("core.Municipality", models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("gemeente"))
    violence_types = models.JSONField(_("soorten geweld"), default=list, blank=True)
    question = models.TextField(_("vraag"))
    advice_given = models.TextField(_("gegeven advies"), blank=True)
    follow_up = models.CharField(_("vervolg"), max_length=16, choices=AdviceFollowUp.choices,
                                 blank=True)
    organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+")
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+")
    converted_to = models.OneToOneField("Report", models.PROTECT, null=True, blank=True,
                                        related_name="source_advice")
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("adviesvraag")
        verbose_name_plural = _("adviesvragen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent_to_contact=True)
                | models.Q(asker_name="", asker_phone="", asker_email=""),
                name="advice_contact_only_with_consent",
            ),
        ]

    def __str__(self):
        return self.reference


class Report(models.Model):
    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    received_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    channel = models.CharField(_("kanaal"), max_length=16, choices=Channel.choices)
    organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+",
                                     verbose_name=_("ontvangen door"))
    household = models.ForeignKey("persons.Household", models.PROTECT, null=True, blank=True,
                                  related_name="reports", verbose_name=_("huishouden"))
    municipality = models.ForeignKey("core.Municipality", models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("gemeente"))
    violence_types = models.JSONField(_("soorten geweld"), default=list)
    additional_info = models.JSONField(_("aanvullende informatie"), default=list, blank=True)
    duration = models.CharField(_("duur van het geweld"), max_length=20,
                                choices=ViolenceDuration.choices, default=ViolenceDuration.UNKNOWN)
    account = models.TextField(_("relaas"))
    is_acute = models.BooleanField(_("acuut"), default=False)
    prior_involvement = models.CharField(_("eerdere betrokkenheid"), max_length=32,
                                         choices=PriorInvolvement.choices,
                                         default=PriorInvolvement.UNCLASSIFIED)
    status = models.CharField(_("status"), max_length=16, choices=ReportStatus.choices,
                              default=ReportStatus.RECEIVED, db_index=True)
    # Computed once from received_at (working days; acute: 24 hours) and stored, so the work queue
    # orders by an index instead of a calendar computation per row.
    assessment_due_at = models.DateTimeField(_("veiligheidsbeoordeling uiterlijk"), db_index=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                      blank=True, related_name="+")
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["assessment_due_at"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [models.Index(fields=["status", "assessment_due_at"])]

    def __str__(self):
        return self.reference


class Reporter(models.Model):
    """Who reported. Shielded: only Veilig Thuis sees this, anywhere."""

    report = models.OneToOneField(Report, models.CASCADE, primary_key=True, related_name="reporter")
    is_professional = models.BooleanField(_("beroepsmatig"), default=False)
    role = models.CharField(_("rol melder"), max_length=32, choices=ReporterRole.choices,
                            default=ReporterRole.UNKNOWN)
    sector = models.CharField(_("sector"), max_length=32, choices=ReporterSector.choices,
                              default=ReporterSector.NOT_APPLICABLE)
    name = models.CharField(_("naam melder"), max_length=200)
    organisation_name = models.CharField(_("organisatie melder"), max_length=200, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    relation = models.CharField(_("relatie tot het gezin"), max_length=200, blank=True)
    # Veilig Thuis never names a reporter to the family; this says the reporter asked for it
    # explicitly, so whoever informs the family or writes to it is warned on the report's page.
    # (``db_default`` too: bulk loaders that name their columns, like the benchmark's, need none.)
    stays_unknown_to_family = models.BooleanField(_("wil onbekend blijven voor het gezin"),
                                                  default=False, db_default=False)

    class Meta:
        verbose_name = _("melder")
        verbose_name_plural = _("melders")

    def __str__(self):
        return f"melder van {self.report_id}"


class PersonRole(models.TextChoices):
    VICTIM = "victim", _("Slachtoffer")
    SUSPECT = "suspect", _("Vermoedelijke pleger")
    CHILD = "child", _("Kind")
    WITNESS = "witness", _("Getuige")
    OTHER = "other", _("Anders")


class ReportPerson(models.Model):
    report = models.ForeignKey(Report, models.CASCADE, related_name="involved")
    person = models.ForeignKey("persons.Person", models.PROTECT, related_name="report_roles")
    role = models.CharField(_("rol"), max_length=16, choices=PersonRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "person"], name="one_role_per_person_per_report")
        ]

    def __str__(self):
        return f"{self.person_id} {self.role} in {self.report_id}"


class Triage(models.TextChoices):
    DIRECT_DANGER = "direct_danger", _("Direct gevaar")
    STRUCTURAL_SERIOUS = "structural_serious", _("Structurele ernstige onveiligheid")
    HARMFUL_MULTIPROBLEM = "harmful_multiproblem", _("Schadelijke multiprobleemsituatie")
    NONE = "none", _("Geen van deze")


class SafetyAssessment(models.Model):
    report = models.OneToOneField(Report, models.CASCADE, related_name="assessment")
    acute_unsafety = models.BooleanField(_("acute onveiligheid"))
    structural_unsafety = models.BooleanField(_("structurele onveiligheid"))
    triage = models.CharField(_("triage"), max_length=24, choices=Triage.choices)
    rationale = models.TextField(_("onderbouwing"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    assessed_role = models.CharField(max_length=32)
    assessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("veiligheidsbeoordeling")
        verbose_name_plural = _("veiligheidsbeoordelingen")

    def __str__(self):
        return f"beoordeling {self.report_id}"


class InstrumentResult(models.Model):
    """A risk instrument's answers and — only where the rules are public — its computed score."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="instrument_results")
    instrument = models.CharField(_("instrument"), max_length=32)
    version = models.CharField(_("versie"), max_length=20)
    answers = models.JSONField(_("antwoorden"), default=dict, blank=True)
    score = models.IntegerField(_("score"), null=True, blank=True)
    band = models.CharField(_("uitkomst volgens instrument"), max_length=100, blank=True)
    outcome = models.TextField(_("uitkomst (vrij)"), blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessed_at"]

    def __str__(self):
        return f"{self.instrument} {self.version} voor {self.report_id}"


class Decision(models.Model):
    report = models.OneToOneField(Report, models.CASCADE, related_name="decision")
    kind = models.CharField(_("besluit"), max_length=16, choices=DecisionKind.choices)
    handover_target = models.CharField(_("overdracht aan"), max_length=20,
                                       choices=HandoverTarget.choices, blank=True)
    handover_organisation = models.ForeignKey("core.Organisation", models.PROTECT, null=True,
                                              blank=True, related_name="+")
    rationale = models.TextField(_("onderbouwing"))
    assessment_outcome = models.CharField(max_length=24, choices=AssessmentOutcome.choices)
    case = models.ForeignKey("cases.Case", models.PROTECT, null=True, blank=True,
                             related_name="decisions")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("besluit over vervolg")
        verbose_name_plural = _("besluiten over vervolg")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="handover") | ~models.Q(handover_target=""),
                name="handover_has_target",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.report_id})"


class Investigation(models.Model):
    report = models.OneToOneField(Report, models.CASCADE, related_name="investigation")
    started_on = models.DateField()
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    closed_early = models.BooleanField(_("voortijdig beëindigd"), default=False)
    conclusion = models.TextField(_("conclusie"), blank=True)

    def __str__(self):
        return f"onderzoek {self.report_id}"


class InvestigationFinding(models.Model):
    investigation = models.ForeignKey(Investigation, models.CASCADE, related_name="findings")
    violence_type = models.CharField(max_length=32, choices=ViolenceType.choices)
    result = models.CharField(max_length=16, choices=InvestigationResult.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["investigation", "violence_type"],
                                    name="one_finding_per_type")
        ]

    def __str__(self):
        return f"{self.violence_type}: {self.result}"


class JointConversation(models.Model):
    """Verbindend samenwerken: Veilig Thuis and the local team talk with the family together."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="joint_conversations")
    local_team = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+")
    planned_for = models.DateTimeField(_("gepland op"), null=True, blank=True)
    held_at = models.DateTimeField(_("gehouden op"), null=True, blank=True)
    participants = models.TextField(_("deelnemers"), blank=True)
    notes = models.TextField(_("verslag"), blank=True)

    def __str__(self):
        return f"gezamenlijk gesprek {self.report_id}"


class FeedbackMoment(models.TextChoices):
    AFTER_ASSESSMENT = "after_assessment", _("Na de veiligheidsbeoordeling")
    AFTER_INVESTIGATION = "after_investigation", _("Na het onderzoek")


class FeedbackTask(models.Model):
    """Feedback to the reporter at the two fixed moments, with what was told."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="feedback_tasks")
    moment = models.CharField(max_length=24, choices=FeedbackMoment.choices)
    due_on = models.DateField()
    content = models.TextField(_("inhoud terugkoppeling"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                     blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "moment"], name="one_feedback_per_moment")
        ]

    def __str__(self):
        return f"terugkoppeling {self.report_id} {self.moment}"


class InformingTask(models.Model):
    """Informing a person concerned that their data are held, or the recorded reason not to."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="informing_tasks")
    person = models.ForeignKey("persons.Person", models.PROTECT, related_name="+")
    due_on = models.DateField()
    informed_on = models.DateField(null=True, blank=True)
    reason_not_informed = models.TextField(_("reden om niet te informeren"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "person"], name="inform_each_person_once")
        ]

    def __str__(self):
        return f"informeren {self.person_id} ({self.report_id})"
from .throttle import PublicSubmissionAttempt, PublicSubmissionClient  # noqa: E402,F401
