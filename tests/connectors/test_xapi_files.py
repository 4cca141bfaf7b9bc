"""The xAPI connector on LRS exports: mapping, voiding, durations, time zones of timestamps, bad statements."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from connectors.xapi import XapiFiles
from connectors.xapi_mapping import parse_duration, parse_timestamp
from data.loading import Record, Rejected, Void
from tests.conftest import COMPANY


@pytest.fixture
def items(pseudonymise):
    connector = XapiFiles("lrs", {"path": "statements.ndjson"}, pseudonymise, COMPANY)
    result = list(connector.read({}))
    return result, connector


def test_statements_map_to_events_activities_and_roles(items, pseudonymise):
    result, _ = items
    first = result[0]
    assert isinstance(first, Record)
    values = first.row.values
    assert values["actor_id"] == pseudonymise("email", "anna.mueller@example.org")
    assert (values["verb"], values["role"], values["duration_seconds"]) == ("attended", "learner", 3000.0)
    assert values["occurred_at"] == datetime(2026, 1, 15, 9, 0)
    activity = first.related[0].values
    assert (activity["activity_type"], activity["channel"], activity["planned_minutes"]) == ("session", "peer", 60.0)
    assert activity["title"] == "Python für Einsteiger"
    host = result[1].row.values
    assert (host["verb"], host["role"]) == ("hosted", "contributor")
    registered = result[5].row.values
    assert registered["role"] == "admin"


def test_voiding_statement_becomes_a_void(items):
    result, _ = items
    void = result[10]
    assert isinstance(void, Void)
    assert void.source_record_id.endswith("000000000010") and void.voided_by.endswith("000000000011")


def test_bad_statements_are_quarantined_without_identifiers(items):
    result, connector = items
    rejected = [r for r in result if isinstance(r, Rejected)]
    assert [r.location for r in rejected] == ["statements.ndjson:13", "statements.ndjson:14", "statements.ndjson:15"]
    assert "not an ISO 8601 duration" in rejected[0].reason
    assert "not valid JSON" in rejected[1].reason
    assert "mbox_sha1sum" in rejected[2].reason
    assert all("@example.org" not in r.record and "Clear Name" not in r.record for r in rejected)
    assert connector.next_state()["watermark"] == "2026-03-11T08:00:00Z"


def test_json_array_and_statement_result_files(tmp_path, pseudonymise):
    statement = json.loads((COMPANY / "statements.ndjson").read_text().splitlines()[0])
    (tmp_path / "array.json").write_text(json.dumps([statement]))
    (tmp_path / "page.json").write_text(json.dumps({"statements": [statement], "more": ""}))
    result = list(XapiFiles("lrs", {"path": str(tmp_path)}, pseudonymise, tmp_path).read({}))
    assert [r.location for r in result] == ["array.json:statement 1", "page.json:statement 1"]


@pytest.mark.parametrize("text, seconds", [
    ("PT1H30M", 5400.0), ("PT47M12S", 2832.0), ("PT0.5S", 0.5), ("P1DT2H", 93600.0), ("PT15M", 900.0),
])
def test_iso_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "P", "PT", "1H", "PT-5M", "five minutes", "P1DT"])
def test_bad_durations_raise(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_timestamps_become_naive_utc():
    assert parse_timestamp("2026-03-29T02:30:00+02:00") == datetime(2026, 3, 29, 0, 30)
    assert parse_timestamp("2026-01-31T23:30:00.123Z") == datetime(2026, 1, 31, 23, 30, 0, 123000)
