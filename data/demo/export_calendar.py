"""The LEX session calendars as iCalendar (RFC 5545): one published feed per community, each session a VEVENT
with its page as URL, the host as ORGANIZER, registrations as ATTENDEEs with PARTSTAT, topics as CATEGORIES
and the Teams link."""

from __future__ import annotations

import re
import time
from pathlib import Path

from .catalog import LABELS
from .export_lex import PLATFORM
from .export_teams import meeting_link
from .people import Person
from .records import Session
from .timeline import local

VTIMEZONE = ("BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
             "TZNAME:CEST", "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
             "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
             "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD", "END:VTIMEZONE")


def _text(value: str) -> str:
    """A TEXT value with RFC 5545 escapes."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space, never inside a character."""
    if line.isascii():
        return "\r\n ".join([line[:75]] + [line[k:k + 74] for k in range(75, len(line), 74)])
    data = line.encode("utf-8")
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:  # cut at the last character boundary within the limit
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:
            cut -= 1
        parts.append(data[start:cut].decode("utf-8"))
        start, limit = cut, 74
    parts.append(data[start:].decode("utf-8"))
    return "\r\n ".join(parts)


def _stamp(ms: int) -> str:
    return local(ms).strftime("%Y%m%dT%H%M%S")


def _slug(text: str) -> str:
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("&", "und")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


class CalendarWriter:
    def __init__(self, people: list[Person], seed: int, export_ms: int):
        self.people, self.seed = people, seed
        self.utc_stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(export_ms // 1000))

    def _address(self, name: str, person: int, params: str = "") -> str:
        p = self.people[person]
        return f'{name}{params};CN="{p.name}":mailto:{p.email}'

    def event(self, s: Session) -> list[str]:
        link = meeting_link(self.seed, s) if s.online else ""
        description = f"{s.title}: eine LEX-Session der {s.topic.community}.\n\nAnmeldung: {PLATFORM}/sessions/{s.id}"
        if link:
            description += f"\n\nMicrosoft Teams-Besprechung\nJetzt an der Besprechung teilnehmen: {link}"
        lines = ["BEGIN:VEVENT", f"UID:session-{s.id}@lex.demo-ag.example", f"URL:{PLATFORM}/sessions/{s.id}",
                 f"DTSTAMP:{self.utc_stamp}", f"DTSTART;TZID=Europe/Berlin:{_stamp(s.start_ms)}",
                 f"DTEND;TZID=Europe/Berlin:{_stamp(s.end_ms)}", f"SUMMARY;LANGUAGE=de-DE:{_text(s.title)}",
                 f"DESCRIPTION;LANGUAGE=de-DE:{_text(description)}",
                 f"LOCATION:{_text(s.location if not s.online else 'Microsoft Teams-Besprechung')}",
                 f"CATEGORIES:{_text(LABELS[s.topic.key])}", "STATUS:CONFIRMED", "TRANSP:OPAQUE", "SEQUENCE:0"]
        if link:
            lines.append(f"X-MICROSOFT-SKYPETEAMSMEETINGURL:{link}")
        lines.append(self._address("ORGANIZER", s.host))
        lines += [self._address("ATTENDEE", c, ";CUTYPE=INDIVIDUAL;ROLE=CHAIR;PARTSTAT=ACCEPTED") for c in s.co_hosts]
        for r in s.registrations:
            state = "DECLINED" if r.cancelled_ms is not None else "ACCEPTED"
            lines.append(self._address("ATTENDEE", r.person, f";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={state}"))
        return lines + ["END:VEVENT"]


class CalendarStream:
    """One .ics per community with its sessions (cancelled ones are taken off the feed), written month by month:
    a month's sessions all start after the previous month's, so appending each month's events sorted by start
    keeps every feed sorted. A feed's file is started with its first event and ended by `close`."""

    def __init__(self, folder: Path, people: list[Person], seed: int, export_ms: int):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder, self.writer = folder, CalendarWriter(people, seed, export_ms)
        self.files: dict[str, object] = {}
        self.events = 0

    def _write(self, community: str, lines: list[str]) -> None:
        f = self.files.get(community)
        if f is None:
            f = self.files[community] = (self.folder / f"lex-{_slug(community)}.ics").open("wb")
            lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Demo AG//LEX Sessions 1.0//DE", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH", f"X-WR-CALNAME:{_text('LEX – ' + community)}", "X-WR-TIMEZONE:Europe/Berlin",
                     *VTIMEZONE] + lines
        f.write("".join(_fold(x) + "\r\n" for x in lines).encode())
        f.flush()

    def add(self, sessions: list[Session]) -> None:
        by_community: dict[str, list[Session]] = {}
        for s in sessions:
            if s.cancelled_ms is None:
                by_community.setdefault(s.topic.community, []).append(s)
        for community, items in sorted(by_community.items()):
            lines = []
            for s in sorted(items, key=lambda s: (s.start_ms, s.id)):
                lines += self.writer.event(s)
            self._write(community, lines)
            self.events += len(items)

    def close(self) -> tuple[int, int]:
        """End every feed; returns (files, events)."""
        for f in self.files.values():
            f.write(b"END:VCALENDAR\r\n")
            f.close()
        return len(self.files), self.events
