"""Opening an HR export (CSV or XLSX) as a header plus located rows, and finding the mapped columns in its header."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from connectors.csv_files import read_rows
from connectors.hr_xlsx import XLSX_SUFFIXES, read_sheet


class TableError(ValueError):
    """The file cannot be read as a table, or its header lacks what is needed; `where` says where."""

    def __init__(self, where: str, problem: str, todo: str):
        super().__init__(f"{where}: {problem}")
        self.where, self.problem, self.todo = where, problem, todo


@dataclass
class Table:
    path: Path
    header: list[str]
    header_where: str  # "file X, line 1" or "file X, sheet 'S', row 1"
    rows: Iterator[tuple[str, dict[str, str]]]  # (location, cells by header); {"__error__": ...} if unusable


def open_table(path: Path, delimiter: str | None, sheet: str | None) -> Table:
    if path.suffix.lower() in XLSX_SUFFIXES:
        try:
            title, header, rows = read_sheet(path, sheet)
        except ValueError as exc:
            raise TableError(f"file {path}", str(exc), "Save the sheet again from Excel as .xlsx.") from None
        return Table(path, header, f"file {path}, sheet '{title}', row 1",
                     ((f"{path.name}[{title}]:{n}", row) for n, row in rows))
    try:
        header, rows = read_rows(path, delimiter)
    except UnicodeDecodeError as exc:
        raise TableError(f"file {path}", f"the text is neither UTF-8, UTF-16 nor Windows-1252 ({exc.reason} at "
                                         f"byte {exc.start})", "Export the file again as CSV (UTF-8).") from None
    return Table(path, header, f"file {path}, line 1", ((f"{path.name}:{n}", row) for n, row in rows))


def find_columns(table: Table, mapping: dict[str, str], required: tuple[str, ...], key: str) -> dict[str, str]:
    """Canonical field -> the header as written in this file (matched ignoring case); raises TableError."""
    if not table.header or not any(table.header):
        raise TableError(table.header_where, "the file is empty (no header)", "Export the file again.")
    by_lower: dict[str, list[str]] = {}
    for name in table.header:
        by_lower.setdefault(name.lower(), []).append(name)
    found, twice = {}, []
    for field, column in mapping.items():
        names = by_lower.get(column.lower(), []) if column else []
        if len(names) > 1:
            twice.append(f"'{column}'")
        elif names:
            found[field] = names[0]
    missing = [f"{field} (column '{mapping.get(field)}')" for field in required if field not in found]
    if twice:
        raise TableError(table.header_where, f"the header has the column(s) {', '.join(twice)} more than once",
                         "Remove or rename the duplicate column.")
    if missing:
        raise TableError(table.header_where, f"missing columns {', '.join(missing)}; the header has {table.header}"
                         + _hint(table.header), f"Export with these columns, or map them in [source.{key}] "
                                                f"in sources.toml (or choose another preset).")
    return found


def _hint(header: list[str]) -> str:
    text = "".join(header)
    if len(header) == 1 and any(d in text for d in ";,\t|"):
        return " (one column only: is the separator right? set 'delimiter' in sources.toml)"
    if "Ã" in text or "\ufffd" in text:
        return " (the text looks wrongly decoded: export it as UTF-8 or Windows-1252)"
    return ""
