"""What the Veiligheidsteam's work writes when something happens: one catalogue, two helpers.

Every change the team's work makes to a family's file is written with ``changed``: the case's journal
entry (kind from ``CATALOGUE``, with the acting organisation as source and its legal basis) and the
access-log entry, in one call and the caller's transaction. A change that is the team's own and not
the family file's (a conference planned, a contribution marked for the conference only) is written
with ``logged`` (the log only), and so is every read (``read``).
"""

from dataclasses import dataclass
from enum import StrEnum

from eendak.audit import services as audit
from eendak.audit.models import Action
from eendak.cases.events import journal_entry
from eendak.cases.models import JournalKind, Visibility


class Event(StrEnum):
    # Reads
    WORK = "conferences.work"
    TRIAGE_LIST = "conferences.triage_list"
    REFERRAL_LIST = "conferences.referral_list"
    REFERRALS_EXPORTED = "conferences.referrals_exported"
    TRIAGE_EXPORTED = "conferences.triage_exported"
    CONFERENCES_EXPORTED = "conferences.conferences_exported"
    AGENDA_EXPORTED = "conferences.agenda_exported"
    OWN_CONTRIBUTIONS_EXPORTED = "conferences.own_contributions_exported"
    REFERRAL_READ = "conferences.referral_read"
    CONFERENCE_LIST = "conferences.conference_list"
    CONFERENCE_READ = "conferences.conference_read"
    ITEM_READ = "conferences.item_read"
    MINUTES_PRINTED = "conferences.minutes_printed"
    MEASURES_READ = "conferences.measures_read"
    OWN_CONTRIBUTIONS = "conferences.own_contributions"
    NOTICES_READ = "conferences.notices_read"
    # Changes
    REFERRAL_REQUESTED = "conferences.referral_requested"
    REFERRED = "conferences.referred"
    NOT_REFERRED = "conferences.not_referred"
    TRIAGE_DECIDED = "conferences.triage_decided"
    NOTICE_SEEN = "conferences.notice_seen"
    CONFERENCE_PLANNED = "conferences.conference_planned"
    CONFERENCE_HELD = "conferences.conference_held"
    CONFERENCE_CANCELLED = "conferences.conference_cancelled"
    ITEM_ADDED = "conferences.item_added"
    PARTNER_INVITED = "conferences.partner_invited"
    INVITATION_WITHDRAWN = "conferences.invitation_withdrawn"
    ATTENDANCE_RECORDED = "conferences.attendance_recorded"
    INFORMING_RECORDED = "conferences.informing_recorded"
    CONTRIBUTED = "conferences.contributed"
    DECISION_RECORDED = "conferences.decision_recorded"
    ACTION_AGREED = "conferences.action_agreed"
    MEASURE_RECORDED = "conferences.measure_recorded"
    MEASURE_EXTENDED = "conferences.measure_extended"
    MEASURE_ENDED = "conferences.measure_ended"
    HANDED_BACK = "conferences.handed_back"
    # A change the API refused for its input (400), logged as a failed attempt (conferences.api)
    CHANGE_REFUSED = "conferences.change_refused"


@dataclass(frozen=True)
class EventSpec:
    action: str
    journal: str | None = None  # the case journal kind a change to the family's file shows


E, J = Event, JournalKind
CATALOGUE: dict[Event, EventSpec] = {
    E.WORK: EventSpec(Action.READ),
    E.TRIAGE_LIST: EventSpec(Action.READ),
    E.REFERRAL_LIST: EventSpec(Action.READ),
    E.REFERRALS_EXPORTED: EventSpec(Action.EXPORT),
    E.TRIAGE_EXPORTED: EventSpec(Action.EXPORT),
    E.CONFERENCES_EXPORTED: EventSpec(Action.EXPORT),
    E.AGENDA_EXPORTED: EventSpec(Action.EXPORT),
    E.OWN_CONTRIBUTIONS_EXPORTED: EventSpec(Action.EXPORT),
    E.REFERRAL_READ: EventSpec(Action.READ),
    E.CONFERENCE_LIST: EventSpec(Action.READ),
    E.CONFERENCE_READ: EventSpec(Action.READ),
    E.ITEM_READ: EventSpec(Action.READ),
    E.MINUTES_PRINTED: EventSpec(Action.EXPORT),
    E.MEASURES_READ: EventSpec(Action.READ),
    E.OWN_CONTRIBUTIONS: EventSpec(Action.READ),
    E.NOTICES_READ: EventSpec(Action.READ),
    E.REFERRAL_REQUESTED: EventSpec(Action.CREATE, J.DECISION),
    E.REFERRED: EventSpec(Action.CREATE, J.DECISION),
    E.NOT_REFERRED: EventSpec(Action.UPDATE, J.DECISION),
    E.TRIAGE_DECIDED: EventSpec(Action.UPDATE, J.DECISION),
    E.NOTICE_SEEN: EventSpec(Action.UPDATE),
    E.CONFERENCE_PLANNED: EventSpec(Action.CREATE),
    E.CONFERENCE_HELD: EventSpec(Action.UPDATE),
    E.CONFERENCE_CANCELLED: EventSpec(Action.UPDATE),
    E.ITEM_ADDED: EventSpec(Action.UPDATE, J.CONVERSATION),
    E.PARTNER_INVITED: EventSpec(Action.UPDATE),
    E.INVITATION_WITHDRAWN: EventSpec(Action.UPDATE),
    E.ATTENDANCE_RECORDED: EventSpec(Action.UPDATE),
    E.INFORMING_RECORDED: EventSpec(Action.UPDATE, J.DECISION),
    E.CONTRIBUTED: EventSpec(Action.CREATE, J.CONVERSATION),
    E.DECISION_RECORDED: EventSpec(Action.CREATE, J.DECISION),
    E.ACTION_AGREED: EventSpec(Action.CREATE),  # the plan action writes its own journal entry
    E.MEASURE_RECORDED: EventSpec(Action.CREATE, J.DECISION),
    E.MEASURE_EXTENDED: EventSpec(Action.UPDATE, J.DECISION),
    E.MEASURE_ENDED: EventSpec(Action.UPDATE, J.DECISION),
    E.HANDED_BACK: EventSpec(Action.UPDATE, J.HANDOVER),
    E.CHANGE_REFUSED: EventSpec(Action.UPDATE),
}


def changed(actor, case, event: Event, text: str, *, obj=None, persons=(), detail: str = "",
            visibility: str = Visibility.ALL_PARTICIPANTS, legal_basis: str = ""):
    """A change to the family's file: its journal entry in ``case`` and its access-log entry on
    ``obj`` (the referral, the measure, ...; the case when none). ``legal_basis``: the basis the
    source shared it on, when not the one it takes part under (a conference contribution)."""
    spec = CATALOGUE[event]
    assert spec.journal, f"{event} is not a change to the family's file; use events.logged"
    entry = journal_entry(actor, case, spec.journal, text, visibility=visibility,
                          legal_basis=legal_basis)
    audit.log_access(actor, event=event, action=spec.action, obj=obj or case, persons=persons,
                     detail=detail)
    return entry


def logged(actor, event: Event, obj=None, *, persons=(), detail: str = ""):
    """A change or read that is the team's own (the log only)."""
    return audit.log_access(actor, event=event, action=CATALOGUE[event].action, obj=obj,
                            persons=persons, detail=detail)


def read(actor, event: Event, obj=None, *, persons=(), detail: str = ""):
    """A look at personal data in the team's work (the log only)."""
    assert CATALOGUE[event].action in (Action.READ, Action.EXPORT), f"{event} is not a read"
    return audit.log_access(actor, event=event, action=CATALOGUE[event].action, obj=obj,
                            persons=persons, detail=detail)
