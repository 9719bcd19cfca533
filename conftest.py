"""Fixtures shared by every test: reference data, people in roles, and clients logged in as them."""

import pytest

from eendak.core.reference import ensure_reference_data
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f
from eendak.testing.clients import verified_client


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the region's reference data once; each test's transaction rolls back to this state."""
    with django_db_blocker.unblock():
        ensure_reference_data()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is slow by design; tests that are about hashing itself override this back."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


@pytest.fixture
def region(db):
    return ensure_reference_data()


@pytest.fixture
def vt(region):
    return f.organisation(T.VEILIG_THUIS)


@pytest.fixture
def tilburg_team(region):
    return f.organisation(T.LOCAL_TEAM, "Tilburg")


@pytest.fixture
def police(region):
    return f.organisation(T.POLICE)


@pytest.fixture
def make_member(region):
    """make_member(role, organisation) -> Membership with a fresh user."""
    return f.membership


@pytest.fixture
def login_as():
    """login_as(membership) -> a Django test client past password, second factor and role choice."""
    return verified_client


@pytest.fixture
def intake(vt):
    return f.membership(Role.VT_INTAKE, vt)


@pytest.fixture
def household_with_case(vt, tilburg_team):
    """A household of three in Tilburg whose case Veilig Thuis and the Tilburg team take part in."""
    household = f.HouseholdFactory()
    parent = f.person_in(household, "parent", bsn=f.test_bsn())
    partner = f.person_in(household, "partner")
    child = f.person_in(household, "child")
    case = f.case_for(household, vt, tilburg_team, responsible=vt)
    return household, case, [parent, partner, child]
