"""`python -m metrics show --role`: the same access rules as the dashboard, refusals with exit 2, an audit row each."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from data.audit import entries, login_pseudonym
from data.db import make_engine
from metrics.__main__ import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def warehouse(demo_db_url, monkeypatch):
    monkeypatch.setenv("DIRIGENT_DB_URL", demo_db_url)
    engine = make_engine(demo_db_url)
    yield engine
    engine.dispose()


def show(capsys, *argv) -> tuple[int, str, str]:
    code = main(["show", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_metric_outside_the_role_is_refused_and_audited(warehouse, capsys):
    code, out, err = show(capsys, "P2,P4", "--period", "2026-Q3", "--role", "executive", "--format", "json")
    assert code == 2 and out == ""
    assert "refused" in err and "the role executive may not see P4" in err
    denied = entries(warehouse, action="denied", limit=1)[0]
    assert (denied["role"], denied["channel"], denied["metric"]) == ("executive", "cli", "P2,P4")
    assert denied["login"] == login_pseudonym(None) and denied["filters"]["period"] == "2026-Q3"


def test_the_default_role_is_the_ld_lead_and_every_shown_metric_is_audited(warehouse, capsys):
    before = len(entries(warehouse, action="metric", limit=None))
    code, out, _ = show(capsys, "P2,S3", "--period", "2026-Q3", "--country", "DE", "--format", "json")
    assert code == 0 and [r["metric"] for r in json.loads(out)] == ["P2", "S3"]
    rows = entries(warehouse, action="metric", limit=None)
    assert len(rows) - before == 2
    assert {(r["metric"], r["role"], r["channel"]) for r in rows[:2]} == {("P2", "ld_lead", "cli"), ("S3", "ld_lead", "cli")}
    assert rows[0]["filters"] == {"country": "DE", "period": "2026-Q3"}


def test_the_works_council_gets_its_own_k(warehouse, capsys, monkeypatch):
    monkeypatch.setenv("DIRIGENT_WORKS_COUNCIL_MIN_GROUP_SIZE", "60")
    _, out, _ = show(capsys, "P3", "--period", "2026-Q3", "--by", "location", "--format", "json")
    lead = {r["group"]: r for r in json.loads(out)["rows"]}
    code, out, _ = show(capsys, "P3", "--period", "2026-Q3", "--by", "location", "--format", "json",
                        "--role", "works_council")
    council = {r["group"]: r for r in json.loads(out)["rows"]}
    assert code == 0 and set(lead) == set(council)
    small = [g for g, r in lead.items() if 10 <= r["population"] < 60]
    assert small, "the fixture company needs a location of 10 to 59 people"
    assert all(council[g]["suppressed"] and council[g]["value"] is None for g in small)
    assert any(not lead[g]["suppressed"] for g in small)  # what the L&D lead sees, the works council does not
    assert any("fewer than 60" in council[g]["note"] for g in small)


def test_the_works_council_may_not_see_skills_but_may_see_participation(warehouse, capsys):
    assert show(capsys, "S3", "--period", "2026-Q3", "--role", "works_council")[0] == 2
    assert show(capsys, "P9", "--period", "2026-Q3", "--role", "works_council")[0] == 0


def test_an_unknown_role_is_an_error(warehouse, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["show", "P2", "--role", "superuser"])
    assert stopped.value.code == 2
    assert "invalid choice: 'superuser'" in capsys.readouterr().err


def test_without_a_key_for_the_audit_log_nothing_is_shown(demo_db_url):
    env = {"PATH": "/usr/bin:/bin", "DIRIGENT_DB_URL": demo_db_url}
    done = subprocess.run([sys.executable, "-m", "metrics", "show", "P2", "--period", "2026-Q3"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == ""
    assert "audit log cannot be written" in done.stderr and "DIRIGENT_PSEUDONYM_KEY" in done.stderr
