"""The loader's driver-level lookups and inserts and its polars validation give what SQLAlchemy Core and Great
Expectations gave: the same tables, counts, quarantine and validation results, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select, tuple_

from connectors.config import KINDS, load_sources
from data import loading
from data.db import make_engine
from data.migrate import upgrade
from data.pseudonyms import Pseudonymiser
from data.schema import events, metadata, quarantine, validation_results
from data.validation import _columns, _validate_gx, expectations
from tests.conftest import POSTGRES_URL, TEST_KEY, _postgres_engine
from tests.support.demo import DEMO_SOURCES, generate_demo

SOURCES = ("hr", "lex", "calendar", "teams", "companionship")
SKIPPED = {"sync_runs", "sync_state", "audit_log", "warehouse_meta", "alembic_version"}
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not POSTGRES_URL, reason="set DIRIGENT_TEST_POSTGRES_URL to test on PostgreSQL"))]


class ReferenceLoader(loading.BatchLoader):
    """The loader as it was: SQLAlchemy Core lookups and inserts."""

    def _existing(self, table, keys):
        pk = list(table.primary_key.columns)
        found = {}
        for start in range(0, len(keys), 200):
            where = tuple_(*pk).in_(keys[start:start + 200])
            for mapping in self.conn.execute(select(table).where(where)).mappings():
                found[tuple(mapping[c.name] for c in pk)] = dict(mapping)
        return found

    def _insert(self, table, rows):
        self.conn.execute(insert(table), rows)


def gx_validate(suite, table, rows, today):
    rules = [rule for rule in expectations(table, today) if _columns(rule) <= set(rows[0])] if rows else []
    return _validate_gx(suite, rules, rows) if rules else []


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("paths")
    generate_demo(root, employees=150, months=4, seed=5)
    return root


def _engine(backend, tmp_path, name):
    if backend == "sqlite":
        engine, cleanup = make_engine(f"sqlite:///{tmp_path / name}"), lambda: None
    else:
        engine, cleanup = _postgres_engine()
    upgrade(engine)
    return engine, cleanup


def _sync(engine, root: Path, full: bool = False) -> list[dict]:
    pseudonymise = Pseudonymiser(TEST_KEY.encode())
    config_dir = root / "demo"
    config_dir.mkdir(exist_ok=True)
    results = []
    for source in load_sources(DEMO_SOURCES):
        if source.name in SOURCES:
            connector = KINDS[source.kind](source.name, source.options, pseudonymise, config_dir)
            result = loading.run_sync(engine, connector, full=full).as_dict()
            assert result["status"] == "ok"
            results.append({k: v for k, v in result.items() if k != "run_id"})
    return results


def _tables(engine) -> dict[str, list]:
    with engine.connect() as conn:
        return {table.name: sorted((tuple((c, row[c]) for c in row.keys() if c not in ("created_at",))
                                    for row in conn.execute(select(table)).mappings()), key=repr)
                for table in metadata.sorted_tables if table.name not in SKIPPED}


@pytest.mark.parametrize("backend", BACKENDS)
def test_new_paths_load_what_the_reference_loaded(backend, exports, tmp_path, monkeypatch):
    engines = [_engine(backend, tmp_path, name) for name in ("new.db", "reference.db")]
    try:
        (new, _), (reference, _) = engines
        first = _sync(new, exports)
        again = _sync(new, exports, full=True)
        with monkeypatch.context() as patch:
            patch.setattr(loading, "BatchLoader", ReferenceLoader)
            patch.setattr(loading, "validate", gx_validate)
            assert _sync(reference, exports) == first
            assert _sync(reference, exports, full=True) == again
        # Everything again: nothing new; LEX and the calendar describe the same sessions, so those activities
        # change hands (updates) at every full sync, on both paths alike.
        assert all(r["loaded"] == 0 and r["duplicates"] + r["updated"] + r["quarantined"] == r["read"] > 0
                   for r in again), again
        assert {r["source"] for r in again if r["updated"]} <= {"lex", "calendar"}
        assert sum(r["loaded"] for r in first) > 1000
        tables = _tables(new)
        assert tables == _tables(reference)
        assert tables["validation_results"]
    finally:
        for engine, cleanup in engines:
            engine.dispose()
            cleanup()


class Fixed:
    """A connector yielding the items it is given."""

    name, kind = "fixed", "test"

    def __init__(self, items):
        self.items = items

    def read(self, state):
        yield from self.items

    def next_state(self):
        return {}


def test_a_record_failing_an_expectation_is_quarantined_with_its_location(tmp_path):
    engine, _ = _engine("sqlite", tmp_path, "w.db")
    at = datetime(2026, 1, 1, 9)
    rows = [{"source": "fixed", "source_record_id": str(n), "actor_id": "a" * 32, "activity_id": "x", "verb": "v",
             "role": "learner", "occurred_at": at, "duration_seconds": 60.0} for n in range(3)]
    rows[1]["duration_seconds"] = -5.0
    rows[2]["role"] = "guest"
    items = [loading.Record(f"f.ndjson:{n + 1}", loading.Row(events, row)) for n, row in enumerate(rows)]
    result = loading.run_sync(engine, Fixed([*items, loading.Rejected("f.ndjson:4", "unreadable", "{}")]))
    assert (result.counts.read, result.counts.loaded, result.counts.quarantined) == (4, 1, 3)
    with engine.connect() as conn:
        found = sorted(conn.execute(select(quarantine.c.location, quarantine.c.reason)).all())
        checked = {r.expectation: (r.element_count, r.unexpected_count)
                   for r in conn.execute(select(validation_results))}
    assert found == [
        ("f.ndjson:2", "failed expectation expect_column_values_to_be_between(column=duration_seconds, min_value=0, "
                       "max_value=86400)"),
        ("f.ndjson:3", "failed expectation expect_column_values_to_be_in_set(column=role, value_set="
                       "['learner', 'contributor', 'admin', 'other'])"),
        ("f.ndjson:4", "unreadable")]
    assert checked["expect_column_values_to_not_be_null(column=actor_id)"] == (3, 0)
    assert checked["expect_column_values_to_be_in_set(column=role, value_set=['learner', 'contributor', 'admin', "
                   "'other'])"] == (3, 1)
    engine.dispose()


def test_a_second_sync_of_unchanged_exports_reads_nothing(exports, tmp_path):
    engine, _ = _engine("sqlite", tmp_path, "w.db")
    _sync(engine, exports)
    assert all(r["read"] == 0 for r in _sync(engine, exports))
    engine.dispose()


def test_a_changed_row_is_an_update(exports, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(exports, root)
    engine, _ = _engine("sqlite", tmp_path, "w.db")
    _sync(engine, root)
    hr = root / "demo_exports" / "hr" / "mitarbeiter.csv"
    lines = hr.read_text(encoding="utf-8").splitlines()
    fields = lines[3].split(";")
    fields[11] = "Anderswo"  # Standort
    lines[3] = ";".join(fields)
    hr.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _sync(engine, root, full=True)[0]
    assert result["source"] == "hr" and result["updated"] == 1 and result["loaded"] == 0
    assert result["read"] == result["duplicates"] + result["updated"] + result["quarantined"]
    engine.dispose()


def test_a_sync_runs_the_garbage_collector_less_often_and_restores_it(sqlite_engine):
    import gc

    from data import loading

    seen = []

    class Watching:
        name, kind = "watch", "test"

        def read(self, state):
            seen.append(gc.get_threshold()[0])
            yield from ()

        def next_state(self):
            return {}

    before = gc.get_threshold()
    loading.run_sync(sqlite_engine, Watching())
    assert seen == [loading.SYNC_GC_THRESHOLD] and gc.get_threshold() == before
