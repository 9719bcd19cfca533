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

    class Meta:
        ordering = ["surname", "given_names"]
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        indexes = [models.Index(fields=["surname", "date_of_birth"])]

    def __str__(self):
        return self.full_name

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
