"""One source failing in an unexpected way does not stop the others, and the exit code says so."""

from __future__ import annotations

import json

from connectors import __main__ as cli
from connectors.config import KINDS
from connectors.xapi import Xapi
from tests.conftest import COMPANY


class Broken(Xapi):
    kind = "broken_for_test"

    def read(self, state):
        raise ZeroDivisionError("a defect")


def test_an_unexpected_error_fails_its_source_only(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(KINDS, "broken_for_test", Broken)
    monkeypatch.setenv("DIRIGENT_DB_URL", f"sqlite:///{tmp_path / 'w.db'}")
    config = tmp_path / "sources.toml"
    config.write_text(f'allowed_roots = ["{COMPANY}"]\n\n'  # the HR file lives outside this test's folder
                      f'[[source]]\nname = "bad"\nkind = "broken_for_test"\npath = "x.ndjson"\n\n'
                      f'[[source]]\nname = "hr"\nkind = "hr"\npath = "{COMPANY / "mitarbeiter.csv"}"\n')
    assert cli.main(["sync", "--config", str(config), "--json"]) == 1
    results = {r["source"]: r for r in json.loads(capsys.readouterr().out)}
    assert results["bad"]["status"] == "failed" and "unexpected ZeroDivisionError: a defect" in results["bad"]["message"]
    assert results["hr"]["status"] == "ok" and results["hr"]["loaded"] == 6
