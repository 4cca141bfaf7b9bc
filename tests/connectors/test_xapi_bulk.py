"""The column-wise xAPI path (connectors/xapi_bulk.py, data/bulk.py) gives the warehouse the record path gives.

Each test syncs the same files twice, once with `bulk = false` (record by record) and once with the default bulk
path, into fresh warehouses on SQLite and PostgreSQL, and compares every table the sync writes and the counts.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from connectors.xapi import XapiFiles
from data.loading import run_sync
from data.migrate import upgrade
from data.schema import activities, activity_skills, events, quarantine, validation_results, voided_records
from tests.conftest import COMPANY, POSTGRES_URL, _postgres_engine

LINES = (COMPANY / "statements.ndjson").read_text(encoding="utf-8").splitlines()
BROKEN_JSON = 13  # index of the fixture's line that is not JSON: a file holding it is read record by record


def _engine(backend, tmp_path, name):
    if backend == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / (name + '.db')}")
        cleanup = None
    else:
        engine, cleanup = _postgres_engine()
    upgrade(engine)
    return engine, cleanup


BACKENDS = ["sqlite", pytest.param("postgresql", marks=[pytest.mark.postgres, pytest.mark.skipif(
    not POSTGRES_URL, reason="set DIRIGENT_TEST_POSTGRES_URL to test on PostgreSQL (.ci/run does)")])]


def _tables(engine) -> dict:
    with engine.connect() as conn:
        def rows(table, drop=()):
            columns = [c for c in table.c if c.name not in drop]
            return sorted((tuple(str(v) for v in r) for r in conn.execute(select(*columns))), key=str)
        return {
            "events": rows(events, ("sync_run_id",)),
            "activities": rows(activities, ("sync_run_id",)),
            "activity_skills": rows(activity_skills, ("sync_run_id",)),
            "voided": rows(voided_records, ("sync_run_id",)),
            "quarantine": rows(quarantine, ("id", "quarantine_id", "run_id", "created_at")),
            "validation": sorted((r.suite, r.expectation, r.element_count, r.unexpected_count)
                                 for r in conn.execute(select(validation_results))),
        }


def _sync_both(backend, tmp_path, folder: Path, pseudonymise, runs: int = 1):
    """(record-path tables, counts per run), (bulk tables, counts per run)."""
    out = []
    for bulk in (False, True):
        engine, cleanup = _engine(backend, tmp_path, f"bulk{bulk}")
        try:
            counts = []
            for _ in range(runs):
                connector = XapiFiles("lrs", {"path": str(folder), "bulk": bulk}, pseudonymise, folder)
                result = run_sync(engine, connector)
                counts.append(result.as_dict() | {"run_id": None})
            out.append((_tables(engine), counts))
        finally:
            engine.dispose()
            if cleanup:
                cleanup()
    return out


def _write(folder: Path, name: str, lines: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("backend", BACKENDS)
def test_fixture_statements_give_the_same_warehouse(backend, tmp_path, pseudonymise):
    # Without the line of broken JSON, so that polars reads the file and the bulk path runs; the bad
    # duration and the mbox_sha1sum actor still go the record way and are quarantined the same.
    folder = _write(tmp_path / "lrs", "statements.ndjson", [x for i, x in enumerate(LINES) if i != BROKEN_JSON])
    (record, record_counts), (bulk, bulk_counts) = _sync_both(backend, tmp_path, folder, pseudonymise, runs=2)
    assert bulk == record
    assert bulk_counts == record_counts
    assert bulk_counts[0]["loaded"] > 0 and bulk_counts[0]["quarantined"] == 2
    assert bulk_counts[1]["read"] == 0  # a second sync reads nothing: the file is known


@pytest.mark.parametrize("backend", BACKENDS)
def test_broken_json_block_falls_back_and_agrees(backend, tmp_path, pseudonymise):
    folder = shutil.copytree(COMPANY, tmp_path / "company", ignore=lambda d, names: [
        n for n in names if n != "statements.ndjson"])
    (record, record_counts), (bulk, bulk_counts) = _sync_both(backend, tmp_path, folder, pseudonymise)
    assert bulk == record and bulk_counts == record_counts


@pytest.mark.parametrize("backend", BACKENDS)
def test_voids_repeats_and_files_seen_before(backend, tmp_path, pseudonymise):
    statements = [json.loads(x) for i, x in enumerate(LINES) if i not in (BROKEN_JSON, 12, 14)]
    plain = [s for s in statements if "voided" not in s["verb"]["id"]]
    target = plain[2]["id"]
    void_first = {"id": "10000000-0000-4000-8000-000000000001", "actor": {"mbox": "mailto:lrs@example.org"},
                  "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
                  "object": {"objectType": "StatementRef", "id": target}, "timestamp": "2026-01-01T00:00:00Z",
                  "stored": "2026-03-12T00:00:00Z"}
    changed = {**plain[0], "result": {"duration": "PT1H"}}  # the same id again with another duration: an update
    folder = _write(tmp_path / "lrs", "a.ndjson", [json.dumps(s) for s in [void_first] + plain + plain[:2]])
    _write(folder, "b.ndjson", [json.dumps(s) for s in [changed] + plain[3:6]])  # a later export overlapping
    (record, record_counts), (bulk, bulk_counts) = _sync_both(backend, tmp_path, folder, pseudonymise, runs=2)
    assert bulk == record
    # One count differs by design: the statement voided by an earlier line of the same file is a duplicate on the
    # bulk path; the record path loads it and deletes it again when the void and it share a chunk of 1,000.
    (b, r), (b2, r2) = zip(bulk_counts, record_counts)
    assert {**b, "loaded": 0, "duplicates": 0} == {**r, "loaded": 0, "duplicates": 0}
    assert (b["loaded"], b["duplicates"]) == (r["loaded"] - 1, r["duplicates"] + 1)
    assert b2 == r2
    first = bulk_counts[0]
    assert first["read"] == first["loaded"] + first["updated"] + first["duplicates"] + first["quarantined"]
    assert first["updated"] >= 1 and first["duplicates"] >= 3
    assert bulk_counts[1]["loaded"] == 0


def test_events_failing_a_rule_are_quarantined_with_their_line(tmp_path, pseudonymise):
    statement = json.loads(LINES[0])
    late = {**statement, "id": "20000000-0000-4000-8000-000000000001", "timestamp": "2099-01-01T00:00:00Z"}
    long = {**statement, "id": "20000000-0000-4000-8000-000000000002", "result": {"duration": "PT30H"}}
    folder = _write(tmp_path / "lrs", "s.ndjson", [json.dumps(s) for s in (statement, late, long)])
    (record, record_counts), (bulk, bulk_counts) = _sync_both("sqlite", tmp_path, folder, pseudonymise)
    assert bulk == record and bulk_counts == record_counts
    assert sorted(q[1] for q in bulk["quarantine"]) == ["s.ndjson:2", "s.ndjson:3"]  # (source, location, ...)
    assert bulk_counts[0]["quarantined"] == 2 and bulk_counts[0]["loaded"] == 1


def test_the_demo_lrs_export_gives_the_same_warehouse(tmp_path, pseudonymise):
    from data.demo import generate

    generate(tmp_path / "demo", employees=150, months=6)
    (record, record_counts), (bulk, bulk_counts) = _sync_both("sqlite", tmp_path, tmp_path / "demo" / "lrs",
                                                               pseudonymise)
    assert bulk == record and bulk_counts == record_counts
    assert bulk_counts[0]["loaded"] > 100 and bulk_counts[0]["quarantined"] == 0
