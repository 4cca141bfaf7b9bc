"""The demo-company generator: real export formats per system, consistent HR history, plausible dynamics."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import tomllib
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from data.demo import generate
from data.demo.__main__ import main
from data.demo.export_skills import ROLES, role_mapping
from data.demo.org import DIVISIONS, LEADER_ROLES

BERLIN = ZoneInfo("Europe/Berlin")
ARGS = {"employees": 400, "months": 12, "seed": 7, "end_month": "2026-10"}
WINDOW_START, WINDOW_END = date(2025, 11, 1), date(2026, 10, 31)
EXPORTED = datetime(2026, 11, 1, 5, tzinfo=UTC)
SYSTEMS = ("hr", "lrs", "moodle", "lex", "teams", "calendar", "companionship", "skills")
PEOPLE_HEADER = ("Personalnummer;Nachname;Vorname;E-Mail;Gültig ab;Gültig bis;Eintrittsdatum;Austrittsdatum;"
                 "Beschäftigungsart;Stellenanteil;Land;Standort;Organisationseinheit;Jobfamilie;Rolle;"
                 "Altersgruppe;Geschlecht")
ORG_HEADER = "OE-ID;Bezeichnung;Übergeordnete OE;Ebene"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
ROOT = Path(__file__).resolve().parent.parent


def _de(text: str) -> date | None:
    return datetime.strptime(text, "%d.%m.%Y").date() if text else None


def _read_csv(raw: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def _moment(ts: str) -> datetime:
    return datetime.fromisoformat(ts.replace("Z", "+00:00")).astimezone(BERLIN)


def _jsonl(out: Path, entity: str) -> list[dict]:
    return [json.loads(line) for line in (out / "lex" / f"{entity}.jsonl").read_text(encoding="utf-8").splitlines()]


def _teams(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    codec = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}[raw[:2]]
    return [line.split("\t") for line in raw[2:].decode(codec).split("\n")]


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    summary = generate(out, **ARGS)
    raw = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    people = _read_csv(raw["hr/mitarbeiter.csv"])
    statements = [json.loads(line) for line in raw["lrs/statements.ndjson"].decode("utf-8").splitlines()]
    lex = {name: _jsonl(out, name) for name in summary["lex"]}
    return {"out": out, "summary": summary, "raw": raw, "org": _read_csv(raw["hr/organisation.csv"]),
            "people": people, "statements": statements, "lex": lex}


@pytest.fixture(scope="module")
def persons(company):
    by_pnr: dict[str, list[dict]] = defaultdict(list)
    for row in company["people"]:
        by_pnr[row["Personalnummer"]].append(row)
    return by_pnr


@pytest.fixture(scope="module")
def spans(company):
    """E-mail and employee number -> (hire, exit) from HR."""
    found = {}
    for r in company["people"]:
        span = (_de(r["Eintrittsdatum"]), _de(r["Austrittsdatum"]) or date.max)
        found[r["E-Mail"].lower()] = found[r["Personalnummer"]] = span
    return found


def test_same_seed_gives_identical_bytes_and_another_seed_differs(company, tmp_path):
    # Another process with another hash seed: no output may depend on the order of a set or dict of strings.
    again = subprocess.run([sys.executable, "-m", "data.demo", "--out", str(tmp_path / "again"), "--employees",
                            str(ARGS["employees"]), "--months", str(ARGS["months"]), "--seed", str(ARGS["seed"]),
                            "--end-month", ARGS["end_month"]], cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "123"},
                           capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    generate(tmp_path / "other", **{**ARGS, "seed": 8})
    again = {str(p.relative_to(tmp_path / "again")): p.read_bytes() for p in (tmp_path / "again").rglob("*")
             if p.is_file()}
    assert again.keys() == company["raw"].keys() and {n.split("/")[0] for n in again} == set(SYSTEMS)
    assert all(again[name] == raw for name, raw in company["raw"].items())
    for name in ("hr/mitarbeiter.csv", "lrs/statements.ndjson", "lex/sessions.jsonl",
                 "companionship/lerngespraeche.csv", "moodle/responses/core_course_get_courses/all.json"):
        assert (tmp_path / "other" / name).read_bytes() != company["raw"][name], name


# -- HR ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, header", [("hr/mitarbeiter.csv", PEOPLE_HEADER), ("hr/organisation.csv", ORG_HEADER)])
def test_hr_files_are_german_excel_csv(company, name, header):
    raw = company["raw"][name]
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw[3:].decode("utf-8").split("\r\n")
    assert lines[0] == header
    assert all(line.count(";") == header.count(";") for line in lines[1:-1] if '"' not in line)


def test_people_dates_and_decimal_comma(company):
    for row in company["people"]:
        for col in ("Gültig ab", "Gültig bis", "Eintrittsdatum", "Austrittsdatum"):
            assert row[col] == "" or re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", row[col]), (col, row[col])
        assert re.fullmatch(r"(0,\d{1,2}|1,0)", row["Stellenanteil"]), row["Stellenanteil"]
        assert re.fullmatch(r"\d{8}", row["Personalnummer"])
        assert row["Beschäftigungsart"] in ("Vollzeit", "Teilzeit", "Werkstudent", "Auszubildende")
        assert row["Altersgruppe"] in ("<25", "25-34", "35-44", "45-54", "55+")
        assert row["Geschlecht"] in ("w", "m", "d", "")
        assert re.fullmatch(r"[A-Z]{2}", row["Land"])
        assert date(1985, 1, 1) <= _de(row["Eintrittsdatum"]) <= WINDOW_END


def test_org_units_form_a_four_level_tree(company):
    units = {u["OE-ID"]: u for u in company["org"]}
    assert {u["Ebene"] for u in units.values()} == {"1", "2", "3", "4"}
    for u in units.values():
        if u["Ebene"] == "1":
            assert u["Übergeordnete OE"] == ""
        else:
            parent = units[u["Übergeordnete OE"]]
            assert int(parent["Ebene"]) == int(u["Ebene"]) - 1
    assert all(units[row["Organisationseinheit"]]["Ebene"] == "4" for row in company["people"])


def test_versions_are_contiguous_sorted_and_start_at_hire(company, persons):
    keys = [(r["Personalnummer"], _de(r["Gültig ab"])) for r in company["people"]]
    assert keys == sorted(keys)
    for rows in persons.values():
        hire, exit_ = _de(rows[0]["Eintrittsdatum"]), _de(rows[0]["Austrittsdatum"])
        assert _de(rows[0]["Gültig ab"]) == hire
        for prev, nxt in zip(rows, rows[1:]):
            assert _de(nxt["Gültig ab"]) == _de(prev["Gültig bis"]) + timedelta(days=1)
        assert _de(rows[-1]["Gültig bis"]) == exit_
    changed = sum(1 for rows in persons.values() if len(rows) > 1) / len(persons)
    assert 0.05 < changed < 0.35


def test_workforce_mix_joiners_and_leavers(company, persons):
    current = [rows[-1] for rows in persons.values() if not rows[-1]["Austrittsdatum"]]
    part_time = sum(r["Beschäftigungsart"] == "Teilzeit" for r in current) / len(current)
    assert 0.10 <= part_time <= 0.35
    assert abs(len(current) - ARGS["employees"]) < 0.1 * ARGS["employees"]
    hires = [_de(rows[0]["Eintrittsdatum"]) for rows in persons.values()]
    exits = [_de(rows[0]["Austrittsdatum"]) for rows in persons.values() if rows[0]["Austrittsdatum"]]
    assert sum(WINDOW_START <= h <= WINDOW_END for h in hires) >= 10
    assert len(exits) >= 10 and all(WINDOW_START <= e <= WINDOW_END for e in exits)
    emails = [rows[0]["E-Mail"] for rows in persons.values()]
    assert len(set(emails)) == len(emails)
    assert all(re.fullmatch(r"[a-z]+\.[a-z]+\d*@demo-ag\.example", e) for e in emails)


# -- LRS: external e-learning over xAPI -------------------------------------------------------------------

def test_statements_are_valid_xapi_of_external_providers_by_hr_people(company):
    emails = {r["E-Mail"] for r in company["people"]}
    platforms = set()
    for s in company["statements"]:
        assert s["version"] == "1.0.3"
        assert {"id", "actor", "verb", "object", "timestamp", "stored", "authority"} <= s.keys()
        assert s["timestamp"].endswith("Z") and s["stored"] >= s["timestamp"]
        if s["verb"]["id"] == VOIDED:
            assert s["object"]["objectType"] == "StatementRef"
            continue
        assert s["actor"]["mbox"].removeprefix("mailto:") in emails
        assert s["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/course"
        assert s["object"]["id"].startswith(("https://www.linkedin.com/learning/", "https://demo-ag.udemy.com/"))
        assert s["context"]["contextActivities"]["category"][0]["id"].startswith("http://data.europa.eu/esco/")
        platforms.add(s["context"]["platform"])
    assert platforms == {"LinkedIn Learning", "Udemy Business"}
    assert len({s["id"] for s in company["statements"]}) == len(company["statements"])
    assert 300 < len(company["statements"]) < 20 * ARGS["employees"]


def test_voiding_references_earlier_statements(company):
    seen, voids = set(), 0
    for s in company["statements"]:
        if s["verb"]["id"] == VOIDED:
            assert s["object"]["id"] in seen
            voids += 1
        seen.add(s["id"])
    assert voids >= 1


# -- employment: nobody learns outside it, in any system -----------------------------------------------------

def _moments(company) -> list[tuple[str, datetime, str]]:
    """(e-mail or employee number, moment, where) of everything any system says a person did."""
    out, lex = company["out"], company["lex"]
    found = [(s["actor"]["mbox"][7:], _moment(s["timestamp"]), "lrs") for s in company["statements"]
             if s["verb"]["id"] != VOIDED]
    sessions = {s["id"]: s for s in lex["sessions"]}
    for s in lex["sessions"]:
        found += [(p["email"], _moment(s["starts_at"]), "lex host") for p in [s["host"], *s.get("co_hosts", [])]]
    for r in lex["registrations"]:
        found.append((r["person"]["email"], _moment(r["registered_at"]), "lex registration"))
        if r.get("attended"):
            found.append((r["person"]["email"], _moment(sessions[r["session_id"]]["starts_at"]), "lex attendance"))
    pairs = {p["id"]: p for p in lex["mentoring_pairs"]}
    for m in lex["mentoring_meetings"]:
        pair = pairs[m["pair_id"]]
        found += [(pair[k]["email"], _moment(m["held_at"]), "mentoring") for k in ("mentor", "mentee")]
    for entity, who, when in (("feedback", "person", "submitted_at"), ("forum_posts", "author", "created_at"),
                              ("videos", "uploader", "uploaded_at"), ("video_views", "person", "viewed_at"),
                              ("library_reads", "person", "read_at"), ("news", "author", "published_at"),
                              ("exchange", "author", "created_at")):
        found += [(r[who]["email"], _moment(r[when]), entity) for r in lex[entity] if who in r]
    found += [(x["person"]["email"], _moment(x["responded_at"]), "exchange") for r in lex["exchange"]
              for x in r["responses"]]
    for path in (out / "moodle" / "responses" / "core_completion_get_activities_completion_status").glob("*.json"):
        users = {u["id"]: u["idnumber"] for u in json.loads(
            (out / "moodle" / "responses" / "core_enrol_get_enrolled_users" / path.name).read_text("utf-8"))}
        for uid, answer in json.loads(path.read_text("utf-8")).items():
            found += [(users[int(uid)], datetime.fromtimestamp(s["timecompleted"], BERLIN), "moodle")
                      for s in answer["statuses"] if s["timecompleted"]]
    for row in _read_csv((out / "companionship" / "lerngespraeche.csv").read_bytes()):
        day = datetime.strptime(row["Datum"], "%d.%m.%Y").replace(tzinfo=BERLIN)
        found += [(row[k], day, "conversation") for k in ("Lernbegleiter:in Personalnummer", "Lernende:r Personalnummer")]
    for row in _read_csv((out / "companionship" / "lernkreis_treffen.csv").read_bytes()):
        day = datetime.strptime(row["Datum"], "%d.%m.%Y").replace(tzinfo=BERLIN)
        found += [(who.lower(), day, "circle meeting") for who in row["Teilnehmende"].split(", ") if who]
    for path in (out / "teams").iterdir():
        lines = _teams(path)
        start = next(i for i, cells in enumerate(lines) if cells[0] == "Name") + 1
        for cells in lines[start:]:
            if len(cells) < 7:
                break
            fmt = "%d/%m/%y, %H:%M:%S" if "/" in cells[1] else "%d.%m.%Y, %H:%M:%S"
            found.append((cells[4].lower(), datetime.strptime(cells[1], fmt).replace(tzinfo=BERLIN), "teams"))
    return found


def test_no_event_before_hire_or_after_exit_and_none_after_the_export(company, spans):
    moments = _moments(company)
    assert {where for _, _, where in moments} >= {"lrs", "lex host", "lex attendance", "mentoring", "moodle",
                                                  "conversation", "circle meeting", "teams", "forum_posts"}
    for who, moment, where in moments:
        hire, exit_ = spans[who.lower()]
        assert hire <= moment.date() <= exit_, (where, who, moment)
        assert moment <= EXPORTED, (where, moment)


# -- LEX: the peer platform --------------------------------------------------------------------------------

def test_lex_bundle_has_every_entity_and_a_manifest(company):
    manifest = json.loads(company["raw"]["lex/manifest.json"])
    assert manifest["format_version"] == "1.0" and manifest["exported_at"] == "2026-11-01T05:00:00Z"
    assert manifest["records"] == {name: len(records) for name, records in company["lex"].items()}
    assert all(manifest["records"][name] > 0 for name in manifest["records"]), manifest["records"]
    ratings = [f["rating"] for f in company["lex"]["feedback"]]
    assert set(ratings) <= {1, 2, 3, 4, 5} and 3.5 < sum(ratings) / len(ratings) < 4.7
    assert any("recommendation" in f for f in company["lex"]["feedback"])
    assert any(f.get("anonymous") and "person" not in f for f in company["lex"]["feedback"])


def test_peer_sessions_grow_along_an_s_curve(company):
    starts = [_moment(s["starts_at"]) for s in company["lex"]["sessions"]]
    first = sum(WINDOW_START <= d.date() < date(2026, 2, 1) for d in starts)
    last = sum(date(2026, 8, 1) <= d.date() <= WINDOW_END for d in starts)
    assert last > 3 * max(first, 1)
    assert all(d.weekday() < 5 and 7 <= d.hour < 17 for d in starts)


def test_learners_become_hosts(company):
    lex = company["lex"]
    sessions = {s["id"]: s for s in lex["sessions"]}
    moments = [(_moment(s["starts_at"]), 1, s["host"]["email"]) for s in lex["sessions"] if s["status"] == "held"]
    moments += [(_moment(sessions[r["session_id"]]["starts_at"]), 0, r["person"]["email"])
                for r in lex["registrations"] if r.get("attended")]
    attended, before_first_host = defaultdict(int), {}
    for _, hosting, who in sorted(moments):
        if hosting and who not in before_first_host:
            before_first_host[who] = attended[who]
        elif not hosting:
            attended[who] += 1
    assert sum(n > 0 for n in before_first_host.values()) > len(before_first_host) / 2


def test_show_rate_and_cancellations(company):
    registrations = company["lex"]["registrations"]
    kept = [r for r in registrations if r.get("status") != "cancelled"]
    assert 0.6 < sum(r["attended"] for r in kept) / len(kept) < 0.85
    assert 0.03 < (len(registrations) - len(kept)) / len(registrations) < 0.2


# -- Teams reports and calendars -----------------------------------------------------------------------------

def test_teams_reports_belong_to_online_lex_sessions(company):
    lex = company["lex"]
    sessions = {s["join_url"]: s for s in lex["sessions"] if s.get("join_url")}
    attendees = defaultdict(set)
    for r in lex["registrations"]:
        if r.get("attended"):
            attendees[r["session_id"]].add(r["person"]["email"])
    files = sorted((company["out"] / "teams").iterdir())
    held_online = sum(1 for s in lex["sessions"] if s["online"] and s["status"] == "held")
    assert 0.2 < len(files) / held_online < 0.4
    locales, walk_ins = set(), 0
    for path in files:
        assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
        lines = _teams(path)
        summary = {cells[0]: cells[1] for cells in lines[1:8]}
        locales.add(lines[0][0])
        session = sessions[summary.get("Meeting link") or summary["Besprechungslink"]]
        assert session["title"] in (summary.get("Meeting title"), summary.get("Besprechungstitel"))
        header = next(i for i, cells in enumerate(lines) if cells[0] == "Name")
        rows = [cells for cells in lines[header + 1:] if len(cells) == 7]
        assert rows[0][4].lower() == session["host"]["email"] and rows[0][6] in ("Organizer", "Organisator")
        emails = {cells[4].lower() for cells in rows[1 + len(session.get("co_hosts", [])):]}
        assert attendees[session["id"]] <= emails
        walk_ins += len(emails - attendees[session["id"]])
    assert locales == {"1. Summary", "1. Zusammenfassung"} and walk_ins > 0


def test_calendars_list_the_lex_sessions_with_hosts_and_registrations(company):
    icalendar = pytest.importorskip("icalendar")
    lex = company["lex"]
    sessions = {f"https://lex.demo-ag.example/sessions/{s['id']}": s for s in lex["sessions"]}
    registered = defaultdict(dict)
    for r in lex["registrations"]:
        registered[r["session_id"]][r["person"]["email"]] = "DECLINED" if r.get("status") == "cancelled" else "ACCEPTED"
    seen = 0
    for path in sorted((company["out"] / "calendar").glob("*.ics")):
        for event in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            s = sessions[str(event["URL"])]
            assert s["status"] == "held" and str(event["ORGANIZER"]) == "mailto:" + s["host"]["email"]
            assert event["DTSTART"].dt == _moment(s["starts_at"])
            attendees = event.get("ATTENDEE", [])
            people = {str(a)[7:]: a.params["PARTSTAT"] for a in (attendees if isinstance(attendees, list) else
                                                                  [attendees]) if a.params.get("ROLE") != "CHAIR"}
            assert people == registered[s["id"]]
            if s["online"]:
                assert str(event["X-MICROSOFT-SKYPETEAMSMEETINGURL"]) == s["join_url"]
            assert [str(c) for c in event["CATEGORIES"].cats] == s["topics"]
            seen += 1
    assert seen == sum(s["status"] == "held" for s in lex["sessions"])


# -- Moodle, companionship, skills --------------------------------------------------------------------------

def test_moodle_answers_are_consistent(company, spans):
    responses = company["out"] / "moodle" / "responses"
    courses = json.loads((responses / "core_course_get_courses" / "all.json").read_text("utf-8"))
    assert courses[0]["format"] == "site" and all(c["enablecompletion"] == 1 for c in courses[1:])
    completed = without_criteria = 0
    for course in courses[1:]:
        key = f"courseid={course['id']}.json"
        users = json.loads((responses / "core_enrol_get_enrolled_users" / key).read_text("utf-8"))
        assert [u["id"] for u in users] == sorted(u["id"] for u in users)
        assert all(u["idnumber"] in spans for u in users)
        status = json.loads((responses / "core_completion_get_course_completion_status" / key).read_text("utf-8"))
        if "*" in status:
            without_criteria += 1
            assert status["*"]["errorcode"] == "nocriteriaset"
            continue
        assert set(status) == {str(u["id"]) for u in users if u["roles"][0]["shortname"] == "student"}
        for answer in status.values():
            criteria = answer["completionstatus"]["completions"]
            assert answer["completionstatus"]["completed"] == all(c["complete"] for c in criteria)
            completed += answer["completionstatus"]["completed"]
    assert completed > 0.5 * company["summary"]["moodle"]["enrolments"] and without_criteria >= 1


def test_companionship_exports(company):
    out = company["out"] / "companionship"
    conversations = _read_csv((out / "lerngespraeche.csv").read_bytes())
    assert {r["Phase"] for r in conversations} == {"Ziel klären", "Erfahrung auswerten", "Nächste Schritte planen"}
    assert len({r["Gesprächs-ID"] for r in conversations}) == len(conversations)
    circles = {r["Lernkreis-ID"]: r for r in _read_csv((out / "lernkreise.csv").read_bytes())}
    meetings = _read_csv((out / "lernkreis_treffen.csv").read_bytes())
    assert circles and all(int(m["Treffen-Nr."]) <= int(circles[m["Lernkreis-ID"]]["Geplante Treffen"])
                           for m in meetings)
    members = _read_csv((out / "lernkreis_mitglieder.csv").read_bytes())
    assert {m["Lernkreis-ID"] for m in members} <= set(circles)


def test_skill_framework_and_role_mapping(company):
    out = company["out"] / "skills"
    read = {name: list(csv.DictReader(io.StringIO((out / name).read_text("utf-8"), newline="")))
            for name in ("skills_en.csv", "skillGroups_en.csv", "broaderRelationsSkillPillar.csv",
                         "occupations_en.csv", "occupationSkillRelations.csv")}
    concepts = {r["conceptUri"] for r in read["skills_en.csv"] + read["skillGroups_en.csv"]}
    assert all(r["conceptUri"] in concepts and r["broaderUri"] in concepts
               for r in read["broaderRelationsSkillPillar.csv"])
    occupations = {r["conceptUri"] for r in read["occupations_en.csv"]}
    assert all(r["occupationUri"] in occupations and r["skillUri"] in concepts
               for r in read["occupationSkillRelations.csv"])
    hr_roles = {r for d in DIVISIONS for r, _ in d.roles} | {r for r, _ in LEADER_ROLES} | {
        "Werkstudent:in", "Auszubildende:r"}
    assert hr_roles == set(ROLES) and {r["Rolle"] for r in company["people"]} <= hr_roles
    sources = tomllib.loads((ROOT / "data" / "demo" / "sources.toml").read_text("utf-8"))["source"]
    assert next(s for s in sources if s["kind"] == "skills")["roles"] == role_mapping()
    assert set(role_mapping().values()) == occupations


def test_command_line_prints_one_line_and_leaves_no_stale_files(tmp_path, capsys):
    (tmp_path / "teams").mkdir()
    (tmp_path / "teams" / "Old meeting - Attendance report 01-01-20.csv").write_text("from an earlier run")
    assert main(["--out", str(tmp_path), "--employees", "60", "--months", "3", "--seed", "1"]) == 0
    assert not (tmp_path / "teams" / "Old meeting - Attendance report 01-01-20.csv").exists()
    out = capsys.readouterr().out.strip()
    assert "\n" not in out and "xAPI statements" in out and "Teams reports" in out
    assert all((tmp_path / system).is_dir() for system in SYSTEMS)
