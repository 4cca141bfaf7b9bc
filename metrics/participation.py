"""Participation metrics P1 to P5 (METRICS.md), as pure functions of frames and a period."""

from __future__ import annotations

import polars as pl

from metrics.activity import in_period, learning_durations
from metrics.periods import Period
from metrics.population import in_scope


def headcount(scope: pl.DataFrame) -> int:
    """P1."""
    return scope.height


def active_learners(scope: pl.DataFrame, events_in_period: pl.DataFrame) -> int:
    """P2: in-scope persons with a learner or contribution event in the period."""
    active = events_in_period.select("person_id").unique()
    return scope.join(active, on="person_id", how="semi").height


def participation_rate(p2: int, p1: int) -> float | None:
    """P3."""
    return p2 / p1 if p1 else None


def learning_hours(scope: pl.DataFrame, events_in_period: pl.DataFrame, activities: pl.DataFrame) -> float:
    """P4."""
    durations = learning_durations(events_in_period.join(scope.select("person_id"), on="person_id", how="semi"),
                                   activities)
    return float(durations["hours"].sum()) if durations.height else 0.0


def hours_per_fte(p4: float, scope: pl.DataFrame) -> float | None:
    """P5."""
    fte = float(scope["fte"].sum()) if scope.height else 0.0
    return p4 / fte if fte else None


def participation(people: pl.DataFrame, person_events: pl.DataFrame, activities: pl.DataFrame,
                  period: Period) -> dict[str, float | int | None]:
    """P1 to P5 for one period, unguarded; callers go through `metrics.overview`."""
    scope = in_scope(people, period)
    events = in_period(person_events, period)
    p1, p2 = headcount(scope), active_learners(scope, events)
    p4 = learning_hours(scope, events, activities)
    return {"P1": p1, "P2": p2, "P3": participation_rate(p2, p1), "P4": p4, "P5": hours_per_fte(p4, scope)}
