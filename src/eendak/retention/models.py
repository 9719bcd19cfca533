"""Retention periods, destruction requests and their decisions, destruction records, the yearly list.

Nothing here holds a client's name: a request points at the household and the person (keys that are
emptied when they are destroyed), a destruction record keeps only what was destroyed (counts per kind
of row, the household's reference), when, on what ground and who proposed and approved it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eendak.core.roles import OrganisationType

from .workflow import RequestStatus


class FileKind(models.TextChoices):
    VT_CASE = "vt_case", _("Dossier Veilig Thuis")
    VT_REPORT = "vt_report", _("Melding Veilig Thuis zonder casus")
    ADVICE = "advice", _("Adviesvraag Veilig Thuis")
    LOCAL_TEAM = "local_team", _("Dossier lokaal team")
    SAFETY_HOUSE = "safety_house", _("Dossier Veiligheidsteam")
    SPOEDPLEIN = "spoedplein", _("Dossier Spoedplein")
    PARTNER = "partner", _("Dossier ketenpartner")


class CountedFrom(models.TextChoices):
    CLOSURE = "closure", _("Afsluiting van het dossier")
    YOUNGEST_CHILD_ADULT = "youngest_child_18", _("18e verjaardag van het jongste kind")


class RetentionPeriod(models.Model):
    """How long a kind of file is kept, for one organisation, an organisation type or everyone.

    The most specific row wins (organisation, then organisation type, then the kind alone); see
    ``retention.queries.period_for``. Periods are data, not code: Veilig Thuis keeps 20 years by law
    (seeded by migration 0002), a local team's or partner's period is the functional
    administrator's to set.
    """

    kind = models.CharField(_("soort dossier"), max_length=20, choices=FileKind.choices)
    organisation_type = models.CharField(_("soort organisatie"), max_length=32, blank=True,
                                         choices=OrganisationType.choices)
    organisation = models.ForeignKey("core.Organisation", models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("organisatie"))
    years = models.PositiveSmallIntegerField(_("bewaartermijn (jaren)"))
    counted_from = models.CharField(_("gerekend vanaf"), max_length=20, choices=CountedFrom.choices,
                                    default=CountedFrom.CLOSURE)
    basis = models.CharField(_("grondslag"), max_length=200, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "organisation_type", "organisation_id"]
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        constraints = [
            models.CheckConstraint(condition=Q(years__gte=1, years__lte=115),
                                   name="retention_period_years_sensible"),
            models.UniqueConstraint(fields=["kind", "organisation"],
                                    condition=Q(organisation__isnull=False),
                                    name="retention_period_one_per_organisation"),
            models.UniqueConstraint(fields=["kind", "organisation_type"],
                                    condition=Q(organisation__isnull=True),
                                    name="retention_period_one_per_type"),
        ]

    def __str__(self):
        return f"{self.kind} {self.organisation_type or '*'} {self.organisation_id or ''}: {self.years}"


class RefusalGround(models.TextChoices):
    """The legal grounds on which destruction is refused (Jeugdwet art. 7.3.11 lid 4, Wmo 2015
    art. 5.3.3 lid 3; AVG art. 17 lid 3)."""

    OTHER_PERSON_INTEREST = "other_person_interest", _(
        "Bewaren is van aanmerkelijk belang voor een ander dan de betrokkene "
        "(art. 7.3.11 lid 4 Jeugdwet / art. 5.3.3 Wmo 2015)")
    LEGAL_DUTY = "legal_duty", _(
        "Een wettelijk voorschrift verzet zich tegen vernietiging (art. 7.3.11 lid 4 Jeugdwet; "
        "AVG art. 17 lid 3 onder b)")
    LEGAL_CLAIMS = "legal_claims", _(
        "Nodig voor de instelling, uitoefening of onderbouwing van een rechtsvordering "
        "(AVG art. 17 lid 3 onder e)")
    PUBLIC_HEALTH = "public_health", _(
        "Algemeen belang op het gebied van volksgezondheid (AVG art. 17 lid 3 onder c)")
    ARCHIVING = "archiving", _(
        "Archivering in het algemeen belang of wetenschappelijk onderzoek (AVG art. 17 lid 3 onder d)")


class Origin(models.TextChoices):
    PERSON = "person", _("Verzoek van de betrokkene")
    RETENTION = "retention", _("Bewaartermijn verstreken")


class Outcome(models.TextChoices):
    DESTROY = "destroy", _("Vernietigen")
    REFUSE = "refuse", _("Weigeren")


class DestructionRequest(models.Model):
    """A request to destroy a household's file: by the person (AVG art. 17, Jeugdwet art. 7.3.11)
    or because its retention period ended (the yearly list). Four eyes: one privacy officer
    proposes, a second person approves; see ``retention.workflow``."""

    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+",
                                     verbose_name=_("organisatie"))
    origin = models.CharField(_("aanleiding"), max_length=12, choices=Origin.choices,
                              default=Origin.PERSON)
    # Emptied (SET_NULL) when destroyed; ``household_reference`` stays, it names no one.
    household = models.ForeignKey("persons.Household", models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("huishouden"))
    person = models.ForeignKey("persons.Person", models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("verzoeker"))
    household_reference = models.CharField(_("kenmerk huishouden"), max_length=20)
    received_on = models.DateField(_("ontvangen op"))
    deadline = models.DateField(_("beslissen uiterlijk"))
    status = models.CharField(_("status"), max_length=12, choices=RequestStatus.choices,
                              default=RequestStatus.RECEIVED)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)

    proposed_outcome = models.CharField(_("voorstel"), max_length=10, choices=Outcome.choices,
                                        blank=True)
    grounds = models.JSONField(_("weigeringsgronden"), default=list, blank=True)
    explanation = models.TextField(_("toelichting"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    proposed_at = models.DateTimeField(null=True, blank=True)

    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("toelichting tweede beoordelaar"), blank=True)
    sent_back_note = models.TextField(_("reden teruggestuurd"), blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("vernietigingsverzoek")
        verbose_name_plural = _("vernietigingsverzoeken")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RequestStatus.values),
                                   name="retention_request_status_known"),
            # Four eyes in the database too: the approver is never the proposer.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("proposed_by")),
                name="retention_request_four_eyes"),
            # A household has at most one request in progress.
            models.UniqueConstraint(fields=["household"],
                                    condition=Q(status__in=["received", "proposed"]),
                                    name="retention_one_open_request_per_household"),
        ]

    def __str__(self):
        return self.reference


class Destruction(models.Model):
    """What was destroyed, when, on what ground, proposed and approved by whom: no personal data.

    ``household`` still points at the household row when it had to stay as an empty shell (the
    access log's emergency grants point at it); else it is empty and ``household_id_destroyed``
    remembers the number, which is what the access log's entries name.
    """

    request = models.OneToOneField(DestructionRequest, models.PROTECT, related_name="destruction")
    household = models.OneToOneField("persons.Household", models.SET_NULL, null=True, blank=True,
                                     related_name="destruction")
    household_id_destroyed = models.PositiveBigIntegerField()
    household_reference = models.CharField(max_length=20)
    destroyed_at = models.DateTimeField(default=timezone.now)
    ground = models.CharField(_("grond"), max_length=12, choices=Origin.choices)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    persons_destroyed = models.PositiveIntegerField(default=0)
    files_removed = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict)  # model label -> rows removed

    class Meta:
        ordering = ["-destroyed_at"]
        verbose_name = _("vernietiging")
        verbose_name_plural = _("vernietigingen")

    def __str__(self):
        return f"{self.household_reference} ({self.destroyed_at:%Y-%m-%d})"


class DueList(models.Model):
    """The yearly list of an organisation's files whose retention period has ended."""

    organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("jaar"))
    compiled_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "-compiled_at"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"],
                                               name="retention_one_due_list_per_year")]

    def __str__(self):
        return f"{self.organisation_id}: {self.year}"


class DueStatus(models.TextChoices):
    OPEN = "open", _("Te beoordelen")
    REQUESTED = "requested", _("Vernietiging voorgesteld")
    DESTROYED = "destroyed", _("Vernietigd")


class DueItem(models.Model):
    """One file on the yearly list: which file, whose household (by reference), and since when due."""

    due_list = models.ForeignKey(DueList, models.CASCADE, related_name="items")
    kind = models.CharField(_("soort dossier"), max_length=20, choices=FileKind.choices)
    file_reference = models.CharField(_("kenmerk dossier"), max_length=20)
    household = models.ForeignKey("persons.Household", models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    household_reference = models.CharField(max_length=20)
    closed_on = models.DateField(_("afgesloten op"))
    counted_from = models.DateField(_("termijn loopt vanaf"))
    due_on = models.DateField(_("te vernietigen vanaf"))
    status = models.CharField(_("status"), max_length=12, choices=DueStatus.choices,
                              default=DueStatus.OPEN)
    request = models.ForeignKey(DestructionRequest, models.SET_NULL, null=True, blank=True,
                                related_name="+")

    class Meta:
        ordering = ["due_on", "file_reference"]
        constraints = [models.UniqueConstraint(fields=["due_list", "file_reference"],
                                               name="retention_due_item_once")]

    def __str__(self):
        return self.file_reference
