"""The API's throttles count per client address as the trusted-proxy rule says, never per a header
the client wrote (DRF's own ``get_ident`` takes the left-most ``X-Forwarded-For``)."""

from pathlib import Path

from django.test import RequestFactory, override_settings
from rest_framework.request import Request

import eendak
from eendak.api.throttling import AnonRateThrottle, UserRateThrottle

PROXY = "10.0.0.5"


class PerUser(UserRateThrottle):
    rate = "5/minute"  # a scope of its own, as the emergency-access throttle has


def request_from(peer: str, forwarded_for: str | None = None) -> Request:
    headers = {"REMOTE_ADDR": peer}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return Request(RequestFactory().get("/api/v1/me/", **headers))


@override_settings(EENDAK_TRUSTED_PROXIES=[f"{PROXY}/32"])
def test_a_client_cannot_choose_its_bucket_by_writing_x_forwarded_for():
    # Straight from the internet, with a forged header: counted as the peer it is.
    forged = request_from("198.51.100.7", forwarded_for="203.0.113.99")
    assert AnonRateThrottle().get_ident(forged) == "198.51.100.7"
    assert PerUser().get_ident(request_from("198.51.100.7", "203.0.113.99")) == "198.51.100.7"


@override_settings(EENDAK_TRUSTED_PROXIES=[f"{PROXY}/32"])
def test_behind_the_trusted_proxy_each_client_has_its_own_bucket():
    # The proxy appends the address it saw; whatever the client put in front of it is ignored.
    first = request_from(PROXY, forwarded_for="203.0.113.99, 192.0.2.10")
    second = request_from(PROXY, forwarded_for="192.0.2.11")
    assert AnonRateThrottle().get_ident(first) == "192.0.2.10"
    assert AnonRateThrottle().get_ident(second) == "192.0.2.11"


def test_no_module_uses_drf_throttles_directly():
    """A throttle taken straight from DRF would count per a forgeable header again."""
    source = Path(eendak.__file__).parent
    offenders = [
        str(path.relative_to(source)) for path in source.rglob("*.py")
        if "tests" not in path.parts and path.name != "throttling.py"
        and "rest_framework.throttling" in path.read_text(encoding="utf-8")
    ]
    assert offenders == [], f"Use eendak.api.throttling instead of DRF's throttles in {offenders}"
