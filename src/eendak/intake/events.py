"""Every event name the intake writes to the access log, in one catalogue.

The stored value is the string the log has always held (``report.created``, …): the log is evidence
(NEN 7513) and its hash chain covers the event, so a member's value never changes once written —
rename the member, never the value. A refusal by a named permission is not listed here: its event
is the permission's own name (``intake.decide``), written by ``audit.log_refusal``.

The intake writes no case-journal entries itself: the case file it opens or joins on a decision
(``cases.services.open_or_join_case``, ``participate``) and the recurrence it notes on a new report
(``cases.services.note_new_report``) are written by the case file's own services.
"""

from enum import StrEnum


class Event(StrEnum):
    # -- changes to a report (intake.services) --
    REPORT_CREATED = "report.created"
    REPORT_PERSON_LINKED = "report.person_linked"
    REPORT_ASSESSED = "report.assessed"
    REPORT_INSTRUMENT = "report.instrument"
    REPORT_DECIDED = "report.decided"
    REPORT_INVESTIGATION_COMPLETED = "report.investigation_completed"
    REPORT_JOINT_CONVERSATION = "report.joint_conversation"
    REPORT_FEEDBACK_GIVEN = "report.feedback_given"
    REPORT_PERSON_INFORMED = "report.person_informed"

    # -- changes to an advice request (intake.services) --
    ADVICE_CREATED = "advice.created"
    ADVICE_UPDATED = "advice.updated"
    ADVICE_CONVERTED = "advice.converted"

    # -- reads by the screens and the API --
    REPORT_QUEUE = "report.queue"  # the screens' work queue
    REPORT_QUEUE_EXPORTED = "report.queue_exported"  # the work queue as CSV or Excel
    REPORT_LIST = "report.list"  # the API's work queue
    REPORT_READ = "report.read"  # one report (also: not found)
    REPORT_DRAFT = "report.draft"  # the persons chosen in a report being taken, shown again
    ADVICE_LIST = "advice.list"
    ADVICE_LIST_EXPORTED = "advice.list_exported"  # the advice requests as CSV or Excel
    ADVICE_READ = "advice.read"  # one advice request (also: not found)

    # -- changes the API refused for their input (400), logged as failed attempts --
    REPORT_CHANGE_REFUSED = "report.change_refused"
    ADVICE_CHANGE_REFUSED = "advice.change_refused"
