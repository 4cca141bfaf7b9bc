"""Data health: per source its runs, freshness, quarantine reasons, expectation results, unmatched identities.

Nothing here names a person: quarantine is summarised by reason and location, identities by count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import polars as pl
from sqlalchemy import Engine, func, select

from data.schema import (
    events,
    person_identities,
    quarantine,
    sync_runs,
    validation_results,
)
from data.warehouse import read_table


@dataclass(frozen=True)
class DataHealth:
    runs: pl.DataFrame  # every sync run, newest first
    sources: pl.DataFrame  # one row per source: last run, last success, newest event, totals
    quarantine: pl.DataFrame  # source, reason, records, example locations
    expectations: pl.DataFrame  # the newest run's results per source and expectation
    unmatched: pl.DataFrame  # source, identities HR does not know, their events


def load_data_health(engine: Engine, frames=None) -> DataHealth:
    """The health of every source. The events' figures (newest event, unmatched identities) come from `frames`
    (metrics.frames.Frames, the load the dashboard already holds) when given: at 26 million events the same
    figures in SQLite scan the events table twice and took 221 s."""
    with engine.connect() as conn:
        runs = read_table(conn, sync_runs).sort("run_id", descending=True)
        reasons = pl.DataFrame(
            conn.execute(select(quarantine.c.source, quarantine.c.reason, func.count(), func.min(quarantine.c.location))
                         .group_by(quarantine.c.source, quarantine.c.reason)).all(),
            schema={"source": pl.String, "reason": pl.String, "records": pl.Int64, "first_location": pl.String},
            orient="row").sort("records", descending=True)
        results = read_table(conn, validation_results)
        if frames is None:
            event_frame = read_table(conn, events, ["source", "actor_id", "occurred_at"])
            identity_frame = read_table(conn, person_identities, ["identity_id"])
    if frames is not None:
        event_frame, identity_frame = frames.events, frames.identities
    newest_event, unmatched = _event_figures(event_frame, identity_frame)
    return DataHealth(runs, _sources(runs, newest_event), reasons, _latest_results(runs, results), unmatched)


def _event_figures(event_frame: pl.DataFrame, identity_frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per source its newest event and count; and the identities HR does not know, with their events. Grouped
    and joined as the columns come (coded or text), cast to text only once grouped."""
    newest = (event_frame.group_by("source").agg(pl.col("occurred_at").max().alias("newest_event"),
                                                 pl.len().alias("events"))
              .cast({"source": pl.String, "newest_event": pl.Datetime("us"), "events": pl.Int64}))
    known = identity_frame.select(pl.col("identity_id").cast(event_frame.schema["actor_id"]).alias("actor_id"))
    unknown = (event_frame.select("source", "actor_id").join(known, on="actor_id", how="anti")
               .group_by("source").agg(pl.col("actor_id").n_unique().alias("identities"), pl.len().alias("events"))
               .cast({"source": pl.String, "identities": pl.Int64, "events": pl.Int64})
               .sort("source"))
    return newest, unknown


def _sources(runs: pl.DataFrame, newest_event: pl.DataFrame) -> pl.DataFrame:
    if runs.is_empty():
        return pl.DataFrame(schema={"source": pl.String})
    last = runs.sort("run_id").group_by("source").agg(
        pl.col("kind").last(), pl.col("status").last().alias("last_status"),
        pl.col("finished_at").last().alias("last_run"),
        pl.col("finished_at").filter(pl.col("status") == "ok").max().alias("last_success"),
        pl.col("message").last().alias("last_message"),
        pl.col("records_read").filter(pl.col("status") == "ok").sum().alias("read_total"),
        pl.col("quarantined").filter(pl.col("status") == "ok").sum().alias("quarantined_total"),
    )
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    return (last.join(newest_event, on="source", how="left")
            .with_columns(((pl.lit(now) - pl.col("last_success")).dt.total_minutes() / 60).round(1)
                          .alias("hours_since_success"))
            .sort("source"))


def _latest_results(runs: pl.DataFrame, results: pl.DataFrame) -> pl.DataFrame:
    """Each source's expectation results from its newest run that validated anything."""
    if results.is_empty():
        return results.with_columns(pl.lit(None, pl.String).alias("source"))
    tagged = results.join(runs.select("run_id", "source"), on="run_id")
    newest = tagged.group_by("source").agg(pl.col("run_id").max())
    return tagged.join(newest, on=["source", "run_id"]).sort("source", "success", "expectation")
