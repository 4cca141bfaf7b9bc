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


def test_a_sparkline_with_empty_months_draws_gaps_and_one_without_values_none():
    """Streamlit's tiles take numbers only: a warehouse without a skill framework has S3 empty every month."""
    import math

    from dashboard.components import sparkline_points

    points = sparkline_points([0.2, None, 0.4])
    assert points[0] == 0.2 and math.isnan(points[1]) and points[2] == 0.4
    assert sparkline_points([None, None]) is None and sparkline_points([]) is None and sparkline_points(None) is None


def test_the_overview_tile_takes_a_sparkline_with_empty_months():
    from streamlit.testing.v1 import AppTest

    def page():
        import streamlit as st

        from dashboard.components import tile
        tile(st.columns(1)[0], "S3", 0.4, sparkline=[None, 0.3, None, 0.4])
        tile(st.columns(1)[0], "S3", None, sparkline=[None, None])

    app = AppTest.from_function(page).run()
    assert not app.exception and len(app.metric) == 2


def test_a_skill_without_a_label_is_drawn_as_a_dash():
    """A warehouse whose skill framework is not synced yet has skills from activity tags without labels."""
    from dashboard.charts_skills import wrap

    assert wrap(None) == "–" and wrap("Objection handling in customer talks", 16).count("<br>") == 2


def test_a_skill_without_a_label_is_named_as_such_in_the_trend_title():
    from dashboard.charts_skills import trend_title

    moved = pl.DataFrame({"skill": [None, "SQL"], "change": [3.0, -1.5]})
    title = trend_title(moved, "2026-Q2")
    assert "a skill without a label" in title and "“SQL”" in title
