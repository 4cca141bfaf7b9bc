"""One activity across sources (METRICS.md): a shared identifier makes one activity; failing that,
the same title and start time in the organisation's time zone do.

Identifiers already match when sources use the same activity id (an xAPI IRI, a calendar URL or
UID). A meeting's join link is the second identifier. For title and start we allow a tolerance
(`START_TOLERANCE`): a Teams report's start is when the first person joined, not the planned start.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import polars as pl

START_TOLERANCE = timedelta(minutes=30)
TABLES_WITH_ACTIVITIES = ("events", "activity_skills", "enrolments", "feedback")


def namespace(activity_id: str) -> str:
    """Who minted an id: the host of a URL, the scheme and issuer of a URN; one namespace knows its own apart."""
    if "://" in activity_id:
        return activity_id.split("/")[2].lower()
    return ":".join(activity_id.split(":")[:3])


def canonical_ids(activities: pl.DataFrame, timezone: str) -> dict[str, str]:
    """activity_id -> the id of the activity it is one with (the smallest id of its set)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    local = (activities
             .with_columns(pl.col("starts_at").dt.replace_time_zone("UTC").dt.convert_time_zone(timezone)
                           .alias("local"))
             .with_columns(pl.col("local").dt.date().alias("local_day"),
                           pl.col("title").str.strip_chars().str.to_lowercase().alias("key")))
    # A join link is shared by every occurrence of a recurring meeting: one link and one day make one meeting.
    linked = (local.filter(pl.col("join_url").is_not_null())
              .group_by("join_url", "local_day").agg(pl.col("activity_id").sort()))
    for ids in linked["activity_id"]:
        for other in ids[1:]:
            union(ids[0], other)
    # Title and start only join what different sources say of the same kind of activity: one source
    # knows its own activities apart, and generic titles ("Lerngespräch") recur across kinds.
    timed = (local.filter(pl.col("key").is_not_null() & pl.col("local").is_not_null())
             .with_columns(pl.col("activity_id").map_elements(namespace, return_dtype=pl.String).alias("namespace"))
             .sort("activity_type", "key", "local_day", "local", "activity_id"))
    buckets: dict[tuple, list[tuple]] = {}
    for row in timed.select("activity_id", "activity_type", "key", "local_day", "local", "namespace",
                            "join_url").iter_rows():
        bucket = buckets.setdefault(row[1:4], [])
        match = next((earlier for earlier in bucket
                      if row[4] - earlier[4] <= START_TOLERANCE and earlier[5] != row[5]
                      and not (earlier[6] and row[6] and earlier[6] != row[6])), None)
        if match:  # the earliest candidate from another namespace
            union(match[0], row[0])
        bucket.append(row)
    return {a: find(a) for a in parent}


def unify(frames, timezone: str):
    """The frames with every activity id replaced by its canonical one; activities merged, first value wins."""
    mapping = canonical_ids(frames.activities, timezone)
    if not mapping:
        return frames

    def remap(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(pl.col("activity_id").replace(mapping))

    canonical_first = pl.col("activity_id") == pl.col("canonical")
    merged = (frames.activities.with_columns(pl.col("activity_id").replace(mapping).alias("canonical"))
              .sort(canonical_first, descending=True)
              .group_by("canonical", maintain_order=True)
              .agg(pl.all().exclude("activity_id", "canonical").drop_nulls().first())
              .rename({"canonical": "activity_id"})
              .select(frames.activities.columns))
    changes = {name: remap(getattr(frames, name)).unique() if name == "activity_skills" else
               remap(getattr(frames, name)) for name in TABLES_WITH_ACTIVITIES}
    return replace(frames, activities=merged, **changes)
