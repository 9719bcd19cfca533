"""Decisions about access to a file: break the glass and its review afterwards; checking the
access log's chain and starting its export; and the data subject's requests (inzage, correction,
restriction, objection).

Writing the access log itself is ``eendak.audit.services`` (the bottom layer, which every app may
call); deciding whether someone may open a file they have no part in needs the roles, the persons
and the rules, so it lives here, above them.
"""

import hashlib
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from eendak.audit import services as audit
from eendak.audit.models import AccessLogEntry, Action, EmergencyAccess, Outcome
from eendak.core import jobs
from eendak.core.actors import Actor
from eendak.core.dates import require_plausible
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import allowed, require
from eendak.core.workdays import add_months
from eendak.persons import hooks
from eendak.persons import services as persons_services
from eendak.persons.models import HouseholdMember
from eendak.persons.registry import CORRECTABLE_FIELDS, correct_person

from . import access_file, tasks
from .events import Event
from .models import AccessFile, DataSubjectRequest, EmergencyReview, ReviewOutcome
from .workflow import ReceivedVia, RequestKind, RequestState, move

MIN_EMERGENCY_REASON = 20


def grant_emergency_access(actor: Actor, user, household, *, reason: str, password: str):
    """Open a file the user has no part in, for a limited time, with a reason and the password again.

    Refusals are logged too: a failed attempt at emergency access is itself worth reviewing.
    """
    reason = (reason or "").strip()
    persons = list(household.persons.all())
    if not allowed(user, "persons.break_glass", household):
        audit.log_access(actor, event=Event.EMERGENCY_ACCESS_REFUSED, action=Action.CREATE,
                         obj=household, outcome=Outcome.DENIED,
                         detail="rol staat noodtoegang niet toe of al deelnemer")
        raise RuleViolation("Noodtoegang is voor uw rol niet mogelijk, of u neemt al deel aan dit "
                            "dossier.")
    if len(reason) < MIN_EMERGENCY_REASON:
        raise RuleViolation(
            f"Beschrijf de reden in minstens {MIN_EMERGENCY_REASON} tekens: waarom is toegang nu "
            f"nodig en kan het niet via de deelnemende organisaties?", field="reason")
    if not user.check_password(password or ""):
        audit.log_access(actor, event=Event.EMERGENCY_ACCESS_REFUSED, action=Action.CREATE,
                         obj=household, outcome=Outcome.DENIED, detail="wachtwoord onjuist")
        raise RuleViolation("Het wachtwoord klopt niet.", field="password")
    now = timezone.now()
    with audit.atomic():
        grant = EmergencyAccess.objects.create(
            user=user, membership=actor.membership, household=household, reason=reason,
            granted_at=now, expires_at=now + timedelta(hours=settings.EENDAK_EMERGENCY_ACCESS_HOURS),
        )
        audit.log_access(actor, event=Event.EMERGENCY_ACCESS_GRANTED, action=Action.CREATE,
                         obj=household, persons=persons, emergency=True, reason=reason)
    return grant


MIN_REVIEW_NOTE = 10


def review_emergency_grant(actor: Actor, grant, outcome: str, note: str) -> EmergencyReview:
    """Judge a break-the-glass grant afterwards: justified or not, with a note. Once, and final.

    For the privacy officer or log administrator of the organisation on whose behalf the glass was
    broken (``privacy.review_emergency_access``): another organisation's grant is refused as if it
    did not exist, and logged. Nobody judges their own grant. The review and its access-log entry
    (naming the household's persons, whose file was opened) are written in one transaction; a
    second review of the same grant is refused, also when two arrive at once (the grant's row is
    locked, and the one-to-one key is the last word).
    """
    require(actor, "privacy.review_emergency_access", grant)
    note = (note or "").strip()
    if grant.user_id == actor.user.pk:
        raise RuleViolation("U kunt uw eigen noodtoegang niet beoordelen; dat doet een collega.")
    if outcome not in ReviewOutcome.values:
        raise RuleViolation("Kies of de noodtoegang gerechtvaardigd was of niet.", field="outcome")
    if len(note) < MIN_REVIEW_NOTE:
        message = ("Licht toe waarom de noodtoegang niet gerechtvaardigd was (minstens "
                   f"{MIN_REVIEW_NOTE} tekens)." if outcome == ReviewOutcome.NOT_JUSTIFIED else
                   f"Schrijf een toelichting van minstens {MIN_REVIEW_NOTE} tekens.")
        raise RuleViolation(message, field="note")
    persons = HouseholdMember.objects.filter(household_id=grant.household_id).values_list(
        "person_id", flat=True)
    with audit.atomic():
        # The grant is locked, so two reviewers at once cannot both pass this check.
        EmergencyAccess.objects.select_for_update().filter(pk=grant.pk).first()
        if EmergencyReview.objects.filter(grant_id=grant.pk).exists():
            raise RuleViolation("Deze noodtoegang is al beoordeeld; een beoordeling is definitief.")
        review = EmergencyReview.objects.create(
            grant=grant, outcome=outcome, note=note, reviewer=actor.user,
            reviewer_membership=actor.membership, reviewed_at=timezone.now())
        audit.log_access(actor, event=Event.EMERGENCY_ACCESS_REVIEWED, action=Action.CREATE,
                         obj=grant, persons=list(persons),
                         detail=f"oordeel: {outcome}")
    return review


def verify_access_log(actor: Actor) -> audit.ChainReport:
    """Recompute the access log's hash chain on request, for the log administrator: the screen's
    button and ``GET /api/v1/access-log/verification`` both call this, so both ask the same
    permission and leave the same entry — intact or where it breaks, by entry numbers only."""
    require(actor, "privacy.verify_access_log")
    report = audit.verify_chain()
    where = (f"regel {report.first_broken_id}" if report.first_broken_id
             else f"ketenpositie {report.first_broken_position}" if report.first_broken_position
             else "onbekende plaats")
    detail = (f"keten intact: {report.checked} regels" if report.ok
              else f"keten gebroken bij {where}: {report.problem}")
    audit.log_access(actor, event=Event.ACCESS_LOG_VERIFY, action=Action.READ,
                     outcome=Outcome.SUCCESS if report.ok else Outcome.FAILED, detail=detail)
    return report


def start_access_log_export(actor: Actor, criteria, *, back_url: str = ""):
    """Start the CSV export of every entry matching ``criteria`` as long work (``privacy.tasks``).

    Logged as an export at once, with the filter as detail, in the same transaction as the job: a
    committed export always has its entry. The download is logged again (``core.job_views``). The
    export covers the log up to its last entry now; what is appended while it runs is not in it.
    """
    require(actor, "privacy.export_access_log")
    persons = [criteria.person_id] if criteria.person_id else []
    description = criteria.describe() or "alle regels"
    with audit.atomic():
        upto = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        job = jobs.start(actor, tasks.ACCESS_LOG_EXPORT,
                         params={"filter": tasks.filter_to_params(criteria), "upto": upto},
                         description=description, persons=persons, back_url=back_url)
        audit.log_access(actor, event=Event.ACCESS_LOG_EXPORT, action=Action.EXPORT, obj=job,
                         persons=persons, detail=description)
    return job


# --- The data subject's requests (AVG art. 12-21) ------------------------------------------------------

MIN_REQUEST_TEXT = 5
MIN_DECISION_REASON = 10
MIN_EXTENSION_REASON = 10
MAX_EXTENSION_MONTHS = 2  # AVG art. 12(3): "by two further months where necessary"


def statutory_deadline(received_on: date) -> date:
    """One calendar month after receipt (AVG art. 12(3)); 31 January gives 28/29 February."""
    return add_months(received_on, 1)


def latest_extended_deadline(request: DataSubjectRequest) -> date:
    return add_months(request.received_on, 1 + MAX_EXTENSION_MONTHS)


def _log(actor, request, event, action=Action.UPDATE, detail=""):
    audit.log_access(actor, event=event, action=action, obj=request, persons=[request.person_id],
                     detail=detail[:255])


def _locked(request: DataSubjectRequest) -> DataSubjectRequest:
    """Re-read under a row lock: two decisions at once cannot both pass the state check."""
    return DataSubjectRequest.objects.select_for_update().get(pk=request.pk)


def register_request(actor: Actor, *, person, kind: str, received_on: date, received_via: str,
                     request_text: str, correction_field: str = "", correction_value: str = "",
                     handler=None, is_synthetic: bool = False) -> DataSubjectRequest:
    """Record a request as received, with its statutory deadline, for the officer's organisation."""
    require(actor, "privacy.register_rights_request")
    request_text = (request_text or "").strip()
    if kind not in RequestKind.values:
        raise RuleViolation("Kies het soort verzoek.", field="kind")
    if received_via not in ReceivedVia.values:
        raise RuleViolation("Kies hoe het verzoek binnenkwam.", field="received_via")
    if received_on is None:
        raise RuleViolation("Vul de datum van ontvangst in.", field="received_on")
    require_plausible(received_on, "received_on")
    if received_on > timezone.localdate():
        raise RuleViolation("De datum van ontvangst ligt in de toekomst.", field="received_on")
    if len(request_text) < MIN_REQUEST_TEXT:
        raise RuleViolation("Beschrijf wat de betrokkene vraagt.", field="request_text")
    correction_value = (correction_value or "").strip()
    if kind == RequestKind.CORRECTION:
        if correction_field not in CORRECTABLE_FIELDS:
            raise RuleViolation("Kies welk gegeven gecorrigeerd moet worden.",
                                field="correction_field")
        if not correction_value:
            raise RuleViolation("Vul in wat het gegeven volgens de betrokkene moet zijn.",
                                field="correction_value")
        if len(correction_value) > 200:
            raise RuleViolation("De gevraagde waarde is te lang (hoogstens 200 tekens).",
                                field="correction_value")
    else:
        correction_field, correction_value = "", ""
    with audit.atomic():
        request = DataSubjectRequest.objects.create(
            person=person, organisation=actor.organisation, kind=kind, received_on=received_on,
            received_via=received_via, request_text=request_text,
            correction_field=correction_field, correction_value=correction_value,
            deadline=statutory_deadline(received_on), handler=handler or actor.user,
            registered_by=actor.user, is_synthetic=is_synthetic)
        _log(actor, request, Event.RIGHTS_REQUEST_REGISTERED, Action.CREATE, detail=kind)
    return request


def start_request(actor: Actor, request: DataSubjectRequest) -> DataSubjectRequest:
    """Take the request in hand: the acting officer becomes its handler."""
    require(actor, "privacy.start_rights_request", request)
    with audit.atomic():
        request = _locked(request)
        move(request.state, RequestState.IN_PROGRESS)
        request.state = RequestState.IN_PROGRESS
        request.handler = actor.user
        request.save(update_fields=["state", "handler"])
        _log(actor, request, Event.RIGHTS_REQUEST_STARTED)
    return request


def extend_request(actor: Actor, request: DataSubjectRequest, *, until: date,
                   reason: str) -> DataSubjectRequest:
    """Extend the deadline once, to at most two months after the first deadline, with the reason the
    person is told (AVG art. 12(3)). Only before the current deadline has passed: the person must be
    told within the first month."""
    require(actor, "privacy.extend_rights_request", request)
    reason = (reason or "").strip()
    with audit.atomic():
        request = _locked(request)
        move(request.state, RequestState.EXTENDED)
        if until is None or until <= request.deadline:
            raise RuleViolation(f"Kies een nieuwe termijn na de huidige "
                                f"({request.deadline:%d-%m-%Y}).", field="until")
        latest = latest_extended_deadline(request)
        if until > latest:
            raise RuleViolation(f"Verlengen kan met hoogstens twee maanden: uiterlijk "
                                f"{latest:%d-%m-%Y}.", field="until")
        if timezone.localdate() > request.deadline:
            raise RuleViolation("De termijn is al verstreken; verlengen moest binnen de eerste "
                                "termijn aan de betrokkene worden meegedeeld.", field="until")
        if len(reason) < MIN_EXTENSION_REASON:
            raise RuleViolation("Schrijf de reden van verlenging die de betrokkene krijgt (minstens "
                                f"{MIN_EXTENSION_REASON} tekens).", field="reason")
        request.state = RequestState.EXTENDED
        request.deadline = until
        request.extension_reason = reason
        request.extended_at = timezone.now()
        request.save(update_fields=["state", "deadline", "extension_reason", "extended_at"])
        _log(actor, request, Event.RIGHTS_REQUEST_EXTENDED, detail=f"tot {until:%Y-%m-%d}")
    return request


def decide_request(actor: Actor, request: DataSubjectRequest, *, granted: bool,
                   reason: str) -> DataSubjectRequest:
    """Grant or refuse, with the reason; final.

    Granted, each kind has its effect, made through the service that owns the data so that it is
    logged (and journalled) as any change: a correction changes the person's field
    (``persons.registry.correct_person``); a restriction marks the person's data as restricted
    (``queries.restricted_person_ids``: shown on the person and left out of the research export);
    an inzage needs its file built first (what the person receives). A granted objection is recorded
    with its reason: what stops depends on what the objection is about, and the person is, like a
    restriction, left out of the research export.
    """
    require(actor, "privacy.decide_rights_request", request)
    reason = (reason or "").strip()
    target = RequestState.GRANTED if granted else RequestState.REFUSED
    with audit.atomic():
        request = _locked(request)
        move(request.state, target)
        if len(reason) < MIN_DECISION_REASON:
            raise RuleViolation("Motiveer het besluit (minstens "
                                f"{MIN_DECISION_REASON} tekens).", field="reason")
        if granted and request.kind == RequestKind.ACCESS and not request.files.exists():
            raise RuleViolation("Maak eerst het inzagebestand; dat is wat de betrokkene ontvangt.")
        if granted and request.kind == RequestKind.CORRECTION:
            correct_person(actor, request.person, request.correction_field,
                           request.correction_value, reason=f"verzoek {request.reference}")
        request.state = target
        request.decision_reason = reason
        request.decided_at = timezone.now()
        request.decided_by = actor.user
        request.save(update_fields=["state", "decision_reason", "decided_at", "decided_by"])
        _log(actor, request,
             Event.RIGHTS_REQUEST_GRANTED if granted else Event.RIGHTS_REQUEST_REFUSED,
             detail=request.kind)
    return request


def add_own_statement(actor: Actor, request: DataSubjectRequest, text: str) -> list:
    """The person's own statement in their file after a refused correction (AVG art. 16): written
    into the case file by the case file's own service (``cases.services.add_own_statement``,
    through ``persons.hooks``), journalled and logged there; kept on the request too. Once."""
    require(actor, "privacy.add_own_statement", request)
    text = (text or "").strip()
    with audit.atomic():
        request = _locked(request)
        if request.kind != RequestKind.CORRECTION or request.state != RequestState.REFUSED:
            raise RuleViolation("Een eigen verklaring hoort bij een afgewezen correctieverzoek.")
        if request.own_statement:
            raise RuleViolation("De verklaring van de betrokkene is al toegevoegd.")
        if len(text) < MIN_DECISION_REASON:
            raise RuleViolation("Schrijf de verklaring van de betrokkene (minstens "
                                f"{MIN_DECISION_REASON} tekens).", field="statement")
        entries = hooks.write_own_statement(actor, request.person, text)
        request.own_statement = text
        request.save(update_fields=["own_statement"])
        _log(actor, request, Event.OWN_STATEMENT_ADDED,
             detail=f"in {len(entries)} casusdossier(s)")
    return entries


def build_access_file(actor: Actor, request: DataSubjectRequest) -> AccessFile:
    """Make the inzage PDF of an access request and keep it (``privacy.access_file``). Logged as an
    export of the person's data; the PDF holds the who-looked list up to the moment it was made."""
    require(actor, "privacy.build_access_file", request)
    if request.kind != RequestKind.ACCESS:
        raise RuleViolation("Een inzagebestand hoort bij een inzageverzoek.")
    if request.state == RequestState.REFUSED:
        raise RuleViolation("Dit verzoek is afgewezen; er wordt geen inzagebestand gemaakt.")
    content = access_file.build_content(request, masked_bsn=persons_services.masked_bsn(
        request.person))
    pdf = access_file.render_pdf(content)
    with audit.atomic():
        made = AccessFile.objects.create(request=request, built_by=actor.user, pdf=pdf,
                                         sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf),
                                         built_at=content.made_at)
        audit.log_access(actor, event=Event.ACCESS_FILE_BUILT, action=Action.EXPORT, obj=made,
                         persons=[request.person_id], detail=f"verzoek {request.reference}")
    return made
