"""Metric frames before the privacy rules, kept on disk beside the prepared copy of the warehouse state.

The per-load memo (metrics/memo.py) makes a figure cheap the second time within one process. A dashboard
instance that starts, restarts or scales out on the same warehouse state would compute every figure again: at
300,000 persons a cold catalogue takes minutes. With DIRIGENT_FRAME_CACHE set, `metrics.frames.load_metrics`
gives the model a results folder inside the prepared copy of its state and time zone
(metrics/frame_cache.py), and `stored` writes each computed frame there once; every later process reads it.
A new sync, a retention deletion or a re-keying is a new state, so a new folder: nothing stale is read.

What is stored is each metric's frame before the privacy rules, exactly what the memo keeps: every rule,
the session's ledger included, still runs for each session on top of it. The frames are group-level figures of
the pseudonymised data the same folder already holds person by person, so keep the folder where the
warehouse is kept (docs/privacy.md).
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import Any, Callable, Hashable

import polars as pl


def stored(model: Any, kind: str, key: Hashable, build: Callable[[], pl.DataFrame]) -> pl.DataFrame:
    """`build()`'s frame, read from the model's results folder when a process computed it there before."""
    folder: Path | None = getattr(model, "results", None)
    if folder is None:
        return build()
    # the filters and settings the frame depends on, with the key; repr of frozen dataclasses and dates is stable
    name = hashlib.sha256(repr((kind, key, model.filters, model.settings)).encode()).hexdigest()[:32]
    path = folder / f"{name}.parquet"
    if path.exists():
        try:
            return pl.read_parquet(path)
        except (OSError, pl.exceptions.PolarsError):  # cut short by a full disk: compute it again
            pass
    frame = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{name}-{uuid.uuid4().hex[:8]}"
        frame.write_parquet(partial)
        partial.replace(path)  # readers see the whole file or none
    except OSError:  # a read-only or full volume: the figure is still right, only not kept
        pass
    return frame
