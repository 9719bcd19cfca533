"""Requests per second through the API: gunicorn on 127.0.0.1, a small threaded load generator.

Two endpoints under the same server and the same generator, in the same run, alternating
(A B A B) so a change in the machine's load during the run hits both alike:

- ``/api/v1/me/`` — authenticates the service token and answers who it is: the floor cost of any
  API call (token lookup, middleware, DRF, JSON);
- ``/api/v1/cases/`` — the case list ("my cases"): one page of 25, its participants, one
  access-log entry naming the persons of the page's households.

The ratio of the two says what the case list costs on top of the bare request. gunicorn runs with
one sync worker per core; the generator keeps a fixed number of connections busy for a fixed time
(and never more than ``MAX_REQUESTS`` per phase). Only 127.0.0.1 is ever contacted.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import common

BASELINE_PATH = "/api/v1/me/"
CASE_LIST_PATH = "/api/v1/cases/"
MAX_REQUESTS = 50_000  # per phase: a bound on the generator whatever the speed


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def issue_service_token() -> tuple[str, object]:
    """A service account at the home region's Veilig Thuis, and a fresh token (revoked after)."""
    from eendak.api.tokens import issue_token
    from eendak.core.actors import Actor
    from eendak.core.models import Membership, Organisation, User
    from eendak.core.reference import veilig_thuis
    from eendak.core.roles import Role

    user, _ = User.objects.get_or_create(username="bench-api", defaults={
        "is_service_account": True, "first_name": "Benchmark", "last_name": "API"})
    organisation: Organisation = veilig_thuis()
    membership, _ = Membership.objects.get_or_create(user=user, organisation=organisation,
                                                     role=Role.VT_MONITOR)
    token, plain = issue_token(Actor.system(), membership, name=f"benchmark {time.strftime('%F %T')}")
    return plain, token


def revoke(token) -> None:
    from eendak.api.tokens import revoke_token
    from eendak.core.actors import Actor

    revoke_token(Actor.system(), token)


class Server:
    """gunicorn serving Eendak from the benchmark database, stopped by its own process id."""

    def __init__(self, url: str, workers: int):
        self.port = free_port()
        self.workers = workers
        log_dir = common.PROJECT_DIR / "var" / "bench"
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / "gunicorn.log"
        env = dict(os.environ, DATABASE_URL=url, DJANGO_DEBUG="false",
                   DJANGO_SETTINGS_MODULE="eendak.settings")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
                [str(gunicorn), "eendak.wsgi", "--workers", str(workers), "--bind",
                 f"127.0.0.1:{self.port}", "--timeout", "120", "--log-level", "warning"],
                cwd=common.PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)

    def wait_ready(self, token: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {self.log_path}")
            try:
                status, _ = request(self.port, BASELINE_PATH, token)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log_path}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def request(port: int, path: str, token: str, conn=None):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Authorization": f"Token {token}",
                                           "Accept": "application/json"})
        response = conn.getresponse()
        response.read()
        return response.status, conn
    finally:
        if own:
            conn.close()


def phase(port: int, path: str, token: str, *, seconds: float, connections: int) -> dict:
    """Keep ``connections`` requests in flight on ``path`` for ``seconds``; count what came back."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    sent = [0]

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < deadline:
            with lock:
                if sent[0] >= MAX_REQUESTS:
                    break
                sent[0] += 1
            started = time.perf_counter()
            try:
                status, conn = request(port, path, token, conn)
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                with lock:
                    errors.append(type(exc).__name__)
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ok = sum(n for status, n in statuses.items() if 200 <= status < 300)
    return {"seconds": elapsed, "ok": ok, "statuses": statuses, "errors": len(errors),
            "latencies": latencies}


def measure(url: str, *, seconds: float = 15, rounds: int = 2, connections: int | None = None,
            log=print) -> dict:
    """Baseline and case list, ``rounds`` x (A, B) phases of ``seconds`` each, after a warm-up."""
    workers = os.cpu_count() or 1
    connections = connections or 2 * workers
    plain, token = issue_service_token()
    server = Server(url, workers)
    try:
        server.wait_ready(plain)
        for path in (BASELINE_PATH, CASE_LIST_PATH):  # warm-up: imports, caches, connections
            phase(server.port, path, plain, seconds=3, connections=connections)
        totals = {BASELINE_PATH: [], CASE_LIST_PATH: []}
        for _ in range(rounds):
            for path in (BASELINE_PATH, CASE_LIST_PATH):
                result = phase(server.port, path, plain, seconds=seconds, connections=connections)
                totals[path].append(result)
                log(f"    {path}: {result['ok'] / result['seconds']:.1f} req/s "
                    f"({result['ok']} ok, statuses {result['statuses']}, {result['errors']} errors)")
    finally:
        server.stop()
        revoke(token)

    def combine(results):
        seconds_total = sum(r["seconds"] for r in results)
        ok = sum(r["ok"] for r in results)
        latencies = [x for r in results for x in r["latencies"]]
        statuses: dict[str, int] = {}
        for r in results:
            for status, n in r["statuses"].items():
                statuses[str(status)] = statuses.get(str(status), 0) + n
        return {"rps": round(ok / seconds_total, 1), "requests": ok, "statuses": statuses,
                "errors": sum(r["errors"] for r in results), "latency_ms": common.summary(latencies)}

    return {"workers": workers, "connections": connections, "seconds_per_phase": seconds,
            "rounds": rounds, "baseline": combine(totals[BASELINE_PATH]),
            "case_list": combine(totals[CASE_LIST_PATH])}
