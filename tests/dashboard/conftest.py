"""A small demo company, generated and synced once (every source) for the dashboard tests."""

from __future__ import annotations

import pytest

from data.db import make_engine
from data.migrate import upgrade
from data.pseudonyms import Pseudonymiser
from data.settings import Settings
from metrics.frames import load_frames
from metrics.overview import Metrics
from tests.conftest import TEST_KEY
from tests.support.demo import generate_demo, sync_demo


@pytest.fixture(scope="session")
def demo_db_url(tmp_path_factory) -> str:
    root = tmp_path_factory.mktemp("demo")
    generate_demo(root, employees=400, months=12, seed=7)
    url = f"sqlite:///{root / 'warehouse.db'}"
    engine = make_engine(url)
    upgrade(engine)
    results = sync_demo(engine, root, Pseudonymiser(TEST_KEY.encode()))
    assert all(r.status == "ok" and r.counts.quarantined == 0 for r in results), [r.as_dict() for r in results]
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
