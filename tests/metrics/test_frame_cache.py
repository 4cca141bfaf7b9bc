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


def test_prepared_copy_gives_the_same_layer_and_is_read_not_recomputed(engine, tmp_path, pseudonymise, monkeypatch):
    from data.settings import Settings
    from metrics.compute import compute
    from metrics.frames import load_metrics
    from metrics.overview import Metrics
    from metrics.periods import Period

    sync_all(engine, COMPANY / "sources.toml", pseudonymise)
    settings = Settings.from_env()
    direct = Metrics(read_frames(engine), settings)
    monkeypatch.setenv("DIRIGENT_FRAME_CACHE", str(tmp_path / "cache"))
    first = load_metrics(engine, settings)
    monkeypatch.setattr(Metrics, "__init__", lambda *a: (_ for _ in ()).throw(AssertionError("prepared again")))
    again = load_metrics(engine, settings)
    assert again.person_events.equals(direct.person_events) and first.person_events.equals(direct.person_events)
    for field in fields(Frames):
        assert getattr(again.frames, field.name).equals(getattr(direct.frames, field.name)), field.name
    last = direct.data_range()[1]
    quarter = Period.quarter(last.year, (last.month - 1) // 3 + 1)
    for metric_id in ("P2", "P5", "N1", "S3"):
        assert compute(again, metric_id, quarter).rows == compute(direct, metric_id, quarter).rows, metric_id
    zones = [p.name for p in (tmp_path / "cache" / warehouse_state(engine)).iterdir() if p.name.startswith("prepared")]
    assert len(zones) == 1
    with engine.begin() as conn:  # a new state: prepared again, the old copy and its preparation removed
        conn.execute(delete(events).where(events.c.verb == direct.person_events["verb"][0]))
    monkeypatch.undo()
    monkeypatch.setenv("DIRIGENT_FRAME_CACHE", str(tmp_path / "cache"))
    fresh = load_metrics(engine, settings)
    assert fresh.person_events.height < direct.person_events.height
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [warehouse_state(engine)]
