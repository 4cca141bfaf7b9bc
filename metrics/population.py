"""In-scope employees of a period, with their attributes as of its last day."""

from __future__ import annotations

import polars as pl

from metrics.memo import per_load
from metrics.periods import Period


def in_scope(people: pl.DataFrame, period: Period) -> pl.DataFrame:
    """One row per person employed on the period's last day, with the version valid that day."""
    end = period.end
    return (
        people.filter(
            (pl.col("hire_date") <= end)
            & (pl.col("exit_date").is_null() | (pl.col("exit_date") > end))
            & (pl.col("valid_from") <= end)
            & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= end))
        )
        # Overlapping versions in a faulty export: the latest one wins.
        .sort("valid_from")
        .unique("person_id", keep="last", maintain_order=True)
    )


def scope_of(model, period: Period) -> pl.DataFrame:
    """`in_scope` of a metrics model's people, once per model (one warehouse load and filter set) and period:
    nearly every metric of a period starts from it."""
    return per_load(model, "scope", (period.start, period.end), lambda: in_scope(model.frames.people, period))
