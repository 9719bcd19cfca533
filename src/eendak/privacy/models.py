"""The review of a break-the-glass grant, and the data subject's requests (AVG art. 15-21).

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

from .workflow import ReceivedVia, RequestKind, RequestState


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


class DataSubjectRequest(models.Model):
    """A request of a person about their own data: inzage (AVG art. 15), correction (16),
    restriction (18) or objection (21).

    One model with a kind, not a family: all four share the person, the receipt, the statutory
    deadline and its one extension, the workflow (``privacy.workflow``) and the decision with its
    reason; what differs is small (a correction names the field and the value asked for, an inzage
    has its PDFs, a refused correction may carry the person's own statement), and one list with one
    deadline signal is what the privacy officer works from.

    The deadline is data: received + one calendar month, or the extended date (at most two further
    months, ``privacy.services.extend_request``). A granted restriction that is not lifted marks the
    person's data as restricted (``privacy.queries.restricted_person_ids``).
    """

    person = models.ForeignKey("persons.Person", models.PROTECT, related_name="+",
                               verbose_name=_("betrokkene"))
    organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+",
                                     verbose_name=_("behandelende organisatie"))
    kind = models.CharField(_("soort verzoek"), max_length=12, choices=RequestKind.choices)
    received_on = models.DateField(_("ontvangen op"))
    received_via = models.CharField(_("ontvangen via"), max_length=8, choices=ReceivedVia.choices)
    request_text = models.TextField(_("wat wordt gevraagd"))
    # A correction: which of the person's own data, and what it should be.
    correction_field = models.CharField(_("te corrigeren gegeven"), max_length=20, blank=True)
    correction_value = models.CharField(_("gevraagde waarde"), max_length=200, blank=True)
    state = models.CharField(_("status"), max_length=12, choices=RequestState.choices,
                             default=RequestState.RECEIVED, db_index=True)
    deadline = models.DateField(_("uiterlijk"), db_index=True)
    extension_reason = models.TextField(_("reden verlenging (aan betrokkene meegedeeld)"),
                                        blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("behandelaar"))
    decision_reason = models.TextField(_("motivering besluit"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+")
    own_statement = models.TextField(_("eigen verklaring van betrokkene"), blank=True)
    restriction_lifted_at = models.DateTimeField(null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("verzoek van betrokkene")
        verbose_name_plural = _("verzoeken van betrokkenen")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=RequestKind.values),
                                   name="privacy_request_kind_known"),
            models.CheckConstraint(condition=models.Q(state__in=RequestState.values),
                                   name="privacy_request_state_known"),
            # A decision has its reason and its moment; an open request has neither.
            models.CheckConstraint(
                condition=models.Q(state__in=["granted", "refused"], decided_at__isnull=False)
                | models.Q(state__in=["received", "in_progress", "extended"],
                           decided_at__isnull=True),
                name="privacy_request_decided_at_with_decision"),
            models.CheckConstraint(condition=models.Q(deadline__gte=models.F("received_on")),
                                   name="privacy_request_deadline_after_receipt"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def reference(self) -> str:
        return f"AVG-{self.pk}"


class AccessFile(models.Model):
    """One built inzage PDF of an access request: the file as the person may see it, redacted, with
    the who-looked list, kept as built so that what was handed over can be shown again. Building
    and downloading are each logged (``privacy.events``)."""

    request = models.ForeignKey(DataSubjectRequest, models.CASCADE, related_name="files")
    built_at = models.DateTimeField(default=timezone.now)
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["-built_at", "-id"]

    def __str__(self):
        return f"inzage {self.request_id} {self.built_at:%Y-%m-%d %H:%M}"
