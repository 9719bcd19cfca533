"""The public entry of Veilig Thuis: the meldcode's decision guide and the web form without login.

Two different promises live here. The decision guide (afwegingskader) is a pure function of the answers
in the address bar: it reads and writes nothing, so a professional can think aloud without leaving a
trace. The web form does store — through the same intake services as the telephone, as channel "web",
received by Veilig Thuis — and is guarded against abuse without hurting the person who needs it: a
signed one-time key makes a double submit land once, a per-client limit (counted on a keyed hash of
the address, never the address) stops floods, and a honeypot field quietly drops what bots send.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field, replace
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eendak.core.actors import Actor, client_ip
from eendak.core.reference import veilig_thuis
from eendak.persons.registry import PersonData

from . import services
from .models import AdviceRequest, Channel, Report
from .throttle import PublicSubmissionAttempt, PublicSubmissionClient

# --- The afwegingskader (meldcode step 4 and 5) as a decision tree ------------------------------

YES, NO = "ja", "nee"


@dataclass(frozen=True)
class Question:
    key: str
    number: int
    text: str
    explanation: str
    yes: str  # the key of the next question or outcome
    no: str


@dataclass(frozen=True)
class Outcome:
    key: str
    title: str
    advice: tuple
    is_report: bool = False
    # An outcome that is a stage, not an end: "give help", after which question 5 follows later.
    continue_to: str = ""


QUESTIONS = {
    q.key: q
    for q in (
        Question("vermoeden", 1,
                 _("Heeft u een vermoeden van huiselijk geweld of kindermishandeling? Of dreigt het?"),
                 _("Een vermoeden is genoeg. U hoeft het niet zeker te weten."),
                 yes="onveilig", no="afsluiten"),
        Question("onveilig", 2,
                 _("Is er sprake van acute of structurele onveiligheid?"),
                 _("Acuut: iemand is nu of binnenkort in gevaar. Structureel: het geweld of de "
                   "onveiligheid komt steeds terug, of duurt al lang."),
                 yes="melden", no="hulp"),
        Question("hulp", 3,
                 _("Kunt u zelf passende hulp bieden of organiseren?"),
                 _("Hulp die het geweld stopt en de veiligheid herstelt. Alleen of samen met andere "
                   "hulpverleners."),
                 yes="meewerken", no="melden"),
        Question("meewerken", 4,
                 _("Accepteren de betrokkenen deze hulp, en werken zij mee?"),
                 _("Denk aan alle betrokkenen: ouders, partners, kinderen."),
                 yes="hulp_bieden", no="melden"),
        Question("resultaat", 5,
                 _("Leidt de hulp binnen de afgesproken tijd tot de veiligheid die nodig is?"),
                 _("Beantwoord deze vraag als de afgesproken tijd voorbij is. Blijft het onveilig, of "
                   "komt het geweld terug? Dan is het antwoord ‘nee’."),
                 yes="afsluiten_met_afspraken", no="melden"),
    )
}
FIRST_QUESTION = "vermoeden"

OUTCOMES = {
    o.key: o
    for o in (
        Outcome("afsluiten", _("Sluit af en leg vast"), (
            _("Er is geen vermoeden van huiselijk geweld of kindermishandeling."),
            _("Leg in het dossier vast welke signalen u zag, met wie u overlegde en wat u besloot."),
            _("Ziet u later nieuwe signalen? Begin dan opnieuw bij stap 1 van de meldcode."),
        )),
        Outcome("melden", _("Meld bij Veilig Thuis"), (
            _("Meld uw vermoeden bij Veilig Thuis. Bel gratis 0800 2000, of gebruik het "
              "meldformulier."),
            _("Bespreek de melding vooraf met de betrokkenen als dat veilig kan. Toestemming is niet "
              "nodig: u heeft meldrecht."),
            _("Melden betekent niet dat u stopt met helpen. Bespreek met Veilig Thuis wat u zelf nog "
              "kunt doen."),
            _("Leg in het dossier vast dat u heeft gemeld, en waarom."),
        ), is_report=True),
        Outcome("hulp_bieden", _("Bied of organiseer hulp"), (
            _("Bied de hulp, of zorg dat een andere hulpverlener die biedt."),
            _("Maak afspraken met de betrokkenen: wat moet er veranderen, en wanneer?"),
            _("Volg of de hulp werkt. Is de afgesproken tijd voorbij? Beantwoord dan de laatste "
              "vraag."),
            _("Wordt het toch onveilig? Meld dan meteen bij Veilig Thuis."),
        ), continue_to="resultaat"),
        Outcome("afsluiten_met_afspraken", _("Sluit af, met afspraken over het vervolg"), (
            _("De hulp heeft gewerkt: de veiligheid is bereikt."),
            _("Maak afspraken over hoe de veiligheid gevolgd wordt, en leg ze vast in het dossier."),
            _("Komt de onveiligheid terug? Begin dan opnieuw bij stap 1 van de meldcode."),
        )),
    )
}

# Questions reached only past a stage: links to them carry ``verder`` to step past it.
CONTINUATION_TARGETS = frozenset(o.continue_to for o in OUTCOMES.values() if o.continue_to)


@dataclass
class AnsweredQuestion:
    question: Question
    answer: str
    # The answers before this question: the query string that reopens it to change the answer.
    answers_before: dict


@dataclass
class GuideStep:
    """Where the answers lead: the next question to ask, or an outcome."""

    answered: list
    answers: dict  # the valid answers on the path, in order
    question: Question | None = None
    outcome: Outcome | None = None
    missing_answer: bool = False  # the question was submitted without a choice


def walk_afwegingskader(params) -> GuideStep:
    """Follow the tree with the answers in ``params`` (a QueryDict or dict). Stores nothing.

    Answers that do not lie on the path (or are not "ja"/"nee") are ignored, so an edited address or
    an old bookmark still leads somewhere sensible. ``vraag`` names the question just submitted, so an
    empty submit can be told apart from a first visit; ``verder`` steps past an outcome that is a stage.
    """
    answered: list[AnsweredQuestion] = []
    answers: dict[str, str] = {}
    node = FIRST_QUESTION
    while True:
        if node in OUTCOMES:
            outcome = OUTCOMES[node]
            follow = outcome.continue_to
            if follow and (params.get("verder") or params.get(follow) in (YES, NO)):
                node = follow
                continue
            return GuideStep(answered=answered, answers=answers, outcome=outcome)
        question = QUESTIONS[node]
        answer = params.get(question.key)
        if answer not in (YES, NO):
            return GuideStep(answered=answered, answers=answers, question=question,
                             missing_answer=params.get("vraag") == question.key)
        answered.append(AnsweredQuestion(question, answer, dict(answers)))
        answers[question.key] = answer
        node = question.yes if answer == YES else question.no


def afwegingskader_paths() -> list[tuple[dict, str]]:
    """Every complete path through the tree as (answers, outcome key), for the guide's tests and docs."""
    paths = []

    def visit(node, answers):
        if node in OUTCOMES:
            paths.append((dict(answers), node))
            if OUTCOMES[node].continue_to:
                visit(OUTCOMES[node].continue_to, answers)
            return
        question = QUESTIONS[node]
        for answer, target in ((YES, question.yes), (NO, question.no)):
            visit(target, {**answers, question.key: answer})

    visit(FIRST_QUESTION, {})
    return paths


# --- One-time submission keys -------------------------------------------------------------------

KEY_SALT = "eendak.intake.public.submission"
KEY_MAX_AGE = timedelta(hours=24)
KIND_REPORT, KIND_ADVICE = "melding", "advies"


def issue_submission_key(kind: str) -> str:
    """A fresh key for a form being shown; signed, so a client cannot choose someone else's key."""
    return signing.dumps({"n": secrets.token_urlsafe(24), "f": kind}, salt=KEY_SALT)


def read_submission_key(kind: str, token: str) -> str | None:
    """The stored submission key behind a signed token, or None if forged, for another form or old."""
    try:
        payload = signing.loads(token or "", salt=KEY_SALT, max_age=KEY_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("f") != kind or not payload.get("n"):
        return None
    return f"web-{payload['n']}"[:64]


def earlier_submission(kind: str, submission_key: str):
    """The report or advice request already made with this key: a double submit shows it again."""
    model = Report if kind == KIND_REPORT else AdviceRequest
    return model.objects.filter(submission_key=submission_key).only("reference").first()


# --- Rate limit ---------------------------------------------------------------------------------

RATE_WINDOW = timedelta(hours=1)


def client_fingerprint(request) -> str:
    """A keyed hash of the client's address: countable, but never the address itself."""
    address = client_ip(request) or "onbekend"
    return hmac.new(settings.SECRET_KEY.encode(), b"eendak.public.throttle:" + address.encode(),
                    hashlib.sha256).hexdigest()


class RateLimited(Exception):
    """This client has sent the limit within the window; ``retry_after`` seconds until it may again."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


# Stale rows removed per submission: bounded, so pruning never makes one visitor's request slow.
PRUNE_BATCH = 200


def retry_after_seconds(fingerprint: str) -> int | None:
    """None while this client may submit; otherwise the seconds until the oldest count expires.

    The views ask this first, to answer before validating; it is a look, not a promise: the count
    that holds is ``count_submission``'s, inside the transaction that stores the submission."""
    return _seconds_until_room(fingerprint)


def _seconds_until_room(fingerprint: str) -> int | None:
    since = timezone.now() - RATE_WINDOW
    recent = PublicSubmissionAttempt.objects.filter(ip_hash=fingerprint, created_at__gte=since)
    limit = settings.EENDAK_PUBLIC_FORM_PER_HOUR
    if recent.count() < limit:
        return None
    oldest = recent.order_by("created_at").values_list("created_at", flat=True).first()
    return max(60, int((oldest + RATE_WINDOW - timezone.now()).total_seconds()))


def _lock_client(fingerprint: str, now) -> None:
    """Take this client's row lock for the rest of the transaction (creating the row if new).

    ``INSERT … ON CONFLICT DO NOTHING`` (SQLite: ``INSERT OR IGNORE``) makes the row exist without a
    race between two first submissions; the ``UPDATE`` of its time then locks it until commit, and
    waits while another transaction of the same client holds it. A stale row pruned by another
    client between the two statements is inserted again."""
    for _attempt in range(3):
        PublicSubmissionClient.objects.bulk_create(
            [PublicSubmissionClient(ip_hash=fingerprint, last_at=now)], ignore_conflicts=True)
        if PublicSubmissionClient.objects.filter(ip_hash=fingerprint).update(last_at=now):
            return
    raise RuntimeError("could not lock the public submission count")  # pragma: no cover


def _prune(now) -> None:
    """Remove rows outside the window, skipping rows another transaction holds (never waiting on
    them, so two clients pruning at once cannot deadlock)."""
    cut = now - RATE_WINDOW
    for model, field_name in ((PublicSubmissionAttempt, "created_at"), (PublicSubmissionClient, "last_at")):
        stale = list(model.objects.select_for_update(skip_locked=True)
                     .filter(**{f"{field_name}__lt": cut}).values_list("pk", flat=True)[:PRUNE_BATCH])
        if stale:
            model.objects.filter(pk__in=stale).delete()


def count_submission(fingerprint: str) -> None:
    """One more submission of this client within the window (the public report and advice forms,
    and the Expertisecentrum's public registrations: one limit for the whole public entry).

    Call it first inside the transaction that stores the submission: it locks the client's row,
    counts the attempts in the window and raises ``RateLimited`` at the limit, so simultaneous
    submissions of one client are counted one after the other and never pass the limit together."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("count_submission must run inside the transaction that stores the submission")
    now = timezone.now()
    _lock_client(fingerprint, now)
    retry_after = _seconds_until_room(fingerprint)
    if retry_after is not None:
        raise RateLimited(retry_after)
    _prune(now)
    PublicSubmissionAttempt.objects.create(ip_hash=fingerprint, created_at=now)


# --- The honeypot -------------------------------------------------------------------------------

# Real numbers count up from 1 per year; a decoy sits far above any real year's count, so staff
# recognise one if ever someone calls with it, and it never names a real report.
DECOY_RANGE = (900_000, 999_999)


def decoy_reference(kind: str) -> str:
    prefix = "M" if kind == KIND_REPORT else "A"
    number = secrets.randbelow(DECOY_RANGE[1] - DECOY_RANGE[0]) + DECOY_RANGE[0]
    return f"{prefix}-{timezone.localdate().year}-{number:06d}"


# --- Submissions --------------------------------------------------------------------------------


@dataclass
class PublicPerson:
    """One row of "who is involved", as the person filling in the form typed it."""

    given_names: str = ""
    surname: str = ""
    age: str = ""
    role: str = ""

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.given_names.strip(), self.surname.strip()) if p)

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.age.strip() or self.role)


@dataclass
class PublicReport:
    account: str
    violence_types: list
    reporter: services.ReporterData
    additional_info: list = field(default_factory=list)
    duration: str = "onbekend"
    persons: list = field(default_factory=list)
    address: str = ""
    municipality_id: int | None = None


# The account is a Dutch record whatever language the visitor's browser asked for: plain strings.
ROLE_IN_ACCOUNT = {
    "victim": "wordt mishandeld of is slachtoffer",
    "suspect": "gebruikt (vermoedelijk) geweld",
    "child": "kind in het gezin",
    "witness": "heeft iets gezien of gehoord",
    "other": "anders of weet ik niet",
}


def compose_account(data: PublicReport) -> str:
    """The reporter's own words, followed by what they told about the people and the address.

    A person becomes a record only with a name and a known municipality (a household needs one); the
    ages, the address and every row without a name are kept here, so nothing typed is lost.
    """
    lines = []
    rows = [p for p in data.persons if not p.is_empty]
    if rows:
        lines.append("Betrokkenen, zoals de melder ze noemde:")
        for person in rows:
            parts = [person.name or "naam onbekend"]
            if person.age.strip():
                parts.append(f"leeftijd: {person.age.strip()}")
            if person.role:
                parts.append(ROLE_IN_ACCOUNT.get(person.role, person.role))
            lines.append("- " + "; ".join(parts))
    if data.address.strip():
        lines.append(f"Adres van het gezin: {data.address.strip()}")
    if rows and not data.municipality_id:
        lines.append("Gemeente: weet de melder niet, of buiten de regio.")
    account = data.account.strip()
    if lines:
        account += "\n\n— Uit het webformulier —\n" + "\n".join(lines)
    return account


def involved_persons(data: PublicReport) -> list:
    if not data.municipality_id:
        return []
    involved = []
    for person in data.persons:
        if not person.name:
            continue
        involved.append(services.InvolvedPerson(
            role=person.role or "other",
            data=PersonData(given_names=person.given_names.strip(), surname=person.surname.strip(),
                            municipality_id=data.municipality_id),
        ))
    return involved


def _public_actor(request) -> Actor:
    """Veilig Thuis receives, with no user: the public entry is not a permission-checked actor
    (anyone may report; see ``intake.permissions``)."""
    return Actor.public(request, veilig_thuis())


@transaction.atomic
def submit_report(request, data: PublicReport, *, submission_key: str) -> Report:
    """A report from the web form, received by Veilig Thuis as channel "web" and counted for the limit."""
    count_submission(client_fingerprint(request))
    return services.register_web_report(_public_actor(request), services.ReportData(
        channel=Channel.WEB_FORM,
        account=compose_account(data),
        violence_types=data.violence_types,
        additional_info=data.additional_info,
        reporter=data.reporter,
        involved=involved_persons(data),
        municipality_id=data.municipality_id,
        duration=data.duration or "onbekend",
        submission_key=submission_key,
    ))


@transaction.atomic
def submit_advice(request, data: services.AdviceData, *, submission_key: str) -> AdviceRequest:
    """An advice request from the web form; contact details only arrive here with consent."""
    count_submission(client_fingerprint(request))
    return services.register_web_advice(_public_actor(request), replace(
        data, channel=Channel.WEB_FORM, submission_key=submission_key))
