"""Cached access to the metrics layer; the cache turns over whenever a new sync run lands."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import func, select

from data.db import make_engine
from data.migrate import upgrade
from data.schema import sync_runs
from data.settings import Settings
from metrics.frames import load_frames
from metrics.overview import Metrics


@st.cache_resource
def _engine():
    engine = make_engine()
    upgrade(engine)
    return engine


@st.cache_data(ttl=30, show_spinner=False)
def warehouse_version() -> int:
    """The newest sync run id: a new sync invalidates every cached figure."""
    with _engine().connect() as conn:
        return conn.execute(select(func.max(sync_runs.c.run_id))).scalar() or 0


@st.cache_resource(max_entries=2, show_spinner="Loading the warehouse …")
def _metrics(version: int) -> Metrics:
    return Metrics(load_frames(_engine()), Settings.from_env())


def metrics() -> Metrics:
    return _metrics(warehouse_version())
