"""Participation events: resolved to persons, dated in the organisation's time zone, deduplicated."""

from __future__ import annotations

import polars as pl

from metrics.periods import Period

PARTICIPATION_ROLES = ("learner", "contributor")


def person_events(events: pl.DataFrame, identities: pl.DataFrame, timezone: str) -> pl.DataFrame:
    """Learner and contribution events of known persons, with the local calendar day.

    Events of identifiers no HR record knows (guests, external trainers) drop out here.
    """
    counterparts = identities.rename({"identity_id": "counterpart_id", "person_id": "counterpart_person_id"})
    frame = events.filter(pl.col("role").is_in(PARTICIPATION_ROLES)).join(
        identities, left_on="actor_id", right_on="identity_id", how="inner")
    if "counterpart_id" in frame.columns:  # the person on the other side, where HR knows them
        frame = frame.join(counterparts, on="counterpart_id", how="left")
    return frame.with_columns(
        pl.col("occurred_at").dt.replace_time_zone("UTC").dt.convert_time_zone(timezone).dt.date().alias("day")
    )


def in_period(person_events: pl.DataFrame, period: Period) -> pl.DataFrame:
    return person_events.filter(pl.col("day").is_between(period.start, period.end))


def learning_durations(person_events: pl.DataFrame, activities: pl.DataFrame) -> pl.DataFrame:
    """Learner events, one row per person, activity and day, with hours.

    Several sources recording the same person on the same activity on the same day count
    once, with the longest duration any of them gives; where none is tracked the activity's
    planned duration stands in, else zero.
    """
    return (
        person_events.filter(pl.col("role") == "learner")
        .join(activities.select("activity_id", "planned_minutes", "channel"), on="activity_id", how="left")
        .group_by("person_id", "activity_id", "day")
        .agg(
            pl.col("duration_seconds").max().alias("tracked_seconds"),
            pl.col("planned_minutes").first(),
            pl.col("channel").first(),
        )
        .with_columns(
            pl.coalesce("tracked_seconds", pl.col("planned_minutes") * 60, pl.lit(0.0)).alias("seconds"),
            (pl.col("tracked_seconds").is_null() & pl.col("planned_minutes").is_null()).alias("no_duration"),
        )
        .with_columns((pl.col("seconds") / 3600).alias("hours"))
    )
