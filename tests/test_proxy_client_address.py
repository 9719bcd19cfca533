"""Behind a real reverse proxy on loopback, lock-out and the access log see the client, not the proxy.

A small proxy thread on 127.0.0.1 forwards every request to the live server and appends the address
it saw to X-Forwarded-For, as nginx's ``$proxy_add_x_forwarded_for`` does; the clients connect to
it from two different loopback addresses (127.0.0.21 and 127.0.0.22), so the application's TCP peer
is always the proxy (127.0.0.1). With the proxy in ``EENDAK_TRUSTED_PROXIES``, five failed logins
from one client must not shut out the other, and the access log must name each client. A client that
reaches the server directly cannot choose its address with a forged X-Forwarded-For.
"""

import http.client
import re
import threading
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings as django_settings

from eendak.audit.models import AccessLogEntry
from eendak.core.roles import OrganisationType, Role
from eendak.testing import factories as f

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Correct-Paard-Batterij-7"  # what UserFactory sets
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
              "proxy-connection"}


def _proxy(backend_port: int) -> ThreadingHTTPServer:
    class Forward(BaseHTTPRequestHandler):
        def _forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            seen = self.client_address[0]
            earlier = headers.pop("X-Forwarded-For", None)
            headers["X-Forwarded-For"] = f"{earlier}, {seen}" if earlier else seen
            upstream = http.client.HTTPConnection("127.0.0.1", backend_port, timeout=30)
            try:
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                content = answer.read()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in HOP_BY_HOP | {"content-length"}:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)
            finally:
                upstream.close()

        do_GET = do_POST = _forward

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Forward)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class Browser:
    """Just enough of a browser: cookies, the CSRF token, from a chosen source address."""

    def __init__(self, port: int, source: str):
        self.port, self.source, self.cookies = port, source, SimpleCookie()

    def request(self, method, path, data=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30,
                                                source_address=(self.source, 0))
        all_headers = {"Cookie": "; ".join(f"{k}={m.value}" for k, m in self.cookies.items()),
                       **(headers or {})}
        body = None
        if data is not None:
            body = urlencode(data)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            all_headers["Referer"] = f"http://127.0.0.1:{self.port}/inloggen/"
        try:
            connection.request(method, path, body=body, headers=all_headers)
            answer = connection.getresponse()
            content = answer.read().decode()
            for value in answer.headers.get_all("Set-Cookie") or []:
                self.cookies.load(value)
            return answer.status, answer.getheader("Location") or "", content
        finally:
            connection.close()

    def login(self, username, password, headers=None):
        _, _, page = self.request("GET", "/inloggen/", headers=headers)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("POST", "/inloggen/", {"csrfmiddlewaretoken": token,
                                                   "username": username, "password": password},
                            headers=headers)


@pytest.fixture
def proxy(live_server, settings):
    settings.EENDAK_TRUSTED_PROXIES = ["127.0.0.1/32"]
    server = _proxy(urlsplit(live_server.url).port)
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_two_clients_behind_the_proxy_are_counted_apart_and_logged_as_themselves(proxy, region):
    vt = f.organisation(OrganisationType.VEILIG_THUIS)
    target = f.membership(Role.VT_INTAKE, vt).user
    colleague = f.membership(Role.VT_INTAKE, vt).user
    stranger, office = Browser(proxy, "127.0.0.21"), Browser(proxy, "127.0.0.22")

    for _ in range(django_settings.EENDAK_LOCKOUT_FAILURES):
        stranger.login(target.username, "Fout-wachtwoord-123")
    assert stranger.login(target.username, PASSWORD)[0] != 302  # the stranger's address is stopped

    status, location, _ = office.login(colleague.username, PASSWORD)

    assert status == 302, "the stranger's failures shut out a client at another address"
    assert location.startswith("/inloggen/tweede-factor/")
    # Nor the owner of the user name the stranger tried, at the office's address.
    owner = Browser(proxy, "127.0.0.22")
    status, location, _ = owner.login(target.username, PASSWORD)
    assert (status, location.startswith("/inloggen/tweede-factor/")) == (302, True)
    failures = AccessLogEntry.objects.filter(event="auth.login_failed")
    assert set(failures.values_list("ip_address", flat=True)) == {"127.0.0.21"}
    assert set(AccessLogEntry.objects.filter(event="auth.login").values_list("ip_address", flat=True)) == {
        "127.0.0.22"}
    assert AccessLogEntry.objects.get(event="auth.locked_out").ip_address == "127.0.0.21"


def test_a_client_reaching_the_server_directly_cannot_forge_its_address(live_server, settings, region):
    settings.EENDAK_TRUSTED_PROXIES = ["127.0.0.1/32"]
    direct = Browser(urlsplit(live_server.url).port, "127.0.0.23")

    direct.login("niemand", "Fout-wachtwoord-123", headers={"X-Forwarded-For": "198.51.100.1"})

    assert AccessLogEntry.objects.get(event="auth.login_failed").ip_address == "127.0.0.23"


def test_a_client_behind_the_proxy_cannot_forge_its_address_either(proxy, region):
    Browser(proxy, "127.0.0.24").login("niemand", "Fout-wachtwoord-123",
                                       headers={"X-Forwarded-For": "198.51.100.1"})

    assert AccessLogEntry.objects.get(event="auth.login_failed").ip_address == "127.0.0.24"
