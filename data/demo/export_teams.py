"""Microsoft Teams meeting links and attendance reports as organisers download them (docs/connectors/teams_attendance.md):
UTF-16 with a BOM, tab-separated, sections `1. Summary`, `2. Participants`, `3. In-Meeting activities`,
in the organiser's locale (en-GB or de-DE) and wall-clock time (Europe/Berlin)."""

from __future__ import annotations

import base64
import codecs
import hashlib
import random
import uuid
from pathlib import Path

from .people import Person
from .records import Registration, Session
from .timeline import local

LOCALES = {
    "en-GB": {"sections": ("1. Summary", "2. Participants", "3. In-Meeting activities"),
              "summary": ("Meeting title", "Attended participants", "Start time", "End time", "Meeting duration",
                          "Average attendance time", "Meeting link"),
              "participants": ("Name", "First join", "Last leave", "In-meeting duration", "Email",
                               "Participant ID (UPN)", "Role"),
              "activities": ("Name", "Join time", "Leave time", "Duration", "Email", "Role"),
              "roles": {"organizer": "Organizer", "co-organizer": "Co-organizer", "presenter": "Presenter",
                        "attendee": "Attendee"},
              "time": "%d/%m/%y, %H:%M:%S", "units": ("h", "m", "s"), "file": "{title} - Attendance report {d:%d-%m-%y}"},
    "de-DE": {"sections": ("1. Zusammenfassung", "2. Teilnehmer", "3. Aktivitäten in der Besprechung"),
              "summary": ("Besprechungstitel", "Teilnehmende Personen", "Startzeit", "Endzeit", "Besprechungsdauer",
                          "Durchschnittliche Teilnahmedauer", "Besprechungslink"),
              "participants": ("Name", "Erster Beitritt", "Letztes Verlassen", "Dauer in der Besprechung", "E-Mail",
                               "Teilnehmer-ID (UPN)", "Rolle"),
              "activities": ("Name", "Beitrittszeit", "Verlassenszeit", "Dauer", "E-Mail", "Rolle"),
              "roles": {"organizer": "Organisator", "co-organizer": "Mitorganisator", "presenter": "Referent",
                        "attendee": "Teilnehmer"},
              "time": "%d.%m.%Y, %H:%M:%S", "units": (" Std.", " Min.", " Sek."),
              "file": "{title} - Teilnahmebericht {d:%d.%m.%y}"},
}
UNSAFE = str.maketrans({c: "_" for c in '<>:"/\\|?*'})


def _guid(*parts: object) -> str:
    return str(uuid.UUID(bytes=hashlib.sha256(":".join(map(str, parts)).encode()).digest()[:16], version=4))


def meeting_link(seed: int, s: Session) -> str:
    """The session's Teams join link as Outlook pastes it: meeting thread, then tenant and organiser in `context`."""
    thread = base64.b64encode(_guid(seed, "meeting", s.id).encode()).decode().rstrip("=")
    context = f'{{"Tid":"{_guid(seed, "tenant")}","Oid":"{_guid(seed, "user", s.host)}"}}'
    quoted = context.replace("{", "%7b").replace("}", "%7d").replace('"', "%22").replace(":", "%3a").replace(",", "%2c")
    return f"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{thread}%40thread.v2/0?context={quoted}"


def _duration(seconds: int, units: tuple[str, str, str]) -> str:
    h, rest = divmod(int(seconds), 3600)
    m, s = divmod(rest, 60)
    parts = [f"{v}{u}" for v, u in zip((h, m, s), units) if v]
    return " ".join(parts) or f"0{units[2]}"


def _upn(email: str) -> str:
    local_part, domain = email.split("@")
    return ".".join(p[:1].upper() + p[1:] for p in local_part.split(".")) + "@" + domain


class ReportWriter:
    def __init__(self, folder: Path, people: list[Person], seed: int):
        self.folder, self.people, self.seed = folder, people, seed
        self.used: set[str] = set()

    def _spans(self, rng: random.Random, s: Session, r: Registration) -> list[tuple[int, int]]:
        """(join ms, leave ms) of one attendee; some drop out once and come back."""
        join = s.start_ms + r.joined_s * 1000
        if not r.rejoined or r.attended_s < 120:
            return [(join, join + r.attended_s * 1000)]
        first = int(r.attended_s * rng.uniform(0.2, 0.6))
        back = join + (first + rng.randint(60, 400)) * 1000
        return [(join, join + first * 1000), (back, back + (r.attended_s - first) * 1000)]

    def write(self, s: Session) -> int:
        """One report; returns the number of participant rows."""
        rng = random.Random(f"{self.seed}:teams:{s.id}")
        loc = LOCALES["de-DE" if rng.random() < 0.3 else "en-GB"]
        rows = [(s.host, "organizer", [(s.start_ms - rng.randint(60, 480) * 1000,
                                        s.end_ms + rng.randint(0, 360) * 1000)])]
        rows += [(c, "co-organizer", [(s.start_ms - rng.randint(0, 300) * 1000, s.end_ms + rng.randint(-120, 240) * 1000)])
                 for c in s.co_hosts]
        learner = "presenter" if s.presenters else "attendee"
        attendees = [r for r in s.registrations if r.attended_s is not None] + s.walk_ins
        rows += [(r.person, learner, self._spans(rng, s, r)) for r in sorted(attendees, key=lambda r: r.joined_s)]

        def when(ms: int) -> str:
            return local(ms).strftime(loc["time"])

        def dur(seconds: float) -> str:
            return _duration(seconds, loc["units"])

        start = min(spans[0][0] for _, _, spans in rows)
        end = max(spans[-1][1] for _, _, spans in rows)
        totals = [sum(b - a for a, b in spans) // 1000 for _, _, spans in rows]
        summary = (s.title, str(len(rows)), when(start), when(end), dur((end - start) // 1000),
                   dur(sum(totals) // len(totals)), meeting_link(self.seed, s))
        lines = [loc["sections"][0]] + [f"{k}\t{v}" for k, v in zip(loc["summary"], summary)]
        lines += ["", loc["sections"][1], "\t".join(loc["participants"])]
        activity_lines = ["", loc["sections"][2], "\t".join(loc["activities"])]
        for (person, role, spans), total in zip(rows, totals):
            p = self.people[person]
            upn, shown = _upn(p.email), loc["roles"][role]
            lines.append("\t".join((p.name, when(spans[0][0]), when(spans[-1][1]), dur(total), upn, upn, shown)))
            activity_lines += ["\t".join((p.name, when(a), when(b), dur((b - a) // 1000), upn, shown)) for a, b in spans]
        text = "\n".join(lines + activity_lines) + "\n"
        bom, codec = (codecs.BOM_UTF16_BE, "utf-16-be") if rng.random() < 0.3 else (codecs.BOM_UTF16_LE, "utf-16-le")
        (self.folder / self._name(loc, s)).write_bytes(bom + text.encode(codec))
        return len(rows)

    def _name(self, loc: dict, s: Session) -> str:
        base = loc["file"].format(title=s.title.translate(UNSAFE), d=local(s.start_ms))
        name, n = f"{base}.csv", 1
        while name in self.used:  # the browser numbers a second download of the same name
            n += 1
            name = f"{base} ({n}).csv"
        self.used.add(name)
        return name


def write_reports(writer: ReportWriter, sessions: list[Session]) -> tuple[int, int]:
    """The reports of the sessions whose host downloaded one (call it month by month with one writer, so that
    repeated names are numbered across the window); returns (reports, participant rows)."""
    writer.folder.mkdir(parents=True, exist_ok=True)
    rows = [writer.write(s) for s in sessions if s.report]
    return len(rows), sum(rows)
