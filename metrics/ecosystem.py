"""The players of the learning ecosystem: figures grouped by what was learned, not only by who learned.

Activity-side groupings (for P2 and P4):

- `channel`: the activity's channel (formal, peer, coaching, circle; anything else is `other`).
- `provider`: the player who supplies the learning: the activity's community (a LEX or calendar
  community, a Moodle course category, an external provider such as LinkedIn Learning); an activity
  without one takes its parent's (a Moodle module its course's, a circle meeting its circle's); else the
  source system that recorded it (`companionship`, `moodle` ...). Activities the warehouse does not know
  fall into `unknown`.

They combine with each other and with a person grouping by `+`, as `provider+org_unit:2` or
`channel+provider`: one row, a *flow*, per combination that occurs, its group the parts joined by
`SEPARATOR` in the order asked for.

Choices where METRICS.md is silent (the analyst's reading):

- A flow's population is the number of distinct in-scope persons in it: for P4 the learners whose
  hours it sums, for P2 the persons with a learner or contribution event in it (so P2's value is its
  population). A flow with fewer than k persons is hidden by the guard.
- P4 of a flow is the sum of the durations of learner events on its activities (one person, one
  activity, one day counts once, as everywhere); flows of one grouping add up to P4 of the whole.
  P2 flows do not add up: a person active with two providers counts in both.
- Totals and sibling flows must not give a hidden flow away (METRICS.md, privacy): `protect` hides
  further flows until, along every line of the table (all flows that share every part but one, and
  for a single grouping all groups), the hidden flows are none, all, or flows whose populations add up
  to 2k or more (`metrics.privacy_cells`). A line hides first a visible flow whose other lines already
  hold a hidden one, then the smallest. These rows carry the note `metrics.privacy.RECOVERABLE`.
"""

from __future__ import annotations

import polars as pl

from metrics.activity import in_period, learning_durations
from metrics.catalogue import ACTIVITY_GROUPINGS, PERSON_GROUPINGS
from metrics.grouping import UNKNOWN, parse, parts, with_group
from metrics.participation_more import CHANNELS
from metrics.periods import Period
from metrics.population import in_scope
from metrics.privacy import RECOVERABLE, hide
from metrics.privacy_cells import complement

SEPARATOR = " | "
FLOW_METRICS = ("P2", "P4")
OTHER_CHANNEL = "other"


def is_activity_side(by: str | None) -> bool:
    """True for a grouping with channel or provider in it (alone or combined)."""
    return by is not None and any(parse(part)[0] in ACTIVITY_GROUPINGS for part in parts(by))


def activity_groups(activities: pl.DataFrame) -> pl.DataFrame:
    """activity_id, channel (one of CHANNELS or `other`) and provider of every activity."""
    def named(column: str) -> pl.Expr:
        text = pl.col(column).cast(pl.String).str.strip_chars()
        return pl.when(text.str.len_chars() > 0).then(text.str.replace_all(SEPARATOR, " / ", literal=True))

    parents = activities.select(pl.col("activity_id").alias("parent_activity_id"),
                                named("community").alias("parent_community"))
    return (activities.join(parents, on="parent_activity_id", how="left")
            .select("activity_id",
                    pl.when(pl.col("channel").is_in(CHANNELS)).then(pl.col("channel"))
                    .otherwise(pl.lit(OTHER_CHANNEL)).alias("channel"),
                    pl.coalesce(named("community"), "parent_community", named("source"), pl.lit(UNKNOWN))
                    .alias("provider")))


def flow_frame(scope: pl.DataFrame, events_in_period: pl.DataFrame, activities: pl.DataFrame,
               org_units: pl.DataFrame, by: str, metric_id: str) -> pl.DataFrame:
    """P2 or P4 per flow of `by`: group, population (distinct in-scope persons in the flow), value."""
    columns = []
    for i, part in enumerate(parts(by)):
        name, _ = parse(part)
        columns.append((f"_g{i}", name if name in ACTIVITY_GROUPINGS else None))
        if name in PERSON_GROUPINGS:
            scope = with_group(scope, part, org_units).rename({"group": f"_g{i}"})
    person_columns = [c for c, activity_column in columns if activity_column is None]
    events = events_in_period.join(scope.select("person_id", *person_columns), on="person_id", how="inner")
    if metric_id == "P4":
        rows = learning_durations(events, activities).join(
            events.select("person_id", *person_columns).unique("person_id"), on="person_id", how="left")
    else:
        rows = events.with_columns(pl.lit(None, pl.Float64).alias("hours"))
    rows = (rows.drop("channel", strict=False)  # learning_durations brings the raw channel; ours is normalised
            .join(activity_groups(activities), on="activity_id", how="left")
            .with_columns(pl.col("channel").fill_null(OTHER_CHANNEL), pl.col("provider").fill_null(UNKNOWN)))
    group = pl.concat_str([pl.col(activity_column or column) for column, activity_column in columns],
                          separator=SEPARATOR)
    population = pl.col("person_id").n_unique().cast(pl.Int64)
    value = pl.col("hours").sum().cast(pl.Float64) if metric_id == "P4" else population
    return (rows.group_by(group.alias("group"))
            .agg(population.alias("population"), value.alias("value"))
            .sort("group"))


def flows(model, period: Period, by: str, metric_id: str) -> pl.DataFrame:
    """P2 or P4 by an activity-side grouping, over the (filtered) metrics model; unguarded."""
    if metric_id not in FLOW_METRICS:
        raise ValueError(f"{metric_id} cannot be grouped by '{by}': only {', '.join(FLOW_METRICS)} can")
    scope = in_scope(model.frames.people, period)
    return flow_frame(scope, in_period(model.person_events, period), model.frames.activities,
                      model.frames.org_units, by, metric_id)


def protect(guarded: pl.DataFrame, k: int, value_columns: list[str], by: str,
            marginal_hidden: dict[int, set[str]] | None = None) -> pl.DataFrame:
    """Hide further flows so that no hidden one can be recovered from a line's total (module docstring).

    The lines of a flow table are the flows that share every part but one (and, for a single grouping, all
    groups); `metrics.privacy_cells.complement` hides further flows until every line holds. A flow whose
    part d names a group hidden in the table of that part alone (`marginal_hidden[d]`, e.g. a provider hidden
    in P4 by provider) is hidden too: otherwise its visible flows would add up to the hidden group.
    """
    if guarded.is_empty():
        return guarded
    dimensions = len(parts(by))
    keys = [tuple(g.split(SEPARATOR)) if dimensions > 1 else (g,) for g in guarded["group"]]
    populations = guarded["population"].to_list()
    lines: dict[tuple, list[int]] = {}
    for i, key in enumerate(keys):
        for d in range(dimensions):
            lines.setdefault((d, key[:d] + key[d + 1:]), []).append(i)
    hidden = {i for i, s in enumerate(guarded["suppressed"]) if s}
    inherited = {i for i, key in enumerate(keys) if i not in hidden
                 and any(key[d] in (marginal_hidden or {}).get(d, ()) for d in range(dimensions))}
    added = inherited | complement([SEPARATOR.join(key) for key in keys], populations, hidden | inherited,
                                   list(lines.values()), 2 * k)
    return hide(guarded, {i: RECOVERABLE for i in added}, value_columns)
