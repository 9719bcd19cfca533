"""Fixtures for the persons API tests: a partner who sees client data only of files its organisation
takes part in. The JSON and problem+json helpers are the API's (``eendak.api.tests.support``)."""

import pytest

from eendak.core.roles import Role
from eendak.testing import factories as f


@pytest.fixture
def liaison(police):
    """A police liaison: sees client data, but only of files the police take part in."""
    return f.membership(Role.PARTNER_LIAISON, police)
