"""Eendak's benchmarks: build (or reuse) the data set, measure, print, write bench/results.json.

    make bench                                   # PostgreSQL, national set (built on first run)
    make bench BENCH_DB=sqlite                   # SQLite, one region
    make bench BENCH_ARGS=--rebuild              # drop the benchmark database and build again
    .venv/bin/python bench/run.py --help

Benchmarks print figures; they never fail on a time. They do fail loudly when something is *wrong*
rather than slow — a page that does not answer 200, an access log that does not verify — because a
figure measured on a broken page means nothing.

What is measured (milliseconds unless the name says otherwise; p50/p95 over many repetitions):

- ``person_search_fuzzy_*`` — ``persons.matching.find_candidates`` with a name and date of birth as
  people type them: a typo in the surname, diacritics added or dropped, day and month swapped, the
  prefix abbreviated or left out, or a typo *and* a swapped date; each for a random known person.
  Also how often the person was among the candidates at all (recall) and ranked first.
- ``person_search_bsn_p95_ms`` — the exact search by BSN (keyed hash, one index lookup).
- ``work_queue_*`` — the intake work queue page (reports waiting for the safety assessment) and the
  "Mijn casussen" page, as the Veilig Thuis intake officer: both pages per repetition, with their
  SQL query counts.
- ``case_page_*`` — the case page through the real view and the test client, logged in as the
  coordinator of the local team taking part, for a case with 10 and one with 200 journal entries;
  the two query counts should be equal.
- ``access_log_overhead_ratio`` — the case page with ``log_access`` as it is, divided by the same
  page with ``log_access`` replaced by a no-op (medians, interleaved).
- ``api_case_list_rps`` / ``api_baseline_rps`` — see ``load_api.py``.
- ``access_log_appends_per_s`` — entries written per second through ``audit.services.log_access``
  by 16 writers at once (4 processes of 4 threads), each entry its own transaction, while the
  chainer (``audit.chainer``) runs in a process of its own (PostgreSQL only);
  ``access_log_chain_lag``: entries still unchained when the writers stopped;
  ``access_log_chained_per_s``: what the chainer chained per second meanwhile. On a shared 2-CPU
  machine the commit of each entry (its write-ahead-log flush) costs more CPU than the entry: see
  docs/operations.md, "What limits appending".
- ``verify_access_log_s_per_million`` — ``audit.services.verify_chain`` over the whole log (in
  parallel processes on PostgreSQL, one per CPU up to 8; ``verify_access_log_workers``).
- ``cbs_delivery_s`` — building the CBS half-year delivery (``monitoring.cbs.build`` and the CSV,
  not the PDF) for the half-year of the newest report, in seconds (median of a few runs), with its
  query count (``cbs_delivery_queries``: the same whatever the number of reports).
- ``dashboard_*`` — the dashboards page through the real view, for the region as ``analist`` and for
  Tilburg as its policy officer ``gemeente``: p95 over both, each one's p95, and the SQL queries.
  The page answers from the stored snapshot (``monitoring.dashboards``' aggregate table) with its
  charts drawn once; ``dashboard_refresh_s`` is what the background refresh costs (computing every
  snapshot of the default period and drawing its charts, ``dashboard_tasks.refresh``) and
  ``dashboard_compute_region_s`` one computation of the region's read model without charts — what
  a page would cost if it counted live.

Both count the data set's monitoring history (assessments, decisions, investigations, advice
requests, Veiligheidsteam, Spoedplein: ``build_dataset.MonitoringHistory``); a data set built before
that step existed gets it added when it is reused, without a rebuild.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

REPETITIONS = {"search": 400, "bsn": 300, "pages": 40, "case_page": 60, "overhead": 50, "cbs": 3,
               "dashboard": 40}
QUICK = {"search": 60, "bsn": 60, "pages": 8, "case_page": 10, "overhead": 10, "cbs": 1, "dashboard": 5}


# --- Person search ----------------------------------------------------------------------------------

ACCENTS = {"a": "á", "e": "ë", "i": "ï", "o": "ö", "u": "ü", "y": "ÿ"}


def strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def typo(rng: random.Random, word: str) -> str:
    """One slip of the finger after the first letter: a letter wrong, missing, doubled or swapped."""
    if len(word) < 3:
        return word + rng.choice("aeiou")
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("substitute", "delete", "insert", "transpose"))
    letter = rng.choice("abcdefghijklmnoprstuvwz")
    if kind == "substitute":
        return word[:i] + letter + word[i + 1:]
    if kind == "delete":
        return word[:i] + word[i + 1:]
    if kind == "insert":
        return word[:i] + letter + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def accented(rng: random.Random, word: str) -> str:
    """Diacritics the register has and the caller drops, or the reverse."""
    if strip_accents(word) != word:
        return strip_accents(word)
    vowels = [i for i, ch in enumerate(word) if ch.lower() in ACCENTS]
    if not vowels:
        return word
    i = rng.choice(vowels)
    return word[:i] + ACCENTS[word[i].lower()] + word[i + 1:]


def swapped_date(day):
    if day.day > 12 or day.day == day.month:
        return None
    return day.replace(day=day.month, month=day.day)


MUTATIONS = ("typo", "diacritics", "swapped_date", "prefix", "typo_and_swapped_date")


def mutate(rng: random.Random, person, kind: str) -> dict:
    """What an intake officer types for ``person``, with one kind of error."""
    prefix, surname = person.surname_prefix, person.surname
    given = person.given_names.split(" ")[0]
    dob = person.date_of_birth
    if kind in ("swapped_date", "typo_and_swapped_date"):
        dob = swapped_date(dob) or dob
    if kind in ("typo", "typo_and_swapped_date"):
        surname = typo(rng, surname)
    elif kind == "diacritics":
        surname, given = accented(rng, surname), accented(rng, given)
    elif kind == "prefix":
        prefix = {"van der": "vd", "van den": "v.d.", "van de": "vd", "": "van"}.get(prefix, "")
    typed = f"{prefix} {surname}".strip()
    return {"surname": typed, "given_names": given, "date_of_birth": dob}


def sample_persons(count: int, rng: random.Random, *, with_bsn: bool = False) -> list:
    from django.db.models import Max, Min

    from eendak.persons.models import Person

    qs = Person.objects.filter(is_synthetic=True, merged_into__isnull=True,
                               date_of_birth__isnull=False)
    if with_bsn:
        qs = qs.filter(bsn__status="known")
    bounds = qs.aggregate(low=Min("pk"), high=Max("pk"))
    found: dict = {}
    while len(found) < count:
        ids = [rng.randint(bounds["low"], bounds["high"]) for _ in range(count * 2)]
        for person in qs.filter(pk__in=ids).select_related("bsn"):
            found.setdefault(person.pk, person)
    chosen = list(found.values())
    rng.shuffle(chosen)
    return chosen[:count]


def measure_person_search(n: int, rng: random.Random) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from eendak.persons import matching

    persons = sample_persons(3 * n + 20, rng)
    for person in persons[:20]:  # warm-up: caches, plans
        matching.find_candidates(surname=person.surname, date_of_birth=person.date_of_birth)
    # A swapped date needs a day that can be a month (and is not the month): those persons are
    # kept for the swapped-date mutations, so each mutation is the error its name says.
    swappable = [p for p in persons[20:] if swapped_date(p.date_of_birth)]
    others = [p for p in persons[20:] if not swapped_date(p.date_of_birth)]
    totals, sqls, queries = [], [], []
    by_kind: dict[str, dict] = {k: {"ms": [], "found": 0, "first": 0, "n": 0} for k in MUTATIONS}
    for i in range(n):
        kind = MUTATIONS[i % len(MUTATIONS)]
        pool = swappable if "swapped" in kind and swappable else (others or swappable)
        person = pool.pop()
        typed = mutate(rng, person, kind)
        connection.queries_log.clear()  # the log keeps 9,000 queries; a full one counts nothing
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            candidates = matching.find_candidates(**typed)
            elapsed = (time.perf_counter() - started) * 1000
        totals.append(elapsed)
        sqls.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        queries.append(len(captured.captured_queries))
        ids = [c.person.pk for c in candidates]
        stats = by_kind[kind]
        stats["ms"].append(elapsed)
        stats["n"] += 1
        stats["found"] += person.pk in ids
        stats["first"] += bool(ids) and ids[0] == person.pk
    found = sum(s["found"] for s in by_kind.values())
    first = sum(s["first"] for s in by_kind.values())
    total = summary(totals)
    return {
        "person_search_fuzzy_p50_ms": total["p50"],
        "person_search_fuzzy_p95_ms": total["p95"],
        "person_search_fuzzy_sql_p95_ms": round(common.percentile(sqls, 95), 2),
        "person_search_fuzzy_recall": round(found / len(totals), 3),
        "person_search_fuzzy_top1": round(first / len(totals), 3),
        "person_search_fuzzy_samples": len(totals),
        "person_search_fuzzy_queries": max(queries),
        "_person_search_by_mutation": {
            kind: {"p50_ms": round(common.percentile(s["ms"], 50), 1),
                   "p95_ms": round(common.percentile(s["ms"], 95), 1),
                   "recall": round(s["found"] / s["n"], 3), "top1": round(s["first"] / s["n"], 3),
                   "n": s["n"]}
            for kind, s in by_kind.items() if s["n"]
        },
    }


def measure_bsn_search(n: int, rng: random.Random) -> dict:
    from eendak.persons import bsn as bsn_module
    from eendak.persons import matching

    persons = sample_persons(n + 10, rng, with_bsn=True)
    numbers = [(p.pk, bsn_module.decrypt(p.bsn.encrypted_value)) for p in persons]
    for _pk, number in numbers[:10]:
        matching.find_candidates(bsn=number)
    samples, misses = [], 0
    for pk, number in numbers[10:]:
        started = time.perf_counter()
        candidates = matching.find_candidates(bsn=number)
        samples.append((time.perf_counter() - started) * 1000)
        misses += not candidates or candidates[0].person.pk != pk
    if misses:
        raise RuntimeError(f"the BSN search missed {misses} of {len(samples)} known persons")
    s = summary(samples)
    return {"person_search_bsn_p50_ms": s["p50"], "person_search_bsn_p95_ms": s["p95"]}


# --- Pages through the real views ----------------------------------------------------------------------


def client_for(username: str):
    """A test client past password, second factor and role choice, as the demo user."""
    from eendak.core.models import Membership
    from eendak.testing.clients import verified_client

    membership = Membership.objects.select_related("user", "organisation").get(
        user__username=username)
    return verified_client(membership), membership


def timed_get(client, path: str) -> tuple[float, int]:
    """(milliseconds, SQL queries) of one GET; anything but 200 stops the benchmark."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()  # the log keeps 9,000 queries; a full one counts nothing
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}")
    return elapsed, len(captured.captured_queries)


def measure_work_queue(n: int) -> dict:
    from django.urls import reverse

    client, _membership = client_for("intake")
    queue_url, cases_url = reverse("intake:queue"), reverse("cases:my_cases")
    coordinator, _ = client_for("coordinator")
    for _ in range(3):
        timed_get(client, queue_url)
        timed_get(client, cases_url)
        timed_get(coordinator, cases_url)
    queue, cases, both, team = [], [], [], []
    queue_queries, cases_queries, team_queries = set(), set(), set()
    for _ in range(n):
        q_ms, q_n = timed_get(client, queue_url)
        c_ms, c_n = timed_get(client, cases_url)
        t_ms, t_n = timed_get(coordinator, cases_url)
        queue.append(q_ms)
        cases.append(c_ms)
        both.append(q_ms + c_ms)
        team.append(t_ms)
        queue_queries.add(q_n)
        cases_queries.add(c_n)
        team_queries.add(t_n)
    return {
        "work_queue_p50_ms": summary(both)["p50"],
        "work_queue_p95_ms": summary(both)["p95"],
        "work_queue_queries": max(queue_queries) + max(cases_queries),
        "work_queue_intake_p95_ms": summary(queue)["p95"],
        "work_queue_intake_queries": max(queue_queries),
        "work_queue_my_cases_p95_ms": summary(cases)["p95"],
        "work_queue_my_cases_queries": max(cases_queries),
        "work_queue_my_cases_local_team_p95_ms": summary(team)["p95"],
        "work_queue_my_cases_local_team_queries": max(team_queries),
        "_work_queue_query_counts_seen": {"intake": sorted(queue_queries),
                                          "my_cases": sorted(cases_queries),
                                          "my_cases_local_team": sorted(team_queries)},
    }


def bench_case_ids() -> tuple[int, int]:
    from build_dataset import LARGE_CASE_REFERENCE, SMALL_CASE_REFERENCE

    from eendak.cases.models import Case

    cases = dict(Case.objects.filter(reference__in=[SMALL_CASE_REFERENCE, LARGE_CASE_REFERENCE])
                 .values_list("reference", "pk"))
    return cases[SMALL_CASE_REFERENCE], cases[LARGE_CASE_REFERENCE]


def measure_case_page(n: int) -> dict:
    from django.urls import reverse

    from eendak.cases.models import JournalEntry

    small_id, large_id = bench_case_ids()
    small_url, large_url = (reverse("cases:case_detail", args=[pk]) for pk in (small_id, large_id))
    client, _ = client_for("coordinator")
    vt_client, _ = client_for("monitor")
    for _ in range(3):
        for url in (small_url, large_url):
            timed_get(client, url)
            timed_get(vt_client, url)
    small, large, vt = [], [], []
    small_queries, large_queries = set(), set()
    for _ in range(n):
        ms, count = timed_get(client, small_url)
        small.append(ms)
        small_queries.add(count)
        ms, count = timed_get(client, large_url)
        large.append(ms)
        large_queries.add(count)
        vt.append(timed_get(vt_client, large_url)[0])
    return {
        "case_page_p50_ms": summary(small + large)["p50"],
        "case_page_p95_ms": summary(small + large)["p95"],
        "case_page_small_p95_ms": summary(small)["p95"],
        "case_page_large_p95_ms": summary(large)["p95"],
        "case_page_queries_small": max(small_queries),
        "case_page_queries_large": max(large_queries),
        "case_page_queries_equal": small_queries == large_queries and len(small_queries) == 1,
        "case_page_veilig_thuis_p95_ms": summary(vt)["p95"],
        "_case_page_journal_entries": {
            "small": JournalEntry.objects.filter(case_id=small_id).count(),
            "large": JournalEntry.objects.filter(case_id=large_id).count()},
        "_case_page_query_counts_seen": {"small": sorted(small_queries),
                                         "large": sorted(large_queries)},
    }


def measure_access_log_overhead(n: int) -> dict:
    """The case page with the access log as it is and with ``log_access`` a no-op, interleaved."""
    from unittest import mock

    from django.urls import reverse

    from eendak.audit import services as audit_services

    _small_id, large_id = bench_case_ids()
    url = reverse("cases:case_detail", args=[large_id])
    client, _ = client_for("coordinator")
    for _ in range(3):
        timed_get(client, url)
    on, off = [], []
    for _ in range(n):
        on.append(timed_get(client, url)[0])
        with mock.patch.object(audit_services, "log_access", lambda *args, **kwargs: None):
            off.append(timed_get(client, url)[0])
    on_s, off_s = summary(on), summary(off)
    return {
        "access_log_overhead_ratio": round(on_s["p50"] / off_s["p50"], 3),
        "access_log_overhead_ms": round(on_s["p50"] - off_s["p50"], 2),
        "_access_log_overhead": {"on_ms": on_s, "off_ms": off_s},
    }


# --- The CBS half-year delivery -------------------------------------------------------------------


def measure_cbs_delivery(n: int) -> dict:
    """Building the CBS delivery (``monitoring.cbs.build`` and the CSV; not the PDF) for the
    half-year of the newest report in the data set, ``n`` times: the median, and the queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from eendak.intake.models import Report
    from eendak.monitoring import cbs

    newest = Report.objects.order_by("-received_at").values_list("received_at", flat=True).first()
    day = timezone.localdate(newest) if newest else timezone.localdate()
    half_year = cbs.HalfYear(day.year, 1 if day.month <= 6 else 2)
    seconds, queries, reports = [], 0, 0
    for _ in range(n):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            delivery = cbs.build(half_year)
            cbs.csv_bytes(delivery.as_json())
            seconds.append(time.perf_counter() - started)
        queries, reports = len(captured), delivery.counts[cbs.REGION]["totaal"]["meldingen"]
    seconds.sort()
    return {"cbs_delivery_s": round(seconds[len(seconds) // 2], 2),
            "cbs_delivery_queries": queries,
            "_cbs_delivery": {"half_year": half_year.label, "reports": reports, "runs": n}}


def measure_dashboard(n: int) -> dict:
    """The dashboards page (/cijfers/dashboard/) through the real view: the read model
    (``monitoring.dashboards``, grouped queries) and the page with its six server-drawn SVG charts,
    for the region as the analyst and for a municipality as its policy officer, ``n`` times each:
    p50/p95 over both, each one's p95, and the SQL queries (the same for either)."""
    from django.urls import reverse

    analyst, _ = client_for("analist")
    officer, officer_membership = client_for("gemeente")
    own = officer_membership.organisation.municipality_id  # the one a policy officer is bound to
    if own is None:
        raise RuntimeError("the demo account gemeente's organisation has no municipality")
    region_url = reverse("monitoring:dashboard")
    municipality_url = reverse("monitoring:dashboard_municipality", args=[own])
    from eendak.monitoring import dashboard_tasks, dashboards

    started = time.perf_counter()
    dashboards.compute(None, dashboards.period())
    compute_region_s = time.perf_counter() - started
    started = time.perf_counter()
    snapshots = dashboard_tasks.refresh()
    refresh_s = time.perf_counter() - started
    for _ in range(2):
        timed_get(analyst, region_url)
        timed_get(officer, municipality_url)
    region, municipality = [], []
    region_queries, municipality_queries = set(), set()
    for _ in range(n):
        ms, count = timed_get(analyst, region_url)
        region.append(ms)
        region_queries.add(count)
        ms, count = timed_get(officer, municipality_url)
        municipality.append(ms)
        municipality_queries.add(count)
    return {
        "dashboard_p50_ms": summary(region + municipality)["p50"],
        "dashboard_p95_ms": summary(region + municipality)["p95"],
        "dashboard_region_p95_ms": summary(region)["p95"],
        "dashboard_municipality_p95_ms": summary(municipality)["p95"],
        "dashboard_queries": max(region_queries | municipality_queries),
        "_dashboard_query_counts_seen": {"region": sorted(region_queries),
                                         "municipality": sorted(municipality_queries)},
        "dashboard_refresh_s": round(refresh_s, 2),
        "dashboard_compute_region_s": round(compute_region_s, 2),
        "_dashboard_refresh": {"snapshots": snapshots},
    }


# --- API, verification, sizes --------------------------------------------------------------------


def measure_api(url: str, quick: bool) -> dict:
    import load_api

    result = load_api.measure(url, seconds=5 if quick else 15, rounds=1 if quick else 2)
    return {
        "api_case_list_rps": result["case_list"]["rps"],
        "api_baseline_rps": result["baseline"]["rps"],
        "api_case_list_p95_ms": result["case_list"]["latency_ms"]["p95"],
        "api_baseline_p95_ms": result["baseline"]["latency_ms"]["p95"],
        "_api": result,
    }


def measure_verify() -> dict:
    from eendak.audit.services import verify_chain
    from eendak.audit.verify import default_workers

    started = time.perf_counter()
    report = verify_chain(workers=default_workers())
    seconds = time.perf_counter() - started
    if not report.ok:
        raise RuntimeError(f"the access log does not verify: entry {report.first_broken_id}: "
                           f"{report.problem}")
    return {
        "verify_access_log_s_per_million": round(seconds / (report.checked / 1_000_000), 1),
        "verify_access_log_seconds": round(seconds, 1),
        "verify_access_log_entries": report.checked,
        "verify_access_log_workers": default_workers(),
    }


def measure_appends(seconds: float, processes: int = 4, threads: int = 4) -> dict:
    """Access-log entries appended per second by ``processes`` x ``threads`` writers at once (as
    several servers with threaded workers would), each writer with its own connection, each entry its
    own transaction through ``audit.services.log_access`` with two persons: the capacity of the whole
    deployment to write the log (PostgreSQL only; SQLite has one writer).

    The chainer runs meanwhile in a process of its own, as in production (``audit.chainer``);
    ``access_log_chain_lag`` is how many of the entries written were still unchained when the writers
    stopped, and ``access_log_chained_per_s`` how many it chained per second meanwhile."""
    import multiprocessing

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        return {}
    connections.close_all()  # the forked processes must not share this process's connection
    context = multiprocessing.get_context("fork")
    start, stop = context.Barrier(processes + 2), context.Event()
    counts, chained = context.Queue(), context.Queue()
    workers = [context.Process(target=_append_writers, args=(k, threads, start, stop, counts))
               for k in range(processes)]
    chainer = context.Process(target=_append_chainer, args=(start, stop, chained))
    for process in [*workers, chainer]:
        process.start()
    start.wait()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    results = [counts.get(timeout=120) for _ in workers]
    elapsed = time.perf_counter() - began
    chained_count, lag = chained.get(timeout=120)
    for process in [*workers, chainer]:
        process.join()
    errors = [error for _count, error in results if error]
    if errors:
        raise RuntimeError(f"an access-log writer failed: {errors[0]}")
    written = sum(count for count, _error in results)
    from eendak.audit.chainer import chain_pending

    chain_pending()  # leave the log chained for the verification that follows
    return {
        "access_log_appends_per_s": round(written / elapsed),
        "access_log_append_writers": processes * threads,
        "access_log_chained_per_s": round(chained_count / elapsed),
        "access_log_chain_lag": lag,
    }


def _append_writers(k, threads, start, stop, counts):
    import threading

    from django.db import connections

    from eendak.audit.models import Action
    from eendak.audit.services import log_access
    from eendak.core.actors import Actor

    done = [0] * threads
    errors: list[str] = []
    go = threading.Event()

    def write(t):
        actor = Actor.system()
        try:
            go.wait()
            while not stop.is_set():
                log_access(actor, event="bench.append", action=Action.READ,
                           obj=("bench.append", f"{k}.{t}"), persons=[k, 1000 + t],
                           detail=f"writer {k}.{t}")
                done[t] += 1
        except Exception as error:  # noqa: BLE001 - reported by the parent
            errors.append(repr(error))
            stop.set()
        finally:
            connections.close_all()

    pool = [threading.Thread(target=write, args=(t,)) for t in range(threads)]
    for thread in pool:
        thread.start()
    start.wait()  # every writer process and the chainer are ready: all start at once
    go.set()
    for thread in pool:
        thread.join()
    counts.put((sum(done), errors[0] if errors else ""))


def _append_chainer(start, stop, chained):
    from django.db import connections

    from eendak.audit.chainer import Chainer, unchained

    chainer = Chainer()
    chainer.chain_all()  # what was there before (a full sweep), not counted
    start.wait()
    total = 0
    while not stop.is_set():
        done = chainer.run_once()
        total += done
        if done < chainer.batch_size:
            time.sleep(0.2)
    boundary = chainer_boundary()
    lag = unchained(boundary).count()
    connections.close_all()
    chained.put((total, lag))


def chainer_boundary() -> int:
    from eendak.audit.chainer import chain_head

    return chain_head()[2]


def fill_access_log(target: int, seed: int = 1) -> dict:
    """Bring the log to ``target`` entries: unchained entries (persons 1 to 5 each, as requests
    write them) copied in, then chained by the real chainer; returns how fast it chained."""
    from django.db import connection

    from eendak.audit.chainer import Chainer
    from eendak.audit.models import AccessLogEntry

    have = AccessLogEntry.objects.count()
    if have >= target:
        return {}
    rng = random.Random(seed)
    now = datetime.now(UTC)
    columns = ("id", "occurred_at", "event", "action", "outcome", "username", "organisation_name",
               "role", "object_type", "object_id", "ip_address", "emergency", "reason", "detail",
               "previous_hash", "key_id")
    first = (AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    missing = target - have
    print(f"  copying {missing} unchained entries in", flush=True)
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY audit_accesslogentry ({', '.join(columns)}) FROM STDIN") as copy:
            for i in range(missing):
                copy.write_row((first + i, now, "person.read", "R", "success", f"medewerker{i % 997}",
                                "Veilig Thuis Midden-Brabant", "vt_intake", "persons.person",
                                str(rng.randrange(1, 2_000_000)), "10.1.2.3", False, "", "", "", ""))
        with cursor.copy("COPY audit_accesslogsubject (entry_id, person_id) FROM STDIN") as copy:
            for i in range(missing):
                for person in rng.sample(range(1, 2_000_000), rng.randint(1, 5)):
                    copy.write_row((first + i, person))
        cursor.execute("SELECT setval(pg_get_serial_sequence('audit_accesslogentry', 'id'), %s)",
                       [first + missing])
        cursor.execute("ANALYZE audit_accesslogentry, audit_accesslogsubject")  # as autovacuum would
    raw.commit()
    print("  chaining them", flush=True)
    started = time.perf_counter()
    chained = Chainer(batch_size=5000).chain_all()
    seconds = time.perf_counter() - started
    return {"access_log_fill_chained": chained,
            "access_log_fill_chained_per_s": round(chained / seconds)}


def _create_database(url: str) -> None:
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def remeasure_access_log(args) -> int:
    """``--access-log-only N``: the access log's two figures on a database of their own.

    The database (``BENCH_DATABASE_URL``, default ``eendak_bench_access_log``) holds only the access
    log: it is migrated, filled to N entries (``fill_access_log``) unless it has them, the append
    capacity is measured with the chainer running, and the whole chain is verified. Only
    ``access_log_appends_per_s``, ``verify_access_log_s_per_million`` and ``_access_log_remeasured``
    (what, when, the load) are written into bench/results.json, for the PostgreSQL run."""
    from django.core.management import call_command
    from django.db import connection

    load_before = common.load_average()
    call_command("migrate", verbosity=0)
    filled = fill_access_log(args.access_log_only, args.seed)
    appends = measure_appends(3 if args.quick else 10)
    verified = measure_verify()
    note = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "database": f"{connection.vendor} {connection.settings_dict['NAME']} (access log only, "
                    f"{verified['verify_access_log_entries']} entries; not the national set)",
        "command": f"bench/run.py --access-log-only {args.access_log_only}",
        "load_average": {"before": load_before, "after": common.load_average()},
        "cpu_count": os.cpu_count(),
        **filled, **appends, **verified,
    }
    print(json.dumps(note, indent=2))
    path = args.output
    document = json.loads(path.read_text()) if path.exists() else {}
    figures = {"access_log_appends_per_s": appends.get("access_log_appends_per_s"),
               "verify_access_log_s_per_million": verified["verify_access_log_s_per_million"],
               "_access_log_remeasured": note}
    document.update(figures)
    document.setdefault("runs", {}).setdefault("postgresql", {}).update(figures)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return 0


def dataset_sizes() -> dict:
    from eendak.audit.models import AccessLogEntry, AccessLogSubject
    from eendak.cases.models import Case, JournalEntry
    from eendak.intake.models import Report
    from eendak.persons.models import Person

    return {
        "persons": Person.objects.count(),
        "reports": Report.objects.count(),
        "cases": Case.objects.count(),
        "journal_entries": JournalEntry.objects.count(),
        "access_log_entries": AccessLogEntry.objects.count(),
        "access_log_subjects": AccessLogSubject.objects.count(),
        "cpu_count": os.cpu_count(),
    }


def summary(samples) -> dict:
    return common.summary(samples)


# --- Output ------------------------------------------------------------------------------------------

TABLE = [
    ("person_search_fuzzy_p50_ms", "Person search, name + date of birth with errors, p50", "ms"),
    ("person_search_fuzzy_p95_ms", "Person search, name + date of birth with errors, p95", "ms"),
    ("person_search_fuzzy_recall", "  ... the person among the candidates", ""),
    ("person_search_bsn_p95_ms", "Person search by BSN, p95", "ms"),
    ("work_queue_p95_ms", "Work queue + my cases (two pages), p95", "ms"),
    ("work_queue_queries", "  ... SQL queries (both pages)", ""),
    ("case_page_p95_ms", "Case page, p95", "ms"),
    ("case_page_queries_small", "  ... SQL queries, 10 journal entries", ""),
    ("case_page_queries_large", "  ... SQL queries, 200 journal entries", ""),
    ("access_log_overhead_ratio", "Case page with / without access log", "x"),
    ("api_case_list_rps", "API case list", "req/s"),
    ("api_baseline_rps", "API bare authenticated request", "req/s"),
    ("verify_access_log_s_per_million", "Verify access-log chain", "s per 1M"),
    ("access_log_appends_per_s", "Access-log appends, 16 concurrent writers", "entries/s"),
    ("cbs_delivery_s", "CBS half-year delivery (latest half-year)", "s"),
    ("dashboard_p95_ms", "Dashboards page, region and a municipality, p95", "ms"),
    ("dashboard_queries", "  ... SQL queries", ""),
    ("dashboard_refresh_s", "  ... background refresh of every snapshot", "s"),
    ("dashboard_compute_region_s", "  ... the region counted live (no snapshot)", "s"),
    ("persons", "Persons", ""),
    ("reports", "Reports", ""),
    ("cases", "Cases", ""),
    ("journal_entries", "Journal entries", ""),
    ("access_log_entries", "Access-log entries", ""),
    ("cpu_count", "CPU cores", ""),
]


def fmt(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        digits = 3 if abs(value) < 1 else 2 if abs(value) < 10 else 1
        return f"{value:,.{digits}f}"
    return str(value)


def print_table(results: dict, path: Path) -> None:
    print()
    print(f"Eendak benchmarks — {results['database']} ({results['scale']} data set), "
          f"{results['measured_at']}")
    width = max(len(label) for _, label, _ in TABLE)
    for key, label, unit in TABLE:
        if key in results:
            print(f"  {label:<{width}}  {fmt(results[key]):>12} {unit}")
    for warning in results.get("warnings", []):
        print(f"  ! {warning}")
    print(f"Written to {path}")


def warnings_for(results: dict) -> list[str]:
    """Figures that point at a real problem (reported, never a failure)."""
    found = []
    if results.get("case_page_queries_equal") is False:
        found.append(f"case page query count differs: {results['case_page_queries_small']} with 10 "
                     f"journal entries, {results['case_page_queries_large']} with 200")
    if results.get("person_search_fuzzy_p95_ms", 0) > 100:
        found.append(f"fuzzy person search p95 {results['person_search_fuzzy_p95_ms']} ms is above "
                     "the 100 ms aim of issue 3")
    if results.get("person_search_fuzzy_recall", 1) < 0.95:
        found.append(f"fuzzy person search finds the person in only "
                     f"{results['person_search_fuzzy_recall']:.0%} of searches")
    if results.get("access_log_overhead_ratio", 1) > 1.5:
        found.append(f"the access log makes the case page {results['access_log_overhead_ratio']}x "
                     "slower")
    return found


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
                              cwd=common.PROJECT_DIR,
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def save(results: dict, path: Path) -> dict:
    """Keep one run per database in ``runs``; the top level holds the PostgreSQL (national) figures
    when there are any, since that is the data set issue 5 asks for."""
    previous = {}
    if path.exists():
        try:
            previous = json.loads(path.read_text())
        except json.JSONDecodeError:
            previous = {}
    runs = previous.get("runs", {})
    runs[results["database"]] = results
    headline = runs.get("postgresql") or results
    document = {**headline, "runs": runs}
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return document


README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"
README_ROWS = [
    ("person_search_fuzzy_p50_ms", "person search, name + date of birth with typing errors, p50 (ms)"),
    ("person_search_fuzzy_p95_ms", "person search, name + date of birth with typing errors, p95 (ms)"),
    ("person_search_fuzzy_recall", "… share of searches that find the person"),
    ("person_search_bsn_p95_ms", "person search by BSN, p95 (ms)"),
    ("work_queue_p95_ms", "work queue + my cases, p95 (ms)"),
    ("work_queue_queries", "… SQL queries"),
    ("case_page_p95_ms", "case page, p95 (ms)"),
    ("case_page_queries_small", "… SQL queries with 10 journal entries"),
    ("case_page_queries_large", "… SQL queries with 200 journal entries"),
    ("access_log_overhead_ratio", "case page with / without access log"),
    ("api_case_list_rps", "API case list (req/s, gunicorn, 1 worker per core)"),
    ("api_baseline_rps", "API bare authenticated request (req/s)"),
    ("verify_access_log_s_per_million", "verify the access-log chain (s per million entries)"),
    ("access_log_appends_per_s", "access-log entries appended per second (16 concurrent writers)"),
    ("cbs_delivery_s", "CBS half-year delivery, latest half-year (s; counting and CSV)"),
    ("dashboard_p95_ms", "dashboards page, region and a municipality, p95 (ms; stored snapshot and charts)"),
    ("dashboard_refresh_s", "… background refresh of every dashboard snapshot (s)"),
    ("persons", "persons"),
    ("reports", "reports"),
    ("cases", "cases"),
    ("journal_entries", "journal entries"),
    ("access_log_entries", "access-log entries"),
    ("dataset_build_minutes", "building the data set (minutes)"),
]


def update_readme(document: dict) -> None:
    runs = document.get("runs", {})
    columns = [(name, runs[name]) for name in ("postgresql", "sqlite") if name in runs]
    if not columns:
        return
    header = " | ".join(f"{name} ({run['scale']}, {run['measured_at'][:10]})" for name, run in columns)
    lines = [
        README_START,
        "## Benchmarks",
        "",
        "`make bench` builds a synthetic data set (PostgreSQL database `eendak_bench`: national",
        "scale, 25 regions, built once and reused; `BENCH_DB=sqlite`: one region), measures, and",
        "writes `bench/results.json`. Benchmarks print figures and never fail on a time; what they",
        "measure and how is in `bench/run.py` and `bench/build_dataset.py`. Latest figures, on",
        f"{columns[0][1].get('cpu_count')} cores shared with other work (so read them as orders of "
        "magnitude):",
        "",
        f"| figure | {header} |",
        "| --- |" + " ---: |" * len(columns),
    ]
    for key, label in README_ROWS:
        if any(key in run for _, run in columns):
            lines.append(f"| {label} | " + " | ".join(fmt(run.get(key, "")) for _, run in columns)
                         + " |")
    lines += [
        "",
        "Produced by:",
        "",
        "```sh",
        "make bench                      # PostgreSQL (eendak_bench), national set; "
        "BENCH_ARGS=--rebuild to rebuild",
        "make bench BENCH_DB=sqlite      # SQLite (var/bench/), one region",
        "```",
        README_END,
    ]
    text = common.README_PATH.read_text()
    block = "\n".join(lines)
    if README_START in text and README_END in text:
        before, rest = text.split(README_START, 1)
        after = rest.split(README_END, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    common.README_PATH.write_text(text)


# --- Main ----------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Eendak benchmarks (see bench/run.py).")
    common.add_database_arguments(parser)
    parser.add_argument("--quick", action="store_true", help="few repetitions (a smoke test)")
    parser.add_argument("--skip-api", action="store_true", help="no gunicorn load test")
    parser.add_argument("--skip-verify", action="store_true", help="do not verify the access log")
    parser.add_argument("--no-readme", action="store_true", help="leave README.md alone")
    parser.add_argument("--output", type=Path, default=common.RESULTS_PATH,
                        help="where to write the figures (default bench/results.json); an "
                             "experiment written elsewhere leaves the README alone")
    parser.add_argument("--access-log-only", type=int, metavar="N", default=0,
                        help="only the access log's figures, on a database holding N entries "
                             "(BENCH_DATABASE_URL, default eendak_bench_access_log; see "
                             "remeasure_access_log)")
    args = parser.parse_args(argv)

    if args.access_log_only:
        os.environ.setdefault("BENCH_DATABASE_URL",
                              f"{common.PG_SERVER_URL}/eendak_bench_access_log")
        url = common.database_url("postgres")
        _create_database(url)
        os.environ["DJANGO_DEBUG"] = "false"
        common.setup_django(url)
        return remeasure_access_log(args)

    url = common.database_url(args.db)
    os.environ["DJANGO_DEBUG"] = "false"  # measure what production runs, not the debug toolbar
    common.setup_django(url)
    from build_dataset import ensure_dataset
    from django.db import connection

    scale = args.scale or common.DEFAULT_SCALE[args.db]
    meta = ensure_dataset(url, scale, args.seed, args.rebuild)
    reps = QUICK if args.quick else REPETITIONS
    rng = random.Random(args.seed)
    load_before = common.load_average()
    results: dict = {
        "database": connection.vendor, "scale": scale,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "git_commit": git_commit(),
        "command": f"make bench BENCH_DB={args.db}" + (" BENCH_ARGS=--quick" if args.quick else ""),
        "dataset_build_minutes": round(meta["build_seconds"] / 60, 1),
        "dataset_built_at": meta["built_at"],
    }
    steps = [
        ("person search (fuzzy)", lambda: measure_person_search(reps["search"], rng)),
        ("person search (BSN)", lambda: measure_bsn_search(reps["bsn"], rng)),
        ("work queue and my cases", lambda: measure_work_queue(reps["pages"])),
        ("case page", lambda: measure_case_page(reps["case_page"])),
        ("access-log overhead", lambda: measure_access_log_overhead(reps["overhead"])),
        ("CBS half-year delivery", lambda: measure_cbs_delivery(reps["cbs"])),
        ("dashboards", lambda: measure_dashboard(reps["dashboard"])),
        ("access-log appends", lambda: measure_appends(3 if args.quick else 10)),
    ]
    if not args.skip_api:
        steps.append(("API load (gunicorn)", lambda: measure_api(url, args.quick)))
    if not args.skip_verify:
        steps.append(("verify the access log", measure_verify))
    steps.append(("data set sizes", dataset_sizes))
    timings: dict = {}
    print("Measuring")
    for label, step in steps:
        with common.stopwatch(label, timings):
            results.update(step())
    results["load_average"] = {"before": load_before, "after": common.load_average()}
    results["step_seconds"] = timings
    results["warnings"] = warnings_for(results)
    document = save(results, args.output)
    if not args.no_readme and args.output == common.RESULTS_PATH:
        update_readme(document)
    print_table(results, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
