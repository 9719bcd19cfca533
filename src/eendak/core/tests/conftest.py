"""Fixtures and helpers for the core tests: a functional administrator and a real password + TOTP login."""

import pytest
from django.urls import reverse
from django_otp.oath import totp

from eendak.core.roles import Role
from eendak.testing import factories as f

PASSWORD = "Correct-Paard-Batterij-7"  # what UserFactory sets


def totp_code(device, *, offset_steps: int = 0) -> str:
    """The code an authenticator app would show now for this device (as django-otp computes it)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + offset_steps):0{device.digits}d}"


def password_login(client, username: str, password: str = PASSWORD, **extra):
    return client.post(reverse("core:login"), {"username": username, "password": password}, **extra)


def page_text(response) -> str:
    return response.content.decode()


@pytest.fixture
def admin_membership(vt):
    return f.membership(Role.FUNCTIONAL_ADMIN, vt)


@pytest.fixture
def admin_client(admin_membership, login_as):
    return login_as(admin_membership)


def field_error(response, field_name: str) -> str:
    """The error text shown under one field (includes/field.html gives it a predictable id)."""
    import re
    from html import unescape

    found = re.findall(rf'id="id_{field_name}_error">(.*?)</div>', page_text(response), re.S)
    return unescape(" ".join(found))
