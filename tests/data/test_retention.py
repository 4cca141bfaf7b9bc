"""Retention: what is older than the cutoff is reported first, then deleted in one transaction and logged."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from data import audit
from data.retention import cutoff_date, retention
from data.schema import (activities, audit_log, enrolments, events, expertise, feedback, person_identities,
                         person_versions, quarantine)
from data.settings import ConfigurationError, Settings, retention_months

TODAY = date(2028, 3, 10)  # 24 months: the cutoff is 1 March 2026, midnight in Berlin = 28 Feb 2026 23:00 UTC
BEFORE, AT = datetime(2026, 2, 28, 22, 59), datetime(2026, 2, 28, 23, 0)


def test_cutoff_is_the_first_of_the_month_n_months_back():
    assert cutoff_date(date(2026, 12, 6), 24) == date(2024, 12, 1)
    assert cutoff_date(date(2026, 1, 15), 1) == date(2025, 12, 1)
    assert cutoff_date(date(2026, 3, 31), 14) == date(2025, 1, 1)
    assert cutoff_date(date(2026, 1, 1), 12) == date(2025, 1, 1)


def _full(table, rows: list[dict]) -> list[dict]:
    """Rows with every column named (an executemany needs the same keys in every row)."""
    return [{c.name: None for c in table.columns if c.autoincrement is not True} | row for row in rows]


def _version(person: str, valid_from: date, exit_date: date | None) -> dict:
    return {"person_id": person, "valid_from": valid_from, "valid_to": None, "hire_date": date(2010, 1, 1),
            "exit_date": exit_date, "fte": 1.0, "employment_type": "full_time", "source": "hr"}


def _event(n: int, at: datetime) -> dict:
    return {"source": "lrs", "source_record_id": str(n), "actor_id": "a" * 32, "activity_id": "x", "verb": "attended",
            "role": "learner", "occurred_at": at}


@pytest.fixture
def dated(engine):
    """Rows on both sides of the cutoff, in every table retention touches."""
    left, rehired, leaving = "1" * 32, "2" * 32, "3" * 32
    with engine.begin() as conn:
        conn.execute(activities.insert(), _full(activities, [
            {"activity_id": "old", "activity_type": "course", "channel": "formal", "starts_at": datetime(2025, 5, 1),
             "source": "lms"},
            {"activity_id": "undated", "activity_type": "course", "channel": "formal", "source": "lms"}]))
        conn.execute(events.insert(), _full(events, [_event(1, BEFORE), _event(2, AT),
                                                     _event(3, datetime(2020, 1, 1))]))
        conn.execute(enrolments.insert(), _full(enrolments, [
            {"source": "lms", "actor_id": "e1".ljust(32, "0"), "activity_id": "x", "completed_at": BEFORE},
            {"source": "lms", "actor_id": "e2".ljust(32, "0"), "activity_id": "x", "enrolled_at": BEFORE,
             "completed_at": AT},  # completed after the cutoff: kept
            {"source": "lms", "actor_id": "e3".ljust(32, "0"), "activity_id": "old"},  # the activity's start
            {"source": "lms", "actor_id": "e4".ljust(32, "0"), "activity_id": "undated"}  # no date at all: kept
        ]))
        conn.execute(feedback.insert(), _full(feedback, [
            {"source": "lex", "source_record_id": "f1", "activity_id": "x", "submitted_at": BEFORE},
            {"source": "lex", "source_record_id": "f2", "activity_id": "x", "submitted_at": AT},
            {"source": "lex", "source_record_id": "f3", "activity_id": "old"},
            {"source": "lex", "source_record_id": "f4", "activity_id": "undated"}]))
        conn.execute(person_versions.insert(), _full(person_versions, [
            _version(left, date(2015, 1, 1), date(2026, 2, 28)), _version(left, date(2020, 1, 1), date(2026, 2, 28)),
            _version(rehired, date(2012, 1, 1), date(2019, 12, 31)), _version(rehired, date(2024, 1, 1), None),
            _version(leaving, date(2012, 1, 1), date(2026, 3, 1))]))
        conn.execute(person_identities.insert(), _full(person_identities, [
            {"identity_id": left, "person_id": left, "kind": "employee_no", "source": "hr"},
            {"identity_id": "4" * 32, "person_id": left, "kind": "email", "source": "hr"},
            {"identity_id": rehired, "person_id": rehired, "kind": "employee_no", "source": "hr"}]))
        conn.execute(expertise.insert(), _full(expertise, [{"actor_id": "4" * 32, "skill_id": "s", "source": "lex"},
                                          {"actor_id": rehired, "skill_id": "s", "source": "lex"}]))
        conn.execute(quarantine.insert(), _full(quarantine, [
            {"run_id": 1, "source": "lrs", "location": "f:1", "reason": "r", "record": "{}", "created_at": BEFORE},
            {"run_id": 1, "source": "lrs", "location": "f:2", "reason": "r", "record": "{}", "created_at": AT}]))
    audit.record(engine, login="someone@example.org", role="ld_lead", action="page", page="overview")
    with engine.begin() as conn:
        conn.execute(audit_log.update().values(at=BEFORE))
    audit.record(engine, login="someone@example.org", role="ld_lead", action="page", page="network")
    return engine


EXPECTED = {"events": 2, "enrolments": 2, "feedback": 2, "expertise": 1, "person_identities": 2,
            "person_versions": 2, "quarantine": 1, "audit_log": 1}


def _count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_report_first_then_delete_in_one_transaction_and_log(dated):
    settings = Settings.from_env()
    report = retention(dated, settings, today=TODAY)
    assert not report.applied and report.counts() == EXPECTED
    assert {t.cutoff for t in report.tables} == {"2026-03-01"} and report.timezone == "Europe/Berlin"
    assert _count(dated, events) == 3 and _count(dated, person_versions) == 5  # nothing deleted yet

    applied = retention(dated, settings, today=TODAY, apply=True)
    assert applied.counts() == EXPECTED
    with dated.connect() as conn:
        assert conn.execute(select(events.c.source_record_id)).scalars().all() == ["2"]
        assert sorted(conn.execute(select(enrolments.c.actor_id)).scalars()) == ["e2".ljust(32, "0"),
                                                                                  "e4".ljust(32, "0")]
        assert sorted(conn.execute(select(feedback.c.source_record_id)).scalars()) == ["f2", "f4"]
        assert sorted(set(conn.execute(select(person_versions.c.person_id)).scalars())) == ["2" * 32, "3" * 32]
        assert conn.execute(select(person_identities.c.person_id)).scalars().all() == ["2" * 32]
        assert conn.execute(select(expertise.c.actor_id)).scalars().all() == ["2" * 32]
    logged = audit.entries(dated, action="retention")
    assert len(logged) == 1 and logged[0]["channel"] == "cli" and logged[0]["role"] == "operator"
    assert json.loads(logged[0]["detail"])["deleted"] == EXPECTED
    assert [e["page"] for e in audit.entries(dated, action="page")] == ["network"]
    assert retention(dated, settings, today=TODAY).total == 0


def test_a_failure_deletes_nothing(dated, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError, match="audit log unavailable"):
        retention(dated, Settings.from_env(), today=TODAY, apply=True)
    assert _count(dated, events) == 3 and _count(dated, person_versions) == 5 and _count(dated, audit_log) == 2


def test_months_per_table_and_never(dated, monkeypatch):
    monkeypatch.setenv("DIRIGENT_RETENTION_MONTHS", "36")
    monkeypatch.setenv("DIRIGENT_RETENTION_MONTHS_EVENTS", "24")
    monkeypatch.setenv("DIRIGENT_RETENTION_MONTHS_AUDIT_LOG", "never")
    months = retention_months()
    assert months["events"] == 24 and months["feedback"] == 36 and months["audit_log"] is None
    report = {t.table: t for t in retention(dated, Settings.from_env(), today=TODAY).tables}
    assert report["events"].rows == 2 and report["events"].cutoff == "2026-03-01"
    assert report["enrolments"].cutoff == "2025-03-01" and report["enrolments"].rows == 0
    assert report["audit_log"].months is None and report["audit_log"].rows == 0


@pytest.mark.parametrize("value", ["0", "two years", "-3"])
def test_a_wrong_setting_names_itself(monkeypatch, value):
    monkeypatch.setenv("DIRIGENT_RETENTION_MONTHS_FEEDBACK", value)
    with pytest.raises(ConfigurationError, match="DIRIGENT_RETENTION_MONTHS_FEEDBACK=.*whole number of 1 or more"):
        retention_months()
