"""Reading CSV exports as spreadsheets write them: German Excel (semicolon, BOM or Windows-1252), dd.mm.yyyy, decimal comma."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

DELIMITERS = (";", ",", "\t")
ODATA_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")
EXCEL_EPOCH = date(1899, 12, 30)


class FieldError(ValueError):
    """One field of one row is unusable; the message says which and why."""


def decode(path: Path) -> str:
    """The file's text: BOM sniffed (UTF-8, UTF-16 LE/BE), else UTF-8, else Windows-1252."""
    return decode_bytes(path.read_bytes())


def decode_bytes(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    head = raw[:4096]
    if len(head) >= 4 and head.count(b"\x00") * 4 >= len(head):
        # UTF-16 without a BOM: the zero high bytes of ASCII sit on even offsets for big-endian.
        big = head[0::2].count(b"\x00") > head[1::2].count(b"\x00")
        return raw.decode("utf-16-be" if big else "utf-16-le", errors="strict")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Excel's plain "CSV (Trennzeichen-getrennt)" on German Windows.
        return raw.decode("cp1252")


def sniff_delimiter(header_line: str) -> str:
    """The separator a header line uses: the most frequent of ';', ',' and tab outside quotes (';' on a tie)."""
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ";"


def read_rows(path: Path, delimiter: str | None) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and an iterator of (line number, row by header) pairs; blank lines are skipped.

    `delimiter=None` sniffs it from the header line. A row with the wrong number of fields comes as
    `{"__error__": reason}`.
    """
    text = decode(path)
    if delimiter is None:
        delimiter = sniff_delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
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


def parse_date(value: str, field: str, fmt: str | None = None) -> date | None:
    """dd.mm.yyyy, ISO 8601 (date or date-time), OData `/Date(ms)/`, an Excel serial day, or `fmt` if given."""
    if not value:
        return None
    if len(value) == 10 and (quick := _common_date(value)):
        return quick
    formats = ((fmt,) if fmt else ()) + ("%d.%m.%Y", "%Y-%m-%d")
    for candidate in formats:
        try:
            return datetime.strptime(value, candidate).date()
        except ValueError:
            pass
    if odata := ODATA_DATE.match(value):
        # OData v2 JSON dates: milliseconds since 1970-01-01 UTC, optionally with an offset in minutes.
        instant = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=int(odata.group(1)))
        return instant.date()
    if len(value) > 10 and value[4] == "-" and value[10] in "T ":
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    if value.isdigit() and len(value) == 5:
        return EXCEL_EPOCH + timedelta(days=int(value))
    raise FieldError(f"{field} '{value}' is not a date (expected dd.mm.yyyy)")


def _common_date(value: str) -> date | None:
    """dd.mm.yyyy or yyyy-mm-dd without strptime, which is slow on exports of many rows."""
    if value[2] == "." and value[5] == ".":
        day, month, year = value[:2], value[3:5], value[6:]
    elif value[4] == "-" and value[7] == "-":
        year, month, day = value[:4], value[5:7], value[8:]
    else:
        return None
    if not (day.isdigit() and month.isdigit() and year.isdigit()):
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_decimal(value: str, field: str) -> float:
    text = value.replace(" ", "").replace("\u00a0", "").replace("%", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")  # 1.000,5 -> 1000.5
    try:
        number = float(text)
    except ValueError:
        raise FieldError(f"{field} '{value}' is not a number (expected e.g. 0,75)") from None
    return number / 100 if value.strip().endswith("%") else number
