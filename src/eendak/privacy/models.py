"""The review of a break-the-glass grant: the privacy app's only model.

The access log and the emergency-access grants themselves are ``eendak.audit``'s
(``AccessLogEntry``, ``AccessLogSubject``, ``EmergencyAccess``). They stay there so that the log's
tables and migrations never move, and so that ``persons`` can read a grant without importing the
screens built on top of it. Judging a grant afterwards is the privacy officer's or log
administrator's work, so its record lives here, beside the screens, pointing at the grant.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewOutcome(models.TextChoices):
    JUSTIFIED = "justified", _("Gerechtvaardigd")
    NOT_JUSTIFIED = "not_justified", _("Niet gerechtvaardigd")


class EmergencyReview(models.Model):
    """One review per grant, final: justified or not, with a note, by whom and when.

    A correction is not an edit: the review is the record of a judgement, and the access log holds
    the entry that made it. The deadline is not stored; it is the grant's moment plus
    ``EENDAK_EMERGENCY_REVIEW_DAYS`` (``privacy.queries``), so changing the setting moves every open
    review's deadline.
    """

    grant = models.OneToOneField("audit.EmergencyAccess", models.PROTECT, related_name="review",
                                 verbose_name=_("noodtoegang"))
    outcome = models.CharField(_("oordeel"), max_length=20, choices=ReviewOutcome.choices)
    note = models.TextField(_("toelichting"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                 verbose_name=_("beoordelaar"))
    reviewer_membership = models.ForeignKey("core.Membership", models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("beoordeeld op"), default=timezone.now)

    class Meta:
        ordering = ["-reviewed_at"]
        verbose_name = _("beoordeling van noodtoegang")
        verbose_name_plural = _("beoordelingen van noodtoegang")
        constraints = [
            models.CheckConstraint(condition=models.Q(outcome__in=ReviewOutcome.values),
                                   name="privacy_review_outcome_known"),
        ]

    def __str__(self):
        return f"{self.grant_id}: {self.outcome}"
