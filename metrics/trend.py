"""P1 to P5 month by month, each month's figure through the same rules as every other figure.

The figures come from a function the caller gives (the dashboard's goes through the session's ledger and its
memo; a test's through `compute` with a ledger of its own), so no month escapes rule 5: the trend of one filter
next to the trend of a nearly equal one would otherwise give the difference away month by month.
"""

from __future__ import annotations

from typing import Callable

import polars as pl

from metrics.periods import Period

TREND_METRICS = ("P1", "P2", "P3", "P4", "P5")
TREND_SCHEMA = {"month": pl.Date, "P1": pl.Int64, "P2": pl.Int64, "P3": pl.Float64, "P4": pl.Float64,
                "P5": pl.Float64, "suppressed": pl.Boolean}


def monthly_trend(figure: Callable[[str, Period], dict], first: Period, last: Period,
                  may_see: Callable[[str], bool] = lambda metric_id: True) -> pl.DataFrame:
    """One row per month from `first`'s month to `last`'s: P1 to P5 (null where hidden or not to be seen) and
    `suppressed` (the month's population is below k). `figure(metric_id, month)` is the figure's first row."""
    rows = []
    for month in Period(Period.month(first.start.year, first.start.month).start,
                        Period.month(last.start.year, last.start.month).end).months():
        row: dict = {"month": month.start, "suppressed": True}
        for metric_id in TREND_METRICS:
            if not may_see(metric_id):
                row[metric_id] = None
                continue
            shown = figure(metric_id, month)
            row[metric_id] = None if shown["suppressed"] else shown["value"]
            if metric_id == "P1":
                row["suppressed"] = shown["suppressed"]
        rows.append(row)
    return pl.DataFrame(rows, schema=TREND_SCHEMA)
