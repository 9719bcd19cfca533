"""Fixtures for core's API tests: the functional administrator and a partner without management
rights. The JSON and problem+json helpers are the API's (``eendak.api.tests.support``)."""

import pytest


@pytest.fixture
def functional_admin(admin_membership):
    """The API tests' name for core's functional administrator (``admin_membership``)."""
    return admin_membership
