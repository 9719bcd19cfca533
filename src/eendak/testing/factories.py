"""Factories for tests: synthetic people only, with BSNs from the test range (999…)."""

import random

import factory
from django.utils import timezone
from faker import Faker

from eendak.cases.models import Case, Participation
from eendak.core.models import Membership, Municipality, Organisation, User
from eendak.core.reference import (
    MUNICIPALITIES,
    ORGANISATIONS,
    REGION,
    ensure_reference_data,
    local_team_name,
    municipality_organisation_name,
)
from eendak.persons import bsn as bsn_module
from eendak.persons.models import BSNStatus, Household, HouseholdMember, Person, PersonBSN

fake = Faker("nl_NL")


def test_bsn(rng: random.Random | None = None) -> str:
    """A BSN that passes the 11-test and starts with 999, the range reserved for testing."""
    rng = rng or random.Random()
    while True:
        candidate = "999" + f"{rng.randrange(0, 1_000_000):06d}"
        if bsn_module.is_valid_bsn(candidate):
            return candidate


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"medewerker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.PostGenerationMethodCall("set_password", "Correct-Paard-Batterij-7")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


_REFERENCE_MUNICIPALITIES = {(code, name, REGION) for code, name in MUNICIPALITIES}
_REFERENCE_ORGANISATIONS = (
    {name for name, _type in ORGANISATIONS}
    | {local_team_name(name) for _code, name in MUNICIPALITIES}
    | {municipality_organisation_name(name) for _code, name in MUNICIPALITIES}
)


def reference_data() -> None:
    """The region's reference data, as ``ensure_reference_data`` makes it, cheaply when it is there.

    ``ensure_reference_data`` runs several dozen queries (get-or-create for every municipality and
    organisation, and the apps' loaders) and the factories and fixtures call it for nearly every
    object of nearly every test, although the test database already holds it (the root conftest's
    ``django_db_setup``; each test rolls back to that). Two queries tell whether it is all still
    there; only where it is not (after a transactional test flushed the database, or a test removed
    or renamed part of it) is it made again."""
    municipalities = set(Municipality.objects.values_list("cbs_code", "name", "region__name"))
    if not _REFERENCE_MUNICIPALITIES - municipalities and not _REFERENCE_ORGANISATIONS - set(
            Organisation.objects.filter(name__in=_REFERENCE_ORGANISATIONS)
            .values_list("name", flat=True)):
        return
    ensure_reference_data()


def organisation(org_type: str, municipality: str | None = None) -> Organisation:
    reference_data()
    qs = Organisation.objects.filter(type=org_type, is_active=True)
    if municipality:
        qs = qs.filter(municipality__name=municipality)
    return qs.order_by("name").first()


def membership(role: str, org: Organisation, user: User | None = None) -> Membership:
    user = user or UserFactory()
    return Membership.objects.create(user=user, organisation=org, role=role)


def veilig_thuis_actor():
    """An intake officer of the region's Veilig Thuis, acting: who may merge and search all persons."""
    from eendak.core.actors import Actor
    from eendak.core.roles import OrganisationType, Role

    acting = membership(Role.VT_INTAKE, organisation(OrganisationType.VEILIG_THUIS))
    acting.user.acting_membership = acting
    return Actor(user=acting.user, membership=acting)


def _tilburg() -> Municipality:
    reference_data()
    return Municipality.objects.get(cbs_code="GM0855")


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    reference = factory.Sequence(lambda n: f"HH-T{n:06d}")
    municipality = factory.LazyFunction(lambda: _tilburg())
    is_synthetic = True


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_names = factory.Faker("first_name", locale="nl_NL")
    surname = factory.Faker("last_name", locale="nl_NL")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=1, maximum_age=80)
    street = factory.Faker("street_name", locale="nl_NL")
    house_number = factory.Faker("building_number", locale="nl_NL")
    postcode = factory.Faker("postcode", locale="nl_NL")
    city = "Tilburg"
    is_synthetic = True


def person_in(household: Household, role: str = "parent", *, bsn: str | None = None,
              **kwargs) -> Person:
    person = PersonFactory(municipality=household.municipality, **kwargs)
    HouseholdMember.objects.create(household=household, person=person, role=role)
    if bsn:
        PersonBSN.objects.create(person=person, status=BSNStatus.KNOWN,
                                 encrypted_value=bsn_module.encrypt(bsn),
                                 lookup_hash=bsn_module.lookup_hash(bsn))
    return person


def case_for(household: Household, *participants: Organisation,
             responsible: Organisation | None = None) -> Case:
    responsible = responsible or participants[0]
    case = Case.objects.create(reference=f"C-{household.reference}", household=household,
                               responsible_organisation=responsible, opened_at=timezone.now(),
                               is_synthetic=True)
    for org in participants:
        Participation.objects.create(case=case, organisation=org, task="")
    return case
