"""Creating persons and households, relationships, and merging two records of one person.

Every change writes its access-log entry in the same transaction. A merge moves the merged record's
links to the kept record and remembers exactly what moved, so undoing it restores the two records.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.references import next_reference

from . import bsn as bsn_module
from .models import (
    BSNStatus,
    Household,
    HouseholdMember,
    Person,
    PersonBSN,
    PersonMerge,
    Relationship,
)


@dataclass
class PersonData:
    given_names: str
    surname: str
    surname_prefix: str = ""
    birth_surname: str = ""
    birth_surname_prefix: str = ""
    date_of_birth: date | None = None
    sex: str = "O"
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""
    municipality_id: int | None = None
    bsn: str = ""
    bsn_status: str = ""  # known / absent / withheld; "" = derive from bsn


def validate_bsn_input(value: str, status: str = "") -> tuple[str, str]:
    """(status, digits) or a RuleViolation with the Dutch message for the BSN field."""
    digits = bsn_module.normalise(value)
    if status == BSNStatus.WITHHELD:
        return BSNStatus.WITHHELD, ""
    if not digits:
        return (status or BSNStatus.ABSENT), ""
    if not bsn_module.is_valid_bsn(digits):
        raise RuleViolation("Dit BSN klopt niet: het voldoet niet aan de elfproef. Controleer de "
                            "negen cijfers.", field="bsn")
    return BSNStatus.KNOWN, digits


def validate_date_of_birth(value: date | None) -> None:
    if value is None:
        return
    today = timezone.localdate()
    if value > today:
        raise RuleViolation("De geboortedatum ligt in de toekomst.", field="date_of_birth")
    if value.year < today.year - 120:
        raise RuleViolation("Deze geboortedatum is niet mogelijk (meer dan 120 jaar geleden).",
                            field="date_of_birth")


@audit.atomic
def create_person(actor: Actor, data: PersonData) -> Person:
    status, digits = validate_bsn_input(data.bsn, data.bsn_status)
    validate_date_of_birth(data.date_of_birth)
    if digits and PersonBSN.objects.filter(lookup_hash=bsn_module.lookup_hash(digits)).exists():
        raise RuleViolation("Er bestaat al een persoon met dit BSN. Kies die persoon uit de "
                            "zoekresultaten.", field="bsn")
    surname_prefix, surname = data.surname_prefix, data.surname
    if not surname_prefix:
        from .names import split_prefix

        surname_prefix, surname = split_prefix(data.surname)
    person = Person.objects.create(
        given_names=data.given_names.strip(), surname_prefix=surname_prefix.strip(),
        surname=surname.strip(), birth_surname_prefix=data.birth_surname_prefix.strip(),
        birth_surname=data.birth_surname.strip(), date_of_birth=data.date_of_birth, sex=data.sex,
        street=data.street, house_number=data.house_number, postcode=data.postcode.upper(),
        city=data.city, municipality_id=data.municipality_id,
    )
    PersonBSN.objects.create(
        person=person, status=status,
        encrypted_value=bsn_module.encrypt(digits) if digits else "",
        lookup_hash=bsn_module.lookup_hash(digits) if digits else "",
    )
    audit.log_access(actor, event="person.created", action=Action.CREATE, obj=person,
                     persons=[person])
    return person


@audit.atomic
def create_household(actor: Actor, *, municipality, members: list[tuple[Person, str]]) -> Household:
    household = Household.objects.create(reference=next_reference("HH"), municipality=municipality)
    for person, role in members:
        HouseholdMember.objects.get_or_create(household=household, person=person,
                                              defaults={"role": role})
    audit.log_access(actor, event="household.created", action=Action.CREATE, obj=household,
                     persons=[p for p, _ in members])
    return household


@audit.atomic
def add_to_household(actor: Actor, household: Household, person: Person, role: str) -> None:
    _, created = HouseholdMember.objects.get_or_create(household=household, person=person,
                                                       defaults={"role": role})
    if created:
        audit.log_access(actor, event="household.member_added", action=Action.UPDATE,
                         obj=household, persons=[person])


@audit.atomic
def add_relationship(actor: Actor, person: Person, other: Person, kind: str, note: str = ""):
    if person.pk == other.pk:
        raise RuleViolation("Een persoon kan geen relatie met zichzelf hebben.", field="other")
    relationship, _ = Relationship.objects.get_or_create(person=person, other=other, kind=kind,
                                                         defaults={"note": note})
    audit.log_access(actor, event="person.relationship_added", action=Action.UPDATE, obj=person,
                     persons=[person, other], detail=kind)
    return relationship


# --- Merge and undo -----------------------------------------------------------------------------

# (model label, person field) pairs whose rows move with a merge. Apps add theirs by name so the
# persons app does not import them.
MERGE_LINKS = [
    ("persons.HouseholdMember", "person"),
    ("intake.ReportPerson", "person"),
    ("intake.InformingTask", "person"),
]


def _link_models():
    from django.apps import apps

    for label, field_name in MERGE_LINKS:
        try:
            yield apps.get_model(label), field_name
        except LookupError:
            continue


@audit.atomic
def merge_persons(actor: Actor, *, keep: Person, merge: Person, reason: str) -> PersonMerge:
    if keep.pk == merge.pk:
        raise RuleViolation("Kies twee verschillende personen om samen te voegen.")
    if merge.merged_into_id or keep.merged_into_id:
        raise RuleViolation("Een van beide personen is al samengevoegd.")
    if not (reason or "").strip():
        raise RuleViolation("Geef een reden voor het samenvoegen.", field="reason")
    keep_bsn = PersonBSN.objects.filter(person=keep).first()
    merge_bsn = PersonBSN.objects.filter(person=merge).first()
    if (keep_bsn and merge_bsn and keep_bsn.lookup_hash and merge_bsn.lookup_hash
            and keep_bsn.lookup_hash != merge_bsn.lookup_hash):
        raise RuleViolation("Deze personen hebben verschillende BSN's en kunnen niet worden "
                            "samengevoegd.")
    moved: dict[str, list[int]] = {}
    for model, field_name in _link_models():
        rows = model.objects.filter(**{field_name: merge})
        ids = []
        for row in rows:
            clash = model.objects.filter(**{field_name: keep}).filter(
                **{f: getattr(row, f) for f in _siblings(model, field_name, row)}
            ).exists()
            if clash:
                continue  # the kept person already has this link; the merged record keeps its own
            ids.append(row.pk)
        model.objects.filter(pk__in=ids).update(**{field_name: keep})
        moved[model._meta.label] = ids
    merge.merged_into = keep
    merge.save(update_fields=["merged_into"])
    record = PersonMerge.objects.create(kept=keep, merged=merge, moved=moved, reason=reason.strip(),
                                        merged_by=actor.user)
    audit.log_access(actor, event="person.merged", action=Action.UPDATE, obj=keep,
                     persons=[keep, merge], detail=f"{merge.pk} -> {keep.pk}")
    return record


def _siblings(model, field_name, row):
    """The other fields of a unique link (e.g. household for HouseholdMember)."""
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if field_name in fields:
            return [f if not model._meta.get_field(f).is_relation else f + "_id"
                    for f in fields if f != field_name]
    return []


@audit.atomic
def undo_merge(actor: Actor, record: PersonMerge) -> None:
    if record.undone_at:
        raise RuleViolation("Deze samenvoeging is al ongedaan gemaakt.")
    from django.apps import apps

    field_of = dict(MERGE_LINKS)
    for label, ids in record.moved.items():
        model = apps.get_model(label)
        model.objects.filter(pk__in=ids).update(**{field_of[label]: record.merged})
    Person.objects.filter(pk=record.merged_id).update(merged_into=None)
    record.undone_at = timezone.now()
    record.undone_by = actor.user
    record.save(update_fields=["undone_at", "undone_by"])
    audit.log_access(actor, event="person.merge_undone", action=Action.UPDATE, obj=record.kept,
                     persons=[record.kept_id, record.merged_id])
