"""make load: 50 people working in Eendak at once for 5 minutes, against gunicorn and PostgreSQL.

What it does, in order (everything on 127.0.0.1):

1. a fresh PostgreSQL database for the load test (``LOAD_DATABASE_URL``, default
   ``postgres://postgres@127.0.0.1:5432/eendak_load``; dropped and created again, so the name must
   contain "load"), migrated and filled with the demo data (``seed_demo``);
2. an account with a service token for every virtual user: Veilig Thuis intake and monitoring, and
   local-team coordinators and workers spread over the teams in proportion to their open cases;
3. gunicorn (2 x cores + 1 sync workers, persistent database connections, DEBUG off);
4. Locust, headless, with the journeys of ``locustfile.py`` (intake to decision, journal and plan,
   monitoring), ramping up to the number of users and running for the duration;
5. the access log's hash chain verified after the run.

It writes ``load/results.json`` and prints a summary. It never fails on a time; it exits non-zero
when any request failed, a journey raised, the server logged a traceback or the access log does not
verify. Options: ``python load/run.py --help`` (``make load LOAD_ARGS="--users 10 --duration 30"``).
"""

import argparse
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

LOAD_DIR = Path(__file__).resolve().parent
PROJECT_DIR = LOAD_DIR.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
DEFAULT_DATABASE_URL = f"postgres://postgres@{HOST}:5432/eendak_load"
ACCOUNTS_PER_ROLE = 60  # more than any run takes of one kind of user


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second")
    parser.add_argument("--duration", type=int, default=300, help="seconds of load")
    parser.add_argument("--think", default="1,3", help="seconds between journeys: min,max")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--size", choices=("small", "large"), default="small", help="demo data size")
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--output", type=Path, default=LOAD_DIR / "results.json")
    return parser.parse_args()


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def check_database_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        sys.exit("The load test runs on PostgreSQL: give a postgres:// URL (LOAD_DATABASE_URL).")
    if parts.hostname not in {HOST, "localhost"}:
        sys.exit(f"The load test only talks to {HOST}; {parts.hostname} is not that.")
    if "load" not in database_name(url):
        sys.exit(f"'{database_name(url)}' is dropped and created again: its name must contain 'load'.")


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = database_name(url)
    with psycopg.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
                         password=parts.password or None, dbname="postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def child_env(var: Path, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "eendak.settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DB_CONN_MAX_AGE": "60",
        "EENDAK_VAR_DIR": str(var),
        "EENDAK_MEDIA_ROOT": str(var / "documents"),
        "EENDAK_STATIC_ROOT": str(var / "static"),
        "EENDAK_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(PROJECT_DIR / "src"),
    })
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run([PYTHON, str(PROJECT_DIR / "manage.py"), *args], env=env, cwd=PROJECT_DIR,  # noqa: S603
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def in_django(env: dict, code: str, **extra_env: str):
    """Run ``code`` in a child with Django set up; it prints one JSON document as its last line."""
    result = subprocess.run([PYTHON, "-c", "import django, json, os\ndjango.setup()\n" + code],  # noqa: S603
                            env={**env, **extra_env}, cwd=PROJECT_DIR, capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        sys.exit(f"preparing failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


ACCOUNTS = """
import secrets
from django.db.models import Count, Q
from eendak.api.authentication import hash_token
from eendak.api.models import ServiceToken
from eendak.core.models import Membership, Municipality, Organisation, User
from eendak.core.roles import OrganisationType as T, Role

per_role = int(os.environ["LOAD_ACCOUNTS"])
run = os.environ["LOAD_RUN"]
vt = Organisation.objects.filter(type=T.VEILIG_THUIS, is_active=True).order_by("name").first()
teams = list(Organisation.objects.filter(type=T.LOCAL_TEAM, is_active=True).annotate(
    open_cases=Count("participations", filter=Q(participations__ended_at__isnull=True,
                                                participations__case__status="open"))
).order_by("-open_cases", "name"))
total = sum(t.open_cases for t in teams) or 1
# Local-team people where the cases are: each team at least one, the rest by share of open cases.
spread = [team for team in teams for _ in range(max(1, round(per_role * team.open_cases / total)))]

def account(kind, number, organisation, role):
    user = User(username=f"load-{run}-{kind}-{number:03d}", first_name="Belasting",
                last_name=f"{kind} {number}")
    user.set_unusable_password()
    user.save()
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    token = secrets.token_urlsafe(32)
    ServiceToken.objects.create(membership=membership, name="load test", prefix=token[:8],
                                key_hash=hash_token(token))
    return {"token": token, "user": user.pk, "organisation": organisation.pk}

pools = {
    "intake": [account("intake", i, vt, Role.VT_INTAKE) for i in range(per_role)],
    "monitor": [account("monitor", i, vt, Role.VT_MONITOR) for i in range(per_role)],
    "team": [account("team", i, spread[i % len(spread)],
                     Role.CASE_COORDINATOR if i % 3 == 0 else Role.LOCAL_TEAM_WORKER)
             for i in range(per_role)],
}
print(json.dumps({"pools": pools,
                  "municipalities": list(Municipality.objects.order_by("pk").values_list("pk", flat=True))}))
"""

COUNTS = """
from django.db import connection
from eendak.audit.models import AccessLogEntry
from eendak.cases.models import Case, JournalEntry, MonitoringMoment, PlanAction
from eendak.intake.models import Report
from eendak.persons.models import Household, Person

with connection.cursor() as cursor:
    cursor.execute("SELECT version()")
    version = cursor.fetchone()[0]
print(json.dumps({
    "persons": Person.objects.count(), "households": Household.objects.count(),
    "reports": Report.objects.count(), "cases": Case.objects.count(),
    "open_cases": Case.objects.filter(status="open").count(),
    "journal_entries": JournalEntry.objects.count(), "plan_actions": PlanAction.objects.count(),
    "monitoring_moments_recorded": MonitoringMoment.objects.filter(held_on__isnull=False).count(),
    "access_log_entries": AccessLogEntry.objects.count(),
    "postgresql": version.split(" on ")[0],
}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict, port: int, workers: int, log: Path, token: str) -> subprocess.Popen:
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [PYTHON, "-m", "gunicorn", "eendak.wsgi:application", "--bind", f"{HOST}:{port}",
             "--workers", str(workers), "--timeout", "60", "--worker-tmp-dir", str(log.parent)],
            env=env, cwd=log.parent, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn stopped at start:\n{log.read_text()[-3000:]}")
        request = urllib.request.Request(f"http://{HOST}:{port}/api/v1/me/",
                                         headers={"Authorization": f"Token {token}"})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - 127.0.0.1
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    sys.exit("gunicorn did not answer within 120 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def summary_line(row: dict) -> str:
    def ms(value):
        return "-" if value is None else f"{value:>6.0f}"

    return (f"{row['requests']:>7} {row['failures']:>5} {ms(row['p50_ms'])} {ms(row['p90_ms'])} "
            f"{ms(row['p95_ms'])} {ms(row['p99_ms'])} {ms(row['max_ms'])}  {row['method']:<4} {row['name']}")


def main() -> int:
    args = parse_args()
    check_database_url(args.database_url)
    think_min, think_max = (float(x) for x in args.think.split(","))
    started_at = datetime.now(UTC)
    load_before = os.getloadavg()
    timings = {}

    with tempfile.TemporaryDirectory(prefix="eendak-load-") as tmp:
        tmp = Path(tmp)
        env = child_env(tmp / "var", args.database_url)

        step = time.monotonic()
        print(f"Database {database_name(args.database_url)}: fresh, migrated, demo data ({args.size}) ...",
              flush=True)
        recreate_database(args.database_url)
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo", "--size", args.size, "--seed", "1")
        actors = in_django(env, ACCOUNTS, LOAD_ACCOUNTS=str(max(ACCOUNTS_PER_ROLE, args.users)),
                           LOAD_RUN=started_at.strftime("%H%M%S"))
        (tmp / "actors.json").write_text(json.dumps(actors))
        data_before = in_django(env, COUNTS)
        timings["prepare_s"] = round(time.monotonic() - step, 1)

        port = free_port()
        server_log = tmp / "gunicorn.log"
        server = start_gunicorn(env, port, args.workers, server_log, actors["pools"]["intake"][0]["token"])
        print(f"gunicorn on {HOST}:{port} with {args.workers} workers; Locust: {args.users} users, "
              f"{args.spawn_rate}/s, {args.duration} s ...", flush=True)
        stats_file = tmp / "stats.json"
        step = time.monotonic()
        try:
            locust = subprocess.run(  # noqa: S603 - our own interpreter and arguments
                [PYTHON, "-m", "locust", "-f", str(LOAD_DIR / "locustfile.py"), "--headless",
                 "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
                 "--run-time", f"{args.duration}s", "--stop-timeout", "30", "--only-summary",
                 "--host", f"http://{HOST}:{port}", "--loglevel", "WARNING"],
                env={**os.environ, "LOAD_ACTORS": str(tmp / "actors.json"), "LOAD_STATS": str(stats_file),
                     "LOAD_THINK_MIN": str(think_min), "LOAD_THINK_MAX": str(think_max)},
                cwd=tmp, check=False)
        finally:
            stop(server)
        timings["load_s"] = round(time.monotonic() - step, 1)
        load_after = os.getloadavg()

        step = time.monotonic()
        verified = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [PYTHON, str(PROJECT_DIR / "manage.py"), "verify_access_log"], env=env, cwd=PROJECT_DIR,
            capture_output=True, text=True, check=False)
        timings["verify_access_log_s"] = round(time.monotonic() - step, 1)
        data_after = in_django(env, COUNTS)
        log_text = server_log.read_text()
        tracebacks = log_text.split("Traceback (most recent call last):")[1:]
        if not stats_file.exists():
            print(f"Locust wrote no statistics (exit {locust.returncode}).", file=sys.stderr)
            return 1
        stats = json.loads(stats_file.read_text())

    total = stats["total"]
    errors = total["failures"] + sum(e["count"] for e in stats["exceptions"])
    results = {
        "command": "make load",
        "started_at": started_at.isoformat(timespec="seconds"),
        "users": args.users,
        "users_by_kind": stats["users"],
        "spawn_rate_per_s": args.spawn_rate,
        "duration_s": args.duration,
        "think_time_s": [think_min, think_max],
        "requests": total["requests"],
        "failures": total["failures"],
        "journey_exceptions": sum(e["count"] for e in stats["exceptions"]),
        "errors": errors,
        "rps": total["rps"],
        "latency_ms": {key: total[key] for key in ("avg_ms", "p50_ms", "p90_ms", "p95_ms", "p99_ms",
                                                    "max_ms")},
        "journeys_completed": stats["journeys"],
        "steps": stats["steps"],
        "endpoints": stats["endpoints"],
        "failure_details": stats["errors"],
        "exception_details": stats["exceptions"],
        "server": {"gunicorn_workers": args.workers, "worker_class": "sync", "db_conn_max_age_s": 60,
                   "debug": False, "tracebacks_logged": len(tracebacks),
                   "first_traceback": tracebacks[0][-3000:] if tracebacks else None},
        "access_log_verified": verified.returncode == 0,
        "access_log_verify": (verified.stdout + verified.stderr).strip()[:500],
        "data_before": data_before,
        "data_after": data_after,
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                    "load_average_before": [round(x, 2) for x in load_before],
                    "load_average_after": [round(x, 2) for x in load_after]},
        "timings": timings,
    }
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")

    print(f"\nLoad test: {args.users} users for {args.duration} s against gunicorn ({args.workers} workers) "
          f"and {data_after['postgresql']} on {HOST}")
    print(f"{'requests':>7} {'fail':>5} {'p50':>6} {'p90':>6} {'p95':>6} {'p99':>6} {'max':>6}  (ms)")
    for row in stats["endpoints"]:
        print(summary_line(row))
    print(summary_line({**total, "method": "", "name": "TOTAL"}))
    print(f"\n{total['requests']} requests, {total['rps']:.1f}/s, {errors} errors; journeys completed: "
          + ", ".join(f"{k} {v}" for k, v in sorted(stats["journeys"].items())))
    print(f"Access log {'verified' if verified.returncode == 0 else 'BROKEN'} "
          f"({data_after['access_log_entries']} entries); server tracebacks: {len(tracebacks)}; "
          f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after, {os.cpu_count()} cores")
    for failure in stats["errors"][:10]:
        print(f"  FAILED {failure['occurrences']}x {failure['method']} {failure['name']}: "
              f"{failure['error'][:200]}")
    for exception in stats["exceptions"][:5]:
        print(f"  EXCEPTION {exception['count']}x {exception['message'][:200]}")
    shown = args.output.relative_to(PROJECT_DIR) if args.output.is_relative_to(PROJECT_DIR) else args.output
    print(f"Written to {shown}")
    failed = errors or tracebacks or verified.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
