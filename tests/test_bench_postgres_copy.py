"""`python -m bench.postgres_copy`: a synced SQLite warehouse copied into PostgreSQL is the same warehouse."""

from __future__ import annotations

import math
from datetime import datetime

import pytest
from sqlalchemy import func, insert, select, text

from bench.__main__ import in_schema
from bench.postgres_copy import copy_warehouse
from data.db import make_engine
from data.schema import metadata, sync_runs
from data.settings import Settings
from metrics.compute import compute
from metrics.frames import read_frames
from metrics.overview import Metrics
from metrics.periods import Period
from tests.conftest import POSTGRES_URL, _postgres_engine

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not POSTGRES_URL, reason="set DIRIGENT_TEST_POSTGRES_URL (.ci/run does)")]


def test_the_copy_holds_every_row_and_gives_the_same_figures(demo_db_url):
    engine, cleanup = _postgres_engine()
    try:
        copied = copy_warehouse(demo_db_url, _scoped(engine))
        source = make_engine(demo_db_url)
        with source.connect() as before, engine.connect() as after:
            for table in metadata.sorted_tables:
                count = before.execute(select(func.count()).select_from(table)).scalar()
                assert after.execute(select(func.count()).select_from(table)).scalar() == count, table.name
                assert copied[table.name]["rows"] == count
        assert copied["events"]["rows"] > 5_000
        settings = Settings.from_env()
        here, there = Metrics(read_frames(source), settings), Metrics(read_frames(engine), settings)
        last = here.data_range()[1]
        quarter = Period.quarter(last.year, (last.month - 1) // 3 + 1).previous()
        for metric in ("P2", "P3", "P5", "N1", "N4", "S3", "P7"):
            # hours are summed in the order the database returns the rows: equal but for the last bits
            assert _close(compute(there, metric, quarter).rows, compute(here, metric, quarter).rows), metric
        with engine.begin() as conn:  # the next sync's run gets a new number: the serial key went on
            newest = conn.execute(select(func.max(sync_runs.c.run_id))).scalar()
            added = conn.execute(insert(sync_runs).values(source="x", kind="x", status="ok",
                                                          started_at=datetime(2026, 12, 1))
                                 .returning(sync_runs.c.run_id)).scalar()
            assert added == newest + 1
        source.dispose()
    finally:
        engine.dispose()
        cleanup()


def _close(rows: list[dict], expected: list[dict]) -> bool:
    return len(rows) == len(expected) and all(
        row.keys() == other.keys() and all(
            math.isclose(a, b, rel_tol=1e-12) if isinstance(a, float) and isinstance(b, float) else a == b
            for a, b in ((row[k], other[k]) for k in row))
        for row, other in zip(rows, expected))


def _scoped(engine) -> str:
    """The URL of the test engine's own schema, as `bench.postgres_copy` takes it."""
    with engine.connect() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar()
    return in_schema(POSTGRES_URL, schema)
