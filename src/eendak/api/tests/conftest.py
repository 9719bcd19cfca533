"""Fixtures for the API tests: people in the roles the endpoints serve. The JSON and problem+json
helpers are in ``support`` (re-exported here for the modules that import them from this conftest)."""

import pytest
from django.core.cache import cache

from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f

from .support import (  # noqa: F401 - re-exported
    PASSWORD,
    PROBLEM,
    assert_problem,
    body,
    invalid_names,
    patch_json,
    post_json,
)


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttle counters live in the (local-memory) cache; one test's requests must not count in
    the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hospital(region):
    return f.organisation(T.HOSPITAL)


@pytest.fixture
def liaison(police):
    """A police liaison: sees client data, but only of files the police take part in."""
    return f.membership(Role.PARTNER_LIAISON, police)


@pytest.fixture
def clinician(hospital):
    """A hospital clinician: may break the glass, takes part in no file."""
    return f.membership(Role.HOSPITAL_CLINICIAN, hospital)


@pytest.fixture
def functional_admin(vt):
    return f.membership(Role.FUNCTIONAL_ADMIN, vt)


@pytest.fixture
def admin_client(functional_admin, login_as):
    return login_as(functional_admin)
