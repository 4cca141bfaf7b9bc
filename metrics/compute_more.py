"""P6 to P10 and C1 to C5 for the catalogue entry point, grouped like every other metric."""

from __future__ import annotations

import polars as pl

from metrics.activity import in_period
from metrics.catalogue import PERSON_GROUPINGS
from metrics.companionship import (
    accompanied_learners,
    active_companions,
    learning_circles,
    learning_conversations,
)
from metrics.grouping import parse, with_group
from metrics.overview import Metrics
from metrics.participation_more import (
    CHANNELS,
    LORENZ_COLUMNS,
    channel_mix,
    cohort_table,
    completion_rate,
    enrolments_of_persons,
    participation_inequality,
    returning_learners,
    satisfaction,
)
from metrics.periods import Period
from metrics.population import scope_of

CHANNEL_SHARES = [f"share_{c}" for c in (*CHANNELS, "other")]


def _scope(model: Metrics, period: Period, by: str | None) -> tuple[pl.DataFrame, str | None]:
    """In-scope persons with their group; the column name the metric functions group by."""
    scope = scope_of(model, period)
    if by is None or parse(by)[0] not in PERSON_GROUPINGS:
        return scope, None
    return with_group(scope, by, model.frames.org_units).rename({"group": "grouping"}), "grouping"


def _events(model: Metrics, period: Period) -> pl.DataFrame:
    return in_period(model.person_events, period)


def _values(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    return frame.select("group", "population", *columns)


def p6(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    if by == "channel":
        scope, _ = _scope(model, period, None)
        row = channel_mix(scope, _events(model, period), model.frames.activities).row(0, named=True)
        return pl.DataFrame({"group": [*CHANNELS, "other"],
                             "population": [row["population"]] * (len(CHANNELS) + 1),
                             "value": [row[f"share_{c}"] for c in (*CHANNELS, "other")]})
    scope, column = _scope(model, period, by)
    return _values(channel_mix(scope, _events(model, period), model.frames.activities, column), CHANNEL_SHARES)


def _enrolments(model: Metrics) -> pl.DataFrame:
    """Every enrolment of the model's (possibly filtered) load, kept on the model: it does not depend on the
    period, and a monthly completion series asks for it once per month."""
    timezone = model.settings.timezone
    cached = model.__dict__.get("_enrolments_of_persons")
    if cached is None or cached[0] != timezone:
        cached = timezone, enrolments_of_persons(model.frames.enrolments, model.frames.events,
                                                 model.frames.identities, model.frames.activities, timezone)
        model.__dict__["_enrolments_of_persons"] = cached
    return cached[1]


def p7(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    scope, column = _scope(model, period, by)
    return completion_rate(scope, _enrolments(model), period, column).select(
        "group", "population", pl.col("completion_rate").alias("value"))


def p8(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    """One row per month (and group): the share of the month's active learners active again the next month."""
    _, column = _scope(model, period, by)
    people = model.frames.people
    if column:
        people = with_group(people, by, model.frames.org_units).rename({"group": "grouping"})
    frame = returning_learners(people, model.person_events, period, column)
    label = pl.col("month").cast(pl.String) + (pl.lit(" ") + pl.col("group") if column else pl.lit(""))
    returning = frame.select(label.alias("group"), "population", pl.col("returning_rate").alias("value"))
    cohorts = cohort_table(people, model.person_events, period, column)
    cohort_label = (pl.lit("cohort ") + pl.col("cohort").cast(pl.String).str.slice(0, 7) + pl.lit(" +")
                    + pl.col("months_since").cast(pl.String)
                    + (pl.lit(" ") + pl.col("group") if column else pl.lit("")))
    # A cohort is its own group: the guard must see its size, not the headcount.
    cohort_rows = cohorts.select(cohort_label.alias("group"), pl.col("cohort_size").alias("population"),
                                 pl.col("share").alias("value"))
    return pl.concat([returning, cohort_rows.cast(returning.schema)])


def p9(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    scope, column = _scope(model, period, by)
    frame = participation_inequality(scope, _events(model, period), column)
    # the curve draws how events spread over the active persons: not over fewer than k of them
    few = pl.col("active") < model.settings.min_group_size
    frame = frame.with_columns([pl.when(few).then(None).otherwise(pl.col(c)).alias(c) for c in LORENZ_COLUMNS])
    return _values(frame,
                   ["active", "top1_share", "top10_share", "gini", "lurkers", "occasional", "heavy",
                    *LORENZ_COLUMNS])


def p10(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    scope, column = _scope(model, period, by)
    # under an org unit or country filter, anonymous feedback cannot be placed in the filtered population
    person_filter = bool(model.filters and (model.filters.org_unit or model.filters.country))
    frame = satisfaction(scope, model.frames.feedback, model.frames.activities, model.frames.identities, period,
                         model.settings.timezone, column, identified_only=person_filter)
    return _values(frame, ["ratings", "mean_rating", "recommendations", "nps"])


def c1(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    held = learning_conversations(model.frames.events, model.frames.activities, period, model.settings.timezone)
    return pl.DataFrame({"group": ["all"], "population": [scope_of(model, period).height],
                         "value": [held]})


def c2(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    scope, column = _scope(model, period, by)
    return active_companions(scope, _events(model, period), column).select(
        "group", "population", pl.col("companions").alias("value"))


def _accompanied(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    scope, column = _scope(model, period, by)
    return accompanied_learners(scope, _events(model, period), model.frames.activities, column)


def c3(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    return _values(_accompanied(model, period, by), ["accompanied", "accompanied_share"])


def c4(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    return _accompanied(model, period, by).select("group", "population",
                                                   pl.col("conversations_per_learner").alias("value"))


def c5(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    scope, column = _scope(model, period, by)
    frame = learning_circles(scope, model.frames.events, model.frames.identities, model.frames.activities, period,
                             model.settings.timezone, column)
    return _values(frame, ["circles", "members", "reached_share"])


MORE_COMPUTATIONS = {"P6": p6, "P7": p7, "P8": p8, "P9": p9, "P10": p10,
                     "C1": c1, "C2": c2, "C3": c3, "C4": c4, "C5": c5}
