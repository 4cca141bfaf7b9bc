"""Q, the quarterly review: each headline metric for the quarter, the previous quarter and a year before.

Status: with a target, on track when the value reaches it, at risk within 10 % below it, off track
further below. Without a target the trend decides: on track when the value did not fall against the
previous quarter, at risk when it fell by less than 5 % of its previous value, off track otherwise.
An index that lives on a fixed scale around zero (N5, the E-I index, from -1 to +1) measures both
margins against that scale instead of against a value that may be close to zero: at risk within 0.1
below the target, or after a fall of less than 0.05.
Targets come from a TOML file (`DIRIGENT_TARGETS_FILE`, default `targets.toml` in the project root):
`[targets]` with metric id = value, e.g. `P3 = 0.5`. They are set for the whole organisation: under a
filter (an org unit, a country, a channel) the targets of rates and indices still apply, the targets of
counts of persons (P2, N1, C3) do not, and the trend decides their status.
The margins above are defaults; the same file may set them: `[thresholds]` `at_risk = 0.10` (how far below
its target a value is still at risk, as a share of the target, or of the scale for an index) and
`trend_at_risk = 0.05` (how far a value without a target may fall and still be at risk); per metric,
`[thresholds.P3]` `at_risk = 0.05` overrides them.
A comparison quarter that ended before the first participation event in the warehouse has no data: its
values are empty (note "no data"), never zero. Each comparison says why it is empty in `previous_note`
and `year_before_note`: "hidden" (fewer than k people), "no data", or "undefined" (e.g. no edges for N5).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from data.settings import PROJECT_ROOT, ConfigurationError
from metrics.catalogue import METRICS
from metrics.overview import Metrics
from metrics.periods import Period

HEADLINE = ("P2", "P3", "P5", "P6", "N1", "N2", "N5", "S3", "C3")
HEADLINE_GROUPING = {"N5": "org_unit:2"}  # E-I needs a grouping: the divisions
HEADLINE_FIELD = {"P6": "share_peer", "C3": "accompanied"}  # one number for multi-figure metrics
STATUS_SCALE = {"N5": 1.0}  # margins measured on the index's own scale, not relative to the value
TARGET_MARGIN, TREND_MARGIN = 0.10, 0.05
COUNT_UNITS = ("persons", "count")  # organisation-wide targets of counts do not apply to a filtered view


THRESHOLD_KEYS = ("at_risk", "trend_at_risk")


@dataclass(frozen=True)
class Margins:
    """The status thresholds of one metric: below the target by at most `at_risk` (a share of the target, or of
    the index's scale) is at risk; without a target, a fall of less than `trend_at_risk` is at risk."""

    at_risk: float = TARGET_MARGIN
    trend_at_risk: float = TREND_MARGIN


def targets_file() -> Path:
    return Path(os.environ.get("DIRIGENT_TARGETS_FILE", PROJECT_ROOT / "targets.toml"))


def _settings() -> dict:
    path = targets_file()
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{path} is not valid TOML: {exc}") from exc


def targets() -> dict[str, float]:
    return {k.upper(): float(v) for k, v in _settings().get("targets", {}).items()}


def _checked(path: Path, where: str, table: dict) -> dict[str, float]:
    unknown = set(table) - set(THRESHOLD_KEYS)
    if unknown:
        raise ConfigurationError(f"{path}: [{where}] has {', '.join(sorted(unknown))}; it takes "
                                 f"{' and '.join(THRESHOLD_KEYS)} (and [thresholds.<metric id>] tables)")
    for key, value in table.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1:
            raise ConfigurationError(f"{path}: [{where}] {key} = {value!r} must be a number from 0 to below 1, "
                                     "e.g. 0.10 for 10 %")
    return {key: float(value) for key, value in table.items()}


def _threshold_tables() -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    path = targets_file()
    table = _settings().get("thresholds", {})
    per_metric = {k.upper(): v for k, v in table.items() if isinstance(v, dict)}
    unknown = set(per_metric) - set(HEADLINE)
    if unknown:
        raise ConfigurationError(f"{path}: [thresholds.{sorted(unknown)[0]}] is not a headline metric; they are "
                                 f"{', '.join(HEADLINE)}")
    common = _checked(path, "thresholds", {k: v for k, v in table.items() if not isinstance(v, dict)})
    return common, {m: _checked(path, f"thresholds.{m}", per_metric.get(m, {})) for m in HEADLINE}


def common_thresholds() -> Margins:
    """The margins every headline metric has unless it has its own: the defaults and the file's `[thresholds]`."""
    return Margins(**_threshold_tables()[0])


def thresholds() -> dict[str, Margins]:
    """Every headline metric's margins: the defaults, the file's `[thresholds]`, its `[thresholds.<id>]`."""
    common, per_metric = _threshold_tables()
    return {m: Margins(**{**common, **per_metric[m]}) for m in HEADLINE}


def applicable_target(metric_id: str, goals: dict[str, float], filtered: bool) -> float | None:
    """The target a figure is measured against: counts only for the whole organisation, rates always."""
    if filtered and METRICS[metric_id].unit in COUNT_UNITS:
        return None
    return goals.get(metric_id)


def same_quarter_a_year_before(quarter: Period) -> Period:
    return Period.quarter(quarter.start.year - 1, (quarter.start.month - 1) // 3 + 1)


def status(value: float | None, previous: float | None, target: float | None,
           scale: float | None = None, margins: Margins | None = None) -> str | None:
    """on track, at risk or off track; `scale` measures the margins in absolute terms (see the docstring)."""
    margins = margins or Margins()
    if value is None:
        return None
    if target is not None:
        if value >= target:
            return "on track"
        floor = target - margins.at_risk * scale if scale else target - margins.at_risk * abs(target)
        return "at risk" if value >= floor else "off track"
    if previous is None:
        return None
    if value >= previous:
        return "on track"
    if scale:
        return "at risk" if previous - value < margins.trend_at_risk * scale else "off track"
    return "at risk" if previous and (previous - value) / abs(previous) < margins.trend_at_risk else "off track"


def _headline_value(model: Metrics, metric_id: str, period: Period) -> tuple[float | None, int, bool]:
    from metrics.compute import compute

    # With a grouping (N5), the first row is the organisation's own figure.
    row = compute(model, metric_id, period, HEADLINE_GROUPING.get(metric_id)).rows[0]
    value = row["value"]
    if isinstance(value, dict):
        value = value.get(HEADLINE_FIELD.get(metric_id, "value"))
    return value, row["population"], row["suppressed"]


def has_data(model: Metrics, period: Period) -> bool:
    """Whether the warehouse records anything up to the period's end (a quarter before it has no data)."""
    data_range = model.data_range()
    return data_range is not None and period.end >= data_range[0]


def _comparison(model: Metrics, metric_id: str, period: Period) -> tuple[float | None, str | None]:
    """A comparison quarter's value, or None with the reason: hidden, no data, undefined."""
    if not has_data(model, period):
        return None, "no data"
    value, _, hidden = _headline_value(model, metric_id, period)
    if hidden:
        return None, "hidden"
    return value, None if value is not None else "undefined"


def quarterly_review(model: Metrics, quarter: Period, by: str | None = None) -> pl.DataFrame:
    """One row per headline metric: value, previous, year before, change, target, status, population."""
    goals, margins = targets(), thresholds()
    filtered = bool(model.filters)
    rows = []
    for metric_id in HEADLINE:
        try:
            now, population, hidden = _headline_value(model, metric_id, quarter)
            previous, previous_note = _comparison(model, metric_id, quarter.previous())
            year_before, year_before_note = _comparison(model, metric_id, same_quarter_a_year_before(quarter))
        except LookupError:  # declared, not computed yet
            continue
        change = None if now is None or previous is None else now - previous
        if change is not None and METRICS[metric_id].unit == "share":
            change *= 100  # percentage points
        target = applicable_target(metric_id, goals, filtered)
        rows.append({"group": metric_id, "population": population, "value": now, "previous": previous,
                     "year_before": year_before, "change": change, "target": target,
                     "status": status(now, previous, target, STATUS_SCALE.get(metric_id), margins[metric_id]),
                     "previous_note": previous_note, "year_before_note": year_before_note})
    return pl.DataFrame(rows, schema={"group": pl.String, "population": pl.Int64, "value": pl.Float64,
                                      "previous": pl.Float64, "year_before": pl.Float64, "change": pl.Float64,
                                      "target": pl.Float64, "status": pl.String, "previous_note": pl.String,
                                      "year_before_note": pl.String})
