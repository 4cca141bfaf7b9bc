"""Graph figures of the peer network, N4 to N7 (METRICS.md), over polars frames; graph algorithms by igraph.

Graph library: igraph (PyPI `igraph==1.0.0`), chosen by measured speed on a random directed weighted graph
of 300,000 nodes and 1.57 M distinct edges (build + weakly connected components + reciprocity, best of
several runs, 2 cores): igraph 0.75 s (build from an edge list 0.5 s, components 0.17 s, native reciprocity
0.04 s), rustworkx 2.2 s (build 0.44 s, components 0.26 s, no reciprocity function: 1.5 s in numpy),
networkx 15.9 s (build 6.0 s, components 1.6 s, reciprocity 8.3 s) and 2.5 times the memory.

Choices where METRICS.md is silent (tested in tests/metrics/test_network.py):

- Interactions (the edges' weight) are counted once per giver, taker, activity and local day, whichever
  and however many sources record them (the "one person, one activity, one day" rule); self-loops drop.
- Host to attendee: a `hosted`, `co-hosted` or `facilitated` event on an activity of type session or
  circle_meeting gives an edge to every person with an `attended` event on the same activity on the same
  local day (a recurring meeting with one join link is one activity over several days; its host of one
  day does not reach the attendees of another). Circle facilitators count as hosts.
- Mentor to mentee, companion to learner, replier to question author, and any giving verb above: from
  the event's counterpart where the source names one; a learner's `attended` event on mentoring or a
  learning conversation that names its counterpart gives the reverse edge (counterpart to learner).
  Exchange offers and authored content are contributions (N1) but not edges: the catalogue lists four
  kinds of tie only.
- Nodes are in-scope employees of the period with at least one edge; an edge needs both ends in scope
  (attributes as of the last day are needed for N5 and N6). Density is None below two nodes, the
  component share and reciprocity are None without nodes or edges.
- N5 and N6 group persons with `metrics.grouping.with_group`; a person without the attribute (no org
  unit, no country) is in the group "unknown", so two such persons count as one group (a tie between
  them is internal). Without a grouping, N5 and N6 use the person's own org unit.
- N6: a contributor is a giver in the graph (an in-scope person with at least one outgoing edge); the
  reach counts the distinct groups of the persons reached, the contributor's own group included.
- N7: each month of the range (clipped to it) is evaluated on its own (in-scope persons as of the
  month's last day). Learners are persons with a learner event, active persons those with a learner or
  contribution event (P2). Sessions offered and seats filled as in N8 (seats = distinct attendees summed
  over the sessions). The fit uses the months with interactions > 0 and active persons > 0 (the logs are
  defined there); fewer than 6 such months, or active persons constant, gives None. Growth is
  x_m / x_(m-1) - 1 where x_(m-1) > 0; the correlation (Pearson) pairs the growth in sessions offered
  of month m with the growth in learners of month m+1 and needs at least 3 pairs with variance, else None.
"""

from __future__ import annotations

import math
from itertools import pairwise

import igraph as ig
import polars as pl

from metrics.activity import in_period
from metrics.network import SessionIndex, contributors, grouped_scope, session_index, sessions_in
from metrics.periods import Period
from metrics.population import in_scope

HOST_VERBS = ("hosted", "co-hosted", "facilitated")
HOSTED_TYPES = ("session", "circle_meeting")
GIVING_VERBS = HOST_VERBS + ("mentored", "accompanied", "replied")
RECEIVED_TYPES = ("mentoring", "learning_conversation")
DEFAULT_GROUPING = "org_unit"
MIN_FIT_MONTHS = 6
MIN_CORRELATION_PAIRS = 3

_INTERACTION_SCHEMA = {"giver": pl.String, "taker": pl.String, "activity_id": pl.String, "day": pl.Date}
_EDGE_SCHEMA = {"giver": pl.String, "taker": pl.String, "weight": pl.Int64}


# --- N4 ---------------------------------------------------------------------------------------------------

def interactions(person_events: pl.DataFrame, activities: pl.DataFrame) -> pl.DataFrame:
    """Giver-to-taker interactions, one row per giver, taker, activity and day.

    Columns: giver, taker, activity_id, day.
    """
    typed = person_events.join(activities.select("activity_id", "activity_type"), on="activity_id", how="left")
    hosts = typed.filter(pl.col("verb").is_in(HOST_VERBS) & pl.col("activity_type").is_in(HOSTED_TYPES))
    attendees = typed.filter((pl.col("verb") == "attended") & pl.col("activity_type").is_in(HOSTED_TYPES))
    hosted = (hosts.select(pl.col("person_id").alias("giver"), "activity_id", "day").unique()
              .join(attendees.select(pl.col("person_id").alias("taker"), "activity_id", "day").unique(),
                    on=["activity_id", "day"]))
    has_counterpart = "counterpart_person_id" in typed.columns
    schema = {**_INTERACTION_SCHEMA, "giver": person_events.schema["person_id"],  # coded or text, as given
              "taker": person_events.schema["person_id"], "activity_id": person_events.schema["activity_id"]}
    named = pl.DataFrame(schema=schema)
    received = pl.DataFrame(schema=schema)
    if has_counterpart:
        named = (typed.filter(pl.col("verb").is_in(GIVING_VERBS) & pl.col("counterpart_person_id").is_not_null())
                 .select(pl.col("person_id").alias("giver"), pl.col("counterpart_person_id").alias("taker"),
                         "activity_id", "day"))
        received = (typed.filter((pl.col("verb") == "attended") & pl.col("activity_type").is_in(RECEIVED_TYPES)
                                 & pl.col("counterpart_person_id").is_not_null())
                    .select(pl.col("counterpart_person_id").alias("giver"), pl.col("person_id").alias("taker"),
                            "activity_id", "day"))
    frames = [f.select(pl.col(c).cast(t) for c, t in schema.items()) for f in (hosted, named, received)]
    return pl.concat(frames).filter(pl.col("giver") != pl.col("taker")).unique()


def within(interactions_frame: pl.DataFrame, scope: pl.DataFrame) -> pl.DataFrame:
    """Interactions whose giver and taker are both in scope."""
    persons = scope.select(pl.col("person_id").cast(interactions_frame.schema["giver"]))
    return (interactions_frame.join(persons, left_on="giver", right_on="person_id", how="semi")
            .join(persons, left_on="taker", right_on="person_id", how="semi"))


def edges(interactions_frame: pl.DataFrame) -> pl.DataFrame:
    """Distinct directed edges with weight = interactions. Columns: giver, taker, weight."""
    if interactions_frame.is_empty():
        return pl.DataFrame(schema={**_EDGE_SCHEMA, "giver": interactions_frame.schema["giver"],
                                    "taker": interactions_frame.schema["taker"]})
    return (interactions_frame.group_by("giver", "taker").agg(pl.len().cast(pl.Int64).alias("weight"))
            .sort("giver", "taker"))


def period_edges(scope: pl.DataFrame, person_events: pl.DataFrame, activities: pl.DataFrame,
                 period: Period) -> pl.DataFrame:
    """The weighted edges of the period's peer graph between in-scope persons."""
    return edges(within(interactions(in_period(person_events, period), activities), scope))


def graph_figures(edge_frame: pl.DataFrame) -> dict[str, float | int | None]:
    """Nodes, distinct edges, interactions, density, largest weakly connected component share, reciprocity."""
    nodes = pl.concat([edge_frame["giver"], edge_frame["taker"]]).unique().sort()
    n, m = nodes.len(), edge_frame.height
    if n == 0:
        return {"nodes": 0, "edges": 0, "interactions": 0, "density": None, "largest_component_share": None,
                "reciprocity": None}
    index = {name: i for i, name in enumerate(nodes.to_list())}
    pairs = list(zip((index[g] for g in edge_frame["giver"].to_list()),
                     (index[t] for t in edge_frame["taker"].to_list())))
    graph = ig.Graph(n=n, edges=pairs, directed=True)
    largest = max(graph.connected_components(mode="weak").sizes())
    return {
        "nodes": n, "edges": m, "interactions": int(edge_frame["weight"].sum()),
        "density": m / (n * (n - 1)) if n > 1 else None,
        "largest_component_share": largest / n,
        "reciprocity": graph.reciprocity(ignore_loops=True, mode="default") if m else None,
    }


def peer_graph(scope: pl.DataFrame, person_events: pl.DataFrame, activities: pl.DataFrame,
               period: Period, edge_frame: pl.DataFrame | None = None) -> pl.DataFrame:
    """N4: directed, weighted peer graph of the period and its figures.

    One row: group ("all"), population, nodes, edges, interactions, density, largest_component_share,
    reciprocity.
    """
    if edge_frame is None:  # the caller may have them already (`metrics.compute_network` keeps them per period)
        edge_frame = period_edges(scope, person_events, activities, period)
    figures = graph_figures(edge_frame)
    return pl.DataFrame([{"group": "all", "population": scope.height, **figures}],
                        schema={"group": pl.String, "population": pl.Int64, "nodes": pl.Int64, "edges": pl.Int64,
                                "interactions": pl.Int64, "density": pl.Float64,
                                "largest_component_share": pl.Float64, "reciprocity": pl.Float64})


# --- N5 ---------------------------------------------------------------------------------------------------

def _edge_groups(scope: pl.DataFrame, edge_frame: pl.DataFrame, grouping: str | None,
                 org_units: pl.DataFrame | None) -> tuple[pl.DataFrame, pl.DataFrame]:
    groups = grouped_scope(scope, grouping or DEFAULT_GROUPING, org_units).select("person_id", "group")
    tagged = (edge_frame.join(groups.rename({"person_id": "giver", "group": "giver_group"}), on="giver")
              .join(groups.rename({"person_id": "taker", "group": "taker_group"}), on="taker")
              .with_columns((pl.col("giver_group") != pl.col("taker_group")).alias("external")))
    return groups, tagged


def _ei(external: float, internal: float) -> float | None:
    total = external + internal
    return (external - internal) / total if total else None


def ei_index(scope: pl.DataFrame, edge_frame: pl.DataFrame, by: str | None = None,
             org_units: pl.DataFrame | None = None) -> pl.DataFrame:
    """N5: (E - I) / (E + I) over the edge weights of N4 for the grouping `by` (default: own org unit).

    One row: group ("all"), population, external, internal, ei_index (None without edges).
    """
    _, tagged = _edge_groups(scope, edge_frame, by, org_units)
    external = int(tagged.filter(pl.col("external"))["weight"].sum())
    internal = int(tagged.filter(~pl.col("external"))["weight"].sum())
    return pl.DataFrame({"group": ["all"], "population": [scope.height], "external": [external],
                         "internal": [internal], "ei_index": [_ei(external, internal)]},
                        schema={"group": pl.String, "population": pl.Int64, "external": pl.Int64,
                                "internal": pl.Int64, "ei_index": pl.Float64})


def ei_index_by_group(scope: pl.DataFrame, edge_frame: pl.DataFrame, by: str | None = None,
                      org_units: pl.DataFrame | None = None) -> pl.DataFrame:
    """N5 per group (Krackhardt's group E-I): over the weights of the edges touching the group, E those
    leaving or entering it, I those within it.

    Columns: group, population, external, internal, ei_index.
    """
    groups, tagged = _edge_groups(scope, edge_frame, by, org_units)
    ends = pl.concat([tagged.select(pl.col("giver_group").alias("group"), "external", "weight"),
                      tagged.filter(pl.col("external")).select(pl.col("taker_group").alias("group"), "external",
                                                               "weight")])
    per_group = ends.group_by("group").agg(
        pl.col("weight").filter(pl.col("external")).sum().cast(pl.Int64).alias("external"),
        pl.col("weight").filter(~pl.col("external")).sum().cast(pl.Int64).alias("internal"))
    return (groups.group_by("group").agg(pl.len().cast(pl.Int64).alias("population"))
            .join(per_group, on="group", how="left")
            .with_columns(pl.col("external").fill_null(0), pl.col("internal").fill_null(0))
            .with_columns(pl.when(pl.col("external") + pl.col("internal") > 0)
                          .then((pl.col("external") - pl.col("internal"))
                                / (pl.col("external") + pl.col("internal")))
                          .otherwise(None).cast(pl.Float64).alias("ei_index"))
            .sort("group"))


# --- N6 ---------------------------------------------------------------------------------------------------

def reach_per_contributor(scope: pl.DataFrame, edge_frame: pl.DataFrame, by: str | None = None,
                          org_units: pl.DataFrame | None = None) -> pl.DataFrame:
    """Per giver: the distinct groups among the persons reached. Columns: person_id, group, reach."""
    groups, tagged = _edge_groups(scope, edge_frame, by, org_units)
    return (tagged.group_by("giver").agg(pl.col("taker_group").n_unique().cast(pl.Int64).alias("reach"))
            .rename({"giver": "person_id"}).join(groups, on="person_id")
            .select("person_id", "group", "reach").sort("person_id"))


def _reach_summary(reaches: pl.DataFrame) -> list[pl.Expr]:
    return [pl.len().cast(pl.Int64).alias("contributors"),
            pl.col("reach").mean().cast(pl.Float64).alias("reach_mean"),
            pl.col("reach").median().cast(pl.Float64).alias("reach_median"),
            pl.col("reach").quantile(0.9, "nearest").cast(pl.Float64).alias("reach_p90"),
            pl.col("reach").max().cast(pl.Int64).alias("reach_max")]


def reach(scope: pl.DataFrame, edge_frame: pl.DataFrame, by: str | None = None,
          org_units: pl.DataFrame | None = None) -> pl.DataFrame:
    """N6: reach per contributor (distinct groups of `by` reached), summarised over all contributors.

    One row: group ("all"), population, contributors, reach_mean, reach_median, reach_p90, reach_max.
    """
    per = reach_per_contributor(scope, edge_frame, by, org_units)
    summary = per.select(_reach_summary(per))
    return pl.concat([pl.DataFrame({"group": ["all"], "population": [scope.height]},
                                   schema={"group": pl.String, "population": pl.Int64}), summary],
                     how="horizontal").with_columns(pl.col("contributors").fill_null(0))


def reach_by_group(scope: pl.DataFrame, edge_frame: pl.DataFrame, by: str | None = None,
                   org_units: pl.DataFrame | None = None) -> pl.DataFrame:
    """N6 per contributor's own group. Columns: group, population, contributors, reach_mean, reach_median,
    reach_p90, reach_max."""
    per = reach_per_contributor(scope, edge_frame, by, org_units)
    populations = (grouped_scope(scope, by or DEFAULT_GROUPING, org_units)
                   .group_by("group").agg(pl.len().cast(pl.Int64).alias("population")))
    return (populations.join(per.group_by("group").agg(_reach_summary(per)), on="group", how="left")
            .with_columns(pl.col("contributors").fill_null(0)).sort("group"))


def reach_distribution(scope: pl.DataFrame, edge_frame: pl.DataFrame, by: str | None = None,
                       org_units: pl.DataFrame | None = None) -> pl.DataFrame:
    """N6 distribution: how many contributors reached 1, 2, ... groups. Columns: reach, contributors."""
    per = reach_per_contributor(scope, edge_frame, by, org_units)
    return per.group_by("reach").agg(pl.len().cast(pl.Int64).alias("contributors")).sort("reach")


# --- N7 ---------------------------------------------------------------------------------------------------

_SERIES_SCHEMA = {"month": pl.Date, "contributors": pl.Int64, "learners": pl.Int64, "active_persons": pl.Int64,
                  "sessions_offered": pl.Int64, "seats_filled": pl.Int64, "interactions": pl.Int64}


def flywheel_series(people: pl.DataFrame, person_events: pl.DataFrame, events: pl.DataFrame,
                    identities: pl.DataFrame, activities: pl.DataFrame, period: Period,
                    timezone: str, hosted_by_scope: bool = False,
                    index: SessionIndex | None = None) -> pl.DataFrame:
    """N7 monthly series: one row per month of the period (first day as `month`). With `hosted_by_scope`
    (an org unit or country filter), sessions offered and seats filled count the sessions hosted by someone
    in scope on the month's last day (see N8 in `metrics.network`). `index`: `session_index` of the same
    frames, when the caller keeps it.

    Columns: month, contributors, learners, active_persons, sessions_offered, seats_filled, interactions.
    """
    all_interactions = interactions(in_period(person_events, period), activities)
    if index is None:
        index = session_index(events, identities, activities, timezone)
    rows = []
    for month in period.months():
        month = Period(max(month.start, period.start), min(month.end, period.end))
        scope = in_scope(people, month)
        month_events = in_period(person_events, month).join(scope.select("person_id"), on="person_id",
                                                            how="semi")
        sessions = sessions_in(index, month, scope if hosted_by_scope else None)
        month_interactions = within(all_interactions.filter(pl.col("day").is_between(month.start, month.end)),
                                    scope)
        rows.append({
            "month": month.start.replace(day=1),
            "contributors": int(contributors(scope, month_events)["contributors"].sum()),
            "learners": month_events.filter(pl.col("role") == "learner")["person_id"].n_unique(),
            "active_persons": month_events["person_id"].n_unique(),
            "sessions_offered": sessions.height,
            "seats_filled": int(sessions["attendees"].sum()),
            "interactions": month_interactions.height,
        })
    return pl.DataFrame(rows, schema=_SERIES_SCHEMA)


def network_exponent(series: pl.DataFrame, minimum_months: int = MIN_FIT_MONTHS) -> tuple[float, float, int] | None:
    """b (and a) of the least-squares fit log(interactions) = a + b log(active persons) over the months
    where both are positive: (b, a, months used), or None with fewer than `minimum_months` or no spread."""
    usable = series.filter((pl.col("interactions") > 0) & (pl.col("active_persons") > 0))
    if usable.height < minimum_months:
        return None
    x = [math.log(v) for v in usable["active_persons"].to_list()]
    y = [math.log(v) for v in usable["interactions"].to_list()]
    mx, my = sum(x) / len(x), sum(y) / len(y)
    sxx = sum((xi - mx) ** 2 for xi in x)
    if sxx == 0:
        return None
    b = sum((xi - mx) * (yi - my) for xi, yi in zip(x, y)) / sxx
    return b, my - b * mx, usable.height


def _growth(values: list[int]) -> list[float | None]:
    return [None] + [(cur / prev - 1) if prev else None for prev, cur in pairwise(values)]


def growth_correlation(series: pl.DataFrame, minimum_pairs: int = MIN_CORRELATION_PAIRS) -> tuple[float, int] | None:
    """Pearson correlation of month-on-month growth in sessions offered (month m) with the growth in
    learners of month m+1: (r, pairs), or None with fewer than `minimum_pairs` pairs or no variance."""
    sessions = _growth(series["sessions_offered"].to_list())
    learners = _growth(series["learners"].to_list())
    pairs = [(s, l) for s, l in zip(sessions, learners[1:]) if s is not None and l is not None]
    if len(pairs) < minimum_pairs:
        return None
    xs, ys = zip(*pairs)
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    return sxy / math.sqrt(sxx * syy), len(pairs)


def flywheel(people: pl.DataFrame, person_events: pl.DataFrame, events: pl.DataFrame, identities: pl.DataFrame,
             activities: pl.DataFrame, period: Period, timezone: str,
             hosted_by_scope: bool = False,
             index: SessionIndex | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """N7: the monthly series and one summary row: group ("all"), population (in scope at the range's end),
    months, exponent_b, intercept_a, fit_months, growth_correlation, correlation_pairs."""
    series = flywheel_series(people, person_events, events, identities, activities, period, timezone,
                             hosted_by_scope, index)
    fit, corr = network_exponent(series), growth_correlation(series)
    summary = pl.DataFrame([{
        "group": "all", "population": in_scope(people, period).height, "months": series.height,
        "exponent_b": fit[0] if fit else None, "intercept_a": fit[1] if fit else None,
        "fit_months": fit[2] if fit else 0,
        "growth_correlation": corr[0] if corr else None, "correlation_pairs": corr[1] if corr else 0,
    }], schema={"group": pl.String, "population": pl.Int64, "months": pl.Int64, "exponent_b": pl.Float64,
                "intercept_a": pl.Float64, "fit_months": pl.Int64, "growth_correlation": pl.Float64,
                "correlation_pairs": pl.Int64})
    return series, summary
