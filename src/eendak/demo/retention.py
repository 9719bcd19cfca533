"""Retention's demo: the periods (seeded by migration), two old Veilig Thuis files on this year's
list of files due for destruction, a destruction request waiting for a proposal, and one proposed by
the demo privacy officer (``privacy``) waiting for the second pair of eyes — the log administrator
(``logbeheer``) — so that ``make run`` shows every step.

Four small synthetic households of their own (references ``DEMO-BEWAAR-1``, ``-2`` and
``DEMO-VERZOEK-1``, ``-2``), made through the persons' services; the old cases are rows whose
closing date lies 20+ years back, which no service can write. Made again without doubling (an
earlier demo's are removed first); a reset removes them too. Without the demo accounts nothing is
made.
"""

from datetime import date, datetime, timedelta

from django.utils import timezone

from eendak.cases.models import Case, Participation
from eendak.core.actors import Actor
from eendak.core.models import Municipality, Organisation
from eendak.core.roles import OrganisationType, Role
from eendak.persons import registry as persons
from eendak.persons.models import Household, Person
from eendak.retention import services
from eendak.retention.models import DestructionRequest, DueList, Outcome
from eendak.retention.tasks import compile_due_list

from .accounts import demo_actor

OLD_FILES = "DEMO-BEWAAR-"
REQUESTS = "DEMO-VERZOEK-"

# (reference, members as (given names, surname, birth date, role), closed on)
HOUSEHOLDS = [
    (f"{OLD_FILES}1", [("Ineke", "Verhoeven", date(1961, 4, 12), "parent"),
                       ("Ruud", "Verhoeven", date(1958, 9, 3), "partner")], date(2003, 6, 30)),
    (f"{OLD_FILES}2", [("Marja", "de Kort", date(1962, 1, 20), "parent"),
                       ("Dennis", "de Kort", date(1984, 2, 14), "child")], date(2001, 11, 5)),
    (f"{REQUESTS}1", [("Samira", "El Idrissi", date(1990, 7, 8), "parent"),
                      ("Yasmin", "El Idrissi", date(2012, 3, 30), "child")], date(2021, 5, 17)),
    (f"{REQUESTS}2", [("Tom", "Jansen", date(1985, 10, 1), "parent"),
                      ("Lieke", "Jansen", date(1987, 12, 24), "partner")], date(2022, 9, 9)),
]


def _actor(username: str, role: str, index: int) -> Actor | None:
    return demo_actor(username, role, f"10.60.{index}.{index}")


def remove_retention_demo() -> None:
    households = Household.objects.filter(reference__startswith="DEMO-BEWAAR-") | \
        Household.objects.filter(reference__startswith=REQUESTS)
    DestructionRequest.objects.filter(household__in=households).delete()
    DueList.objects.filter(items__household__in=households).delete()
    member_ids = list(Person.objects.filter(memberships__household__in=households)
                      .values_list("pk", flat=True))
    Case.objects.filter(household__in=households).delete()
    from eendak.persons.models import HouseholdMember, PersonBSN

    HouseholdMember.objects.filter(household__in=households).delete()
    PersonBSN.objects.filter(person_id__in=member_ids).delete()
    Person.objects.filter(pk__in=member_ids).delete()
    households.delete()


def _household(actor: Actor, reference: str, members, closed_on: date, vt: Organisation):
    tilburg = Municipality.objects.get(cbs_code="GM0855")
    made = []
    for given, surname, born, role in members:
        person = persons.create_person(actor, persons.PersonData(
            given_names=given, surname=surname, date_of_birth=born, city="Tilburg",
            municipality_id=tilburg.pk))
        made.append((person, role))
    Person.objects.filter(pk__in=[p.pk for p, _role in made]).update(is_synthetic=True)
    household = persons.create_household(actor, municipality=tilburg, members=made)
    closed_at = timezone.make_aware(datetime(closed_on.year, closed_on.month, closed_on.day, 12))
    # Dated from the file, not from the moment of loading: the same seed gives the same data set.
    Household.objects.filter(pk=household.pk).update(
        reference=reference, is_synthetic=True, created_at=closed_at - timedelta(days=200))
    household.refresh_from_db()
    case = Case.objects.create(
        reference=f"C-{reference}", household=household, responsible_organisation=vt,
        status="closed", opened_at=closed_at - timedelta(days=200), closed_at=closed_at,
        closure_reason="stable_safety", is_synthetic=True)
    Participation.objects.create(case=case, organisation=vt, task="Veilig Thuis",
                                 started_at=case.opened_at, ended_at=closed_at)
    return household, [p for p, _role in made]


def seed_retention(today: date | None = None) -> dict:
    """The demo's retention work; returns what was made (empty without the demo accounts)."""
    remove_retention_demo()
    officer = _actor("privacy", Role.PRIVACY_OFFICER, 1)
    second = _actor("logbeheer", Role.LOG_ADMIN, 2)
    intake = _actor("intake", Role.VT_INTAKE, 3)
    vt = Organisation.objects.filter(type=OrganisationType.VEILIG_THUIS).order_by("pk").first()
    if officer is None or second is None or intake is None or vt is None:
        return {}
    # The requests are recorded through the services, which refuse a date after the real today: a
    # demo dated later (``seed_demo --today`` in the future) records them as of now.
    today = min(today or timezone.localdate(), timezone.localdate())
    # The persons are made on behalf of Veilig Thuis's intake, as a report would.
    made = {reference: _household(intake, reference, members, closed_on, vt)
            for reference, members, closed_on in HOUSEHOLDS}
    household, people = made[f"{REQUESTS}1"]
    waiting = services.register_request(officer, household=household, person=people[0],
                                        received_on=today - timedelta(days=10))
    household, people = made[f"{REQUESTS}2"]
    proposed = services.register_request(officer, household=household, person=people[0],
                                         received_on=today - timedelta(days=20))
    services.propose(officer, proposed, outcome=Outcome.DESTROY,
                     explanation="Geen wettelijke grond om te weigeren: het gezin is sinds 2022 "
                                 "veilig en geen ander heeft een aanmerkelijk belang.")
    due_list = compile_due_list(vt, today.year)
    return {"waiting": waiting.reference, "proposed": proposed.reference,
            "due": due_list.items.count()}
