"""Identifier columns arrive coded (metrics/codes.py): the same text in far less memory, and the same figures."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import polars as pl
from sqlalchemy import select

from data.schema import events
from data.settings import Settings
from metrics.activity import person_events
from metrics.codes import CODED, coded
from metrics.compute import compute, raw
from metrics.frames import Frames, read_frames
from metrics.network_graph import interactions, within
from metrics.overview import Metrics
from metrics.periods import Period
from metrics.unify import unify
from tests.conftest import COMPANY, sync_all


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col(c).cast(pl.String) for c, t in frame.schema.items() if t == pl.Categorical)


def test_identifiers_are_coded_and_read_back_as_the_stored_text(engine, pseudonymise):
    sync_all(engine, COMPANY / "sources.toml", pseudonymise)
    frames = read_frames(engine)
    assert frames.events.schema["actor_id"] == pl.Categorical
    assert frames.events.schema["activity_id"] == pl.Categorical
    assert frames.people.schema["person_id"] == pl.Categorical
    assert frames.events.schema["occurred_at"] != pl.Categorical  # only identifiers are coded
    for field in fields(Frames):
        frame = getattr(frames, field.name)
        for column, dtype in frame.schema.items():
            assert (dtype == pl.Categorical) == (column in CODED and frame[column].dtype != pl.Null), (field.name,
                                                                                                       column)
    with engine.connect() as conn:
        stored = sorted(conn.execute(select(events.c.actor_id)).scalars())
    assert sorted(frames.events["actor_id"].cast(pl.String).to_list()) == stored


def test_coded_and_text_frames_give_the_same_figures(engine, pseudonymise):
    sync_all(engine, COMPANY / "sources.toml", pseudonymise)
    settings = Settings.from_env()
    frames = read_frames(engine)
    as_text = Frames(**{f.name: _as_text(getattr(frames, f.name)) for f in fields(Frames)})
    coded_model = Metrics(frames, settings)
    unified = unify(as_text, settings.timezone)  # the layer as it was before coding: every id as text
    text_model = Metrics.from_prepared(unified, person_events(unified.events, unified.identities, settings.timezone),
                                       settings)
    assert text_model.person_events.schema["person_id"] == pl.String
    assert coded_model.person_events.schema["person_id"] == pl.Categorical
    last = coded_model.data_range()[1]
    quarter = Period.quarter(last.year, (last.month - 1) // 3 + 1).previous()
    for metric in ("P2", "P3", "P5", "N1", "N4", "S3"):
        assert compute(coded_model, metric, quarter).rows == compute(text_model, metric, quarter).rows, metric


def test_pure_functions_join_coded_frames_with_text_ones():
    person_events = coded(pl.DataFrame({
        "person_id": ["h", "a"], "activity_id": ["s1", "s1"], "verb": ["hosted", "attended"],
        "day": [date(2026, 3, 2)] * 2, "role": ["contributor", "learner"]}))
    activities = coded(pl.DataFrame({"activity_id": ["s1"], "activity_type": ["session"]}))
    found = interactions(person_events, activities)
    assert found.schema["giver"] == pl.Categorical
    scope = pl.DataFrame({"person_id": ["h", "a"]})  # text, as a test or a narrowed load may give it
    assert within(found, scope).select(pl.col("giver", "taker").cast(pl.String)).rows() == [("h", "a")]


def test_tables_are_read_and_coded_batch_by_batch(engine, pseudonymise, monkeypatch):
    from data import warehouse
    from data.warehouse import read_table

    sync_all(engine, COMPANY / "sources.toml", pseudonymise)
    monkeypatch.setattr(warehouse, "BATCH_ROWS", 7)
    sizes = []

    def each(batch):
        sizes.append(batch.height)
        return coded(batch)

    with engine.connect() as conn:
        whole = read_table(conn, events)
        batched = read_table(conn, events, each=each)
        read, sizes[:] = list(sizes), []
        empty = read_table(conn, events, where=events.c.verb == "no such verb", each=each)
    assert whole.height > 7 and read[:-1] == [7] * (len(read) - 1) and 0 < read[-1] <= 7
    assert sum(read) == whole.height and sizes == [0]
    assert batched.schema["actor_id"] == pl.Categorical and _as_text(batched).equals(whole)
    assert empty.is_empty() and empty.schema == batched.schema


def test_p7_in_parts_gives_the_same_figures_on_a_synced_company(engine, pseudonymise, monkeypatch):
    """P7's enrolments computed in parts by person (large warehouses) against one piece, on coded frames."""
    sync_all(engine, COMPANY / "sources.toml", pseudonymise)
    settings = Settings.from_env()
    frames = read_frames(engine)
    first, last = Metrics(frames, settings).data_range()
    period = Period(first, last)
    whole = raw(Metrics(frames, settings), "P7", period, None)  # before the privacy rules: 4 persons
    monkeypatch.setattr("metrics.participation_more.EVENTS_PER_PART", max(1, frames.events.height // 7))
    assert raw(Metrics(frames, settings), "P7", period, None).equals(whole)
    assert whole["value"].drop_nulls().len() == 1
