"""The figures the Overview shows: headline participation KPIs, their change, the monthly trend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from pathlib import Path

import polars as pl

from data.settings import Settings
from metrics.activity import learning_durations, person_events
from metrics.catalogue import METRICS
from metrics.codes import coded_frames
from metrics.filters import Filters, restrict
from metrics.frames import Frames
from metrics.participation import participation
from metrics.periods import Period
from metrics.privacy import Figure, guard
from metrics.unify import unify

OVERVIEW_KPIS = ("P1", "P2", "P3", "P5")


@dataclass(frozen=True)
class Kpi:
    current: Figure
    previous: Figure

    @property
    def change(self) -> float | None:
        """Change against the previous period; for shares in percentage points."""
        if self.current.value is None or self.previous.value is None:
            return None
        delta = self.current.value - self.previous.value
        return delta * 100 if METRICS[self.current.metric_id].unit == "share" else delta


class Metrics:
    """The metrics layer over one load of the warehouse; every figure leaves through the guard."""

    def __init__(self, frames: Frames, settings: Settings):
        self.frames, self.settings = coded_frames(unify(frames, settings.timezone)), settings
        frames = self.frames
        self.person_events = person_events(frames.events, frames.identities, settings.timezone)
        self.filters: Filters | None = None
        self.results: Path | None = None  # where computed frames are kept for other processes (result_store)
        self._narrowed: dict[Filters, Metrics] = {}

    @classmethod
    def from_prepared(cls, frames: Frames, person_events: pl.DataFrame, settings: Settings) -> "Metrics":
        """The layer over frames already unified and person events already resolved: a parquet copy
        (metrics/frame_cache.py) or a narrowed load."""
        model = object.__new__(cls)
        model.frames, model.settings, model.person_events = frames, settings, person_events
        model.filters, model.results, model._narrowed = None, None, {}
        return model

    def restricted(self, filters: Filters | None) -> "Metrics":
        """The same warehouse load narrowed to the filters, without unifying again."""
        if not filters:
            return self
        if filters not in self._narrowed:  # a dashboard asks for the same filter on every rerun
            narrowed = Metrics.from_prepared(*restrict(self.frames, self.person_events, filters), self.settings)
            narrowed.filters, narrowed.results = filters, self.results
            self._narrowed[filters] = narrowed
        return self._narrowed[filters]

    def participation(self, period: Period) -> dict[str, Figure]:
        raw = participation(self.frames.people, self.person_events, self.frames.activities, period)
        population = raw["P1"]
        return {mid: guard(mid, period.label, value, population, self.settings.min_group_size)
                for mid, value in raw.items()}

    def kpis(self, period: Period) -> list[Kpi]:
        current, previous = self.participation(period), self.participation(period.previous())
        return [Kpi(current[m], previous[m]) for m in OVERVIEW_KPIS]

    @cached_property  # one Metrics per warehouse version; the page asks on every rerun
    def events_without_duration(self) -> int:
        """Learner events (person, activity, day) that count zero hours: no tracked and no planned duration."""
        durations = learning_durations(self.person_events, self.frames.activities)
        return int(durations["no_duration"].sum()) if durations.height else 0

    def data_range(self) -> tuple[date, date] | None:
        """First and last local day with a participation event."""
        if self.person_events.is_empty():
            return None
        return self.person_events["day"].min(), self.person_events["day"].max()

    def lineage(self) -> tuple[list[tuple[str, int]], datetime | None]:
        """The newest successful sync run of each source, and when the last of them finished (UTC)."""
        runs = self.frames.sync_runs.filter(pl.col("status") == "ok")
        if runs.is_empty():
            return [], None
        latest = runs.group_by("source").agg(pl.col("run_id").max(), pl.col("finished_at").max()).sort("source")
        return list(latest.select("source", "run_id").iter_rows()), latest["finished_at"].max()
