"""The polars translation of the expectations finds what Great Expectations finds, row for row."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest

from data import validation
from data.validation import _validate_gx, _validate_polars, expectations, validate

TODAY = date(2026, 6, 1)
ROWS = {
    "events": [
        {"actor_id": "a", "activity_id": "x", "role": "learner", "occurred_at": datetime(2026, 1, 1),
         "duration_seconds": 60.0},
        {"actor_id": None, "activity_id": "x", "role": "guest", "occurred_at": datetime(2099, 1, 1),
         "duration_seconds": -1.0},
        {"actor_id": "b", "activity_id": None, "role": None, "occurred_at": datetime(2026, 6, 2, 23, 59),
         "duration_seconds": math.nan},
        {"actor_id": "c", "activity_id": "y", "role": "admin", "occurred_at": datetime(2026, 6, 2),
         "duration_seconds": 86401.0},
    ],
    "person_versions": [
        {"hire_date": date(2020, 1, 1), "fte": 1.0, "employment_type": "full_time", "valid_from": date(2020, 1, 1),
         "valid_to": None},
        {"hire_date": None, "fte": 0.0, "employment_type": "intern", "valid_from": date(2021, 1, 1),
         "valid_to": date(2020, 1, 1)},
        {"hire_date": date(2029, 1, 1), "fte": 1.5, "employment_type": None, "valid_from": date(2021, 1, 1),
         "valid_to": date(2021, 1, 1)},
        {"hire_date": date(2027, 6, 2), "fte": None, "employment_type": "part_time", "valid_from": None,
         "valid_to": date(2021, 1, 1)},
    ],
    "activities": [
        {"channel": "formal", "planned_minutes": 30.0, "starts_at": datetime(2026, 1, 1, 9), "ends_at": None},
        {"channel": "webinar", "planned_minutes": 20000.0, "starts_at": datetime(2026, 1, 1, 9),
         "ends_at": datetime(2026, 1, 1, 8)},
        {"channel": None, "planned_minutes": None, "starts_at": datetime(2026, 1, 1, 9),
         "ends_at": datetime(2026, 1, 1, 9)},
    ],
    "feedback": [
        {"rating": 0.0, "recommendation": 11, "submitted_at": datetime(2026, 1, 1)},
        {"rating": 5.0, "recommendation": None, "submitted_at": None},
    ],
    "org_units": [{"name": None, "level": 31}, {"name": "A", "level": 0}],
}


@pytest.mark.parametrize("table", sorted(ROWS))
def test_polars_and_great_expectations_agree(table):
    rules = expectations(table, TODAY)
    fast = _validate_polars(f"t:{table}", rules, ROWS[table])
    slow = _validate_gx(f"t:{table}", rules, ROWS[table])
    assert [(o.expectation, o.element_count, sorted(o.unexpected_rows)) for o in fast] == \
        [(o.expectation, o.element_count, sorted(o.unexpected_rows)) for o in slow]
    assert any(o.unexpected_rows for o in fast)


def test_a_column_polars_cannot_type_goes_to_great_expectations(monkeypatch):
    asked = []
    monkeypatch.setattr(validation, "_validate_gx", lambda suite, rules, rows: asked.append(rows) or [])
    rows = [{"name": "A", "level": 1}, {"name": "B", "level": "deep"}]
    assert validate("t:org_units", "org_units", rows, TODAY) == []
    assert asked == [rows]
