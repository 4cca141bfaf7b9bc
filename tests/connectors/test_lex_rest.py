"""The LEX connector over REST, against a local HTTP server that answers as docs/connectors/lex.md specifies:
cursor pages, bearer auth, updated_since, lookups by id, and the faults a real server produces."""

from __future__ import annotations

import base64
import json
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from connectors.base import SourceError
from connectors.lex import LexConnector
from connectors.lex_mapping import ENTITIES
from data.loading import Record, Rejected, run_sync
from data.schema import events, metadata, sync_runs
from tests.connectors.test_lex import BUNDLE, CLEAR_TEXT, EXPECTED_ROWS, counts, rows

TOKEN = "lex-test-token-7f3a"


class LexApi:
    """The platform's side: the fixture bundle's records, paged by an opaque cursor, plus injected faults."""

    def __init__(self):
        self.records = {entity: [json.loads(line) for line in (BUNDLE / f"{entity}.jsonl").read_text("utf-8")
                                 .splitlines()] for entity in ENTITIES}
        self.log: list[tuple[str, dict, str | None]] = []
        self.faults: dict[str, list[tuple[int, str, dict]]] = {}  # path -> answers given once each, in order
        self.looping: str | None = None  # an entity whose second page names itself as next page
        self.delay = 0.0
        self.url = ""

    def answer(self, path: str, params: dict, authorization: str | None) -> tuple[int, str, dict]:
        self.log.append((path, params, authorization))
        time.sleep(self.delay)
        if self.faults.get(path):
            return self.faults[path].pop(0)
        if authorization != f"Bearer {TOKEN}":
            return 401, json.dumps({"error": "invalid_token"}), {"WWW-Authenticate": 'Bearer error="invalid_token"'}
        parts = path.split("/")
        if path.startswith("/api/v1/") and len(parts) in (4, 5) and parts[3] in self.records:
            if len(parts) == 5:
                found = [r for r in self.records[parts[3]] if str(r["id"]) == parts[4]]
                return (200, json.dumps({"data": found[0]}), {}) if found else (404, '{"error": "not_found"}', {})
            return 200, json.dumps(self.page(parts[3], params)), {}
        return 404, json.dumps({"error": "not_found"}), {}

    def page(self, entity: str, params: dict) -> dict:
        since = params.get("updated_since")
        selected = sorted((r for r in self.records[entity] if not since or _utc(r["updated_at"]) >= _utc(since)),
                          key=lambda r: (_utc(r.get("updated_at", "1970-01-01T00:00:00Z")), str(r["id"])))
        cursor = params.get("cursor")
        offset = int(base64.urlsafe_b64decode(cursor)) if cursor else 0
        end = offset + int(params.get("limit", 100))
        following = base64.urlsafe_b64encode(str(end).encode()).decode() if end < len(selected) else None
        if self.looping == entity and cursor:
            following = cursor
        return {"data": selected[offset:end], "next_cursor": following}


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        status, body, headers = self.server.api.answer(url.path, params, self.headers.get("Authorization"))
        payload = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", headers.pop("Content-Type", "application/json"))
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def api(monkeypatch):
    monkeypatch.setenv("LEX_TOKEN", TOKEN)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.api = LexApi()
    server.api.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.api
    server.shutdown()
    server.server_close()


class FastLex(LexConnector):
    """The connector with the short timeouts and no backoff a test needs; the production defaults wait longer."""

    http_options = {"timeout": 2.0, "retries": 2, "backoff": 0}


def rest(api: LexApi, pseudonymise, **config) -> FastLex:
    return FastLex("lex-api", {"url": api.url, "token_env": "LEX_TOKEN", "page_size": 2, **config},
                   pseudonymise, BUNDLE)


def listing(api: LexApi, entity: str) -> list[dict]:
    return [params for path, params, _ in api.log if path == f"/api/v1/{entity}"]


def test_full_sync_follows_every_cursor_page(engine, pseudonymise, api):
    connector = rest(api, pseudonymise)
    assert counts(run_sync(engine, connector)) == (70, 70, 0, 0, 0)
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name in EXPECTED_ROWS:
                assert conn.execute(select(func.count()).select_from(table)).scalar() == EXPECTED_ROWS[table.name]
    pages = listing(api, "sessions")
    assert [p.get("cursor") is None for p in pages] == [True, False, False]  # 5 sessions, 2 a page
    assert all(p["limit"] == "2" and "updated_since" not in p for p in pages)
    assert {auth for _, _, auth in api.log} == {f"Bearer {TOKEN}"}
    state = connector.next_state()
    assert state["streams"]["sessions"] == "2026-11-18T12:00:00Z"
    assert state["pending_sessions"] == {"105": "2099-12-01T08:00:00Z"}


def test_second_sync_asks_for_updates_only_and_loads_nothing(engine, pseudonymise, api):
    run_sync(engine, rest(api, pseudonymise))
    api.log.clear()
    read, loaded, updated, duplicates, quarantined = counts(run_sync(engine, rest(api, pseudonymise)))
    assert (loaded, updated, quarantined) == (0, 0, 0) and read == duplicates
    assert listing(api, "sessions")[0]["updated_since"] == "2026-11-18T11:55:00Z"  # watermark minus overlap


def test_corrected_attendance_updates_in_place_and_finds_its_session_by_id(sqlite_engine, pseudonymise, api):
    run_sync(sqlite_engine, rest(api, pseudonymise))
    corrected = next(r for r in api.records["registrations"] if r["id"] == "R2")
    corrected.update(minutes_attended=80, updated_at="2026-11-20T07:00:00Z")
    read, loaded, updated, duplicates, quarantined = counts(run_sync(sqlite_engine, rest(api, pseudonymise)))
    assert (loaded, updated, quarantined) == (0, 1, 0)
    assert ("/api/v1/sessions/101", {}, f"Bearer {TOKEN}") in api.log
    attended = {e["source_record_id"]: e for e in rows(sqlite_engine, events)}["registration:R2:attendance"]
    assert attended["duration_seconds"] == 4800.0


def test_new_reply_to_an_old_post_finds_its_author_by_id(sqlite_engine, pseudonymise, api):
    run_sync(sqlite_engine, rest(api, pseudonymise))
    api.records["forum_posts"].append({"id": "p6", "thread_id": "t1", "reply_to": "p2", "author": {"employee_no": "2"},
                                       "created_at": "2026-11-20T08:00:00Z", "updated_at": "2026-11-20T08:00:00Z"})
    assert counts(run_sync(sqlite_engine, rest(api, pseudonymise)))[1] == 1
    reply = {e["source_record_id"]: e for e in rows(sqlite_engine, events)}["forum:p6"]
    assert reply["counterpart_id"] == pseudonymise("employee_no", "1")
    assert any(path == "/api/v1/forum_posts/p2" for path, _, _ in api.log)


def test_a_session_that_started_since_the_last_sync_counts_its_hosts(pseudonymise, api):
    watermarks = {entity: "2026-11-21T00:00:00Z" for entity in ENTITIES}
    connector = rest(api, pseudonymise)
    items = list(connector.read({"streams": watermarks, "pending_sessions": {"101": "2026-10-05T07:00:00Z"}}))
    assert [i.location for i in items] == ["sessions '101' looked up by id (started since)"] * 3
    assert sorted(i.row.values.get("verb", "") for i in items) == ["", "co-hosted", "hosted"]
    assert connector.next_state()["pending_sessions"] == {}


def test_record_without_updated_at_is_quarantined(pseudonymise, api):
    del api.records["news"][0]["updated_at"]
    items = list(rest(api, pseudonymise).read({}))
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert [(r.location, r.reason) for r in rejected] == [(
        "news page 1 record 1", "required field updated_at is missing (over REST every record needs "
                                "updated_at for the incremental sync)")]
    assert "anna.mueller" not in rejected[0].record
    assert sum(isinstance(i, Record) for i in items) == 66  # 70 less the news item and its event, less 2 voids


def test_no_clear_text_identifier_reaches_the_warehouse(sqlite_engine, pseudonymise, api):
    run_sync(sqlite_engine, rest(api, pseudonymise))
    with sqlite_engine.connect() as conn:
        stored = " ".join(str(v) for table in metadata.sorted_tables
                          for row in conn.execute(select(table)) for v in row)
    assert [text for text in CLEAR_TEXT if text.lower() in stored.lower()] == []
    assert TOKEN not in stored


def test_500_is_retried_and_429_waits_for_retry_after(sqlite_engine, pseudonymise, api):
    api.faults["/api/v1/sessions"] = [(500, '{"error": "internal"}', {})]
    api.faults["/api/v1/registrations"] = [(429, '{"error": "slow down"}', {"Retry-After": "1"})]
    started = time.monotonic()
    assert counts(run_sync(sqlite_engine, rest(api, pseudonymise))) == (70, 70, 0, 0, 0)
    assert time.monotonic() - started >= 1.0
    assert len(listing(api, "sessions")) == 4 and len(listing(api, "registrations")) == 4


@pytest.mark.parametrize("fault, message", [
    ({"token": "wrong"}, "sessions page 1): HTTP 401 Unauthorized. Check the credentials"),
    ({"url": "/lex"}, "sessions page 1): HTTP 404 Not Found. Check `url`"),
    ({"always": (503, '{"error": "maintenance"}', {})}, "sessions page 1): HTTP 503"),
    ({"once": (200, "<html><body>Anmeldung</body></html>", {"Content-Type": "text/html"})},
     "sessions page 1): the answer is not JSON"),
    ({"once": (200, '{"items": []}', {})}, "sessions page 1): the answer has no 'data' list"),
    ({"looping": "sessions"},
     "(sessions page 2): next_cursor 'Mg==' was already followed after page 1: the paging loops"),
    ({"delay": 0.8}, "sessions page 1): unreachable after retries (ConnectionError)"),
    ({"token_env": "LEX_TOKEN_MISSING"},
     "token_env names the environment variable LEX_TOKEN_MISSING, which is not set"),
    ({"page_size": 5000}, "page_size: 5000 is outside 1 to 1000"),
])
def test_http_faults_stop_with_a_clear_message_and_write_nothing(sqlite_engine, pseudonymise, api, monkeypatch,
                                                                 fault, message):
    config = {}
    if "token" in fault:
        monkeypatch.setenv("LEX_TOKEN", fault["token"])
    if "url" in fault:
        config["url"] = api.url + fault["url"]
    if "always" in fault:
        api.faults["/api/v1/sessions"] = [fault["always"]] * 10
    if "once" in fault:
        api.faults["/api/v1/sessions"] = [fault["once"]]
    api.looping, api.delay = fault.get("looping"), fault.get("delay", 0.0)
    config.update({k: v for k, v in fault.items() if k in ("token_env", "page_size")})
    connector = rest(api, pseudonymise, **config)
    connector.http_options = {"timeout": 0.3, "retries": 1, "backoff": 0}
    with pytest.raises(SourceError) as error:
        run_sync(sqlite_engine, connector)
    assert message in str(error.value) and "source 'lex-api'" in str(error.value)
    assert rows(sqlite_engine, events) == [] and rows(sqlite_engine, sync_runs)[0]["status"] == "failed"
