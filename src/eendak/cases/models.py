"""The shared case file (casus) of a household: who takes part, and who holds oversight of safety.

Participation is what need-to-know access is derived from (``cases.permissions``): an organisation sees a
household while it takes part in one of its cases.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflow import ActionStatus, CaseStatus, HandoverStatus, MonitoringDecisionKind, Phase


class ClosureReason(models.TextChoices):
    STABLE_SAFETY = "stable_safety", _("Stabiele veiligheid bereikt")
    MOVED = "moved", _("Verhuisd buiten de regio")
    SAFETY_TEAM = "safety_team", _("Opgeschaald naar het Veiligheidsteam")
    RVDK = "rvdk", _("Opgeschaald naar de Raad voor de Kinderbescherming")
    OTHER = "other", _("Anders")


class LegalBasis(models.TextChoices):
    STATUTORY_TASK = "statutory_task", _("Wettelijke taak")
    CONSENT = "consent", _("Toestemming")
    MELDRECHT = "meldrecht", _("Meldrecht (Wmo 2015 art. 5.2.6)")
    COURT_ORDER = "court_order", _("Rechterlijke uitspraak")


class Case(models.Model):
    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    household = models.ForeignKey("persons.Household", models.PROTECT, related_name="cases",
                                  verbose_name=_("huishouden"))
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices,
                              default=CaseStatus.OPEN)
    # Exactly one owner of "zicht op veiligheid" at every moment: a non-null key enforces "one".
    responsible_organisation = models.ForeignKey(
        "core.Organisation", models.PROTECT, related_name="responsible_for",
        verbose_name=_("verantwoordelijk voor zicht op veiligheid"),
    )
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices,
                             default=Phase.DIRECT_SAFETY)
    coordinator = models.ForeignKey("core.User", models.PROTECT, null=True, blank=True,
                                    related_name="coordinated_cases",
                                    verbose_name=_("casuscoördinator"))
    coordinator_since = models.DateField(null=True, blank=True)
    # Monitoring by Veilig Thuis starts when conditions are set; at most 18 months unless extended.
    monitoring_started_on = models.DateField(null=True, blank=True)
    monitoring_until = models.DateField(null=True, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(_("reden van afsluiten"), max_length=20,
                                      choices=ClosureReason.choices, blank=True)
    closure_note = models.TextField(_("toelichting afsluiten"), blank=True)
    # Who held oversight of safety at closure: they are told when the household is reported again.
    last_responsible_organisation = models.ForeignKey(
        "core.Organisation", models.PROTECT, null=True, blank=True, related_name="+")
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        constraints = [
            models.UniqueConstraint(fields=["household"], condition=models.Q(status="open"),
                                    name="one_open_case_per_household"),
            models.CheckConstraint(
                condition=models.Q(status="open", closed_at__isnull=True)
                | models.Q(status="closed", closed_at__isnull=False),
                name="closed_case_has_closed_at",
            ),
        ]

    def __str__(self):
        return self.reference


class Participation(models.Model):
    case = models.ForeignKey(Case, models.CASCADE, related_name="participations")
    organisation = models.ForeignKey("core.Organisation", models.PROTECT,
                                     related_name="participations")
    task = models.CharField(_("taak in de casus"), max_length=200, blank=True)
    legal_basis = models.CharField(_("grondslag voor delen"), max_length=20,
                                   choices=LegalBasis.choices, default=LegalBasis.STATUTORY_TASK)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("deelname")
        verbose_name_plural = _("deelnames")
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"],
                                    condition=models.Q(ended_at__isnull=True),
                                    name="one_active_participation_per_organisation"),
        ]
        indexes = [models.Index(fields=["organisation", "ended_at"])]

    def __str__(self):
        return f"{self.organisation} in {self.case}"


class CasePersonRole(models.TextChoices):
    VICTIM = "victim", _("Slachtoffer")
    SUSPECT = "suspect", _("Vermoedelijke pleger")
    CHILD = "child", _("Kind")
    PARENT = "parent", _("Ouder/verzorger")
    OTHER = "other", _("Anders")


class CasePerson(models.Model):
    case = models.ForeignKey(Case, models.CASCADE, related_name="case_persons")
    person = models.ForeignKey("persons.Person", models.PROTECT, related_name="case_roles")
    role = models.CharField(_("rol in de casus"), max_length=16, choices=CasePersonRole.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person"],
                                               name="one_role_per_person_per_case")]

    def __str__(self):
        return f"{self.person_id} {self.role} in {self.case_id}"


class Shield(models.Model):
    """Inside one file, a person's address and contact details hidden from one participant
    (e.g. a victim's shelter address from those who work with the suspected perpetrator)."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="shields")
    person = models.ForeignKey("persons.Person", models.PROTECT, related_name="+")
    hidden_from = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+")
    reason = models.TextField(_("reden"))
    created_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person", "hidden_from"],
                                               name="unique_shield")]

    def __str__(self):
        return f"{self.person_id} afgeschermd voor {self.hidden_from_id}"


class PhaseChange(models.Model):
    case = models.ForeignKey(Case, models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    to_phase = models.CharField(max_length=20, choices=Phase.choices)
    reason = models.TextField(_("reden"))
    decided_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at", "id"]

    def __str__(self):
        return f"{self.case_id}: {self.from_phase} -> {self.to_phase}"


class ConditionStatus(models.TextChoices):
    MET = "met", _("Nageleefd")
    PARTLY_MET = "partly_met", _("Deels nageleefd")
    NOT_MET = "not_met", _("Niet nageleefd")


class SafetyCondition(models.Model):
    """A safety condition (veiligheidsvoorwaarde): the minimum for immediate safety, set by
    Veilig Thuis with the family and monitored by Veilig Thuis."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="conditions")
    text = models.TextField(_("voorwaarde"))
    agreed_by = models.CharField(_("afgesproken met"), max_length=300)
    set_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["set_at", "id"]

    def __str__(self):
        return self.text[:60]


class MonitoringMoment(models.Model):
    case = models.ForeignKey(Case, models.CASCADE, related_name="monitoring_moments")
    planned_on = models.DateField(_("gepland op"))
    held_on = models.DateField(_("gehouden op"), null=True, blank=True)
    incidents_since_last = models.PositiveIntegerField(_("incidenten sinds vorig moment"),
                                                       null=True, blank=True)
    assessment = models.TextField(_("beoordeling"), blank=True)
    recorded_by = models.ForeignKey("core.User", models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["planned_on", "id"]

    def __str__(self):
        return f"monitoring {self.case_id} {self.planned_on}"


class ConditionCheck(models.Model):
    moment = models.ForeignKey(MonitoringMoment, models.CASCADE, related_name="checks")
    condition = models.ForeignKey(SafetyCondition, models.CASCADE, related_name="checks")
    status = models.CharField(max_length=12, choices=ConditionStatus.choices)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["moment", "condition"],
                                               name="one_check_per_condition_per_moment")]

    def __str__(self):
        return f"{self.condition_id}: {self.status}"


class MonitoringDecision(models.Model):
    """What was decided at the 18-month limit: extend (with a reason) or escalate."""

    Kind = MonitoringDecisionKind

    case = models.ForeignKey(Case, models.CASCADE, related_name="monitoring_decisions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    new_until = models.DateField(null=True, blank=True)
    reason = models.TextField(_("reden"))
    decided_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.kind} {self.case_id}"


class PlanPart(models.TextChoices):
    SAFETY = "safety", _("Veiligheid")
    HELP = "help", _("Hulp")
    RECOVERY = "recovery", _("Herstel")


class PlanVersion(models.Model):
    """One version of the safety, help and recovery plan. Changing the plan makes a new version;
    the version the family agreed to is marked."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="plan_versions")
    number = models.PositiveIntegerField()
    created_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("wat is er veranderd"), max_length=300, blank=True)
    agreed_with_family_on = models.DateField(_("met het gezin afgesproken op"), null=True,
                                             blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"],
                                               name="unique_plan_version")]

    def __str__(self):
        return f"plan {self.case_id} v{self.number}"


class PlanGoal(models.Model):
    version = models.ForeignKey(PlanVersion, models.CASCADE, related_name="goals")
    part = models.CharField(_("onderdeel"), max_length=10, choices=PlanPart.choices)
    text = models.TextField(_("doel"))
    child_text = models.TextField(_("doel in woorden voor het kind"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["part", "position", "id"]

    def __str__(self):
        return self.text[:60]


class PlanAction(models.Model):
    goal = models.ForeignKey(PlanGoal, models.CASCADE, related_name="actions")
    text = models.TextField(_("actie"))
    owner_organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+",
                                           verbose_name=_("uitvoerende organisatie"))
    owner = models.ForeignKey("core.User", models.PROTECT, null=True, blank=True,
                              related_name="plan_actions", verbose_name=_("uitvoerder"))
    start_on = models.DateField(_("start"))
    due_on = models.DateField(_("uiterlijk"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices,
                              default=ActionStatus.OPEN)
    # The help it deploys, picked from the regional help catalogue (sociale kaart), if any: what the
    # municipalities count as demand per offer.
    offer = models.ForeignKey("catalogue.Offer", models.PROTECT, null=True, blank=True,
                              related_name="plan_actions", verbose_name=_("hulpaanbod"))
    # The same action in every version of the plan: a new version copies the action, and ``origin``
    # names the first one, so what agreed it (a case conference) finds it in the current version.
    origin = models.ForeignKey("self", models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(due_on__gte=models.F("start_on")),
                                              name="action_due_not_before_start")]

    def __str__(self):
        return self.text[:60]


class Handover(models.Model):
    """Offer -> accept of oversight of safety. Until accepted the sender stays responsible."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="handovers")
    from_organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+")
    contents = models.JSONField(_("wat wordt overgedragen"), default=dict)
    note = models.TextField(_("toelichting"), blank=True)
    offered_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    offered_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=HandoverStatus.choices,
                              default=HandoverStatus.OFFERED)
    responded_by = models.ForeignKey("core.User", models.PROTECT, null=True, blank=True,
                                     related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reden van afwijzen"), blank=True)

    class Meta:
        ordering = ["offered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(status="offered"),
                                    name="one_pending_handover_per_case"),
            models.CheckConstraint(condition=~models.Q(from_organisation=models.F("to_organisation")),
                                   name="handover_to_another_organisation"),
            models.CheckConstraint(condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                                   name="declined_handover_has_reason"),
        ]

    def __str__(self):
        return f"overdracht {self.case_id}: {self.from_organisation_id} -> {self.to_organisation_id}"


class JournalKind(models.TextChoices):
    CONTACT = "contact", _("Contact")
    CONVERSATION = "conversation", _("Gesprek")
    DECISION = "decision", _("Besluit")
    DOCUMENT = "document", _("Document")
    PHASE = "phase", _("Fasewijziging")
    HANDOVER = "handover", _("Overdracht")
    MONITORING = "monitoring", _("Monitoring")
    CONDITIONS = "conditions", _("Veiligheidsvoorwaarden")
    PLAN = "plan", _("Plan")
    PARTICIPATION = "participation", _("Deelname")
    CHILD_VOICE = "child_voice", _("Stem van het kind")
    CLOSURE = "closure", _("Afsluiting")
    RECURRENCE = "recurrence", _("Herhaling")
    NOTE = "note", _("Notitie")
    # The person's own statement, added by the privacy officer when a correction was refused
    # (AVG art. 16): what the person says is wrong, in their words, beside what the file holds.
    OWN_STATEMENT = "own_statement", _("Eigen verklaring van betrokkene")


class Visibility(models.TextChoices):
    ALL_PARTICIPANTS = "all", _("Alle deelnemers")
    SOURCE_ONLY = "source", _("Alleen de eigen organisatie")


class Document(models.Model):
    """An uploaded file, stored outside the web root and served only through an access check."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="case-documents/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    source_organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.original_name


class JournalEntry(models.Model):
    """One line of the case's time line, with its source and who may read it."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="journal")
    kind = models.CharField(max_length=16, choices=JournalKind.choices)
    text = models.TextField()
    occurred_at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey("core.User", models.PROTECT, null=True, blank=True, related_name="+")
    source_organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+")
    # Copied from the source's participation when written, so the entry shows the basis it was
    # shared on even after the participation changes.
    legal_basis = models.CharField(max_length=20, choices=LegalBasis.choices,
                                   default=LegalBasis.STATUTORY_TASK)
    visibility = models.CharField(max_length=8, choices=Visibility.choices,
                                  default=Visibility.ALL_PARTICIPANTS)
    document = models.ForeignKey(Document, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = _("journaalregels")
        indexes = [models.Index(fields=["case", "-occurred_at"])]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.occurred_at:%Y-%m-%d}"


class ChildVoice(models.Model):
    """A child's own account and wishes, recorded on their own."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="child_voices")
    child = models.ForeignKey("persons.Person", models.PROTECT, related_name="+")
    account = models.TextField(_("wat het kind vertelt"))
    wishes = models.TextField(_("wat het kind wil"), blank=True)
    recorded_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    source_organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"stem van {self.child_id}"


class Recurrence(models.Model):
    """A new report about a household whose case closed recently: linked and signalled."""

    report = models.OneToOneField("intake.Report", models.CASCADE, related_name="recurrence")
    previous_case = models.ForeignKey(Case, models.PROTECT, related_name="recurrences")
    signalled_to = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"herhaling {self.previous_case_id} door {self.report_id}"


# --- Impact monitoring (issue 12): did the violence stop? -----------------------------------------


class ImpactMoment(models.TextChoices):
    """When a measurement is taken: at the start (the report), 12 and 18 months later (the
    Verwey-Jonker cohort monitor), or in between. Which is due when is ``cases.impact.schedule``."""

    T0 = "t0", _("T0: bij de start")
    T12 = "t12", _("T12: na 12 maanden")
    T18 = "t18", _("T18: na 18 maanden")
    OTHER = "other", _("Tussentijds")


class IncidentSeverity(models.TextChoices):
    NONE = "none", _("Geen incidenten")
    MILD = "mild", _("Licht: geen letsel, geen bedreiging met een wapen")
    SERIOUS = "serious", _("Ernstig: letsel, of bedreiging")
    VERY_SERIOUS = "very_serious", _("Zeer ernstig: zwaar letsel, wapen, of levensgevaar")


class NotAsked(models.TextChoices):
    """Why a family member's own sense of safety was not recorded."""

    NOT_ASKED = "not_asked", _("Niet gevraagd")
    UNSAFE = "unsafe", _("Kon niet veilig worden gevraagd")


SAFETY_SCALE = (1, 10)  # experienced and judged safety: 1 very unsafe .. 10 completely safe


class ImpactMeasurement(models.Model):
    """One measurement of a case's impact: incidents since the previous one (at T0: in the 12
    months before the report), their worst severity, new reports, the safety as the professionals
    judge it; per family member the safety as they experience it, per child whether help started.
    Taken at a monitoring moment (``monitoring_moment``) or on its own."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="impact_measurements")
    moment = models.CharField(_("meetmoment"), max_length=8, choices=ImpactMoment.choices)
    measured_on = models.DateField(_("gemeten op"))
    incidents = models.PositiveIntegerField(_("incidenten sinds de vorige meting"))
    severity = models.CharField(_("ernst van de incidenten"), max_length=14,
                                choices=IncidentSeverity.choices)
    new_reports = models.PositiveIntegerField(_("nieuwe meldingen"))
    professional_safety = models.PositiveSmallIntegerField(
        _("veiligheid volgens de professionals (1-10)"))
    monitoring_moment = models.OneToOneField(MonitoringMoment, models.SET_NULL, null=True, blank=True,
                                             related_name="impact_measurement",
                                             verbose_name=_("monitoringsmoment"))
    note = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["measured_on", "id"]
        verbose_name = _("impactmeting")
        verbose_name_plural = _("impactmetingen")
        constraints = [
            # T0, T12 and T18 once per case; measurements in between as often as needed.
            models.UniqueConstraint(fields=["case", "moment"],
                                    condition=models.Q(moment__in=["t0", "t12", "t18"]),
                                    name="one_impact_measurement_per_fixed_moment"),
            models.CheckConstraint(condition=models.Q(professional_safety__gte=SAFETY_SCALE[0],
                                                      professional_safety__lte=SAFETY_SCALE[1]),
                                   name="professional_safety_on_scale"),
            models.CheckConstraint(condition=models.Q(incidents=0, severity="none")
                                   | (models.Q(incidents__gt=0) & ~models.Q(severity="none")),
                                   name="severity_matches_incidents"),
        ]

    def __str__(self):
        return f"impact {self.case_id} {self.moment} {self.measured_on}"


class ExperiencedSafety(models.Model):
    """How safe one family member feels (1-10), or why that was not asked."""

    measurement = models.ForeignKey(ImpactMeasurement, models.CASCADE, related_name="experienced")
    person = models.ForeignKey("persons.Person", models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("ervaren veiligheid (1-10)"), null=True, blank=True)
    not_asked = models.CharField(_("niet gevraagd"), max_length=10, choices=NotAsked.choices,
                                 blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["measurement", "person"],
                                    name="one_experienced_safety_per_person"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=False, not_asked="",
                                   score__gte=SAFETY_SCALE[0], score__lte=SAFETY_SCALE[1])
                | models.Q(score__isnull=True) & ~models.Q(not_asked=""),
                name="experienced_safety_score_or_reason"),
        ]

    def __str__(self):
        return f"{self.person_id}: {self.score or self.not_asked}"


class ChildHelp(models.Model):
    """Whether help for one child had started at the measurement, and since when."""

    measurement = models.ForeignKey(ImpactMeasurement, models.CASCADE, related_name="child_help")
    child = models.ForeignKey("persons.Person", models.PROTECT, related_name="+")
    help_started = models.BooleanField(_("hulp gestart"))
    started_on = models.DateField(_("hulp gestart op"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["measurement", "child"], name="one_help_row_per_child"),
            models.CheckConstraint(condition=models.Q(help_started=True)
                                   | models.Q(started_on__isnull=True),
                                   name="help_date_only_when_started"),
        ]

    def __str__(self):
        return f"{self.child_id}: {'hulp' if self.help_started else 'geen hulp'}"
