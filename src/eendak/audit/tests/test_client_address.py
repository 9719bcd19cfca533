"""The client's address: X-Forwarded-For is believed only from a trusted proxy, right-most first."""

import pytest
from django.test import RequestFactory

from eendak.audit.addresses import client_address, client_ip, parse_networks

PROXY = parse_networks(["10.0.0.5/32"])
CHAIN = parse_networks(["10.0.0.0/24", "2001:db8:ffff::/48"])


def test_without_a_proxy_the_peer_is_the_client():
    assert client_address("192.0.2.7", None, ()) == "192.0.2.7"


def test_a_spoofed_header_from_an_untrusted_peer_is_ignored():
    assert client_address("192.0.2.7", "203.0.113.9", PROXY) == "192.0.2.7"
    assert client_address("192.0.2.7", "203.0.113.9", ()) == "192.0.2.7"


def test_behind_the_trusted_proxy_the_address_it_appended_is_the_client():
    assert client_address("10.0.0.5", "192.0.2.7", PROXY) == "192.0.2.7"


def test_what_the_client_wrote_left_of_the_proxys_entry_is_not_believed():
    # The client sent "X-Forwarded-For: 203.0.113.9"; the proxy appended the address it saw.
    assert client_address("10.0.0.5", "203.0.113.9, 192.0.2.7", PROXY) == "192.0.2.7"
    assert client_address("10.0.0.5", "10.0.0.77, 192.0.2.7", PROXY) == "192.0.2.7"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right():
    assert client_address("10.0.0.1", "198.51.100.4, 192.0.2.7, 10.0.0.9, 10.0.0.3", CHAIN) == "192.0.2.7"
    assert client_address("10.0.0.1", "2001:db8::7, 2001:db8:ffff::1", CHAIN) == "2001:db8::7"


def test_a_chain_of_only_trusted_proxies_gives_the_left_most():
    assert client_address("10.0.0.1", "10.0.0.9, 10.0.0.3", CHAIN) == "10.0.0.9"


def test_garbage_in_the_header_never_becomes_an_address():
    assert client_address("10.0.0.5", "unknown", PROXY) == "10.0.0.5"
    assert client_address("10.0.0.5", "192.0.2.7, <script>", PROXY) == "10.0.0.5"
    assert client_address("10.0.0.1", "192.0.2.7, nonsense, 10.0.0.3", CHAIN) == "10.0.0.3"


def test_forms_a_proxy_may_write():
    assert client_address("10.0.0.5", " 192.0.2.7 ", PROXY) == "192.0.2.7"
    assert client_address("10.0.0.5", "[2001:db8::7]:443", PROXY) == "2001:db8::7"
    assert client_address("::ffff:10.0.0.5", "::ffff:192.0.2.7", PROXY) == "192.0.2.7"


def test_no_peer_no_address():
    assert client_address(None, "192.0.2.7", PROXY) is None
    assert client_ip(None) is None


def test_client_ip_reads_the_setting(settings):
    factory = RequestFactory()
    settings.EENDAK_TRUSTED_PROXIES = []
    assert client_ip(factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.7")) == "127.0.0.1"
    settings.EENDAK_TRUSTED_PROXIES = ["127.0.0.1/32"]
    assert client_ip(factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.7")) == "192.0.2.7"


@pytest.mark.django_db
def test_the_public_forms_count_the_client_not_the_proxy(settings):
    from eendak.intake.public import client_fingerprint

    settings.EENDAK_TRUSTED_PROXIES = ["127.0.0.1/32"]
    factory = RequestFactory()
    first = factory.post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.7")
    second = factory.post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.8")

    assert client_fingerprint(first) != client_fingerprint(second)
