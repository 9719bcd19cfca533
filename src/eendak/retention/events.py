"""Every event name the retention app writes to the access log, in one catalogue.

The stored value is covered by the log's hash chain: rename a member, never its value. A refusal by
a named permission is logged under the permission's own name (``audit.log_refusal``).
"""

from enum import StrEnum


class Event(StrEnum):
    REQUEST_REGISTERED = "destruction_request.registered"
    REQUEST_READ = "destruction_request.read"
    REQUEST_LIST = "destruction_request.list"
    REQUEST_PROPOSED = "destruction_request.proposed"
    REQUEST_SENT_BACK = "destruction_request.sent_back"
    REQUEST_REFUSED = "destruction_request.refused"
    HOUSEHOLD_DESTROYED = "household.destroyed"  # the destruction itself (action D)
    REQUEST_LOOKUP = "destruction_request.lookup"  # finding the household of a request
    CHANGE_REFUSED = "destruction_request.change_refused"  # an API change refused for its input
    PERIOD_CHANGED = "retention_period.changed"
    DUE_LIST_STARTED = "due_list.started"
    DUE_LIST_READ = "due_list.read"
    DUE_LIST_EXPORTED = "due_list.exported"
