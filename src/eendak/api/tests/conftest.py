"""Fixtures for the API tests: people in the roles the endpoints serve. The JSON and problem+json
helpers are in ``support`` (re-exported here for the modules that import them from this conftest)."""

import pytest

from .support import (  # noqa: F401 - re-exported
    PASSWORD,
    PROBLEM,
    assert_problem,
    body,
    invalid_names,
    patch_json,
    post_json,
)


@pytest.fixture
def admin_client(functional_admin, login_as):
    return login_as(functional_admin)
