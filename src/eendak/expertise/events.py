"""What the Expertisecentrum writes to the access log: one catalogue, two helpers.

Its records name professionals (trainees), pseudonymous experts and dialogue leaders — never a
client — but a change is still logged with who made it, and a read of a list of named people
(enrolments, the team's competency record) is logged as a read.
"""

from enum import StrEnum

from eendak.audit import services as audit
from eendak.audit.models import Action


class Event(StrEnum):
    # Reads
    ENROLMENTS_READ = "expertise.enrolments_read"
    QUESTIONS_READ = "expertise.questions_read"
    EXPERTS_READ = "expertise.experts_read"
    DIALOGUE_READ = "expertise.dialogue_read"
    COMPETENCIES_READ = "expertise.competencies_read"
    CERTIFICATE_PRINTED = "expertise.certificate_printed"
    QUESTIONS_EXPORTED = "expertise.questions_exported"  # the lists as CSV or Excel
    SESSIONS_EXPORTED = "expertise.sessions_exported"
    COURSES_EXPORTED = "expertise.courses_exported"
    EXPERTS_EXPORTED = "expertise.experts_exported"
    EXPERT_REQUESTS_EXPORTED = "expertise.expert_requests_exported"
    COMPETENCY_SHARES_EXPORTED = "expertise.competency_shares_exported"
    DIALOGUE_EXPORTED = "expertise.dialogue_exported"
    TEAM_COMPETENCIES_EXPORTED = "expertise.team_competencies_exported"  # names workers
    AWARENESS_EXPORTED = "expertise.awareness_exported"
    DIALOGUE_LEADERS_EXPORTED = "expertise.dialogue_leaders_exported"
    # Changes
    COURSE_SAVED = "expertise.course_saved"
    SESSION_PLANNED = "expertise.session_planned"
    SESSION_MOVED = "expertise.session_moved"
    ENROLLED = "expertise.enrolled"
    ENROLMENT_CANCELLED = "expertise.enrolment_cancelled"
    ATTENDANCE_RECORDED = "expertise.attendance_recorded"
    EVALUATED = "expertise.evaluated"
    COMPETENCY_SAVED = "expertise.competency_saved"
    QUESTION_REGISTERED = "expertise.question_registered"
    QUESTION_ANSWERED = "expertise.question_answered"
    QUESTION_REFERRED = "expertise.question_referred"
    EXPERT_SAVED = "expertise.expert_saved"
    EXPERT_REQUESTED = "expertise.expert_requested"
    EXPERT_REQUEST_MOVED = "expertise.expert_request_moved"
    CAMPAIGN_SAVED = "expertise.campaign_saved"
    EVENT_PLANNED = "expertise.event_planned"
    EVENT_MOVED = "expertise.event_moved"
    EVENT_REGISTERED = "expertise.event_registered"
    LEADER_SAVED = "expertise.leader_saved"
    MEETING_RECORDED = "expertise.meeting_recorded"
    SIGNAL_PASSED = "expertise.signal_passed"
    # A change the API refused for its input (400), logged as a failed attempt (expertise.api)
    CHANGE_REFUSED = "expertise.change_refused"


E = Event
_READS = {E.ENROLMENTS_READ, E.QUESTIONS_READ, E.EXPERTS_READ, E.DIALOGUE_READ,
          E.COMPETENCIES_READ}
_EXPORTS = {E.CERTIFICATE_PRINTED, E.QUESTIONS_EXPORTED, E.SESSIONS_EXPORTED, E.COURSES_EXPORTED,
            E.EXPERTS_EXPORTED, E.EXPERT_REQUESTS_EXPORTED, E.COMPETENCY_SHARES_EXPORTED,
            E.DIALOGUE_EXPORTED, E.TEAM_COMPETENCIES_EXPORTED, E.AWARENESS_EXPORTED,
            E.DIALOGUE_LEADERS_EXPORTED}
_CREATES = {E.SESSION_PLANNED, E.ENROLLED, E.EVALUATED, E.QUESTION_REGISTERED, E.EXPERT_REQUESTED,
            E.EVENT_PLANNED, E.EVENT_REGISTERED, E.MEETING_RECORDED, E.SIGNAL_PASSED}
CATALOGUE: dict[Event, str] = {
    event: (Action.READ if event in _READS
            else Action.EXPORT if event in _EXPORTS
            else Action.CREATE if event in _CREATES
            else Action.UPDATE)
    for event in Event
}


def logged(actor, event: Event, obj=None, *, detail: str = ""):
    """A change at the Expertisecentrum (the log only; no person of a case is ever concerned)."""
    return audit.log_access(actor, event=event, action=CATALOGUE[event], obj=obj,
                            detail=detail[:255])


def read(actor, event: Event, obj=None, *, detail: str = ""):
    assert CATALOGUE[event] in (Action.READ, Action.EXPORT), f"{event} is not a read"
    return audit.log_access(actor, event=event, action=CATALOGUE[event], obj=obj,
                            detail=detail[:255])
