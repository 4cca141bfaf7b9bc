"""What `make demo` runs: the generator's files sync through data/demo/sources.toml as they are."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import TEST_KEY

ROOT = Path(__file__).resolve().parent.parent


def test_demo_sources_sync_the_generated_files(tmp_path):
    (tmp_path / "demo").mkdir()
    shutil.copy(ROOT / "data" / "demo" / "sources.toml", tmp_path / "demo" / "sources.toml")
    env = {**os.environ, "DIRIGENT_DB_URL": f"sqlite:///{tmp_path / 'w.db'}", "DIRIGENT_PSEUDONYM_KEY": TEST_KEY}
    generated = subprocess.run([sys.executable, "-m", "data.demo", "--out", str(tmp_path / "demo_exports"),
                                "--employees", "150", "--months", "3"], cwd=ROOT, env=env, capture_output=True,
                               text=True)
    assert generated.returncode == 0, generated.stderr
    synced = subprocess.run([sys.executable, "-m", "connectors", "sync", "--json", "--config",
                             str(tmp_path / "demo" / "sources.toml")], cwd=ROOT, env=env, capture_output=True,
                            text=True)
    assert synced.returncode == 0, synced.stdout + synced.stderr
    results = {r["source"]: r for r in json.loads(synced.stdout)}
    assert results["hr"]["loaded"] > 150 and results["lrs"]["loaded"] > 300
    assert all(r["quarantined"] == 0 and r["read"] == r["loaded"] for r in results.values())
