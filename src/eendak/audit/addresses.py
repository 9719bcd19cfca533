"""The client's address: the one place that says where a request came from.

Behind the documented set-up (a TLS proxy in front of gunicorn) the TCP peer, ``REMOTE_ADDR``, is
the proxy; gunicorn's ``--forwarded-allow-ips`` only decides whom it believes about the scheme
(``X-Forwarded-Proto``) and does not rewrite ``REMOTE_ADDR``. The proxy appends the address *it*
saw to ``X-Forwarded-For``; everything to the left of that was written by whoever sent the request
and can be forged. So:

- a request whose peer is not in ``EENDAK_TRUSTED_PROXIES`` (CIDRs) came from its peer; whatever
  ``X-Forwarded-For`` it carries is ignored;
- a request from a trusted proxy came from the right-most address of ``X-Forwarded-For`` that is not
  itself a trusted proxy (a chain of trusted proxies is walked from the right); a malformed entry
  ends the walk at the last trusted hop, so garbage never becomes an address.

The access log, the login throttle and the public forms' rate limit all ask ``client_ip(request)``.
This module is in the bottom layer (audit) because authentication entries need it; it imports no
other Eendak app.
"""

import contextlib
import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

REQUEST_ATTRIBUTE = "client_address"  # remembered on the request: computed once per request


def parse_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """CIDRs (or single addresses) as networks; raises ValueError on anything else."""
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip())


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def trusted_proxies() -> tuple[Network, ...]:
    return _trusted(tuple(getattr(settings, "EENDAK_TRUSTED_PROXIES", ()) or ()))


def _address(value: str) -> Address | None:
    """An IP address as a proxy writes it; IPv4-mapped IPv6 (``::ffff:192.0.2.1``) as IPv4."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]" or "[2001:db8::1]:443"
        value = value[1:value.index("]")]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_address(remote_addr: str | None, forwarded_for: str | None,
                   networks: tuple[Network, ...]) -> str | None:
    """The client's address from the peer and the X-Forwarded-For header, trusting only ``networks``."""
    peer = _address(remote_addr or "")
    if peer is None:
        return remote_addr or None
    if not _is_trusted(peer, networks) or not forwarded_for:
        return str(peer)
    found = peer
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            break  # forged or broken: stop at the last hop a trusted proxy vouched for
        found = address
        if not _is_trusted(address, networks):
            break
    return str(found)


def client_ip(request) -> str | None:
    """The address the request came from (see the module's docstring); None without a request."""
    if request is None:
        return None
    known = getattr(request, REQUEST_ATTRIBUTE, None)
    if known is not None:
        return known
    meta = getattr(request, "META", {})
    address = client_address(meta.get("REMOTE_ADDR"), meta.get("HTTP_X_FORWARDED_FOR"),
                             trusted_proxies())
    with contextlib.suppress(AttributeError):  # a request-like object that takes no attributes
        setattr(request, REQUEST_ATTRIBUTE, address)
    return address
