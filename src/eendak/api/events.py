"""Every event name the shared API layer writes to the access log: issuing and revoking the tokens
of service accounts (``api.tokens``).

The stored value is the string the log has always held: the hash chain covers the event, so a
member's value never changes once written — rename the member, never the value. Access-log entries
only; the API layer keeps no journal.
"""

from enum import StrEnum


class Event(StrEnum):
    TOKEN_ISSUED = "token.issued"
    TOKEN_REVOKED = "token.revoked"
    TOKEN_LIST = "token.list"  # the functional administrator read the list (names, never secrets)
    TOKEN_READ = "token.read"  # one token's record (never its secret)
