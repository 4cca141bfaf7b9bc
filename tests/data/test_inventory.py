"""The data inventory: sources, tables and columns held, pseudonymisation, retention, k, purpose."""

from __future__ import annotations

import pytest

from data.inventory import DESCRIPTIONS, inventory
from data.meta import mark_demo
from data.rekey import rekey
from data.schema import metadata
from data.settings import DEFAULT_PURPOSE, ConfigurationError, Settings, purpose_statement
from tests.conftest import COMPANY, TEST_KEY, sync_all


def test_inventory_of_the_fixture_company(engine, pseudonymise):
    sync_all(engine, COMPANY / "sources.toml", pseudonymise)
    found = inventory(engine, Settings.from_env())
    sources = {s.name: s for s in found.sources}
    assert set(sources) == {"hr", "lrs"}
    assert (sources["hr"].kind, sources["lrs"].kind) == ("hr_csv", "xapi")
    assert sources["hr"].last_status == "ok" and sources["hr"].last_success and sources["hr"].runs == 1
    assert sources["hr"].rows == {"org_units": 3, "person_identities": 10, "person_versions": 6}
    assert sources["lrs"].rows["events"] == 10
    tables = {t.name: t for t in found.tables}
    assert set(tables) == set(metadata.tables)
    assert tables["events"].rows == 10 and tables["events"].person_level
    assert not tables["skills"].person_level and tables["skills"].retention_setting is None
    columns = {c.name: c for c in tables["events"].columns}
    assert columns["actor_id"].pseudonym and columns["counterpart_id"].pseudonym
    assert columns["source_record_id"].embeds_pseudonyms and not columns["verb"].pseudonym
    assert {c.name for c in tables["person_versions"].columns if c.pseudonym} == {"person_id", "manager_id"}
    assert tables["person_versions"].retention_setting == "people" and tables["person_versions"].retention_months == 24
    assert found.retention_months["events"] == 24
    assert (found.min_group_size, found.works_council_min_group_size) == (10, 10)
    assert found.key_ring_size == 1 and "HMAC-SHA256" in found.pseudonymisation["en"]
    assert "Schlüssel" in found.pseudonymisation["de"] and "rotated" not in found.pseudonymisation["en"]
    assert found.purpose == DEFAULT_PURPOSE and not found.demo
    as_dict = found.as_dict()
    assert as_dict["sources"][0]["name"] == "hr" and as_dict["tables"][0]["description"]["de"]


def test_every_table_is_described_in_both_languages():
    assert set(DESCRIPTIONS) == set(metadata.tables)
    assert all(en and de and en != de for en, de in DESCRIPTIONS.values())


def test_settings_reach_the_inventory(sqlite_engine, monkeypatch, tmp_path):
    monkeypatch.setenv("DIRIGENT_MIN_GROUP_SIZE", "7")
    monkeypatch.setenv("DIRIGENT_WORKS_COUNCIL_MIN_GROUP_SIZE", "12")
    monkeypatch.setenv("DIRIGENT_RETENTION_MONTHS_QUARANTINE", "3")
    monkeypatch.setenv("DIRIGENT_PURPOSE", "Planning learning offers; no performance control.")
    mark_demo(sqlite_engine)
    found = inventory(sqlite_engine, Settings.from_env())
    assert (found.min_group_size, found.works_council_min_group_size) == (7, 12)
    assert {t.name: t.retention_months for t in found.tables}["quarantine"] == 3
    assert found.purpose == {"en": "Planning learning offers; no performance control.",
                             "de": "Planning learning offers; no performance control."}
    assert found.demo and found.sources == []


def test_a_rotated_key_is_described(sqlite_engine, tmp_path, monkeypatch):
    rekey(sqlite_engine, apply=True, new_key_file=tmp_path / "new.key")
    monkeypatch.setenv("DIRIGENT_PSEUDONYM_KEY", f"{TEST_KEY}\n{(tmp_path / 'new.key').read_text().strip()}")
    found = inventory(sqlite_engine, Settings.from_env())
    assert found.key_ring_size == 2 and "rotated 1 time" in found.pseudonymisation["en"]


def test_no_key_is_a_note_not_an_error(sqlite_engine, monkeypatch):
    monkeypatch.delenv("DIRIGENT_PSEUDONYM_KEY")
    found = inventory(sqlite_engine, Settings.from_env())
    assert found.key_ring_size is None and "DIRIGENT_PSEUDONYM_KEY" in found.notes[0]


def test_purpose_from_a_file_per_language(tmp_path, monkeypatch):
    path = tmp_path / "purpose.txt"
    path.write_text("[en]\nTo plan learning.\n\n[de]\nUm Lernen zu planen.\n", encoding="utf-8")
    monkeypatch.setenv("DIRIGENT_PURPOSE_FILE", str(path))
    assert purpose_statement("en") == "To plan learning." and purpose_statement("de") == "Um Lernen zu planen."
    path.write_text("One text for both.\n", encoding="utf-8")
    assert purpose_statement("de") == "One text for both."
    monkeypatch.setenv("DIRIGENT_PURPOSE_FILE", str(tmp_path / "missing.txt"))
    with pytest.raises(ConfigurationError, match="DIRIGENT_PURPOSE_FILE points to .*missing.txt"):
        purpose_statement()


def test_works_council_k_never_below_k(monkeypatch):
    from data.settings import works_council_min_group_size

    monkeypatch.setenv("DIRIGENT_WORKS_COUNCIL_MIN_GROUP_SIZE", "6")
    with pytest.raises(ConfigurationError, match="can only be raised"):
        works_council_min_group_size(Settings.from_env())
