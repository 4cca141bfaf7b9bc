"""The Data health page and the figures behind it, on the fixture company."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics.data_health import load_data_health
from tests.conftest import COMPANY, sync_all

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture
def fixture_company(sqlite_engine, pseudonymise, monkeypatch):
    sync_all(sqlite_engine, COMPANY / "sources.toml", pseudonymise)
    sync_all(sqlite_engine, COMPANY / "sources.toml", pseudonymise)  # a second run that finds nothing new
    monkeypatch.setenv("DIRIGENT_DB_URL", str(sqlite_engine.url))
    return sqlite_engine


def test_health_figures(fixture_company):
    health = load_data_health(fixture_company)
    sources = {r["source"]: r for r in health.sources.iter_rows(named=True)}
    assert sources["lrs"]["last_status"] == "ok" and sources["lrs"]["read_total"] == 15
    assert sources["lrs"]["quarantined_total"] == 3 and sources["lrs"]["events"] == 10
    assert health.runs.height == 4
    assert sorted(health.quarantine["first_location"]) == [
        "statements.ndjson:13", "statements.ndjson:14", "statements.ndjson:15"]
    assert health.unmatched.rows() == [("lrs", 1, 1)]  # the guest
    checks = health.expectations.filter(health.expectations["source"] == "lrs")
    assert checks.height == 5 and checks["success"].all()


def test_data_health_page_shows_it_without_personal_data(fixture_company):
    app = AppTest.from_file(APP, default_timeout=120)
    app.switch_page("pages/data_health.py").run()
    assert not app.exception
    assert [s.value for s in app.subheader] == [
        "Sources", "Sync runs", "Quarantine by reason", "Identities HR does not know",
        "Quality checks (Great Expectations), newest run per source"]
    quarantine = app.dataframe[2].value
    assert "statements.ndjson:15" in quarantine["first_location"].tolist()
    assert app.warning[0].value.startswith("1 learner events")
    shown = " ".join(str(d.value.to_dict()) for d in app.dataframe)
    assert "@" not in shown and "Müller" not in shown
