"""Cached access to the metrics layer; the cache turns over whenever a new sync run lands."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import func, select

from data.db import make_engine
from data.migrate import upgrade
from data.schema import sync_runs
from data.settings import Settings
from metrics.data_health import DataHealth, load_data_health
from metrics.frames import load_frames
from metrics.overview import Metrics


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


def metrics() -> Metrics:
    settings = Settings.from_env()
    return _metrics(settings, _warehouse_version(settings.db_url))


@st.cache_resource(max_entries=2, show_spinner=False)
def _data_health(url: str, version: int) -> DataHealth:
    return load_data_health(_engine(url))


def data_health() -> DataHealth:
    url = Settings.from_env().db_url
    return _data_health(url, _warehouse_version(url))
