"""Q, the quarterly review: periods compared, change in points for rates, targets and status."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from metrics.compute import compute
from metrics.periods import Period
from metrics.quarterly import applicable_target, same_quarter_a_year_before, status


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


@pytest.mark.parametrize("value, previous, target, expected", [
    (0.00, -0.50, 0.0, "on track"),     # the E-I index reached a target of 0
    (-0.05, 0.10, 0.0, "at risk"),      # 0.05 below the target: within 0.1 of the index's scale
    (-0.15, 0.10, 0.0, "off track"),    # 0.15 below
    (-0.15, 0.20, -0.1, "at risk"),     # a negative target: 0.05 below it
    (-0.05, -0.02, None, "at risk"),    # fell by 0.03 (150 % of a value near zero, but 0.03 on the scale)
    (-0.10, -0.02, None, "off track"),  # fell by 0.08
    (0.30, 0.25, None, "on track"),
])
def test_status_of_an_index_is_measured_on_its_scale(value, previous, target, expected):
    assert status(value, previous, target, scale=1.0) == expected


def test_targets_of_counts_apply_to_the_whole_organisation_only():
    goals = {"P2": 4000.0, "P3": 0.8, "N5": 0.0}
    assert applicable_target("P2", goals, filtered=False) == 4000.0
    assert applicable_target("P2", goals, filtered=True) is None  # 4,000 learners is not a target for one country
    assert applicable_target("P3", goals, filtered=True) == 0.8
    assert applicable_target("N5", goals, filtered=True) == 0.0
    assert applicable_target("N1", goals, filtered=False) is None  # none configured


def _review(model, quarter: str, filters=None) -> dict[str, dict]:
    return {r["group"]: r["value"] for r in compute(model, "Q", Period.parse(quarter), None, filters).rows}


def test_a_comparison_quarter_before_the_first_data_has_no_data_not_zero(demo_metrics):
    first = demo_metrics.data_range()[0]
    quarter = Period.quarter(first.year + 1, (first.month - 1) // 3 + 1)  # its year-before quarter holds the first day
    earlier = Period.quarter(first.year, (first.month - 1) // 3 + 1).previous()  # ends before the first day
    rows = _review(demo_metrics, quarter.label)
    assert rows["P2"]["year_before"] is not None and rows["P2"]["year_before_note"] is None
    rows = _review(demo_metrics, Period.quarter(earlier.start.year + 1, (earlier.start.month - 1) // 3 + 1).label)
    assert rows["P2"]["year_before"] is None and rows["P2"]["year_before_note"] == "no data"
    assert rows["P2"]["previous_note"] is None


def test_a_filtered_review_keeps_rate_targets_and_drops_count_targets(demo_metrics, tmp_path, monkeypatch):
    from metrics.filters import Filters

    targets = tmp_path / "targets.toml"
    targets.write_text("[targets]\nP2 = 100000\nP3 = 0.01\n")
    monkeypatch.setenv("DIRIGENT_TARGETS_FILE", str(targets))
    whole = _review(demo_metrics, "2026-Q3")
    assert whole["P2"]["target"] == 100000 and whole["P2"]["status"] == "off track"
    germany = _review(demo_metrics, "2026-Q3", Filters(country="DE"))
    p2 = germany["P2"]
    assert p2["target"] is None  # the trend decides
    assert p2["status"] == status(p2["value"], p2["previous"], None)
    assert germany["P3"]["target"] == 0.01 and germany["P3"]["status"] == "on track"
    direct = compute(demo_metrics, "P2", Period.parse("2026-Q3"), None, Filters(country="DE")).rows[0]["value"]
    assert p2["value"] == direct


def test_a_hidden_comparison_says_so_and_gives_no_change(demo_metrics):
    # k between two quarters' headcounts: the quarter is shown, the one before it is hidden.
    def headcount(quarter: Period) -> int:
        return compute(demo_metrics, "P1", quarter).rows[0]["value"]

    quarter = Period.parse("2026-Q3")
    while headcount(quarter) <= headcount(quarter.previous()):
        quarter = quarter.previous()
    model = copy.copy(demo_metrics)
    model.settings = replace(demo_metrics.settings, min_group_size=headcount(quarter))
    rows = _review(model, quarter.label)
    assert rows["P2"]["value"] is not None
    assert rows["P2"]["previous"] is None and rows["P2"]["previous_note"] == "hidden"
    assert rows["P2"]["change"] is None and rows["P2"]["status"] is None  # no target, no trend: no status


def test_thresholds_default_then_file_then_per_metric(tmp_path, monkeypatch):
    from metrics.quarterly import Margins, common_thresholds, thresholds

    settings = tmp_path / "targets.toml"
    monkeypatch.setenv("DIRIGENT_TARGETS_FILE", str(settings))
    assert thresholds()["P3"] == Margins(0.10, 0.05)  # no file: the defaults
    settings.write_text("[targets]\nP3 = 0.8\n[thresholds]\nat_risk = 0.2\n[thresholds.P3]\nat_risk = 0.05\n"
                        "[thresholds.n1]\ntrend_at_risk = 0.01\n")
    margins = thresholds()
    assert margins["P3"] == Margins(0.05, 0.05) and margins["P2"] == Margins(0.2, 0.05)
    assert common_thresholds() == Margins(0.2, 0.05)
    assert margins["N1"] == Margins(0.2, 0.01)
    assert status(0.74, 0.8, 0.8, margins=margins["P3"]) == "off track"  # 7.5 % below: beyond 5 %
    assert status(0.74, 0.8, 0.8, margins=margins["P2"]) == "at risk"  # within 20 %
    assert status(0.496, 0.5, None, margins=margins["N1"]) == "at risk"  # fell by less than 1 %
    assert status(0.49, 0.5, None, margins=margins["N1"]) == "off track"


@pytest.mark.parametrize("text, message", [
    ("[thresholds]\nat_risk = 1.5\n", "at_risk = 1.5 must be a number from 0 to below 1"),
    ("[thresholds]\nat_rsk = 0.1\n", "[thresholds] has at_rsk"),
    ("[thresholds.P4]\nat_risk = 0.1\n", "[thresholds.P4] is not a headline metric"),
    ("[thresholds.P3]\nat_risk = 'ten'\n", "[thresholds.P3] at_risk = 'ten'"),
    ("[thresholds\n", "is not valid TOML"),
])
def test_a_wrong_threshold_is_named(tmp_path, monkeypatch, text, message):
    from data.settings import ConfigurationError
    from metrics.quarterly import thresholds

    settings = tmp_path / "targets.toml"
    settings.write_text(text)
    monkeypatch.setenv("DIRIGENT_TARGETS_FILE", str(settings))
    with pytest.raises(ConfigurationError) as error:
        thresholds()
    assert message in str(error.value) and str(settings) in str(error.value)


def test_the_review_measures_each_metric_with_its_thresholds(demo_metrics, tmp_path, monkeypatch):
    direct = compute(demo_metrics, "P3", Period.parse("2026-Q3")).rows[0]["value"]
    settings = tmp_path / "targets.toml"
    target = direct / 0.93  # 7 % below the target
    settings.write_text(f"[targets]\nP3 = {target}\nN2 = {target}\n[thresholds.P3]\nat_risk = 0.05\n")
    monkeypatch.setenv("DIRIGENT_TARGETS_FILE", str(settings))
    rows = _review(demo_metrics, "2026-Q3")
    assert rows["P3"]["status"] == "off track"  # beyond its own 5 %
    settings.write_text(f"[targets]\nP3 = {target}\n")
    assert _review(demo_metrics, "2026-Q3")["P3"]["status"] == "at risk"  # within the default 10 %
