"""Cached access to the metrics layer; the cache turns over whenever a new sync run lands.

Two levels, so that a filter change recomputes only what it changes: the warehouse load (per
version; it keeps each filter's narrowed load) and each metric result (per metric, period, grouping
and filter).
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy import func, select

from data.db import make_engine
from data.migrate import upgrade
from data.schema import sync_runs
from data.settings import Settings
from metrics.compute import Result, compute
from metrics.data_health import DataHealth, load_data_health
from metrics.filters import Filters
from metrics.frames import load_frames
from metrics.overview import Metrics
from metrics.periods import Period


@st.cache_resource(show_spinner=False)
def _engine(url: str):
    engine = make_engine(url)
    upgrade(engine)
    return engine


@st.cache_data(ttl=30, show_spinner=False)
def _warehouse_version(url: str) -> int:
    """The newest sync run id: a new sync invalidates every cached figure."""
    with _engine(url).connect() as conn:
        return conn.execute(select(func.max(sync_runs.c.run_id))).scalar() or 0


@st.cache_resource(max_entries=2, show_spinner="Loading the warehouse …")
def _metrics(settings: Settings, version: int) -> Metrics:
    return Metrics(load_frames(_engine(settings.db_url)), settings)


def metrics(filters: Filters | None = None) -> Metrics:
    """The metrics layer over the current warehouse, narrowed to the filters."""
    settings = Settings.from_env()
    return _metrics(settings, _warehouse_version(settings.db_url)).restricted(filters)


@st.cache_data(max_entries=4096, show_spinner=False)
def _result(settings: Settings, version: int, metric_id: str, start, end, kind: str, by: str | None,
            org_unit: str | None, country: str | None, channel: str | None) -> Result:
    filters = Filters(org_unit, country, channel)
    return compute(_metrics(settings, version), metric_id, Period(start, end, kind), by, filters or None)


def result(metric_id: str, period: Period, by: str | None = None, filters: Filters | None = None) -> Result:
    """One catalogue metric, guarded, exactly as `python -m metrics show` computes it."""
    settings = Settings.from_env()
    filters = filters or Filters()
    return _result(settings, _warehouse_version(settings.db_url), metric_id, period.start, period.end,
                   period.kind, by, filters.org_unit, filters.country, filters.channel)


@st.cache_resource(max_entries=2, show_spinner=False)
def _data_health(url: str, version: int) -> DataHealth:
    return load_data_health(_engine(url))


def data_health() -> DataHealth:
    url = Settings.from_env().db_url
    return _data_health(url, _warehouse_version(url))


@st.cache_data(max_entries=256, show_spinner=False)
def _trend(settings: Settings, version: int, first, last, org_unit: str | None, country: str | None,
           channel: str | None):
    model = _metrics(settings, version).restricted(Filters(org_unit, country, channel))
    return model.monthly_trend(Period.month(first.year, first.month), Period.month(last.year, last.month))


def monthly_trend(first: Period, last: Period, filters: Filters | None = None):
    """P1 to P5 per month from `first` to `last`, narrowed to the filters; hidden months as nulls."""
    settings = Settings.from_env()
    filters = filters or Filters()
    return _trend(settings, _warehouse_version(settings.db_url), first.start, last.start, filters.org_unit,
                  filters.country, filters.channel)
