"""Great Expectations suites run on canonical rows before loading; failing rows are quarantined."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from connectors.xapi import XapiFiles
from data.loading import run_sync
from data.schema import events, quarantine, validation_results
from tests.conftest import COMPANY


def test_failing_rows_go_to_quarantine_with_the_expectation(engine, pseudonymise, tmp_path):
    good = json.loads((COMPANY / "statements.ndjson").read_text().splitlines()[0])
    too_long = {**good, "id": "00000000-0000-4000-8000-0000000000a1", "result": {"duration": "PT30H"}}
    future = {**good, "id": "00000000-0000-4000-8000-0000000000a2", "timestamp": "2099-01-01T09:00:00Z"}
    (tmp_path / "s.ndjson").write_text("\n".join(json.dumps(s) for s in (good, too_long, future)) + "\n")
    result = run_sync(engine, XapiFiles("lrs", {"path": "s.ndjson"}, pseudonymise, tmp_path))
    counts = result.counts
    assert (counts.read, counts.loaded, counts.quarantined) == (3, 1, 2)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(events)).scalar() == 1
        reasons = dict(conn.execute(select(quarantine.c.location, quarantine.c.reason)).all())
        outcomes = {r.expectation: r for r in conn.execute(select(validation_results)).all()}
    assert "expect_column_values_to_be_between(column=duration_seconds, min_value=0, max_value=86400)" \
        in reasons["s.ndjson:2"]
    assert "column=occurred_at" in reasons["s.ndjson:3"]
    duration = outcomes["expect_column_values_to_be_between(column=duration_seconds, min_value=0, max_value=86400)"]
    assert (duration.run_id, duration.element_count, duration.unexpected_count, duration.success) == (
        result.run_id, 3, 1, False)
    assert outcomes["expect_column_values_to_not_be_null(column=actor_id)"].success
    assert all(r.suite == "xapi:events" for r in outcomes.values())
