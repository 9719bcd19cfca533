"""Security headers and a strict content security policy, from the very first page."""

import re

import pytest
from django.urls import reverse

from eendak.core.roles import Role
from eendak.testing import factories as f

from .conftest import page_text

pytestmark = pytest.mark.django_db


def test_login_page_headers(client):
    response = client.get(reverse("core:login"))

    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'",
                      "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'",
                      "form-action 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_pages_behind_login_are_not_cached(intake, login_as):
    response = login_as(intake).get(reverse("core:home"))

    assert "no-store" in response["Cache-Control"]


def _assert_csp_clean(html, url):
    """What the CSP would block anyway must not be in our pages: inline scripts and style attributes."""
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
    assert "style=" not in html, url
    assert "<style" not in html, url
    assert not re.search(r"\son[a-z]+=", html), url  # no inline event handlers


def test_management_and_figures_pages_need_nothing_the_csp_blocks(admin_client, vt, login_as):
    service = f.membership(Role.PARTNER_LIAISON, f.organisation("police"),
                           f.UserFactory(is_service_account=True)).user
    urls = [
        reverse("core:login"),
        reverse("core:organisation_list"),
        reverse("core:organisation_create"),
        reverse("core:organisation_edit", args=[vt.pk]),
        reverse("core:user_list"),
        reverse("core:user_create"),
        reverse("core:user_detail", args=[service.pk]),
        reverse("core:user_edit", args=[service.pk]),
        reverse("tokens:create", args=[service.pk]),
    ]
    for url in urls:
        _assert_csp_clean(page_text(admin_client.get(url)), url)
    analyst = login_as(f.membership(Role.ANALYST, vt))
    _assert_csp_clean(page_text(analyst.get(reverse("monitoring:statistics"))), "statistics")
