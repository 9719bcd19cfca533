"""Reading persons and households under need-to-know, with the access-log entry in one place.

Every view and endpoint that shows a person goes through these functions; they return only what the
acting organisation may see and log what was shown. Not-allowed and not-there are the same 404.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q
from django.http import Http404

from eendak.audit import services as audit
from eendak.audit.models import Action, Outcome
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import allowed, require, subject_of

from . import bsn as bsn_module
from . import hooks, matching
from .events import Event
from .models import Household, HouseholdMember, Person, PersonBSN
from .permissions import emergency_grants_for, emergency_reason, visible_households, visible_persons


def open_household(actor: Actor, user, household_pk) -> Household:
    household = visible_households(user).filter(pk=household_pk).first()
    if household is None:
        audit.log_access(actor, event=Event.HOUSEHOLD_READ, action=Action.READ,
                         obj=("persons.household", str(household_pk)), outcome=Outcome.NOT_FOUND)
        raise Http404
    persons = list(household.persons.all())
    reason = emergency_reason(user, [household])
    audit.log_access(actor, event=Event.HOUSEHOLD_READ, action=Action.READ, obj=household,
                     persons=persons, emergency=bool(reason), reason=reason)
    return household


def open_person(actor: Actor, user, person_pk) -> Person:
    person = visible_persons(user).filter(pk=person_pk).select_related("municipality").first()
    if person is None:
        audit.log_access(actor, event=Event.PERSON_READ, action=Action.READ,
                         obj=("persons.person", str(person_pk)), outcome=Outcome.NOT_FOUND)
        raise Http404
    households = list(visible_households(user).filter(members__person=person))
    reason = emergency_reason(user, households)
    audit.log_access(actor, event=Event.PERSON_READ, action=Action.READ, obj=person,
                     persons=[person], emergency=bool(reason), reason=reason)
    apply_shields(user, [person])
    return person


def apply_shields(user, persons) -> None:
    """Blank the address of anyone shielded from the acting organisation in one of their cases
    (e.g. a victim's shelter address). Done on the instance, before any template or serializer,
    so no screen or endpoint can forget it."""
    if not persons:
        return
    shielded = hooks.shielded_from(subject_of(user).organisation_id, [p.pk for p in persons])
    for person in persons:
        person.address_shielded = person.pk in shielded
        if person.address_shielded:
            person.street = person.house_number = person.postcode = person.city = ""


def reveal_bsn(actor: Actor, user, person: Person) -> str:
    """The full BSN, on explicit request only; a separate log entry says it was shown."""
    if not allowed(user, "persons.reveal_bsn", person):
        raise Http404
    record = PersonBSN.objects.filter(person=person).first()
    if record is None or not record.encrypted_value:
        return ""
    households = list(visible_households(user).filter(members__person=person))
    reason = emergency_reason(user, households)
    audit.log_access(actor, event=Event.PERSON_BSN_REVEALED, action=Action.READ, obj=person,
                     persons=[person], emergency=bool(reason), reason=reason)
    return bsn_module.decrypt(record.encrypted_value)


def masked_bsn(person: Person) -> str:
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
    qs = visible_persons(user).select_related("municipality")
    criteria = []
    if bsn:
        digits = bsn_module.normalise(bsn)
        qs = qs.filter(bsn__lookup_hash=bsn_module.lookup_hash(digits))
        criteria.append("bsn")
    if name:
        # Every word must match some part of the name, so "Jan van Dijk" finds the person whose
        # prefix "van" is stored apart from the surname.
        for part in name.split():
            qs = qs.filter(Q(surname__icontains=part) | Q(given_names__icontains=part)
                           | Q(surname_prefix__iexact=part) | Q(birth_surname__icontains=part))
        criteria.append(f"naam={name}")
    if date_of_birth:
        qs = qs.filter(date_of_birth=date_of_birth)
        criteria.append(f"geboortedatum={date_of_birth:%Y-%m-%d}")
    results = list(qs.distinct().order_by("surname", "given_names")[:limit]) if criteria else []
    audit.log_access(actor, event=Event.PERSON_SEARCH, action=Action.SEARCH, persons=results,
                     detail="; ".join(criteria)[:255])
    return results


def search_all_persons(actor: Actor, user, *, bsn: str = "", surname: str = "", given_names: str = "",
                       date_of_birth=None, limit: int = 20) -> list[matching.Candidate]:
    """Who is already known, across *all* persons (not only the files one holds): for Veilig Thuis
    (``persons.search_all``), before two records of one person are merged.

    The tolerant matching of ``persons.matching`` (exact by BSN; by surname, also the birth name,
    with typos, given name and date of birth, also with day and month swapped), best first; a
    merged record is never a candidate. Addresses shielded from the acting organisation are blanked.
    Logged as a search naming every person found, with the criteria's names (never the BSN or the
    name typed) as detail.
    """
    require(user, "persons.search_all")
    candidates = matching.find_candidates(bsn=bsn, surname=surname, given_names=given_names,
                                          date_of_birth=date_of_birth, limit=limit)
    apply_shields(user, [c.person for c in candidates])
    audit.log_access(actor, event=Event.PERSON_SEARCH, action=Action.SEARCH,
                     persons=[c.person for c in candidates],
                     detail=describe_known_search(bsn=bsn, surname=surname, given_names=given_names,
                                                  date_of_birth=date_of_birth))
    return candidates


def describe_known_search(*, bsn: str = "", surname: str = "", given_names: str = "",
                          date_of_birth=None) -> str:
    """What a search for who is known was on, as the access log's detail: "op BSN", or "op
    achternaam, voornaam, geboortedatum" — the criteria's names only, never what was typed."""
    if bsn:
        return "op BSN"
    parts = ["achternaam"] + [label for value, label in ((given_names, "voornaam"),
                                                         (date_of_birth, "geboortedatum"))
                              if value]
    return "op " + ", ".join(parts)


def household_members(household: Household):
    # person__bsn rides along so the masked BSN of every member costs no extra query.
    return (
        HouseholdMember.objects.filter(household=household)
        .select_related("person", "person__municipality", "person__bsn")
        .order_by("role", "person__date_of_birth")
    )


def household_cases(household: Household) -> list:
    """The household's cases with who takes part now; for the household page, already authorised
    (the case file answers: ``persons.hooks``)."""
    return hooks.cases_of_households([household.pk]).get(household.pk, [])


def person_households(user, person: Person):
    """The households of this person that the acting organisation may see, with the person's role."""
    return (
        HouseholdMember.objects.filter(person=person, household__in=visible_households(user))
        .select_related("household", "household__municipality")
        .order_by("household__reference")
    )


def list_households(actor: Actor, user, *, page_number=1, per_page: int = 25) -> Page:
    """"Mijn dossiers": one page of the households the acting organisation may see.

    One access-log entry names every person whose name the page shows: a list of names is a read of
    each of them. Households seen only through break-the-glass are marked, and make the entry an
    emergency entry.
    """
    members = HouseholdMember.objects.select_related("person").order_by("role",
                                                                        "person__date_of_birth")
    # A prefetch instead of a query per row for the members with their person; the open cases of
    # the whole page in one batch from the case file (persons.hooks).
    qs = (
        visible_households(user)
        .select_related("municipality")
        .prefetch_related(Prefetch("members", queryset=members, to_attr="member_list"))
        .order_by("reference")
    )
    page = Paginator(qs, per_page).get_page(page_number)
    households = list(page.object_list)
    page.object_list = households
    open_cases = hooks.cases_of_households([h.pk for h in households], open_only=True)
    for household in households:
        household.open_cases = open_cases.get(household.pk, [])
    grants = emergency_grants_for(user, households)  # the whole page in two queries
    reasons = []
    for household in households:
        household.emergency_grant = grants.get(household.pk)
        if household.emergency_grant and household.emergency_grant.reason not in reasons:
            reasons.append(household.emergency_grant.reason)
    persons = [m.person for household in households for m in household.member_list]
    audit.log_access(actor, event=Event.HOUSEHOLD_LIST, action=Action.READ, persons=persons,
                     emergency=bool(reasons), reason=" | ".join(reasons),
                     detail=f"pagina {page.number}: {len(households)} huishoudens")
    return page


def find_person_by_bsn(bsn: str) -> Person | None:
    """Exact match on the keyed hash, without need-to-know: only for roles that answer for the
    whole log (the privacy officer's access report). Client-data roles use ``search_persons``."""
    digits = bsn_module.normalise(bsn)
    if not bsn_module.is_valid_bsn(digits):
        return None
    return Person.objects.filter(bsn__lookup_hash=bsn_module.lookup_hash(digits)).first()


def lookup_household_for_emergency(actor: Actor, user, query: str) -> Household:
    """Find the one household that a break-the-glass request is about, from its reference or a BSN.

    The caller learns only "found" or "not found" before the grant: nothing about the household is
    returned to show. The lookup is logged, as a search, since it probes for a file the user has no
    part in; the persons are not named, because nothing of them was shown.
    """
    query = (query or "").strip()
    if not allowed(user, "persons.break_glass"):
        raise Http404
    households: list[Household] = []
    by = "kenmerk"
    household = Household.objects.filter(reference__iexact=query).first() if query else None
    if household is not None:
        households = [household]
    else:
        digits = bsn_module.normalise(query)
        if len(digits) == 9 and not any(ch.isalpha() for ch in query):
            by = "bsn"
            if not bsn_module.is_valid_bsn(digits):
                raise RuleViolation(str(bsn_module.INVALID_MESSAGE), field="query")
            households = list(Household.objects.filter(
                members__person__bsn__lookup_hash=bsn_module.lookup_hash(digits)).distinct())
    if not households:
        audit.log_access(actor, event=Event.EMERGENCY_ACCESS_LOOKUP, action=Action.SEARCH,
                         outcome=Outcome.NOT_FOUND, detail=f"op {by}")
        raise RuleViolation("Er is geen dossier gevonden met dit kenmerk of BSN.", field="query")
    if len(households) > 1:
        audit.log_access(actor, event=Event.EMERGENCY_ACCESS_LOOKUP, action=Action.SEARCH,
                         outcome=Outcome.FAILED, detail=f"op {by}: meer dan één huishouden")
        raise RuleViolation("Deze persoon hoort bij meer dan één huishouden. Vul het kenmerk van "
                            "het huishouden in.", field="query")
    household = households[0]
    audit.log_access(actor, event=Event.EMERGENCY_ACCESS_LOOKUP, action=Action.SEARCH,
                     obj=household, detail=f"op {by}")
    return household


def relationships_of(user, person: Person):
    """This person's relations to others the acting organisation may also see (both directions)."""
    from .models import Relationship

    visible = visible_persons(user)
    return list(
        Relationship.objects.filter(Q(person=person, other__in=visible)
                                    | Q(other=person, person__in=visible))
        .select_related("person", "other").order_by("kind", "id")
    )


def relation_candidates(user, person: Person):
    """Whom a relation can be recorded with: the other members of this person's visible households."""
    households = visible_households(user).filter(members__person=person)
    return (Person.objects.filter(memberships__household__in=households, merged_into__isnull=True)
            .exclude(pk=person.pk).distinct().order_by("surname", "given_names"))


def add_relationship(actor: Actor, user, person: Person, *, other_pk, kind: str, note: str = ""):
    """Record a relation between two persons of a visible household (the rule: persons.registry)."""
    from .models import RelationshipKind
    from .registry import add_relationship as record

    require(actor, "persons.add_relationship", person)
    other = relation_candidates(user, person).filter(pk=other_pk).first()
    if other is None:
        raise RuleViolation("Kies een gezinslid uit hetzelfde huishouden.", field="other")
    if kind not in RelationshipKind.values:
        raise RuleViolation("Kies het soort relatie.", field="kind")
    return record(actor, person, other, kind, note)
