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


class CompanionshipStream:
    """The four exports under their default names, written month by month: `add` appends the conversations and
    circles that a month started (the caller then forgets them), `close` returns the rows per file."""

    FILES = (("conversations", "lerngespraeche.csv", CONVERSATIONS), ("circles", "lernkreise.csv", CIRCLES),
             ("members", "lernkreis_mitglieder.csv", MEMBERS), ("meetings", "lernkreis_treffen.csv", MEETINGS))

    def __init__(self, folder: Path, people: list[Person]):
        folder.mkdir(parents=True, exist_ok=True)
        self.people, self.files, self.out = people, {}, {}
        self.counts = {key: 0 for key, _, _ in self.FILES}
        for key, name, header in self.FILES:
            f = self.files[key] = (folder / name).open("w", encoding="utf-8-sig", newline="")
            self.out[key] = csv.writer(f, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
            self.out[key].writerow(header)

    def _rows(self, key: str, rows: list[tuple]) -> None:
        self.out[key].writerows(rows)
        self.counts[key] += len(rows)

    def add(self, data: Companionship) -> None:
        people = self.people
        conversations = []
        for n, c in enumerate(data.conversations, start=data.conversations_before):
            comp, learner = people[c.companion], people[c.learner]
            conversations.append((c.id, _date(c.start_ms), _clock(c.start_ms), _minutes(c.minutes, n), comp.pnr,
                                  comp.name, comp.email, learner.pnr, learner.name, learner.email, c.topic,
                                  _skills(c.skills), c.stage))
        circles, members, meetings = [], [], []
        for c in data.circles:
            f = people[c.facilitator]
            circles.append((c.id, c.title, c.topic, f.pnr, f.name, f.email, _date(c.start_ms), c.planned,
                            _skills(c.skills)))
            for person, left in c.members:
                p = people[person]
                members.append((c.id, p.pnr, p.name, p.email, _date(c.start_ms), _date(left) if left else ""))
            for number, start, present in c.meetings:
                # Some facilitators type e-mail addresses, others employee numbers.
                names = [people[i].email if (i + number) % 4 else people[i].pnr for i in present]
                meetings.append((c.id, number, _date(start), _clock(start), _minutes(c.minutes, number),
                                 ", ".join(names)))
        for key, rows in (("conversations", conversations), ("circles", circles), ("members", members),
                          ("meetings", meetings)):
            self._rows(key, rows)
            self.files[key].flush()

    def close(self) -> dict[str, int]:
        for f in self.files.values():
            f.close()
        return dict(self.counts)
