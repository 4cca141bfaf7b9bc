"""`python -m data retention|rekey|audit|inventory`: reports, applies, logs itself, never prints a secret."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from data.__main__ import main
from data.db import make_engine
from data.migrate import upgrade
from data.pseudonyms import Pseudonymiser
from data.settings import pseudonym_key
from tests.conftest import TEST_KEY, sync_all

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def warehouse(tmp_path, company, monkeypatch) -> str:
    """The fixture company synced into a SQLite file; DIRIGENT_DB_URL points to it."""
    url = f"sqlite:///{tmp_path / 'warehouse.db'}"
    engine = make_engine(url)
    upgrade(engine)
    sync_all(engine, company, Pseudonymiser(pseudonym_key()))
    engine.dispose()
    monkeypatch.setenv("DIRIGENT_DB_URL", url)
    return url


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_retention_reports_then_applies_and_the_audit_shows_it(warehouse, capsys, monkeypatch):
    monkeypatch.setenv("DIRIGENT_RETENTION_MONTHS_EVENTS", "1")  # the fixture's statements are from early 2026
    code, out, _ = _run(capsys, "retention", "--json")
    report = json.loads(out)
    assert code == 0 and not report["applied"]
    assert {t["table"]: t["rows"] for t in report["tables"]}["events"] == 10
    code, out, _ = _run(capsys, "retention")
    assert code == 0 and "dry run, nothing deleted" in out and "events" in out
    code, out, _ = _run(capsys, "retention", "--apply")
    assert code == 0 and "deleted in one transaction" in out
    code, out, _ = _run(capsys, "retention", "--json")
    assert {t["table"]: t["rows"] for t in json.loads(out)["tables"]}["events"] == 0
    code, out, _ = _run(capsys, "audit", "--json")
    logged = json.loads(out)
    assert [e["action"] for e in logged] == ["command", "retention", "command", "command"]
    assert json.loads(logged[1]["detail"])["deleted"]["events"] == 10
    assert logged[0]["detail"] == "python -m data retention --json" and logged[0]["channel"] == "cli"
    code, out, _ = _run(capsys, "audit", "--action", "retention")
    assert code == 0 and out.count("retention") == 1 and "operator" in out


def test_rekey_with_a_key_file_never_prints_a_key(warehouse, key_file, capsys):
    code, out, err = _run(capsys, "rekey")
    assert code == 0 and "dry run" in out and "events.actor_id" in out
    code, out, err = _run(capsys, "rekey", "--apply", "--json")
    assert code == 0 and json.loads(out)["ring_after"] == 2
    keys = key_file.read_text(encoding="utf-8").split()
    assert len(keys) == 2
    for key in keys:
        assert key not in out + err
    code, out, _ = _run(capsys, "audit")
    assert "rekey" in out and keys[1] not in out


def test_rekey_with_the_key_in_the_environment_asks_for_a_file(warehouse, capsys, tmp_path):
    code, out, err = _run(capsys, "rekey", "--apply")
    assert code == 2 and out == ""
    assert "DIRIGENT_PSEUDONYM_KEY" in err and "--new-key-file" in err and TEST_KEY not in err
    code, out, err = _run(capsys, "rekey", "--apply", "--new-key-file", str(tmp_path / "new.key"))
    new_key = (tmp_path / "new.key").read_text().strip()
    assert code == 0 and "Append it to DIRIGENT_PSEUDONYM_KEY" in out and new_key not in out + err


def test_inventory_text_and_json(warehouse, capsys):
    code, out, _ = _run(capsys, "inventory", "--json")
    found = json.loads(out)
    assert code == 0 and {s["name"] for s in found["sources"]} == {"hr", "lrs"}
    code, out, _ = _run(capsys, "inventory", "--language", "de")
    assert code == 0 and "Dirigent zeigt" in out and "actor_id*" in out and "source_record_id+" in out


def _subprocess(*argv: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "data", *argv], capture_output=True, text=True, cwd=ROOT,
                          env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", **env}, timeout=120)


def test_errors_name_the_setting_and_hide_passwords(tmp_path):
    done = _subprocess("rekey", env={"DIRIGENT_DB_URL": f"sqlite:///{tmp_path / 'w.db'}"})
    assert done.returncode == 2 and "No pseudonymisation key: set DIRIGENT_PSEUDONYM_KEY" in done.stderr
    done = _subprocess("audit", env={"DIRIGENT_PSEUDONYM_KEY": TEST_KEY,
                                     "DIRIGENT_DB_URL": "postgresql+psycopg://dirigent:S3cret-Pw@127.0.0.1:1/x"})
    assert done.returncode == 2 and done.stdout == ""
    assert "postgresql+psycopg://dirigent:***@127.0.0.1:1/x" in done.stderr and "DIRIGENT_DB_URL" in done.stderr
    assert "S3cret-Pw" not in done.stderr and "Traceback" not in done.stderr
