"""The demo company's exports sync through the real connectors: every kind, nothing quarantined, nothing twice.

One small company is generated per module and synced into one warehouse, each source twice; the Moodle
answers come from the demo Moodle server on a free port, as `make demo` runs it.
"""

from __future__ import annotations

import importlib
import json
import threading
import urllib.request
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from data.db import make_engine
from data.demo import generate
from data.demo.export_skills import role_mapping
from data.demo.moodle_server import make_server
from data.loading import run_sync
from data.migrate import upgrade
from data.pseudonyms import Pseudonymiser
from data.schema import activities, events, person_identities, quarantine
from tests.conftest import TEST_KEY

ARGS = {"employees": 400, "months": 12, "seed": 7, "end_month": "2026-10"}
TOKEN = "demo-token-0123456789"
CLASSES = {"hr_csv": ("connectors.hr_csv", "HrCsv"), "xapi": ("connectors.xapi", "XapiFiles"),
           "moodle": ("connectors.moodle", "MoodleConnector"), "lex": ("connectors.lex", "LexConnector"),
           "ical": ("connectors.ical", "IcalCalendar"), "teams_attendance": ("connectors.teams_attendance", "TeamsAttendance"),
           "companionship": ("connectors.companionship", "Companionship"),
           "skills": ("connectors.skills", "SkillsFramework")}
# name -> (kind, settings); the order of data/demo/sources.toml
SOURCES = {
    "hr": ("hr_csv", {"path": "hr/mitarbeiter.csv", "org_units_path": "hr/organisation.csv"}),
    "lrs": ("xapi", {"path": "lrs/*.ndjson"}),
    "moodle": ("moodle", {"token_env": "DIRIGENT_DEMO_MOODLE_TOKEN"}),
    "lex": ("lex", {"path": "lex"}),
    "calendar": ("ical", {"path": "calendar", "expand_from": "2020-01-01"}),
    "teams": ("teams_attendance", {"path": "teams"}),
    "companionship": ("companionship", {"path": "companionship", "timezone": "Europe/Berlin"}),
    "skills": ("skills", {"path": "skills", "roles": role_mapping()}),
}


def connector_class(kind: str):
    module, name = CLASSES[kind]
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


@pytest.fixture(scope="module")
def moodle(company):
    server = make_server(company["out"] / "moodle", TOKEN)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    return {"out": out, "summary": generate(out, **ARGS)}


@pytest.fixture(scope="module")
def synced(company, moodle, tmp_path_factory):
    """Every source synced twice into one warehouse: {name: (first result, second result)}."""
    patch = pytest.MonkeyPatch()
    patch.setenv("DIRIGENT_DEMO_MOODLE_TOKEN", TOKEN)
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('warehouse') / 'w.db'}")
    upgrade(engine)
    pseudonymise = Pseudonymiser(TEST_KEY.encode())
    results = {}
    try:
        for name, (kind, settings) in SOURCES.items():
            cls = connector_class(kind)
            if cls is None:
                continue
            settings = {**settings, "url": moodle, "workers": 4} if kind == "moodle" else settings
            results[name] = [run_sync(engine, cls(name, settings, pseudonymise, company["out"])) for _ in range(2)]
        yield {"engine": engine, "results": results}
    finally:
        patch.undo()
        engine.dispose()


@pytest.mark.parametrize("name", list(SOURCES))
def test_each_export_syncs_without_quarantine_and_a_second_sync_loads_nothing(synced, name):
    if name not in synced["results"]:
        pytest.skip(f"connectors has no class for kind '{SOURCES[name][0]}' yet")
    first, second = synced["results"][name]
    c = first.counts
    assert first.status == "ok" and c.quarantined == 0, first
    assert c.read == c.loaded + c.updated and c.loaded > 0, c
    assert second.counts.loaded == 0 and second.counts.updated == 0 and second.counts.quarantined == 0, second.counts


def test_record_counts_match_what_the_systems_exported(synced, company):
    results, s = synced["results"], company["summary"]
    expected = {
        "lrs": s["statements"],
        "teams": s["teams"]["participants"],
        "skills": sum(s["skills"].values()) + sum(1 for _ in _requirements()),
    }
    for name, count in expected.items():
        if name in results:
            assert results[name][0].counts.read == count, name
    if "lex" in results:
        lex = s["lex"]
        assert results["lex"][0].counts.read > lex["sessions"] + 2 * lex["registrations"]
    if "moodle" in results:  # an enrolment, its course completion and its activities
        assert results["moodle"][0].counts.read >= s["moodle"]["enrolments"] + s["moodle"]["course_completions"]
    if "calendar" in results:
        assert results["calendar"][0].counts.read > 2 * s["calendar"]["events"]
    if "companionship" in results:
        rows = s["companionship"]
        assert results["companionship"][0].counts.read > 2 * rows["conversations"] + rows["circles"]


def _requirements():
    from data.demo.export_skills import ROLES
    return [(role, key) for role, (_, essential, _) in ROLES.items() for key in essential]


def test_every_person_in_the_events_is_known_to_hr(synced):
    """Every source names people the HR export names too, so metrics count one person once."""
    if "hr" not in synced["results"]:
        pytest.skip("no HR connector")
    with synced["engine"].connect() as conn:
        known = {r[0] for r in conn.execute(select(person_identities.c.identity_id))}
        actors = dict(conn.execute(select(events.c.source, func.count()).group_by(events.c.source)).all())
        unknown = dict(conn.execute(select(events.c.source, func.count())
                                    .where(events.c.actor_id.not_in(known)).group_by(events.c.source)).all())
        assert conn.execute(select(func.count()).select_from(quarantine)).scalar() == 0
    assert len(actors) >= 3
    assert unknown == {}


def test_teams_reports_and_calendar_join_the_lex_sessions(synced):
    """A Teams report's meeting has the join link of a LEX session; its attendees attended that session in LEX
    (the one named by employee number, the other by e-mail: HR joins them to one person)."""
    results = synced["results"]
    if not {"lex", "teams", "calendar"} <= results.keys():
        pytest.skip("needs the lex, teams and ical connectors")
    with synced["engine"].connect() as conn:
        sessions = {r.join_url: r.activity_id for r in conn.execute(
            select(activities.c.activity_id, activities.c.join_url)
            .where(activities.c.activity_id.like("https://lex.demo-ag.example/sessions/%")))}
        meetings = {r.activity_id: r.join_url for r in conn.execute(
            select(activities.c.activity_id, activities.c.join_url).where(activities.c.source == "teams"))}
        assert meetings and all(link in sessions for link in meetings.values())
        person = dict(conn.execute(select(person_identities.c.identity_id, person_identities.c.person_id)).all())
        lex_attended = {(person[r.actor_id], r.activity_id) for r in conn.execute(
            select(events.c.actor_id, events.c.activity_id).where(events.c.source == "lex", events.c.verb == "attended"))}
        teams_attended = [(person[r.actor_id], sessions[meetings[r.activity_id]]) for r in conn.execute(
            select(events.c.actor_id, events.c.activity_id).where(events.c.source == "teams",
                                                                 events.c.verb == "attended"))]
        calendar_hosts = conn.execute(select(func.count()).where(events.c.source == "calendar",
                                                                 events.c.verb == "hosted")).scalar()
    both = sum(pair in lex_attended for pair in teams_attended)
    assert 0.8 * len(teams_attended) <= both < len(teams_attended)  # walk-ins are in Teams only
    assert calendar_hosts > 0


def _call(url: str, method: str = "GET", **params) -> object:
    query = urlencode({"moodlewsrestformat": "json", **params})
    if method == "POST":
        request = urllib.request.Request(f"{url}/webservice/rest/server.php", data=query.encode(), method="POST")
    else:
        request = urllib.request.Request(f"{url}/webservice/rest/server.php?{query}")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        raw = response.read()
    assert raw.isascii() and b"https://" not in raw  # PHP's json_encode: \uXXXX and \/
    return json.loads(raw)


def test_demo_moodle_answers_as_moodle_does(moodle, company):
    assert _call(moodle, wstoken="wrong", wsfunction="core_course_get_courses") == {
        "exception": "moodle_exception", "errorcode": "invalidtoken", "message": "Invalid token - token not found"}
    assert _call(moodle, wstoken=TOKEN, wsfunction="core_user_get_users")["errorcode"] == "invalidrecord"
    courses = _call(moodle, "POST", wstoken=TOKEN, wsfunction="core_course_get_courses")
    assert courses[0]["format"] == "site" and len(courses) == company["summary"]["moodle"]["courses"] + 1
    course = max(courses[1:], key=lambda c: c["id"])["id"]
    assert [c["id"] for c in _call(moodle, wstoken=TOKEN, wsfunction="core_course_get_courses",
                                   **{"options[ids][0]": course})] == [course]
    paging = {"wstoken": TOKEN, "wsfunction": "core_enrol_get_enrolled_users", "courseid": course,
              "options[0][name]": "limitfrom", "options[1][name]": "limitnumber", "options[1][value]": 7}
    everyone = _call(moodle, wstoken=TOKEN, wsfunction="core_enrol_get_enrolled_users", courseid=course)
    pages = [_call(moodle, **paging, **{"options[0][value]": start}) for start in range(0, len(everyone) + 7, 7)]
    assert [u["id"] for page in pages for u in page] == sorted(u["id"] for u in everyone)
    assert pages[-1] == [] or len(pages[-1]) < 7
    learner = next(u["id"] for u in everyone if u["roles"][0]["shortname"] == "student")
    status = _call(moodle, wstoken=TOKEN, wsfunction="core_completion_get_activities_completion_status",
                   courseid=course, userid=learner)
    assert status["warnings"] == [] and {s["state"] for s in status["statuses"]} <= {0, 1, 2, 3}
    assert _call(moodle, wstoken=TOKEN, wsfunction="core_completion_get_course_completion_status", courseid=course,
                 userid=1)["errorcode"] == "usernotenroled"
    assert _call(moodle, wstoken=TOKEN, wsfunction="core_enrol_get_enrolled_users", courseid=9999)["errorcode"] == \
        "invalidrecord"
