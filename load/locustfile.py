"""The journeys of the load test: the work of a day at Veilig Thuis and the local teams, through the
REST API, by many people at once.

- **Intake** (Veilig Thuis, intake): the work queue, "is this person already known?" (by BSN and by
  name), take a report by phone/police/professional/web, read it back, the safety assessment, the
  decision. Most decisions open a case (or join the household's open one) with the local team
  taking part from the start.
- **Case work** (local teams, coordinators and workers): my cases, the whole file, the journal, a
  journal entry, and the plan: an action under a goal (a new plan version or goal when there is none
  to add to). Now and then "my actions" and the signals.
- **Monitoring** (Veilig Thuis, monitoring): the signals, the cases, a case's file, the safety
  conditions when none are set yet, and the next monitoring moment recorded.

Every virtual user is a person of its own (an account with a service token made by ``run.py``), so
need-to-know applies as it would: a local team sees only the cases it takes part in.

Two virtual users never change the plan or record monitoring of the same case at the same moment
(``LEASED``): two real people doing that would get a fair "changed by someone else" answer, which is
not what this test is about (the concurrency tests of the case file are). Journal entries are not
leased: many people write in one journal. Locust runs every user in this one process (gevent), so a
plain set is enough.

Any answer that is not what the journey expects is a failure (with the first part of the body, so
the summary says what went wrong); any exception in a journey is counted by Locust as well. At the
end the statistics are written to ``LOAD_STATS`` for ``run.py``.
"""

import json
import os
import random
import uuid
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from faker import Faker
from locust import HttpUser, between, events, task

API = "/api/v1"
ACTORS = json.loads(Path(os.environ["LOAD_ACTORS"]).read_text())
POOLS = {role: iter(accounts) for role, accounts in ACTORS["pools"].items()}
MUNICIPALITIES = ACTORS["municipalities"]
THINK = (float(os.environ.get("LOAD_THINK_MIN", "1")), float(os.environ.get("LOAD_THINK_MAX", "3")))

LEASED: set[int] = set()  # cases someone is changing the plan or monitoring of right now
MONITORED_OUT: set[int] = set()  # cases whose every monitoring moment is recorded
OPENED: list[int] = []  # cases opened or joined by this run's intake decisions
USED_BSNS: set[str] = set()
STARTED: Counter = Counter()  # virtual users started, by kind
JOURNEYS: Counter = Counter()  # journeys completed, by kind
STEPS: Counter = Counter()  # what the journeys did (reports taken, cases opened, ...)

fake = Faker("nl_NL")
rng = random.Random()


def test_bsn() -> str:
    """A BSN in the 999 test range that passes the 11-test and this run has not used yet."""
    while True:
        digits = "999" + f"{rng.randrange(0, 1_000_000):06d}"
        total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
        if (total - int(digits[8])) % 11 == 0 and digits not in USED_BSNS:
            USED_BSNS.add(digits)
            return digits


def birth_date(min_age: int, max_age: int) -> str:
    days = rng.randrange(min_age * 365, max_age * 365)
    return (date.today() - timedelta(days=days)).isoformat()


class ApiUser(HttpUser):
    """A person with a service token for one membership."""

    abstract = True
    wait_time = between(*THINK)
    role = ""

    def on_start(self):
        self.me = next(POOLS[self.role])
        self.client.headers.update({"Authorization": f"Token {self.me['token']}",
                                    "Accept": "application/json"})
        self.case_pages = 1
        STARTED[type(self).__name__] += 1

    # -- HTTP, with the journey's expectations --

    def _check(self, response, expected):
        if response.status_code not in expected:
            response.failure(f"{response.status_code} {response.text[:300]}")
            return None
        try:
            return response.json()
        except ValueError:
            response.failure(f"{response.status_code} no JSON")
            return None

    def get(self, path, name, params=None, expected=(200,)):
        with self.client.get(path, params=params, name=name, catch_response=True) as response:
            return self._check(response, expected)

    def post(self, path, name, body, expected=(200, 201), headers=None):
        with self.client.post(path, json=body, name=name, headers=headers,
                              catch_response=True) as response:
            return self._check(response, expected)

    # -- shared steps --

    def my_cases_page(self) -> list[dict]:
        """A page of "my cases", at random among the pages there were last time."""
        page = rng.randint(1, self.case_pages)
        data = self.get(f"{API}/cases/", "GET /cases/ (mijn casussen)", {"page": page})
        if data is None:
            return []
        self.case_pages = max(1, -(-data["count"] // 25))
        return data["results"]

    def lease(self, candidates: list[int]) -> int | None:
        free = [pk for pk in candidates if pk not in LEASED and pk not in MONITORED_OUT]
        if not free:
            return None
        pk = rng.choice(free)
        LEASED.add(pk)
        return pk


class IntakeWorker(ApiUser):
    """Veilig Thuis intake: a report from receipt to decision."""

    role = "intake"
    weight = 3

    @task
    def report_to_decision(self):
        if rng.random() < 0.3:
            self.get(f"{API}/reports/", "GET /reports/ (werkvoorraad)")
        municipality = rng.choice(MUNICIPALITIES)
        victim = self.victim(municipality)
        if victim is None:
            return
        surname = fake.last_name()
        suspect_dob = birth_date(25, 55)
        if self.get(f"{API}/person-candidates/", "GET /person-candidates/ (naam)",
                    {"surname": surname, "givenNames": "", "dateOfBirth": suspect_dob}) is None:
            return
        involved = [victim, {"role": "suspect", "newPerson": {
            "givenNames": fake.first_name_male(), "surname": surname, "sex": "M",
            "dateOfBirth": suspect_dob, "bsnStatus": "absent"}}]
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            involved.append({"role": "child", "newPerson": {
                "givenNames": fake.first_name(), "surname": surname, "dateOfBirth": birth_date(1, 17),
                "bsnStatus": "absent"}})
        channel = rng.choice(("phone", "phone", "police", "professional", "web"))
        body = {
            "channel": channel,
            "reporter": {"name": fake.name(), "isProfessional": channel in ("police", "professional"),
                         "phone": fake.phone_number()[:30], "relation": "buurvrouw"},
            "violenceTypes": rng.choice((["partnergeweld"], ["kindermishandeling"],
                                         ["partnergeweld", "kindermishandeling"],
                                         ["ouderenmishandeling"])),
            "account": fake.paragraph(nb_sentences=4),
            "isAcute": rng.random() < 0.1,
            "municipality": municipality,
            "involved": involved,
        }
        report = self.post(f"{API}/reports/", "POST /reports/ (melding aannemen)", body,
                           expected=(201,), headers={"Idempotency-Key": str(uuid.uuid4())})
        if report is None:
            return
        STEPS["reports"] += 1
        url = f"{API}/reports/{report['id']}/"
        if self.get(url, "GET /reports/[id]/") is None:
            return
        acute = body["isAcute"]
        if self.post(f"{url}assessment/", "POST /reports/[id]/assessment/", {
                "acuteUnsafety": acute, "structuralUnsafety": True,
                "triage": "direct_danger" if acute else rng.choice(
                    ("structural_serious", "harmful_multiproblem", "none")),
                "rationale": fake.sentence(nb_words=12)}) is None:
            return
        kind = rng.choices(("conditions", "investigation", "handover", "end"), (60, 15, 15, 10))[0]
        decision = {"kind": kind, "rationale": fake.sentence(nb_words=10)}
        if kind == "handover":
            decision["handoverTarget"] = "local_team"
        decided = self.post(f"{url}decision/", "POST /reports/[id]/decision/", decision)
        if decided is None:
            return
        case = (decided.get("decision") or {}).get("case")
        if case:
            OPENED.append(case["id"])
            STEPS["cases opened or joined"] += 1
        JOURNEYS["intake"] += 1

    def victim(self, municipality: int) -> dict | None:
        """Is the victim already known? By BSN: known -> that person, else a new one with it."""
        bsn = test_bsn()
        found = self.get(f"{API}/person-candidates/", "GET /person-candidates/ (BSN)", {"bsn": bsn})
        if found is None:
            return None
        if found:
            STEPS["known persons found"] += 1
            return {"role": "victim", "person": found[0]["id"]}
        return {"role": "victim", "newPerson": {
            "givenNames": fake.first_name_female(), "surname": fake.last_name(), "sex": "V",
            "dateOfBirth": birth_date(20, 60), "bsn": bsn, "street": fake.street_name(),
            "houseNumber": str(rng.randint(1, 200)), "postcode": fake.postcode().replace(" ", ""),
            "municipality": municipality}}


class LocalTeamWorker(ApiUser):
    """A local team's coordinator or worker: the journal and the plan of the cases they are in."""

    role = "team"
    weight = 5

    @task
    def journal_and_plan(self):
        cases = self.my_cases_page()
        if rng.random() < 0.2:
            self.get(f"{API}/my-actions/", "GET /my-actions/")
        if rng.random() < 0.2:
            self.get(f"{API}/signals/", "GET /signals/")
        pk = self.lease([case["id"] for case in cases])
        if pk is None:
            return
        try:
            self.work_on(pk)
        finally:
            LEASED.discard(pk)

    def work_on(self, pk: int):
        url = f"{API}/cases/{pk}/"
        file = self.get(url, "GET /cases/[id]/ (dossier)")
        if file is None or file["status"] != "open":
            return
        if self.get(f"{url}journal/", "GET /cases/[id]/journal/") is None:
            return
        if self.post(f"{url}journal/", "POST /cases/[id]/journal/ (journaalregel)", {
                "kind": rng.choice(("contact", "conversation", "note", "decision")),
                "text": fake.paragraph(nb_sentences=3)}, expected=(201,)) is None:
            return
        STEPS["journal entries"] += 1
        version = file["currentPlan"]
        if version is None or version.get("agreedWithFamilyOn"):
            version = self.post(f"{url}plan-versions/", "POST /cases/[id]/plan-versions/",
                                {"note": "Nieuwe afspraken"}, expected=(201,))
            if version is None:
                return
        goals = version["goals"]
        if not goals:
            goal = self.post(f"{url}plan-versions/{version['id']}/goals/",
                             "POST /cases/[id]/plan-versions/[id]/goals/",
                             {"part": rng.choice(("safety", "help", "recovery")),
                              "text": fake.sentence(nb_words=8)}, expected=(201,))
            if goal is None:
                return
        else:
            goal = rng.choice(goals)
        today = date.today()
        if self.post(f"{url}goals/{goal['id']}/actions/", "POST /cases/[id]/goals/[id]/actions/ (actie)", {
                "text": fake.sentence(nb_words=6), "ownerOrganisation": self.me["organisation"],
                "owner": self.me["user"], "startOn": today.isoformat(),
                "dueOn": (today + timedelta(days=rng.randint(7, 60))).isoformat()},
                expected=(201,)) is None:
            return
        STEPS["plan actions"] += 1
        JOURNEYS["case work"] += 1


class Monitor(ApiUser):
    """Veilig Thuis monitoring: safety conditions and the next monitoring moment of a case."""

    role = "monitor"
    weight = 2

    @task
    def record_a_moment(self):
        if rng.random() < 0.3:
            self.get(f"{API}/signals/", "GET /signals/")
        candidates = [case["id"] for case in self.my_cases_page()]
        if OPENED and rng.random() < 0.5:
            candidates = OPENED[-50:]  # the families just taken in need their conditions set
        pk = self.lease(candidates)
        if pk is None:
            return
        try:
            self.monitor(pk)
        finally:
            LEASED.discard(pk)

    def monitor(self, pk: int):
        url = f"{API}/cases/{pk}/"
        file = self.get(url, "GET /cases/[id]/ (dossier)")
        if file is None or file["status"] != "open":
            return
        active = [c for c in file["conditions"] if not c["endedAt"]]
        if not active:
            if self.post(f"{url}conditions/", "POST /cases/[id]/conditions/", {"conditions": [
                    {"text": "Er wordt niet geslagen, geschopt of gedreigd.",
                     "agreedBy": "Beide ouders"},
                    {"text": "Bij spanning belt vader de hulpverlener.", "agreedBy": "Vader"}]},
                    expected=(201,)) is None:
                return
            STEPS["conditions set"] += 1
            file = self.get(url, "GET /cases/[id]/ (dossier)")
            if file is None:
                return
            active = [c for c in file["conditions"] if not c["endedAt"]]
        waiting = sorted((m for m in file["monitoringMoments"] if not m["heldOn"]),
                         key=lambda m: m["plannedOn"])
        if not waiting:
            MONITORED_OUT.add(pk)
            return
        if self.post(f"{url}monitoring-moments/{waiting[0]['id']}/record/",
                     "POST /cases/[id]/monitoring-moments/[id]/record/", {
                         "heldOn": date.today().isoformat(),
                         "incidentsSinceLast": rng.choice((0, 0, 0, 1, 2)),
                         "assessment": fake.sentence(nb_words=10),
                         "statuses": [{"condition": c["id"],
                                       "status": rng.choice(("met", "met", "partly_met", "not_met"))}
                                      for c in active]}) is None:
            return
        STEPS["monitoring moments"] += 1
        JOURNEYS["monitoring"] += 1


# --- Results -------------------------------------------------------------------------------------------

PERCENTILES = {"p50_ms": 0.50, "p90_ms": 0.90, "p95_ms": 0.95, "p99_ms": 0.99}


def _row(entry) -> dict:
    row = {"method": entry.method or "", "name": entry.name, "requests": entry.num_requests,
           "failures": entry.num_failures, "rps": round(entry.total_rps, 2),
           "avg_ms": round(entry.avg_response_time, 1), "min_ms": round(entry.min_response_time or 0, 1),
           "max_ms": round(entry.max_response_time, 1)}
    for key, fraction in PERCENTILES.items():
        row[key] = entry.get_response_time_percentile(fraction) if entry.num_requests else None
    return row


@events.quitting.add_listener
def write_stats(environment, **_kwargs):
    stats = environment.stats
    exceptions = list(environment.runner.exceptions.values()) if environment.runner else []
    data = {
        "total": _row(stats.total),
        "endpoints": sorted((_row(e) for e in stats.entries.values()),
                            key=lambda r: (r["name"], r["method"])),
        "errors": [{"method": e.method, "name": e.name, "error": str(e.error)[:500],
                    "occurrences": e.occurrences} for e in stats.errors.values()],
        "exceptions": [{"count": e["count"], "message": str(e["msg"])[:500],
                        "traceback": e["traceback"][-2000:]} for e in exceptions],
        "journeys": dict(JOURNEYS),
        "steps": dict(STEPS),
        "users": dict(STARTED),
    }
    Path(os.environ["LOAD_STATS"]).write_text(json.dumps(data, indent=2))
