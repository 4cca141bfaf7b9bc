"""S1 to S6 for the catalogue entry point: the skill functions, grouped like every other metric."""

from __future__ import annotations

import polars as pl

from metrics.grouping import parse, with_group
from metrics.memo import per_load
from metrics.overview import Metrics
from metrics.periods import Period
from metrics.population import scope_of
from metrics.skills import (
    SkillData,
    evidence_as_of,
    expert_supply_demand,
    history_evidence,
    required_pairs,
    skill_clusters,
    skill_coverage,
    skill_coverage_by_cluster,
    time_to_skill,
    trending_skills,
)

CLUSTER_LEVEL = 1  # the first level below the taxonomy's roots: ESCO's S1, S2, T1 ..., a framework's areas


def _inputs(model: Metrics, period: Period, by: str | None):
    data = SkillData.from_frames(model.frames)
    name, _ = parse(by)
    grouped_by = None if by is None or name == "skill_cluster" else "group"
    scope = scope_of(model, period)
    if grouped_by:
        scope = with_group(scope, by, model.frames.org_units)
    required = required_pairs(scope, data.requirements)
    found = _evidence(model, data, period.end).join(scope.select("person_id"), on="person_id", how="semi")
    return data, scope, required, found, grouped_by


def _evidence(model: Metrics, data: SkillData, as_of) -> pl.DataFrame:
    """S2's evidence as of a day, computed once per load of the warehouse (and filter) and day: it reads the
    whole history, and S1 to S5 of one period all ask for it. The model is immutable, so the memo is too."""
    # a dashboard asks for many days (this quarter, the last, a year ago, twelve month ends): each is a filter of
    # the whole history's evidence, computed once per load
    history = per_load(model, "evidence_history", None, lambda: history_evidence(model.person_events, data))
    return per_load(model, "evidence", as_of, lambda: evidence_as_of(history, as_of), limit=8)


def coverage(column: str):
    """S1 (required_pairs), S2 (covered_pairs) or S3 (coverage), by a person grouping or by skill cluster."""
    def compute(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
        data, scope, required, found, grouped_by = _inputs(model, period, by)
        if by is not None and parse(by)[0] == "skill_cluster":
            frame = skill_coverage_by_cluster(required, found,
                                              skill_clusters(data.skills, data.skill_relations, CLUSTER_LEVEL))
        else:
            frame = skill_coverage(scope, required, found, grouped_by)
        return frame.select("group", "population", pl.col(column).alias("value"))
    return compute


def supply_and_demand(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    """S4: one row per skill (the group), with supply, demand and at_risk."""
    data, scope, required, found, _ = _inputs(model, period, None)
    frame = expert_supply_demand(scope, model.person_events, data, period, required, found)
    return frame.select(pl.col("skill").alias("group"), "population", "supply", "demand", "at_risk")


def time_to_skill_days(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    """S5."""
    data, scope, _, found, grouped_by = _inputs(model, period, by)
    frame = time_to_skill(scope, model.person_events, data, period, found, grouped_by)
    return frame.select("group", "population", pl.col("median_days").alias("value"))


def trending(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    """S6: one row per skill (the group), hours this and the previous period and the change."""
    data = SkillData.from_frames(model.frames)
    frame = trending_skills(model.frames.people, model.person_events, data, period, None)
    return frame.select(pl.col("skill").alias("group"), "population", "hours", "previous_hours", "change")


SKILL_COMPUTATIONS = {
    "S1": coverage("required_pairs"), "S2": coverage("covered_pairs"), "S3": coverage("coverage"),
    "S4": supply_and_demand, "S5": time_to_skill_days, "S6": trending,
}
