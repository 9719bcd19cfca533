"""Helpers for the fault tests: a real gunicorn on 127.0.0.1 against a database of the test's own,
HTTP with the standard library, and subprocesses that talk to that database.

Why subprocesses: the point of these tests is what a *separate* server process does when it is killed
or its database goes away. The pytest process never connects to the server's database through
Django (its Django is bound to pytest-django's test database); everything it needs to know about the
server's database it asks a short ``python -c`` child, configured by ``DATABASE_URL`` like the server.

Nothing is written into the work tree: the server, ``migrate`` and every child run with
``EENDAK_VAR_DIR`` (and media, static) under the test's tmp directory and with that directory as
their working directory.
"""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_DIR = Path(__file__).resolve().parents[2]
MANAGE = PROJECT_DIR / "manage.py"
PYTHON = sys.executable
HOST = "127.0.0.1"
API = "/api/v1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_env(tmp_path: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of every child: its own database and its own var/ under tmp_path."""
    var = tmp_path / "var"
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DATABASE_URL", "PYTEST_", "DJANGO_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "eendak.settings",
        "DATABASE_URL": database_url,
        "EENDAK_VAR_DIR": str(var),
        "EENDAK_MEDIA_ROOT": str(var / "documents"),
        "EENDAK_STATIC_ROOT": str(var / "static"),
        "EENDAK_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(PROJECT_DIR / "src"),
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    env.update(extra)
    return env


def run_manage(env: dict, cwd: Path, *args: str, timeout: float = 180) -> str:
    result = subprocess.run([PYTHON, str(MANAGE), *args], env=env, cwd=cwd, capture_output=True,
                            text=True, timeout=timeout, check=False)
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def run_python(env: dict, cwd: Path, code: str, timeout: float = 120):
    """Run ``code`` in a child with Django set up; it prints one JSON document, which is returned."""
    prelude = "import django, json\ndjango.setup()\n"
    result = subprocess.run([PYTHON, "-c", prelude + code], env=env, cwd=cwd, capture_output=True,
                            text=True, timeout=timeout, check=False)
    assert result.returncode == 0, f"child failed:\n{result.stdout}\n{result.stderr}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def migrate(env: dict, cwd: Path) -> None:
    run_manage(env, cwd, "migrate", "--noinput", timeout=300)


INTAKE_ACTOR = """
import secrets
from eendak.api.authentication import hash_token
from eendak.api.models import ServiceToken
from eendak.core.models import Municipality, Membership, Organisation, User
from eendak.core.reference import ensure_reference_data
from eendak.core.roles import OrganisationType, Role

ensure_reference_data()
vt = Organisation.objects.filter(type=OrganisationType.VEILIG_THUIS, is_active=True).order_by("name").first()
user = User.objects.create(username="fault-intake", first_name="Fouten", last_name="Test")
membership = Membership.objects.create(user=user, organisation=vt, role=Role.VT_INTAKE)
token = secrets.token_urlsafe(32)
ServiceToken.objects.create(membership=membership, name="fault test", prefix=token[:8],
                            key_hash=hash_token(token))
print(json.dumps({"token": token, "user": user.pk,
                  "municipality": Municipality.objects.get(name="Tilburg").pk}))
"""


def create_intake_actor(env: dict, cwd: Path) -> dict:
    """A Veilig Thuis intake worker with a service token: ``{"token", "user", "municipality"}``."""
    return run_python(env, cwd, INTAKE_ACTOR)


# --- HTTP ------------------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    body: dict | list | None


def request(base_url: str, method: str, path: str, token: str, data=None, headers=None,
            timeout: float = 15) -> Answer:
    """One HTTP request. A refused or broken connection raises OSError (the server is gone)."""
    body = json.dumps(data).encode() if data is not None else None
    req = urllib.request.Request(base_url + path, data=body, method=method)
    req.add_header("Authorization", f"Token {token}")
    req.add_header("Accept", "application/json")
    if body is not None:
        req.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        req.add_header(name, value)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310 - 127.0.0.1 only
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        raw, status = exc.read(), exc.code
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = None
    return Answer(status, parsed)


# --- gunicorn --------------------------------------------------------------------------------------


class Gunicorn:
    """gunicorn in its own process group, so that SIGKILL to the group takes master and workers."""

    def __init__(self, env: dict, cwd: Path, port: int, workers: int = 2, log: Path | None = None):
        self.env, self.cwd, self.port, self.workers = env, cwd, port, workers
        self.log = log or cwd / "gunicorn.log"
        self.process: subprocess.Popen | None = None
        self.starts = 0

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, token: str, timeout: float = 60) -> None:
        log = self.log.open("a")
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "eendak.wsgi:application", "--bind", f"{HOST}:{self.port}",
             "--workers", str(self.workers), "--timeout", "60", "--graceful-timeout", "5",
             "--worker-tmp-dir", str(self.cwd)],
            env=self.env, cwd=self.cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        self.starts += 1
        self.wait_ready(token, timeout)

    def wait_ready(self, token: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn stopped at start:\n{self.log.read_text()[-3000:]}")
            try:
                if request(self.base_url, "GET", f"{API}/me/", token, timeout=5).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer within {timeout} s:\n{self.log.read_text()[-3000:]}")

    def group_pids(self) -> list[int]:
        """Every process of the server's group (master and workers), from /proc."""
        pgid = self.process.pid
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[2]) == pgid and fields[0] != "Z":
                    pids.append(int(entry.name))
        return pids

    def kill(self) -> None:
        """SIGKILL to master and workers at once: no graceful shutdown, no atexit, no finishing."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while self.group_pids() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not self.group_pids(), "gunicorn workers survived SIGKILL of the process group"

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)

    def tracebacks(self) -> list[str]:
        text = self.log.read_text() if self.log.exists() else ""
        return [chunk[:2000] for chunk in text.split("Traceback (most recent call last):")[1:]]


# --- PostgreSQL: a database of the test's own on the developer's server ----------------------------


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in {"postgres", "postgresql", "pgsql"}


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _admin_connection(url: str):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(host=parts.hostname or HOST, port=parts.port or 5432,
                           user=parts.username or "postgres", password=parts.password or None,
                           dbname="postgres", autocommit=True, connect_timeout=10)


def create_database(url: str, name: str) -> str:
    """Create database ``name`` next to the one in ``url`` (never that one itself); its URL."""
    from psycopg import sql

    with _admin_connection(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return with_database(url, name)


def drop_database(url: str, name: str) -> None:
    from psycopg import sql

    with _admin_connection(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


# --- Reports as the stream of writes ---------------------------------------------------------------

MARKER_SURNAME = "Stroomtest"


def report_body(index: int, municipality: int) -> dict:
    """A phoned-in report about one new person whose given name carries the write's number, so a
    duplicate shows up as a second person as well as a second report."""
    return {
        "channel": "phone",
        "reporter": {"name": "Buurvrouw", "relation": "buurvrouw"},
        "violenceTypes": ["kindermishandeling"],
        "account": f"Schrijfopdracht {index}: geschreeuw en een huilend kind.",
        "municipality": municipality,
        "involved": [{"role": "child", "newPerson": {
            "givenNames": f"W{index:04d}", "surname": MARKER_SURNAME, "bsnStatus": "absent"}}],
    }


WHAT_IS_STORED = f"""
from collections import Counter
from eendak.intake.models import Report
from eendak.persons.models import Person

reports = list(Report.objects.values_list("pk", "submission_key"))
names = Counter(Person.objects.filter(surname="{MARKER_SURNAME}").values_list("given_names", flat=True))
print(json.dumps({{"reports": reports, "persons": names}}))
"""


def stored(env: dict, cwd: Path) -> dict:
    return run_python(env, cwd, WHAT_IS_STORED)
