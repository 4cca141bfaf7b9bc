"""`python -m connectors`: sync prints per-source counts, check names every mistake in sources.toml."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import COMPANY, TEST_KEY

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DIRIGENT_DB_URL": f"sqlite:///{db}", "DIRIGENT_PSEUDONYM_KEY": TEST_KEY}
    return subprocess.run([sys.executable, "-m", "connectors", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT)


def test_sync_twice_prints_counts_and_second_run_loads_nothing(tmp_path):
    first = run("sync", "--config", str(COMPANY / "sources.toml"), "--json", db=tmp_path / "w.db")
    assert first.returncode == 0, first.stderr
    counts = {r["source"]: r for r in json.loads(first.stdout)}
    assert {k: counts["lrs"][k] for k in ("read", "loaded", "updated", "duplicates", "quarantined")} == {
        "read": 15, "loaded": 12, "updated": 0, "duplicates": 0, "quarantined": 3}
    second = run("sync", "--config", str(COMPANY / "sources.toml"), db=tmp_path / "w.db")
    assert second.returncode == 0
    lines = second.stdout.splitlines()
    assert lines[0].split() == ["source", "status", "read", "loaded", "updated", "duplicates", "quarantined"]
    assert lines[1].split() == ["hr", "ok", "0", "0", "0", "0", "0"]


def test_check_lists_every_mistake(tmp_path):
    config = tmp_path / "sources.toml"
    config.write_text('[[source]]\nname = "hr"\nkind = "hr_csv"\nfile = "x.csv"\n\n'
                      '[[source]]\nname = "hr"\nkind = "moodel"\n')
    done = run("check", "--config", str(config), db=tmp_path / "w.db")
    assert done.returncode == 2
    assert "4 problem(s)" in done.stderr
    assert "name 'hr' is used twice" in done.stderr
    assert "'file' is not a setting of kind 'hr_csv'" in done.stderr
    assert "'path' is required" in done.stderr
    assert "kind 'moodel' is unknown" in done.stderr


def test_unreadable_source_fails_alone_with_its_name(tmp_path):
    config = tmp_path / "sources.toml"
    config.write_text('[[source]]\nname = "lms-export"\nkind = "xapi"\npath = "missing/*.ndjson"\n')
    done = run("sync", "--config", str(config), db=tmp_path / "w.db")
    assert done.returncode == 1
    assert "source 'lms-export' (xapi): path 'missing/*.ndjson': no file found" in done.stdout


def test_full_sync_reads_everything_again_and_changes_nothing(tmp_path):
    run("sync", "--config", str(COMPANY / "sources.toml"), db=tmp_path / "w.db")
    again = run("sync", "--full", "--json", "--config", str(COMPANY / "sources.toml"), db=tmp_path / "w.db")
    lrs = {r["source"]: r for r in json.loads(again.stdout)}["lrs"]
    assert (lrs["read"], lrs["loaded"], lrs["updated"], lrs["quarantined"]) == (15, 0, 0, 3)
    assert lrs["duplicates"] == 12  # 11 statements (one of them voided) and the voiding statement
