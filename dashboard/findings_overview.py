"""What moved most: the headline figures ranked by how much they changed, and the groups behind a change."""

from __future__ import annotations

from dataclasses import dataclass

from metrics.catalogue import METRICS
from metrics.compute import Result
from metrics.quarterly import HEADLINE_FIELD

HEADLINE = ("P1", "P2", "P3", "P5", "N1", "N2", "S3", "C3")
STEADY = 0.02  # a relative change below 2 % is read as holding steady


@dataclass(frozen=True)
class Move:
    metric_id: str
    value: float
    previous: float
    change: float  # percentage points for shares
    relative: float  # change against the previous value, as a fraction

    @property
    def direction(self) -> str:
        return "steady" if abs(self.relative) < STEADY else ("up" if self.change > 0 else "down")


def headline(result: Result) -> tuple[float | None, bool]:
    """The organisation's one number for a headline metric, and whether it is hidden."""
    row = next((r for r in result.rows if r["group"] == "all"), result.rows[0] if result.rows else None)
    if row is None:
        return None, True
    value = row["value"]
    if isinstance(value, dict):
        value = value.get(HEADLINE_FIELD.get(result.metric.id, "value"))
    return value, row["suppressed"]


def move(metric_id: str, value: float | None, previous: float | None) -> Move | None:
    if value is None or previous is None:
        return None
    change = value - previous
    relative = change / abs(previous) if previous else (0.0 if change == 0 else 1.0)
    if METRICS[metric_id].unit == "share":
        change *= 100
    return Move(metric_id, value, previous, change, relative)


def largest_moves(moves: list[Move | None], count: int = 3) -> list[Move]:
    """The moves that changed most relative to where they were; headcount is context, not a finding."""
    ranked = sorted((m for m in moves if m is not None and m.metric_id != "P1"),
                    key=lambda m: abs(m.relative), reverse=True)
    return ranked[:count]


def group_extremes(current: Result, previous: Result) -> tuple[tuple[str, float] | None, tuple[str, float] | None]:
    """The groups whose value rose most and fell most (both shown in both periods), change in the metric's unit."""
    before = {r["group"]: r["value"] for r in previous.rows if not r["suppressed"] and r["value"] is not None}
    changes = [(r["group"], r["value"] - before[r["group"]]) for r in current.rows
               if not r["suppressed"] and r["value"] is not None and r["group"] in before and r["group"] != "all"]
    if METRICS[current.metric.id].unit == "share":
        changes = [(g, c * 100) for g, c in changes]
    if not changes:
        return None, None
    rise, fall = max(changes, key=lambda x: x[1]), min(changes, key=lambda x: x[1])
    return (rise if rise[1] > 0 else None), (fall if fall[1] < 0 else None)
