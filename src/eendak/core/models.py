"""Organisations, municipalities and the people who work in Eendak.

A user may work for more than one organisation; a ``Membership`` is one (organisation, role) they
hold. At any moment a signed-in user acts for exactly one membership, chosen after login, and every
access-log entry records it.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .roles import OrganisationType, Role, role_spec


class Region(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A municipality, identified as CBS identifies it (``GM0855``) so figures come straight out."""

    region = models.ForeignKey(Region, models.PROTECT, related_name="municipalities")
    name = models.CharField(_("naam"), max_length=100)
    cbs_code = models.CharField(_("CBS-code"), max_length=6, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self):
        return self.name


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    type = models.CharField(_("soort"), max_length=32, choices=OrganisationType.choices)
    municipality = models.ForeignKey(
        Municipality, models.PROTECT, null=True, blank=True, related_name="organisations",
        verbose_name=_("gemeente"),
        help_text=_("Verplicht voor een lokaal team en voor een gemeente (haar cijfers)."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(type=OrganisationType.LOCAL_TEAM)
                | models.Q(municipality__isnull=False),
                name="local_team_has_municipality",
            ),
            models.CheckConstraint(
                condition=~models.Q(type=OrganisationType.MUNICIPALITY)
                | models.Q(municipality__isnull=False),
                name="municipality_organisation_has_municipality",
            ),
            models.UniqueConstraint(
                fields=["municipality"],
                condition=models.Q(type=OrganisationType.LOCAL_TEAM, is_active=True),
                name="one_active_local_team_per_municipality",
            ),
        ]

    def __str__(self):
        return self.name


class EendakUserManager(UserManager):
    pass


class User(AbstractUser):
    """A person who works with Eendak, or a service account that calls the API with a token."""

    is_service_account = models.BooleanField(_("serviceaccount"), default=False)
    is_demo_account = models.BooleanField(
        _("demo-account"), default=False,
        help_text=_("Alleen in ontwikkeling: mag de gedocumenteerde demo-code als tweede factor gebruiken."),
    )
    # Bumped to end every session of this user at once (logout everywhere, deactivation).
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    objects = EendakUserManager()

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret=None):
        """Tie sessions to the password *and* the session generation.

        Django checks this hash on every request; bumping ``session_generation`` therefore ends all
        of the user's sessions on every server, whatever the session backend.
        """
        key_salt = "eendak.core.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_generation}", secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def active_memberships(self):
        return self.memberships.filter(is_active=True, organisation__is_active=True).select_related(
            "organisation", "organisation__municipality"
        )

    def login_complete(self) -> bool:
        """The password given and, where the account needs one, the second factor passed in this
        session. Until then the user sees the second-factor page and nothing of their work: not the
        menu, not the organisation they act for. ``is_verified`` is django-otp's, set per request;
        it is asked first because it costs no query."""
        verified = getattr(self, "is_verified", None)
        return bool(verified is not None and verified()) or not self.requires_second_factor

    @property
    def requires_second_factor(self) -> bool:
        """Every account that can see personal data needs TOTP; service accounts use tokens."""
        if self.is_service_account:
            return False
        if self.is_superuser:
            return True
        return any(role_spec(m.role).sees_personal_data for m in self.active_memberships())


class Membership(models.Model):
    user = models.ForeignKey(User, models.CASCADE, related_name="memberships",
                             verbose_name=_("medewerker"))
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="memberships",
                                     verbose_name=_("organisatie"))
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"],
                                    name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.get_role_display()}"

    @property
    def spec(self):
        return role_spec(self.role)

    def has(self, capability: str) -> bool:
        return capability in self.spec.capabilities


class Counter(models.Model):
    """Gap-free yearly numbering for human-readable references (M-2026-000123)."""

    name = models.CharField(max_length=20)
    year = models.PositiveIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "year"], name="unique_counter")]

    def __str__(self):
        return f"{self.name}-{self.year}: {self.value}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    RUNNING = "running", _("Bezig")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


class Job(models.Model):
    """A piece of long work a user started: an export, a delivery, an import, a mailing.

    The work runs as a ``django.tasks`` task in the worker (``manage.py db_worker``); this row is what
    the page that started it polls, and what outlives a crash of the worker. Each run is an
    *attempt*: a retry raises ``attempts``, and an older attempt that is still alive notices at its
    next progress report that it has been superseded and stops, so two attempts never both count.
    ``checkpoint`` is where the next attempt resumes (the task's own position plus how far its result
    file was safely written). See ``eendak.core.jobs``.
    """

    kind = models.CharField(_("soort"), max_length=64)
    user = models.ForeignKey(User, models.PROTECT, related_name="+", verbose_name=_("gestart door"))
    membership = models.ForeignKey(Membership, models.PROTECT, related_name="+",
                                   verbose_name=_("als"))
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="+",
                                     verbose_name=_("organisatie"))
    # Where the request came from: the worker writes its log entries in the starter's name.
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    params = models.JSONField(default=dict, blank=True)  # the input, as the task reads it
    description = models.CharField(_("omschrijving"), max_length=255, blank=True)
    # The persons whose data the result holds, as far as known: named in the download's log entry.
    person_ids = models.JSONField(default=list, blank=True)
    back_url = models.CharField(max_length=500, blank=True)  # the page that started it (a path)

    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices,
                              default=JobStatus.QUEUED)
    done = models.PositiveBigIntegerField(_("gedaan"), default=0)
    total = models.PositiveBigIntegerField(_("totaal"), null=True, blank=True)
    message = models.CharField(_("melding"), max_length=200, blank=True)
    checkpoint = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    task_result_id = models.CharField(max_length=64, blank=True)  # django.tasks, latest attempt
    error = models.CharField(_("fout"), max_length=500, blank=True)

    # The result: a file under EENDAK_EXPORT_ROOT, outside the web root, downloaded by the starter only.
    result_file = models.CharField(max_length=255, blank=True)
    result_name = models.CharField(max_length=255, blank=True)
    result_content_type = models.CharField(max_length=100, blank=True)
    result_size = models.PositiveBigIntegerField(null=True, blank=True)
    result_personal = models.BooleanField(default=True)
    # Set by the one download of a kind downloaded once (``JobKind.download_once``); the file is gone.
    downloaded_at = models.DateTimeField(_("gedownload op"), null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        indexes = [models.Index(fields=["user", "-created_at"], name="job_user_recent")]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int | None:
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return None
        return min(100, int(self.done * 100 / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class LoginFailure(models.Model):
    """One failed password login: by which user name (lower case), from which address, when.

    The login throttle (``core.throttle``) counts these per user name and address together; rows
    older than a day are removed as new ones arrive. The name need not belong to an account.
    """

    username = models.CharField(max_length=150)
    address = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mislukte inlogpoging")
        verbose_name_plural = _("mislukte inlogpogingen")
        indexes = [
            models.Index(fields=["username", "address", "at"], name="loginfailure_pair"),
            models.Index(fields=["address", "at"], name="loginfailure_address"),
            models.Index(fields=["at"], name="loginfailure_at"),
        ]

    def __str__(self):
        return f"{self.username} @ {self.address} {self.at:%Y-%m-%d %H:%M:%S}"
