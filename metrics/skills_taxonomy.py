"""The skill taxonomy as the skill metrics read it: broader skills (transitively) and skill clusters.

Choices where METRICS.md is silent:
- `skill_relations` may contain cycles and self-loops (faulty imports): the transitive walk stops at a
  fixpoint, self-loops are ignored, and a skill is never its own strict ancestor.
- A cluster is a skill group: a concept of skill_type `skill_group`, or any concept that has narrower
  concepts. Its depth is its shortest distance from a root (a concept without broader ones). The cluster
  of a skill is its own or its broader skill group at depth `level` (0 = the top-level group, the
  catalogue's default); where the skill's chain is shorter, the deepest group above `level`. Several
  candidates (a skill under two groups): the one with the smallest label, then id, so that every skill
  falls in exactly one cluster and figures by cluster add up. No candidate (a skill without broader
  groups, or one reachable from no root because of a cycle): "unclustered".
"""

from __future__ import annotations

import polars as pl

UNCLUSTERED = "unclustered"
SKILL_GROUP = "skill_group"
_EDGE_SCHEMA = {"skill_id": pl.String, "ancestor_id": pl.String}


def _edges(skill_relations: pl.DataFrame) -> pl.DataFrame:
    return (skill_relations.select(pl.col("skill_id").cast(pl.String), pl.col("broader_skill_id").cast(pl.String))
            .drop_nulls().filter(pl.col("skill_id") != pl.col("broader_skill_id")).unique())


def broader_closure(skill_relations: pl.DataFrame) -> pl.DataFrame:
    """Every (skill_id, ancestor_id) with ancestor_id a broader skill of skill_id, transitively; cycle-safe."""
    edges = _edges(skill_relations).rename({"broader_skill_id": "ancestor_id"})
    closure = edges
    while True:
        step = (closure.join(edges.rename({"skill_id": "ancestor_id", "ancestor_id": "next_id"}), on="ancestor_id")
                .select("skill_id", pl.col("next_id").alias("ancestor_id")))
        grown = pl.concat([closure, step]).unique().filter(pl.col("skill_id") != pl.col("ancestor_id"))
        if grown.height == closure.height:
            return closure.cast(_EDGE_SCHEMA)
        closure = grown


def with_broader(frame: pl.DataFrame, closure: pl.DataFrame, column: str = "skill_id") -> pl.DataFrame:
    """The rows of `frame` once for their own skill and once more for each of its broader skills."""
    closure = closure.cast({"skill_id": frame.schema[column], "ancestor_id": frame.schema[column]})  # coded or text
    ancestors = frame.join(closure.rename({"skill_id": column}), on=column).drop(column).rename(
        {"ancestor_id": column})
    return pl.concat([frame, ancestors.select(frame.columns)], how="vertical_relaxed")


def _depths(skill_relations: pl.DataFrame) -> pl.DataFrame:
    """Shortest distance of every concept from a root (a concept with no broader one)."""
    edges = _edges(skill_relations)
    nodes = pl.concat([edges["skill_id"], edges["broader_skill_id"]]).unique()
    frontier = pl.DataFrame({"skill_id": nodes}).join(edges, on="skill_id", how="anti").with_columns(
        pl.lit(0, pl.Int64).alias("depth"))
    seen = frontier
    while frontier.height:
        frontier = (frontier.join(edges, left_on="skill_id", right_on="broader_skill_id")
                    .select(pl.col("skill_id_right").alias("skill_id"), (pl.col("depth") + 1).alias("depth"))
                    .unique("skill_id").join(seen, on="skill_id", how="anti"))
        seen = pl.concat([seen, frontier])
    return seen


def skill_clusters(skills: pl.DataFrame, skill_relations: pl.DataFrame, level: int = 0) -> pl.DataFrame:
    """Each skill's cluster: columns skill_id, cluster_id (null when unclustered), cluster (label or "unclustered")."""
    closure = broader_closure(skill_relations)
    edges = _edges(skill_relations)
    labels = skills.select(pl.col("skill_id").cast(pl.String), pl.col("label").cast(pl.String))
    groups = pl.concat([
        skills.filter(pl.col("skill_type") == SKILL_GROUP).select(pl.col("skill_id").cast(pl.String)),
        edges.select(pl.col("broader_skill_id").alias("skill_id")),
    ]).unique()
    all_skills = pl.concat([labels.select("skill_id"), edges.select("skill_id"),
                            edges.select(pl.col("broader_skill_id").alias("skill_id"))]).unique()
    candidates = (
        pl.concat([all_skills.with_columns(pl.col("skill_id").alias("ancestor_id")), closure])
        .join(groups.rename({"skill_id": "ancestor_id"}), on="ancestor_id", how="semi")
        .join(_depths(skill_relations).rename({"skill_id": "ancestor_id"}), on="ancestor_id")
        .filter(pl.col("depth") <= level)
        .join(labels.rename({"skill_id": "ancestor_id", "label": "ancestor_label"}), on="ancestor_id", how="left")
        .with_columns(pl.coalesce("ancestor_label", "ancestor_id").alias("ancestor_label"))
        .sort(["skill_id", "depth", "ancestor_label", "ancestor_id"], descending=[False, True, False, False])
        .unique("skill_id", keep="first")
        .select("skill_id", pl.col("ancestor_id").alias("cluster_id"), pl.col("ancestor_label").alias("cluster"))
    )
    return (all_skills.join(candidates, on="skill_id", how="left")
            .with_columns(pl.col("cluster").fill_null(UNCLUSTERED)).sort("skill_id"))
