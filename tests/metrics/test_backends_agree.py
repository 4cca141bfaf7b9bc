"""The same demo company synced into SQLite and PostgreSQL gives the same figures for every metric."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from data.db import make_engine
from data.pseudonyms import Pseudonymiser
from data.settings import Settings
from metrics.catalogue import CATALOGUE
from metrics.compute import compute
from metrics.frames import load_frames
from metrics.overview import Metrics
from metrics.periods import Period
from metrics.privacy import guard_frame
from tests.conftest import POSTGRES_URL, TEST_KEY, _postgres_engine
from tests.support.demo import generate_demo, sync_demo

QUARTER = Period.parse("2026-Q3")


def _same(a, b) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) or (math.isnan(a) and math.isnan(b))
    return a == b


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="set DIRIGENT_TEST_POSTGRES_URL to compare with PostgreSQL (.ci/run does)")
def test_every_metric_is_the_same_on_sqlite_and_postgresql(tmp_path):
    generate_demo(tmp_path, employees=150, months=6, seed=11)
    pseudonymise = Pseudonymiser(TEST_KEY.encode())
    sqlite = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    postgres, cleanup = _postgres_engine()
    try:
        models = []
        for engine in (sqlite, postgres):
            from data.migrate import upgrade

            upgrade(engine)
            sync_demo(engine, tmp_path, pseudonymise)
            models.append(Metrics(load_frames(engine), Settings.from_env()))
        for metric in CATALOGUE:
            on_sqlite = compute(models[0], metric.id, QUARTER).rows
            on_postgres = compute(models[1], metric.id, QUARTER).rows
            assert len(on_sqlite) == len(on_postgres), metric.id
            for left, right in zip(on_sqlite, on_postgres):
                assert _same(left, right), (metric.id, left, right)
    finally:
        sqlite.dispose()
        postgres.dispose()
        cleanup()


@given(st.lists(st.tuples(st.integers(0, 40), st.floats(0, 1)), min_size=1, max_size=30), st.integers(5, 20))
def test_no_row_below_k_is_ever_shown(groups, k):
    import polars as pl

    frame = pl.DataFrame({"group": [str(i) for i in range(len(groups))],
                          "population": [p for p, _ in groups], "value": [v for _, v in groups]})
    guarded = guard_frame(frame, k, ["value"])
    for row in guarded.iter_rows(named=True):
        assert row["suppressed"] == (row["population"] < k)
        if row["suppressed"]:
            assert row["value"] is None and row["note"] == f"fewer than {k} people"
        else:
            assert row["value"] is not None
