"""The minimum-group-size guard that every grouped figure passes on its way out of the metrics layer."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class Figure:
    """One metric value for one period and group, or the reason it is hidden."""

    metric_id: str
    period: str
    value: float | int | None
    population: int
    group: str = "all"
    suppressed: bool = False
    note: str = ""


def guard(metric_id: str, period: str, value, population: int, k: int, group: str = "all") -> Figure:
    """Hide the value when the group's in-scope population is below k; hidden is never shown as zero."""
    if population < k:
        return Figure(metric_id, period, None, population, group, True, f"fewer than {k} people")
    if value is None:
        return Figure(metric_id, period, None, population, group, False, "not defined (division by zero)")
    return Figure(metric_id, period, value, population, group)


def guard_frame(frame: pl.DataFrame, k: int, value_columns: list[str]) -> pl.DataFrame:
    """A grouped result (columns group, population, values) with every group below k suppressed.

    Suppressed rows keep their group and population but lose their values (null, never zero) and
    carry the reason in `note`.
    """
    small = pl.col("population") < k
    return frame.with_columns(
        small.alias("suppressed"),
        pl.when(small).then(pl.lit(f"fewer than {k} people")).otherwise(pl.lit("")).alias("note"),
        *[pl.when(small).then(None).otherwise(pl.col(c)).alias(c) for c in value_columns],
    )
