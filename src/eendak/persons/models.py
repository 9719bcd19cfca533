"""Persons and households.

A household groups the persons who share the violence, not only an address. The BSN lives in its own
table (``PersonBSN``), encrypted, so the person table never holds it in the clear.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "V", _("Vrouw")
    MALE = "M", _("Man")
    OTHER = "X", _("Anders / niet gespecificeerd")
    UNKNOWN = "O", _("Onbekend")


class Household(models.Model):
    reference = models.CharField(_("kenmerk"), max_length=20, unique=True)
    municipality = models.ForeignKey("core.Municipality", models.PROTECT, related_name="+",
                                     verbose_name=_("gemeente"))
    is_synthetic = models.BooleanField(_("synthetische demodata"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["reference"]
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")

    def __str__(self):
        return self.reference


class Person(models.Model):
    given_names = models.CharField(_("voornamen"), max_length=200)
    surname_prefix = models.CharField(_("voorvoegsel"), max_length=20, blank=True)
    surname = models.CharField(_("achternaam"), max_length=200)
    birth_surname_prefix = models.CharField(_("voorvoegsel geboortenaam"), max_length=20,
                                            blank=True)
    birth_surname = models.CharField(_("geboortenaam"), max_length=200, blank=True)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    sex = models.CharField(_("geslacht"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    street = models.CharField(_("straat"), max_length=200, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("woonplaats"), max_length=100, blank=True)
    municipality = models.ForeignKey("core.Municipality", models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("gemeente"))
    households = models.ManyToManyField(Household, through="HouseholdMember",
                                        related_name="persons")
    is_synthetic = models.BooleanField(_("synthetische demodata"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # Matching keys, derived from the names by ``persons.names`` (see ``Person.refresh_search_keys``).
    search_surname = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    search_birth_surname = models.CharField(max_length=200, blank=True, db_index=True,
                                            editable=False)
    search_phonetic = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    search_given = models.CharField(max_length=100, blank=True, editable=False)
    # A record merged into another stays (the merge can be undone) but is no longer shown.
    merged_into = models.ForeignKey("self", models.PROTECT, null=True, blank=True,
                                    related_name="merged_records")

    class Meta:
        ordering = ["surname", "given_names"]
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        indexes = [
            models.Index(fields=["surname", "date_of_birth"]),
            models.Index(fields=["date_of_birth"]),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.refresh_search_keys()
        super().save(*args, **kwargs)

    def refresh_search_keys(self) -> None:
        """Call before ``bulk_create``, which skips ``save()``."""
        from . import names

        self.search_surname = names.surname_key(self.surname)
        self.search_birth_surname = names.surname_key(self.birth_surname)
        self.search_phonetic = names.phonetic_key(self.surname)
        self.search_given = names.given_key(self.given_names)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)

    @property
    def address(self) -> str:
        street = " ".join(p for p in (self.street, self.house_number) if p)
        place = " ".join(p for p in (self.postcode, self.city) if p)
        return ", ".join(p for p in (street, place) if p)


class HouseholdRole(models.TextChoices):
    PARENT = "parent", _("Ouder/verzorger")
    PARTNER = "partner", _("(Ex-)partner")
    CHILD = "child", _("Kind")
    OTHER = "other", _("Ander gezinslid")


class HouseholdMember(models.Model):
    household = models.ForeignKey(Household, models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol in huishouden"), max_length=16, choices=HouseholdRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["household", "person"], name="unique_household_member")
        ]

    def __str__(self):
        return f"{self.person} in {self.household}"


class BSNStatus(models.TextChoices):
    KNOWN = "known", _("Bekend")
    ABSENT = "absent", _("Geen BSN")
    WITHHELD = "withheld", _("Achtergehouden voor de veiligheid")


class PersonBSN(models.Model):
    """Stored apart and encrypted; ``lookup_hash`` finds a person by BSN without decrypting."""

    person = models.OneToOneField(Person, models.CASCADE, primary_key=True, related_name="bsn")
    status = models.CharField(max_length=10, choices=BSNStatus.choices)
    encrypted_value = models.TextField(blank=True)
    lookup_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lookup_hash"], condition=~models.Q(lookup_hash=""),
                                    name="unique_bsn"),
            models.CheckConstraint(
                condition=models.Q(status="known", encrypted_value__gt="", lookup_hash__gt="")
                | (~models.Q(status="known") & models.Q(encrypted_value="", lookup_hash="")),
                name="bsn_value_only_when_known",
            ),
        ]

    def __str__(self):
        return f"BSN van persoon {self.person_id} ({self.status})"


class RelationshipKind(models.TextChoices):
    PARTNER = "partner", _("Partner")
    EX_PARTNER = "ex_partner", _("Ex-partner")
    PARENT = "parent", _("Ouder van")
    SIBLING = "sibling", _("Broer/zus")
    OTHER = "other", _("Anders")


class Relationship(models.Model):
    """A relation between two persons. ``parent``: ``person`` is the parent of ``other``."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="relationships")
    other = models.ForeignKey(Person, models.CASCADE, related_name="+")
    kind = models.CharField(_("relatie"), max_length=16, choices=RelationshipKind.choices)
    note = models.CharField(_("toelichting"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "other", "kind"], name="unique_relationship"),
            models.CheckConstraint(condition=~models.Q(person=models.F("other")),
                                   name="no_relationship_with_self"),
        ]

    def __str__(self):
        return f"{self.person_id} {self.kind} {self.other_id}"


class PersonMerge(models.Model):
    """Two records of one person merged; ``moved`` lists what moved, so the merge can be undone."""

    kept = models.ForeignKey(Person, models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, models.PROTECT, related_name="+")
    moved = models.JSONField(default=dict)
    reason = models.TextField(_("reden"))
    merged_by = models.ForeignKey("core.User", models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(default=timezone.now)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey("core.User", models.PROTECT, null=True, blank=True,
                                  related_name="+")

    def __str__(self):
        return f"{self.merged_id} -> {self.kept_id}"
