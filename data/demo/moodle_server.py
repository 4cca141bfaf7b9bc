"""The demo LMS: answers Moodle's REST web services from the files `export_moodle` wrote, as Moodle does.

    python -m data.demo.moodle_server --dir DIR/moodle --port 8765 [--host 127.0.0.1] [--token TOKEN]

The token defaults to the environment variable DIRIGENT_DEMO_MOODLE_TOKEN. Only the standard library is used.
Like Moodle, it answers errors with HTTP 200 and {"exception", "errorcode", "message"}: `invalidtoken` for a
missing or wrong token, `invalidrecord` for an unknown function or course, `invalidparameter` for a missing
parameter, `usernotenroled` for completion of a user not enrolled in the course. Enrolled users are paged by
the options limitfrom/limitnumber (sorted by sortby id and sortdirection), courses filtered by options[ids].
JSON is encoded as PHP's json_encode does (non-ASCII as \\uXXXX, slashes as \\/).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import threading
from collections import OrderedDict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

ENDPOINT = "/webservice/rest/server.php"
TOKEN_ENV = "DIRIGENT_DEMO_MOODLE_TOKEN"
FUNCTIONS = ("core_course_get_courses", "core_course_get_categories", "core_enrol_get_enrolled_users",
             "core_completion_get_course_completion_status", "core_completion_get_activities_completion_status")
INVALID_TOKEN = {"exception": "moodle_exception", "errorcode": "invalidtoken", "message": "Invalid token - token not found"}
NO_FUNCTION = {"exception": "dml_missing_record_exception", "errorcode": "invalidrecord",
               "message": "Can't find data record in database table external_functions."}
NO_COURSE = {"exception": "dml_missing_record_exception", "errorcode": "invalidrecord",
             "message": "Can't find data record in database table course."}
INVALID_PARAMETER = {"exception": "invalid_parameter_exception", "errorcode": "invalidparameter",
                     "message": "Invalid parameter value detected"}
NOT_ENROLLED = {"exception": "moodle_exception", "errorcode": "usernotenroled",
                "message": "User is not enrolled in this course"}


def php_json(value) -> bytes:
    """JSON as PHP's json_encode writes it."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/").encode("ascii")


class Site:
    """The answers on disk, loaded per function and course on first use; the most recently used ones are kept.

    A sync asks course by course, so a few courses' answers in memory serve it; the 300,000-employee company's
    answers would not fit. They are kept as read and encoded per call: encoding a whole course's answers on
    first use held up every call while it ran."""

    KEPT = 8  # (function, course) answers in memory

    def __init__(self, folder: Path, token: str):
        self.root, self.token = Path(folder) / "responses", token
        if not (self.root / "core_course_get_courses" / "all.json").is_file():
            raise FileNotFoundError(f"{folder}: no Moodle answers (responses/core_course_get_courses/all.json); "
                                    "generate them with python -m data.demo --out DIR and pass --dir DIR/moodle")
        self.cache: OrderedDict[tuple[str, str], object] = OrderedDict()
        self.lock = threading.Lock()

    def _load(self, function: str, key: str):
        with self.lock:
            if (function, key) in self.cache:
                self.cache.move_to_end((function, key))
                return self.cache[function, key]
            path = self.root / function / f"{key}.json"
            value = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
            self.cache[function, key] = value
            if len(self.cache) > self.KEPT:
                self.cache.popitem(last=False)
            return value

    def answer(self, query: dict[str, str]) -> bytes:
        if query.get("wstoken") != self.token:
            return php_json(INVALID_TOKEN)
        function = query.get("wsfunction", "")
        if function not in FUNCTIONS:
            return php_json(NO_FUNCTION)
        if function == "core_course_get_categories":
            return php_json(self._load(function, "all"))
        if function == "core_course_get_courses":
            courses = self._load(function, "all")
            ids = {int(v) for k, v in query.items() if re.fullmatch(r"options\[ids\]\[\d+\]", k) and v.isdigit()}
            return php_json([c for c in courses if not ids or c["id"] in ids])
        course = query.get("courseid", "")
        if not course.isdigit():
            return php_json(INVALID_PARAMETER)
        if function == "core_enrol_get_enrolled_users":
            return self._enrolled(course, query)
        user = query.get("userid", "")
        if not user.isdigit():
            return php_json(INVALID_PARAMETER)
        answers = self._load(function, f"courseid={course}")
        if answers is None:
            return php_json(NO_COURSE)
        answer = answers.get(user, answers.get("*"))
        return php_json(NOT_ENROLLED if answer is None else answer)

    def _enrolled(self, course: str, query: dict[str, str]) -> bytes:
        users = self._load("core_enrol_get_enrolled_users", f"courseid={course}")
        if users is None:
            return php_json(NO_COURSE)
        options = {query[f"options[{i}][name]"]: query.get(f"options[{i}][value]", "")
                   for i in range(20) if f"options[{i}][name]" in query}
        try:
            start, number = int(options.get("limitfrom", 0)), int(options.get("limitnumber", 0))
        except ValueError:
            return php_json(INVALID_PARAMETER)
        if options.get("sortdirection", "ASC").upper() == "DESC":
            users = users[::-1]
        return php_json(users[start:start + number] if number > 0 else users[start:])


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the web server in front of Moodle does
        disable_nagle_algorithm = True
        server_version = "Apache"
        sys_version = ""

        def do_GET(self):
            self._serve(urlsplit(self.path).query)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            query = urlsplit(self.path).query
            self._serve("&".join(q for q in (query, body) if q))

        def _serve(self, query_text: str) -> None:
            if urlsplit(self.path).path != ENDPOINT:
                return self._send(404, b"<html><body><h1>Not Found</h1></body></html>", "text/html")
            query = dict(parse_qsl(query_text, keep_blank_values=True))
            if query.get("moodlewsrestformat", "xml") != "json":
                xml = (b'<?xml version="1.0" encoding="UTF-8" ?>\n<EXCEPTION class="invalid_parameter_exception">\n'
                       b"<ERRORCODE>invalidparameter</ERRORCODE>\n<MESSAGE>This demo site answers "
                       b"moodlewsrestformat=json only</MESSAGE>\n</EXCEPTION>\n")
                return self._send(200, xml, "application/xml; charset=utf-8")
            self._send(200, site.answer(query), "application/json; charset=utf-8")

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args):
            pass

    return Handler


class MoodleServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def make_server(folder: Path, token: str, host: str = "127.0.0.1", port: int = 0) -> MoodleServer:
    """A server answering from `folder` (port 0: a free one); call serve_forever() and shutdown()."""
    return MoodleServer((host, port), _handler(Site(folder, token)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.demo.moodle_server",
                                     description="Serve the demo company's Moodle web services.")
    parser.add_argument("--dir", required=True, type=Path, help="the moodle folder of the generated exports")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--token", default=os.environ.get(TOKEN_ENV), help=f"web service token (default: ${TOKEN_ENV})")
    args = parser.parse_args(argv)
    if not args.token:
        parser.error(f"give --token or set {TOKEN_ENV}")
    try:
        server = make_server(args.dir, args.token, args.host, args.port)
    except (FileNotFoundError, OSError) as exc:
        print(f"moodle_server: {exc}", file=sys.stderr)
        return 1
    print(f"Demo Moodle at http://{args.host}:{server.server_address[1]}{ENDPOINT}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
