"""Cached access to the metrics layer; the cache turns over whenever a new sync run lands.

Two levels, so that a filter change recomputes only what it changes: the warehouse load (per
version and role's k; it keeps each filter's narrowed load and every metric's frame under the privacy
rules) and each guarded result, per session (per metric, period, grouping and filter). The role is checked
before any cache is asked.
"""

from __future__ import annotations

import copy
import os
from dataclasses import replace

import polars as pl
import streamlit as st
from sqlalchemy import func, select

from data.db import make_engine
from data.migrate import upgrade
from data.schema import sync_runs
from data.settings import Settings
from metrics import access, privacy, trend
from metrics.catalogue import METRICS
from metrics.compute import Result, compute
from metrics.data_health import DataHealth, load_data_health
from metrics.filters import Filters
from metrics.frames import load_metrics
from metrics.overview import Metrics
from metrics.periods import Period
from metrics.privacy_ledger import Ledger


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


def engine():
    """The warehouse's engine (migrated once per process)."""
    return _engine(Settings.from_env().db_url)


def record(**entry) -> None:
    """One row in the warehouse's audit log (data.audit.record); the dashboard's channel."""
    from data.audit import record as write

    write(engine(), channel="dashboard", **entry)


@st.cache_resource(max_entries=2, show_spinner="Loading the warehouse …")
def _metrics(settings: Settings, version: int) -> Metrics:
    return load_metrics(_engine(settings.db_url), settings)


@st.cache_resource(max_entries=4, show_spinner=False)
def _metrics_with_k(settings: Settings, version: int, k: int) -> Metrics:
    """The same loaded warehouse under another minimum group size (the works council's own k)."""
    loaded = _metrics(settings, version)
    if k == settings.min_group_size:
        return loaded
    model = copy.copy(loaded)  # frames shared; narrowed copies are its own, so they carry this k
    model.settings, model._narrowed = replace(settings, min_group_size=k), {}
    return model


def _role() -> str:
    from dashboard.components import role_name

    return role_name()


def metrics(filters: Filters | None = None) -> Metrics:
    """The metrics layer over the current warehouse under the session's role's k, narrowed to the filters."""
    settings = Settings.from_env()
    k = access.min_group_size(settings, _role())
    return _metrics_with_k(settings, _warehouse_version(settings.db_url), k).restricted(filters)


# What the privacy rules refuse (a filter whose remainder would give a small group away): a notice, no traceback.
REFUSALS = (privacy.Refused,)


SESSION_RESULTS = 4096


def _ledger() -> Ledger:
    """The session's privacy ledger (rule 5, successive answers), kept in its session state."""
    return st.session_state.setdefault("_privacy_ledger", Ledger())


def _session_result(ledger, settings: Settings, version: int, role: str, k: int, metric_id: str, period: Period,
                    by: str | None, filters: Filters) -> Result:
    """A figure through the session's ledger, remembered for the session.

    Asking again gives the same answer: a figure the ledger let through conflicts with nothing it let through
    since (each of those was checked against it), so the session's own memo is exact. The computations under the
    rules are shared by every session (metrics.compute.raw); the rules run per session, because each session's
    ledger must see every figure it is shown."""
    memo: dict = st.session_state.setdefault("_session_results", {})
    key = (version, role, k, metric_id.upper(), period.start, period.end, period.kind, by, filters.org_unit,
           filters.country, filters.channel)
    if key not in memo:
        if len(memo) >= SESSION_RESULTS:  # recomputing a dropped one gives the same answer, only slower
            memo.pop(next(iter(memo)))
        memo[key] = compute(_metrics_with_k(settings, version, k), metric_id, period, by, filters or None,
                            role=role, ledger=ledger)
    return memo[key]


def result(metric_id: str, period: Period, by: str | None = None, filters: Filters | None = None) -> Result:
    """One catalogue metric, guarded, exactly as `python -m metrics show --role` computes it for the session's role.

    The role is checked here, before any cache, so a figure computed for one role never reaches another; a
    refusal (a metric the role may not see, a filter the privacy rules refuse) is a notice on the page."""
    from dashboard.components import refuse

    settings = Settings.from_env()
    filters = filters or Filters()
    role = _role()
    try:
        access.check_metric(role, metric_id)
        version, k = _warehouse_version(settings.db_url), access.min_group_size(settings, role)
        return _session_result(_ledger(), settings, version, role, k, metric_id, period, by, filters)
    except access.AccessDenied as denied:
        refuse(denied, metric=metric_id)
    except REFUSALS as refused:  # this figure only: the page goes on, the figure reads hidden with the reason
        from dashboard.components import refused_figure

        refused_figure(refused, metric_id, filters)
        rows = [] if by else [{"group": "all", "value": None, "population": 0, "suppressed": True,
                                "note": str(refused)}]
        return Result(METRICS[metric_id.upper()], period, by, filters or None, rows)


@st.cache_resource(max_entries=2, show_spinner=False)
def _data_health(settings: Settings, version: int) -> DataHealth:
    # the events' figures from the loaded warehouse: the page needs that load anyway, and SQL takes minutes there
    return load_data_health(_engine(settings.db_url), _metrics(settings, version).frames)


def data_health() -> DataHealth:
    settings = Settings.from_env()
    return _data_health(settings, _warehouse_version(settings.db_url))


def monthly_trend(first: Period, last: Period, filters: Filters | None = None) -> pl.DataFrame:
    """P1 to P5 per month from `first` to `last`, narrowed to the filters, under the role's k, each month through
    the session's ledger (metrics.trend); hidden months as nulls, and so is a metric the role may not see."""
    from dashboard.components import refuse

    settings = Settings.from_env()
    filters = filters or Filters()
    role = _role()
    version, k, ledger = _warehouse_version(settings.db_url), access.min_group_size(settings, role), _ledger()

    def figure(metric_id: str, month: Period) -> dict:
        return _session_result(ledger, settings, version, role, k, metric_id, month, None, filters).rows[0]

    try:
        return trend.monthly_trend(figure, first, last, access.role(role).may_see_metric)
    except REFUSALS as refused:
        refuse(refused, metric="P1-P5", notice=True)


@st.cache_resource(max_entries=4, ttl=300, show_spinner=False)
def _inventory(settings: Settings, version: int, configured: tuple):
    from data.inventory import inventory

    return inventory(_engine(settings.db_url), settings)


INVENTORY_SETTINGS = ("DIRIGENT_RETENTION_MONTHS", "DIRIGENT_WORKS_COUNCIL_MIN_GROUP_SIZE", "DIRIGENT_PURPOSE")


def data_inventory():
    """What the warehouse holds (data.inventory), once per sync run and settings (and at most five minutes old)."""
    settings = Settings.from_env()
    configured = tuple(sorted((name, value) for name, value in os.environ.items()
                              if name.startswith(INVENTORY_SETTINGS)))
    return _inventory(settings, _warehouse_version(settings.db_url), configured)
