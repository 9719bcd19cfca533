"""The access log after NEN 7513: who did what to whose data, when, from where, and why.

Entries are append-only and hash-chained: each has the hash of its predecessor and a keyed hash
(HMAC-SHA256, the key outside the database) over its own content, so any changed, removed or
inserted row breaks the chain at that row (``manage.py verify_access_log``, ``audit.chain``), and
signed checkpoints outside the database reveal a shortened or rewritten tail (``audit.checkpoints``). The
application cannot update or delete entries (the model and queryset refuse), and on PostgreSQL a
trigger refuses it below the application too.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised for any attempt to change or remove an access-log entry."""


class Action(models.TextChoices):
    CREATE = "C", _("Aanmaken")
    READ = "R", _("Inzien")
    UPDATE = "U", _("Wijzigen")
    DELETE = "D", _("Verwijderen")
    EXPORT = "E", _("Afdrukken/exporteren")
    SEARCH = "S", _("Zoeken")
    AUTHENTICATE = "A", _("Aanmelden")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Gelukt")
    DENIED = "denied", _("Geweigerd")
    NOT_FOUND = "not_found", _("Niet gevonden")
    FAILED = "failed", _("Mislukt")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Het toegangslog kan niet worden gewijzigd.")

    def delete(self):
        raise AppendOnlyError("Het toegangslog kan niet worden verwijderd.")

    # bulk_update would bypass save(); it goes through update() in the end, but say it plainly.
    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("Het toegangslog kan niet worden gewijzigd.")


class AppendOnlyModel(models.Model):
    """A row of the access log (an entry, a person it names, a link of the chain): written once,
    never changed or removed through the application — not one instance, not a queryset."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Het toegangslog kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Het toegangslog kan niet worden verwijderd.")


class AccessLogEntry(AppendOnlyModel):
    occurred_at = models.DateTimeField(_("tijdstip (UTC)"), default=timezone.now, db_index=True)
    event = models.CharField(_("gebeurtenis"), max_length=64, db_index=True)
    action = models.CharField(_("actie"), max_length=1, choices=Action.choices)
    outcome = models.CharField(_("uitkomst"), max_length=16, choices=Outcome.choices,
                               default=Outcome.SUCCESS)
    # Who: kept both as a key and as a snapshot, so the entry stays readable "beyond dispute"
    # even after a rename.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                             related_name="+", db_constraint=False)
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    organisation = models.ForeignKey("core.Organisation", models.PROTECT, null=True, blank=True,
                                     related_name="+", db_constraint=False)
    organisation_name = models.CharField(_("organisatie"), max_length=200, blank=True)
    role = models.CharField(_("rol"), max_length=32, blank=True)
    # What.
    object_type = models.CharField(_("soort object"), max_length=64, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    # From where and why.
    ip_address = models.GenericIPAddressField(_("toegangspunt (IP)"), null=True, blank=True)
    emergency = models.BooleanField(_("noodtoegang"), default=False, db_index=True)
    reason = models.TextField(_("reden"), blank=True)
    detail = models.CharField(_("toelichting"), max_length=255, blank=True)
    # The chain, in the row: only for the entries written before the chainer (``audit.chainer``),
    # when each request chained its own entry under a global lock. An entry written since has none of
    # these (empty, NULL, empty): its chain values are in its ``AccessLogLink``, written by the
    # chainer after the entry committed.
    previous_hash = models.CharField(max_length=64, blank=True, default="")
    entry_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # Which key the hash is an HMAC under (``chain.key_id_of``); empty: plain SHA-256, the entries
    # written before the keyed chain (see ``audit.chain``).
    key_id = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        ordering = ["-id"]
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        indexes = [
            models.Index(fields=["user", "occurred_at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.username} {self.event}"

    @property
    def person_ids(self) -> list[int]:
        return sorted(s.person_id for s in self.subjects.all())

    @property
    def chain_hash(self) -> str | None:
        """The entry's hash in the chain, wherever it is kept; None while it is not chained yet."""
        if self.entry_hash:
            return self.entry_hash
        try:
            return self.link.entry_hash
        except AccessLogLink.DoesNotExist:
            return None


class AccessLogSubject(AppendOnlyModel):
    """One person concerned by an entry, so "who accessed this person" is an index lookup.

    The person is kept as a plain id, not a foreign key: the log outlives the record it describes.
    """

    entry = models.ForeignKey(AccessLogEntry, models.CASCADE, related_name="subjects")
    person_id = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "person_id"], name="unique_subject_per_entry")
        ]

    def __str__(self):
        return f"{self.entry_id}: {self.person_id}"


class AccessLogLink(AppendOnlyModel):
    """An entry's place in the chain, written once by the chainer (``audit.chainer``), never changed.

    ``position`` counts on from the entries chained in their own row (whose position is their id):
    the chain is those entries in id order, then the links in position order, which is the order in
    which the chainer saw the entries committed (not their id order: ids are taken at insert, and a
    transaction that took a lower id may commit later). ``entry_hash`` is the HMAC under the key
    ``key_id`` names over the entry's content, its persons, its id and ``previous_hash``
    (``chain.link_payload``). The entry is a plain id without a database constraint, as the
    subjects' persons are, so a deleted entry shows as a link without its entry
    (``verify_access_log``) instead of being refused by a constraint an attacker can drop anyway.
    """

    position = models.BigIntegerField(primary_key=True)
    entry = models.OneToOneField(AccessLogEntry, models.DO_NOTHING, null=True, related_name="link",
                                 db_constraint=False)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    key_id = models.CharField(max_length=16)
    chained_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position"]
        db_table = "audit_accesslogchain"

    def __str__(self):
        return f"{self.position}: {self.entry_id}"


class EmergencyAccess(models.Model):
    """Break the glass: time-limited access to one household's file, with a written reason."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    membership = models.ForeignKey("core.Membership", models.PROTECT, related_name="+")
    household = models.ForeignKey("persons.Household", models.PROTECT, related_name="+")
    reason = models.TextField(_("reden"))
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("noodtoegang")
        verbose_name_plural = _("noodtoegang")
        indexes = [models.Index(fields=["membership", "household", "expires_at"])]

    def __str__(self):
        return f"{self.user} → {self.household} ({self.granted_at:%Y-%m-%d %H:%M})"

    @property
    def is_active(self) -> bool:
        return self.expires_at > timezone.now()
