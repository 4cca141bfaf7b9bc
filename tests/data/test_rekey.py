"""Key rotation: a key ring that keeps old pseudonyms joining, the whole warehouse re-keyed in one transaction."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import stat

import pytest
from sqlalchemy import delete, select

from data import audit, rekey as rekey_module
from data.pseudonyms import Pseudonymiser, chain
from data.rekey import RekeyError, check_key, rekey
from data.schema import events, person_identities, person_versions, sync_state
from data.settings import ConfigurationError, pseudonym_key, pseudonym_keys
from tests.conftest import TEST_KEY, sync_all
from tests.data.conftest import dump, text_values

TOKEN = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")
SECOND_KEY = "second-key-" + "fedcba9876543210" * 3


# -- the ring ------------------------------------------------------------------------------------------

def test_one_key_gives_exactly_the_pseudonyms_it_always_gave():
    expected = hmac.new(TEST_KEY.encode(), b"email:anna@example.org", hashlib.sha256).hexdigest()[:32]
    assert Pseudonymiser(TEST_KEY.encode())("email", "Anna@Example.org") == expected
    assert Pseudonymiser([TEST_KEY.encode()])("email", "anna@example.org") == expected


def test_a_ring_chains_each_further_key_over_the_previous_pseudonym():
    first = Pseudonymiser(TEST_KEY.encode())("employee_no", "0042")
    ring = Pseudonymiser(f"{TEST_KEY}\n{SECOND_KEY}\n".encode())
    assert ring.ring_size == 2
    assert ring("employee_no", "42") == chain(SECOND_KEY.encode(), first)
    assert ring("employee_no", "42") == hmac.new(SECOND_KEY.encode(), first.encode(), hashlib.sha256).hexdigest()[:32]
    assert ring("employee_no", "42") != first
    with pytest.raises(ValueError, match="key 2 of the ring must be at least 32 bytes"):
        Pseudonymiser(f"{TEST_KEY}\nshort".encode())


def test_key_file_with_a_ring(key_file):
    key_file.write_text(f"{TEST_KEY}\n{SECOND_KEY}\n", encoding="utf-8")
    assert pseudonym_keys() == [TEST_KEY.encode(), SECOND_KEY.encode()]
    key_file.write_text(f"{TEST_KEY}\n{'x' * 20}\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="key 2 is shorter than 32 characters") as refused:
        pseudonym_key()
    assert TEST_KEY not in str(refused.value) and "x" * 20 not in str(refused.value)


# -- the rotation ----------------------------------------------------------------------------------------

def _tokens(engine) -> set[str]:
    return {token for _, _, value in text_values(engine) for token in TOKEN.findall(value)}


def test_rekey_rewrites_every_pseudonym_and_later_syncs_join(engine, key_file, company):
    sync_all(engine, company, Pseudonymiser(pseudonym_key()))
    audit.record(engine, login="admin@example.org", role="admin", action="page", page="audit_log")
    before = Pseudonymiser(pseudonym_key())
    old = _tokens(engine)
    assert before("email", "anna.mueller@example.org") in old and len(old) >= 12

    report = rekey(engine, apply=True)

    lines = key_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and lines[0] == TEST_KEY and len(lines[1]) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert sorted(p.name for p in key_file.parent.iterdir()) == ["pseudonym.key"]  # no temporary file left
    assert report.rewritten["events.actor_id"] == 10
    assert report.rewritten["person_versions.person_id"] == 6
    assert report.rewritten["person_identities.identity_id"] == 10
    assert report.rewritten["audit_log.login"] == 1
    assert report.rewritten["quarantine.record"] >= 1  # the bad statements keep their actors as pseudonyms
    # No old pseudonym, nor its first 16 characters, is left anywhere.
    for table, column, value in text_values(engine):
        for token in old:
            assert token[:16] not in value, (table, column)
    ring = Pseudonymiser(pseudonym_key())
    assert ring.ring_size == 2 and check_key(engine) is True
    with engine.connect() as conn:
        identities = dict(conn.execute(select(person_identities.c.identity_id, person_identities.c.person_id)).all())
        people = set(conn.execute(select(person_versions.c.person_id)).scalars())
    assert identities[ring("email", "anna.mueller@example.org")] == ring("employee_no", "1")
    assert people == {ring("employee_no", str(n)) for n in range(1, 6)}
    assert audit.entries(engine, login="admin@example.org")[0]["page"] == "audit_log"
    assert audit.entries(engine, action="rekey")[0]["login"] == audit.login_pseudonym(None)

    # A changed HR record and a new statement, synced with the ring, join the re-keyed people.
    folder = company.parent
    hr = folder / "mitarbeiter.csv"
    hr.write_text(hr.read_text(encoding="utf-8-sig").replace(
        "Bonn;OE-11;IT & Software;Softwareentwickler:in", "Köln;OE-11;IT & Software;Softwareentwickler:in"),
        encoding="utf-8-sig", newline="")
    statement = json.loads((folder / "statements.ndjson").read_text(encoding="utf-8").splitlines()[0])
    statement.update(id="00000000-0000-4000-8000-000000000099", timestamp="2026-03-02T09:00:00Z",
                     stored="2026-03-02T09:00:00Z")
    with (folder / "statements.ndjson").open("a", encoding="utf-8") as out:
        out.write(json.dumps(statement) + "\n")
    results = sync_all(engine, company, ring)
    hr_counts, lrs_counts = results["hr"].counts, results["lrs"].counts
    assert (hr_counts.loaded, hr_counts.updated) == (0, 1)
    assert lrs_counts.loaded == 1
    with engine.connect() as conn:
        new_actor = conn.execute(select(events.c.actor_id).where(
            events.c.source_record_id == "00000000-0000-4000-8000-000000000099")).scalar_one()
        assert identities[new_actor] == ring("employee_no", "1")
        assert conn.execute(select(person_versions.c.location).where(
            person_versions.c.person_id == ring("employee_no", "1"))).scalar_one() == "Köln"
        # Read everything again from scratch: every record is a duplicate of a re-keyed row.
        conn.commit()
    with engine.begin() as conn:
        conn.execute(delete(sync_state))
    again = sync_all(engine, company, ring)
    assert all(r.counts.loaded == 0 and r.counts.updated == 0 for r in again.values()), \
        {name: r.as_dict() for name, r in again.items()}


def test_a_failure_midway_leaves_warehouse_and_key_file_unchanged(engine, key_file, company, monkeypatch):
    sync_all(engine, company, Pseudonymiser(pseudonym_key()))
    before, key_before = dump(engine), key_file.read_bytes()
    original, seen = rekey_module._rewrite_table, []

    def failing(conn, table, *args, **kwargs):
        seen.append(table.name)
        if table.name == "events":
            raise RuntimeError("disk full")
        return original(conn, table, *args, **kwargs)

    monkeypatch.setattr(rekey_module, "_rewrite_table", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        rekey(engine, apply=True)
    assert seen.index("events") >= 2  # other tables were rewritten before the failure
    assert dump(engine) == before
    assert key_file.read_bytes() == key_before
    assert sorted(p.name for p in key_file.parent.iterdir()) == ["pseudonym.key"]


def test_dry_run_counts_and_changes_nothing(engine, key_file, company):
    sync_all(engine, company, Pseudonymiser(pseudonym_key()))
    before, key_before = dump(engine), key_file.read_bytes()
    report = rekey(engine)
    assert not report.applied and report.rewritten["events.actor_id"] == 10
    assert dump(engine) == before and key_file.read_bytes() == key_before
    applied = rekey(engine, apply=True)
    assert applied.rewritten == report.rewritten


def test_a_key_from_the_environment_needs_a_new_key_file(engine, company, tmp_path, monkeypatch):
    sync_all(engine, company, Pseudonymiser(TEST_KEY.encode()))
    before = dump(engine)
    with pytest.raises(RekeyError, match="--new-key-file"):
        rekey(engine, apply=True)
    assert dump(engine) == before
    new_file = tmp_path / "new.key"
    report = rekey(engine, apply=True, new_key_file=new_file)
    new_key = new_file.read_text(encoding="utf-8").strip()
    assert len(new_key) == 64 and stat.S_IMODE(new_file.stat().st_mode) == 0o600
    assert report.new_key_file == str(new_file) and "DIRIGENT_PSEUDONYM_KEY" in report.next_steps[0]
    assert all(new_key not in step for step in report.next_steps)
    assert check_key(engine) is False  # the variable still holds the old ring only
    monkeypatch.setenv("DIRIGENT_PSEUDONYM_KEY", f"{TEST_KEY}\n{new_key}")
    assert check_key(engine) is True
    ring = Pseudonymiser(pseudonym_key())
    with engine.connect() as conn:
        people = set(conn.execute(select(person_versions.c.person_id)).scalars())
    assert people == {ring("employee_no", str(n)) for n in range(1, 6)}
    # A new key file that exists is read, not overwritten; a key already in the ring is refused.
    given = tmp_path / "given.key"
    given.write_text(new_key + "\n", encoding="utf-8")
    with pytest.raises(RekeyError, match="already in the ring"):
        rekey(engine, apply=True, new_key_file=given)


def test_a_ring_that_is_not_the_warehouses_is_refused(engine, key_file, company):
    sync_all(engine, company, Pseudonymiser(pseudonym_key()))
    rekey(engine, apply=True)
    key_file.write_text(TEST_KEY + "\n", encoding="utf-8")  # the rotated key lost
    assert check_key(engine) is False
    with pytest.raises(RekeyError, match="does not belong to this warehouse") as refused:
        rekey(engine)
    assert TEST_KEY not in str(refused.value)


def test_embedded_and_shortened_pseudonyms(sqlite_engine, key_file):
    """Record ids with pseudonyms inside, quarantined records and cursors with shortened pseudonyms."""
    p = Pseudonymiser(pseudonym_key())
    anna, bernd, account = p("email", "anna@example.org"), p("email", "bernd@example.org"), p("account", "m/7")
    etag = hashlib.md5(b"feed").hexdigest()  # 32 hex characters, but no pseudonym: a cursor keeps it
    from data.schema import quarantine, voided_records
    from datetime import datetime
    with sqlite_engine.begin() as conn:
        conn.execute(events.insert(), [
            {"source": "cal", "source_record_id": f"https://x/sessions/1|{anna}", "actor_id": anna,
             "activity_id": "https://x/sessions/1", "verb": "registered", "role": "admin",
             "occurred_at": datetime(2026, 1, 1)},
            {"source": "moodle", "source_record_id": f"cm/3/completion/{account}", "actor_id": bernd,
             "activity_id": "m", "verb": "completed", "role": "learner", "occurred_at": datetime(2026, 1, 1)}])
        conn.execute(voided_records.insert().values(source="cal", source_record_id=f"x|{anna}", voided_by="v"))
        conn.execute(quarantine.insert().values(run_id=1, source="lrs", location="f:1", reason="bad",
                                                record=json.dumps({"actor": {"pseudonym": bernd}}),
                                                created_at=datetime(2026, 1, 1)))
        conn.execute(sync_state.insert().values(source="moodle", updated_at=datetime(2026, 1, 1), state=json.dumps(
            {"courses": {"3": {"settled": {account[:16]: 1767023155}}}, "etag": etag, "who": anna})))
    rekey(sqlite_engine, apply=True)
    ring = Pseudonymiser(pseudonym_key())
    new_anna, new_bernd, new_account = (ring("email", "anna@example.org"), ring("email", "bernd@example.org"),
                                        ring("account", "m/7"))
    with sqlite_engine.connect() as conn:
        ids = set(conn.execute(select(events.c.source_record_id)).scalars())
        state = json.loads(conn.execute(select(sync_state.c.state)).scalar_one())
        record = conn.execute(select(quarantine.c.record)).scalar_one()
        voided = conn.execute(select(voided_records.c.source_record_id)).scalar_one()
    assert ids == {f"https://x/sessions/1|{new_anna}", f"cm/3/completion/{new_account}"}
    assert state == {"courses": {"3": {"settled": {new_account[:16]: 1767023155}}}, "etag": etag, "who": new_anna}
    assert json.loads(record) == {"actor": {"pseudonym": new_bernd}}
    assert voided == f"x|{new_anna}"
