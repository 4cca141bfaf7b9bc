"""The Moodle connector against a local server that answers like Moodle's REST web services.

The server (below) serves the bodies in tests/fixtures/moodle/, one file per web service function,
shaped like Moodle 4.x answers; completion bodies are keyed "courseid/userid" ("courseid/*": every
user). The site: the site course, four courses (one without completion criteria, one with
completion switched off), 40 learners and two teachers, enrolled users in pages of 15, one learner
without ID number or e-mail, one suspended learner (usernotenroled).
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from sqlalchemy import func, select

from connectors.base import SourceError
from connectors.moodle import MoodleConnector
from connectors.moodle_api import php_params
from data.loading import Record, Rejected, run_sync
from data.schema import activities, enrolments, events, metadata, quarantine, sync_runs, sync_state

FIXTURES = Path(__file__).parents[1] / "fixtures" / "moodle"
TOKEN = "4f1c0a9e8b7d6c5b4a39281706f5e4d3"
ENDPOINT = "/webservice/rest/server.php"


def _load(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


class MoodleSite:
    """The site's data and behaviour; tests change it between syncs."""

    def __init__(self):
        self.courses = _load("core_course_get_courses.json")
        self.categories = _load("core_course_get_categories.json")
        self.enrolled = _load("core_enrol_get_enrolled_users.json")
        self.course_completion = _load("core_completion_get_course_completion_status.json")
        self.activities = _load("core_completion_get_activities_completion_status.json")
        self.errors = _load("errors.json")
        self.denied: set[str] = set()  # functions the token's service does not offer
        self.faults: dict[str, list] = {}  # wsfunction -> faults for its next calls, used up in order
        self.ignore_paging = False
        self.calls: list[tuple[str, dict]] = []
        self.lock = threading.Lock()

    def user(self, course_id: int, user_id: int) -> dict:
        return next(u for u in self.enrolled[str(course_id)] if u["id"] == user_id)

    def completion_calls(self, function: str) -> list[tuple[int, int]]:
        return [(int(q["courseid"]), int(q["userid"])) for f, q in self.calls if f == function]

    def answer(self, query: dict) -> tuple[object, dict]:
        function = query.get("wsfunction", "")
        with self.lock:
            self.calls.append((function, query))
            fault = self.faults.get(function, [None]).pop(0) if self.faults.get(function) else None
        if fault is not None:
            return fault, {}
        if query.get("wstoken") != TOKEN:
            return self.errors["invalidtoken"], {}
        if function in self.denied:
            return self.errors["accessexception"], {}
        handler = getattr(self, function, None)
        if handler is None:
            return {"exception": "invalid_parameter_exception", "errorcode": "invalidparameter",
                    "message": "Invalid parameter value detected"}, {}
        return handler(query), {}

    def core_course_get_courses(self, query: dict):
        ids = {int(v) for k, v in query.items() if k.startswith("options[ids]")}
        return [c for c in copy.deepcopy(self.courses) if not ids or c["id"] in ids]

    def core_course_get_categories(self, query: dict):
        return copy.deepcopy(self.categories)

    def core_enrol_get_enrolled_users(self, query: dict):
        users = self.enrolled.get(query["courseid"])
        if users is None:
            return {"exception": "dml_missing_record_exception", "errorcode": "invalidrecord",
                    "message": "Can't find data record in database table course."}
        options = {query[f"options[{i}][name]"]: query[f"options[{i}][value]"]
                   for i in range(10) if f"options[{i}][name]" in query}
        start, number = int(options.get("limitfrom", 0)), int(options.get("limitnumber", 0))
        if self.ignore_paging:
            start = 0
        return copy.deepcopy(users[start:start + number] if number else users[start:])

    def _completion(self, bodies: dict, query: dict):
        course, user = query["courseid"], query["userid"]
        body = bodies.get(f"{course}/{user}") or bodies.get(f"{course}/*")
        if body is None:
            return {"exception": "moodle_exception", "errorcode": "unexpectedcall",
                    "message": f"the test site has no answer for course {course}, user {user}"}
        return copy.deepcopy(body)

    def core_completion_get_course_completion_status(self, query: dict):
        return self._completion(self.course_completion, query)

    def core_completion_get_activities_completion_status(self, query: dict):
        return self._completion(self.activities, query)


class Fault:
    """What the server does instead of answering: an HTTP status, a pause, or a raw body."""

    def __init__(self, status: int = 200, body: bytes | None = None, delay: float = 0, headers: dict | None = None):
        self.status, self.body, self.delay, self.headers = status, body, delay, headers or {}


def _handler(site: MoodleSite):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a web server in front of Moodle does
        disable_nagle_algorithm = True

        def do_GET(self):  # noqa: N802 (http.server's naming)
            parts = urlsplit(self.path)
            if parts.path != ENDPOINT:
                return self._send(404, b"<html><body>Not found</body></html>", "text/html")
            answer, _ = site.answer(dict(parse_qsl(parts.query)))
            if isinstance(answer, Fault):
                time.sleep(answer.delay)
                body = answer.body if answer.body is not None else b'{"error": "fault"}'
                return self._send(answer.status, body, "application/json", answer.headers)
            self._send(200, json.dumps(answer).encode(), "application/json")

        def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None):
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def log_message(self, *args):
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


class MoodleServer:
    """Serves a MoodleSite on 127.0.0.1 in a background thread."""

    def __init__(self, site: MoodleSite):
        self.site = site
        self.httpd = _Server(("127.0.0.1", 0), _handler(site))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> MoodleServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

# ---------------------------------------------------------------------------------------------------------------
# Tests

FIRST = {"read": 166, "loaded": 164, "updated": 0, "duplicates": 0, "quarantined": 2}
SETTLED = 15  # learners whose course completion is done: 101-110 and 139 in course 2, 121-124 in course 4


@pytest.fixture
def server():
    with MoodleServer(MoodleSite()) as running:
        yield running


@pytest.fixture
def connect(server, pseudonymise, monkeypatch, tmp_path):
    monkeypatch.setenv("MOODLE_TOKEN", TOKEN)

    def make(**settings) -> MoodleConnector:
        config = {"url": server.url, "token_env": "MOODLE_TOKEN", "page_size": 15, "workers": 4, "timeout": 2,
                  "retries": 2, "backoff": 0, **settings}
        return MoodleConnector("lms", config, pseudonymise, tmp_path)

    return make


def counts(result) -> dict:
    d = result.as_dict()
    return {k: d[k] for k in ("read", "loaded", "updated", "duplicates", "quarantined")}


def rows(engine, table) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(table)).mappings()]


def test_first_sync_loads_courses_enrolments_and_completions(engine, connect, server, pseudonymise):
    assert counts(run_sync(engine, connect())) == FIRST
    site = server.url
    by_table = {t.name: rows(engine, t) for t in (activities, enrolments, events, quarantine)}
    assert (len(by_table["activities"]), len(by_table["enrolments"]), len(by_table["events"])) == (9, 65, 95)
    course = {a["activity_id"]: a for a in by_table["activities"]}
    privacy = course[f"{site}/course/view.php?id=2"]
    assert (privacy["title"], privacy["community"], privacy["channel"], privacy["language"]) == (
        "Datenschutz-Grundlagen", "Compliance", "formal", "de")
    assert str(privacy["starts_at"]) == "2026-01-12 00:00:00"
    assert course[f"{site}/course/view.php?id=5"]["community"] == "Lernplattform der Beispiel AG"  # hidden category
    quiz = course[f"{site}/mod/quiz/view.php?id=21"]
    assert (quiz["activity_type"], quiz["parent_activity_id"]) == ("module", f"{site}/course/view.php?id=2")
    assert f"{site}/course/view.php?id=1" not in course

    anna = pseudonymise("employee_no", "00010001")  # joins HR's "00010001" or "10001"
    mine = sorted((e["activity_id"].split("/")[-2], e["verb"], e["success"], e["completion"], str(e["occurred_at"]))
                  for e in by_table["events"] if e["actor_id"] == anna)
    assert mine == [
        ("assign", "completed", None, True, "2026-02-11 10:15:00"),
        ("course", "completed", None, True, "2026-01-16 11:30:00"),  # ALL criteria: the last one
        ("h5pactivity", "completed", None, True, "2026-02-04 10:15:00"),
        ("page", "completed", None, True, "2026-01-15 11:30:00"),
        ("quiz", "passed", True, True, "2026-01-16 11:30:00"),
    ]
    verbs = {(e["verb"], e["success"], e["completion"]) for e in by_table["events"]}
    assert verbs == {("completed", None, True), ("passed", True, True), ("progressed", None, False),
                     ("failed", False, False)}
    assert {e["role"] for e in by_table["events"]} == {"learner"}

    enrolled = {(e["actor_id"], e["activity_id"]): e for e in by_table["enrolments"]}
    lead = pseudonymise("employee_no", "00010021")  # course 4 aggregates ANY: the first criterion completed
    assert str(enrolled[(lead, f"{site}/course/view.php?id=4")]["completed_at"]) == "2026-03-03 05:10:00"
    email_only = pseudonymise("email", "marta.walter@beispiel-ag.de")
    assert enrolled[(email_only, f"{site}/course/view.php?id=2")]["status"] == "completed"
    python = [e for e in by_table["enrolments"] if e["activity_id"].endswith("id=3")]
    assert len(python) == 12 and {e["status"] for e in python} == {"enrolled"}  # no completion criteria

    reasons = sorted((q["location"], q["reason"]) for q in by_table["quarantine"])
    assert reasons[0][0] == "course 2, enrolled user 39" and "no ID number and no e-mail" in reasons[0][1]
    assert reasons[1][0] == "course 4, enrolled user 4" and "usernotenroled" in reasons[1][1]
    assert "suspended" in reasons[1][1]

    with engine.connect() as conn:
        state = json.loads(conn.execute(select(sync_state.c.state)).scalar())
    assert state["summary"] == {"not_learners": 2, "settled_not_fetched": 0,
                                "courses_without_completion_criteria": [3]}
    assert state["courses"]["2"]["watermark"] == "2026-01-17T06:30:00"
    # every learner of course 2 read (39, one quarantined): 11 completed, the rest quiet for over 30 days
    assert len(state["courses"]["2"]["settled"]) == 39


def test_second_sync_loads_nothing_and_skips_completed_enrolments(engine, connect, server):
    run_sync(engine, connect(quiet_days=0))
    before = len(server.site.calls)
    second = run_sync(engine, connect(quiet_days=0))
    assert counts(second) == {"read": 110, "loaded": 0, "updated": 0, "duplicates": 108, "quarantined": 2}
    calls = server.site.calls[before:]
    asked = {(int(q["courseid"]), int(q["userid"])) for f, q in calls if f.startswith("core_completion")}
    assert not asked & ({(2, u) for u in [*range(101, 111), 139]} | {(4, u) for u in range(121, 125)})
    with engine.connect() as conn:
        state = json.loads(conn.execute(select(sync_state.c.state)).scalar())
    assert state["summary"]["settled_not_fetched"] == SETTLED
    assert len(state["courses"]["2"]["settled"]) == 11  # carried forward


def test_quiet_learners_are_not_asked_again_until_they_return(engine, connect, server, pseudonymise):
    site = server.site
    now = int(time.time())
    site.user(2, 111)["lastcourseaccess"] = now - 5 * 86400  # active lately: asked again every sync
    run_sync(engine, connect())
    before = len(site.calls)
    site.activities["2/112"]["statuses"][0]["state"] = 1  # graded long after 112's last visit: not seen ...
    site.activities["2/113"]["statuses"][0]["state"] = 1
    site.user(2, 113)["lastcourseaccess"] = now - 3600  # ... unless the learner comes back, as 113 does
    second = run_sync(engine, connect())
    asked = {(int(q["courseid"]), int(q["userid"])) for f, q in site.calls[before:]
             if f == "core_completion_get_activities_completion_status"}
    assert asked == {(2, 111), (2, 113)}
    # 4 courses, 111's and 113's rows; the two learners quarantined on the first sync are quarantined again
    assert counts(second) == {"read": 12, "loaded": 0, "updated": 1, "duplicates": 9, "quarantined": 2}

    def quiz(user_id: int) -> str:
        account = pseudonymise("account", f"{server.url}/user/profile.php?id={user_id}")
        return {e["source_record_id"]: e["verb"] for e in rows(engine, events)}[f"cm/21/completion/{account}"]

    assert (quiz(112), quiz(113)) == ("progressed", "completed")  # 112's grade waits for a full sync
    assert run_sync(engine, connect(), full=True).counts.updated == 1
    assert quiz(112) == "completed"


def test_full_sync_reads_everything_again(sqlite_engine, connect):
    run_sync(sqlite_engine, connect())
    full = run_sync(sqlite_engine, connect(), full=True)
    assert counts(full) == {"read": 166, "loaded": 0, "updated": 0, "duplicates": 164, "quarantined": 2}


def test_corrected_completions_update_in_place(engine, connect, server):
    run_sync(engine, connect(quiet_days=0))
    site = server.site
    quiz = site.activities["2/111"]["statuses"][0]
    quiz["state"] = 1  # progressed -> completed
    page = site.activities["2/102"]["statuses"][1]
    page["timecompleted"] += 600  # a completed learner came back and the page's time moved
    site.user(2, 102)["lastcourseaccess"] += 86400
    second = run_sync(engine, connect(quiet_days=0))
    assert counts(second) == {"read": 114, "loaded": 0, "updated": 2, "duplicates": 110, "quarantined": 2}
    verbs = {e["source_record_id"].split("/")[3]: e["verb"] for e in rows(engine, events)
             if e["source_record_id"].startswith("cm/21/")}
    assert sum(v == "progressed" for v in verbs.values()) == 9


def test_no_clear_text_identifiers_reach_the_warehouse(sqlite_engine, connect, server):
    run_sync(sqlite_engine, connect())
    with sqlite_engine.connect() as conn:
        text = json.dumps([[list(r) for r in conn.execute(select(t))] for t in metadata.sorted_tables], default=str)
    users = [u for course in server.site.enrolled.values() for u in course]
    for user in users:
        for value in (user["username"], user.get("email"), user["fullname"]):
            assert not value or value not in text, value
        assert not re.search(rf"\b{re.escape(user['lastname'])}\b", text), user["lastname"]
        if user.get("idnumber"):
            assert user["idnumber"] not in text
            assert not re.search(rf"(?<![0-9a-f]){user['idnumber'].lstrip('0')}(?![0-9a-f])", text)
    assert not re.search(r"profile\.php|\"userid\"", text)


def test_course_filter_and_identity_choice(connect, pseudonymise, server):
    items = list(connect(course_ids=[4], identity="email").read({}))
    assert len(items) == 19
    asked = [q for f, q in server.site.calls if f == "core_course_get_courses"][0]
    assert sorted(v for k, v in asked.items() if k.startswith("options[ids]")) == ["1", "4"]
    course = items[0].row.values
    assert (course["title"], course["community"]) == ("Führen im Wandel", "Führung")
    actors = {i.row.values["actor_id"] for i in items if isinstance(i, Record) and i.row.table is enrolments}
    assert pseudonymise("email", "ulrich.zimmermann@beispiel-ag.de") in actors

    by_username = list(connect(course_ids=[2], identity="username").read({}))
    assert not [i for i in by_username if isinstance(i, Rejected)]  # 140 has a username, though no e-mail
    actors = {i.row.values["actor_id"] for i in by_username if isinstance(i, Record) and i.row.table is enrolments}
    assert pseudonymise("account", "nils.mayer") in actors


def test_duplicate_users_in_a_listing_count_once(connect, server):
    users = server.site.enrolled["3"]
    users.insert(5, copy.deepcopy(users[4]))
    assert len(list(connect(course_ids=[3]).read({}))) == 31


def test_bad_completion_answers_are_quarantined_and_the_rest_loads(sqlite_engine, connect, server):
    site = server.site
    site.activities["2/112"]["statuses"][0]["timecompleted"] = 4102444800  # 2100-01-01
    site.activities["2/113"]["statuses"][1]["state"] = 7
    site.course_completion["2/101"]["completionstatus"]["completions"] = []  # completed, but no time
    del site.enrolled["3"]  # the course's participants cannot be listed (Moodle: invalidrecord)
    result = run_sync(sqlite_engine, connect())
    assert counts(result) == {"read": 166 - 3 - 3 - 4 - 30 + 4, "loaded": 164 - 3 - 3 - 4 - 30,
                              "updated": 0, "duplicates": 0, "quarantined": 6}
    reasons = " | ".join(q["reason"] for q in rows(sqlite_engine, quarantine))
    for expected in ("lies in the future", "unknown completion state 7", "no criterion carries a completion time",
                     "invalidrecord"):
        assert expected in reasons


def _items(connector) -> list:
    return [(type(i).__name__, i.location, i.row.values if isinstance(i, Record) else i.reason)
            for i in connector.read({})]


def test_worker_processes_read_what_threads_read(connect, server):
    """`processes`: the completion calls in worker processes give the same items in the same order, Moodle's
    errors (usernotenroled, nocriteriaset) included; a source-wide error raised in a worker stops the sync."""
    site = server.site
    site.activities["2/113"]["statuses"][1]["state"] = 7  # a bad answer, quarantined either way
    in_threads = _items(connect())
    in_processes = _items(connect(processes=2, workers=2))
    assert in_processes == in_threads
    assert [i for i in in_processes if i[0] == "Rejected" and "usernotenroled" in i[2]]
    site.denied.add("core_completion_get_activities_completion_status")
    with pytest.raises(SourceError, match="core_completion_get_activities_completion_status"):
        _items(connect(processes=1))


def test_invalid_token_fails_naming_token_env(sqlite_engine, connect, monkeypatch):
    monkeypatch.setenv("MOODLE_TOKEN", "expired")
    with pytest.raises(SourceError) as failure:
        run_sync(sqlite_engine, connect())
    message = str(failure.value)
    for part in ("source 'lms'", "invalidtoken", "MOODLE_TOKEN", "token_env", "Manage tokens"):
        assert part in message
    assert "expired" not in message and TOKEN not in message
    with sqlite_engine.connect() as conn:
        assert conn.execute(select(sync_runs.c.status)).scalar() == "failed"
        assert conn.execute(select(func.count()).select_from(activities)).scalar() == 0


def test_a_function_missing_from_the_service_fails_clearly(connect, server):
    server.site.denied.add("core_completion_get_activities_completion_status")
    with pytest.raises(SourceError, match=r"accessexception.*External services.*"
                                          r"core_completion_get_activities_completion_status"):
        list(connect().read({}))


def test_missing_environment_variable(connect, monkeypatch):
    monkeypatch.delenv("MOODLE_TOKEN")
    with pytest.raises(SourceError, match="token_env names the environment variable MOODLE_TOKEN"):
        list(connect().read({}))


def test_retries_5xx_429_and_timeouts_then_succeeds(connect, server):
    server.site.faults = {
        "core_course_get_courses": [Fault(500)],
        "core_enrol_get_enrolled_users": [Fault(429, headers={"Retry-After": "1"})],
        "core_completion_get_activities_completion_status": [Fault(200, delay=1.5)],
    }
    started = time.monotonic()
    items = list(connect(timeout=0.5).read({}))
    assert len(items) == FIRST["read"] and time.monotonic() - started >= 1
    assert sum(f == "core_course_get_courses" for f, _ in server.site.calls) == 2


@pytest.mark.parametrize("function, fault, expected", [
    ("core_course_get_courses", [Fault(500)] * 3, r"core_course_get_courses.*(HTTP 500|gave up)"),
    ("core_course_get_categories", [Fault(200, delay=1)] * 3, r"core_course_get_categories\).*unreachable"),
    ("core_enrol_get_enrolled_users", [None, Fault(200, b'[{"id": 116, "username": "karl')],
     r"course 2, limitfrom 15\): the answer is not JSON"),
    ("core_course_get_courses", [Fault(200, b'{"courses": []}')], r"core_course_get_courses\): expected a list"),
    ("core_course_get_courses", [Fault(401, b"Unauthorized")], r"HTTP 401.*token_env"),
])
def test_faults_that_do_not_go_away_stop_the_source(connect, server, function, fault, expected):
    server.site.faults = {function: fault}
    with pytest.raises(SourceError, match=expected):
        list(connect(timeout=0.4).read({}))


def test_wrong_url_and_looping_pages(connect, server):
    with pytest.raises(SourceError, match=r"HTTP 404.*Check `url`"):
        list(connect(url=server.url + "/moodle").read({}))
    server.site.ignore_paging = True
    with pytest.raises(SourceError, match=r"limitfrom 15\): the page repeats users.*does not advance"):
        list(connect().read({}))


def test_parameters_are_sent_as_php_arrays():
    assert php_params({"courseid": 2, "options": [{"name": "limitfrom", "value": 0}]}) == {
        "courseid": "2", "options[0][name]": "limitfrom", "options[0][value]": "0"}
    assert php_params({"options": {"ids": [1, 4]}}) == {"options[ids][0]": "1", "options[ids][1]": "4"}


def test_bad_settings_fail_before_any_call(connect):
    with pytest.raises(SourceError, match="identity.*'orcid' is unknown"):
        list(connect(identity="orcid").read({}))
    with pytest.raises(SourceError, match="not an http"):
        list(connect(url="lms.example.org").read({}))
