"""Reading an XLSX sheet row by row (openpyxl read-only, cached values rather than formulas) as text cells."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

XLSX_SUFFIXES = (".xlsx", ".xlsm")


class WorkbookError(ValueError):
    """The workbook cannot be opened or has no such sheet; the message says why."""


def cell_text(value: object) -> str:
    """A cell value as the text a CSV export would hold: dates as ISO, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_sheet(path: Path, sheet: str | None) -> tuple[str, list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The sheet's name, its header (row 1) and an iterator of (row number, row by header); blank rows skipped.

    A row with a formula error (#DIV/0!, #REF!, ...) or a value right of the header comes as
    `{"__error__": reason}`.
    """
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise WorkbookError(f"not a readable XLSX workbook ({exc.__class__.__name__}: {exc}); "
                            "the file may be truncated or saved in another format") from None
    if sheet is not None and sheet not in workbook.sheetnames:
        names = workbook.sheetnames
        workbook.close()
        raise WorkbookError(f"has no sheet '{sheet}'; its sheets: {', '.join(names)}")
    worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
    if (worksheet.max_row, worksheet.max_column) == (1, 1) and hasattr(worksheet, "reset_dimensions"):
        worksheet.reset_dimensions()  # some writers declare the sheet as A1 only; measure it instead
    values = worksheet.iter_rows(values_only=True)
    first = next(values, None) or ()
    header = [cell_text(v) for v in first]
    while header and not header[-1]:
        header.pop()

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        try:
            for number, cells in enumerate(values, start=2):
                if not any(v is not None and v != "" for v in cells):
                    continue
                yield number, _row(cells, header)
        finally:
            workbook.close()

    return worksheet.title, header, rows()


def _row(cells: tuple, header: list[str]) -> dict[str, str]:
    errors = [f"cell {get_column_letter(i + 1)} holds the formula error {v}"
              for i, v in enumerate(cells) if isinstance(v, str) and v in ERROR_CODES]
    beyond = [get_column_letter(i + 1) for i, v in enumerate(cells[len(header):], start=len(header))
              if v is not None and v != ""]
    if beyond:
        errors.append(f"values in column(s) {', '.join(beyond)} right of the header's {len(header)} columns")
    if errors:
        return {"__error__": "; ".join(errors)}
    texts = [cell_text(v) for v in cells[: len(header)]]
    texts += [""] * (len(header) - len(texts))
    return dict(zip(header, texts))
