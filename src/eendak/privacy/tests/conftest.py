"""The privacy tests' helpers. The people in roles (log administrator, privacy officer, clinician,
liaison ...) are the root conftest's; the JSON and problem+json helpers are the API tests' own, so
every API error is checked the same way."""

from eendak.api.tests.support import (  # noqa: F401 - re-exported for the test modules
    PASSWORD,
    assert_problem,
    body,
    invalid_names,
    post_json,
)
