"""The audit log: pseudonymous logins, filters, secrets masked, cheap writes; warehouse meta."""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from data import audit
from data.meta import get_meta, is_demo, mark_demo, set_meta
from data.schema import audit_log
from tests.conftest import TEST_KEY


def test_login_is_stored_as_a_pseudonym_of_its_own_kind(engine, pseudonymise):
    audit.record(engine, login="Anna.Mueller@Example.org", role="ld_lead", action="page", page="overview",
                 filters={"period": "2026-Q3", "unit": "OE-11"})
    with engine.connect() as conn:
        row = conn.execute(select(audit_log)).one()
    expected = hmac.new(TEST_KEY.encode(), b"login:anna.mueller@example.org", hashlib.sha256).hexdigest()[:32]
    assert row.login == expected
    assert row.login != pseudonymise("email", "anna.mueller@example.org")  # never joins to learning data
    assert "anna" not in repr(tuple(row)).lower()
    assert (row.channel, row.role, row.action, row.page) == ("dashboard", "ld_lead", "page", "overview")
    assert row.at.tzinfo is None and abs(row.at - datetime.now(timezone.utc).replace(tzinfo=None)) < timedelta(
        minutes=1)


def test_command_line_logins_are_the_os_user_pseudonymised(engine, monkeypatch):
    monkeypatch.setattr(audit, "_os_user", lambda: "operator-on-host")
    audit.record(engine, login=None, role="operator", action="command", detail="python -m data audit")
    entry = audit.entries(engine)[0]
    assert entry["channel"] == "cli"
    assert entry["login"] == audit.login_pseudonym("os:operator-on-host")
    assert audit.entries(engine, login="os:Operator-On-Host")[0]["id"] == entry["id"]


def test_entries_filter_by_time_role_and_action_newest_first(engine):
    for n, (role, action) in enumerate([("ld_lead", "page"), ("works_council", "export"), ("ld_lead", "metric"),
                                        ("admin", "denied")]):
        audit.record(engine, login=f"user{n}@example.org", role=role, action=action, metric="P1" if n == 2 else None,
                     filters={"n": n, "day": date(2026, 1, n + 1)})
    everything = audit.entries(engine)
    assert [e["filters"]["n"] for e in everything] == [3, 2, 1, 0]
    assert everything[1]["filters"]["day"] == "2026-01-03" and everything[1]["metric"] == "P1"
    assert [e["action"] for e in audit.entries(engine, role="ld_lead")] == ["metric", "page"]
    assert [e["role"] for e in audit.entries(engine, action="export")] == ["works_council"]
    assert len(audit.entries(engine, limit=2)) == 2
    tomorrow = datetime.now(timezone.utc) + timedelta(days=1)
    assert audit.entries(engine, since=tomorrow) == []
    assert len(audit.entries(engine, until=tomorrow, since=date(2020, 1, 1))) == 4
    assert audit.entries(engine, until=date(2020, 1, 1)) == []


def test_secrets_never_reach_the_log(engine, monkeypatch):
    monkeypatch.setenv("DIRIGENT_DB_URL", "postgresql+psycopg://dirigent:Db-Passw0rd@db.internal/warehouse")
    audit.record(engine, login=None, role="operator", action="command",
                 detail=f"sync --url postgresql+psycopg://dirigent:Db-Passw0rd@db.internal/warehouse "
                        f"--token=abc123 key {TEST_KEY} DIRIGENT_PSEUDONYM_KEY={TEST_KEY[:20]}",
                 filters={"note": "password=hunter2"})
    entry = audit.entries(engine)[0]
    stored = entry["detail"] + repr(entry["filters"])
    for secret in ("Db-Passw0rd", "abc123", TEST_KEY, TEST_KEY[:20], "hunter2"):
        assert secret not in stored
    assert "postgresql+psycopg://dirigent:***@db.internal/warehouse" in entry["detail"]


def test_unknown_action_is_refused(engine):
    with pytest.raises(ValueError, match="not one of page, metric"):
        audit.record(engine, login="a@b.c", role="ld_lead", action="peek")


def test_a_page_view_is_cheap(sqlite_engine):
    audit.record(sqlite_engine, login="warm@example.org", role="ld_lead", action="page", page="overview")
    started = time.perf_counter()
    for n in range(200):
        audit.record(sqlite_engine, login="anna@example.org", role="ld_lead", action="page", page="overview",
                     filters={"period": "2026-Q3", "n": n})
    per_write = (time.perf_counter() - started) / 200
    assert per_write < 0.02, f"{per_write * 1000:.1f} ms per audit entry"
    assert len(audit.entries(sqlite_engine, limit=None)) == 201


def test_warehouse_meta_and_the_demo_mark(engine):
    assert get_meta(engine, "demo") is None and not is_demo(engine)
    mark_demo(engine)
    assert is_demo(engine) and get_meta(engine, "demo") == "true"
    set_meta(engine, "demo", "false")
    set_meta(engine, "other", "1")
    assert not is_demo(engine) and get_meta(engine, "other") == "1"
