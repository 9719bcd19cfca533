"""Creating persons and households, relationships, and merging two records of one person.

Every change writes its access-log entry in the same transaction. A merge moves the merged record's
links to the kept record and remembers exactly what moved, so undoing it restores the two records.
"""

import json
from dataclasses import dataclass
from datetime import date

from django.core import serializers
from django.db.models import UniqueConstraint
from django.utils import timezone

from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import require
from eendak.core.references import next_reference

from . import bsn as bsn_module
from .events import Event
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
        raise RuleViolation(str(bsn_module.INVALID_MESSAGE), field="bsn")
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
    audit.log_access(actor, event=Event.PERSON_CREATED, action=Action.CREATE, obj=person,
                     persons=[person])
    return person


# The person's own data a correction request (AVG art. 16) may change, with its label. The BSN is
# not among them: a wrong BSN is a question of identity (merge or split), not a correction.
CORRECTABLE_FIELDS = {
    "given_names": "voornamen",
    "surname_prefix": "voorvoegsel",
    "surname": "achternaam",
    "date_of_birth": "geboortedatum",
    "street": "straat",
    "house_number": "huisnummer",
    "postcode": "postcode",
    "city": "woonplaats",
}


@audit.atomic
def correct_person(actor: Actor, person: Person, field: str, value, *, reason: str = "") -> Person:
    """Change one field of a person's own data, as a granted correction request decided.

    The same checks as creating a person (a name is not empty, a date of birth is possible), the
    change written with its access-log entry naming the person, old and new value in the detail
    (the log is the record of what the file said before)."""
    require(actor, "persons.correct_person", person)
    if field not in CORRECTABLE_FIELDS:
        raise RuleViolation("Dit gegeven kan niet via een correctieverzoek worden gewijzigd.",
                            field="field")
    if field == "date_of_birth":
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                raise RuleViolation("Geef de geboortedatum als JJJJ-MM-DD.", field="value") from None
        validate_date_of_birth(value)
    else:
        value = (value or "").strip()
        max_length = Person._meta.get_field(field).max_length
        if field in ("given_names", "surname") and not value:
            raise RuleViolation("Een naam kan niet leeg zijn.", field="value")
        if len(value) > max_length:
            raise RuleViolation(f"Dit gegeven is te lang (hoogstens {max_length} tekens).",
                                field="value")
        if field == "postcode":
            value = value.upper()
    person = Person.objects.select_for_update().get(pk=person.pk)
    old = getattr(person, field)
    setattr(person, field, value)
    person.save()
    audit.log_access(actor, event=Event.PERSON_CORRECTED, action=Action.UPDATE, obj=person,
                     persons=[person],
                     detail=(f"correctie {CORRECTABLE_FIELDS[field]}: {old or '-'} -> {value or '-'}"
                             + (f" ({reason})" if reason else ""))[:255])
    return person


@audit.atomic
def create_household(actor: Actor, *, municipality, members: list[tuple[Person, str]]) -> Household:
    household = Household.objects.create(reference=next_reference("HH"), municipality=municipality)
    for person, role in members:
        HouseholdMember.objects.get_or_create(household=household, person=person,
                                              defaults={"role": role})
    audit.log_access(actor, event=Event.HOUSEHOLD_CREATED, action=Action.CREATE, obj=household,
                     persons=[p for p, _ in members])
    return household


@audit.atomic
def add_to_household(actor: Actor, household: Household, person: Person, role: str) -> None:
    _, created = HouseholdMember.objects.get_or_create(household=household, person=person,
                                                       defaults={"role": role})
    if created:
        audit.log_access(actor, event=Event.HOUSEHOLD_MEMBER_ADDED, action=Action.UPDATE,
                         obj=household, persons=[person])


@audit.atomic
def add_relationship(actor: Actor, person: Person, other: Person, kind: str, note: str = ""):
    if person.pk == other.pk:
        raise RuleViolation("Een persoon kan geen relatie met zichzelf hebben.", field="other")
    relationship, _ = Relationship.objects.get_or_create(person=person, other=other, kind=kind,
                                                         defaults={"note": note})
    audit.log_access(actor, event=Event.PERSON_RELATIONSHIP_ADDED, action=Action.UPDATE, obj=person,
                     persons=[person, other], detail=kind)
    return relationship


# --- Merge and undo -----------------------------------------------------------------------------
#
# A merge must leave nothing of the person on the merged record, or that part of their file is lost
# from sight (the merged record is shown nowhere). A hard-coded list of links went out of date as
# soon as another app added a model that points at a person, so each app registers its own links
# from its AppConfig.ready() (persons imports none of them), and a test fails for any foreign key to
# Person that is neither registered here nor listed in NOT_MOVED with its reason.

_MERGE_LINKS: dict[tuple[str, str], None] = {}  # (model label, field name), in registration order

# Links to a person that a merge deliberately leaves where they are, and why.
NOT_MOVED = {
    ("persons.Person", "merged_into"): "the merge itself: the merged record points at the kept one",
    ("persons.PersonMerge", "kept"): "the record of the merge names both persons, to undo it",
    ("persons.PersonMerge", "merged"): "the record of the merge names both persons, to undo it",
    ("persons.PersonBSN", "person"): "the BSN is the row's primary key; it travels by its own rule "
                                     "(_swap_bsn), so the kept record can be found by it",
}

# The key in PersonMerge.moved under which rows that could not move are kept (see merge_persons).
SET_ASIDE = "set_aside"


def register_merge_link(model_label: str, field_name: str) -> None:
    """Declare that ``model_label.field_name`` (a foreign key to Person) moves with a merge.

    Called by the app that owns the model, from its ``AppConfig.ready()``.
    """
    _MERGE_LINKS[(model_label, field_name)] = None


def merge_links() -> list[tuple[str, str]]:
    return list(_MERGE_LINKS)


def _link_models():
    from django.apps import apps

    for label, field_name in _MERGE_LINKS:
        yield apps.get_model(label), field_name  # a registered name that is wrong is a bug: raise


@audit.atomic
def merge_persons(actor: Actor, *, keep: Person, merge: Person, reason: str) -> PersonMerge:
    """Move every registered link from ``merge`` to ``keep`` and hide ``merge``.

    A row that cannot move is *set aside*: deleted, with its exact content kept in the merge record,
    so that nothing stays on the merged record and an undo puts it back as it was. That is a row the
    kept person already has an equivalent of (a unique constraint, e.g. both in the same case or
    household), or a row that would link the person to themselves (a relationship between the two
    records).
    """
    require(actor, "persons.merge")
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
    links = list(_link_models())
    moved: dict = {}
    set_aside = []
    for model, field_name in links:
        other_person_fields = [model._meta.get_field(f).attname
                               for m, f in links if m is model and f != field_name]
        ids = []
        for row in model.objects.filter(**{field_name: merge}):
            to_itself = any(getattr(row, attname) == keep.pk for attname in other_person_fields)
            if to_itself or _clashes(model, field_name, row, keep):
                set_aside.append(row)
            else:
                ids.append(row.pk)
        model.objects.filter(pk__in=ids).update(**{field_name: keep})
        moved[f"{model._meta.label}:{field_name}"] = ids
    if set_aside:
        moved[SET_ASIDE] = json.loads(serializers.serialize("json", set_aside))
        for row in set_aside:
            row.delete()
    if _bsn_rank(merge_bsn) > _bsn_rank(keep_bsn):
        _swap_bsn(keep, merge)
        moved["bsn"] = True
    merge.merged_into = keep
    merge.save(update_fields=["merged_into"])
    record = PersonMerge.objects.create(kept=keep, merged=merge, moved=moved, reason=reason.strip(),
                                        merged_by=actor.user)
    audit.log_access(actor, event=Event.PERSON_MERGED, action=Action.UPDATE, obj=keep,
                     persons=[keep, merge], detail=f"{merge.pk} -> {keep.pk}")
    return record


def _clashes(model, field_name, row, keep) -> bool:
    """Would moving ``row`` to ``keep`` break a uniqueness rule, because ``keep`` already has the
    same link (e.g. a role in the same case)? Every unique constraint, ``unique_together`` and
    ``unique`` field that includes the person field counts; a conditional constraint only when the
    row meets its condition."""
    meta = model._meta
    groups = [(constraint.fields, constraint.condition) for constraint in meta.constraints
              if isinstance(constraint, UniqueConstraint) and field_name in constraint.fields]
    groups += [(fields, None) for fields in meta.unique_together if field_name in fields]
    if meta.get_field(field_name).unique:
        groups.append(((field_name,), None))
    for fields, condition in groups:
        same = {meta.get_field(f).attname: getattr(row, meta.get_field(f).attname)
                for f in fields if f != field_name}
        existing = model.objects.filter(**{field_name: keep}, **same)
        if condition is not None:
            if not model.objects.filter(pk=row.pk).filter(condition).exists():
                continue
            existing = existing.filter(condition)
        if existing.exists():
            return True
    return False


_BSN_RANK = {BSNStatus.ABSENT: 1, BSNStatus.WITHHELD: 2, BSNStatus.KNOWN: 3}


def _bsn_rank(record: PersonBSN | None) -> int:
    return _BSN_RANK.get(record.status, 0) if record else 0


def _swap_bsn(one: Person, other: Person) -> None:
    """Exchange the BSN rows of two persons (the row's key is the person, so it cannot be moved).

    A merge swaps when the merged record knows more (a BSN, or that it is withheld) than the kept
    one: otherwise the kept record could no longer be found by its BSN, while the merged record that
    holds it is hidden. Undo swaps back.
    """
    values = {}
    for person in (one, other):
        record = PersonBSN.objects.filter(person=person).first()
        values[person.pk] = (None if record is None else
                             {"status": record.status, "encrypted_value": record.encrypted_value,
                              "lookup_hash": record.lookup_hash})
    PersonBSN.objects.filter(person__in=[one, other]).delete()  # frees the unique lookup hash
    for person, source in ((one, other), (other, one)):
        if values[source.pk] is not None:
            PersonBSN.objects.create(person=person, **values[source.pk])


@audit.atomic
def undo_merge(actor: Actor, record: PersonMerge) -> None:
    """Put back exactly what the merge moved, restore the rows it set aside, and show both records
    again."""
    require(actor, "persons.merge", record)
    if record.undone_at:
        raise RuleViolation("Deze samenvoeging is al ongedaan gemaakt.")
    from django.apps import apps

    for key, ids in record.moved.items():
        if key in (SET_ASIDE, "bsn"):
            continue
        # Merges from before the registration named the model only; their links were all "person".
        label, _, field_name = key.partition(":")
        apps.get_model(label).objects.filter(pk__in=ids).update(
            **{field_name or "person": record.merged})
    if record.moved.get(SET_ASIDE):
        for restored in serializers.deserialize("json", json.dumps(record.moved[SET_ASIDE])):
            restored.save()
    if record.moved.get("bsn"):
        _swap_bsn(record.kept, record.merged)
    Person.objects.filter(pk=record.merged_id).update(merged_into=None)
    record.undone_at = timezone.now()
    record.undone_by = actor.user
    record.save(update_fields=["undone_at", "undone_by"])
    audit.log_access(actor, event=Event.PERSON_MERGE_UNDONE, action=Action.UPDATE, obj=record.kept,
                     persons=[record.kept_id, record.merged_id])
