"""The demo Moodle in a process of its own (as sync_demo and the benchmark run it) answers as the one in a thread."""

from __future__ import annotations

import json
import socket
import subprocess

import pytest
from sqlalchemy import select

import tests.support.demo as demo
from connectors.config import KINDS, load_sources
from data.db import make_engine
from data.demo.moodle_server import Site
from data.loading import run_sync
from data.migrate import upgrade
from data.pseudonyms import Pseudonymiser
from data.schema import enrolments, events
from tests.conftest import TEST_KEY
from tests.support.ralph import free_port


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    root = tmp_path_factory.mktemp("company")
    demo.generate_demo(root, employees=80, months=3, seed=11)
    return root


def _sync_moodle(company, path, url):
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    source = next(s for s in load_sources(demo.DEMO_SOURCES) if s.kind == "moodle")
    connector = KINDS["moodle"](source.name, {**source.options, "url": url}, Pseudonymiser(TEST_KEY.encode()),
                                company / "demo")
    (company / "demo").mkdir(exist_ok=True)
    result = run_sync(engine, connector)
    with engine.connect() as conn:
        rows = {table.name: sorted(tuple(map(str, row)) for row in conn.execute(
            select(*(c for c in table.c if c.name not in ("run_id", "loaded_at", "updated_at")))))
            for table in (enrolments, events)}
    engine.dispose()
    return result, rows


@pytest.fixture
def started(monkeypatch):
    """Every process demo_moodle starts."""
    processes = []

    class Recorded(subprocess.Popen):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            processes.append(self)

    monkeypatch.setattr(demo.subprocess, "Popen", Recorded)
    return processes


def test_a_separate_process_serves_the_same_rows_as_a_thread_and_ends_with_the_block(company, tmp_path, started):
    port = free_port()  # the site's address is part of every Moodle key: one port for both
    folder = company / "demo_exports" / "moodle"
    with demo.demo_moodle(folder, port, separate=False) as url:
        in_thread, thread_rows = _sync_moodle(company, tmp_path / "thread.db", url)
    assert not started
    with demo.demo_moodle(folder, port) as url:
        assert url == f"http://127.0.0.1:{port}"
        first, rows = _sync_moodle(company, tmp_path / "process.db", url)
        again, _ = _sync_moodle(company, tmp_path / "process.db", url)
    assert in_thread.status == first.status == again.status == "ok"
    assert first.counts.loaded == in_thread.counts.loaded > 0 and rows == thread_rows and rows["events"]
    assert again.counts.loaded + again.counts.updated == 0
    assert len(started) == 1 and started[0].poll() is not None  # the server process has ended
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_the_process_takes_a_free_port_when_given_none_and_ends_when_the_sync_fails(company, started):
    with pytest.raises(KeyError):
        with demo.demo_moodle(company / "demo_exports" / "moodle") as url:
            assert url.startswith("http://127.0.0.1:") and not url.endswith(":0")
            raise KeyError("a sync that fails")
    assert started[0].poll() is not None


def test_a_server_that_cannot_start_says_so_and_is_gone(tmp_path, started):
    with pytest.raises(RuntimeError, match="did not start"):
        with demo.demo_moodle(tmp_path / "no-moodle-here"):
            pass
    assert started[0].poll() is not None


def test_the_site_keeps_the_answers_of_a_few_courses_and_reads_the_others_again(company):
    site = Site(company / "demo_exports" / "moodle", demo.TOKEN)
    site.KEPT = 2
    ask = {"wstoken": demo.TOKEN, "wsfunction": "core_completion_get_activities_completion_status"}
    courses = [c["id"] for c in json.loads(site.answer({**ask, "wsfunction": "core_course_get_courses"}))[1:]]
    learners = {c: json.loads(site.answer({**ask, "wsfunction": "core_enrol_get_enrolled_users", "courseid": str(c)}))
                for c in courses}
    asked = [(str(c), str(u["id"])) for c, users in learners.items() for u in users[:3]]
    first = [site.answer({**ask, "courseid": c, "userid": u}) for c, u in asked]
    assert len(site.cache) == 2 and len(courses) > 2
    assert [site.answer({**ask, "courseid": c, "userid": u}) for c, u in reversed(asked)] == first[::-1]
    assert sum("statuses" in json.loads(answer) for answer in first) > len(courses)
