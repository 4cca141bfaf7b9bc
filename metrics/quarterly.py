"""Q, the quarterly review: each headline metric for the quarter, the previous quarter and a year before.

Status: with a target, on track when the value reaches it, at risk within 10 % below it, off track
further below. Without a target the trend decides: on track when the value did not fall against the
previous quarter, at risk when it fell by less than 5 % of its previous value, off track otherwise.
Targets come from a TOML file (`DIRIGENT_TARGETS_FILE`, default `targets.toml` in the project root):
`[targets]` with metric id = value, e.g. `P3 = 0.5`.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import polars as pl

from data.settings import PROJECT_ROOT
from metrics.catalogue import METRICS
from metrics.overview import Metrics
from metrics.periods import Period

HEADLINE = ("P2", "P3", "P5", "P6", "N1", "N2", "N5", "S3", "C3")
HEADLINE_GROUPING = {"N5": "org_unit:2"}  # E-I needs a grouping: the divisions
HEADLINE_FIELD = {"P6": "share_peer", "C3": "accompanied"}  # one number for multi-figure metrics


def targets() -> dict[str, float]:
    path = Path(os.environ.get("DIRIGENT_TARGETS_FILE", PROJECT_ROOT / "targets.toml"))
    if not path.is_file():
        return {}
    return {k.upper(): float(v) for k, v in tomllib.loads(path.read_text(encoding="utf-8")).get("targets", {}).items()}


def same_quarter_a_year_before(quarter: Period) -> Period:
    return Period.quarter(quarter.start.year - 1, (quarter.start.month - 1) // 3 + 1)


def status(value: float | None, previous: float | None, target: float | None) -> str | None:
    if value is None:
        return None
    if target is not None:
        if value >= target:
            return "on track"
        return "at risk" if value >= 0.9 * target else "off track"
    if previous is None:
        return None
    if value >= previous:
        return "on track"
    return "at risk" if previous and (previous - value) / abs(previous) < 0.05 else "off track"


def _headline_value(model: Metrics, metric_id: str, period: Period) -> tuple[float | None, int, bool]:
    from metrics.compute import compute

    # With a grouping (N5), the first row is the organisation's own figure.
    row = compute(model, metric_id, period, HEADLINE_GROUPING.get(metric_id)).rows[0]
    value = row["value"]
    if isinstance(value, dict):
        value = value.get(HEADLINE_FIELD.get(metric_id, "value"))
    return value, row["population"], row["suppressed"]


def quarterly_review(model: Metrics, quarter: Period, by: str | None = None) -> pl.DataFrame:
    """One row per headline metric: value, previous, year before, change, target, status, population."""
    goals = targets()
    rows = []
    for metric_id in HEADLINE:
        try:
            now, population, hidden = _headline_value(model, metric_id, quarter)
            previous, _, _ = _headline_value(model, metric_id, quarter.previous())
            year_before, _, _ = _headline_value(model, metric_id, same_quarter_a_year_before(quarter))
        except LookupError:  # declared, not computed yet
            continue
        change = None if now is None or previous is None else now - previous
        if change is not None and METRICS[metric_id].unit == "share":
            change *= 100  # percentage points
        rows.append({"group": metric_id, "population": population, "value": now, "previous": previous,
                     "year_before": year_before, "change": change, "target": goals.get(metric_id),
                     "status": status(now, previous, goals.get(metric_id))})
    return pl.DataFrame(rows, schema={"group": pl.String, "population": pl.Int64, "value": pl.Float64,
                                      "previous": pl.Float64, "year_before": pl.Float64, "change": pl.Float64,
                                      "target": pl.Float64, "status": pl.String})
