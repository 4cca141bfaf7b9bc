"""Fixtures for the privacy operations: the key in a file (as `make demo` keeps it), the company in a folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import String, Text, select

from data.schema import metadata
from tests.conftest import COMPANY, TEST_KEY


@pytest.fixture
def key_file(tmp_path, monkeypatch) -> Path:
    """The test key in a key file, the way a real installation keeps it (DIRIGENT_PSEUDONYM_KEY_FILE)."""
    folder = tmp_path / "secrets"
    folder.mkdir()
    path = folder / "pseudonym.key"
    path.write_text(TEST_KEY + "\n", encoding="utf-8")
    path.chmod(0o600)
    monkeypatch.delenv("DIRIGENT_PSEUDONYM_KEY", raising=False)
    monkeypatch.setenv("DIRIGENT_PSEUDONYM_KEY_FILE", str(path))
    return path


@pytest.fixture
def company(tmp_path) -> Path:
    """A copy of the fixture company that a test may change; returns its sources.toml."""
    folder = tmp_path / "company"
    folder.mkdir()
    for name in ("mitarbeiter.csv", "organisation.csv", "statements.ndjson", "sources.toml"):
        shutil.copy(COMPANY / name, folder / name)
    return folder / "sources.toml"


def dump(engine) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: to tell whether anything changed."""
    with engine.connect() as conn:
        return {t.name: sorted((tuple(r) for r in conn.execute(select(t))), key=repr) for t in metadata.sorted_tables}


def text_values(engine):
    """(table, column, value) for every non-empty text value in the warehouse."""
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (String, Text))]
            for row in conn.execute(select(*columns)):
                for column, value in zip(columns, row):
                    if value:
                        yield table.name, column.name, value
