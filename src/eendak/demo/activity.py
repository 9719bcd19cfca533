"""A plausible history in the access log, so the log and privacy screens have something to show.

The reads go through the same services the screens use (``eendak.persons.services``): they check
need-to-know and write the hash-chained entry, so the demo log is exactly what real use would have
written, and it verifies. One break-the-glass grant by the Spoedplein gives the privacy officer's
emergency-access report a row; three by Veilig Thuis's doctor give the demo privacy officer
(``privacy``, of Veilig Thuis) reviews to do: one judged, one open within its deadline and one past
it, so the overdue signal shows on their "Mijn werk".

The entries carry the moment of seeding: the access log takes its time from the clock, never from a
caller, and a demo does not get to bend that rule.
"""

import random

from django.conf import settings
from django.utils import timezone

from eendak.audit.models import EmergencyAccess
from eendak.core.actors import Actor
from eendak.core.models import Membership
from eendak.core.roles import Capability
from eendak.core.roles import OrganisationType as T
from eendak.persons import bsn as bsn_module
from eendak.persons import services as person_services
from eendak.persons.models import BSNStatus, Household, HouseholdMember, HouseholdRole
from eendak.persons.permissions import visible_households
from eendak.privacy.models import ReviewOutcome
from eendak.privacy.services import grant_emergency_access, review_emergency_grant

from .accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

EMERGENCY_REASON = (
    "Kind met onverklaard letsel binnengebracht op het Spoedplein; moeder noemt eerdere "
    "betrokkenheid van Veilig Thuis. Inzage nodig in de veiligheidsafspraken voor het forensisch "
    "onderzoek en het ontslag."
)


def _client_data_memberships() -> list[Membership]:
    usernames = [account.username for account in DEMO_ACCOUNTS]
    memberships = {
        m.user.username: m
        for m in Membership.objects.filter(user__username__in=usernames, is_active=True)
        .select_related("user", "organisation")
        if m.has(Capability.CLIENT_DATA)
    }
    return [memberships[name] for name in usernames if name in memberships]


def _actor(membership: Membership, index: int) -> Actor:
    user = membership.user
    user.acting_membership = membership
    return Actor(user=user, membership=membership, ip_address=f"10.20.{index}.{10 + index}")


def simulate_activity(seed: int, *, reads: int) -> int:
    """Write ``reads`` simulated reads by demo users, plus one emergency access. Returns the count."""
    rng = random.Random(f"{seed}:access-log")
    actors = []
    for index, membership in enumerate(_client_data_memberships()):
        actor = _actor(membership, index)
        visible = list(visible_households(actor.user).filter(is_synthetic=True)
                       .order_by("reference").values_list("pk", flat=True)[:500])
        if visible:
            actors.append((actor, visible))
    written = 0
    for _ in range(reads if actors else 0):
        actor, visible = rng.choice(actors)
        written += _one_read(rng, actor, rng.choice(visible))
    return written + _break_the_glass(rng) + _grants_to_review()


def _one_read(rng: random.Random, actor: Actor, household_pk: int) -> int:
    """Open a household, open a person, search a person by BSN, or reveal a BSN.

    Searches go by BSN (an indexed keyed-hash lookup), as intake mostly does; a name search scans
    every visible person and would make the large data set's history slow to write.
    """
    user = actor.user
    kind = rng.random()
    if kind < 0.5:
        person_services.open_household(actor, user, household_pk)
        return 1
    members = list(HouseholdMember.objects.filter(household_id=household_pk)
                   .order_by("person_id").select_related("person", "person__bsn"))
    member = rng.choice(members)
    known = [m.person for m in members if m.person.bsn.status == BSNStatus.KNOWN]
    if kind < 0.82 or not known:
        person_services.open_person(actor, user, member.person_id)
        return 1
    person = rng.choice(known)
    if kind < 0.92:
        person_services.search_persons(actor, user, bsn=bsn_module.decrypt(person.bsn.encrypted_value))
        return 1
    person_services.open_person(actor, user, person.pk)
    person_services.reveal_bsn(actor, user, person)
    return 2


def _break_the_glass(rng: random.Random) -> int:
    """The Spoedplein opens the file of a Tilburg family with a child it has no part in yet."""
    membership = next((m for m in _client_data_memberships()
                       if m.organisation.type == T.HOSPITAL and m.has(Capability.BREAK_GLASS)), None)
    if membership is None:
        return 0
    actor = _actor(membership, 99)
    user = actor.user
    candidates = list(
        Household.objects.filter(is_synthetic=True, cases__status="open",
                                 members__role=HouseholdRole.CHILD)
        .exclude(pk__in=visible_households(user))
        .select_related("municipality").distinct().order_by("reference")[:50]
    )
    tilburg = [h for h in candidates if h.municipality.name == "Tilburg"]
    if not candidates:
        return 0
    household = rng.choice(tilburg or candidates)
    grant_emergency_access(actor, user, household, reason=EMERGENCY_REASON, password=DEMO_PASSWORD)
    person_services.open_household(actor, user, household.pk)
    child = (HouseholdMember.objects.filter(household=household, role=HouseholdRole.CHILD)
             .order_by("person__date_of_birth").first())
    person_services.open_person(actor, user, child.person_id)
    return 3


EMERGENCY_HOUSEHOLD_PREFIX = "DEMO-NOOD-"
VT_EMERGENCY_REASON = (
    "Moeder belt in paniek vanuit een ander dossier over dit gezin; de kinderen zouden vannacht "
    "alleen thuis zijn. Nagaan welke veiligheidsafspraken er gelden voordat wij erheen gaan."
)
REVIEW_NOTE = ("Acuut gevaar voor de kinderen, buiten kantoortijd; alleen de veiligheidsafspraken "
               "ingezien. Gerechtvaardigd.")


def _grants_to_review() -> int:
    """Veilig Thuis's doctor breaks the glass three times, for households whose file Veilig Thuis
    does not hold: one grant judged by the privacy officer, one still within its review deadline,
    one past it.

    The grants go through the service; only the two older grants' own moments are moved back
    afterwards (their access-log entries keep the moment of seeding, as every demo entry does), so
    that the deadline, which is computed from the grant, has passed for one of them.
    """
    memberships = {m.user.username: m for m in Membership.objects.filter(
        user__username__in=["vtarts", "privacy"], is_active=True).select_related("user",
                                                                               "organisation")}
    doctor, officer = memberships.get("vtarts"), memberships.get("privacy")
    if doctor is None or officer is None or not doctor.has(Capability.BREAK_GLASS):
        return 0
    actor = _actor(doctor, 98)
    # Veilig Thuis holds every demo family's file, so these three are households it does not hold
    # yet: known elsewhere (another region's referral on its way), synthetic like all demo data.
    somewhere = Household.objects.filter(is_synthetic=True).values_list(
        "municipality_id", flat=True).first()
    if somewhere is None:
        return 0
    candidates = [Household.objects.get_or_create(
        reference=f"{EMERGENCY_HOUSEHOLD_PREFIX}{n}",
        defaults={"municipality_id": somewhere, "is_synthetic": True})[0] for n in (1, 2, 3)]
    days = settings.EENDAK_EMERGENCY_REVIEW_DAYS
    written = 0
    grants = []
    for household, age in zip(candidates, (days + 3, 1, days + 2), strict=True):
        grant = grant_emergency_access(actor, actor.user, household, reason=VT_EMERGENCY_REASON,
                                       password=DEMO_PASSWORD)
        moment = timezone.now() - timezone.timedelta(days=age)
        EmergencyAccess.objects.filter(pk=grant.pk).update(
            granted_at=moment,
            expires_at=moment + timezone.timedelta(hours=settings.EENDAK_EMERGENCY_ACCESS_HOURS))
        grant.refresh_from_db()
        grants.append(grant)
        written += 1
    review_emergency_grant(_actor(officer, 97), grants[0], ReviewOutcome.JUSTIFIED, REVIEW_NOTE)
    return written + 1
