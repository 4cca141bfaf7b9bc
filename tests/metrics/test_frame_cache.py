"""The parquet copy of the warehouse load gives the same frames, and a new sync or deletion makes a new copy."""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy import delete

from data.schema import events
from metrics.frame_cache import cached, warehouse_state
from metrics.frames import Frames, load_frames, read_frames
from tests.conftest import COMPANY, sync_all


def test_copy_gives_the_same_frames_and_follows_the_warehouse(engine, tmp_path, pseudonymise, monkeypatch):
    sync_all(engine, COMPANY / "sources.toml", pseudonymise)
    direct = read_frames(engine)
    first = cached(engine, tmp_path / "cache", read_frames)
    again = cached(engine, tmp_path / "cache", lambda _: (_ for _ in ()).throw(AssertionError("read again")))
    for field in fields(Frames):
        assert getattr(again, field.name).equals(getattr(direct, field.name)), field.name
        assert getattr(first, field.name).equals(getattr(direct, field.name)), field.name
    state = warehouse_state(engine)
    with engine.begin() as conn:  # a retention deletion, without a sync run
        conn.execute(delete(events).where(events.c.verb == "registered"))
    assert warehouse_state(engine) != state
    monkeypatch.setenv("DIRIGENT_FRAME_CACHE", str(tmp_path / "cache"))
    fresh = load_frames(engine)
    assert fresh.events.height == read_frames(engine).events.height < direct.events.height
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [warehouse_state(engine)]
