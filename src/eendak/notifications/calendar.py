"""An invitation as an iCalendar file (RFC 5545), written by hand: one VEVENT, nobody named.

``METHOD:PUBLISH`` (RFC 5546): a calendar entry to add, not a meeting request to answer — a request
would have to name an organiser and attendees, and the file names nobody. The summary says what
kind of meeting it is and its reference at most; the description is the link into Eendak, where the
invited person sees the rest after signing in.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings

PRODID = "-//Eendak//Meldingen//NL"


def _text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """Lines longer than 75 octets folded (RFC 5545 3.1): CRLF and one space, never inside a
    UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        limit = 75 if not out else 74  # a continuation line starts with the space
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def invitation(*, uid: str, starts_at: datetime, summary: str, duration=timedelta(hours=1),
               location: str = "", path: str = "", now: datetime | None = None) -> str:
    """The .ics text of one event. ``uid`` is stable per thing ("conference-12"), so a calendar that
    gets it again updates the entry instead of adding a second one."""
    stamp = now or datetime.now(UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}@eendak",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(starts_at)}",
        f"DTEND:{_utc(starts_at + duration)}",
        f"SUMMARY:{_text(summary)}",
    ]
    if location:
        lines.append(f"LOCATION:{_text(location)}")
    if path:
        link = settings.EENDAK_BASE_URL + path
        lines.append(f"DESCRIPTION:{_text('Meer in Eendak: ' + link)}")
        lines.append(f"URL:{link}")
    lines += ["CLASS:CONFIDENTIAL", "TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
