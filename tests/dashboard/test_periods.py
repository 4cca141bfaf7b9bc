"""Which periods the dashboard offers and which months its trend shows."""

from __future__ import annotations

from datetime import date

from dashboard.periods import choices, trend_window
from metrics.periods import Period


def test_choices_are_complete_periods_with_data_newest_first():
    months = choices(date(2025, 11, 3), date(2026, 2, 10), "month", today=date(2026, 3, 1))
    assert [p.label for p in months] == ["2026-02", "2026-01", "2025-12", "2025-11"]
    assert choices(date(2025, 11, 3), date(2026, 2, 10), "month", today=date(2026, 2, 28))[0].label == "2026-01"
    quarters = choices(date(2025, 11, 3), date(2026, 2, 10), "quarter", today=date(2026, 3, 1))
    assert [p.label for p in quarters] == ["2025-Q4"]  # 2026-Q1 is still under way


def test_trend_window_is_24_months_ending_with_the_period():
    first, last = trend_window(date(2020, 1, 1), Period.parse("2026-Q3"))
    assert (first.label, last.label) == ("2024-10", "2026-09")
    assert len(Period(first.start, last.end).months()) == 24
    first, _ = trend_window(date(2026, 2, 14), Period.parse("2026-10"))
    assert first.label == "2026-02"  # never before the data starts
