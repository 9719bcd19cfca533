"""Nothing is lost, nothing is doubled: a stream of reports through the API while the server is killed.

Three clients send reports to a real gunicorn (2 workers), each with its own Idempotency-Key, and
keep sending when the server is gone: a request that got no answer is sent again with the same key
until it gets one, as a careful client would. Twice in the middle the whole server (master and
workers) is killed with SIGKILL — no graceful shutdown, transactions cut off wherever they are — and
started again. Afterwards every report that was answered 2xx must be in the database exactly once,
under the id the answer gave; no report or person may be there twice; the access log's hash chain
must still verify; and no request may have had a 5xx.

Runs in the normal suite (marker ``faults``) on SQLite, and on PostgreSQL when DATABASE_URL points
there — then in a database of its own, created and dropped here, never the developer's.
Bounded: 120 writes, a hard deadline.
"""

import hashlib
import http.client
import os
import queue
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from .support import (
    API,
    Gunicorn,
    create_database,
    create_intake_actor,
    drop_database,
    free_port,
    is_postgres,
    migrate,
    report_body,
    request,
    run_manage,
    server_env,
    stored,
)

pytestmark = pytest.mark.faults

WRITES = 120
SENDERS = 3
KILL_AFTER = (40, 80)  # kill the server when this many writes have been answered
DEADLINE_SECONDS = 240  # for the whole stream, restarts included
RETRY_PAUSE = 0.1


@dataclass
class Write:
    index: int
    key: str
    status: int | None = None
    report_id: int | None = None
    unanswered: int = 0  # attempts cut off by the kill (or refused while the server was down)
    server_errors: int = 0  # 5xx answers
    problem: str = ""


@pytest.fixture
def database_url(tmp_path):
    """A fresh, empty database: a SQLite file in tmp_path, or a PostgreSQL database of our own."""
    url = os.environ.get("DATABASE_URL", "")
    if not is_postgres(url):
        yield f"sqlite:///{tmp_path / 'faults.sqlite3'}"
        return
    base = urlsplit(url).path.lstrip("/") or "eendak"
    name = f"{base}_faults_{os.getpid()}"[:63]
    yield create_database(url, name)
    drop_database(url, name)


def submission_key(user_id: int, key: str) -> str:
    """As ``intake.api.views.submission_key`` stores an Idempotency-Key."""
    return "api-" + hashlib.sha256(f"{user_id}:{key}".encode()).hexdigest()[:56]


class Stream:
    """The writes, the senders that work through them, and the count of answered writes."""

    def __init__(self, server: Gunicorn, token: str, municipality: int):
        self.server, self.token, self.municipality = server, token, municipality
        self.writes = [Write(i, str(uuid.uuid4())) for i in range(WRITES)]
        self.todo: queue.Queue[Write] = queue.Queue()
        for write in self.writes:
            self.todo.put(write)
        self.answered = 0
        self.changed = threading.Condition()
        self.deadline = time.monotonic() + DEADLINE_SECONDS

    def send(self, write: Write) -> None:
        body = report_body(write.index, self.municipality)
        while time.monotonic() < self.deadline:
            try:
                answer = request(self.server.base_url, "POST", f"{API}/reports/", self.token, body,
                                 headers={"Idempotency-Key": write.key})
            except (OSError, http.client.HTTPException):
                write.unanswered += 1  # killed mid-request, or down: same key again
                time.sleep(RETRY_PAUSE)
                continue
            if answer.status >= 500:
                write.server_errors += 1
                time.sleep(RETRY_PAUSE)
                continue
            write.status = answer.status
            if answer.status in (200, 201):
                write.report_id = answer.body["id"]
            else:
                write.problem = str(answer.body)[:500]
            break
        with self.changed:
            self.answered += 1
            self.changed.notify_all()

    def sender(self) -> None:
        while True:
            try:
                write = self.todo.get_nowait()
            except queue.Empty:
                return
            self.send(write)

    def wait_for(self, answered: int) -> None:
        with self.changed:
            self.changed.wait_for(lambda: self.answered >= answered,
                                  timeout=max(0.0, self.deadline - time.monotonic()))


def test_every_answered_write_is_stored_once_across_sigkill(tmp_path, database_url):
    started = time.monotonic()
    work = tmp_path / "server"
    work.mkdir()
    env = server_env(tmp_path, database_url)
    migrate(env, work)
    actor = create_intake_actor(env, work)
    prepared = time.monotonic()

    server = Gunicorn(env, work, free_port(), workers=2)
    stream = Stream(server, actor["token"], actor["municipality"])
    server.start(actor["token"])
    senders = [threading.Thread(target=stream.sender, daemon=True) for _ in range(SENDERS)]
    restarts = []
    try:
        for thread in senders:
            thread.start()
        for threshold in KILL_AFTER:
            stream.wait_for(threshold)
            down = time.monotonic()
            server.kill()
            server.start(actor["token"])
            restarts.append(time.monotonic() - down)
        for thread in senders:
            thread.join(timeout=max(1.0, stream.deadline - time.monotonic()))
        # A client that never saw its answer sends again; so may one whose answer was lost on the
        # way. Either way the key gives back the same report, not a second one.
        again = [w for w in stream.writes if w.unanswered][:10] + stream.writes[:: WRITES // 5]
        replays = [(w.index, request(server.base_url, "POST", f"{API}/reports/", actor["token"],
                                     report_body(w.index, actor["municipality"]),
                                     headers={"Idempotency-Key": w.key}))
                   for w in again if w.report_id]
    finally:
        server.stop()
    streamed = time.monotonic()

    writes = stream.writes
    assert server.starts == 1 + len(KILL_AFTER)
    assert not any(thread.is_alive() for thread in senders), "the stream did not finish in time"
    assert [w.index for w in writes if w.status is None] == [], "writes never answered"
    assert [(w.index, w.status, w.problem) for w in writes if w.status not in (200, 201)] == []
    assert [(w.index, w.server_errors) for w in writes if w.server_errors] == [], "5xx answers"
    assert server.tracebacks() == []
    assert [(index, answer.status, answer.body["id"]) for index, answer in replays] == [
        (index, 200, writes[index].report_id) for index, _answer in replays]
    # The kills really cut writes off: those were sent again with their key.
    assert sum(w.unanswered for w in writes) >= 1

    data = stored(env, work)
    reports_by_key = {}
    for pk, key in data["reports"]:
        reports_by_key.setdefault(key, []).append(pk)
    for write in writes:
        assert reports_by_key.get(submission_key(actor["user"], write.key)) == [write.report_id], (
            f"write {write.index} answered {write.status} with report {write.report_id}")
    assert len(data["reports"]) == WRITES, "reports stored beyond the answered writes"
    persons = Counter(data["persons"])
    assert persons == Counter({f"W{i:04d}": 1 for i in range(WRITES)}), "a person stored twice or lost"

    run_manage(env, work, "verify_access_log")
    retried = sum(1 for w in writes if w.unanswered)
    replayed = sum(1 for w in writes if w.status == 200)
    print(f"\n{WRITES} writes, {len(KILL_AFTER)} SIGKILLs, {retried} writes sent again after no answer "
          f"({replayed} of them had been stored before the kill), {len(replays)} replays answered 200; "
          f"prepare {prepared - started:.1f} s, stream {streamed - prepared:.1f} s, "
          f"restarts {', '.join(f'{r:.1f}' for r in restarts)} s")
