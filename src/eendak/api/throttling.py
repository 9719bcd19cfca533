"""DRF throttles that count per client address as ``audit.addresses.client_ip`` says it.

DRF's own ``SimpleRateThrottle.get_ident`` reads ``X-Forwarded-For`` itself (trusting the number of
proxies in ``NUM_PROXIES``, and with the default of none, the *left-most* address, which the client
writes). Behind our proxy set-up that lets anyone pick the bucket they are counted in, or fill a
colleague's. Every throttle in the API is one of these, so the address has one source of truth;
``api/tests/test_throttling.py`` checks that no module imports DRF's own.
"""

from rest_framework import throttling

from eendak.audit.addresses import client_ip


class ClientAddressMixin:
    """``get_ident`` from the trusted-proxy rule, never from a header the client controls."""

    def get_ident(self, request):
        return client_ip(request) or ""


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    """Per client address, for requests without a user (rate ``anon`` in ``REST_FRAMEWORK``)."""


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    """Per user; per client address for a request without one."""
