"""Reading persons and households under need-to-know, with the access-log entry in one place.

Every view and endpoint that shows a person goes through these functions; they return only what the
acting organisation may see and log what was shown. Not-allowed and not-there are the same 404.
"""

from django.http import Http404

from eendak import authz
from eendak.audit import services as audit
from eendak.audit.models import Action, Outcome
from eendak.core.actors import Actor

from . import bsn as bsn_module
from .models import Household, HouseholdMember, Person, PersonBSN


def _emergency_reason(user, households) -> str:
    """If the user sees these households only through break-the-glass, the grant's reason."""
    for household in households:
        if authz.participates_in_household(user, household):
            return ""
    for household in households:
        grant = authz.emergency_grant(user, household)
        if grant:
            return grant.reason
    return ""


def open_household(actor: Actor, user, household_pk) -> Household:
    household = authz.visible_households(user).filter(pk=household_pk).first()
    if household is None:
        audit.log_access(actor, event="household.read", action=Action.READ,
                         obj=("persons.household", str(household_pk)), outcome=Outcome.NOT_FOUND)
        raise Http404
    persons = list(household.persons.all())
    reason = _emergency_reason(user, [household])
    audit.log_access(actor, event="household.read", action=Action.READ, obj=household,
                     persons=persons, emergency=bool(reason), reason=reason)
    return household


def open_person(actor: Actor, user, person_pk) -> Person:
    person = authz.visible_persons(user).filter(pk=person_pk).select_related("municipality").first()
    if person is None:
        audit.log_access(actor, event="person.read", action=Action.READ,
                         obj=("persons.person", str(person_pk)), outcome=Outcome.NOT_FOUND)
        raise Http404
    households = list(authz.visible_households(user).filter(members__person=person))
    reason = _emergency_reason(user, households)
    audit.log_access(actor, event="person.read", action=Action.READ, obj=person, persons=[person],
                     emergency=bool(reason), reason=reason)
    return person


def reveal_bsn(actor: Actor, user, person: Person) -> str:
    """The full BSN, on explicit request only; a separate log entry says it was shown."""
    if not authz.can_view_person(user, person):
        raise Http404
    record = PersonBSN.objects.filter(person=person).first()
    if record is None or not record.encrypted_value:
        return ""
    audit.log_access(actor, event="person.bsn_revealed", action=Action.READ, obj=person,
                     persons=[person])
    return bsn_module.decrypt(record.encrypted_value)


def masked_bsn(person: Person) -> str:
    record = getattr(person, "bsn", None) if hasattr(person, "bsn") else None
    try:
        record = person.bsn
    except PersonBSN.DoesNotExist:
        record = None
    if record is None:
        return ""
    if record.status != "known":
        return record.get_status_display()
    return bsn_module.mask(bsn_module.decrypt(record.encrypted_value))


def search_persons(actor: Actor, user, *, bsn: str = "", name: str = "", date_of_birth=None,
                   limit: int = 50) -> list[Person]:
    """Find persons the acting organisation may see. The search itself is logged, with its hits.

    Exact BSN through the keyed hash; otherwise a simple name (and date of birth) match. The
    error-tolerant matching of the intake comes with the persons module's identity matching.
    """
    qs = authz.visible_persons(user).select_related("municipality")
    criteria = []
    if bsn:
        digits = bsn_module.normalise(bsn)
        qs = qs.filter(bsn__lookup_hash=bsn_module.lookup_hash(digits))
        criteria.append("bsn")
    if name:
        for part in name.split():
            qs = qs.filter(surname__icontains=part) | qs.filter(given_names__icontains=part)
        criteria.append(f"naam={name}")
    if date_of_birth:
        qs = qs.filter(date_of_birth=date_of_birth)
        criteria.append(f"geboortedatum={date_of_birth:%Y-%m-%d}")
    results = list(qs.distinct().order_by("surname", "given_names")[:limit]) if criteria else []
    audit.log_access(actor, event="person.search", action=Action.SEARCH, persons=results,
                     detail="; ".join(criteria)[:255])
    return results


def household_members(household: Household):
    return (
        HouseholdMember.objects.filter(household=household)
        .select_related("person", "person__municipality")
        .order_by("role", "person__date_of_birth")
    )
