"""HttpClient's shortcuts past requests' per-call work keep what requests would have done."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from requests.models import RequestEncodingMixin

from connectors.base import SourceError
from connectors.http import HttpClient, encode_query
from tests.support.ralph import free_port


class _Recorder(BaseHTTPRequestHandler):
    """Answers every GET with JSON naming the request target it got (a proxy gets the whole address) and, with
    `headers`, the headers; /cookie sets a cookie, /moved redirects to /api, /page answers HTML."""

    def do_GET(self):
        if self.path.startswith("/moved"):
            self.send_response(302)
            self.send_header("Location", "/api?after=redirect")
            self.send_header("Content-Length", "0")
            return self.end_headers()
        if self.path.startswith("/page"):  # a web page, not JSON, that shows the address it was asked for
            body = f"<html>{self.path}</html>".encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return self.wfile.write(body)
        answer = {"target": self.path}
        if "headers" in self.path:
            answer["headers"] = sorted((k.lower(), v) for k, v in self.headers.items())
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if self.path.startswith("/cookie"):
            self.send_header("Set-Cookie", "session=abc; Path=/")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("params", [
    {},
    {"wstoken": "abc", "wsfunction": "core_enrol_get_enrolled_users", "options[0][name]": "limitfrom", "courseid": 7},
    {"text": "Grüße a/b&c=d e+f", "several": [1, "2", None], "none": None, "yes": True, "raw": b"x y", "pair": (3, 4),
     "number": 1.5, "empty": ""},
])
def test_the_query_is_encoded_as_requests_encodes_it(params):
    assert encode_query(params) == RequestEncodingMixin._encode_params(params)


def test_query_parameters_reach_the_server_next_to_those_in_the_address(recorder):
    body = HttpClient("test", retries=0).get_json(recorder + "/api?fixed=1", {"a": "x y", "b": [1, 2], "c": None})
    assert body == {"target": "/api?fixed=1&a=x+y&b=1&b=2"}


@pytest.mark.parametrize("address", ["/api", "/api?fixed=1", "/a%20b/c d?x=%C3%A4&y", "/api?"])
@pytest.mark.parametrize("params", [None, {}, {"q": "ä ö/&", "n": [1, 2], "none": None}])
def test_every_call_sends_what_requests_would_send(recorder, address, params):
    client, plain = HttpClient("test", retries=0, headers={"X-Api-Key": "k-123456"}, auth=("user", "passw0rd")), \
        requests.Session()
    for _ in range(2):  # the second call reuses the request prepared for the first
        got = client.get_json(recorder + address, {**(params or {}), "headers": 1} if params is not None else params)
    expected = plain.get(recorder + address, params={**(params or {}), "headers": 1} if params is not None else None,
                         headers={**client.session.headers}, auth=("user", "passw0rd")).json()
    assert got == expected


def test_a_cookie_the_server_sets_is_sent_back_and_a_redirect_is_followed(recorder):
    client = HttpClient("test", retries=0)
    assert client.get_json(recorder + "/moved", {"page": 1}) == {"target": "/api?after=redirect"}
    assert "cookie" not in dict(client.get_json(recorder + "/api", {"headers": 1})["headers"])
    client.get_json(recorder + "/cookie")
    assert dict(client.get_json(recorder + "/api", {"headers": 1})["headers"])["cookie"] == "session=abc"


def test_a_token_the_server_echoes_is_hidden_on_every_call(recorder):
    client = HttpClient("test", retries=0)
    for call in range(2):  # the second call's token is one the client already knows
        with pytest.raises(SourceError, match="not JSON") as failed:
            client.get_json(recorder + "/page", {"wstoken": "t0ken-s3cret", "call": call})
        assert "t0ken-s3cret" not in str(failed.value) and "wstoken=***" in str(failed.value)


def test_the_environment_s_proxy_is_used_on_every_call(recorder, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", recorder)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = HttpClient("test", retries=0)
    for page in (1, 2):  # the second call takes the proxy settings read on the first
        assert client.get_json("http://lms.example.invalid/api", {"page": page}) == {
            "target": f"http://lms.example.invalid/api?page={page}"}


def test_no_proxy_sends_the_call_past_the_proxy(recorder, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{free_port()}")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    client = HttpClient("test", retries=0)
    with pytest.raises(SourceError, match="unreachable"):  # a server not in NO_PROXY: the proxy, which does not answer
        client.get_json("http://lms.example.invalid/api")
    for _ in range(2):
        assert client.get_json(recorder + "/api") == {"target": "/api"}


def test_the_environment_s_ca_bundle_is_used(monkeypatch, tmp_path):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "bundle.pem"))
    session = HttpClient("test").session
    for _ in range(2):
        assert session.merge_environment_settings("https://lms.example.org/x", {}, None, None, None)["verify"] == \
            str(tmp_path / "bundle.pem")
    assert session.merge_environment_settings("https://lms.example.org/x", {}, None, False, None)["verify"] is False
