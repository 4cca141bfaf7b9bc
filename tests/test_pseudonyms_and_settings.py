"""Pseudonyms join across sources and spellings; a missing key stops a real sync with a clear message."""

from __future__ import annotations

import subprocess
import sys

import pytest

from data.pseudonyms import Pseudonymiser
from data.settings import ConfigurationError, Settings, pseudonym_key
from tests.conftest import COMPANY


def test_same_identifier_in_different_spellings_gets_one_pseudonym(pseudonymise):
    assert pseudonymise("employee_no", "00012345") == pseudonymise("employee_no", " 12345 ")
    assert pseudonymise("email", "mailto:Anna.Mueller@Example.org") == pseudonymise("email", "anna.mueller@example.org")
    assert len(pseudonymise("email", "a@b.c")) == 32


def test_pseudonyms_depend_on_the_key_and_the_kind(pseudonymise):
    other = Pseudonymiser(b"another-key-" + b"x" * 32)
    assert other("employee_no", "1") != pseudonymise("employee_no", "1")
    assert pseudonymise("account", "1") != pseudonymise("employee_no", "1")


def test_key_from_file(tmp_path, monkeypatch):
    key_file = tmp_path / "key"
    key_file.write_text("k" * 64 + "\n")
    monkeypatch.delenv("DIRIGENT_PSEUDONYM_KEY")
    monkeypatch.setenv("DIRIGENT_PSEUDONYM_KEY_FILE", str(key_file))
    assert pseudonym_key() == b"k" * 64


def test_short_or_missing_key_is_refused(monkeypatch):
    monkeypatch.setenv("DIRIGENT_PSEUDONYM_KEY", "short")
    with pytest.raises(ConfigurationError, match="No pseudonymisation key"):
        pseudonym_key()


def test_minimum_group_size_never_below_five(monkeypatch):
    monkeypatch.setenv("DIRIGENT_MIN_GROUP_SIZE", "3")
    with pytest.raises(ConfigurationError, match="below the floor of 5"):
        Settings.from_env()


def test_sync_without_key_stops_before_touching_anything(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DIRIGENT_DB_URL": f"sqlite:///{tmp_path / 'w.db'}"}
    done = subprocess.run([sys.executable, "-m", "connectors", "sync", "--config", str(COMPANY / "sources.toml")],
                          capture_output=True, text=True, env=env, cwd=COMPANY.parent.parent.parent)
    assert done.returncode == 2
    assert "No pseudonymisation key: set DIRIGENT_PSEUDONYM_KEY" in done.stderr
    assert not (tmp_path / "w.db").exists()
