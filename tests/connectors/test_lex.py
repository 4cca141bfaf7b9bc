"""The LEX connector on export bundles: hand-checked counts, incremental sync, corrections, bad input."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from connectors.base import SourceError
from connectors.lex import LexConnector
from data.loading import Rejected, run_sync
from data.schema import (
    activities, activity_skills, activity_topics, enrolments, events, expertise, feedback, metadata, quarantine,
    sync_runs, voided_records,
)
from tests.conftest import FIXTURES

BUNDLE = FIXTURES / "lex"
PLATFORM = "https://lex.example.org"
CLEAR_TEXT = ("anna.mueller", "Anna", "Müller", "Bernd", "Schmidt", "Eszter", "Kovacs", "lucia.garcia",
              "k.weber", "Klaus Weber", "00000001", "00000005", "Gern mehr Übungen", "zeigt die ersten Schritte")
EXPECTED_ROWS = {"activities": 15, "events": 40, "enrolments": 6, "feedback": 3, "expertise": 4,
                 "voided_records": 2, "activity_topics": 15, "activity_skills": 10}


def connector(path: Path, pseudonymise, **config) -> LexConnector:
    return LexConnector("lex", {"path": str(path), **config}, pseudonymise, path.parent)


def counts(result) -> tuple:
    c = result.counts
    return c.read, c.loaded, c.updated, c.duplicates, c.quarantined


def rows(engine, table) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(table)).mappings()]


def copy_bundle(tmp_path: Path) -> Path:
    target = tmp_path / "bundle"
    shutil.copytree(BUNDLE, target)
    return target


def edit(path: Path, record_id: str, **changes) -> None:
    """Change fields of the record with `record_id` in a .jsonl file, keeping every other line as it was."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        record = json.loads(line)
        if record["id"] == record_id:
            record.update(changes)
            lines[i] = json.dumps(record, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_fixture_bundle_loads_with_hand_checked_counts(engine, pseudonymise):
    result = run_sync(engine, connector(BUNDLE, pseudonymise))
    assert counts(result) == (70, 70, 0, 0, 0)
    tables = {t.name: t for t in (activities, events, enrolments, feedback, expertise, voided_records,
                                  activity_topics, activity_skills)}
    with engine.connect() as conn:
        assert {name: conn.execute(select(func.count()).select_from(t)).scalar() for name, t in tables.items()} \
            == EXPECTED_ROWS


def test_sessions_map_to_peer_activities_with_hosts(sqlite_engine, pseudonymise):
    run_sync(sqlite_engine, connector(BUNDLE, pseudonymise))
    by_id = {a["activity_id"]: a for a in rows(sqlite_engine, activities)}
    python = by_id[f"{PLATFORM}/sessions/101"]
    assert (python["activity_type"], python["channel"], python["title"]) == ("session", "peer", "Python für Einsteiger")
    assert (python["starts_at"], python["ends_at"], python["planned_minutes"]) == (
        datetime(2026, 10, 5, 7, 0), datetime(2026, 10, 5, 8, 30), 90.0)
    assert python["online"] is True and python["join_url"].startswith("https://teams.microsoft.com/l/meetup-join/")
    assert (python["language"], python["community"], python["location"]) == ("de", "Data & AI", None)
    local = by_id[f"{PLATFORM}/sessions/102"]
    assert (local["online"], local["location"], local["join_url"]) == (False, "Bonn, Raum 2.14", None)
    assert by_id[f"{PLATFORM}/mentoring/M2"]["channel"] == "coaching"
    assert by_id[f"{PLATFORM}/mentoring/M2"]["planned_meetings"] == 4
    assert {a["activity_type"] for a in by_id.values()} == {
        "session", "mentoring", "exchange", "forum", "video", "library_item", "news"}
    skills = {r["skill_id"] for r in rows(sqlite_engine, activity_skills) if r["activity_id"].endswith("/sessions/102")}
    assert skills == {"http://data.europa.eu/esco/skill/b9bb1f03-15e2-4079-943e-7e483b21725b", "DT-SKILL-0815"}
    anna, bernd = pseudonymise("employee_no", "1"), pseudonymise("employee_no", "2")
    hosts = {(e["actor_id"], e["verb"], e["role"]) for e in rows(sqlite_engine, events)
             if e["activity_id"].endswith("/sessions/101") and e["role"] == "contributor"}
    assert hosts == {(anna, "hosted", "contributor"), (bernd, "co-hosted", "contributor")}
    assert {v["source_record_id"] for v in rows(sqlite_engine, voided_records)} == {
        "session:104:host", f"session:104:co-host:{anna}"}


def test_attendance_feedback_and_counterparts(sqlite_engine, pseudonymise):
    run_sync(sqlite_engine, connector(BUNDLE, pseudonymise))
    anna, bernd = pseudonymise("employee_no", "00000001"), pseudonymise("employee_no", "2")
    eszter = pseudonymise("email", "eszter.kovacs@example.org")
    by_record = {e["source_record_id"]: e for e in rows(sqlite_engine, events)}
    r1 = by_record["registration:R1:attendance"]
    assert (r1["actor_id"], r1["verb"], r1["role"], r1["occurred_at"], r1["duration_seconds"]) == (
        eszter, "attended", "learner", datetime(2026, 10, 5, 7, 0), 5100.0)
    assert (by_record["registration:R3:attendance"]["verb"], by_record["registration:R3:attendance"]["role"]) == (
        "missed", "admin")
    assert by_record["registration:R5"]["verb"] == "unregistered"
    statuses = sorted(e["status"] for e in rows(sqlite_engine, enrolments))
    assert statuses == ["attended", "attended", "attended", "cancelled", "no_show", "registered"]
    # A reply's counterpart is the author of the post it answers, also when the reply comes first.
    assert (by_record["forum:p2"]["verb"], by_record["forum:p2"]["counterpart_id"]) == ("replied", eszter)
    assert by_record["forum:p3"]["counterpart_id"] == anna
    assert by_record["forum:p5"]["counterpart_id"] == bernd
    assert (by_record["forum:p1"]["verb"], by_record["forum:p1"]["role"]) == ("asked", "learner")
    mentor = by_record["meeting:MM1:mentor"]
    assert (mentor["actor_id"], mentor["verb"], mentor["counterpart_id"], mentor["duration_seconds"]) == (
        bernd, "mentored", eszter, 3600.0)
    assert (by_record["meeting:MM1:mentee"]["role"], by_record["meeting:MM1:mentee"]["counterpart_id"]) == (
        "learner", None)
    assert (by_record["exchange:X2:response:1"]["verb"], by_record["exchange:X2:response:1"]["actor_id"]) == (
        "offered", anna)
    assert by_record["video_view:VV1"]["duration_seconds"] == 540.0
    ratings = sorted((f["rating"], f["recommendation"], f["actor_id"] is None) for f in rows(sqlite_engine, feedback))
    assert ratings == [(3.0, 6, False), (4.0, None, True), (5.0, 10, False)]
    declared = rows(sqlite_engine, expertise)
    assert {(x["skill_id"], str(x["declared_on"])) for x in declared if x["actor_id"] == anna} == {
        ("http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d", "2024-03-01"),
        ("http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742", "2024-03-01")}


def test_second_sync_of_unchanged_bundle_reads_nothing(engine, pseudonymise):
    run_sync(engine, connector(BUNDLE, pseudonymise))
    assert counts(run_sync(engine, connector(BUNDLE, pseudonymise))) == (0, 0, 0, 0, 0)


def test_corrected_attendance_updates_in_place(engine, pseudonymise, tmp_path):
    bundle = copy_bundle(tmp_path)
    run_sync(engine, connector(bundle, pseudonymise))
    edit(bundle / "registrations.jsonl", "R2", minutes_attended=80)
    assert counts(run_sync(engine, connector(bundle, pseudonymise))) == (16, 0, 1, 15, 0)
    by_record = {e["source_record_id"]: e for e in rows(engine, events)}
    assert by_record["registration:R2:attendance"]["duration_seconds"] == 4800.0
    edit(bundle / "registrations.jsonl", "R3", attended=True, minutes_attended=30)
    assert counts(run_sync(engine, connector(bundle, pseudonymise))) == (16, 0, 2, 14, 0)  # event and enrolment
    attendance = {e["source_record_id"]: e for e in rows(engine, events)}["registration:R3:attendance"]
    assert (attendance["verb"], attendance["role"]) == ("attended", "learner")
    assert len(rows(engine, events)) == EXPECTED_ROWS["events"]


def test_registering_again_keeps_one_enrolment_from_the_latest_registration(sqlite_engine, pseudonymise, tmp_path):
    again = [registration(id="R1", attended=None, minutes_attended=None, status="cancelled"),
             registration(id="R2", registered_at="2026-09-30T10:00:00Z", attended=True, minutes_attended=80),
             registration(id="R0", registered_at="2026-09-01T10:00:00Z", status="cancelled", attended=None,
                          minutes_attended=None)]
    folder = write_bundle(tmp_path, {"sessions.jsonl": [SESSION], "registrations.jsonl": again})
    assert counts(run_sync(sqlite_engine, connector(folder, pseudonymise))) == (7, 7, 0, 0, 0)
    assert [(e["status"], e["enrolled_at"]) for e in rows(sqlite_engine, enrolments)] == [
        ("attended", datetime(2026, 9, 30, 10, 0))]
    assert counts(run_sync(sqlite_engine, connector(folder, pseudonymise), full=True)) == (7, 0, 0, 7, 0)


def test_moved_session_moves_its_attendance(sqlite_engine, pseudonymise, tmp_path):
    bundle = copy_bundle(tmp_path)
    run_sync(sqlite_engine, connector(bundle, pseudonymise))
    edit(bundle / "sessions.jsonl", "101", starts_at="2026-10-05T10:00:00+02:00", ends_at="2026-10-05T11:30:00+02:00")
    # sessions (13 items), registrations and feedback read again: the activity, host and co-host, three
    # attendance events and two enrolments' completion times change.
    assert counts(run_sync(sqlite_engine, connector(bundle, pseudonymise))) == (32, 0, 8, 24, 0)
    attended = {e["source_record_id"]: e for e in rows(sqlite_engine, events)}["registration:R1:attendance"]
    assert attended["occurred_at"] == datetime(2026, 10, 5, 8, 0)


def test_hosting_counts_from_the_first_export_after_the_session_started(sqlite_engine, pseudonymise, tmp_path):
    upcoming = session(starts_at="2026-11-19T09:00:00+01:00", ends_at="2026-11-19T10:00:00+01:00")
    folder = write_bundle(tmp_path, {"sessions.jsonl": [upcoming]}, {**MANIFEST, "exported_at": "2026-11-18T06:00:00Z"})
    assert counts(run_sync(sqlite_engine, connector(folder, pseudonymise))) == (1, 1, 0, 0, 0)  # the activity only
    (folder / "manifest.json").write_text(json.dumps(MANIFEST))  # the next export; sessions.jsonl unchanged
    assert counts(run_sync(sqlite_engine, connector(folder, pseudonymise))) == (2, 1, 0, 1, 0)
    assert [(e["source_record_id"], e["verb"]) for e in rows(sqlite_engine, events)] == [("session:101:host", "hosted")]
    assert counts(run_sync(sqlite_engine, connector(folder, pseudonymise))) == (0, 0, 0, 0, 0)


def test_no_clear_text_identifier_reaches_the_warehouse(engine, pseudonymise, tmp_path):
    bundle = copy_bundle(tmp_path)
    with (bundle / "sessions.jsonl").open("a", encoding="utf-8") as out:  # one bad line for the quarantine
        out.write(json.dumps({"id": "199", "title": "Ohne Ende", "host": {"email": "anna.mueller@example.org",
                              "name": "Anna Müller"}, "starts_at": "2026-10-01T10:00:00Z",
                              "description": "Anna Müller erklärt"}) + "\n")
    manifest = json.loads((bundle / "manifest.json").read_text())
    manifest["records"]["sessions"] = 6
    (bundle / "manifest.json").write_text(json.dumps(manifest))
    result = run_sync(engine, connector(bundle, pseudonymise))
    assert result.counts.quarantined == 1 and result.counts.balanced()
    with engine.connect() as conn:
        stored = " ".join(str(value) for table in metadata.sorted_tables
                          for row in conn.execute(select(table)) for value in row)
    leaks = [text for text in CLEAR_TEXT if text.lower() in stored.lower()]
    assert leaks == []
    assert pseudonymise("email", "anna.mueller@example.org") in stored


# --- bad input --------------------------------------------------------------------------------------

MANIFEST = {"format": "lex-bundle", "format_version": "1.0", "exported_at": "2026-11-20T06:00:00Z",
            "platform_url": PLATFORM}
SESSION = {"id": "101", "title": "Python für Einsteiger", "host": {"employee_no": "00000001", "name": "Anna Müller"},
           "starts_at": "2026-10-05T09:00:00+02:00", "ends_at": "2026-10-05T10:30:00+02:00", "online": True}


def write_bundle(tmp_path: Path, files: dict[str, bytes | list], manifest: dict | None = None) -> Path:
    folder = tmp_path / "bundle"
    folder.mkdir(exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(manifest or MANIFEST))
    for name, content in files.items():
        if isinstance(content, list):
            content = "".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
                              for line in content).encode("utf-8")
        (folder / name).write_bytes(content)
    return folder


def read_items(tmp_path, pseudonymise, files, manifest=None, state=None) -> list:
    return list(connector(write_bundle(tmp_path, files, manifest), pseudonymise).read(state or {}))


def session(**changes) -> dict:
    return {**SESSION, **changes}


def registration(**changes) -> dict:
    return {"id": "R1", "session_id": "101", "person": {"email": "eszter.kovacs@example.org"},
            "registered_at": "2026-09-28T10:00:00Z", "attended": True, "minutes_attended": 85, **changes}


@pytest.mark.parametrize("files, location, reason", [
    ({"sessions.jsonl": json.dumps(SESSION).encode() + b'\n{"id": "102", "title": "Feedb'},
     "sessions.jsonl:2", "no line end: the file is cut off"),
    ({"sessions.jsonl": [SESSION, session(id="102", title=None)]},
     "sessions.jsonl:2", "required field title is missing"),
    ({"sessions.jsonl": [SESSION, session(title="Python, zweiter Teil")]},
     "sessions.jsonl:2", "duplicate id '101' (first at sessions.jsonl:1)"),
    ({"sessions.jsonl": [SESSION, session(id="102", ends_at="2026-10-05T08:00:00+02:00")]},
     "sessions.jsonl:2", "ends_at 2026-10-05T08:00:00+02:00 is not after starts_at"),
    ({"sessions.jsonl": [SESSION, session(id="102", starts_at="2026-10-05T09:00:00")]},
     "sessions.jsonl:2", "has no UTC offset"),
    ({"sessions.jsonl": [SESSION, session(id="102", host={"name": "Anna Müller"})]},
     "sessions.jsonl:2", "host has neither employee_no nor email"),
    ({"sessions.jsonl": [SESSION, session(id="102", host="anna.mueller@example.org")]},
     "sessions.jsonl:2", "host must be an object with employee_no and/or email"),
    ({"sessions.jsonl": [SESSION, session(id="102", online=False)]},
     "sessions.jsonl:2", "location is required for a local session"),
    ({"sessions.jsonl": [SESSION, '["101", "not an object"]']},
     "sessions.jsonl:2", "a record must be a JSON object"),
    ({"sessions.jsonl": json.dumps(SESSION).encode() + b"\n" + '{"id": "102", "title": "Übung"}\n'.encode("cp1252")},
     "sessions.jsonl:2", "not UTF-8"),
    ({"sessions.jsonl": [SESSION], "registrations.jsonl": [registration(id="R0"),
                                                            registration(registered_at="2026-12-24T10:00:00Z")]},
     "registrations.jsonl:2", "registered_at 2026-12-24T10:00:00Z lies after the export time 2026-11-20T06:00:00Z"),
    ({"sessions.jsonl": [SESSION], "registrations.jsonl": [registration(session_id="999")]},
     "registrations.jsonl:1", "session_id '999' names no valid session in sessions.jsonl of this bundle"),
    ({"sessions.jsonl": [session(starts_at="2026-12-01T09:00:00+01:00", ends_at="2026-12-01T10:00:00+01:00")],
      "registrations.jsonl": [registration()]},
     "registrations.jsonl:1", "attendance is given, but the session starts 2026-12-01T08:00:00Z"),
    ({"sessions.jsonl": [SESSION], "registrations.jsonl": [registration(minutes_attended=-5)]},
     "registrations.jsonl:1", "minutes_attended -5 is out of range"),
    ({"videos.jsonl": [{"id": "V1", "title": "Git", "uploader": {"employee_no": "2"},
                        "uploaded_at": "2026-10-02T16:00:00Z"}],
      "video_views.jsonl": [{"id": "VV1", "video_id": "V1", "person": {"employee_no": "3"},
                             "viewed_at": "2026-10-03T12:00:00Z", "watched_seconds": -540}]},
     "video_views.jsonl:1", "watched_seconds -540 is out of range (from 0)"),
    ({"sessions.jsonl": [SESSION], "feedback.jsonl": [{"id": "F1", "session_id": "101", "rating": 6,
                                                       "submitted_at": "2026-10-05T10:45:00+02:00"}]},
     "feedback.jsonl:1", "rating 6 is out of range (from 1 to 5)"),
    ({"forum_posts.jsonl": [{"id": "p2", "thread_id": "t1", "reply_to": "p1", "author": {"employee_no": "1"},
                             "created_at": "2026-10-06T09:30:00Z"}]},
     "forum_posts.jsonl:1", "reply_to 'p1' names no valid post in forum_posts.jsonl of this bundle"),
    ({"experts.jsonl": [{"id": "E1", "person": {"employee_no": "1"}, "skills": []}]},
     "experts.jsonl:1", "skills is empty"),
    ({"experts.jsonl": [{"id": "E1", "person": {"employee_no": "1"}, "skills": ["S1"]},
                        {"id": "E2", "person": {"employee_no": "001", "email": "a@example.org"}, "skills": ["S2"]}]},
     "experts.jsonl:2", "the person is listed as expert twice (first at experts.jsonl:1)"),
    ({"forum_posts.jsonl": [{"id": "p1", "thread_id": "t1", "title": "Frage", "author": {"employee_no": "1"},
                             "created_at": "2026-10-06T09:30:00Z"},
                            {"id": "p2", "thread_id": "t1", "title": "Noch eine", "author": {"employee_no": "2"},
                             "created_at": "2026-10-06T09:40:00Z"}]},
     "forum_posts.jsonl:2", "thread 't1' has a second opening post (first at forum_posts.jsonl:1)"),
    ({"mentoring_pairs.jsonl": [{"id": "M1", "mentor": {"employee_no": "1"}, "mentee": {"employee_no": "0001"},
                                 "starts_on": "2026-09-01"}]},
     "mentoring_pairs.jsonl:1", "mentor and mentee are the same person"),
])
def test_bad_records_are_quarantined_with_line_and_reason(tmp_path, pseudonymise, files, location, reason):
    items = read_items(tmp_path, pseudonymise, files)
    rejected = [item for item in items if isinstance(item, Rejected)]
    assert [r.location for r in rejected] == [location]
    assert reason in rejected[0].reason
    assert all(text not in rejected[0].record for text in ("anna.mueller", "Anna Müller", "00000001", "eszter"))


def test_bad_lines_are_counted_and_stored_without_identifiers(sqlite_engine, pseudonymise, tmp_path):
    bundle = write_bundle(tmp_path, {"sessions.jsonl": [
        SESSION, session(id="102", host={"email": "anna.mueller@example.org", "name": "Anna Müller"},
                         ends_at="2026-10-01T00:00:00Z"), '{"id": "103", "ti'.rstrip()]})
    result = run_sync(sqlite_engine, connector(bundle, pseudonymise))
    assert counts(result) == (4, 2, 0, 0, 2)  # the good session and its host event; two quarantined
    stored = rows(sqlite_engine, quarantine)
    assert [(q["location"], q["source"]) for q in stored] == [("sessions.jsonl:2", "lex"), ("sessions.jsonl:3", "lex")]
    assert pseudonymise("email", "anna.mueller@example.org") in stored[0]["record"]
    assert "anna.mueller" not in stored[0]["record"] and "Müller" not in stored[0]["record"]


@pytest.mark.parametrize("files, manifest, message", [
    ({"sessions.jsonl": json.dumps(SESSION).encode("utf-16") + b"\n"}, None, "sessions.jsonl: is UTF-16, not UTF-8"),
    ({"sessions.jsonl": [SESSION], "sesions.jsonl": [SESSION]}, None,
     "holds sesions.jsonl, which format 1.x does not define"),
    ({"polls.jsonl": [{"id": "1"}]}, None, "holds polls.jsonl, which format 1.x does not define"),
    ({"sessions.jsonl": [SESSION]}, {**MANIFEST, "format_version": "2.0"}, "format_version 2.0 is not supported"),
    ({"sessions.jsonl": [SESSION]}, {**MANIFEST, "exported_at": "2026-11-20 06:00"}, "has no UTC offset"),
    ({"sessions.jsonl": [SESSION]}, {**MANIFEST, "exported_at": "2099-01-01T00:00:00Z"}, "lies in the future"),
    ({"sessions.jsonl": [SESSION]}, {**MANIFEST, "records": {"sessions": 2}},
     "holds 1 records, the manifest announces 2"),
    ({"sessions.jsonl": [SESSION]}, {k: v for k, v in MANIFEST.items() if k != "platform_url"},
     "platform_url is missing"),
])
def test_unusable_bundles_stop_with_a_clear_message(tmp_path, pseudonymise, files, manifest, message):
    with pytest.raises(SourceError) as error:
        read_items(tmp_path, pseudonymise, files, manifest)
    assert "source 'lex' (lex)" in str(error.value) and message in str(error.value)


def test_missing_manifest_and_older_bundles_stop(tmp_path, pseudonymise):
    folder = write_bundle(tmp_path, {"sessions.jsonl": [SESSION]})
    with pytest.raises(SourceError, match="before the bundle synced last"):
        list(connector(folder, pseudonymise).read({"exported_at": "2026-11-21T06:00:00Z"}))
    (folder / "manifest.json").unlink()
    with pytest.raises(SourceError, match="has no manifest.json"):
        list(connector(folder, pseudonymise).read({}))


@pytest.mark.parametrize("config, message", [
    ({}, "set exactly one of path"),
    ({"path": "bundle", "url": "https://lex.example.org"}, "set exactly one of path"),
    ({"path": "bundle", "token_env": "LEX_TOKEN"}, "apply to the REST API"),
    ({"path": "no-such-folder"}, "is not a folder"),
])
def test_settings_mistakes_are_named(tmp_path, pseudonymise, config, message):
    with pytest.raises(SourceError, match=message):
        list(LexConnector("lex", config, pseudonymise, tmp_path).read({}))


def test_a_failed_bundle_writes_nothing(sqlite_engine, pseudonymise, tmp_path):
    folder = write_bundle(tmp_path, {"sessions.jsonl": [SESSION], "polls.jsonl": [{"id": "1"}]})
    with pytest.raises(SourceError):
        run_sync(sqlite_engine, connector(folder, pseudonymise))
    assert rows(sqlite_engine, events) == [] and rows(sqlite_engine, sync_runs)[0]["status"] == "failed"
