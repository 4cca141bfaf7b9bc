"""The catalogue entry point and command line: grouping, the guard on every group, output shapes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from metrics.catalogue import CATALOGUE, METRICS
from metrics.compute import compute, last_complete_quarter
from metrics.docs import render
from metrics.periods import Period
from metrics.privacy import RECOVERABLE, all_or_none

ROOT = Path(__file__).resolve().parents[2]
QUARTER = Period.parse("2026-Q3")


def test_every_catalogue_id_is_declared_once_with_both_names():
    ids = [m.id for m in CATALOGUE]
    expected = [f"P{i}" for i in range(1, 11)] + [f"N{i}" for i in range(1, 9)] + [f"S{i}" for i in range(1, 7)] \
        + [f"C{i}" for i in range(1, 6)] + ["Q"]
    assert ids == expected
    assert all(m.name and m.name_de and m.definition for m in CATALOGUE)


def test_docs_are_generated_from_the_declarations():
    assert (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8") == render()


@pytest.mark.parametrize("by", ["country", "org_unit:2", "employment_type", "gender"])
def test_additive_figures_over_groups_sum_to_the_total(demo_metrics, by, monkeypatch):
    monkeypatch.setenv("DIRIGENT_MIN_GROUP_SIZE", "5")
    for metric_id in ("P1", "P2", "P4"):
        total = compute(demo_metrics, metric_id, QUARTER).rows[0]
        groups = compute(demo_metrics, metric_id, QUARTER, by).rows
        assert sum(r["population"] for r in groups) == total["population"]
        if not any(r["suppressed"] for r in groups):
            assert sum(r["value"] for r in groups) == pytest.approx(total["value"])


def test_groups_below_k_are_suppressed_never_zero(demo_metrics):
    rows = compute(demo_metrics, "P3", QUARTER, "role").rows
    small = [r for r in rows if r["population"] < demo_metrics.settings.min_group_size]
    assert small, "the demo has roles with fewer than k people"
    assert all(r["suppressed"] and r["value"] is None and "fewer than" in r["note"] for r in small)
    # larger groups are shown, or hidden by the other rules of docs/privacy.md (never as zero)
    assert all(not r["suppressed"] and 0 <= r["value"] <= 1 or r["suppressed"] and r["value"] is None
               and r["note"] in (RECOVERABLE, all_or_none(10)) for r in rows if r not in small)


def test_org_unit_levels_roll_up(demo_metrics):
    level2 = compute(demo_metrics, "P1", QUARTER, "org_unit:2").rows
    level4 = compute(demo_metrics, "P1", QUARTER, "org_unit").rows
    assert len(level2) < len(level4)
    assert sum(r["population"] for r in level2) == sum(r["population"] for r in level4)


def test_wrong_grouping_and_unknown_metric_say_so(demo_metrics):
    with pytest.raises(ValueError, match="N4 cannot be grouped by 'country'"):
        compute(demo_metrics, "N4", QUARTER, "country")
    with pytest.raises(ValueError, match="'shoe_size' is not a grouping"):
        compute(demo_metrics, "P1", QUARTER, "shoe_size")
    with pytest.raises(KeyError, match="not in the catalogue"):
        compute(demo_metrics, "X9", QUARTER)


def test_last_complete_quarter():
    from datetime import date

    assert last_complete_quarter(date(2026, 11, 21)).label == "2026-Q3"
    assert last_complete_quarter(date(2026, 1, 1)).label == "2025-Q4"


def test_cli_show_json_has_the_documented_shape(demo_db_url):
    env = {**os.environ, "DIRIGENT_DB_URL": demo_db_url}
    done = subprocess.run([sys.executable, "-m", "metrics", "show", "P3", "--period", "2026-Q3", "--by", "country",
                           "--format", "json"], capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["metric"] == "P3" and result["by"] == "country"
    assert result["period"] == {"start": "2026-07-01", "end": "2026-09-30"}
    assert set(result["rows"][0]) >= {"group", "value", "population", "suppressed"}
    listed = subprocess.run([sys.executable, "-m", "metrics", "list"], capture_output=True, text=True, cwd=ROOT)
    assert len(listed.stdout.splitlines()) == len(METRICS)


@pytest.mark.parametrize("by", [None, "country", "skill_cluster", "org_unit:2"])
def test_skill_coverage_through_the_entry_point(demo_metrics, by):
    rows = compute(demo_metrics, "S3", QUARTER, by).rows
    assert rows and all(r["suppressed"] or 0 <= r["value"] <= 1 for r in rows)
    if by in (None, "country", "org_unit:2"):
        required = compute(demo_metrics, "S1", QUARTER, by).rows
        assert sum(r["value"] or 0 for r in required if not r["suppressed"]) <= \
            compute(demo_metrics, "S1", QUARTER).rows[0]["value"]


def test_skill_tables_by_skill(demo_metrics):
    supply = compute(demo_metrics, "S4", QUARTER).rows
    assert supply and all(set(r["value"]) == {"supply", "demand", "at_risk"} for r in supply)
    assert all(r["value"]["at_risk"] == (r["value"]["supply"] <= 1 and r["value"]["demand"] > 0) for r in supply)


COMPUTED_HERE = [m.id for m in CATALOGUE]


@pytest.mark.parametrize("metric_id", COMPUTED_HERE)
def test_every_metric_computes_through_the_entry_point(demo_metrics, metric_id):
    result = compute(demo_metrics, metric_id, QUARTER)
    assert result.rows, metric_id
    if METRICS[metric_id].unit == "share":
        values = [r["value"] for r in result.rows if not r["suppressed"]]
        flat = [v for value in values for v in (value.values() if isinstance(value, dict) else [value])]
        assert all(v is None or 0 <= v <= 1 for v in flat), (metric_id, flat)


@pytest.mark.parametrize("metric_id", ["P6", "P7", "P9", "P10", "C2", "C3", "C5"])
def test_grouped_outputs_are_guarded(demo_metrics, metric_id):
    rows = compute(demo_metrics, metric_id, QUARTER, "role").rows
    k = demo_metrics.settings.min_group_size
    assert all(r["suppressed"] for r in rows if r["population"] < k)
    # above k a group is hidden only by complementary suppression or the all-or-none rule (docs/privacy.md)
    assert all(r["note"] in (RECOVERABLE, all_or_none(k)) for r in rows if r["suppressed"] and r["population"] >= k)
    assert all(r["value"] is None or all(v is None for v in r["value"].values()) if isinstance(r["value"], dict)
               else r["value"] is None for r in rows if r["suppressed"])
