"""The Data health page and the figures behind it, on the fixture company."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from dashboard.findings_data_health import check_text, freshness, freshness_sentence, quarantine_sentence
from data.meta import mark_demo
from data.schema import sync_runs
from metrics.data_health import load_data_health
from tests.conftest import COMPANY, sync_all

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture
def fixture_company(sqlite_engine, pseudonymise, monkeypatch):
    sync_all(sqlite_engine, COMPANY / "sources.toml", pseudonymise)
    sync_all(sqlite_engine, COMPANY / "sources.toml", pseudonymise)  # a second run that finds nothing new
    monkeypatch.setenv("DIRIGENT_DB_URL", str(sqlite_engine.url))
    mark_demo(sqlite_engine)  # made-up people: the dashboard opens it without a login (demo mode, admin)
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
    app.run()
    app.switch_page("views/data_health.py").run()
    assert not app.exception
    assert [s.value for s in app.subheader] == [
        "Sources", "Sync runs", "Quarantine by reason", "Identities HR does not know",
        "Quality checks (Great Expectations), newest run per source"]
    quarantine = app.dataframe[2].value
    assert "statements.ndjson:15" in quarantine["first_location"].tolist()
    assert app.warning[0].value.startswith("1 learner event has neither")
    shown = " ".join(str(d.value.to_dict()) for d in app.dataframe)
    assert "@" not in shown and "Müller" not in shown


def open_page(language: str = "en") -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()  # AppTest formats the sidebar's select boxes in English outside the script; the page follows the choice
    app.session_state["language"] = language
    return app.switch_page("views/data_health.py").run()


def labels(frame) -> dict[str, str]:
    """A shown table's column headers, as its column configuration names them."""
    return {c: config["label"] for c, config in json.loads(frame.proto.columns).items() if "label" in config}


def test_findings_tiles_and_headers_come_from_the_data(fixture_company):
    health = load_data_health(fixture_company)
    app = open_page()
    assert not app.exception
    sources, records = health.sources.height, int(health.quarantine["records"].sum())
    assert [(m.label, m.value) for m in app.metric] == [
        ("Synced within 24 h", f"{sources} of {sources}"),
        ("Checks passed", f"{int(health.expectations['success'].sum())} of {health.expectations.height}"),
        ("In quarantine", str(records)), ("Not known to HR", "1")]
    findings = [m.value for m in app.main.markdown if m.value.startswith("**")]
    assert findings[0] == f"**All {sources} sources synced within the last 24 hours**"
    assert findings[1].startswith(f"**{health.runs.height} sync runs, none failed; the last finished ")
    assert findings[2] == f"**{records} records in quarantine from lrs ({records}); most often: " \
                          f"{health.quarantine['reason'][0]}**"
    assert findings[3] == "**1 identity from lrs is unknown to HR; its event counts in no metric**"
    assert labels(app.dataframe[0])["last_success"] == "Last success (UTC)"
    assert labels(app.dataframe[1])["records_read"] == "Read"
    last_success = app.dataframe[0].value["last_success"].tolist()
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", v) for v in last_success)


def test_german_labels_dates_and_numbers(fixture_company):
    app = open_page("de")
    assert not app.exception
    assert [s.value for s in app.subheader] == [
        "Quellen", "Sync-Läufe", "Quarantäne nach Grund", "Identitäten, die HR nicht kennt",
        "Qualitätsprüfungen (Great Expectations), jüngster Lauf je Quelle"]
    assert app.title[0].value == "Datenqualität"
    assert [m.label for m in app.metric] == ["Aktuell (24 h)", "Prüfungen bestanden", "In Quarantäne", "HR unbekannt"]
    assert app.metric[0].value.endswith(" von 2")
    for frame in app.dataframe:
        headers = labels(frame)
        assert headers and all(h == "Lauf" or h not in ("Run", "Source", "Records", "Reason") for h in headers.values())
    assert labels(app.dataframe[0]) == {
        "source": "Quelle", "last_status": "Letzter Lauf", "fresh": "Aktuell", "last_success": "Letzter Erfolg (UTC)",
        "hours_since_success": "Alter (h)", "read_total": "Gelesen", "quarantined_total": "In Quarantäne",
        "events": "Ereignisse", "newest_event": "Jüngstes Ereignis (UTC)"}
    sources = app.dataframe[0].value
    assert all(re.fullmatch(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}", v) for v in sources["last_success"])
    assert all("." not in v for v in sources["hours_since_success"] if v != "–")  # 0,1 not 0.1
    checks = app.dataframe[4].value
    assert "actor_id ist nie leer" in checks["check"].tolist()
    findings = [m.value for m in app.main.markdown if m.value.startswith("**")]
    assert findings[0] == "**Alle 2 Quellen wurden in den letzten 24 Stunden synchronisiert**"
    assert "Datensätze in Quarantäne aus lrs" in findings[2]
    assert app.warning[0].value.startswith("1 Lernereignis hat weder")
    assert "statements.ndjson:15" in app.dataframe[2].value["first_location"].tolist()


def test_a_stale_source_is_named_with_its_age(fixture_company):
    three_days_ago = datetime.utcnow() - timedelta(days=3)
    with fixture_company.begin() as conn:
        conn.execute(update(sync_runs).where(sync_runs.c.source == "lrs").values(finished_at=three_days_ago))
    app = open_page()
    assert not app.exception
    finding = next(m.value for m in app.main.markdown if m.value.startswith("**") and "sources synced" in m.value)
    assert finding == "**1 of 2 sources synced within the last 24 hours; not since then: lrs (3 days ago)**"
    assert app.metric[0].value == "1 of 2"
    fresh = dict(zip(app.dataframe[0].value["source"], app.dataframe[0].value["fresh"]))
    assert fresh == {"hr": True, "lrs": False}


def test_freshness_counts_failed_and_never_synced_sources():
    now = datetime(2026, 11, 21, 12, 0)
    sources = pl.DataFrame({
        "source": ["hr", "lms", "lrs"], "last_status": ["ok", "failed", "failed"],
        "last_success": [now - timedelta(hours=2), now - timedelta(hours=30), None]})
    found = freshness(sources, now)
    assert found.fresh == ["hr"] and found.stale == [("lms", 30.0), ("lrs", None)]
    assert found.failed == ["lms", "lrs"]
    assert freshness_sentence(found) == ("1 of 3 sources synced within the last 24 hours; not since then: "
                                         "lms (30 h ago), lrs (never); the last run of lms, lrs failed")


def test_quarantine_sentence_and_readable_checks():
    quarantine = pl.DataFrame({"source": ["lrs", "lrs", "hr"], "reason": ["bad verb", "no actor", "bad date"],
                               "records": [5, 2, 1], "first_location": ["a:1", "a:7", "b:3"]})
    assert quarantine_sentence(quarantine) == "8 records in quarantine from lrs (7), hr (1); most often: bad verb"
    assert quarantine_sentence(quarantine.head(1).with_columns(records=pl.lit(1))) == \
        "1 record in quarantine from lrs (1); reason: bad verb"
    assert check_text("expect_column_values_to_not_be_null(column=actor_id)") == "actor_id is never empty"
    assert check_text("expect_column_pair_values_a_to_be_greater_than_b(column_A=ends_at, column_B=starts_at, "
                      "or_equal=True)") == "ends_at not before starts_at"
    assert check_text("expect_column_values_to_be_in_set(column=role, value_set=['learner', 'contributor'])") \
        == "role from the allowed values"
    assert check_text("expect_something_new(column=x)") == "expect_something_new(column=x)"


def test_event_figures_from_the_loaded_frames_match_a_fresh_read(fixture_company):
    """The dashboard passes its loaded (coded, unified) frames; the figures are those of a plain read."""
    from data.settings import Settings
    from metrics.frames import read_frames
    from metrics.overview import Metrics

    loaded = Metrics(read_frames(fixture_company), Settings.from_env()).frames
    assert loaded.events.schema["actor_id"] == pl.Categorical  # the coded path, not text
    fresh, from_frames = load_data_health(fixture_company), load_data_health(fixture_company, loaded)
    assert from_frames.unmatched.rows() == fresh.unmatched.rows() == [("lrs", 1, 1)]
    assert from_frames.sources.drop("hours_since_success").equals(fresh.sources.drop("hours_since_success"))
    assert from_frames.sources["events"].sum() == loaded.events.height
