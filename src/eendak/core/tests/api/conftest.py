"""Fixtures for core's API tests: the functional administrator and a partner without management
rights. The JSON and problem+json helpers are the API's (``eendak.api.tests.support``)."""

import pytest

from eendak.core.roles import Role
from eendak.testing import factories as f


@pytest.fixture
def functional_admin(admin_membership):
    """The API tests' name for core's functional administrator (``admin_membership``)."""
    return admin_membership


@pytest.fixture
def liaison(police):
    """A police liaison: sees client data, but only of files the police take part in."""
    return f.membership(Role.PARTNER_LIAISON, police)
