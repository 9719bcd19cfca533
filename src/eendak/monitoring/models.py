"""Monitoring's own tables: the research studies of the monitoring institute (Verwey-Jonker
Instituut) and their pseudonymised exports. The figures themselves have no tables: they are read
models over the domain apps (``queries.py``).

A study is registered by an analyst (the researcher), approved or rejected by the privacy officer of
Veilig Thuis, and while approved and not ended its researcher may export its variables
(``research.py``): every identifier replaced by a keyed pseudonym of *this* study (``key``, random,
never shown), dates coarsened, ages in bands, no free text, small cells suppressed. When the study
ends its key and any export not yet downloaded are destroyed (``services.end_expired_studies``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StudyStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Wacht op de privacyfunctionaris")
    APPROVED = "approved", _("Goedgekeurd")
    REJECTED = "rejected", _("Afgewezen")


class Study(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    purpose = models.TextField(_("doel van het onderzoek"))
    variables = models.JSONField(_("variabelen"), default=list)
    period_from = models.DateField(_("meldingen vanaf"))
    period_to = models.DateField(_("meldingen tot en met"))
    ends_on = models.DateField(_("einddatum van de studie"))
    researcher = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("onderzoeker"))
    organisation = models.ForeignKey("core.Organisation", models.PROTECT, related_name="+",
                                     verbose_name=_("organisatie van de onderzoeker"))
    registered_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("status"), max_length=16, choices=StudyStatus.choices,
                              default=StudyStatus.SUBMITTED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("reden van afwijzen"), blank=True)
    # The study's own HMAC key (32 random bytes, made at approval): pseudonyms of two studies cannot
    # be linked. Never shown, never exported; destroyed when the study ends.
    key = models.BinaryField(null=True, blank=True, editable=False)
    key_destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-registered_at", "-pk"]
        verbose_name = _("onderzoek")
        verbose_name_plural = _("onderzoeken")
        constraints = [
            models.CheckConstraint(condition=models.Q(period_from__lte=models.F("period_to")),
                                   name="monitoring_study_period_in_order"),
        ]

    def __str__(self):
        return self.title

    def has_ended(self, today=None) -> bool:
        return self.ends_on < (today or timezone.localdate())

    def may_export(self, today=None) -> bool:
        """Approved, not ended, and its key still there: the one condition of every export."""
        return (self.status == StudyStatus.APPROVED and not self.has_ended(today)
                and self.key is not None)


class ResearchExport(models.Model):
    """One export of a study: the long work (``job``) and, once written, its file under
    ``EENDAK_EXPORT_ROOT``, downloaded once by the researcher and then removed."""

    study = models.ForeignKey(Study, models.CASCADE, related_name="exports")
    job = models.OneToOneField("core.Job", models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(max_length=255, blank=True)
    rows = models.PositiveIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    # The persons whose (pseudonymised) data the file holds: named in the download's log entry.
    person_ids = models.JSONField(default=list, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("onderzoeksexport")
        verbose_name_plural = _("onderzoeksexports")

    def __str__(self):
        return f"{self.study} #{self.pk}"

    @property
    def downloadable(self) -> bool:
        return bool(self.file_name) and self.downloaded_at is None and self.destroyed_at is None


class CbsDelivery(models.Model):
    """One CBS half-year delivery (``monitoring.cbs``): the long work (``job``), the report it
    produced (published counts and checks, as JSON) and its two files under ``EENDAK_EXPORT_ROOT``
    — the delivery CSV and the readable PDF — each downloaded once by the analyst who started it."""

    half_year = models.CharField(_("halfjaar"), max_length=7)
    job = models.OneToOneField("core.Job", models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    report = models.JSONField(default=dict, blank=True)
    csv_file = models.CharField(max_length=255, blank=True)
    pdf_file = models.CharField(max_length=255, blank=True)
    csv_sha256 = models.CharField(max_length=64, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    csv_downloaded_at = models.DateTimeField(null=True, blank=True)
    pdf_downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("CBS-levering")
        verbose_name_plural = _("CBS-leveringen")

    def __str__(self):
        return f"CBS-levering {self.half_year} #{self.pk}"


class DashboardReport(models.Model):
    """The dashboards as a PDF report (``monitoring.report_tasks``): every chart with its table for
    the region or one municipality over the half-years asked for, made as long work (``job``) and
    downloaded once by the user who asked for it."""

    job = models.OneToOneField("core.Job", models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    municipality = models.ForeignKey("core.Municipality", models.PROTECT, null=True, blank=True,
                                     related_name="+")  # None: the region
    first = models.CharField(_("van halfjaar"), max_length=7)
    last = models.CharField(_("tot en met halfjaar"), max_length=7)
    file_name = models.CharField(max_length=255, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("dashboardrapport")
        verbose_name_plural = _("dashboardrapporten")

    def __str__(self):
        return f"Dashboardrapport {self.first}..{self.last} #{self.pk}"


class DashboardSnapshot(models.Model):
    """The dashboards' read model as last computed for one scope (the region or a municipality), one
    period and one language: the aggregate table the dashboards answer from (``dashboards.stored``).
    The task ``dashboard_tasks.refresh_dashboards`` refreshes it in the background (queued every
    quarter of an hour by ``manage.py refresh_dashboards``, docs/operations.md); a page computes it
    on the spot when it is missing or older than ``EENDAK_DASHBOARD_MAX_AGE_MINUTES``. It holds
    *published* tables only ("<5", rounded counts, shares over 5 or more): nothing in it is more
    than the screen shows, so it needs no protection of its own beyond the dashboards' permission,
    which is asked before a snapshot is read."""

    key = models.CharField(max_length=64, unique=True)  # scope|first|last|language
    municipality = models.ForeignKey("core.Municipality", models.CASCADE, null=True, blank=True,
                                     related_name="+")  # None: the region
    first = models.CharField(max_length=7)
    last = models.CharField(max_length=7)
    language = models.CharField(max_length=8)
    computed_at = models.DateTimeField()
    tables = models.JSONField(default=list)

    class Meta:
        verbose_name = _("stand van de dashboards")
        verbose_name_plural = _("standen van de dashboards")

    def __str__(self):
        return f"Dashboards {self.key} ({self.computed_at:%Y-%m-%d %H:%M})"


class ChartImage(models.Model):
    """A chart drawn once (``charts.svg``): vl-convert's SVG for one Vega-Lite specification, found
    again by the digest of that specification. Drawing takes 50–300 ms a chart; a page of six would
    take a second. The specification holds the published figures only, like the snapshot."""

    digest = models.CharField(max_length=64, unique=True)
    svg = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("getekende grafiek")
        verbose_name_plural = _("getekende grafieken")

    def __str__(self):
        return f"Grafiek {self.digest[:12]}"
