"""Fixtures for the privacy tests: the roles that read the log or break the glass.

The screens' tests make their own members with ``make_member``; the API tests use these, as they
did under ``eendak/api/tests``. JSON and problem+json helpers are the API tests' own, so every API
error is checked the same way.
"""

import pytest
from django.core.cache import cache

from eendak.api.tests.conftest import (  # noqa: F401 - re-exported for the test modules
    PASSWORD,
    assert_problem,
    body,
    invalid_names,
    post_json,
)
from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Break the glass is throttled per user, counted in the (local-memory) cache; one test's
    attempts must not count in the next."""
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
def log_admin(vt):
    return f.membership(Role.LOG_ADMIN, vt)


@pytest.fixture
def privacy_officer(vt):
    return f.membership(Role.PRIVACY_OFFICER, vt)


@pytest.fixture
def functional_admin(vt):
    return f.membership(Role.FUNCTIONAL_ADMIN, vt)
