"""The xAPI bulk path on larger files: indexes set aside and rebuilt, blocks cut inside lines, broken lines in
big blocks (connectors/xapi_bulk.py, data/bulk.py).

Every test compares with the record path (`bulk = false`) or with the ordinary bulk insert: the same warehouse
rows and counts, on SQLite and (with DIRIGENT_TEST_POSTGRES_URL) PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

import connectors.xapi_bulk as xapi_bulk
import data.bulk as bulk_module
from connectors.xapi import XapiFiles
from data.loading import run_sync
from data.schema import events, quarantine
from tests.connectors.test_xapi_bulk import BACKENDS, LINES, _engine, _sync_both, _tables

# The fixture's statements that map plainly (0-9, 11; 10 voids 3), without the broken line (13), the bad
# duration (12) and the mbox_sha1sum actor (14), which are quarantined.
PLAIN = [json.loads(LINES[i]) for i in range(12)]


def _copies(n: int) -> list[str]:
    """n statements: copies of PLAIN with their own ids (the void pointing into its own copy) and addresses."""
    out = []
    copy = 0
    while len(out) < n:
        for statement in PLAIN:
            s = json.loads(json.dumps(statement))
            s["id"] = f"{copy:08x}-{s['id'][9:]}"
            if s["object"].get("objectType") == "StatementRef":
                s["object"]["id"] = f"{copy:08x}-{s['object']['id'][9:]}"
            local, domain = s["actor"]["mbox"].split("@")
            s["actor"]["mbox"] = f"{local}.{copy % 40}@{domain}"
            out.append(json.dumps(s))
        copy += 1
    return out[:n]


def _write(folder: Path, name: str, text: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(text)
    return folder


def _indexes(engine) -> list:
    return sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in inspect(engine).get_indexes("events"))


@pytest.mark.parametrize("backend", BACKENDS)
def test_indexes_set_aside_and_rebuilt_give_the_same_warehouse(backend, tmp_path, pseudonymise, monkeypatch):
    folder = _write(tmp_path / "lrs", "big.ndjson", ("\n".join(_copies(1200)) + "\n").encode())
    monkeypatch.setattr(xapi_bulk, "BLOCK_BYTES", 100_000)  # several blocks, the first one carrying the estimate
    outcomes, dropped = [], []
    original = bulk_module._plain_indexes

    def spy(loader):
        found = original(loader)
        dropped.append([name for name, _ in found])
        return found

    monkeypatch.setattr(bulk_module, "_plain_indexes", spy)
    for minimum in (10**9, 0):  # never, then always set aside
        monkeypatch.setattr(bulk_module, "REBUILD_MIN_ROWS", minimum)
        engine, cleanup = _engine(backend, tmp_path, f"rebuild{minimum}")
        try:
            before = _indexes(engine)
            counts = []
            for _ in range(2):
                connector = XapiFiles("lrs", {"path": str(folder)}, pseudonymise, folder)
                counts.append(run_sync(engine, connector).as_dict() | {"run_id": None})
            assert _indexes(engine) == before and len(before) >= 3
            outcomes.append((_tables(engine), counts))
        finally:
            engine.dispose()
            if cleanup:
                cleanup()
    assert dropped and sorted(dropped[0]) == ["ix_events_activity_id", "ix_events_actor_id", "ix_events_occurred_at"]
    assert len(dropped) == 1  # only the first sync of the rebuilding warehouse: the second reads no file
    (ordinary, ordinary_counts), (rebuilt, rebuilt_counts) = outcomes
    assert rebuilt == ordinary and rebuilt_counts == ordinary_counts
    first, second = rebuilt_counts
    assert first["read"] == first["loaded"] + first["updated"] + first["duplicates"] + first["quarantined"]
    assert first["loaded"] > 1000 and second["read"] == 0 and second["loaded"] == 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_failed_sync_keeps_the_indexes_it_had(backend, tmp_path, pseudonymise, monkeypatch):
    folder = _write(tmp_path / "lrs", "big.ndjson", ("\n".join(_copies(600)) + "\n").encode())
    monkeypatch.setattr(xapi_bulk, "BLOCK_BYTES", 50_000)
    monkeypatch.setattr(bulk_module, "REBUILD_MIN_ROWS", 0)

    class Failing(XapiFiles):
        def read(self, state):
            for number, item in enumerate(super().read(state)):
                yield item
                if number == 2:
                    raise RuntimeError("the export broke off")

    engine, cleanup = _engine(backend, tmp_path, "failed")
    try:
        before = _indexes(engine)
        with pytest.raises(RuntimeError, match="broke off"):
            run_sync(engine, Failing("lrs", {"path": str(folder)}, pseudonymise, folder))
        assert _indexes(engine) == before
        with engine.connect() as conn:
            assert conn.execute(select(events.c.source_record_id)).first() is None
        # and the next sync loads everything, with the indexes back in place
        result = run_sync(engine, XapiFiles("lrs", {"path": str(folder)}, pseudonymise, folder))
        assert result.counts.loaded >= 590 and _indexes(engine) == before
    finally:
        engine.dispose()
        if cleanup:
            cleanup()


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_broken_line_in_a_large_block_is_quarantined_alone(backend, tmp_path, pseudonymise, monkeypatch):
    lines = _copies(2400)
    lines.insert(1499, '{"id": "broken", "actor": {"mbox": "mailto:x@example.org"}, "verb": ')  # line 1500
    folder = _write(tmp_path / "lrs", "big.ndjson", ("\n".join(lines) + "\n").encode())
    assert len(lines) >= xapi_bulk.BISECT_MIN_LINES  # one block of the default size, halved around the line
    bulk_rows = []
    original = bulk_module.load_bulk
    monkeypatch.setattr(bulk_module, "load_bulk", lambda loader, b: (bulk_rows.append(len(b)), original(loader, b)))
    (record, record_counts), (bulk, bulk_counts) = _sync_both(backend, tmp_path, folder, pseudonymise)
    assert bulk == record and bulk_counts == record_counts
    assert [(q[1], q[2].split(":")[0]) for q in bulk["quarantine"]] == [("big.ndjson:1500", "not valid JSON")]
    counts = bulk_counts[0]
    assert counts["read"] == len(lines) and counts["quarantined"] == 1
    assert counts["read"] == counts["loaded"] + counts["updated"] + counts["duplicates"] + counts["quarantined"]
    assert sum(bulk_rows) >= len(lines) - xapi_bulk.SMALLEST_PART  # only the broken line's part went one by one


@pytest.mark.parametrize("backend", BACKENDS)
def test_blocks_cut_inside_lines_keep_every_line_and_its_number(backend, tmp_path, pseudonymise, monkeypatch):
    lines = [line.encode() for line in _copies(60)]
    future = {**json.loads(lines[20]), "id": "30000000-0000-4000-8000-000000000001",
              "timestamp": "2099-01-01T00:00:00Z"}
    odd_verb = {**json.loads(lines[21]), "id": "30000000-0000-4000-8000-000000000002", "verb": {"id": "/"}}
    lines[20:22] = [json.dumps(future).encode(), json.dumps(odd_verb).encode()]  # lines 21 and 22
    lines.insert(30, b"")  # a blank line
    lines.insert(31, b"   ")  # and one of spaces
    lines.insert(40, b'{"id": "broken", "verb": ')  # line 41
    lines[44] += b"\r"  # a CRLF line
    text = b"\xef\xbb\xbf" + b"\n".join(lines)  # byte order mark, no final newline
    folder = _write(tmp_path / "lrs", "cut.ndjson", text)
    monkeypatch.setattr(xapi_bulk, "BLOCK_BYTES", 2_000)  # every block ends inside a line
    monkeypatch.setattr(xapi_bulk, "BISECT_MIN_LINES", 2)
    (record, record_counts), (bulk, bulk_counts) = _sync_both(backend, tmp_path, folder, pseudonymise, runs=2)
    assert bulk == record and bulk_counts == record_counts
    assert sorted(q[1] for q in bulk["quarantine"]) == ["cut.ndjson:21", "cut.ndjson:41"]
    first, second = bulk_counts
    assert first["read"] == 61 and first["quarantined"] == 2 and second["read"] == 0
    engine, cleanup = _engine(backend, tmp_path, "verb")
    try:
        run_sync(engine, XapiFiles("lrs", {"path": str(folder)}, pseudonymise, folder))
        with engine.connect() as conn:
            verb = conn.execute(select(events.c.verb).where(
                events.c.source_record_id == "30000000-0000-4000-8000-000000000002")).scalar_one()
            assert verb == ""  # an empty string stays one (not NULL) through COPY's CSV
            assert conn.execute(select(quarantine.c.location)).scalars().all()
    finally:
        engine.dispose()
        if cleanup:
            cleanup()
