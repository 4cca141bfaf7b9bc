"""The xAPI connector over HTTP against a local LRS stand-in: paging, watermark, dedup, and every fault."""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from connectors.base import SourceError
from connectors.xapi import Xapi
from data.loading import run_sync
from data.schema import events, quarantine, sync_runs, sync_state, voided_records

USER, PASSWORD = "sync-user", "s3cret-passw0rd"
ADL = "http://adlnet.gov/expapi/verbs/"
FIRST = "/xAPI/statements"


@dataclass
class Reply:
    body: object = None  # dict or list: sent as JSON; str: sent as it is
    status: int = 200
    headers: dict = field(default_factory=dict)
    delay: float = 0


class FakeLrs:
    """An xAPI 1.0.3 LRS on 127.0.0.1: scripted replies per request target, in order, the last one repeating.

    Like real LRSs it demands Basic auth and the version header, and it keeps rate-limiting
    whoever comes back before its Retry-After has passed.
    """

    def __init__(self):
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[tuple[str, dict]] = []
        self.blocked_until = 0.0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.lrs = self
        self.root = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.url = self.root + "/xAPI"

    def route(self, target: str, *replies: Reply) -> None:
        self.routes[target] = list(replies)

    def hits(self, target: str = FIRST) -> int:
        return sum(1 for path, _ in self.requests if path == target)

    def reply_for(self, target: str) -> Reply | None:
        replies = self.routes.get(target) or self.routes.get(urlsplit(target).path)
        if not replies:
            return None
        return replies.pop(0) if len(replies) > 1 else replies[0]


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        lrs: FakeLrs = self.server.lrs
        parts = urlsplit(self.path)
        lrs.requests.append((self.path if parts.path != FIRST or "cursor" in parts.query else FIRST,
                             parse_qs(parts.query)))
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if self.headers.get("Authorization") != expected:
            return self._send(Reply({"detail": "Invalid authentication credentials"}, 401,
                                    {"WWW-Authenticate": "Basic"}))
        if self.headers.get("X-Experience-API-Version") != "1.0.3":
            return self._send(Reply({"detail": "X-Experience-API-Version header missing"}, 400))
        if time.monotonic() < lrs.blocked_until:
            return self._send(Reply({"detail": "rate limited"}, 429, {"Retry-After": "1"}))
        reply = lrs.reply_for(self.path)
        if reply is None:
            return self._send(Reply({"detail": "Not Found"}, 404))
        if reply.status == 429:
            lrs.blocked_until = time.monotonic() + float(reply.headers.get("Retry-After", 0))
        time.sleep(reply.delay)
        self._send(reply)

    def _send(self, reply: Reply) -> None:
        body = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Experience-API-Consistent-Through", "2026-03-31T00:00:00Z")
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body.encode())))
            self.end_headers()
            self.wfile.write(body.encode())
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout tests)

    def log_message(self, *args):
        pass


@pytest.fixture
def lrs(monkeypatch):
    fake = FakeLrs()
    thread = threading.Thread(target=fake.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    monkeypatch.setenv("LRS_USER", USER)
    monkeypatch.setenv("LRS_PASSWORD", PASSWORD)
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def config(lrs: FakeLrs, **extra) -> dict:
    return {"url": lrs.url, "username_env": "LRS_USER", "password_env": "LRS_PASSWORD", "retries": 2,
            "backoff_seconds": 0.01, "timeout_seconds": 5, **extra}


def statement(n: int, verb: str = ADL + "attended", stored: str = "2026-03-02T10:00:00.000Z", **extra) -> dict:
    """A statement as an LRS returns it: with stored and authority."""
    return {
        "id": f"6a1f0c2e-0000-4000-8000-{n:012d}", "version": "1.0.3",
        "actor": {"objectType": "Agent", "name": f"Clear Name {n}", "mbox": f"mailto:learner{n}@example.org"},
        "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[-1]}},
        "object": {"objectType": "Activity", "id": "https://lex.example.org/sessions/42",
                   "definition": {"type": "http://adlnet.gov/expapi/activities/meeting",
                                  "name": {"de-DE": "Kanban im Team"}}},
        "result": {"duration": "PT45M"},
        "timestamp": "2026-03-02T09:00:00.000Z", "stored": stored,
        "authority": {"objectType": "Agent", "name": "LRS", "mbox": "mailto:lrs@example.org"},
        **extra,
    }


def page(statements: list, more: str = "") -> Reply:
    return Reply({"statements": statements, "more": more})


def sync(engine, lrs, pseudonymise, **extra):
    return run_sync(engine, Xapi("lrs", config(lrs, **extra), pseudonymise, None))


def failure(engine, lrs, pseudonymise, **extra) -> str:
    with pytest.raises(SourceError) as caught:
        sync(engine, lrs, pseudonymise, **extra)
    with engine.connect() as conn:
        assert conn.execute(select(sync_runs.c.status).order_by(sync_runs.c.run_id.desc())).first()[0] == "failed"
        assert conn.execute(select(func.count()).select_from(events)).scalar() == 0
    return str(caught.value)


def test_pages_watermark_overlap_dedup_and_a_corrected_statement(engine, lrs, pseudonymise):
    # Newest first, as the specification orders them; statement 3 comes again on page 2 (the pages shifted).
    lrs.route(FIRST, page([statement(5, stored="2026-03-02T10:05:00.000Z"), statement(4), statement(3)],
                          "/xAPI/statements?cursor=p2"))
    lrs.route("/xAPI/statements?cursor=p2", page([statement(3), statement(2)],
                                                 lrs.root + "/xAPI/statements?cursor=p3"))  # absolute link
    lrs.route("/xAPI/statements?cursor=p3", page([statement(1, stored="2026-03-01T08:00:00.000Z")]))
    first = sync(engine, lrs, pseudonymise, page_size=3)
    assert (first.counts.read, first.counts.loaded, first.counts.duplicates) == (5, 5, 0)
    assert [q for path, q in lrs.requests] == [{"limit": ["3"]}, {"cursor": ["p2"]}, {"cursor": ["p3"]}]
    with engine.connect() as conn:
        state = json.loads(conn.execute(select(sync_state.c.state)).scalar())
    assert state["watermark"] == "2026-03-02T10:05:00.000000Z"
    assert state["last_run"] == {"pages": 3, "statements": 5, "repeats_skipped": 1}

    # The next run asks since the watermark minus the overlap; what comes again is a duplicate.
    lrs.requests.clear()
    lrs.route(FIRST, page([statement(5, stored="2026-03-02T10:05:00.000Z"), statement(4)]))
    second = sync(engine, lrs, pseudonymise, overlap_minutes=30)
    assert lrs.requests == [(FIRST, {"since": ["2026-03-02T09:35:00.000000Z"]})]
    assert (second.counts.read, second.counts.loaded, second.counts.duplicates) == (2, 0, 2)

    # A statement served again with a corrected result updates its event in place.
    lrs.route(FIRST, page([statement(4, result={"duration": "PT50M"})]))
    third = sync(engine, lrs, pseudonymise)
    assert (third.counts.read, third.counts.updated) == (1, 1)
    with engine.connect() as conn:
        assert conn.execute(select(events.c.duration_seconds)
                            .where(events.c.source_record_id.like("%000000000004"))).scalar() == 3000


def test_a_voiding_statement_removes_an_event_loaded_earlier(engine, lrs, pseudonymise):
    lrs.route(FIRST, page([statement(1), statement(2)]))
    sync(engine, lrs, pseudonymise)
    # The LRS no longer returns the voided statement 2, only the statement voiding it.
    voiding = statement(9, verb=ADL + "voided", stored="2026-03-03T12:00:00.000Z",
                        object={"objectType": "StatementRef", "id": statement(2)["id"]})
    lrs.route(FIRST, page([voiding]))
    result = sync(engine, lrs, pseudonymise)
    assert (result.counts.read, result.counts.loaded) == (1, 1)
    with engine.connect() as conn:
        assert conn.execute(select(events.c.source_record_id)).scalars().all() == [statement(1)["id"]]
        assert conn.execute(select(voided_records.c.voided_by)).scalars().all() == [voiding["id"]]


def test_unknown_verbs_load_as_other_and_statements_without_id_are_quarantined(engine, lrs, pseudonymise):
    no_id = statement(7)
    del no_id["id"]
    hashed = statement(8, actor={"objectType": "Agent", "name": "Clear Name 8",
                                 "mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"},
                       context={"instructor": {"name": "Clear Name 9", "mbox": "mailto:coach@example.org"}})
    lrs.route(FIRST, page([statement(1, verb="http://id.tincanapi.com/verb/bookmarked"), statement(2), no_id,
                           hashed, statement(3, result={"duration": "PT-5M"})]))
    result = sync(engine, lrs, pseudonymise)
    assert (result.counts.read, result.counts.loaded, result.counts.quarantined) == (5, 2, 3)
    with engine.connect() as conn:
        roles = dict(conn.execute(select(events.c.verb, events.c.role)).all())
        rejected = conn.execute(select(quarantine.c.location, quarantine.c.reason, quarantine.c.record)
                                .order_by(quarantine.c.location)).all()
    assert roles == {"bookmarked": "other", "attended": "learner"}
    assert [(r.location, r.reason) for r in rejected] == [
        ("page 1, statement 3", "statement has no id"),
        ("page 1, statement 4", "actor has no mbox or account; mbox_sha1sum and openid cannot be pseudonymised "
                                "with the organisation's key"),
        ("page 1, statement 5", "'PT-5M' is not an ISO 8601 duration"),
    ]
    assert not any(clear in r.record for r in rejected for clear in ("@example.org", "Clear Name", "ebd31e95"))


def test_401_names_the_credential_variables(sqlite_engine, lrs, pseudonymise, monkeypatch):
    monkeypatch.setenv("LRS_PASSWORD", "wrong")
    message = failure(sqlite_engine, lrs, pseudonymise)
    assert message.startswith("source 'lrs': ") and "(page 1): HTTP 401" in message
    assert "LRS_USER (username_env)" in message and "LRS_PASSWORD (password_env)" in message
    assert lrs.hits() == 1  # no retries on a wrong password


def test_missing_credential_variable_is_named(sqlite_engine, lrs, pseudonymise, monkeypatch):
    monkeypatch.delenv("LRS_PASSWORD")
    message = failure(sqlite_engine, lrs, pseudonymise)
    assert "password_env names the environment variable LRS_PASSWORD, which is not set" in message
    assert lrs.requests == []


def test_404_says_what_url_must_be(sqlite_engine, lrs, pseudonymise):
    message = failure(sqlite_engine, lrs, pseudonymise, url=lrs.root + "/lrs/xapi")
    assert "/lrs/xapi/statements (page 1): HTTP 404" in message
    assert "must be the LRS's xAPI base, the part before /statements" in message


def test_429_waits_as_retry_after_says_then_succeeds(sqlite_engine, lrs, pseudonymise):
    lrs.route(FIRST, Reply({"detail": "slow down"}, 429, {"Retry-After": "1"}), page([statement(1)]))
    result = sync(sqlite_engine, lrs, pseudonymise)
    # Coming back before Retry-After passed would have been rate-limited again: a third request.
    assert lrs.hits() == 2 and result.counts.loaded == 1


def test_500_is_retried_then_succeeds(sqlite_engine, lrs, pseudonymise):
    lrs.route(FIRST, Reply({"detail": "boom"}, 500), Reply({"detail": "boom"}, 503), page([statement(1)]))
    result = sync(sqlite_engine, lrs, pseudonymise)
    assert lrs.hits() == 3 and result.counts.loaded == 1


def test_persistent_500_fails_naming_the_page_and_keeps_nothing(sqlite_engine, lrs, pseudonymise):
    lrs.route(FIRST, page([statement(1)], "/xAPI/statements?cursor=p2"))
    lrs.route("/xAPI/statements?cursor=p2", Reply({"detail": "xAPI statements query failed"}, 500))
    message = failure(sqlite_engine, lrs, pseudonymise)
    assert "statements?cursor=p2 (page 2)" in message and "HTTP 500" in message and "sync again later" in message
    assert lrs.hits("/xAPI/statements?cursor=p2") == 3  # the first try and two retries


def test_a_timeout_is_retried_then_succeeds(sqlite_engine, lrs, pseudonymise):
    lrs.route(FIRST, Reply(page([statement(1)]).body, delay=1.5), page([statement(1)]))
    result = sync(sqlite_engine, lrs, pseudonymise, timeout_seconds=0.3)
    assert lrs.hits() == 2 and result.counts.loaded == 1


def test_persistent_timeouts_fail_with_a_clear_message(sqlite_engine, lrs, pseudonymise):
    lrs.route(FIRST, Reply(page([statement(1)]).body, delay=1))
    message = failure(sqlite_engine, lrs, pseudonymise, timeout_seconds=0.2, retries=1)
    assert "(page 1): unreachable after retries" in message and lrs.hits() == 2


def test_malformed_json_names_the_page(sqlite_engine, lrs, pseudonymise):
    lrs.route(FIRST, page([statement(1)], "/xAPI/statements?cursor=p2"))
    lrs.route("/xAPI/statements?cursor=p2", Reply('{"statements": [{"id": "6a1f0c2e-0000-4000-8000-0000'))
    message = failure(sqlite_engine, lrs, pseudonymise)
    assert "statements?cursor=p2 (page 2): the answer is not JSON" in message


def test_json_that_is_no_statement_result_names_the_page(sqlite_engine, lrs, pseudonymise):
    lrs.route(FIRST, Reply([statement(1)]))
    message = failure(sqlite_engine, lrs, pseudonymise)
    assert "page 1 (" in message and "not an xAPI StatementResult" in message and "xAPI base" in message


def test_a_more_link_that_loops_fails_naming_the_pages(sqlite_engine, lrs, pseudonymise):
    lrs.route(FIRST, page([statement(1)], "/xAPI/statements?cursor=p2"))
    lrs.route("/xAPI/statements?cursor=p2", page([statement(2)], "/xAPI/statements?cursor=p3"))
    lrs.route("/xAPI/statements?cursor=p3", page([statement(3)], "/xAPI/statements?cursor=p2"))
    message = failure(sqlite_engine, lrs, pseudonymise)
    assert "source 'lrs' (xapi): page 3 (" in message
    assert "its `more` link (/xAPI/statements?cursor=p2) points back to page 2: the paging loops" in message


def test_a_more_link_that_does_not_advance_fails(sqlite_engine, lrs, pseudonymise):
    lrs.route(FIRST, page([statement(1)], "/xAPI/statements?cursor=1"))
    for n in range(1, 4):
        lrs.route(f"/xAPI/statements?cursor={n}", page([statement(1)], f"/xAPI/statements?cursor={n + 1}"))
    message = failure(sqlite_engine, lrs, pseudonymise)
    assert "page 2 (" in message and "same 1 statements as on page 1" in message


@pytest.mark.parametrize("settings, problem", [
    ({"path": "exports/*.ndjson"}, "both `url` and `path` given"),
    ({"url": None}, "neither `url` nor `path` given"),
    ({"page_size": 0}, "setting `page_size`: 0 is not a whole number of at least 1"),
    ({"overlap_minutes": -5}, "setting `overlap_minutes`: -5 is not a number of at least 0"),
    ({"password_env": None}, "only one of the two is given"),
    ({"url": "lrs.example.org/xAPI"}, "'lrs.example.org/xAPI' is not an http(s) address"),
])
def test_settings_mistakes_are_named(sqlite_engine, lrs, pseudonymise, settings, problem):
    settings = {k: v for k, v in {**config(lrs), **settings}.items() if v is not None}
    with pytest.raises(SourceError, match="source 'lrs'") as caught:
        run_sync(sqlite_engine, Xapi("lrs", settings, pseudonymise, None))
    assert problem in str(caught.value)


def test_url_settings_are_refused_in_path_mode(sqlite_engine, pseudonymise, tmp_path):
    (tmp_path / "s.ndjson").write_text(json.dumps(statement(1)) + "\n")
    with pytest.raises(SourceError, match="page_size only apply to `url`"):
        run_sync(sqlite_engine, Xapi("lrs", {"path": "s.ndjson", "page_size": 10}, pseudonymise, tmp_path))


def test_a_changed_url_reads_everything_again(sqlite_engine, lrs, pseudonymise):
    lrs.route(FIRST, page([statement(1)]))
    sync(sqlite_engine, lrs, pseudonymise)
    moved = lrs.url.replace("127.0.0.1", "localhost")
    sync(sqlite_engine, lrs, pseudonymise, url=moved)
    assert [q for _, q in lrs.requests] == [{}, {}]  # no `since`: the watermark belonged to the old address
    later = datetime(2026, 3, 2, 10) - timedelta(minutes=60)
    sync(sqlite_engine, lrs, pseudonymise, url=moved)
    assert lrs.requests[-1][1] == {"since": [later.isoformat(timespec="microseconds") + "Z"]}
