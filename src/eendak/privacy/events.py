"""Every event name the privacy screens and services write to the access log, in one catalogue.

Reading the log is itself logged (NEN 7513): the log administrator's search, chain check and export,
the privacy officer's report on a person, and the emergency-access report; break the glass,
granted or refused; and the review of a grant afterwards. The stored value is the string the log
has always held: its hash chain covers the event, so a member's value never changes once written —
rename the member, never the value. A refusal by a named permission is not listed here: its event
is the permission's own name (``privacy.search_access_log``), written by ``audit.log_refusal``.

Privacy keeps no journal: these are access-log entries only. Finding the household a break-the-glass
request is about is the persons' event (``persons.events.Event.EMERGENCY_ACCESS_LOOKUP``).
"""

from enum import StrEnum


class Event(StrEnum):
    # -- the log administrator (privacy.views, privacy.api, privacy.services) --
    ACCESS_LOG_SEARCH = "access_log.search"
    ACCESS_LOG_VERIFY = "access_log.verify"  # the hash chain recomputed on request
    ACCESS_LOG_EXPORT = "access_log.export"  # the CSV export started as long work

    # -- the privacy officer --
    PERSON_ACCESS_LOOKUP = "person.access_lookup"  # finding the person of an access request
    PERSON_ACCESS_REPORT = "person.access_report"  # who saw this person's data
    PERSON_ACCESS_REPORT_PRINTED = "person.access_report.printed"  # the same, printed: an export
    EMERGENCY_ACCESS_REPORT = "emergency_access.report"
    EMERGENCY_ACCESS_REVIEWED = "emergency_access.reviewed"  # a grant judged (privacy.services)

    # -- the data subject's requests (AVG art. 12-21; privacy.services, views, api) --
    RIGHTS_REQUEST_LIST = "rights_request.list"  # the list, naming the persons on the page
    RIGHTS_REQUEST_READ = "rights_request.read"  # one request with its steps
    RIGHTS_REQUEST_REGISTERED = "rights_request.registered"
    RIGHTS_REQUEST_STARTED = "rights_request.started"
    RIGHTS_REQUEST_EXTENDED = "rights_request.extended"
    RIGHTS_REQUEST_GRANTED = "rights_request.granted"
    RIGHTS_REQUEST_REFUSED = "rights_request.refused"
    OWN_STATEMENT_ADDED = "rights_request.own_statement"  # also written by cases as case.own_statement
    ACCESS_FILE_BUILT = "access_file.built"  # the inzage PDF made: an export of the person's file
    ACCESS_FILE_DOWNLOADED = "access_file.downloaded"  # the same PDF fetched again
    RIGHTS_REQUEST_CHANGE_REFUSED = "rights_request.change_refused"  # the API refused the input (400)

    # -- break the glass (privacy.services) --
    EMERGENCY_ACCESS_GRANTED = "emergency_access.granted"
    EMERGENCY_ACCESS_REFUSED = "emergency_access.refused"
