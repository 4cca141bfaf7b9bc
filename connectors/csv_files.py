"""Reading CSV exports as spreadsheets write them: German Excel (semicolon, BOM or Windows-1252), dd.mm.yyyy, decimal comma."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path


class FieldError(ValueError):
    """One field of one row is unusable; the message says which and why."""


def decode(path: Path) -> str:
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Excel's plain "CSV (Trennzeichen-getrennt)" on German Windows.
        return raw.decode("cp1252")


def read_rows(path: Path, delimiter: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and an iterator of (line number, row by header) pairs; blank lines are skipped."""
    reader = csv.reader(io.StringIO(decode(path), newline=""), delimiter=delimiter)
    header = [h.strip() for h in next(reader, [])]

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                yield reader.line_num, {"__error__": f"{len(cells)} fields where the header has {len(header)}"}
                continue
            yield reader.line_num, {h: c.strip() for h, c in zip(header, cells)}

    return header, rows()


def parse_date(value: str, field: str) -> date | None:
    if not value:
        return None
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            pass
    raise FieldError(f"{field} '{value}' is not a date (expected dd.mm.yyyy)")


def parse_decimal(value: str, field: str) -> float:
    text = value.replace(" ", "").replace("%", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")  # 1.000,5 -> 1000.5
    try:
        number = float(text)
    except ValueError:
        raise FieldError(f"{field} '{value}' is not a number (expected e.g. 0,75)") from None
    return number / 100 if value.strip().endswith("%") else number
