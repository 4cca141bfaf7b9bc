"""The peer graph (N4) at group level, for N6 by a grouping: where the contributors' reach goes.

Two extra outputs of N6 (`python -m metrics show N6 --by org_unit:2` lists them after the "all" row):

- Reach buckets: how many contributors reached 1, 2, ... groups (the distribution of N6), one row each,
  group "reach 1", "reach 2", ...; population = the in-scope persons of the period, as for the "all"
  row (the buckets split the whole organisation's contributors, not a group of people).
- Group ties: for two groups A and B of the grouping (the same as N5's and N6's: org unit at a level,
  country or location; without one, the person's own org unit), the interactions (N4 edge weights)
  from givers in A to takers in B, one row per ordered pair with at least one interaction, group
  "A → B". Ties within a group (A → A) are listed too: they are N5's internal part I of that group, the
  others its external part E. When no group is left out, the ties add up to N4's interactions.

Why ties go through N6: compute() is the only way out of the metrics layer (the privacy guard, the same
rows for `python -m metrics show`). N4 takes no grouping in the catalogue, and N5's value is one ratio
per group that the quarterly review and other pages read as a number (extra value columns would turn it
into a record for every row); N6 is already a record of figures over the same groupings, and the tie
rows are its reach seen at group level.

Privacy (tested in tests/metrics/test_network_groups.py): only groups with at least k in-scope people
appear, as either end. A tie between two such groups is a count of interactions between two groups that
each pass k, which is safe to show. A tie that touches a smaller group is left out altogether rather than
listed as hidden: even the row's existence would tell that someone of fewer than k people interacted with
the other group. A tie row's population is the smaller of its two groups' populations, so the guard at
compute()'s output would hide it too.
"""

from __future__ import annotations

import polars as pl

from metrics.network import grouped_scope
from metrics.network_graph import DEFAULT_GROUPING, reach_distribution

ARROW = " → "
REACH_PREFIX = "reach "

_TIE_SCHEMA = {"group": pl.String, "population": pl.Int64, "from_group": pl.String, "to_group": pl.String,
               "interactions": pl.Int64}


def group_populations(scope: pl.DataFrame, by: str | None, org_units: pl.DataFrame | None) -> pl.DataFrame:
    """In-scope persons per group of `by` (default: own org unit). Columns: group, population."""
    return (grouped_scope(scope, by or DEFAULT_GROUPING, org_units)
            .group_by("group").agg(pl.len().cast(pl.Int64).alias("population")))


def group_ties(scope: pl.DataFrame, edge_frame: pl.DataFrame, by: str | None, org_units: pl.DataFrame | None,
               k: int) -> pl.DataFrame:
    """Interactions from each group to each group, between groups of at least `k` in-scope people.

    Columns: group ("A → B"), population (the smaller group's), from_group, to_group, interactions.
    Sorted by from_group, to_group; pairs without interactions have no row.
    """
    groups = grouped_scope(scope, by or DEFAULT_GROUPING, org_units).select("person_id", "group")
    sizes = group_populations(scope, by, org_units)
    shown = sizes.filter(pl.col("population") >= k)
    if edge_frame.is_empty() or shown.is_empty():
        return pl.DataFrame(schema=_TIE_SCHEMA)
    tagged = (edge_frame.join(groups.rename({"person_id": "giver", "group": "from_group"}), on="giver")
              .join(groups.rename({"person_id": "taker", "group": "to_group"}), on="taker"))
    ties = (tagged.group_by("from_group", "to_group").agg(pl.col("weight").sum().cast(pl.Int64).alias("interactions"))
            .join(shown.rename({"group": "from_group", "population": "from_population"}), on="from_group")
            .join(shown.rename({"group": "to_group", "population": "to_population"}), on="to_group"))
    return (ties.with_columns(
                (pl.col("from_group") + pl.lit(ARROW) + pl.col("to_group")).alias("group"),
                pl.min_horizontal("from_population", "to_population").cast(pl.Int64).alias("population"))
            .sort("from_group", "to_group")
            .select(pl.col(c).cast(t) for c, t in _TIE_SCHEMA.items()))


def reach_buckets(scope: pl.DataFrame, edge_frame: pl.DataFrame, by: str | None = None,
                  org_units: pl.DataFrame | None = None) -> pl.DataFrame:
    """N6's distribution as rows: group ("reach 1", ...), population (in-scope persons), reach, contributors."""
    distribution = reach_distribution(scope, edge_frame, by, org_units)
    return distribution.select(
        (pl.lit(REACH_PREFIX) + pl.col("reach").cast(pl.String)).alias("group"),
        pl.lit(scope.height).cast(pl.Int64).alias("population"),
        pl.col("reach").cast(pl.Int64), pl.col("contributors").cast(pl.Int64))
