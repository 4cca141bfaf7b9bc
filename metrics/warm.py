"""`python -m metrics warm`: compute the catalogue's frames for the current warehouse state once, after a sync.

With DIRIGENT_FRAME_CACHE, every dashboard instance reads the prepared warehouse and the metric frames computed
for its state (metrics/frame_cache.py, metrics/result_store.py). Run after each sync, this makes the first view
of every instance a read instead of a computation: at 300,000 persons the whole catalogue takes minutes cold.
Nothing is shown: the frames are those before the privacy rules, which run for each session as always.
"""

from __future__ import annotations

from datetime import date

from metrics.catalogue import CATALOGUE
from metrics.compute import COMPUTATIONS, SETTINGS_FILES, raw
from metrics.periods import Period, choices, trend_window

TREND_METRICS = ("P1", "P2", "P3", "P4", "P5")


def periods_to_warm(data_range: tuple[date, date], today: date) -> list[Period]:
    """The dashboard's defaults (dashboard/state.py): the newest complete quarter and month with data."""
    return [found[0] for found in (choices(*data_range, kind, today) for kind in ("quarter", "month")) if found]


def warm(model, today: date) -> int:
    """Every computed metric for the default periods, ungrouped and by each grouping, and the monthly trend of
    P1 to P5 up to the newest month; returns how many frames were computed or found."""
    data_range = model.data_range()
    periods = periods_to_warm(data_range, today) if data_range else []
    done = 0
    for period in periods:
        for metric in CATALOGUE:
            if metric.id not in COMPUTATIONS:
                continue
            if metric.id in SETTINGS_FILES:  # read anew on every call; what it shows (earlier quarters too) is kept
                COMPUTATIONS[metric.id](model, period, None)
                continue
            for by in (None, *metric.groupings):
                try:
                    raw(model, metric.id, period, by)
                    done += 1
                except ValueError:  # a grouping this warehouse cannot give (no such level): the page says so too
                    pass
    if periods:
        first, last = trend_window(data_range[0], periods[-1])
        for month in Period(first.start, last.end).months():
            for metric_id in TREND_METRICS:
                raw(model, metric_id, month, None)
                done += 1
    return done
