"""Every connector's records join after a key rotation: a small demo company, all eight sources, read again."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from data.db import make_engine
from data.migrate import upgrade
from data.pseudonyms import Pseudonymiser
from data.rekey import rekey
from data.schema import events, metadata, sync_state
from data.settings import pseudonym_key
from data.rekey import TOKEN
from tests.support.demo import generate_demo, sync_demo
from tests.support.ralph import free_port


def _reread(engine, root, port: int) -> dict:
    """Forget every cursor and read every source again, with the configured key ring."""
    with engine.begin() as conn:
        conn.execute(delete(sync_state))
    results = sync_demo(engine, root, Pseudonymiser(pseudonym_key()), moodle_port=port)
    assert all(r.status == "ok" for r in results), [r.as_dict() for r in results]
    return {r.source: (r.counts.loaded, r.counts.updated, r.counts.duplicates, r.counts.quarantined)
            for r in results}


def _sizes(engine) -> dict:
    with engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in metadata.sorted_tables if t.name not in ("sync_runs", "validation_results", "sync_state",
                                                                   "audit_log", "warehouse_meta", "quarantine")}


def test_every_source_joins_after_a_rekey(tmp_path, key_file):
    # The demo Moodle's site URL is part of its accounts and activity ids: keep it on one port for every read.
    port = free_port()
    root = tmp_path / "demo"
    generate_demo(root, employees=150, months=6, seed=7)
    engine = make_engine(f"sqlite:///{root / 'warehouse.db'}")
    upgrade(engine)
    first = sync_demo(engine, root, Pseudonymiser(pseudonym_key()), moodle_port=port)
    assert all(r.status == "ok" for r in first), [r.as_dict() for r in first]
    baseline = _reread(engine, root, port)  # what reading everything again does without a rotation
    sizes = _sizes(engine)
    with engine.connect() as conn:
        ids = conn.execute(select(events.c.source, events.c.source_record_id)).all()
    embedded = {source for source, record_id in ids if TOKEN.search(record_id)}
    # Record ids with pseudonyms inside them are part of the test.
    assert embedded >= {"calendar", "moodle", "teams", "companionship"}, embedded
    embedded = sum(1 for _, record_id in ids if TOKEN.search(record_id))

    report = rekey(engine, apply=True)
    assert report.rewritten["events.source_record_id"] == embedded

    assert _reread(engine, root, port) == baseline
    assert _sizes(engine) == sizes
    assert all(loaded == 0 for loaded, *_ in baseline.values()), baseline
    engine.dispose()
