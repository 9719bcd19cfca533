"""The acute pathway's world: a hospital with a clinician and a forensic doctor, Veilig Thuis, a
second hospital that must see nothing, and presentations at the stages the tests need."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from eendak.acute import services
from eendak.core.actors import Actor
from eendak.core.models import Organisation
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.persons.registry import PersonData
from eendak.testing import factories as f


def actor_for(membership) -> Actor:
    return Actor(user=membership.user, membership=membership, ip_address="127.0.0.1")


@pytest.fixture
def forensic_doctor(hospital):
    return f.membership(Role.FORENSIC_DOCTOR, hospital)


@pytest.fixture
def other_hospital(hospital):
    """A second hospital in the region: it must see nothing of the first one's patients. Made after
    ``hospital`` (the region's first hospital by name), which it would otherwise become itself."""
    return Organisation.objects.get_or_create(name="Amphia Ziekenhuis (Spoedeisende hulp)",
                                              defaults={"type": T.HOSPITAL})[0]


@pytest.fixture
def other_clinician(other_hospital):
    return f.membership(Role.HOSPITAL_CLINICIAN, other_hospital)


@pytest.fixture
def clinician_actor(clinician):
    return actor_for(clinician)


@pytest.fixture
def toddler_data(tilburg_team):
    """A two-year-old, not known before."""
    born = timezone.localdate() - timedelta(days=2 * 365 + 30)
    return PersonData(given_names="Noor", surname="Testkind", date_of_birth=born,
                      municipality_id=tilburg_team.municipality_id)


@pytest.fixture
def toddler(clinician_actor, vt, toddler_data, tilburg_team):
    """A two-year-old with bruises at the emergency department, come in with her mother."""
    return services.register_presentation(clinician_actor, services.PresentationData(
        pathway="child_abuse", patient_data=toddler_data,
        municipality_id=tilburg_team.municipality_id, accompanied_by="Moeder",
        explanation="Van de bank gevallen.", complaint="Blauwe plekken op wang en oor."))


@pytest.fixture
def adult(clinician_actor, vt, tilburg_team):
    return services.register_presentation(clinician_actor, services.PresentationData(
        pathway="domestic_violence",
        patient_data=PersonData(given_names="Sara", surname="Testouder",
                                date_of_birth=date(1990, 5, 4)),
        municipality_id=tilburg_team.municipality_id, hague_reason="domestic_violence",
        children_at_home="yes", explanation="Geslagen door partner."))
