"""The database restarts under load and the application recovers by itself.

A PRIVATE PostgreSQL cluster (initdb into a temporary directory, its own port on 127.0.0.1) — never
the shared server on 5432 that other developers and CI use — carries a migrated Eendak database.
gunicorn (2 workers, persistent connections: ``DB_CONN_MAX_AGE``) serves it while four clients read
the work queue and take reports. Then PostgreSQL is restarted twice with ``pg_ctl restart -m fast``,
which cuts every connection:

1. under load: requests caught in the restart may fail (they are counted); every request that
   starts after the restart has returned must succeed;
2. while the clients pause: every worker is left holding an idle connection that is dead. The
   first request on it must succeed as well — this is what Django's ``CONN_HEALTH_CHECKS`` is for
   (without it that request is a 500; a restart under load alone does not show this, because a
   request failing during the restart already throws the dead connection away).

Both times the same gunicorn master and workers carry on: nobody restarts the server. A report
whose answer was lost in a restart is sent again with its Idempotency-Key and is stored once.

On demand: ``make faults`` (EENDAK_RUN_PG_RESTART=1). Skipped when PostgreSQL's initdb is not
installed. Bounded: a few seconds of load around each restart, a hard deadline.
"""

import contextlib
import glob
import http.client
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from .support import (
    API,
    HOST,
    Gunicorn,
    create_database,
    create_intake_actor,
    free_port,
    migrate,
    report_body,
    request,
    server_env,
    stored,
)

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(os.environ.get("EENDAK_RUN_PG_RESTART") != "1",
                       reason="restarts a private PostgreSQL cluster: run with `make faults` "
                              "(EENDAK_RUN_PG_RESTART=1)"),
]

CLIENTS = 4
LOAD_SECONDS = 3  # load before, between and after the restarts
MIN_AFTER = 8  # requests that must have succeeded after each restart
DEADLINE_SECONDS = 60  # for the load phase as a whole


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PrivateCluster:
    """A throw-away PostgreSQL cluster of this test alone. As root it runs as the postgres OS user
    (PostgreSQL refuses to run as root), in a directory that user owns."""

    def __init__(self, bindir: Path, base: Path, port: int, as_postgres: bool):
        self.bindir, self.base, self.port, self.as_postgres = bindir, base, port, as_postgres
        self.data = base / "data"
        self.log = base / "postgres.log"

    def run(self, *args: str, timeout: float = 60) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"

    def init(self) -> None:
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                 "--no-sync", timeout=120)

    def start(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o",
                 self._options(), "start", timeout=90)

    def restart(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-m", "fast",
                 "-o", self._options(), "restart", timeout=90)

    def stop(self) -> None:
        with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
            self.run("pg_ctl", "-D", str(self.data), "-w", "-t", "30", "-m", "immediate", "stop")

    def _options(self) -> str:
        return (f"-p {self.port} -k {self.base} -c listen_addresses={HOST} -c fsync=off "
                "-c full_page_writes=off -c max_connections=50")

    @property
    def url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/postgres"


@pytest.fixture
def cluster(tmp_path):
    bindir = postgres_bin()
    if bindir is None or not (bindir / "pg_ctl").exists():
        pytest.skip("PostgreSQL's initdb/pg_ctl are not installed")
    as_postgres = os.geteuid() == 0
    if as_postgres:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres OS user to run PostgreSQL as")
        if not shutil.which("runuser"):
            pytest.skip("running as root without runuser")
        # tmp_path's parents are private to root; the cluster gets a directory postgres may enter.
        base = Path(tempfile.mkdtemp(prefix="eendak-pg-"))
        os.chown(base, owner.pw_uid, owner.pw_gid)
    else:
        base = tmp_path / "pg"
        base.mkdir()
    cluster = PrivateCluster(bindir, base, free_port(), as_postgres)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        if as_postgres:
            shutil.rmtree(base, ignore_errors=True)


@dataclass
class Call:
    kind: str
    started: float
    ended: float
    ok: bool
    detail: str = ""


class Load:
    """Clients that alternate a read of the work queue and a new report, until told to stop; they
    can be paused (``pause`` returns when no request is in flight)."""

    def __init__(self, server: Gunicorn, token: str, municipality: int):
        self.server, self.token, self.municipality = server, token, municipality
        self.calls: list[Call] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.running = threading.Event()
        self.running.set()
        self.in_flight = 0
        self.deadline = time.monotonic() + DEADLINE_SECONDS
        self.reports: dict[str, int] = {}  # Idempotency-Key -> report id answered
        self.counter = 0

    def pause(self) -> None:
        self.running.clear()
        while self.in_flight and time.monotonic() < self.deadline:
            time.sleep(0.02)

    def resume(self) -> None:
        self.running.set()

    def _call(self, kind, method, path, data=None, headers=None):
        self.running.wait(timeout=max(0.0, self.deadline - time.monotonic()))
        with self.lock:
            self.in_flight += 1
        started = time.monotonic()
        try:
            answer = request(self.server.base_url, method, path, self.token, data, headers, timeout=20)
            ok, detail = 200 <= answer.status < 300, str(answer.status)
        except (OSError, http.client.HTTPException) as exc:
            answer, ok, detail = None, False, type(exc).__name__
        with self.lock:
            self.calls.append(Call(kind, started, time.monotonic(), ok, detail))
            self.in_flight -= 1
        return answer if ok else None

    def client(self) -> None:
        while not self.stop.is_set() and time.monotonic() < self.deadline:
            self._call("read", "GET", f"{API}/reports/")
            with self.lock:
                self.counter += 1
                index = self.counter
            key = str(uuid.uuid4())
            body = report_body(index, self.municipality)
            # The same report with the same key until it is answered, as a careful client does.
            while time.monotonic() < self.deadline:
                answer = self._call("write", "POST", f"{API}/reports/", body,
                                    {"Idempotency-Key": key})
                if answer is not None:
                    with self.lock:
                        self.reports[key] = answer.body["id"]
                    break
                time.sleep(0.1)


def test_the_application_recovers_by_itself_when_postgres_restarts(tmp_path, cluster):
    started = time.monotonic()
    work = tmp_path / "server"
    work.mkdir()
    database_url = create_database(cluster.url, "eendak_faults")
    # Persistent connections: the case in which a restart leaves every worker with a dead one.
    env = server_env(tmp_path, database_url, DB_CONN_MAX_AGE="600")
    migrate(env, work)
    actor = create_intake_actor(env, work)
    prepared = time.monotonic()

    server = Gunicorn(env, work, free_port(), workers=2)
    server.start(actor["token"])
    pids = sorted(server.group_pids())
    load = Load(server, actor["token"], actor["municipality"])
    clients = [threading.Thread(target=load.client, daemon=True) for _ in range(CLIENTS)]
    try:
        for thread in clients:
            thread.start()
        time.sleep(LOAD_SECONDS)
        busy_began = time.monotonic()
        cluster.restart()  # 1. under load
        busy_ended = time.monotonic()
        time.sleep(LOAD_SECONDS)
        load.pause()
        quiet_began = time.monotonic()
        cluster.restart()  # 2. while every worker holds an idle connection
        quiet_ended = time.monotonic()
        load.resume()
        time.sleep(LOAD_SECONDS)
        load.stop.set()
        for thread in clients:
            thread.join(timeout=max(1.0, load.deadline - time.monotonic()))
        pids_after = sorted(server.group_pids())
        master_alive = server.process.poll() is None
    finally:
        load.resume()
        server.stop()

    calls = load.calls
    before = [c for c in calls if c.ended < busy_began]
    during = [c for c in calls if c.ended >= busy_began and c.started <= busy_ended]
    between = [c for c in calls if busy_ended < c.started < quiet_began]
    after = [c for c in calls if c.started > quiet_ended]
    assert not any(thread.is_alive() for thread in clients), "the load did not finish in time"
    assert before and all(c.ok for c in before), "errors before the restart"
    assert [(c.kind, c.detail) for c in between if not c.ok] == [], "errors after the busy restart"
    assert [(c.kind, c.detail) for c in after if not c.ok] == [], "errors after the quiet restart"
    for phase in (between, after):
        assert sum(c.ok for c in phase) >= MIN_AFTER
        assert {c.kind for c in phase if c.ok} == {"read", "write"}
    # Recovered by itself: the same master and the same workers served before and after.
    assert master_alive and pids_after == pids

    # A report whose answer was lost in a restart was sent again with its key: stored once.
    data = stored(env, work)
    keys = [key for _pk, key in data["reports"]]
    assert len(keys) == len(set(keys)) == len(load.reports)
    assert sorted(pk for pk, _key in data["reports"]) == sorted(load.reports.values())

    errors = [c.detail for c in during if not c.ok]
    print(f"\nPostgreSQL restarts took {busy_ended - busy_began:.1f} s (under load) and "
          f"{quiet_ended - quiet_began:.1f} s (quiet); {len(before)} requests before (0 errors), "
          f"{len(during)} during the busy restart ({len(errors)} errors: "
          f"{', '.join(sorted(set(errors))) or 'none'}), {len(between)} after it and {len(after)} after "
          f"the quiet one (0 errors); {len(load.reports)} reports stored once each; "
          f"prepare {prepared - started:.1f} s, total {time.monotonic() - started:.1f} s")
