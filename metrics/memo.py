"""Results kept per load of the warehouse: one `Metrics` is one load and filter set, and never changes.

A metric's inputs that depend only on the load and the period (the participation table, the in-scope frame, the
period's peer edges, the evidence of skills) are asked for by several metrics and by every dashboard session;
each is computed once per model and key. `bench.duck.computed_headline` drops them all to time a computation.
"""

from __future__ import annotations

from typing import Any, Callable, Hashable

LIMIT = 1024  # entries per kind: a long-running dashboard must not grow without bound


def per_load(model: Any, kind: str, key: Hashable, build: Callable[[], Any], limit: int = LIMIT) -> Any:
    """`build()` once per model, kind and key; a kind's entries are dropped all at once past `limit`."""
    kept = model.__dict__.setdefault("_memo", {}).setdefault(kind, {})
    if key not in kept:
        if len(kept) >= limit:
            kept.clear()
        kept[key] = build()
    return kept[key]


def forget(model: Any) -> None:
    """Every result kept for the model (the next call computes again from the frames)."""
    model.__dict__.pop("_memo", None)
