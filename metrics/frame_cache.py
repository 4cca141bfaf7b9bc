"""A columnar copy of the warehouse load: one parquet file per frame, keyed by the warehouse's state.

Reading 50 million events out of SQLite or PostgreSQL row by row takes minutes; reading them back from parquet
takes seconds. `load_frames` (metrics/frames.py) uses this cache when DIRIGENT_FRAME_CACHE names a folder. The key
is the warehouse's state: the sync runs (how many, the newest id, when the last finished) and the row counts of
the tables that hold people and events, so a sync, a retention deletion or a re-keying all make a new copy. A
copy is written whole under a temporary name and renamed, so a reader never sees half of one; older copies are
removed. The folder holds pseudonymised warehouse data: keep it where the warehouse is kept.

`prepared` keeps the metrics layer's own preparation beside it (activities unified, identities resolved, local
days: `metrics.overview.Metrics`), per time zone: at 180,000 persons that preparation takes longer than reading
the copy, and every dashboard instance starting on the same warehouse state needs the same result. The metric
frames those instances compute are kept beside it too (metrics/result_store.py).
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import polars as pl
from sqlalchemy import Engine, func, select

from data.schema import events, person_identities, person_versions, sync_runs

if TYPE_CHECKING:
    from data.settings import Settings
    from metrics.overview import Metrics

DONE = "complete"
RESULTS = "results"  # computed metric frames (metrics/result_store.py)


def warehouse_state(engine: Engine) -> str:
    """A short key that changes whenever the data the metrics read can have changed."""
    with engine.connect() as conn:
        runs = conn.execute(select(func.count(), func.max(sync_runs.c.run_id), func.max(sync_runs.c.finished_at))
                            ).one()
        counts = [conn.execute(select(func.count()).select_from(t)).scalar()
                  for t in (events, person_versions, person_identities)]
    text = f"{engine.url.render_as_string(hide_password=True)}|{tuple(runs)}|{counts}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _names() -> list[str]:
    from metrics.frames import Frames

    return [f.name for f in fields(Frames)]


def _read(folder: Path):
    from metrics.frames import Frames

    return Frames(**{name: pl.read_parquet(folder / f"{name}.parquet") for name in _names()})


def _publish(target: Path, partial: Path, frames, extra: dict[str, pl.DataFrame], done: str) -> None:
    """Write the frames (and `extra` frames) under `partial`, then rename it to `target` in one step."""
    partial.mkdir()
    for name in _names():
        getattr(frames, name).write_parquet(partial / f"{name}.parquet", compression="zstd")
    for name, frame in extra.items():
        frame.write_parquet(partial / f"{name}.parquet", compression="zstd")
    (partial / DONE).write_text(done)
    try:
        partial.rename(target)
    except OSError:  # another process wrote the same state first
        shutil.rmtree(partial, ignore_errors=True)


def cached(engine: Engine, folder: Path, load: Callable[[Engine], object], key: str | None = None):
    """The frames from the copy of the current state (`key`, when the caller has it already), made first with
    `load(engine)` when there is none."""
    key = key or warehouse_state(engine)
    target = folder / key
    if (target / DONE).exists():
        return _read(target)
    frames = load(engine)
    folder.mkdir(parents=True, exist_ok=True)
    _publish(target, folder / f".{key}-{uuid.uuid4().hex[:8]}", frames, {}, key)
    for old in folder.iterdir():
        if old.is_dir() and old.name != key and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)
    return frames


def prepared(engine: Engine, folder: Path, settings: Settings, read: Callable[[Engine], object]) -> Metrics:
    """The metrics layer over the current state, its preparation read from the copy when one is there."""
    from metrics.overview import Metrics

    key = warehouse_state(engine)
    target = folder / key
    zone = target / f"prepared-{hashlib.sha256(settings.timezone.encode()).hexdigest()[:8]}"
    if (zone / DONE).exists():
        model = Metrics.from_prepared(_read(zone), pl.read_parquet(zone / "person_events.parquet"), settings)
        model.results = zone / RESULTS
        return model
    model = Metrics(cached(engine, folder, read, key), settings)
    if target.is_dir():  # else the state moved on while preparing: nothing to keep it beside
        _publish(zone, target / f".prepared-{uuid.uuid4().hex[:8]}", model.frames,
                 {"person_events": model.person_events}, settings.timezone)
        model.results = zone / RESULTS if (zone / DONE).exists() else None
    return model
