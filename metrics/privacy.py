"""The privacy guard every figure passes on its way out of the metrics layer (the rules: docs/privacy.md).

Five rules, each with k = the role's minimum group size (`metrics.access.min_group_size`):

1. threshold: a group with fewer than k in-scope people is hidden (`guard`, `guard_frame`);
2. all or none: a share of exactly 0 or 1 (a count of nobody or of everybody, zero hours) in a group of
   fewer than 2k people is hidden (`extreme_rows`, `is_extreme`);
3. complementary suppression: where a hidden group could be recovered from a total and its visible
   siblings, further groups are hidden (`metrics.privacy_cells.complement`);
4. remainder: a filter is refused when the rest of its parent group has 1 to k-1 people
   (`metrics.privacy_remainder`);
5. successive answers: two answers in one session whose populations differ by 1 to k-1 people are not
   both shown (`metrics.privacy_ledger.Ledger`).

Hidden figures say why in `note`; they are never shown as zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

RECOVERABLE = "hidden so that a hidden group cannot be recovered from the total"


class Refused(ValueError):
    """A query the guard will not answer at all (the remainder rule); the message names filter, parent and k."""


def fewer_than(k: int) -> str:
    return f"fewer than {k} people"


def all_or_none(k: int) -> str:
    return f"all or none in a small group (fewer than {2 * k} people)"


def too_close(k: int) -> str:
    return f"too close to an earlier answer (differs by fewer than {k} people)"


def small_rest(parent: str, k: int) -> str:
    return f"the rest of this group in {parent} has fewer than {k} people"


# Rule 2, all or none: the value columns that say something about every member of a group when they are at an
# extreme. "share": a share of persons (or of their hours, enrolments, skill pairs) of exactly 0 or 1; "count": a
# number of persons equal to 0 or to the group's population; "zero": an amount (hours, evidence) of exactly 0.
# Not listed: P1 (the headcount is the population itself), means, medians, indices and ratios above 1, which
# no single "nobody" or "everybody" reading has.
EXTREMES: dict[str, tuple[tuple[str, str], ...]] = {
    "P2": (("value", "count"),), "P3": (("value", "share"),), "P4": (("value", "zero"),),
    "P5": (("value", "zero"),),
    "P6": (("value", "share"), ("share_formal", "share"), ("share_peer", "share"), ("share_coaching", "share"),
           ("share_circle", "share")),
    "P7": (("value", "share"),), "P8": (("value", "share"),), "P9": (("active", "count"),),
    "N1": (("value", "count"),), "N2": (("value", "share"),), "N3": (("conversion_rate", "share"),),
    "S2": (("value", "zero"),), "S3": (("value", "share"),),
    "C2": (("value", "count"),), "C3": (("accompanied", "count"), ("accompanied_share", "share")),
    "C5": (("members", "count"),),
}


def is_extreme(kind: str, value, population: int) -> bool:
    if value is None:
        return False
    if kind == "share":
        return value == 0 or value == 1
    if kind == "count":
        return value == 0 or value == population
    return value == 0


def extreme_rows(frame: pl.DataFrame, metric_id: str, k: int) -> list[bool]:
    """Rule 2 per row: a group of k to 2k-1 people with any listed column at its extreme."""
    spec = [(c, kind) for c, kind in EXTREMES.get(metric_id, ()) if c in frame.columns]
    if not spec:
        return [False] * frame.height
    result = []
    for row in frame.iter_rows(named=True):
        population = row["population"]
        result.append(population is not None and k <= population < 2 * k
                      and any(is_extreme(kind, row[c], population) for c, kind in spec))
    return result


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
    """Hide the value when the group's in-scope population is below k (rule 1), or when it is all or none in a
    group below 2k (rule 2); hidden is never shown as zero."""
    if population < k:
        return Figure(metric_id, period, None, population, group, True, fewer_than(k))
    if value is None:
        return Figure(metric_id, period, None, population, group, False, "not defined (division by zero)")
    if population < 2 * k and any(is_extreme(kind, value, population)
                                  for column, kind in EXTREMES.get(metric_id, ()) if column == "value"):
        return Figure(metric_id, period, None, population, group, True, all_or_none(k))
    return Figure(metric_id, period, value, population, group)


def guard_frame(frame: pl.DataFrame, k: int, value_columns: list[str]) -> pl.DataFrame:
    """A grouped result (columns group, population, values) with every group below k suppressed (rule 1).

    Suppressed rows keep their group and population but lose their values (null, never zero) and
    carry the reason in `note`.
    """
    small = pl.col("population") < k
    return frame.with_columns(
        small.alias("suppressed"),
        pl.when(small).then(pl.lit(fewer_than(k))).otherwise(pl.lit("")).alias("note"),
        *[pl.when(small).then(None).otherwise(pl.col(c)).alias(c) for c in value_columns],
    )


def hide(frame: pl.DataFrame, notes: dict[int, str], value_columns: list[str]) -> pl.DataFrame:
    """Suppress the rows `notes` names (row index -> reason); rows already suppressed keep their first reason."""
    if not notes:
        return frame
    mark = pl.Series([i in notes for i in range(frame.height)])
    reasons = pl.Series([notes.get(i, "") for i in range(frame.height)], dtype=pl.String)
    already = pl.col("suppressed")
    return frame.with_columns(
        (already | mark).alias("suppressed"),
        pl.when(already).then(pl.col("note")).otherwise(pl.when(mark).then(reasons).otherwise(pl.col("note")))
        .alias("note"),
        *[pl.when(mark).then(None).otherwise(pl.col(c)).alias(c) for c in value_columns],
    )
