"""Every event name the persons and households write to the access log, in one catalogue.

The stored value is the string the log has always held (``person.read``, …): the log is evidence
(NEN 7513) and its hash chain covers the event, so a member's value never changes once written —
rename the member, never the value. A refusal by a named permission is not listed here: its event
is the permission's own name (``persons.view_household``), written by ``audit.log_refusal``.

The persons keep no journal: these are access-log entries only. A read names the persons whose data
it showed (and, seen through break the glass, the grant's reason); a look at a person or household
that is not there, or not for this organisation, is the same event with outcome ``not_found``.
"""

from enum import StrEnum


class Event(StrEnum):
    # -- changes (persons.registry) --
    PERSON_CREATED = "person.created"
    PERSON_RELATIONSHIP_ADDED = "person.relationship_added"
    PERSON_MERGED = "person.merged"
    PERSON_MERGE_UNDONE = "person.merge_undone"
    HOUSEHOLD_CREATED = "household.created"
    HOUSEHOLD_MEMBER_ADDED = "household.member_added"
    PERSON_CORRECTED = "person.corrected"  # a granted correction request (AVG art. 16)
    BSN_KEYS_ROTATED = "persons.bsn_keys_rotated"  # manage.py rotate_bsn_keys, by the system

    # -- reads by the screens and the API (persons.services, persons.api) --
    PERSON_READ = "person.read"  # one person (also: not found)
    PERSON_SEARCH = "person.search"  # naming every person found
    PERSON_BSN_REVEALED = "person.bsn_revealed"  # the full BSN, on explicit request (also: not found)
    HOUSEHOLD_READ = "household.read"  # one household (also: not found)
    HOUSEHOLD_LIST = "household.list"  # "Mijn dossiers": naming every person on the page
    PERSON_MERGE_LIST = "person.merge_list"  # the recent merges on the merge page

    # -- break the glass: finding the one household a request is about (persons.services) --
    EMERGENCY_ACCESS_LOOKUP = "emergency_access.lookup"

    # -- changes the API refused for their input (400), logged as failed attempts (persons.api) --
    PERSON_MERGE_REFUSED = "person.merge_refused"
