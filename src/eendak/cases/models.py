"""The shared case file (casus) of a household: who takes part, and who holds oversight of safety.

Participation is what need-to-know access is derived from (``eendak.authz``): an organisation sees a
household while it takes part in one of its cases.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Gesloten")


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
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        constraints = [
            models.UniqueConstraint(fields=["household"], condition=models.Q(status="open"),
                                    name="one_open_case_per_household"),
        ]

    def __str__(self):
        return self.reference


class Participation(models.Model):
    case = models.ForeignKey(Case, models.CASCADE, related_name="participations")
    organisation = models.ForeignKey("core.Organisation", models.PROTECT,
                                     related_name="participations")
    task = models.CharField(_("taak in de casus"), max_length=200, blank=True)
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
