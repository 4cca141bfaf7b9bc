"""The layout of a Teams attendance report file: encoding, sections, summary and participant table.

Three layouts occur (see docs/connectors/teams_attendance.md):
- sections (since late 2021): `1. Summary`, `2. Participants`, `3. In-Meeting activities`;
- summary and table (2021): `Meeting Summary` key/value lines, then one participant table;
- join/leave list (2020): one table `Full Name`, `User Action`, `Timestamp`, a row per join or leave.
Header names are matched in English and German, ignoring case; `columns` maps any other name.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

SECTIONS, SUMMARY_AND_TABLE, JOIN_LEAVE_LIST = "sections", "summary and table", "join/leave list"

SUMMARY_FIELDS = {
    "title": ("meeting title", "title", "besprechungstitel", "titel der besprechung", "titel"),
    "start_time": ("start time", "meeting start time", "startzeit", "beginn", "besprechungsbeginn"),
    "end_time": ("end time", "meeting end time", "endzeit", "ende", "besprechungsende"),
    "meeting_duration": ("meeting duration", "besprechungsdauer", "dauer der besprechung"),
    "join_url": ("meeting link", "join link", "join url", "besprechungslink", "link zur besprechung"),
}
PARTICIPANT_FIELDS = {
    "name": ("name", "full name", "vollständiger name", "teilnehmername"),
    "first_join": ("first join", "join time", "erster beitritt", "beitrittszeit", "beitreten", "beigetreten"),
    "last_leave": ("last leave", "leave time", "letztes verlassen", "verlassenszeit", "verlassen"),
    "duration": ("in-meeting duration", "duration", "dauer in der besprechung", "dauer der besprechung",
                 "dauer", "anwesenheitsdauer"),
    "email": ("email", "e-mail", "e-mail-adresse", "email address"),
    "upn": ("participant id (upn)", "teilnehmer-id (upn)", "upn", "teilnehmer-id"),
    "role": ("role", "rolle"),
    "action": ("user action", "benutzeraktion", "aktion"),
    "timestamp": ("timestamp", "zeitstempel"),
}
FIELDS = (*SUMMARY_FIELDS, *PARTICIPANT_FIELDS)
SUMMARY_TITLES = {"meeting summary", "summary", "besprechungszusammenfassung", "zusammenfassung"}
_NUMBERED_SECTION = re.compile(r"^(\d)\.\s*\S")
_JOIN_LINK = re.compile(r"^https://teams\.(microsoft|live)\.com/\S+$")


class ReportError(ValueError):
    """The file as a whole is not a usable report; `line` says where the problem shows."""

    def __init__(self, line: int, problem: str):
        super().__init__(problem)
        self.line = line


@dataclass
class Table:
    header_line: int
    header: list[str]
    columns: dict[str, int]  # canonical field -> cell index
    rows: list[tuple[int, list[str]]] = field(default_factory=list)

    def label(self, name: str) -> str:
        """The file's own header for a canonical field, so messages quote what the reader sees."""
        return self.header[self.columns[name]] if name in self.columns else name


@dataclass
class Report:
    layout: str
    encoding: str
    summary: dict[str, tuple[int, str]]  # canonical field -> (line, value)
    table: Table


def decode(raw: bytes) -> tuple[str, str]:
    """The text and a description of its encoding; Teams writes UTF-16 with a BOM, newer exports UTF-8."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="replace"), "UTF-8 with BOM"
    for bom, codec, label in ((codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
                              (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE")):
        if raw.startswith(bom):
            body = raw[2:]
            # A download cut off mid-character: keep the whole characters, the last row shows the cut.
            return body[: len(body) - len(body) % 2].decode(codec, errors="replace"), label + " with BOM"
    if b"\x00" in raw[:64]:  # UTF-16 without a BOM still shows its zero bytes
        codec, label = ("utf-16-le", "UTF-16 LE") if raw[1:2] == b"\x00" else ("utf-16-be", "UTF-16 BE")
        body = raw[: len(raw) - len(raw) % 2]
        return body.decode(codec, errors="replace"), label + " without BOM"
    try:
        return raw.decode("utf-8"), "UTF-8 without BOM"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "Windows-1252 (no BOM, not UTF-8)"


def parse(raw: bytes, mapping: dict[str, str]) -> Report:
    """The report's layout, summary values and participant table; raises ReportError when there is none."""
    text, encoding = decode(raw)
    lines = re.split(r"\r\n|\n|\r", text.lstrip("\ufeff"))
    if "\t" not in text:
        raise ReportError(1, _not_tab_separated(text, encoding))
    summary: dict[str, tuple[int, str]] = {}
    table: Table | None = None
    section, layout, last = None, None, 1
    for number, line in enumerate(lines, start=1):
        cells = [_cell(c) for c in line.split("\t")]
        if not any(cells):
            continue
        last = number
        title = cells[0] if not any(cells[1:]) else None
        if title and (numbered := _NUMBERED_SECTION.match(title)):
            section, layout = {"1": "summary", "2": "participants"}.get(numbered.group(1), "other"), SECTIONS
            continue
        if title and _normal(title) in SUMMARY_TITLES:
            section, layout = "summary", layout or SUMMARY_AND_TABLE
            continue
        if section == "other":
            continue
        if section == "participants" and table is not None:
            table.rows.append((number, cells))
            continue
        header = _header(cells, mapping) if table is None else {}
        if header:
            table = Table(number, cells, header)
            layout = layout or (JOIN_LEAVE_LIST if "action" in header else SUMMARY_AND_TABLE)
            section = "participants"
        elif section == "summary":
            _summary_line(summary, number, cells, mapping)
        elif section == "participants":
            raise ReportError(number, "'2. Participants' should start with its header (Name, First join, Last "
                                      "leave, In-meeting duration, Email, Participant ID (UPN), Role); line "
                                      f"{number} has {_shown(cells)}. Map other names in [source.columns]")
        elif table is None:
            raise ReportError(number, "not a Teams attendance report: it starts neither with a summary "
                                      "('1. Summary') nor with a participant table header; line "
                                      f"{number} has {_shown(cells)}")
    if table is None:
        raise ReportError(last, f"no participant table ('2. Participants') after the summary, which ends at line "
                                f"{last}: the file looks cut off. Download the report from Teams again")
    return Report(layout, encoding, summary, table)


def _header(cells: list[str], mapping: dict[str, str]) -> dict[str, int]:
    """Canonical field -> index when the cells are a participant table header, else an empty dict."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = _field(cell, PARTICIPANT_FIELDS, mapping)
        if name and name not in columns:
            columns[name] = index
    identifying = {"first_join", "email", "upn", "action"} & set(columns)
    return columns if identifying and len(columns) >= 2 else {}


def _summary_line(summary: dict, number: int, cells: list[str], mapping: dict[str, str]) -> None:
    key, value = cells[0], next((c for c in cells[1:] if c), "")
    name = _field(key, SUMMARY_FIELDS, mapping)
    if name is None and _JOIN_LINK.match(value):
        name = "join_url"
    if name and name not in summary:
        summary[name] = (number, value)


def _field(cell: str, vocabulary: dict[str, tuple[str, ...]], mapping: dict[str, str]) -> str | None:
    normal = _normal(cell)
    for name, header in mapping.items():
        if name in vocabulary and _normal(header) == normal:
            return name
    return next((name for name, names in vocabulary.items() if normal in names), None)


def _cell(text: str) -> str:
    text = text.strip().strip("\ufeff\u200b")
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].replace('""', '"').strip()
    return text


def _normal(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split()).casefold().rstrip(":")


def _shown(cells: list[str]) -> str:
    """A line's shape without its content, which may name a person."""
    filled = sum(1 for c in cells if c)
    return f"{len(cells)} cell(s), {filled} filled"


def _not_tab_separated(text: str, encoding: str) -> str:
    separator = max((";", ","), key=text.count)
    found = f"separated by '{separator}'" if text.count(separator) else "without any separator"
    return (f"not a Teams attendance report: no tab-separated line (the file is {encoding}, {found}). "
            "It was probably opened and saved again in a spreadsheet: download the report from Teams "
            "again and load it unchanged")
