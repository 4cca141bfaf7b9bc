"""The warehouse as the polars frames the metrics read; loaded once, then pure functions only."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from sqlalchemy import Engine

from data.schema import (
    activities,
    activity_skills,
    enrolments,
    events,
    expertise,
    feedback,
    org_units,
    person_identities,
    person_versions,
    role_skill_requirements,
    skill_relations,
    skills,
    sync_runs,
)
from data.sqlite_arrow import read_sqlite_arrow, sqlite_file
from data.warehouse import read_table
from metrics.codes import coded

# What the metrics read of an event. The warehouse also keeps success, completion, score and the sync run: no
# metric reads them, and they were 29 % of the events frame.
EVENT_COLUMNS = ["actor_id", "activity_id", "verb", "role", "occurred_at", "duration_seconds", "counterpart_id",
                 "source"]
ACTIVITY_COLUMNS = ["activity_id", "activity_type", "channel", "title", "planned_minutes", "community", "starts_at",
                    "ends_at", "join_url", "online", "parent_activity_id", "planned_meetings", "source"]
LARGE = {"events", "enrolments"}  # read through ADBC from a SQLite file: a child process pays off from a million rows


@dataclass(frozen=True)
class Frames:
    people: pl.DataFrame  # person_versions
    identities: pl.DataFrame
    events: pl.DataFrame
    activities: pl.DataFrame
    sync_runs: pl.DataFrame
    org_units: pl.DataFrame
    activity_skills: pl.DataFrame
    skills: pl.DataFrame
    skill_relations: pl.DataFrame
    requirements: pl.DataFrame  # role_skill_requirements
    expertise: pl.DataFrame
    enrolments: pl.DataFrame
    feedback: pl.DataFrame


def load_frames(engine: Engine) -> Frames:
    """The whole warehouse as frames; with DIRIGENT_FRAME_CACHE set to a folder, from a parquet copy keyed by the
    warehouse's state when one is current (metrics/frame_cache.py)."""
    folder = os.environ.get("DIRIGENT_FRAME_CACHE")
    if folder:
        from metrics.frame_cache import cached

        return cached(engine, Path(folder), read_frames)
    return read_frames(engine)


def load_metrics(engine: Engine, settings):
    """The metrics layer over the warehouse (`metrics.overview.Metrics`); with DIRIGENT_FRAME_CACHE, its frames
    and its preparation from the parquet copy of the current state (metrics/frame_cache.py)."""
    from metrics.overview import Metrics

    folder = os.environ.get("DIRIGENT_FRAME_CACHE")
    if folder:
        from metrics.frame_cache import prepared

        return prepared(engine, Path(folder), settings, read_frames)
    return Metrics(read_frames(engine), settings)


def read_frames(engine: Engine) -> Frames:
    """The whole warehouse as frames, read from the database; identifier columns are coded as each table arrives
    (metrics/codes.py), so the load never holds them all as text. From a SQLite file the events and enrolments
    (millions of rows) are read as Arrow through ADBC, in a process of its own (data/sqlite_arrow.py)."""
    path = sqlite_file(engine)
    with engine.connect() as conn:
        def read(table, columns=None):
            frame = read_sqlite_arrow(path, table, columns, each=coded) if path and table.name in LARGE else None
            return frame if frame is not None else read_table(conn, table, columns, each=coded)

        return Frames(
            people=read(person_versions),
            identities=read(person_identities, ["identity_id", "person_id"]),
            events=read(events, EVENT_COLUMNS),
            activities=read(activities, ACTIVITY_COLUMNS),
            sync_runs=read(sync_runs),
            org_units=read(org_units, ["org_unit_id", "name", "parent_id", "level"]),
            activity_skills=read(activity_skills, ["activity_id", "skill_id"]),
            skills=read(skills, ["skill_id", "label", "skill_type"]),
            skill_relations=read(skill_relations, ["skill_id", "broader_skill_id"]),
            requirements=read(role_skill_requirements, ["role", "skill_id", "relation"]),
            expertise=read(expertise, ["actor_id", "skill_id", "declared_on"]),
            enrolments=read(enrolments, ["source", "actor_id", "activity_id", "enrolled_at", "completed_at",
                                         "status"]),
            feedback=read(feedback, ["actor_id", "activity_id", "rating", "recommendation", "submitted_at"]),
        )
