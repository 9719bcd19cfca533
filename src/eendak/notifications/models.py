"""Notifications: work that comes to a person, in the application and by e-mail.

A notification is addressed to one person acting for one membership (user x organisation x role):
it shows only while that person acts for that membership, so a notification for the local team is
never shown to the same person acting for the police. It holds a short Dutch sentence that names
no person (a reference at most: "Overdracht aangeboden voor casus C-2026-000123") and the path of
the thing it is about; whether the reader may still open that thing is the thing's own page's
business (its own permission, its own logged 404).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification is about; a person sets per kind whether it shows and whether it mails."""

    HANDOVER_OFFERED = "handover_offered", _("Overdracht aangeboden aan mijn organisatie")
    ACUTE_REPORT = "acute_report", _("Acute melding")
    ASSESSMENT_DEADLINE = "assessment_deadline", _("Termijn veiligheidsbeoordeling morgen of verstreken")
    MONITORING_DUE = "monitoring_due", _("Monitoringsmoment")
    ACTION_OVERDUE = "action_overdue", _("Actie uit het plan over tijd")
    RECURRENCE = "recurrence", _("Nieuwe melding na afsluiten (herhaling)")
    INVITATION = "invitation", _("Uitnodiging voor een gezamenlijk gesprek of casusoverleg")
    REFERRAL_DECIDED = "referral_decided", _("Besluit over mijn aanmelding")


class MailState(models.TextChoices):
    NONE = "none", _("Geen e-mail")
    QUEUED = "queued", _("E-mail in de wachtrij")
    DIGEST = "digest", _("Wacht op het dagoverzicht")
    SENT = "sent", _("E-mail verstuurd")
    FAILED = "failed", _("E-mail mislukt")


class Notification(models.Model):
    recipient = models.ForeignKey("core.User", models.CASCADE, related_name="notifications")
    membership = models.ForeignKey("core.Membership", models.CASCADE, related_name="notifications")
    kind = models.CharField(_("soort"), max_length=32, choices=Kind.choices)
    # A Dutch sentence without any person's name: what the bell's list shows.
    text = models.CharField(_("melding"), max_length=300)
    # The path of the thing (a case, a report, a handover, a conference), on this site.
    url = models.CharField(max_length=500)
    # One notification per thing and moment per membership ("handover:12", "deadline:34:passed").
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Only the notifications the person wants to see in the application (their preference when it
    # was made) are in the bell and the list; one wanted by e-mail only is still made, for the mail.
    shown = models.BooleanField(default=True)
    read_at = models.DateTimeField(null=True, blank=True)
    mail_state = models.CharField(max_length=8, choices=MailState.choices, default=MailState.NONE)
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    mailed_at = models.DateTimeField(null=True, blank=True)
    mail_error = models.CharField(max_length=300, blank=True)
    # An invitation's calendar entry (RFC 5545), attached to its e-mail; names nobody.
    calendar = models.TextField(blank=True)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["membership", "key"],
                                               name="notification_once_per_membership_and_key")]
        indexes = [models.Index(fields=["membership", "shown", "read_at"],
                                name="notification_bell")]

    def __str__(self):
        return f"{self.kind} → {self.membership_id}"


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Direct, per melding")
    DAILY = "daily", _("Eén keer per dag (dagoverzicht)")


class MailSetting(models.Model):
    """How a person wants their e-mail: at once, or one daily digest."""

    user = models.OneToOneField("core.User", models.CASCADE, primary_key=True,
                                related_name="notification_mail")
    frequency = models.CharField(_("e-mail"), max_length=10, choices=Frequency.choices,
                                 default=Frequency.IMMEDIATE)

    def __str__(self):
        return f"{self.user_id}: {self.frequency}"


class Preference(models.Model):
    """Per kind: shown in the application, sent by e-mail. Without a row both are on."""

    user = models.ForeignKey("core.User", models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    in_app = models.BooleanField(_("in Eendak"), default=True)
    by_email = models.BooleanField(_("per e-mail"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"],
                                               name="notification_preference_once_per_kind")]

    def __str__(self):
        return f"{self.user_id} {self.kind}"
