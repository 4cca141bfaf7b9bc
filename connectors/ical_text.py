"""iCalendar documents as text: decoding, snippets safe for messages, and parsing with `icalendar`."""

from __future__ import annotations

import re

from icalendar import Calendar
from icalendar.parser.content_line import UFOLD  # the parser's own unfolding (RFC 5545 3.1)
from icalendar.timezone import tzp

TIME_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "RRULE", "RDATE", "EXDATE")
# The VEVENT properties Dirigent reads; parsing is skipped for the others (see `relevant`).
READ_PROPERTIES = frozenset({
    *TIME_PROPERTIES, "UID", "SEQUENCE", "STATUS", "SUMMARY", "LOCATION", "URL", "CATEGORIES", "ORGANIZER",
    "ATTENDEE", "DESCRIPTION", "X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK", "BEGIN", "END",
})
PROPERTY_NAME = re.compile(r"[^;:]*")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
VTIMEZONE_ID = re.compile(r"^TZID:(.+?)\r?$", re.MULTILINE)
# The ATTENDEE parameters Dirigent reads (ical_mapping.py); the others (CN, ROLE, RSVP, ...) are dropped before parsing.
ATTENDEE_PARAMETERS = frozenset({"CUTYPE", "PARTSTAT"})
PARAMETER = re.compile(r';([A-Za-z0-9-]+)=((?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)')


class CalendarError(ValueError):
    """The text is not a usable iCalendar document; the message says why."""


def decode(raw: bytes) -> str:
    """iCalendar is UTF-8 (RFC 5545); a BOM is dropped, UTF-16 with BOM and Windows-1252 are read too."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # old Outlook exports on German Windows


def masked(text: str, limit: int = 60) -> str:
    """A snippet for messages: one line, e-mail addresses hidden (messages are stored in the run log)."""
    snippet = " ".join(text[:limit].split())
    return EMAIL.sub("<e-mail>", snippet) + ("…" if len(text) > limit else "")


def relevant(text: str) -> str:
    """The text without the VEVENT properties and subcomponents (VALARM) that are never read.

    icalendar's parser is pure Python and costs tens of microseconds per content line; an Outlook
    export carries some 25 properties per event (X-MICROSOFT-CDO-*, X-MICROSOFT-LOCATIONS, alarms)
    that Dirigent does not read. Dropping them halves the parse time; dropping the ATTENDEE
    parameters never read (CN, the name, is the longest) saves a third of the rest. Folded
    continuation lines (starting with a space or tab, RFC 5545 3.1) go with the line they continue.
    """
    kept: list[str] = []
    depth = keep = 0  # depth: 1 inside a VEVENT, 2+ inside one of its subcomponents
    attendee = None  # where the ATTENDEE line being read starts in `kept`
    for line in text.split("\n"):
        if line[:1] in (" ", "\t"):
            if keep:
                kept.append(line)
            continue
        if attendee is not None:
            kept[attendee:] = _attendee(kept[attendee:])
            attendee = None
        name = PROPERTY_NAME.match(line).group(0).strip().upper()
        value = line[len(name) + 1:].strip().upper() if name in ("BEGIN", "END") else ""
        if name == "BEGIN" and (depth or value == "VEVENT"):
            depth += 1
        keep = depth <= 1 and (depth == 0 or name in READ_PROPERTIES)
        if keep:
            if name == "ATTENDEE" and depth == 1:
                attendee = len(kept)
            kept.append(line)
        if name == "END" and depth:
            depth -= 1
    if attendee is not None:
        kept[attendee:] = _attendee(kept[attendee:])
    return "\n".join(kept)


def _attendee(lines: list[str]) -> list[str]:
    """An ATTENDEE line (with its continuation lines) unfolded, with only the parameters Dirigent reads;
    unchanged where it is not plain `ATTENDEE;param=value...:value` (the parser then judges it as it stands)."""
    line = UFOLD.sub("", "\n".join(lines))
    end, kept = len("ATTENDEE"), []
    while line[end:end + 1] == ";":
        found = PARAMETER.match(line, end)
        if found is None:
            return lines
        if found.group(1).upper() in ATTENDEE_PARAMETERS:
            kept.append(found.group(0))
        end = found.end()
    if line[end:end + 1] != ":" or line[:len("ATTENDEE")].upper() != "ATTENDEE":
        return lines
    return [line[:len("ATTENDEE")] + "".join(kept) + line[end:]]


def parse(text: str) -> list[Calendar]:
    """Every VCALENDAR in the text; CalendarError if it is not iCalendar or is cut off."""
    body = text.lstrip("\ufeff \t\r\n")
    if not body[:15].upper().startswith("BEGIN:VCALENDAR"):
        what = "an empty file" if not body else f"it starts with '{masked(body)}'"
        raise CalendarError(f"not an iCalendar file ({what}); an .ics file starts with BEGIN:VCALENDAR")
    if body.rstrip()[-13:].upper() != "END:VCALENDAR":
        lines = body.count("\n") + 1
        raise CalendarError(f"the file ends at line {lines} before END:VCALENDAR: it is truncated "
                            f"(an interrupted download or copy?)")
    register_zones(zone_names(body))
    try:
        calendars = Calendar.from_ical(relevant(body), multiple=True)
    except ValueError as exc:
        raise CalendarError(f"not valid iCalendar: {masked(str(exc), 160)}") from None
    if not calendars:
        raise CalendarError("no VCALENDAR in the file")
    return list(calendars)


def zone_names(text: str) -> list[str]:
    """The TZIDs of the document's VTIMEZONEs."""
    return sorted({tzid.strip() for tzid in VTIMEZONE_ID.findall(text)})


def register_zones(names: list[str]) -> None:
    # Asked first, icalendar resolves a Windows zone name (Outlook's "W. Europe Standard Time") to
    # its IANA zone and keeps that, instead of building a zone from the file's VTIMEZONE whose
    # offset lookups walk its yearly rule from 1601 on: 60 % of the expansion time otherwise.
    for name in names:
        tzp.timezone(name)


def parse_file(path: str) -> tuple[list[Calendar], list[str]]:
    """A file's calendars and zone names; what a worker process of `ParsedAhead` runs."""
    text = decode(open(path, "rb").read())
    return parse(text), zone_names(text)
