"""What every benchmark script shares: which database, Django set-up, timers and percentiles.

The benchmarks run against a database of their own and never against a developer's: PostgreSQL
database ``eendak_bench`` (dropped and recreated by ``--rebuild``) or the SQLite file
``var/bench/eendak_bench.sqlite3``. A ``DATABASE_URL`` in the environment is ignored on purpose; a
different benchmark database can be named with ``BENCH_DATABASE_URL``, and only if its name
contains "bench", so a typo can never point a rebuild at someone's working data.
"""

import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
RESULTS_PATH = BENCH_DIR / "results.json"
README_PATH = PROJECT_DIR / "README.md"

PG_SERVER_URL = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = "eendak_bench"
SQLITE_PATH = PROJECT_DIR / "var" / "bench" / "eendak_bench.sqlite3"

# The data set each database gets unless asked otherwise: national scale on PostgreSQL (issue 5),
# one region on SQLite (zero set-up, so it stays at a size SQLite is meant for).
DEFAULT_SCALE = {"postgres": "national", "sqlite": "regional"}


class BenchRefused(Exception):
    """The benchmark would touch a database that is not a benchmark database."""


def database_url(kind: str) -> str:
    override = os.environ.get("BENCH_DATABASE_URL")
    if override:
        url = override
    elif kind == "postgres":
        url = f"{PG_SERVER_URL}/{PG_DATABASE}"
    elif kind == "sqlite":
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{SQLITE_PATH}"
    else:
        raise BenchRefused(f"Unknown database kind {kind!r}: use postgres or sqlite.")
    name = database_name(url)
    if "bench" not in name:
        raise BenchRefused(f"Refusing to use {name!r}: a benchmark database's name contains 'bench'.")
    return url


def database_name(url: str) -> str:
    parsed = urlparse(url)
    return Path(parsed.path).name if parsed.scheme.startswith("sqlite") else parsed.path.lstrip("/")


def kind_of(url: str) -> str:
    return "sqlite" if urlparse(url).scheme.startswith("sqlite") else "postgres"


def setup_django(url: str) -> None:
    """Point Django at the benchmark database, then set it up. Must run before any model import."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eendak.settings")
    src = str(PROJECT_DIR / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    import django

    django.setup()


def add_database_arguments(parser) -> None:
    parser.add_argument("--db", choices=["postgres", "sqlite"],
                        default=os.environ.get("BENCH_DB", "postgres"),
                        help="which benchmark database (default: postgres, or $BENCH_DB)")
    parser.add_argument("--scale", choices=["national", "regional", "tiny"], default=None,
                        help="data set size (default: national on postgres, regional on sqlite)")
    parser.add_argument("--rebuild", action="store_true",
                        help="drop the benchmark database and build the data set again")
    parser.add_argument("--seed", type=int, default=1)


# --- Measuring ------------------------------------------------------------------------------------


def percentile(values, pct: float) -> float:
    """Nearest-rank percentile: the value below which ``pct`` percent of the samples fall."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(samples_ms) -> dict:
    return {
        "n": len(samples_ms),
        "p50": round(percentile(samples_ms, 50), 2),
        "p95": round(percentile(samples_ms, 95), 2),
        "mean": round(statistics.fmean(samples_ms), 2) if samples_ms else float("nan"),
        "max": round(max(samples_ms), 2) if samples_ms else float("nan"),
    }


@contextmanager
def stopwatch(label: str, timings: dict | None = None, *, quiet: bool = False):
    """Print how long a step took (and keep it in ``timings``)."""
    if not quiet:
        print(f"  {label} ...", flush=True)
    started, cpu_started = time.perf_counter(), time.process_time()
    yield
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if timings is not None:
        timings[label] = round(seconds, 1)
    if not quiet:
        print(f"  {label}: {seconds:.1f} s (this process's CPU: {cpu:.1f} s)", flush=True)


def load_average() -> list[float]:
    """The machine is shared; the load average tells a reader how busy it was during a run."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []
