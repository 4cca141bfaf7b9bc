"""A small demo company, generated and synced once for the dashboard tests."""

from __future__ import annotations

import pytest

from data.db import make_engine
from data.demo import generate
from data.migrate import upgrade
from data.pseudonyms import Pseudonymiser
from data.settings import Settings
from metrics.frames import load_frames
from metrics.overview import Metrics
from tests.conftest import TEST_KEY, sync_all

DEMO_SOURCES = """
[[source]]
name = "hr"
kind = "hr_csv"
path = "hr/mitarbeiter.csv"
org_units_path = "hr/organisation.csv"

[[source]]
name = "lrs"
kind = "xapi"
path = "lrs/*.ndjson"
"""


@pytest.fixture(scope="session")
def demo_db_url(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("demo")
    generate(folder, employees=400, months=12, seed=7)
    (folder / "sources.toml").write_text(DEMO_SOURCES)
    url = f"sqlite:///{folder / 'warehouse.db'}"
    engine = make_engine(url)
    upgrade(engine)
    sync_all(engine, folder / "sources.toml", Pseudonymiser(TEST_KEY.encode()))
    engine.dispose()
    return url


@pytest.fixture
def demo_metrics(demo_db_url, monkeypatch) -> Metrics:
    monkeypatch.setenv("DIRIGENT_DB_URL", demo_db_url)
    engine = make_engine(demo_db_url)
    yield Metrics(load_frames(engine), Settings.from_env())
    engine.dispose()


def english(metric_id: str, value) -> str:
    """How the Overview writes a value in English, spelled out independently of the page's helpers."""
    if metric_id == "P3":
        return f"{value * 100:,.1f}%"
    if metric_id in ("P4", "P5"):
        return f"{value:,.1f}"
    return f"{value:,}"
