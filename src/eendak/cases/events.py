"""What the case file writes when something happens: the catalogue of its events, and the helpers
that write them (after Saleor's ``order/events.py``).

Every event has one name (``CaseEvent``, the string stored in the access log) and one entry in
``CATALOGUE``: the access-log action, and — for a change — the kind of journal entry the time line
shows. A change is written with ``changed``: the journal entry and the access-log entry in one call,
so no change can reach the log without the time line or the time line without the log. A read is
written with ``read`` (the log only); a look at something that is not there (or not for this
organisation) with ``not_found``.

The services call ``changed``; the views and API views call ``read`` and ``not_found``. Nobody writes
a journal entry or a case access-log entry by hand.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone

from eendak.audit import services as audit
from eendak.audit.models import Action, Outcome

from .models import JournalEntry, JournalKind, LegalBasis, Visibility
from .queries import active_participation


class CaseEvent(StrEnum):
    # Reads
    LIST = "case.list"
    READ = "case.read"
    JOURNAL_READ = "case.journal_read"
    DOCUMENT_READ = "case.document_read"
    PLAN_PRINTED = "case.plan_printed"
    LIST_EXPORTED = "case.list_exported"
    ACTIONS_EXPORTED = "case.actions_exported"
    MY_ACTIONS_EXPORTED = "case.my_actions_exported"
    SIGNALS_EXPORTED = "case.signals_exported"
    OWN_CONTRIBUTIONS_EXPORTED = "case.own_contributions_exported"
    OWN_CONTRIBUTIONS = "case.own_contributions"
    MY_ACTIONS = "case.my_actions"
    SIGNALS = "case.signals"
    CHANGE_REFUSED = "case.change_refused"
    IMPACT_READ = "case.impact_read"
    # Changes
    OPENED = "case.opened"
    PARTICIPANT_JOINED = "case.participant_joined"
    PARTICIPANT_LEFT = "case.participant_left"
    COORDINATOR_ASSIGNED = "case.coordinator_assigned"
    PHASE_CHANGED = "case.phase_changed"
    JOURNAL_ADDED = "case.journal_added"
    DOCUMENT_UPLOADED = "case.document_uploaded"
    PERSON_SHIELDED = "case.person_shielded"
    CONDITIONS_SET = "case.conditions_set"
    MONITORING_RECORDED = "case.monitoring_recorded"
    MONITORING_DECISION = "case.monitoring_decision"
    PLAN_VERSION = "case.plan_version"
    PLAN_GOAL_ADDED = "case.plan_goal_added"
    PLAN_ACTION_ADDED = "case.plan_action_added"
    PLAN_ACTION_STATUS = "case.plan_action_status"
    PLAN_AGREED = "case.plan_agreed"
    HANDOVER_OFFERED = "case.handover_offered"
    HANDOVER_ACCEPTED = "case.handover_accepted"
    HANDOVER_DECLINED = "case.handover_declined"
    HANDOVER_WITHDRAWN = "case.handover_withdrawn"
    CHILD_VOICE = "case.child_voice"
    CLOSED = "case.closed"
    RECURRENCE = "case.recurrence"
    RECURRENCE_SEEN = "case.recurrence_seen"
    IMPACT_RECORDED = "case.impact_recorded"
    OWN_STATEMENT = "case.own_statement"  # a person's own statement (AVG art. 16), by the privacy officer


@dataclass(frozen=True)
class EventSpec:
    action: str  # the access-log action (NEN 7513: create, read, update, export ...)
    journal: str | None = None  # the journal kind a change shows in the time line; None for reads


E, J = CaseEvent, JournalKind
CATALOGUE: dict[CaseEvent, EventSpec] = {
    E.LIST: EventSpec(Action.READ),
    E.READ: EventSpec(Action.READ),
    E.JOURNAL_READ: EventSpec(Action.READ),
    E.DOCUMENT_READ: EventSpec(Action.READ),
    E.PLAN_PRINTED: EventSpec(Action.EXPORT),
    E.LIST_EXPORTED: EventSpec(Action.EXPORT),
    E.ACTIONS_EXPORTED: EventSpec(Action.EXPORT),
    E.MY_ACTIONS_EXPORTED: EventSpec(Action.EXPORT),
    E.SIGNALS_EXPORTED: EventSpec(Action.EXPORT),
    E.OWN_CONTRIBUTIONS_EXPORTED: EventSpec(Action.EXPORT),
    E.OWN_CONTRIBUTIONS: EventSpec(Action.READ),
    E.MY_ACTIONS: EventSpec(Action.READ),
    E.SIGNALS: EventSpec(Action.READ),
    E.CHANGE_REFUSED: EventSpec(Action.UPDATE),
    E.IMPACT_READ: EventSpec(Action.READ),
    E.OPENED: EventSpec(Action.CREATE, J.PHASE),
    E.PARTICIPANT_JOINED: EventSpec(Action.UPDATE, J.PARTICIPATION),
    E.PARTICIPANT_LEFT: EventSpec(Action.UPDATE, J.PARTICIPATION),
    E.COORDINATOR_ASSIGNED: EventSpec(Action.UPDATE, J.DECISION),
    E.PHASE_CHANGED: EventSpec(Action.UPDATE, J.PHASE),
    E.JOURNAL_ADDED: EventSpec(Action.CREATE),  # the entry is the journal entry itself
    E.DOCUMENT_UPLOADED: EventSpec(Action.CREATE, J.DOCUMENT),
    E.PERSON_SHIELDED: EventSpec(Action.UPDATE, J.DECISION),
    E.CONDITIONS_SET: EventSpec(Action.UPDATE, J.CONDITIONS),
    E.MONITORING_RECORDED: EventSpec(Action.UPDATE, J.MONITORING),
    E.MONITORING_DECISION: EventSpec(Action.UPDATE, J.DECISION),
    E.PLAN_VERSION: EventSpec(Action.CREATE, J.PLAN),
    E.PLAN_GOAL_ADDED: EventSpec(Action.UPDATE, J.PLAN),
    E.PLAN_ACTION_ADDED: EventSpec(Action.UPDATE, J.PLAN),
    E.PLAN_ACTION_STATUS: EventSpec(Action.UPDATE, J.PLAN),
    E.PLAN_AGREED: EventSpec(Action.UPDATE, J.PLAN),
    E.HANDOVER_OFFERED: EventSpec(Action.UPDATE, J.HANDOVER),
    E.HANDOVER_ACCEPTED: EventSpec(Action.UPDATE, J.HANDOVER),
    E.HANDOVER_DECLINED: EventSpec(Action.UPDATE, J.HANDOVER),
    E.HANDOVER_WITHDRAWN: EventSpec(Action.UPDATE, J.HANDOVER),
    E.CHILD_VOICE: EventSpec(Action.CREATE, J.CHILD_VOICE),
    E.CLOSED: EventSpec(Action.UPDATE, J.CLOSURE),
    E.RECURRENCE: EventSpec(Action.CREATE, J.RECURRENCE),
    E.RECURRENCE_SEEN: EventSpec(Action.UPDATE, J.RECURRENCE),
    E.IMPACT_RECORDED: EventSpec(Action.CREATE, J.MONITORING),
    E.OWN_STATEMENT: EventSpec(Action.CREATE, J.OWN_STATEMENT),
}

# Changes whose journal entry is written by the service itself as the thing changed (a journal entry
# the user wrote is its own time-line row).
WRITES_ITS_OWN_ENTRY = frozenset({E.JOURNAL_ADDED})


def journal_entry(actor, case, kind: str, text: str, *, visibility: str = Visibility.ALL_PARTICIPANTS,
                  document=None, occurred_at=None, legal_basis: str = "") -> JournalEntry:
    """One time-line entry, with the source organisation and its legal basis for sharing (the one
    it takes part under, unless the caller names the basis the source shared it on)."""
    organisation = actor.organisation
    if not legal_basis:
        participation = active_participation(case, organisation)
        legal_basis = participation.legal_basis if participation else LegalBasis.STATUTORY_TASK
    return JournalEntry.objects.create(
        case=case, kind=kind, text=text, author=actor.user, source_organisation=organisation,
        legal_basis=legal_basis,
        visibility=visibility, document=document, occurred_at=occurred_at or timezone.now(),
    )


def changed(actor, case, event: CaseEvent, text: str, *, persons=(), detail: str = "",
            visibility: str = Visibility.ALL_PARTICIPANTS, document=None) -> JournalEntry:
    """A change to ``case``: its journal entry (kind from the catalogue) and its access-log entry,
    in the caller's transaction. ``persons`` are those whose data the change shows or touches."""
    spec = CATALOGUE[event]
    entry = journal_entry(actor, case, spec.journal, text, visibility=visibility, document=document)
    audit.log_access(actor, event=event, action=spec.action, obj=case, persons=persons,
                     detail=detail)
    return entry


def logged(actor, case, event: CaseEvent, *, persons=(), detail: str = ""):
    """The access-log entry of a change whose time-line row the service wrote itself
    (``WRITES_ITS_OWN_ENTRY``)."""
    assert event in WRITES_ITS_OWN_ENTRY, f"{event} must be written with events.changed"
    return audit.log_access(actor, event=event, action=CATALOGUE[event].action, obj=case,
                            persons=persons, detail=detail)


def read(actor, event: CaseEvent, obj=None, *, persons=(), detail: str = "", emergency_reason=""):
    """A look at personal data in the case file (the log only)."""
    return audit.log_access(actor, event=event, action=CATALOGUE[event].action, obj=obj,
                            persons=persons, detail=detail, emergency=bool(emergency_reason),
                            reason=emergency_reason)


def not_found(actor, event: CaseEvent, obj=None, *, detail: str = "", outcome=Outcome.NOT_FOUND):
    """A look (or an attempt) at something that is not there, or not for this organisation."""
    return audit.log_access(actor, event=event, action=CATALOGUE[event].action, obj=obj,
                            outcome=outcome, detail=detail)
