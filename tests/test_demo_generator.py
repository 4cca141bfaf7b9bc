"""The demo-company generator: real export formats, consistent HR history, plausible xAPI dynamics."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from data.demo import generate
from data.demo.__main__ import main

BERLIN = ZoneInfo("Europe/Berlin")
ARGS = {"employees": 400, "months": 12, "seed": 7, "end_month": "2026-10"}
WINDOW_START, WINDOW_END = date(2025, 11, 1), date(2026, 10, 31)
FILES = ("hr/organisation.csv", "hr/mitarbeiter.csv", "lrs/statements.ndjson")
PEOPLE_HEADER = ("Personalnummer;Nachname;Vorname;E-Mail;Gültig ab;Gültig bis;Eintrittsdatum;Austrittsdatum;"
                 "Beschäftigungsart;Stellenanteil;Land;Standort;Organisationseinheit;Jobfamilie;Rolle;"
                 "Altersgruppe;Geschlecht")
ORG_HEADER = "OE-ID;Bezeichnung;Übergeordnete OE;Ebene"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
HOST, ATTENDED = "http://activitystrea.ms/schema/1.0/host", "http://adlnet.gov/expapi/verbs/attended"
MEETING = "http://adlnet.gov/expapi/activities/meeting"


def _de(text: str) -> date | None:
    return datetime.strptime(text, "%d.%m.%Y").date() if text else None


def _read_csv(raw: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def _local(ts: str) -> datetime:
    return datetime.fromisoformat(ts.replace("Z", "+00:00")).astimezone(BERLIN)


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    summary = generate(out, **ARGS)
    raw = {name: (out / name).read_bytes() for name in FILES}
    people = _read_csv(raw["hr/mitarbeiter.csv"])
    statements = [json.loads(line) for line in raw["lrs/statements.ndjson"].decode("utf-8").splitlines()]
    return {"out": out, "summary": summary, "raw": raw, "org": _read_csv(raw["hr/organisation.csv"]),
            "people": people, "statements": statements}


@pytest.fixture(scope="module")
def persons(company):
    by_pnr: dict[str, list[dict]] = defaultdict(list)
    for row in company["people"]:
        by_pnr[row["Personalnummer"]].append(row)
    return by_pnr


def test_same_seed_gives_identical_bytes_and_another_seed_differs(company, tmp_path):
    generate(tmp_path / "again", **ARGS)
    generate(tmp_path / "other", **{**ARGS, "seed": 8})
    for name in FILES:
        assert (tmp_path / "again" / name).read_bytes() == company["raw"][name], name
        assert (tmp_path / "other" / name).read_bytes() != company["raw"][name], name


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


def test_statements_are_valid_xapi_by_hr_people(company):
    emails = {r["E-Mail"] for r in company["people"]}
    for s in company["statements"]:
        assert s["version"] == "1.0.3"
        assert {"id", "actor", "verb", "object", "timestamp", "stored", "authority"} <= s.keys()
        assert s["timestamp"].endswith("Z") and s["stored"] >= s["timestamp"]
        if s["verb"]["id"] == VOIDED:
            assert s["object"]["objectType"] == "StatementRef"
        else:
            assert s["actor"]["mbox"].removeprefix("mailto:") in emails
            assert s["object"]["definition"]["type"]
            assert s["context"]["contextActivities"]["category"][0]["id"].startswith("http://data.europa.eu/esco/")
    assert len({s["id"] for s in company["statements"]}) == len(company["statements"])


def test_no_event_before_hire_or_after_exit(company):
    spans = {r["E-Mail"]: (_de(r["Eintrittsdatum"]), _de(r["Austrittsdatum"]) or date.max) for r in company["people"]}
    for s in company["statements"]:
        if s["verb"]["id"] != VOIDED:
            hire, exit_ = spans[s["actor"]["mbox"].removeprefix("mailto:")]
            assert hire <= _local(s["timestamp"]).date() <= exit_, s["id"]


def test_voiding_references_earlier_statements(company):
    seen, voids = set(), 0
    for s in company["statements"]:
        if s["verb"]["id"] == VOIDED:
            assert s["object"]["id"] in seen
            voids += 1
        seen.add(s["id"])
    assert voids >= 1


def test_peer_sessions_grow_along_an_s_curve(company):
    starts = {}
    for s in company["statements"]:
        obj = s["object"]
        if obj.get("definition", {}).get("type") == MEETING:
            starts[obj["id"]] = _local(obj["definition"]["extensions"]["https://w3id.org/dirigent/xapi/ext/start"])
    first = sum(WINDOW_START <= d.date() < date(2026, 2, 1) for d in starts.values())
    last = sum(date(2026, 8, 1) <= d.date() <= WINDOW_END for d in starts.values())
    assert last > 3 * max(first, 1)
    assert all(d.weekday() < 5 and 7 <= d.hour < 17 for d in starts.values())


def test_learners_become_hosts(company):
    attended, before_first_host = defaultdict(int), {}
    for s in sorted(company["statements"], key=lambda s: s["timestamp"]):
        if s["object"].get("definition", {}).get("type") != MEETING:
            continue
        who = s["actor"]["mbox"]
        if s["verb"]["id"] == HOST and who not in before_first_host:
            before_first_host[who] = attended[who]
        elif s["verb"]["id"] == ATTENDED:
            attended[who] += 1
    assert sum(n > 0 for n in before_first_host.values()) > len(before_first_host) / 2


def test_command_line_prints_one_line(tmp_path, capsys):
    assert main(["--out", str(tmp_path), "--employees", "60", "--months", "3", "--seed", "1"]) == 0
    out = capsys.readouterr().out.strip()
    assert "\n" not in out and "statements" in out
    assert all((tmp_path / name).exists() for name in FILES)
