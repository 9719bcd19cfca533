"""What the acute pathway writes when something happens: one catalogue, two helpers.

A presentation is the hospital's record, not the family's shared file, so its changes and reads go
to the access log (``logged``, ``read``) naming the persons concerned. What reaches Veilig Thuis goes
through the intake, which writes its own entries (a report received, its 24-hour deadline).
"""

from enum import StrEnum

from eendak.audit import services as audit
from eendak.audit.models import Action


class Event(StrEnum):
    # Reads
    WORK = "acute.work"
    PRESENTATION_READ = "acute.presentation_read"
    FORENSIC_QUEUE = "acute.forensic_queue"
    FORENSIC_REPORT_PRINTED = "acute.forensic_report_printed"
    PHOTO_READ = "acute.photo_read"
    SHARED_LIST = "acute.shared_list"
    PATIENT_SEARCH = "acute.patient_search"
    # Exports of the lists (CSV or Excel, core.exports)
    WORK_EXPORTED = "acute.work_exported"
    FORENSIC_QUEUE_EXPORTED = "acute.forensic_queue_exported"
    SHARED_EXPORTED = "acute.shared_exported"
    FIGURES_EXPORTED = "acute.figures_exported"  # counts only, no person
    # Changes
    REGISTERED = "acute.registered"
    UPDATED = "acute.updated"
    PERSON_NAMED = "acute.person_named"
    INJURY_RECORDED = "acute.injury_recorded"
    INJURY_REMOVED = "acute.injury_removed"
    SCREENED = "acute.screened"
    FORENSIC_REQUESTED = "acute.forensic_requested"
    FORENSIC_CANCELLED = "acute.forensic_cancelled"
    FORENSIC_REPORTED = "acute.forensic_reported"
    PHOTO_ADDED = "acute.photo_added"
    VEILIG_THUIS_CONSULTED = "acute.veilig_thuis_consulted"
    REPORTED_TO_VEILIG_THUIS = "acute.reported_to_veilig_thuis"
    WILLINGNESS_RECORDED = "acute.willingness_recorded"
    SHARED = "acute.shared"
    FOLLOW_UP_RECORDED = "acute.follow_up_recorded"
    DISCHARGED = "acute.discharged"
    # A change the API refused for its input (400), logged as a failed attempt (acute.api)
    CHANGE_REFUSED = "acute.change_refused"


E = Event
CATALOGUE: dict[Event, str] = {
    E.WORK: Action.READ,
    E.PRESENTATION_READ: Action.READ,
    E.FORENSIC_QUEUE: Action.READ,
    E.FORENSIC_REPORT_PRINTED: Action.EXPORT,
    E.PHOTO_READ: Action.READ,
    E.SHARED_LIST: Action.READ,
    E.PATIENT_SEARCH: Action.SEARCH,
    E.WORK_EXPORTED: Action.EXPORT,
    E.FORENSIC_QUEUE_EXPORTED: Action.EXPORT,
    E.SHARED_EXPORTED: Action.EXPORT,
    E.FIGURES_EXPORTED: Action.EXPORT,
    E.REGISTERED: Action.CREATE,
    E.UPDATED: Action.UPDATE,
    E.PERSON_NAMED: Action.UPDATE,
    E.INJURY_RECORDED: Action.CREATE,
    E.INJURY_REMOVED: Action.DELETE,
    E.SCREENED: Action.CREATE,
    E.FORENSIC_REQUESTED: Action.CREATE,
    E.FORENSIC_CANCELLED: Action.UPDATE,
    E.FORENSIC_REPORTED: Action.UPDATE,
    E.PHOTO_ADDED: Action.CREATE,
    E.VEILIG_THUIS_CONSULTED: Action.CREATE,
    E.REPORTED_TO_VEILIG_THUIS: Action.CREATE,
    E.WILLINGNESS_RECORDED: Action.UPDATE,
    E.SHARED: Action.EXPORT,
    E.FOLLOW_UP_RECORDED: Action.CREATE,
    E.DISCHARGED: Action.UPDATE,
    E.CHANGE_REFUSED: Action.UPDATE,
}


def persons_of(presentation) -> list:
    """The persons a presentation is about: the patient and every person named with it."""
    return [presentation.patient_id, *presentation.named_persons.values_list("person_id", flat=True)]


def logged(actor, event: Event, presentation, *, obj=None, detail: str = ""):
    """A change on the Spoedplein, logged on ``obj`` (the presentation when none) with its persons."""
    return audit.log_access(actor, event=event, action=CATALOGUE[event], obj=obj or presentation,
                            persons=persons_of(presentation) if presentation else [],
                            detail=detail)


def read(actor, event: Event, obj=None, *, persons=(), detail: str = ""):
    """A look at personal data on the Spoedplein (the log only)."""
    assert CATALOGUE[event] in (Action.READ, Action.EXPORT, Action.SEARCH), f"{event} is not a read"
    return audit.log_access(actor, event=event, action=CATALOGUE[event], obj=obj, persons=persons,
                            detail=detail)
