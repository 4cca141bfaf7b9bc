"""Q, the quarterly review: periods compared, change in points for rates, targets and status."""

from __future__ import annotations

import pytest

from metrics.compute import compute
from metrics.periods import Period
from metrics.quarterly import same_quarter_a_year_before, status


@pytest.mark.parametrize("value, previous, target, expected", [
    (0.50, 0.40, 0.50, "on track"),
    (0.46, 0.40, 0.50, "at risk"),      # within 10 % below the target
    (0.40, 0.60, 0.50, "off track"),
    (0.40, 0.39, None, "on track"),     # no target: the trend decides
    (0.39, 0.40, None, "at risk"),      # fell by 2.5 %
    (0.30, 0.40, None, "off track"),
    (None, 0.40, 0.5, None),
    (0.40, None, None, None),
])
def test_status(value, previous, target, expected):
    assert status(value, previous, target) == expected


def test_year_before():
    assert same_quarter_a_year_before(Period.parse("2026-Q3")).label == "2025-Q3"


def test_review_on_the_demo(demo_metrics, tmp_path, monkeypatch):
    targets = tmp_path / "targets.toml"
    targets.write_text("[targets]\nP3 = 0.99\n")
    monkeypatch.setenv("DIRIGENT_TARGETS_FILE", str(targets))
    rows = {r["group"]: r["value"] for r in compute(demo_metrics, "Q", Period.parse("2026-Q3")).rows}
    assert {"P2", "P3", "P5", "P6", "S3", "C3"} <= set(rows)
    p3 = rows["P3"]
    direct = compute(demo_metrics, "P3", Period.parse("2026-Q3")).rows[0]["value"]
    previous = compute(demo_metrics, "P3", Period.parse("2026-Q2")).rows[0]["value"]
    assert p3["value"] == pytest.approx(direct)
    assert p3["change"] == pytest.approx((direct - previous) * 100)  # percentage points
    assert p3["target"] == 0.99 and p3["status"] == ("on track" if direct >= 0.99 else
                                                      "at risk" if direct >= 0.891 else "off track")
