"""The small helpers every page uses: colour-blind-safe change colours and formula-safe CSV."""

import polars as pl
import pytest

from dashboard.components import csv_bytes, safe_delta_colour


@pytest.mark.parametrize("delta, mode, colour", [
    ("+6.3 pp", "normal", "blue"), ("-312", "normal", "orange"),
    ("+46", "inverse", "orange"), ("-4", "inverse", "blue"),
    ("+0.0", "normal", "gray"), ("+0,0 pp", "normal", "gray"),
    (None, "normal", "normal"), ("+3", "off", "off"),
])
def test_changes_are_blue_when_better_and_orange_when_worse(delta, mode, colour):
    assert safe_delta_colour(delta, mode) == colour


def test_csv_cells_that_start_like_a_formula_stay_text():
    frame = pl.DataFrame({"group": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "Technik"], "value": [1, 2, 3, 4, 5]})
    text = csv_bytes(frame, None, ["P3"]).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "group,value"
    assert [line.split(",")[0] for line in lines[1:]] == ["\"'=HYPERLINK(\"\"x\"\")\"", "'+1", "'-2", "'@SUM(A1)",
                                                         "Technik"]
