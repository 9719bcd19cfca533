"""Fixtures for the API tests: people in the roles the endpoints serve, and JSON helpers."""

import json

import pytest
from django.core.cache import cache

from eendak.core.roles import OrganisationType as T
from eendak.core.roles import Role
from eendak.testing import factories as f

PASSWORD = "Correct-Paard-Batterij-7"  # what UserFactory sets
PROBLEM = "application/problem+json"


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
def log_admin(vt):
    return f.membership(Role.LOG_ADMIN, vt)


@pytest.fixture
def privacy_officer(vt):
    return f.membership(Role.PRIVACY_OFFICER, vt)


@pytest.fixture
def functional_admin(vt):
    return f.membership(Role.FUNCTIONAL_ADMIN, vt)


def body(response):
    return json.loads(response.content)


def assert_problem(response, status: int):
    """An error the way every API error looks: problem+json with the status in the body."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith(PROBLEM), response["Content-Type"]
    data = body(response)
    assert data["status"] == status
    assert data["title"] and data["detail"]
    return data


def invalid_names(response) -> set[str]:
    return {param["name"] for param in body(response).get("invalid_params", [])}


def post_json(client, url, data=None, **extra):
    return client.post(url, json.dumps(data or {}), content_type="application/json", **extra)


def patch_json(client, url, data, **extra):
    return client.patch(url, json.dumps(data), content_type="application/json", **extra)
