"""Learning companionship exports (docs/connectors/companionship.md): German Excel CSV (`;`, UTF-8 with BOM,
CRLF, dd.mm.yyyy) of learning conversations, learning circles, their members and their held meetings."""

from __future__ import annotations

import csv
from pathlib import Path

from .people import Person
from .records import Companionship
from .skills import SKILLS
from .timeline import local

CONVERSATIONS = ("Gesprächs-ID", "Datum", "Beginn", "Dauer", "Lernbegleiter:in Personalnummer", "Lernbegleiter:in Name",
                 "Lernbegleiter:in E-Mail", "Lernende:r Personalnummer", "Lernende:r Name", "Lernende:r E-Mail", "Thema",
                 "Kompetenzen", "Phase")
CIRCLES = ("Lernkreis-ID", "Bezeichnung", "Thema", "Moderator:in Personalnummer", "Moderator:in Name",
           "Moderator:in E-Mail", "Startdatum", "Geplante Treffen", "Kompetenzen")
MEMBERS = ("Lernkreis-ID", "Personalnummer", "Name", "E-Mail", "Beigetreten am", "Ausgetreten am")
MEETINGS = ("Lernkreis-ID", "Treffen-Nr.", "Datum", "Beginn", "Dauer", "Teilnehmende")


def _date(ms: int) -> str:
    return local(ms).strftime("%d.%m.%Y")


def _clock(ms: int) -> str:
    return local(ms).strftime("%H:%M")


def _minutes(minutes: int, n: int) -> str:
    """Lengths as people type them: mostly minutes, now and then h:mm."""
    return f"{minutes // 60}:{minutes % 60:02d}" if n % 5 == 0 else str(minutes)


def _skills(keys: list[str]) -> str:
    return "|".join(SKILLS[k][0] for k in keys)


def _write(path: Path, header: tuple[str, ...], rows: list[tuple]) -> int:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        out.writerow(header)
        out.writerows(rows)
    return len(rows)


def write_companionship(folder: Path, data: Companionship, people: list[Person]) -> dict[str, int]:
    """The four exports under their default names; returns the rows per file."""
    folder.mkdir(parents=True, exist_ok=True)
    conversations = []
    for n, c in enumerate(data.conversations):
        comp, learner = people[c.companion], people[c.learner]
        conversations.append((c.id, _date(c.start_ms), _clock(c.start_ms), _minutes(c.minutes, n), comp.pnr, comp.name,
                              comp.email, learner.pnr, learner.name, learner.email, c.topic, _skills(c.skills), c.stage))
    circles, members, meetings = [], [], []
    for c in data.circles:
        f = people[c.facilitator]
        circles.append((c.id, c.title, c.topic, f.pnr, f.name, f.email, _date(c.start_ms), c.planned, _skills(c.skills)))
        for person, left in c.members:
            p = people[person]
            members.append((c.id, p.pnr, p.name, p.email, _date(c.start_ms), _date(left) if left else ""))
        for number, start, present in c.meetings:
            # Some facilitators type e-mail addresses, others employee numbers.
            names = [people[i].email if (i + number) % 4 else people[i].pnr for i in present]
            meetings.append((c.id, number, _date(start), _clock(start), _minutes(c.minutes, number), ", ".join(names)))
    return {
        "conversations": _write(folder / "lerngespraeche.csv", CONVERSATIONS, conversations),
        "circles": _write(folder / "lernkreise.csv", CIRCLES, circles),
        "members": _write(folder / "lernkreis_mitglieder.csv", MEMBERS, members),
        "meetings": _write(folder / "lernkreis_treffen.csv", MEETINGS, meetings),
    }
