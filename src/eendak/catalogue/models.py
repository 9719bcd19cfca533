"""The regional help catalogue (sociale kaart): which help exists, for whom, where, and how long the
wait is — so a plan action can pick an offer, and a municipality can see whether the help is
sufficiently present in the region ("Werken aan Veiligheid": the teams know what they can deploy).

It holds no person and no case: an offer is reference data, kept up to date by its provider or the
functional administrator. The case file (``cases.PlanAction.offer``) points down at it, never the
other way round.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OfferKind(models.TextChoices):
    TRAUMA_TREATMENT = "trauma_treatment", _("Traumabehandeling")
    PERPETRATOR_PROGRAMME = "perpetrator_programme", _("Daderhulp / plegerprogramma")
    PARENTING_SUPPORT = "parenting_support", _("Opvoedondersteuning")
    SHELTER = "shelter", _("Opvang")
    ADDICTION_CARE = "addiction_care", _("Verslavingszorg")
    ELDER_ABUSE_SUPPORT = "elder_abuse_support", _("Ondersteuning bij ouderenmishandeling")
    CHILD_SUPPORT = "child_support", _("Hulp voor kinderen (bijv. KIES, praatgroep)")
    SYSTEM_THERAPY = "system_therapy", _("Systeemtherapie")
    FINANCIAL_SUPPORT = "financial_support", _("Schuldhulp en financiële bescherming")
    OTHER = "other", _("Anders")


class TargetGroup(models.TextChoices):
    CHILDREN = "children", _("Kinderen")
    YOUTH = "youth", _("Jongeren")
    ADULT_VICTIMS = "adult_victims", _("Volwassen slachtoffers")
    PERPETRATORS = "perpetrators", _("Plegers")
    FAMILIES = "families", _("Gezinnen")
    ELDERLY = "elderly", _("Ouderen")


class Provider(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    # The organisation in Eendak whose people keep this provider's offers up to date (if any).
    organisation = models.ForeignKey("core.Organisation", models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("organisatie in Eendak"))
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("aanbieder")
        verbose_name_plural = _("aanbieders")

    def __str__(self):
        return self.name


class Offer(models.Model):
    provider = models.ForeignKey(Provider, models.PROTECT, related_name="offers",
                                 verbose_name=_("aanbieder"))
    title = models.CharField(_("naam van het aanbod"), max_length=200)
    kind = models.CharField(_("soort hulp"), max_length=24, choices=OfferKind.choices)
    description = models.TextField(_("omschrijving"), blank=True)
    target_groups = models.JSONField(_("voor wie"), default=list, blank=True)
    municipalities = models.ManyToManyField("core.Municipality", related_name="+",
                                            verbose_name=_("gemeenten"))
    capacity = models.PositiveIntegerField(_("capaciteit (plaatsen)"), null=True, blank=True)
    waiting_weeks = models.PositiveIntegerField(_("actuele wachttijd (weken)"), default=0)
    updated_at = models.DateTimeField(_("laatst bijgewerkt"), default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+")
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["provider__name", "title"]
        verbose_name = _("hulpaanbod")
        verbose_name_plural = _("hulpaanbod")
        constraints = [models.UniqueConstraint(fields=["provider", "title"],
                                               name="catalogue_offer_title_per_provider")]

    def __str__(self):
        return f"{self.title} ({self.provider.name})"
