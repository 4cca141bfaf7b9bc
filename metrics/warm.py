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
from metrics.periods import Period

TREND_MONTHS = 24
TREND_METRICS = ("P1", "P2", "P3", "P4", "P5")


def periods_to_warm(data_range: tuple[date, date], today: date) -> list[Period]:
    """The dashboard's defaults (dashboard/periods.py): the newest complete month and quarter with data."""
    first, last = data_range
    months = [m for m in Period(first.replace(day=1), last).months() if m.end < today]
    quarters = {Period.quarter(m.start.year, (m.start.month - 1) // 3 + 1) for m in months}
    return [max(q for q in quarters if q.end < today), months[-1]] if months else []


def warm(model, today: date) -> int:
    """Every computed metric for the default periods, ungrouped and by each grouping, and the monthly trend of
    P1 to P5 before the newest month; returns how many frames were computed or found."""
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
    months = periods[-1].months() if periods else []
    while months and len(months) < TREND_MONTHS and months[0].start > data_range[0]:
        months.insert(0, months[0].previous())
    for month in months:
        for metric_id in TREND_METRICS:
            raw(model, metric_id, month, None)
            done += 1
    return done
