"""Participation metrics P6 to P10 (METRICS.md), as pure functions of frames and a period.

Grouped functions take `by` (a column of the in-scope frame, or None for one group "all") and return
one row per group with `group`, `population` (in-scope persons of the group) and the values; the
guard is applied by the caller. A person whose attribute is empty falls into the group "unknown".

Choices where METRICS.md is silent (the analyst's reading):

- Events are counted once per person, activity, local day and verb, so the same attendance recorded
  by two sources (xAPI and Teams) is one event (P9, and the activity of P8).
- P6: channels are the four defaults; a learner event on an activity without a known channel counts
  under `other`, so the shares always add up to 1 when there are hours. No hours: shares are null.
- P7: an enrolment is one (person, activity): rows of the `enrolments` frame and `registered` admin
  events (which `person_events` drops, so they are read from the raw events here) of the same person on
  the same activity are one enrolment. It starts at the earliest `enrolled_at` / registration time; where
  no source gives one (Moodle leaves `enrolled_at` empty, iCal invitations too) it starts with the
  person's first event of any role on the activity; an enrolment with no date at all cannot be placed
  in a period and is left out. It is completed when a source gives `completed_at`, or when a
  `completed` or `passed` event of the person on the activity follows the start, in either case no
  later than the as-of date (default: no cut-off, everything loaded). Not enrolments: invitations
  that were declined, delegated, left unanswered or cancelled (statuses declined, delegated, invited,
  cancelled), registrations withdrawn by a later `unregistered` event without completion, and
  circle memberships (circles have no completion; C5 covers them).
- P8: month m's active learners are the in-scope persons of m (as of m's last day) with an event in
  m; they return when they have any event in m + 1, employed or not. The cohort table takes persons in
  scope at the period's end whose first event ever falls in one of the period's months, and follows
  each cohort month by month up to the period's end (or `until`).
- P9: persons are the period's active in-scope persons (P2). "Most active 1 % / 10 %" is the top
  ceil(1 % / 10 % of n) persons by events (ties broken arbitrarily, which does not change the share).
  Gini = sum_ij |x_i - x_j| / (2 n^2 mean), 0 for a single person; lurkers have no contribution event.
  The Lorenz curve's points `lorenz_10` ... `lorenz_90`: the share of events produced by the least active
  floor(d % of n) persons at each decile d, so `lorenz_90` = 1 - `top10_share` (null without events; through
  `compute()` also null where fewer than k persons are active, since the curve describes each of them).
- P10: a feedback belongs to the period of its activity's start (local day); activities without a start
  (courses, videos) use the day the feedback was submitted. Ratings outside 1..5 and recommendations
  outside 0..10 are ignored. Ungrouped ("all") takes every feedback, anonymous included; grouped takes
  the feedback of identified in-scope respondents of the group only. Under a person filter (org unit,
  country) the ungrouped figure takes only the feedback of identified in-scope respondents too
  (`identified_only`), since anonymous feedback cannot be placed in the filtered population.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo

import polars as pl

from metrics.activity import in_period, learning_durations
from metrics.periods import Period
from metrics.population import in_scope

CHANNELS = ("formal", "peer", "coaching", "circle")
COMPLETION_VERBS = ("completed", "passed")
NOT_ENROLLED = ("declined", "delegated", "invited", "cancelled", "unregistered")
NO_COMPLETION_TYPES = ("circle",)
EVENTS_PER_PART = 2_000_000  # P7 computes its enrolments in parts of about this many events (by person)
UNKNOWN = "unknown"


# -- shared helpers ---------------------------------------------------------------------------------------

def person_groups(scope: pl.DataFrame, by: str | None) -> pl.DataFrame:
    """person_id and group (str) of every in-scope person."""
    if by is None:
        return scope.select("person_id", pl.lit("all").alias("group"))
    return scope.select("person_id", pl.col(by).cast(pl.String).fill_null(UNKNOWN).alias("group"))


def populations(scope: pl.DataFrame, by: str | None) -> pl.DataFrame:
    groups = person_groups(scope, by)
    if groups.is_empty() and by is None:
        return pl.DataFrame({"group": ["all"], "population": [0]}, schema={"group": pl.String, "population": pl.Int64})
    return groups.group_by("group").agg(pl.len().cast(pl.Int64).alias("population")).sort("group")


def local_day(frame: pl.DataFrame, column: str, timezone: str, alias: str = "day") -> pl.DataFrame:
    """A UTC timestamp column as the local calendar date."""
    return frame.with_columns(
        pl.col(column).dt.replace_time_zone("UTC").dt.convert_time_zone(timezone).dt.date().alias(alias))


def distinct_events(person_events: pl.DataFrame) -> pl.DataFrame:
    """One row per person, activity, local day and verb: the same record from two sources counts once."""
    return person_events.unique(["person_id", "activity_id", "day", "verb"], maintain_order=True)


def _scoped(frame: pl.DataFrame, scope: pl.DataFrame) -> pl.DataFrame:
    return frame.join(scope.select("person_id"), on="person_id", how="semi")


def _share(numerator, denominator) -> float | None:
    return numerator / denominator if denominator else None


# -- P6 ---------------------------------------------------------------------------------------------------

def channel_mix(scope: pl.DataFrame, events_in_period: pl.DataFrame, activities: pl.DataFrame,
                by: str | None = None) -> pl.DataFrame:
    """P6: share of P4 (learning hours of in-scope employees) per channel.

    Columns: group, population, hours, and hours_<channel> / share_<channel> for formal, peer,
    coaching, circle and other (learner events on activities without one of the four channels).
    """
    names = (*CHANNELS, "other")
    durations = learning_durations(_scoped(events_in_period, scope), activities).join(
        person_groups(scope, by), on="person_id", how="inner")
    durations = durations.with_columns(
        pl.when(pl.col("channel").is_in(CHANNELS)).then(pl.col("channel")).otherwise(pl.lit("other")).alias("channel"))
    per_group = durations.group_by("group").agg(
        pl.col("hours").sum().alias("hours"),
        *[pl.col("hours").filter(pl.col("channel") == c).sum().alias(f"hours_{c}") for c in names],
    )
    result = populations(scope, by).join(per_group, on="group", how="left").with_columns(
        pl.col("hours").fill_null(0.0), *[pl.col(f"hours_{c}").fill_null(0.0) for c in names])
    return result.with_columns(
        [pl.when(pl.col("hours") > 0).then(pl.col(f"hours_{c}") / pl.col("hours")).otherwise(None)
         .alias(f"share_{c}") for c in names]
    ).sort("group")


# -- P7 ---------------------------------------------------------------------------------------------------

def enrolments_of_persons(enrolments: pl.DataFrame, events: pl.DataFrame, identities: pl.DataFrame,
                          activities: pl.DataFrame, timezone: str, as_of: date | None = None,
                          completion_verbs: tuple[str, ...] = COMPLETION_VERBS) -> pl.DataFrame:
    """One row per enrolment (person, activity): started (local day, null when undated) and completed (bool).

    See the module docstring for how sources are merged, dated and completed; `completion_verbs` are
    the event verbs that complete an enrolment (add "attended" to let a session's attendance count).
    """
    ids = identities.select("identity_id", "person_id")
    parts = max(1, -(-events.height // EVENTS_PER_PART))
    if parts == 1:
        return _enrolments_of(enrolments, events, ids, activities, timezone, as_of, completion_verbs)
    # An enrolment is one person's, so the persons split into parts that are computed one after another: the
    # peak is a part's per-pair frame, not the whole warehouse's (+2.4 GB at 24 million events in one piece).
    part = (pl.col("person_id").hash() % parts).alias("part")
    events = events.select("actor_id", "activity_id", "verb", "occurred_at")
    results = []
    for number in range(parts):
        own = ids.filter(part == number)
        results.append(_enrolments_of(
            enrolments.join(own, left_on="actor_id", right_on="identity_id", how="semi"),
            events.join(own, left_on="actor_id", right_on="identity_id", how="semi"),
            own, activities, timezone, as_of, completion_verbs))
    return pl.concat(results)


def _enrolments_of(enrolments: pl.DataFrame, events: pl.DataFrame, ids: pl.DataFrame, activities: pl.DataFrame,
                   timezone: str, cutoff: date | None, completion_verbs: tuple[str, ...]) -> pl.DataFrame:
    # One pass over the events, per person and activity: the first event, the last completion, the first
    # registration and whether a withdrawal came last, as instants (the earliest instant is on the earliest local
    # day), so that only these rows are dated, not every event.
    events = events.select("actor_id", "activity_id", "verb", "occurred_at")
    if cutoff is not None:  # on or before the local day `cutoff`: before the next local midnight, in UTC
        midnight = datetime.combine(cutoff + timedelta(days=1), time(), ZoneInfo(timezone))
        events = events.filter(pl.col("occurred_at") < midnight.astimezone(dt_timezone.utc).replace(tzinfo=None))
    at, verb = pl.col("occurred_at"), pl.col("verb")
    per_pair = (events.lazy().join(ids.lazy(), left_on="actor_id", right_on="identity_id", how="inner")
                .group_by("person_id", "activity_id")
                .agg(at.min().alias("first_at"), at.filter(verb.is_in(completion_verbs)).max().alias("completed_at"),
                     at.filter(verb == "registered").min().alias("registered_at"),
                     at.filter(verb == "registered").max().alias("last_registered"),
                     at.filter(verb == "unregistered").max().alias("last_unregistered"))
                .collect(engine="streaming"))
    for instant, day in (("first_at", "first_day"), ("completed_at", "completed_day"), ("registered_at", "start")):
        per_pair = local_day(per_pair, instant, timezone, day)

    from_table = local_day(
        enrolments.filter(pl.col("status").is_null() | ~pl.col("status").is_in(NOT_ENROLLED))
        .join(ids, left_on="actor_id", right_on="identity_id", how="inner"), "enrolled_at", timezone, "start")
    from_table = local_day(from_table, "completed_at", timezone, "done").select(
        "person_id", "activity_id", "start", "done")
    if cutoff is not None:
        from_table = from_table.filter(pl.col("start").is_null() | (pl.col("start") <= cutoff)).with_columns(
            pl.when(pl.col("done") <= cutoff).then(pl.col("done")).otherwise(None).alias("done"))

    # registrations: the last registered/unregistered event decides whether the registration stands (at the
    # same instant, the withdrawal)
    registrations = per_pair.filter(pl.col("start").is_not_null()).select(
        "person_id", "activity_id", "start",
        pl.when(pl.col("last_unregistered") >= pl.col("last_registered")).then(pl.lit("unregistered"))
        .otherwise(pl.lit("registered")).alias("last_verb"))

    merged = (
        pl.concat([from_table.with_columns(pl.lit(None, pl.String).alias("last_verb")),
                   registrations.with_columns(pl.lit(None, pl.Date).alias("done"))
                   .select("person_id", "activity_id", "start", "done", "last_verb")], how="vertical_relaxed")
        .group_by("person_id", "activity_id")
        .agg(pl.col("start").min(), pl.col("done").min(), pl.col("last_verb").drop_nulls().last())
        .join(per_pair.select("person_id", "activity_id", "first_day", "completed_day"),
              on=["person_id", "activity_id"], how="left")
        .with_columns(pl.coalesce("start", "first_day").alias("started"))
        .with_columns(
            (pl.col("done").is_not_null()
             | (pl.col("completed_day").is_not_null() & (pl.col("completed_day") >= pl.col("started"))))
            .fill_null(False).alias("completed"))
        # a registration withdrawn and never completed is no enrolment
        .filter(~((pl.col("last_verb") == "unregistered") & ~pl.col("completed")).fill_null(False))
    )
    no_completion = activities.filter(pl.col("activity_type").is_in(NO_COMPLETION_TYPES)).select("activity_id")
    return merged.join(no_completion, on="activity_id", how="anti").select(
        "person_id", "activity_id", "started", "completed")


def completion_rate(scope: pl.DataFrame, enrolments: pl.DataFrame, period: Period,
                    by: str | None = None) -> pl.DataFrame:
    """P7: of enrolments started in the period, the share completed by the as-of date.

    `enrolments` comes from `enrolments_of_persons`. Columns: group, population, enrolments, completed,
    completion_rate (null without enrolments).
    """
    started = enrolments.filter(pl.col("started").is_between(period.start, period.end)).join(
        person_groups(scope, by), on="person_id", how="inner")
    per_group = started.group_by("group").agg(
        pl.len().cast(pl.Int64).alias("enrolments"), pl.col("completed").sum().cast(pl.Int64).alias("completed"))
    result = populations(scope, by).join(per_group, on="group", how="left").with_columns(
        pl.col("enrolments").fill_null(0), pl.col("completed").fill_null(0))
    return result.with_columns(
        pl.when(pl.col("enrolments") > 0).then(pl.col("completed") / pl.col("enrolments")).otherwise(None)
        .alias("completion_rate")).sort("group")


# -- P8 ---------------------------------------------------------------------------------------------------

def _next_month(month: Period) -> Period:
    following = month.end + timedelta(days=1)
    return Period.month(following.year, following.month)


def returning_learners(people: pl.DataFrame, person_events: pl.DataFrame, period: Period,
                       by: str | None = None) -> pl.DataFrame:
    """P8: for each month m of the period, the share of m's active learners active again in m + 1.

    Columns: month (first day of m), group, population (in scope at m's end), active, returning,
    returning_rate (null when nobody was active in m).
    """
    frames = []
    for month in period.months():
        scope = in_scope(people, month)
        active = in_period(person_events, month).select("person_id").unique().join(
            person_groups(scope, by), on="person_id", how="inner")
        again = in_period(person_events, _next_month(month)).select("person_id").unique()
        per_group = active.with_columns(pl.col("person_id").is_in(again["person_id"].implode()).alias("back")) \
            .group_by("group").agg(pl.len().cast(pl.Int64).alias("active"),
                                   pl.col("back").sum().cast(pl.Int64).alias("returning"))
        frames.append(populations(scope, by).join(per_group, on="group", how="left").with_columns(
            pl.lit(month.start).alias("month"), pl.col("active").fill_null(0), pl.col("returning").fill_null(0)))
    result = pl.concat(frames)
    return result.with_columns(
        pl.when(pl.col("active") > 0).then(pl.col("returning") / pl.col("active")).otherwise(None)
        .alias("returning_rate")
    ).select("month", "group", "population", "active", "returning", "returning_rate").sort("month", "group")


def _month_index(day_column: str) -> pl.Expr:
    return pl.col(day_column).dt.year() * 12 + pl.col(day_column).dt.month() - 1


def cohort_table(people: pl.DataFrame, person_events: pl.DataFrame, period: Period, by: str | None = None,
                 until: date | None = None) -> pl.DataFrame:
    """P8 cohort table: persons by month of their first event ever, share active k months later.

    Cohorts are the period's months; columns run from 0 months since up to `until` (default: the
    period's end). Columns: cohort (first day of month), months_since, group, population (in scope at
    the period's end), cohort_size, active, share (active / cohort_size).
    """
    last = until or period.end
    scope = in_scope(people, period)
    groups = person_groups(scope, by)
    scoped = _scoped(person_events, scope).filter(pl.col("day") <= last).with_columns(_month_index("day").alias("m"))
    first = scoped.group_by("person_id").agg(pl.col("m").min().alias("cohort_m"))
    first = first.filter(pl.col("cohort_m").is_between(period.start.year * 12 + period.start.month - 1,
                                                        period.end.year * 12 + period.end.month - 1))
    first = first.join(groups, on="person_id", how="inner")
    last_m = last.year * 12 + last.month - 1
    grid = first.with_columns(pl.int_ranges(0, last_m - pl.col("cohort_m") + 1).alias("months_since")).explode(
        "months_since")
    activity = scoped.select("person_id", "m").unique()
    grid = grid.with_columns((pl.col("cohort_m") + pl.col("months_since")).alias("m")).join(
        activity.with_columns(pl.lit(True).alias("was_active")), on=["person_id", "m"], how="left").with_columns(
        pl.col("was_active").fill_null(False))
    sizes = first.group_by("group", "cohort_m").agg(pl.len().cast(pl.Int64).alias("cohort_size"))
    table = grid.group_by("group", "cohort_m", "months_since").agg(
        pl.col("was_active").sum().cast(pl.Int64).alias("active")).join(sizes, on=["group", "cohort_m"])
    table = table.join(populations(scope, by), on="group", how="left").with_columns(
        pl.date(pl.col("cohort_m") // 12, pl.col("cohort_m") % 12 + 1, 1).alias("cohort"),
        pl.col("months_since").cast(pl.Int64),
        (pl.col("active") / pl.col("cohort_size")).alias("share"))
    return table.select("cohort", "months_since", "group", "population", "cohort_size", "active", "share").sort(
        "cohort", "months_since", "group")


# -- P9 ---------------------------------------------------------------------------------------------------

def gini(values: list[float]) -> float | None:
    """Gini coefficient of non-negative values: 0 all equal, towards 1 all on one; None for no values."""
    n = len(values)
    total = sum(values)
    if n == 0:
        return None
    if total == 0:
        return 0.0
    ordered = sorted(values)
    # sum_ij |x_i - x_j| / (2 n^2 mean) written with the sorted values
    weighted = sum((2 * (i + 1) - n - 1) * x for i, x in enumerate(ordered))
    return weighted / (n * total)


def top_share(values: list[float], fraction: float) -> float | None:
    """Share of the total produced by the top ceil(fraction * n) values."""
    total = sum(values)
    if not values or total == 0:
        return None
    top = max(1, math.ceil(fraction * len(values) - 1e-9))
    return sum(sorted(values, reverse=True)[:top]) / total


LORENZ_DECILES = tuple(range(10, 100, 10))
LORENZ_COLUMNS = [f"lorenz_{d}" for d in LORENZ_DECILES]


def lorenz_points(values: list[float]) -> dict[str, float | None]:
    """Share of the total produced by the least active floor(d % of n) values, at each decile d."""
    total = sum(values)
    if not values or total == 0:
        return dict.fromkeys(LORENZ_COLUMNS)
    ordered = sorted(values)
    n = len(ordered)
    return {f"lorenz_{d}": sum(ordered[:(d * n) // 100]) / total for d in LORENZ_DECILES}


def participation_inequality(scope: pl.DataFrame, events_in_period: pl.DataFrame,
                             by: str | None = None) -> pl.DataFrame:
    """P9: concentration of learner and contribution events among the period's active persons.

    Columns: group, population, active, events, top1_share, top10_share, gini, lurkers, occasional
    (1 to 4 contributions), heavy (5 or more), lurker_share, occasional_share, heavy_share, and the Lorenz
    curve's points lorenz_10 ... lorenz_90 (see `lorenz_points`).
    """
    events = distinct_events(_scoped(events_in_period, scope))
    per_person = events.group_by("person_id").agg(
        pl.len().alias("events"), (pl.col("role") == "contributor").sum().alias("contributions"),
    ).join(person_groups(scope, by), on="person_id", how="inner")
    rows = []
    for group in populations(scope, by).iter_rows(named=True):
        mine = per_person.filter(pl.col("group") == group["group"])
        counts = [float(x) for x in mine["events"].to_list()]
        contributions = mine["contributions"].to_list()
        n = len(counts)
        lurkers = sum(1 for c in contributions if c == 0)
        occasional = sum(1 for c in contributions if 1 <= c <= 4)
        heavy = sum(1 for c in contributions if c >= 5)
        rows.append({**group, "active": n, "events": int(sum(counts)), "top1_share": top_share(counts, 0.01),
                     "top10_share": top_share(counts, 0.10), "gini": gini(counts), "lurkers": lurkers,
                     "occasional": occasional, "heavy": heavy, "lurker_share": _share(lurkers, n),
                     "occasional_share": _share(occasional, n), "heavy_share": _share(heavy, n),
                     **lorenz_points(counts)})
    schema = {"group": pl.String, "population": pl.Int64, "active": pl.Int64, "events": pl.Int64,
              "top1_share": pl.Float64, "top10_share": pl.Float64, "gini": pl.Float64, "lurkers": pl.Int64,
              "occasional": pl.Int64, "heavy": pl.Int64, "lurker_share": pl.Float64,
              "occasional_share": pl.Float64, "heavy_share": pl.Float64, **dict.fromkeys(LORENZ_COLUMNS, pl.Float64)}
    return pl.DataFrame(rows, schema=schema)


# -- P10 --------------------------------------------------------------------------------------------------

def satisfaction(scope: pl.DataFrame, feedback: pl.DataFrame, activities: pl.DataFrame,
                 identities: pl.DataFrame, period: Period, timezone: str, by: str | None = None,
                 identified_only: bool = False) -> pl.DataFrame:
    """P10: mean rating (1 to 5) and NPS (0 to 10 recommendation) of feedback on the period's activities.

    Columns: group, population, ratings, mean_rating, recommendations, promoters, detractors, nps
    (percentage of promoters minus percentage of detractors, in points; null without recommendations).
    `identified_only`: ungrouped, count only the feedback of identified in-scope respondents (as grouped does).
    """
    dated = local_day(feedback.join(activities.select("activity_id", "starts_at"), on="activity_id", how="left"),
                      "starts_at", timezone, "activity_day")
    dated = local_day(dated, "submitted_at", timezone, "submitted_day").with_columns(
        pl.coalesce("activity_day", "submitted_day").alias("day")).filter(
        pl.col("day").is_between(period.start, period.end))
    if by is None and not identified_only:
        grouped = dated.with_columns(pl.lit("all").alias("group"))
    else:
        grouped = dated.join(identities.select("identity_id", "person_id"), left_on="actor_id",
                             right_on="identity_id", how="inner").join(person_groups(scope, by), on="person_id",
                                                                       how="inner")
    rating = pl.col("rating").filter(pl.col("rating").is_between(1, 5))
    recommendation = pl.col("recommendation").filter(pl.col("recommendation").is_between(0, 10))
    per_group = grouped.group_by("group").agg(
        rating.len().cast(pl.Int64).alias("ratings"), rating.mean().cast(pl.Float64).alias("mean_rating"),
        recommendation.len().cast(pl.Int64).alias("recommendations"),
        (recommendation >= 9).sum().cast(pl.Int64).alias("promoters"),
        (recommendation <= 6).sum().cast(pl.Int64).alias("detractors"),
    )
    result = populations(scope, by).join(per_group, on="group", how="left").with_columns(
        *[pl.col(c).fill_null(0) for c in ("ratings", "recommendations", "promoters", "detractors")])
    return result.with_columns(
        pl.when(pl.col("recommendations") > 0)
        .then(100 * (pl.col("promoters") - pl.col("detractors")) / pl.col("recommendations"))
        .otherwise(None).alias("nps")).sort("group")
