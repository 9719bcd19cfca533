"""A database that is briefly gone answers 503 problem+json with Retry-After, not a 500."""

from unittest import mock

import pytest
from django.db import OperationalError

from eendak.core.roles import Role
from eendak.testing import factories as f


@pytest.mark.django_db
def test_operational_error_becomes_503_with_retry_after(vt, login_as):
    client = login_as(f.membership(Role.VT_INTAKE, vt))
    with mock.patch("eendak.api.views.MeView.get", side_effect=OperationalError("server closed")):
        response = client.get("/api/v1/me/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "5"
    assert "Idempotency-Key" in response.json()["detail"]
