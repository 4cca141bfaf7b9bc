"""N1 to N8 for the catalogue entry point: the network functions, grouped and guarded like every metric."""

from __future__ import annotations

import polars as pl

from metrics.activity import in_period
from metrics.network import (
    contributor_ratio,
    contributors,
    learner_to_contributor,
    session_fill,
    session_index,
)
from metrics.network_graph import (
    ei_index,
    ei_index_by_group,
    flywheel,
    peer_graph,
    period_edges,
    reach,
)
from metrics.network_groups import group_ties, reach_buckets
from metrics.memo import per_load
from metrics.overview import Metrics
from metrics.periods import Period
from metrics.population import scope_of


def _person_filtered(model: Metrics) -> bool:
    """An org unit or country filter narrows the sessions to those its people host (N7, N8)."""
    return bool(model.filters and (model.filters.org_unit or model.filters.country))


def _frame(model: Metrics, period: Period):
    return scope_of(model, period), in_period(model.person_events, period)


def n1(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    scope, events = _frame(model, period)
    return contributors(scope, events, by, model.frames.org_units).select(
        "group", "population", pl.col("contributors").alias("value"))


def n2(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    scope, events = _frame(model, period)
    return contributor_ratio(scope, events, by, model.frames.org_units).select(
        "group", "population", pl.col("contributor_ratio").alias("value"))


def n3(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    scope = scope_of(model, period)
    return learner_to_contributor(scope, model.person_events, period, by, model.frames.org_units).select(
        "group", "population", "learner_first", "converted", "conversion_rate", "median_days_to_contribution")


def n4(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    scope, edges = _edges(model, period)
    return peer_graph(scope, model.person_events, model.frames.activities, period, edges)


def _edges(model: Metrics, period: Period):
    """The period's scope and peer edges, once per model and period: N4, N5 and N6 all start from them."""
    scope = scope_of(model, period)
    return scope, per_load(model, "edges", (period.start, period.end), lambda: period_edges(
        scope, model.person_events, model.frames.activities, period))


def n5(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    """The organisation's E-I first ("all"), then each group's (every edge touching the group)."""
    scope, edges = _edges(model, period)
    overall = ei_index(scope, edges, by, model.frames.org_units).select("group", "population", "ei_index")
    groups = ei_index_by_group(scope, edges, by, model.frames.org_units).select("group", "population", "ei_index")
    return pl.concat([overall, groups]).rename({"ei_index": "value"})


def n6(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    """The summary ("all"), then the distribution ("reach 1", ...), then the ties between groups of at least
    k people ("A → B"; see `metrics.network_groups`)."""
    scope, edges = _edges(model, period)
    units = model.frames.org_units
    return pl.concat([reach(scope, edges, by, units), reach_buckets(scope, edges, by, units),
                      group_ties(scope, edges, by, units, model.settings.min_group_size)], how="diagonal")


def n7(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    """The summary ("all": exponent b, growth correlation), then one row per month of the series."""
    series, summary = flywheel(model.frames.people, model.person_events, model.frames.events,
                               model.frames.identities, model.frames.activities, period, model.settings.timezone,
                               _person_filtered(model), _session_index(model))
    population = summary["population"][0]
    figures = ["contributors", "learners", "active_persons", "sessions_offered", "seats_filled", "interactions"]
    summary = summary.select("group", "population", "months", "exponent_b", "intercept_a", "growth_correlation",
                             "fit_months", "correlation_pairs")
    monthly = series.select(pl.col("month").cast(pl.String).alias("group"),
                            pl.lit(population).cast(summary["population"].dtype).alias("population"), *figures)
    return pl.concat([summary, monthly], how="diagonal")


def _session_index(model: Metrics):
    """What N7 and N8 read of the events on sessions, once per load: N8 is asked for every month of a trend, and
    each call resolved every event again (the Network page took 279 s cold at 300,000 employees)."""
    return per_load(model, "session_index", None, lambda: session_index(
        model.frames.events, model.frames.identities, model.frames.activities, model.settings.timezone))


def n8(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    scope = scope_of(model, period)
    return session_fill(scope, model.frames.events, model.frames.identities, model.frames.activities, period,
                        model.settings.timezone, _person_filtered(model), _session_index(model))


NETWORK_COMPUTATIONS = {"N1": n1, "N2": n2, "N3": n3, "N4": n4, "N5": n5, "N6": n6, "N7": n7, "N8": n8}
