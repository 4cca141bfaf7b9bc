"""The warehouse as the polars frames the metrics read; loaded once, then pure functions only."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy import Engine

from data.schema import activities, events, person_identities, person_versions, sync_runs
from data.warehouse import read_table

EVENT_COLUMNS = ["actor_id", "activity_id", "verb", "role", "occurred_at", "duration_seconds"]


@dataclass(frozen=True)
class Frames:
    people: pl.DataFrame  # person_versions
    identities: pl.DataFrame
    events: pl.DataFrame
    activities: pl.DataFrame
    sync_runs: pl.DataFrame


def load_frames(engine: Engine) -> Frames:
    with engine.connect() as conn:
        return Frames(
            people=read_table(conn, person_versions),
            identities=read_table(conn, person_identities, ["identity_id", "person_id"]),
            events=read_table(conn, events, EVENT_COLUMNS + ["source", "sync_run_id"]),
            activities=read_table(conn, activities, ["activity_id", "activity_type", "channel", "planned_minutes"]),
            sync_runs=read_table(conn, sync_runs),
        )
