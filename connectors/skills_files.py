"""The ESCO CSV layout: which files a download holds, their columns, and reading them row by row.

ESCO publishes UTF-8 without BOM, CRLF line ends, comma separators and quoted fields whose
text (altLabels, descriptions) may span several lines. A company framework uses the same
file names and columns. Rows are streamed, never loaded whole.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileSpec:
    """One file of the layout: its name stem, whether it is per language, and the columns read."""

    key: str
    stem: str
    localised: bool
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    # skillsHierarchy leaves out empty trailing cells (its lower-level code columns).
    ragged: bool = False

    def names(self, language: str) -> list[str]:
        """File names to look for, preferred first (ESCO 1.2 suffixes the relation files too)."""
        if self.localised:
            return [f"{self.stem}_{language}.csv"]
        return [f"{self.stem}_{language}.csv", f"{self.stem}.csv"]


SKILLS = FileSpec("skills", "skills", True, ("conceptUri", "preferredLabel"), ("skillType", "status"))
GROUPS = FileSpec("skill_groups", "skillGroups", True, ("conceptUri", "preferredLabel"), ("status",))
HIERARCHY = FileSpec(
    "hierarchy", "skillsHierarchy", True, ("Level 0 URI", "Level 0 preferred term"),
    tuple(f"Level {n} {what}" for n in (1, 2, 3) for what in ("URI", "preferred term")), ragged=True,
)
BROADER = FileSpec("broader", "broaderRelationsSkillPillar", False, ("conceptUri", "broaderUri"))
OCCUPATIONS = FileSpec("occupations", "occupations", True, ("conceptUri", "preferredLabel"), ("iscoGroup", "status"))
RELATIONS = FileSpec("relations", "occupationSkillRelations", False, ("occupationUri", "relationType", "skillUri"))
LAYOUT = (SKILLS, GROUPS, HIERARCHY, BROADER, OCCUPATIONS, RELATIONS)


class LayoutError(ValueError):
    """A file cannot be read at all: `where`, `problem` and `todo` make the message."""

    def __init__(self, where: str, problem: str, todo: str):
        super().__init__(f"{where}: {problem}. {todo}")
        self.where, self.problem, self.todo = where, problem, todo


@dataclass(frozen=True)
class BadRow:
    """A row that is no usable CSV record; `cells` is what could be read of it."""

    reason: str
    cells: dict[str, str]


def locate(folder: Path, language: str) -> dict[str, Path | None]:
    """The file of every spec in the folder, or None where the framework has none."""
    found: dict[str, Path | None] = {}
    for spec in LAYOUT:
        found[spec.key] = next((folder / n for n in spec.names(language) if (folder / n).is_file()), None)
    return found


def read_rows(path: Path, spec: FileSpec) -> Iterator[tuple[int, dict[str, str] | BadRow]]:
    """(first line of the record, its cells by column) for every record; header faults raise LayoutError."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        header = _checked_header(path, spec, reader)
        positions = [(name, header.index(name)) for name in spec.required + spec.optional if name in header]
        needed = max(header.index(name) for name in spec.required) + 1
        width, last = len(header), reader.line_num
        while True:
            start = last + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                last = reader.line_num
                yield start, BadRow(_csv_problem(exc), {})
                continue
            except UnicodeDecodeError:
                raise _not_utf8(path) from None
            last = reader.line_num
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            if len(cells) == width:
                yield start, {name: cells[i].strip() for name, i in positions}
                continue
            row = {name: (cells[i].strip() if i < len(cells) else "") for name, i in positions}
            if len(cells) > width or not (spec.ragged and len(cells) >= needed):
                yield start, BadRow(f"{len(cells)} fields where the header has {width} (a truncated row, "
                                    "an unquoted comma or a different separator)", row)
                continue
            yield start, row


def check_header(path: Path, spec: FileSpec) -> None:
    """Raise LayoutError unless the file's header has every required column."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        _checked_header(path, spec, csv.reader(handle, strict=True))


def _checked_header(path: Path, spec: FileSpec, reader) -> list[str]:
    try:
        header = [cell.strip() for cell in next(reader, [])]
    except UnicodeDecodeError:
        raise _not_utf8(path) from None
    except csv.Error as exc:
        raise LayoutError(f"file {path}, line 1", f"the header is not valid CSV ({exc})",
                          "Use the file as ESCO publishes it (comma-separated, UTF-8).") from None
    missing = [name for name in spec.required if name not in header]
    if missing:
        raise LayoutError(f"file {path}, line 1", f"missing column(s) {', '.join(missing)}; the header has {header}",
                          _header_todo(header))
    return header


def _header_todo(header: list[str]) -> str:
    joined = ",".join(header)
    for separator, name in ((";", "semicolons"), ("\t", "tabs")):
        if len(header) <= 1 and separator in joined:
            return (f"The file is separated by {name}; ESCO files are comma-separated: export it again as "
                    "CSV with ',' as separator.")
    return ("Use the CSV files as ESCO publishes them (download: CSV, the language set in 'language'), "
            "or give the company framework these columns.")


def _csv_problem(exc: csv.Error) -> str:
    if "unexpected end of data" in str(exc):
        return "the file ends inside a quoted field: it is truncated; download or export it again"
    return f"not valid CSV ({exc})"


def _not_utf8(path: Path) -> LayoutError:
    """The error for a file that is not UTF-8, naming the line of its first undecodable byte."""
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
        offset, byte = 0, 0
    except UnicodeDecodeError as exc:
        offset, byte = exc.start, raw[exc.start]
    line = raw.count(b"\n", 0, offset) + 1
    return LayoutError(f"file {path}, line {line}", f"not UTF-8 (byte 0x{byte:02x}; Windows-1252 or Latin-1?)",
                       "ESCO publishes UTF-8; save the company framework as 'CSV UTF-8'.")
