"""Filters narrow every metric the way the matching grouping splits it, and refuse values the warehouse lacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from metrics.compute import compute
from metrics.filters import Filters, subtree
from metrics.periods import Period

ROOT = Path(__file__).resolve().parents[2]
QUARTER = Period.parse("2026-Q3")


def value(model, metric_id, filters=None, by=None, group="all", period=QUARTER):
    row = next(r for r in compute(model, metric_id, period, by, filters).rows if r["group"] == group)
    return row["value"], row["population"]


@pytest.mark.parametrize("metric_id", ["P1", "P2", "P3", "P4", "P5", "N1", "S1", "S3"])
def test_a_country_filter_gives_that_country_group(demo_metrics, metric_id):
    grouped = value(demo_metrics, metric_id, by="country", group="DE")
    filtered = value(demo_metrics, metric_id, Filters(country="DE"))
    assert filtered[1] == grouped[1]
    assert filtered[0] == pytest.approx(grouped[0])


def test_an_org_unit_filter_takes_the_whole_subtree(demo_metrics):
    units = demo_metrics.frames.org_units
    for unit in units.filter(units["level"] == 2)["org_unit_id"]:
        below = subtree(units, unit)
        assert unit in below and len(below) > 1
        for metric_id in ("P1", "P2", "P4"):
            grouped = value(demo_metrics, metric_id, by="org_unit:2", group=unit)
            filtered = value(demo_metrics, metric_id, Filters(org_unit=unit))
            assert filtered[0] == pytest.approx(grouped[0]) and filtered[1] == grouped[1]


def test_a_leaf_unit_filter_counts_only_that_unit(demo_metrics):
    units = demo_metrics.frames.org_units
    leaf = units.filter(units["level"] == units["level"].max())["org_unit_id"][0]
    assert subtree(units, leaf) == {leaf}
    assert value(demo_metrics, "P1", Filters(org_unit=leaf)) == value(demo_metrics, "P1", by="org_unit", group=leaf)


def test_a_channel_filter_keeps_the_headcount_and_that_channels_hours(demo_metrics):
    total_hours, _ = value(demo_metrics, "P4")
    mix, _ = value(demo_metrics, "P6")
    for channel in ("formal", "peer", "coaching", "circle"):
        filters = Filters(channel=channel)
        assert value(demo_metrics, "P1", filters) == value(demo_metrics, "P1")
        hours, _ = value(demo_metrics, "P4", filters)
        assert hours == pytest.approx(total_hours * mix[f"share_{channel}"])
        assert value(demo_metrics, "P2", filters)[0] < value(demo_metrics, "P2")[0]


def test_filters_combine(demo_metrics):
    both = value(demo_metrics, "P2", Filters(country="DE", channel="peer"))
    assert both[0] < value(demo_metrics, "P2", Filters(country="DE"))[0]
    assert both[0] < value(demo_metrics, "P2", Filters(channel="peer"))[0]
    assert both[1] == value(demo_metrics, "P1", Filters(country="DE"))[0]


@pytest.mark.parametrize("filters, message", [
    (Filters(country="XX"), "country 'XX' is not in the warehouse; known: "),
    (Filters(org_unit="OE-0000"), "org unit 'OE-0000' is not in the warehouse"),
    (Filters(channel="podcast"), "channel 'podcast' is not a channel; choose one of formal, peer"),
])
def test_unknown_filter_values_are_refused_by_name(demo_metrics, filters, message):
    with pytest.raises(ValueError, match=message):
        compute(demo_metrics, "P2", QUARTER, None, filters)


def test_the_command_line_filters_and_shows_several_metrics(demo_metrics, demo_db_url):
    env = {**os.environ, "DIRIGENT_DB_URL": demo_db_url}
    out = subprocess.run([sys.executable, "-m", "metrics", "show", "P2,P3", "--period", "2026-Q3", "--country", "DE",
                          "--channel", "peer", "--format", "json"], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout
    shown = json.loads(out)
    filters = Filters(country="DE", channel="peer")
    assert [r["metric"] for r in shown] == ["P2", "P3"]
    assert shown[0]["filters"] == {"country": "DE", "channel": "peer"}
    assert shown[0]["rows"][0]["value"] == value(demo_metrics, "P2", filters)[0]
    assert shown[1]["rows"][0]["value"] == pytest.approx(value(demo_metrics, "P3", filters)[0])
    bad = subprocess.run([sys.executable, "-m", "metrics", "show", "P2", "--country", "XX"], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "country 'XX' is not in the warehouse" in bad.stderr
