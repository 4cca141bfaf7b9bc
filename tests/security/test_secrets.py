"""Secrets never reach the run log, quarantine, the command line's output or another server.

Every secret a sync holds gets a distinctive value here: the Moodle token (sent as `wstoken` in the query
string), the LRS's Basic-auth key and secret, the LEX API token, a calendar feed whose address is the secret,
its bearer token, the pseudonym key and the database password. Local servers then answer with every
failure a sync meets: 401, 403, 500, a web page where JSON belongs, Moodle's invalid-token answer, a
proxy page that echoes the request (query string and Authorization header included), a redirect or a
paging link to another host, an unreachable port. The secrets must appear nowhere.
"""

from __future__ import annotations

import base64
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from connectors import __main__ as cli
from connectors.lex import LexConnector
from data.db import make_engine
from data.schema import metadata
from tests.conftest import COMPANY, TEST_KEY

MOODLE_TOKEN = "moodle-token-Q7xK2pL9"
LRS_KEY, LRS_SECRET = "lrs-key-H4nB8vT1", "lrs-secret-Z3mW6rY0"
LEX_TOKEN = "lex-api-key-F5cJ9sD2"
FEED_SECRET = "feed-secret-P8gN1qV6"
FEED_TOKEN = "ical-bearer-R2tM7wX4"
DB_PASSWORD = "db-password-K1vS5nE3"
SECRETS = (MOODLE_TOKEN, LRS_KEY, LRS_SECRET, LEX_TOKEN, FEED_SECRET, FEED_TOKEN, TEST_KEY, DB_PASSWORD,
           base64.b64encode(f"{LRS_KEY}:{LRS_SECRET}".encode()).decode())


class Spy:
    """An HTTP server on 127.0.0.1 that answers by `mode` and records every request with its headers."""

    def __init__(self, host: str = "127.0.0.1"):
        self.mode, self.requests, self.other = "echo", [], None
        spy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                spy.requests.append((self.path, dict(self.headers)))
                status, headers, body = spy.answer(self.path, dict(self.headers))
                self.send_response(status)
                for name, value in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://{host}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def answer(self, path: str, headers: dict) -> tuple[int, dict, bytes]:
        echo = f"<html>Proxy error for GET {path}; Authorization: {headers.get('Authorization')}</html>"
        html = {"Content-Type": "text/html"}
        if self.mode == "echo":
            return 200, html, echo.encode()
        if self.mode in ("401", "403", "500"):
            return int(self.mode), {"Content-Type": "application/json"}, json.dumps({"detail": echo}).encode()
        if self.mode == "invalidtoken":  # Moodle's answer, here repeating the token it got
            token = parse_qs(urlsplit(path).query).get("wstoken", [""])[0]
            body = {"exception": "moodle_exception", "errorcode": "invalidtoken",
                    "message": f"Invalid token - token {token} not found"}
            return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()
        if self.mode == "redirect":
            return 302, {"Location": f"{self.other.url}/stolen"}, b""
        if self.mode == "more_elsewhere":  # an LRS whose paging link points at another host
            body = {"statements": [], "more": f"{self.other.url}/xAPI/statements?cursor=2"}
            return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()
        raise AssertionError(self.mode)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def spies():
    """The source's server on 127.0.0.1, and another host (localhost) that must never see a credential."""
    main, other = Spy(), Spy("localhost")
    other.mode = "echo"
    main.other = other
    yield main, other
    main.close()
    other.close()


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def sources(kind: str, url: str) -> str:
    if kind == "moodle":
        return f'name = "lms"\nkind = "moodle"\nurl = "{url}"\ntoken_env = "T_MOODLE"\nretries = 0\ntimeout = 5\n'
    if kind == "xapi":
        return (f'name = "lrs"\nkind = "xapi"\nurl = "{url}/xAPI"\nusername_env = "T_LRS_KEY"\n'
                'password_env = "T_LRS_SECRET"\nretries = 0\ntimeout_seconds = 5\n')
    if kind == "lex":
        return f'name = "lex"\nkind = "lex"\nurl = "{url}"\ntoken_env = "T_LEX"\n'
    if kind == "ical":
        return 'name = "cal"\nkind = "ical"\nurl_env = "T_FEED_URL"\ntoken_env = "T_FEED_TOKEN"\nretries = 0\n'
    raise AssertionError(kind)


def warehouse_text(db_url: str) -> str:
    """Every row of every table as text: the run log, quarantine, sync state, validation results, ..."""
    engine = make_engine(db_url)
    with engine.connect() as conn:
        text = "\n".join(str(row) for table in metadata.sorted_tables for row in conn.execute(select(table)))
    engine.dispose()
    return text


def sync(tmp_path: Path, monkeypatch, capsys, kind: str, url: str) -> tuple[list[dict], str, str]:
    db_url = f"sqlite:///{tmp_path / 'w.db'}"
    monkeypatch.setenv("DIRIGENT_DB_URL", db_url)
    for name, value in (("T_MOODLE", MOODLE_TOKEN), ("T_LRS_KEY", LRS_KEY), ("T_LRS_SECRET", LRS_SECRET),
                        ("T_LEX", LEX_TOKEN), ("T_FEED_URL", f"{url}/calendars/{FEED_SECRET}/basic.ics"),
                        ("T_FEED_TOKEN", FEED_TOKEN)):
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(LexConnector, "http_options", {"timeout": 5.0, "retries": 0, "backoff": 0})
    config = tmp_path / "sources.toml"
    config.write_text("[[source]]\n" + sources(kind, url), encoding="utf-8")
    code = cli.main(["sync", "--config", str(config), "--json"])
    out = capsys.readouterr()
    assert code == 1, out
    return json.loads(out.out), out.out + out.err, warehouse_text(db_url)


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        for value in SECRETS:
            assert value not in text, f"{value} leaked into: {text[:2000]}"


KINDS = ("moodle", "xapi", "lex", "ical")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("mode", ["echo", "401", "403", "500"])
def test_failing_servers_never_see_their_secrets_repeated(tmp_path, monkeypatch, capsys, spies, kind, mode):
    main, other = spies
    main.mode = mode
    results, output, warehouse = sync(tmp_path, monkeypatch, capsys, kind, main.url)
    assert results[0]["status"] == "failed" and results[0]["message"]
    assert main.requests, "the source was not asked at all"
    assert_no_secret(output, warehouse)
    assert "***" in output or mode != "echo" or kind == "ical"  # the echo was there, with the secret hidden


def test_moodles_invalid_token_answer_names_the_variable_not_the_token(tmp_path, monkeypatch, capsys, spies):
    main, _ = spies
    main.mode = "invalidtoken"
    results, output, warehouse = sync(tmp_path, monkeypatch, capsys, "moodle", main.url)
    assert "invalidtoken" in results[0]["message"] and "T_MOODLE" in results[0]["message"]
    assert_no_secret(output, warehouse)


@pytest.mark.parametrize("kind", KINDS)
def test_an_unreachable_source_says_so_without_its_secrets(tmp_path, monkeypatch, capsys, kind):
    results, output, warehouse = sync(tmp_path, monkeypatch, capsys, kind, closed_port_url())
    assert "unreachable" in results[0]["message"]
    assert_no_secret(output, warehouse)


@pytest.mark.parametrize("kind", KINDS)
def test_credentials_do_not_follow_a_redirect_to_another_host(tmp_path, monkeypatch, capsys, spies, kind):
    main, other = spies
    main.mode = "redirect"
    results, output, warehouse = sync(tmp_path, monkeypatch, capsys, kind, main.url)
    assert other.requests, "the redirect was not followed at all"
    assert_no_secret(output, warehouse, repr(other.requests))


def test_an_lrs_paging_link_to_another_host_is_refused_not_followed(tmp_path, monkeypatch, capsys, spies):
    main, other = spies
    main.mode = "more_elsewhere"
    results, output, warehouse = sync(tmp_path, monkeypatch, capsys, "xapi", main.url)
    assert not other.requests
    assert "is on another server than http://127.0.0.1" in results[0]["message"]
    assert "credentials" in results[0]["message"]
    assert_no_secret(output, warehouse)


@pytest.mark.parametrize("url", [f"postgresql+psycopg://dirigent:{DB_PASSWORD}@127.0.0.1:1/dirigent",
                                 f"postgresql+psycopg://dirigent:{DB_PASSWORD}@127.0.0.1:notaport/dirigent",
                                 f"postgresql+nosuchdriver://dirigent:{DB_PASSWORD}@127.0.0.1/dirigent",
                                 f"not a url {DB_PASSWORD}"])
def test_the_database_password_is_never_printed(monkeypatch, capsys, url):
    monkeypatch.setenv("DIRIGENT_DB_URL", url)
    assert cli.main(["sync", "--config", str(COMPANY / "sources.toml")]) == 2
    out = capsys.readouterr()
    assert "cannot be opened" in out.err and "DIRIGENT_DB_URL" in out.err and "Traceback" not in out.err
    assert_no_secret(out.out, out.err)


def test_the_metrics_command_does_not_print_the_database_password(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "DIRIGENT_DB_URL": f"postgresql+psycopg://dirigent:{DB_PASSWORD}@127.0.0.1:1/dirigent"}
    done = subprocess.run([sys.executable, "-m", "metrics", "show", "P1", "--period", "2026-01"], env=env,
                          cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert_no_secret(done.stdout, done.stderr)


def test_a_successful_sync_stores_no_secret(tmp_path, monkeypatch, capsys):
    """The company's files synced: the key pseudonymises, and appears in no table and no output."""
    db_url = f"sqlite:///{tmp_path / 'w.db'}"
    monkeypatch.setenv("DIRIGENT_DB_URL", db_url)
    assert cli.main(["sync", "--config", str(COMPANY / "sources.toml"), "--json"]) == 0
    out = capsys.readouterr()
    assert_no_secret(out.out, out.err, warehouse_text(db_url))


def test_the_dashboard_shows_no_database_password_when_the_warehouse_is_unreachable(monkeypatch):
    from tests.dashboard.conftest import run_app

    monkeypatch.setenv("DIRIGENT_DB_URL", f"postgresql+psycopg://dirigent:{DB_PASSWORD}@127.0.0.1:1/dirigent")
    app = run_app()
    shown = [e.message for e in app.exception] + ["\n".join(e.stack_trace) for e in app.exception]
    shown += [e.value for kind in (app.error, app.warning, app.info, app.markdown, app.caption) for e in kind]
    assert app.exception or app.error, "the page says that something is wrong"
    assert_no_secret(*shown)
