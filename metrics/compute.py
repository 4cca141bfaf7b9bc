"""One entry point for every catalogue metric: compute, group, guard, and return rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable
from zoneinfo import ZoneInfo

import polars as pl

from metrics.activity import in_period, learning_durations
from metrics.catalogue import METRICS, Metric
from metrics.compute_more import MORE_COMPUTATIONS
from metrics.compute_network import NETWORK_COMPUTATIONS
from metrics.compute_skills import SKILL_COMPUTATIONS
from metrics.ecosystem import FLOW_METRICS, flows, is_activity_side, protect
from metrics.filters import Filters, check
from metrics.grouping import parse, parts, with_group
from metrics.overview import Metrics
from metrics.participation_more import CHANNELS
from metrics.periods import Period
from metrics.population import in_scope
from metrics.privacy import guard_frame
from metrics.quarterly import quarterly_review


class NotComputedYet(LookupError):
    """The metric is declared in the catalogue but its computation has not landed yet."""


@dataclass
class Result:
    metric: Metric
    period: Period
    by: str | None
    filters: Filters | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"metric": self.metric.id, "period": {"start": self.period.start.isoformat(),
                                                      "end": self.period.end.isoformat()},
                "by": self.by, "filters": self.filters.as_dict() if self.filters else {}, "rows": self.rows}


def last_complete_quarter(today: date) -> Period:
    quarter = (today.month - 1) // 3 + 1
    return Period.quarter(today.year, quarter).previous()


def today_in(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()


def participation_by(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    """P1 to P5 per group: group, population, P1 ... P5."""
    scope = with_group(in_scope(model.frames.people, period), by, model.frames.org_units)
    events = in_period(model.person_events, period).join(scope.select("person_id", "group"), on="person_id")
    active = events.group_by("group").agg(pl.col("person_id").n_unique().alias("P2"))
    hours = (learning_durations(events, model.frames.activities)
             .join(scope.select("person_id", "group"), on="person_id")
             .group_by("group").agg(pl.col("hours").sum().alias("P4")))
    return (scope.group_by("group").agg(pl.len().alias("population"), pl.col("fte").sum().alias("fte"))
            .join(active, on="group", how="left").join(hours, on="group", how="left")
            .with_columns(pl.col("population").alias("P1"), pl.col("P2").fill_null(0),
                          pl.col("P4").fill_null(0.0))
            .with_columns((pl.col("P2") / pl.col("P1")).alias("P3"),
                          pl.when(pl.col("fte") > 0).then(pl.col("P4") / pl.col("fte")).alias("P5"))
            .sort("group"))


def _participation(metric_id: str) -> Callable[[Metrics, Period, str | None], pl.DataFrame]:
    def compute(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
        if is_activity_side(by):  # by what was learned: channel, provider, or a flow such as provider+org_unit:2
            return flows(model, period, by, metric_id)
        return participation_by(model, period, by).select("group", "population", pl.col(metric_id).alias("value"))
    return compute


COMPUTATIONS: dict[str, Callable[[Metrics, Period, str | None], pl.DataFrame]] = {
    **{m: _participation(m) for m in ("P1", "P2", "P3", "P4", "P5")},
    **SKILL_COMPUTATIONS,
    **MORE_COMPUTATIONS,
    **NETWORK_COMPUTATIONS,
    "Q": lambda model, period, by: quarterly_review(model, period),
}


def compute(model: Metrics, metric_id: str, period: Period, by: str | None = None,
            filters: Filters | None = None) -> Result:
    """The metric for the period (grouping and filters), every group below k suppressed with its reason."""
    metric = METRICS.get(metric_id.upper())
    if metric is None:
        raise KeyError(f"'{metric_id}' is not in the catalogue; `python -m metrics list` shows it")
    if by is not None and any(parse(part)[0] not in metric.groupings for part in parts(by)):
        raise ValueError(f"{metric.id} cannot be grouped by '{by}'; it supports: "
                         f"{', '.join(metric.groupings) or 'no grouping'}")
    if by is not None and "+" in by and metric.id not in FLOW_METRICS:
        raise ValueError(f"{metric.id} cannot be grouped by a combination; {', '.join(FLOW_METRICS)} can")
    if metric.id not in COMPUTATIONS:
        raise NotComputedYet(f"{metric.id} ({metric.name}) is declared but not computed yet")
    if filters:
        check(model.frames, filters, CHANNELS)
        model = model.restricted(filters)
    frame = COMPUTATIONS[metric.id](model, period, by)
    value_columns = [c for c in frame.columns if c not in ("group", "population")]
    guarded = guard_frame(frame, model.settings.min_group_size, value_columns)
    if metric.id in FLOW_METRICS and is_activity_side(by):  # flows must not give a hidden one away
        guarded = protect(guarded, model.settings.min_group_size, value_columns, by)
    rows = []
    for row in guarded.iter_rows(named=True):
        values = {c: row[c] for c in value_columns}
        rows.append({"group": row["group"], "value": values["value"] if list(values) == ["value"] else values,
                     "population": row["population"], "suppressed": row["suppressed"],
                     **({"note": row["note"]} if row["note"] else {})})
    return Result(metric, period, by, filters, rows)
