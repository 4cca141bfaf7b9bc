"""The metrics layer's load of a SQLite file through ADBC gives exactly the frames the SQLAlchemy path gives, and
never opens the file with the driver's own SQLite in this process."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime

import polars as pl
import pytest
from sqlalchemy import insert, text

from data import sqlite_arrow
from data.db import make_engine
from data.schema import events, sync_runs
from data.sqlite_arrow import read_sqlite_arrow, sqlite_file
from metrics import frames as frames_module
from metrics.codes import coded
from tests.conftest import COMPANY, sync_all


def plain_frames(engine, monkeypatch):
    """The load through SQLAlchemy only."""
    with monkeypatch.context() as patch:
        patch.setattr(frames_module, "sqlite_file", lambda engine: None)
        return frames_module.read_frames(engine)


def assert_same(arrow, plain) -> None:
    for field in fields(arrow):
        ours, theirs = getattr(arrow, field.name), getattr(plain, field.name)
        assert ours.schema == theirs.schema, field.name
        assert ours.equals(theirs), field.name


def test_the_fixture_company_loads_the_same_both_ways(sqlite_engine, pseudonymise, monkeypatch):
    sync_all(sqlite_engine, COMPANY / "sources.toml", pseudonymise)
    assert sqlite_file(sqlite_engine)  # the driver is installed (requirements.txt): this test exercises it
    arrow = frames_module.read_frames(sqlite_engine)
    assert arrow.events.height > 0 and arrow.people.height > 0
    assert_same(arrow, plain_frames(sqlite_engine, monkeypatch))


def add_events(engine, rows: list[dict]) -> None:
    with engine.begin() as conn:
        run = conn.execute(insert(sync_runs).values(source="t", kind="xapi", started_at=datetime(2026, 1, 1),
                                                    status="ok")).inserted_primary_key[0]
        conn.execute(insert(events), [{"source": "t", "actor_id": "a" * 32, "activity_id": "urn:x", "verb": "attended",
                                       "role": "learner", "sync_run_id": run, **row} for row in rows])


def test_a_column_that_starts_with_nulls_keeps_its_declared_type(sqlite_engine, monkeypatch):
    """The driver infers types from the first batch; without the typed first row a text column that starts with
    NULLs would be read as integers and fail on its first text."""
    monkeypatch.setattr(sqlite_arrow, "BATCH_ROWS", 3)
    rows = [{"source_record_id": str(i), "occurred_at": datetime(2026, 1, 1, 9, 0, i), "counterpart_id": None,
             "duration_seconds": None, "success": None} for i in range(7)]
    rows += [{"source_record_id": "late", "occurred_at": datetime(2026, 1, 2, 10, 30, 0, 250),
              "counterpart_id": "b" * 32, "duration_seconds": 90, "success": True}]
    add_events(sqlite_engine, rows)
    frame = read_sqlite_arrow(sqlite_file(sqlite_engine), events)
    assert frame is not None and frame.height == 8
    late = frame.filter(pl.col("source_record_id") == "late").row(0, named=True)
    assert late["counterpart_id"] == "b" * 32 and late["duration_seconds"] == 90.0 and late["success"] is True
    assert late["occurred_at"] == datetime(2026, 1, 2, 10, 30, 0, 250)
    assert frame.schema["duration_seconds"] == pl.Float64 and frame.schema["success"] == pl.Boolean
    assert_same(frames_module.read_frames(sqlite_engine), plain_frames(sqlite_engine, monkeypatch))


def test_a_value_it_cannot_type_falls_back_to_the_usual_reader(sqlite_engine, monkeypatch):
    add_events(sqlite_engine, [{"source_record_id": "1", "occurred_at": datetime(2026, 1, 1)}])
    with sqlite_engine.begin() as conn:  # a time written by another tool, in another format
        conn.execute(text("UPDATE events SET occurred_at = '2026-01-01T08:00:00Z'"))
    path = sqlite_file(sqlite_engine)
    assert read_sqlite_arrow(path, events, ["occurred_at"]) is None
    assert read_sqlite_arrow(path, events, ["actor_id", "verb"], each=coded).height == 1
    assert_same(frames_module.read_frames(sqlite_engine), plain_frames(sqlite_engine, monkeypatch))


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_only_a_sqlite_file_is_read_through_adbc(url):
    engine = make_engine(url)
    assert sqlite_file(engine) is None
    engine.dispose()


def test_the_driver_never_runs_in_this_process(sqlite_engine, pseudonymise, monkeypatch):
    """Two copies of SQLite in one process release each other's locks when one closes the file: the dashboard
    writes its audit log through Python's sqlite3 while it loads, and lost those rows when the driver read there
    (tests/dashboard/test_login_browser.py found it)."""
    import sys

    sync_all(sqlite_engine, COMPANY / "sources.toml", pseudonymise)
    loaded = frames_module.read_frames(sqlite_engine)
    assert loaded.events.height > 0
    assert not [name for name in sys.modules if name.startswith(("adbc_driver_sqlite", "adbc_driver_manager"))]
