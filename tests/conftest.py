"""Shared fixtures: a test key, warehouses on SQLite and PostgreSQL, the fixture company synced."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from connectors.config import KINDS, load_sources
from data.db import make_engine
from data.loading import run_sync
from data.migrate import upgrade
from data.pseudonyms import Pseudonymiser

TEST_KEY = "test-key-" + "0123456789abcdef" * 3
FIXTURES = Path(__file__).parent / "fixtures"
COMPANY = FIXTURES / "company"
POSTGRES_URL = os.environ.get("DIRIGENT_TEST_POSTGRES_URL")


@pytest.fixture(autouse=True)
def _test_settings(monkeypatch):
    monkeypatch.setenv("DIRIGENT_PSEUDONYM_KEY", TEST_KEY)
    monkeypatch.delenv("DIRIGENT_PSEUDONYM_KEY_FILE", raising=False)
    monkeypatch.delenv("DIRIGENT_MIN_GROUP_SIZE", raising=False)
    monkeypatch.delenv("DIRIGENT_TIMEZONE", raising=False)


@pytest.fixture
def pseudonymise() -> Pseudonymiser:
    return Pseudonymiser(TEST_KEY.encode())


def _postgres_engine():
    """An engine on a schema of its own in the shared test database, dropped afterwards."""
    schema = f"dirigent_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
    return engine, lambda: _drop_schema(admin, schema)


def _drop_schema(admin, schema):
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(not POSTGRES_URL, reason="set DIRIGENT_TEST_POSTGRES_URL to test on PostgreSQL "
                                                    "(.ci/run does)"),
    ]),
]


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path):
    """A migrated, empty warehouse on every backend."""
    if request.param == "sqlite":
        engine, cleanup = make_engine(f"sqlite:///{tmp_path / 'warehouse.db'}"), lambda: None
    else:
        engine, cleanup = _postgres_engine()
    upgrade(engine)
    yield engine
    engine.dispose()
    cleanup()


def sync_all(engine, config: Path, pseudonymise: Pseudonymiser) -> dict:
    """Sync every source of a sources.toml; returns the results by source name."""
    results = {}
    for source in load_sources(config):
        connector = KINDS[source.kind](source.name, source.options, pseudonymise, config.parent)
        results[source.name] = run_sync(engine, connector)
    return results


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'warehouse.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def demo_db_url(tmp_path_factory) -> str:
    """A small demo company (400 employees, 12 months), every source synced, once per test session."""
    from tests.support.demo import demo_warehouse

    url, results = demo_warehouse(tmp_path_factory.mktemp("demo"), TEST_KEY.encode(), employees=400, months=12,
                                  seed=7)
    assert all(r.status == "ok" and r.counts.quarantined == 0 for r in results), [r.as_dict() for r in results]
    return url


@pytest.fixture
def demo_metrics(demo_db_url, monkeypatch):
    from data.settings import Settings
    from metrics.frames import load_frames
    from metrics.overview import Metrics

    monkeypatch.setenv("DIRIGENT_DB_URL", demo_db_url)
    engine = make_engine(demo_db_url)
    yield Metrics(load_frames(engine), Settings.from_env())
    engine.dispose()
