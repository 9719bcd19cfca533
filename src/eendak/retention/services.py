"""Destruction requests (four eyes), the destruction itself, and the retention periods.

Every function starts with ``require``. The destruction runs every registered eraser
(``retention.registry``) and retention's own in one transaction with its access-log entry (action D,
naming the destroyed persons by number only); the stored files go after the commit. The access log
itself is never touched: its entries name persons by number, and its hash chain stays whole.
"""

import calendar
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.core.actors import Actor
from eendak.core.exceptions import RuleViolation
from eendak.core.permissions import require
from eendak.core.references import next_reference
from eendak.persons.models import HouseholdMember, Person

from . import erasers, workflow
from .events import Event
from .models import (
    Destruction,
    DestructionRequest,
    DueItem,
    DueStatus,
    Origin,
    Outcome,
    RefusalGround,
    RetentionPeriod,
)
from .registry import Erasure
from .registry import erasers as registered_erasers
from .workflow import RequestStatus

MIN_EXPLANATION = 20
MIN_NOTE = 10


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def deadline_for(received_on: date) -> date:
    """AVG art. 12 lid 3: a decision within one month of receipt."""
    return add_months(received_on, 1)


def members_of(household_id) -> list[int]:
    return list(HouseholdMember.objects.filter(household_id=household_id)
                .values_list("person_id", flat=True))


def register_request(actor: Actor, *, household, person=None, received_on: date | None = None,
                     origin: str = Origin.PERSON) -> DestructionRequest:
    """Record a request to destroy ``household``'s file: the person's own (AVG art. 17, Jeugdwet
    art. 7.3.11), or the retention period's end (the yearly list). One open request per household."""
    require(actor, "retention.register_request")
    today = timezone.localdate()
    received_on = received_on or today
    if received_on > today:
        raise RuleViolation("De datum van ontvangst ligt in de toekomst.", field="received_on")
    members = members_of(household.pk)
    if origin == Origin.PERSON and (person is None or person.pk not in members):
        raise RuleViolation("Kies een persoon die tot dit huishouden behoort.", field="person")
    with audit.atomic():
        if DestructionRequest.objects.filter(household=household,
                                             status__in=workflow.OPEN).exists():
            raise RuleViolation("Voor dit huishouden loopt al een vernietigingsverzoek.")
        request = DestructionRequest.objects.create(
            reference=next_reference("VV"), organisation=actor.membership.organisation,
            origin=origin, household=household, person=person,
            household_reference=household.reference, received_on=received_on,
            deadline=deadline_for(received_on), registered_by=actor.user)
        audit.log_access(actor, event=Event.REQUEST_REGISTERED, action=Action.CREATE, obj=request,
                         persons=members, detail=f"aanleiding: {origin}")
    return request


def propose(actor: Actor, request: DestructionRequest, *, outcome: str, grounds=(),
            explanation: str = "") -> DestructionRequest:
    """The first pair of eyes: destroy, or refuse on one or more legal grounds with an
    explanation. Waits for a second person (``approve``)."""
    require(actor, "retention.propose_decision", request)
    explanation = (explanation or "").strip()
    grounds = list(dict.fromkeys(grounds or []))
    if outcome not in Outcome.values:
        raise RuleViolation("Kies of u voorstelt te vernietigen of te weigeren.", field="outcome")
    if outcome == Outcome.REFUSE:
        if not grounds:
            raise RuleViolation("Kies de wettelijke grond waarop de vernietiging wordt geweigerd.",
                                field="grounds")
        if any(ground not in RefusalGround.values for ground in grounds):
            raise RuleViolation("Kies een bestaande weigeringsgrond.", field="grounds")
        if len(explanation) < MIN_EXPLANATION:
            raise RuleViolation(
                f"Licht in minstens {MIN_EXPLANATION} tekens toe waarom de grond hier geldt.",
                field="explanation")
    else:
        grounds = []
        if len(explanation) < MIN_NOTE:
            raise RuleViolation(f"Leg de reden vast in minstens {MIN_NOTE} tekens.",
                                field="explanation")
    with audit.atomic():
        locked = DestructionRequest.objects.select_for_update().get(pk=request.pk)
        workflow.move(locked, RequestStatus.PROPOSED)
        locked.proposed_outcome, locked.grounds, locked.explanation = outcome, grounds, explanation
        locked.proposed_by, locked.proposed_at = actor.user, timezone.now()
        locked.sent_back_note = ""
        locked.save()
        audit.log_access(actor, event=Event.REQUEST_PROPOSED, action=Action.UPDATE, obj=locked,
                         persons=members_of(locked.household_id),
                         detail=f"voorstel: {outcome} {' '.join(grounds)}".strip())
    return locked


def _second_pair_of_eyes(actor: Actor, request: DestructionRequest) -> None:
    if request.proposed_by_id == actor.user.pk:
        raise RuleViolation("Vier ogen: een tweede persoon beoordeelt uw voorstel, niet uzelf.")


def send_back(actor: Actor, request: DestructionRequest, *, note: str) -> DestructionRequest:
    """The second person does not agree: the proposal goes back, with the reason."""
    require(actor, "retention.decide", request)
    _second_pair_of_eyes(actor, request)
    note = (note or "").strip()
    if len(note) < MIN_NOTE:
        raise RuleViolation(f"Schrijf in minstens {MIN_NOTE} tekens waarom het voorstel terug gaat.",
                            field="note")
    with audit.atomic():
        locked = DestructionRequest.objects.select_for_update().get(pk=request.pk)
        _second_pair_of_eyes(actor, locked)
        workflow.move(locked, RequestStatus.RECEIVED)
        locked.sent_back_note = note
        locked.proposed_outcome, locked.grounds, locked.explanation = "", [], ""
        locked.proposed_by, locked.proposed_at = None, None
        locked.save()
        audit.log_access(actor, event=Event.REQUEST_SENT_BACK, action=Action.UPDATE, obj=locked,
                         persons=members_of(locked.household_id))
    return locked


def approve(actor: Actor, request: DestructionRequest, *, note: str = "") -> DestructionRequest:
    """The second pair of eyes agrees: a refusal is final; a destruction is carried out now."""
    require(actor, "retention.decide", request)
    _second_pair_of_eyes(actor, request)
    with audit.atomic():
        locked = DestructionRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != RequestStatus.PROPOSED:
            workflow.move(locked, RequestStatus.DESTROYED)  # refuses with the Dutch message
        _second_pair_of_eyes(actor, locked)
        locked.decided_by, locked.decided_at = actor.user, timezone.now()
        locked.decision_note = (note or "").strip()
        if locked.proposed_outcome == Outcome.REFUSE:
            workflow.move(locked, RequestStatus.REFUSED)
            locked.save()
            audit.log_access(actor, event=Event.REQUEST_REFUSED, action=Action.UPDATE, obj=locked,
                             persons=members_of(locked.household_id),
                             detail="gronden: " + " ".join(locked.grounds))
            return locked
        workflow.move(locked, RequestStatus.DESTROYED)
        _destroy(actor, locked)
    return locked


def _scope(household_id: int) -> tuple[list[int], list[int]]:
    """The persons whose data goes: the household's members who belong to no other household
    (someone who also lives elsewhere keeps that file; only their link to this one goes), and any
    record merged into one of them."""
    members = set(members_of(household_id))
    elsewhere = set(HouseholdMember.objects.filter(person_id__in=members)
                    .exclude(household_id=household_id).values_list("person_id", flat=True))
    persons = members - elsewhere
    persons |= set(Person.objects.filter(merged_into_id__in=persons).values_list("pk", flat=True))
    return [household_id], sorted(persons)


def _destroy(actor: Actor, request: DestructionRequest) -> Destruction:
    household_id = request.household_id
    households, persons = _scope(household_id)
    erasure = Erasure(households=households, persons=persons)
    # Before the erasers: the household's key on the lists is emptied with the household.
    DueItem.objects.filter(Q(household_id=household_id) | Q(request=request)).update(
        status=DueStatus.DESTROYED)
    for _name, eraser in registered_erasers():
        eraser(erasure)
    erasers.erase_waiting_exports(erasure)
    erasers.erase_persons(erasure)
    request.person = None
    if household_id not in erasure.shells:
        request.household = None
    request.save()
    destruction = Destruction.objects.create(
        request=request, household_id=household_id if household_id in erasure.shells else None,
        household_id_destroyed=household_id, household_reference=request.household_reference,
        ground=request.origin, proposed_by_id=request.proposed_by_id, approved_by=actor.user,
        persons_destroyed=len(persons), files_removed=len(erasure.files),
        counts=dict(sorted(erasure.counts.items())))
    audit.log_access(actor, event=Event.HOUSEHOLD_DESTROYED, action=Action.DELETE,
                     obj=("persons.household", str(household_id)), persons=persons,
                     detail=f"verzoek {request.reference}; {sum(erasure.counts.values())} rijen, "
                            f"{len(erasure.files)} bestanden")
    files = list(erasure.files)
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    return destruction


def set_period(actor: Actor, *, kind: str, years: int, counted_from: str, organisation_type: str = "",
               organisation=None, basis: str = "") -> RetentionPeriod:
    """Set (add or change) the retention period of a kind of file for an organisation, an
    organisation type, or everyone (both empty)."""
    require(actor, "retention.manage_periods")
    from .models import CountedFrom, FileKind

    if kind not in FileKind.values:
        raise RuleViolation("Kies een soort dossier.", field="kind")
    if counted_from not in CountedFrom.values:
        raise RuleViolation("Kies vanaf welk moment de termijn telt.", field="counted_from")
    if years is None or not 1 <= int(years) <= 115:
        raise RuleViolation("Een bewaartermijn is tussen 1 en 115 jaar.", field="years")
    if organisation is not None:
        organisation_type = ""
    with audit.atomic():
        period, _created = RetentionPeriod.objects.update_or_create(
            kind=kind, organisation=organisation, organisation_type=organisation_type,
            defaults={"years": int(years), "counted_from": counted_from, "basis": basis.strip(),
                      "updated_by": actor.user, "updated_at": timezone.now()})
        audit.log_access(actor, event=Event.PERIOD_CHANGED, action=Action.UPDATE, obj=period,
                         detail=f"{kind} {organisation_type or ''} {organisation.pk if organisation else ''}"
                                f" {years} jaar vanaf {counted_from}")
    return period


def request_from_due_item(actor: Actor, item: DueItem) -> DestructionRequest:
    """The privacy officer works through the yearly list: a due file becomes a destruction request
    on the ground that its retention period ended, decided with four eyes like any other."""
    require(actor, "retention.due_list", item.due_list)
    if item.household is None or item.status != DueStatus.OPEN:
        raise RuleViolation("Voor dit dossier is al een vernietiging voorgesteld of uitgevoerd.")
    request = register_request(actor, household=item.household, origin=Origin.RETENTION)
    DueItem.objects.filter(due_list__organisation=item.due_list.organisation,
                           household=item.household, status=DueStatus.OPEN).update(
        status=DueStatus.REQUESTED, request=request)
    return request


def start_due_list(actor: Actor, *, year: int | None = None, back_url: str = ""):
    """Compile the organisation's yearly list of files due for destruction, as long work."""
    require(actor, "retention.due_list")
    from eendak.core import jobs

    from . import tasks

    year = year or timezone.localdate().year
    if not 2000 <= int(year) <= timezone.localdate().year + 30:
        raise RuleViolation("Kies een jaar tussen 2000 en dertig jaar vooruit.", field="year")
    with audit.atomic():
        job = jobs.start(actor, tasks.DUE_LIST, params={"year": int(year)},
                         description=f"vernietigingslijst {year}", back_url=back_url)
        audit.log_access(actor, event=Event.DUE_LIST_STARTED, action=Action.EXPORT, obj=job,
                         detail=f"jaar {year}")
    return job
