"""The warehouse on SQLite and PostgreSQL: migrations, idempotent loading, all-or-nothing, no clear text."""

from __future__ import annotations

import shutil

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import String, Text, func, inspect, select

from data.loading import Record, Row, run_sync
from data.schema import events, metadata, person_identities, person_versions, quarantine, sync_runs, sync_state
from tests.conftest import COMPANY, sync_all


def test_migrations_create_exactly_the_model(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert diff == []
    assert set(metadata.tables) <= set(inspect(engine).get_table_names())


def test_fixture_company_loads_with_balanced_counts(engine, pseudonymise):
    results = sync_all(engine, COMPANY / "sources.toml", pseudonymise)
    hr, lrs = results["hr"].counts, results["lrs"].counts
    assert (hr.read, hr.loaded, hr.quarantined) == (9, 9, 0)  # 6 version rows + 3 org units
    # 15 lines: 11 good statements, 1 voiding statement, 3 bad ones.
    assert (lrs.read, lrs.loaded, lrs.updated, lrs.duplicates, lrs.quarantined) == (15, 12, 0, 0, 3)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(events)).scalar() == 10  # statement 10 voided
        assert conn.execute(select(func.count()).select_from(person_versions)).scalar() == 6
        assert conn.execute(select(func.count()).select_from(person_identities)).scalar() == 10
        runs = conn.execute(select(sync_runs.c.status, sync_runs.c.records_read)).all()
    assert [tuple(r) for r in runs] == [("ok", 9), ("ok", 15)]


def test_second_sync_of_the_same_files_loads_nothing(engine, pseudonymise):
    sync_all(engine, COMPANY / "sources.toml", pseudonymise)
    with engine.connect() as conn:
        before = conn.execute(select(events).order_by(events.c.source_record_id)).all()
    again = sync_all(engine, COMPANY / "sources.toml", pseudonymise)
    assert all(r.counts.read == 0 and r.counts.loaded == 0 for r in again.values())
    with engine.connect() as conn:
        after = conn.execute(select(events).order_by(events.c.source_record_id)).all()
    assert after == before


def test_changed_file_is_reread_and_only_changes_count(engine, pseudonymise, tmp_path):
    for name in ("mitarbeiter.csv", "organisation.csv", "statements.ndjson", "sources.toml"):
        shutil.copy(COMPANY / name, tmp_path / name)
    sync_all(engine, tmp_path / "sources.toml", pseudonymise)
    hr_file = tmp_path / "mitarbeiter.csv"
    content = hr_file.read_text(encoding="utf-8-sig").replace("Bonn;OE-11;IT & Software;Softwareentwickler:in",
                                                              "Darmstadt;OE-11;IT & Software;Softwareentwickler:in")
    hr_file.write_text(content, encoding="utf-8-sig", newline="")
    results = sync_all(engine, tmp_path / "sources.toml", pseudonymise)
    hr, lrs = results["hr"].counts, results["lrs"].counts
    assert (hr.read, hr.loaded, hr.updated, hr.duplicates, hr.quarantined) == (6, 0, 1, 5, 0)
    assert lrs.read == 0  # the statements file did not change
    with engine.connect() as conn:
        locations = conn.execute(select(person_versions.c.location)).scalars().all()
    assert "Darmstadt" in locations


def test_no_clear_text_identifiers_anywhere(engine, pseudonymise):
    sync_all(engine, COMPANY / "sources.toml", pseudonymise)
    clear_text = ["@example.org", "@partner.example", "Müller", "Anna", "Schmidt", "Clear Name", "Kovács"]
    employee_numbers = {f"{n:08d}" for n in range(1, 6)} | {str(n) for n in range(1, 6)}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            text_columns = [c for c in table.columns if isinstance(c.type, (String, Text))]
            for row in conn.execute(select(*text_columns)):
                for value in row:
                    assert not any(word in (value or "") for word in clear_text), (table.name, value)
                    assert value not in employee_numbers, (table.name, value)
        quarantined = conn.execute(select(quarantine.c.location, quarantine.c.reason)).all()
    assert [q.location for q in quarantined] == ["statements.ndjson:13", "statements.ndjson:14",
                                                 "statements.ndjson:15"]
    assert "five minutes" in quarantined[0].reason


class Exploding:
    """A connector that yields good records and then finds its source broken."""

    name, kind = "broken", "test"

    def read(self, state):
        for n in range(2500):
            yield Record(f"row {n}", Row(events, {
                "source": self.name, "source_record_id": str(n), "actor_id": "a" * 32, "activity_id": "x",
                "verb": "attended", "role": "learner", "occurred_at": __import__("datetime").datetime(2026, 1, 1),
                "duration_seconds": None, "success": None, "completion": None, "score": None}))
        raise RuntimeError("source 'broken': page 4 answered 500; try again later")

    def next_state(self):
        return {"watermark": "never"}


def test_failed_sync_writes_nothing_but_its_run_log(engine):
    with pytest.raises(RuntimeError, match="page 4"):
        run_sync(engine, Exploding())
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(events)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(sync_state)).scalar() == 0
        run = conn.execute(select(sync_runs)).one()
    assert run.status == "failed" and "page 4" in run.message and run.finished_at is not None
