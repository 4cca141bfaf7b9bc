"""Periods and the privacy guard."""

from __future__ import annotations

from datetime import date

import pytest

from metrics.overview import Kpi
from metrics.periods import Period
from metrics.privacy import guard


@pytest.mark.parametrize("text, start, end, previous", [
    ("2026-03", date(2026, 3, 1), date(2026, 3, 31), "2026-02"),
    ("2026-01", date(2026, 1, 1), date(2026, 1, 31), "2025-12"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024-01"),
    ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31), "2025-Q4"),
    ("2026-q4", date(2026, 10, 1), date(2026, 12, 31), "2026-Q3"),
    ("2025", date(2025, 1, 1), date(2025, 12, 31), "2024"),
    ("2026-01-10..2026-01-19", date(2026, 1, 10), date(2026, 1, 19), "2025-12-31..2026-01-09"),
])
def test_parse_and_previous(text, start, end, previous):
    period = Period.parse(text)
    assert (period.start, period.end, period.previous().label) == (start, end, previous)


def test_months_of_a_quarter_and_bad_input():
    assert [m.label for m in Period.parse("2026-Q2").months()] == ["2026-04", "2026-05", "2026-06"]
    with pytest.raises(ValueError, match="is not a period"):
        Period.parse("March")
    with pytest.raises(ValueError, match="before its start"):
        Period.parse("2026-02-01..2026-01-01")


def test_guard_shows_hides_and_explains():
    assert guard("P2", "2026-01", 7, 10, 10).value == 7
    hidden = guard("P2", "2026-01", 7, 9, 10)
    assert hidden.suppressed and hidden.value is None and hidden.note == "fewer than 10 people"
    undefined = guard("P5", "2026-01", None, 12, 10)
    assert not undefined.suppressed and undefined.value is None


def test_change_of_a_share_is_in_percentage_points():
    kpi = Kpi(guard("P3", "2026-02", 0.42, 100, 10), guard("P3", "2026-01", 0.40, 100, 10))
    assert kpi.change == pytest.approx(2.0)
    counts = Kpi(guard("P2", "2026-02", 42, 100, 10), guard("P2", "2026-01", 40, 100, 10))
    assert counts.change == 2
    assert Kpi(guard("P2", "2026-02", 42, 100, 10), guard("P2", "2026-01", 1, 5, 10)).change is None
