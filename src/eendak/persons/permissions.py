"""Who may see a household's file and its persons: need to know, declared once.

An organisation sees a household through an **access source**: a way of holding its file. The apps
that give such access register their source here, so this module (and ``persons``) imports none of
them and the layering stays one-way:

- ``cases`` registers taking part in the household's case (``cases.permissions``);
- ``intake`` registers Veilig Thuis holding a report about it (its statutory task);
- break the glass (``audit.EmergencyAccess``, an active grant) is this module's own, because it is
  the one source that is *not* regular access: while a grant is the only way in, every read is an
  emergency read (``emergency_grant_for``).

Sources are correlated ``EXISTS`` conditions on a household id, not ``pk IN (subquery)``: for one
object PostgreSQL probes a few indexed rows instead of building the set of every household a large
organisation takes part in (250 ms for Veilig Thuis at 26,000 households), and a list is still one
semi-join. The querysets (``visible_households``, ``visible_persons``) are the rules behind
``persons.view_household`` and ``persons.view_person``, so a list can never show what the detail page
would refuse.
"""

from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from eendak.audit.models import EmergencyAccess
from eendak.core.permissions import Kind, Subject, declare, subject_of
from eendak.core.roles import Capability

from .models import Household, HouseholdMember, Person

# A source: (membership, household id expression) -> a Q condition, or None when it cannot apply to
# this membership (e.g. the report source for an organisation that is not Veilig Thuis).
AccessSource = Callable[[object, object], Q | None]
_ACCESS_SOURCES: dict[str, AccessSource] = {}


def register_access_source(name: str, source: AccessSource) -> None:
    """Called once by each app that gives regular access to a household's file (AppConfig.ready)."""
    _ACCESS_SOURCES[name] = source


def _regular_access(membership, household_ref) -> Q:
    condition = Q(pk__in=[])  # deny by default: no source, no access
    for source in _ACCESS_SOURCES.values():
        found = source(membership, household_ref)
        if found is not None:
            condition |= found
    return condition


def _emergency_access(membership, household_ref) -> Q:
    return Q(Exists(EmergencyAccess.objects.filter(
        membership=membership, household_id=household_ref, expires_at__gt=timezone.now())))


def _household_visible(membership, household_ref) -> Q:
    return _regular_access(membership, household_ref) | _emergency_access(membership, household_ref)


def _client_membership(who):
    subject = subject_of(who)
    return subject.membership if subject.has(Capability.CLIENT_DATA) else None


def visible_households(who) -> QuerySet:
    """Households whose file the acting organisation holds (a registered source) or has broken the
    glass for. Roles without client data see none."""
    membership = _client_membership(who)
    if membership is None:
        return Household.objects.none()
    return Household.objects.filter(_household_visible(membership, OuterRef("pk")))


def visible_persons(who) -> QuerySet:
    """Persons in a visible household (the same EXISTS shape, one level deeper)."""
    membership = _client_membership(who)
    if membership is None:
        return Person.objects.none()
    return Person.objects.filter(Exists(
        HouseholdMember.objects.filter(person_id=OuterRef("pk")).filter(
            _household_visible(membership, OuterRef("household_id")))))


def held_persons(who) -> QuerySet:
    """Persons in a household whose file the acting organisation *holds* (a registered source), not
    those it sees only through a break-the-glass grant: for what it may be offered without reading
    anything (a search among its own), where an emergency read would need its reason."""
    membership = _client_membership(who)
    if membership is None:
        return Person.objects.none()
    return Person.objects.filter(Exists(
        HouseholdMember.objects.filter(person_id=OuterRef("pk")).filter(
            _regular_access(membership, OuterRef("household_id")))))


def holds_file(who, household) -> bool:
    """Regular (not emergency) access to this household's file."""
    return household is not None and household.pk in households_held(who, [household.pk])


def households_held(who, household_ids) -> set[int]:
    """Of these households, the ones whose file the acting organisation holds (regular access, not
    an emergency grant): one query however many households a page shows."""
    membership = _client_membership(who)
    ids = [pk for pk in household_ids if pk is not None]
    if membership is None or not ids:
        return set()
    return set(Household.objects.filter(pk__in=ids)
               .filter(_regular_access(membership, OuterRef("pk"))).values_list("pk", flat=True))


def emergency_grants_for(who, households) -> dict[int, EmergencyAccess]:
    """Per household, the active break-the-glass grant that is the organisation's *only* way in
    (households it holds the file of have none): two queries for a whole page."""
    membership = _client_membership(who)
    ids = [getattr(h, "pk", h) for h in households if h is not None]
    if membership is None or not ids:
        return {}
    grants = {}
    for grant in (EmergencyAccess.objects.filter(membership=membership, household_id__in=ids,
                                                 expires_at__gt=timezone.now())
                  .order_by("granted_at")):
        grants[grant.household_id] = grant  # the latest grant per household wins
    if not grants:
        return {}
    held = households_held(who, list(grants))
    return {pk: grant for pk, grant in grants.items() if pk not in held}


def emergency_grant_for(who, households) -> EmergencyAccess | None:
    """The one answer to "is this an emergency (break-the-glass) read?": the active grant when it is
    the *only* way this organisation sees one of these households, else None.

    Regular access wins: someone who holds the file never works "in emergency", so the red banner and
    the emergency flag in the log mean exactly that the glass was broken to see this.
    """
    households = [h for h in households if h is not None]
    grants = emergency_grants_for(who, households)
    return next((grants[h.pk] for h in households if h.pk in grants), None)


def note_emergency(request, households) -> EmergencyAccess | None:
    """Decide once per request whether the glass was broken to see these households, and keep the
    answer where the request's log entries and its refusal read it (``request.eendak_emergency``,
    read by ``Actor.seen_through``)."""
    request.eendak_emergency = emergency_grant_for(request.user, households)
    return request.eendak_emergency


def emergency_reason(who, households) -> str:
    """The grant's reason when ``emergency_grant_for`` says this is an emergency read, else "": what
    an access-log entry of such a read carries."""
    grant = emergency_grant_for(who, households)
    return grant.reason if grant else ""


# --- The declared permissions -------------------------------------------------------------------


@declare("persons.view_household", Kind.READ,
         "a client-data role whose organisation holds the household's file (takes part in its case; "
         "Veilig Thuis: holds a report about it) or has broken the glass for it")
def view_household(who: Subject, household) -> bool:
    return household is not None and visible_households(who).filter(pk=household.pk).exists()


@declare("persons.view_person", Kind.READ,
         "a client-data role that may see one of the person's households (persons.view_household)")
def view_person(who: Subject, person) -> bool:
    return person is not None and visible_persons(who).filter(pk=person.pk).exists()


@declare("persons.reveal_bsn", Kind.READ,
         "whoever may see the person (persons.view_person); every reveal is its own log entry")
def reveal_bsn(who: Subject, person) -> bool:
    return view_person(who, person)


@declare("persons.add_relationship", Kind.CHANGE,
         "an organisation that holds the file of one of the person's households (break the glass "
         "opens it to read, not to change); the other person must share that household")
def add_relationship(who: Subject, person) -> bool:
    if person is None:
        return False
    household_ids = HouseholdMember.objects.filter(person=person).values_list("household_id",
                                                                                flat=True)
    return bool(households_held(who, list(household_ids)))


@declare("persons.search_all", Kind.READ,
         "Veilig Thuis only: finding who is already known looks across all persons")
def search_all(who: Subject, obj=None) -> bool:
    return who.is_veilig_thuis


@declare("persons.merge", Kind.CHANGE,
         "Veilig Thuis only: merging two records of one person (and undoing it)")
def merge(who: Subject, obj=None) -> bool:
    return who.is_veilig_thuis


@declare("persons.correct_person", Kind.CHANGE,
         "the privacy officer (capability person_access_report), second factor passed: a granted "
         "correction request (AVG art. 16) changes the person's own data")
def correct_person(who: Subject, person=None) -> bool:
    return who.has(Capability.PERSON_ACCESS_REPORT) and who.is_verified


@declare("persons.break_glass", Kind.CHANGE,
         "a role that may break the glass (intake, investigation, doctors, Veiligheidsteam, hospital), "
         "only for a household whose file its organisation does not already hold; with a written "
         "reason and the password again, time-limited and reported")
def break_glass(who: Subject, household=None) -> bool:
    if not who.has(Capability.BREAK_GLASS):
        return False
    return household is None or not holds_file(who, household)
