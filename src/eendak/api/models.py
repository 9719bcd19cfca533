from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ServiceToken(models.Model):
    """An API token for a service account, bound to one membership (organisation and role)."""

    membership = models.ForeignKey("core.Membership", models.CASCADE, related_name="tokens")
    name = models.CharField(_("naam"), max_length=100)
    prefix = models.CharField(max_length=8, help_text=_("Eerste tekens, om de token te herkennen."))
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
