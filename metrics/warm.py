"""`python -m metrics warm`: compute what the dashboard's pages first ask for, once per warehouse state.

With DIRIGENT_FRAME_CACHE, every dashboard instance reads the prepared warehouse and the metric frames computed
for its state (metrics/frame_cache.py, metrics/result_store.py). Run after each sync, this makes the first view
of every page a read instead of a computation: at 300,000 persons the whole catalogue takes minutes cold.
What the pages ask for in their default state (dashboard/state.py: the newest complete month; the quarter too)
is declared below; `tests/dashboard/test_warm_pages.py` renders every page after `warm` and fails when a page
computes a figure, so a page that starts asking for more shows there. Nothing is shown: the frames are those
before the privacy rules, which run for each session as always.
"""

from __future__ import annotations

from datetime import date
from typing import Iterator

from metrics.access import HEADLINE, ROLES, min_group_size
from metrics.catalogue import CATALOGUE
from metrics.compute import COMPUTATIONS, SETTINGS_FILES, compute
from metrics.filters import Filters
from metrics.periods import Period, choices, trend_window
from metrics.privacy import Refused

ORG_UNIT = "org_unit"  # a page's default org-unit grouping is the first level with more than one unit
# Monthly series, ungrouped, by the months they cover up to the period's last month: the trend charts and the
# companionship, network and channel series (24), the Overview's sparklines and P7/P10 by month (12).
SERIES = {24: ("P1", "P2", "P3", "P4", "P5", "P6", "N8", "C1", "C2", "C3", "C4", "C5"),
          12: tuple(m for m in HEADLINE if m not in SETTINGS_FILES) + ("P7", "P10")}
WINDOWED = {"N7": 24, "P8": 12}  # one figure over the months ending with the period's last month
PREVIOUS_GROUPED = {"P3": (ORG_UNIT, "employment_type"), "P5": ("employment_type",), "P4": ("provider",)}
FLOWS = {"P4": ("channel+provider", "provider+" + ORG_UNIT)}  # the Ecosystem page's combined groupings


def periods_to_warm(data_range: tuple[date, date], today: date) -> list[Period]:
    """The dashboard's defaults (dashboard/state.py): the newest complete quarter and month with data."""
    return [found[0] for found in (choices(*data_range, kind, today) for kind in ("quarter", "month")) if found]


def requests(model, today: date) -> Iterator[tuple[str, Period, str | None, Filters | None]]:
    """(metric id, period, grouping, filters) the pages ask for first; a key may come twice (the store answers
    it the second time)."""
    data_range = model.data_range()
    if not data_range:
        return
    units = model.frames.org_units
    levels = sorted(level for level, count in units.group_by("level").len().iter_rows() if count > 1)
    org_unit = f"{ORG_UNIT}:{levels[0]}" if levels else None

    def grouping(by: str) -> str | None:
        return by.replace(ORG_UNIT, org_unit) if ORG_UNIT in by else by

    computed = [m for m in CATALOGUE if m.id in COMPUTATIONS and m.id not in SETTINGS_FILES]
    for period in periods_to_warm(data_range, today):
        previous = period.previous()
        for metric in computed:
            if metric.id in WINDOWED:
                first, last = trend_window(data_range[0], period, WINDOWED[metric.id])
                yield metric.id, Period(first.start, last.end), None, None
            for by in (None, *metric.groupings, *FLOWS.get(metric.id, ())):
                if by is None or grouping(by):
                    yield metric.id, period, by and grouping(by), None
            for by in (None, *PREVIOUS_GROUPED.get(metric.id, ())):
                if by is None or grouping(by):
                    yield metric.id, previous, by and grouping(by), None
        for months, metric_ids in SERIES.items():
            first, last = trend_window(data_range[0], period, months)
            for month in Period(first.start, last.end).months():
                yield from ((metric_id, month, None, None) for metric_id in metric_ids)
        if org_unit:  # the Skills page's heatmap: S3 by skill cluster in each unit of the default level
            for unit in units.filter(units["level"] == levels[0])["org_unit_id"]:
                yield "S3", period, "skill_cluster", Filters(org_unit=unit)


def warm(model, today: date) -> int:
    """Every request of `requests` through the catalogue's entry point (so the coarser lines the privacy rules
    check are computed too), under each minimum group size a role has, and the quarterly review; returns how
    many were asked."""
    one_role_per_k = {min_group_size(model.settings, name): name for name in ROLES}
    done = 0
    for role in one_role_per_k.values():
        for metric_id, period, by, filters in requests(model, today):
            try:
                compute(model, metric_id, period, by, filters=filters, role=role)
            except (ValueError, Refused):  # a grouping this warehouse cannot give, a refused remainder
                pass
            done += 1
    data_range = model.data_range()
    for default in periods_to_warm(data_range, today) if data_range else []:
        for metric_id in SETTINGS_FILES:  # read anew on every call; what it shows (earlier quarters too) is kept
            COMPUTATIONS[metric_id](model, default, None)
    return done
