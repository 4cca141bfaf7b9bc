"""Moodle web services over REST: calls, paging of enrolled users, and Moodle's own error answers.

Moodle answers errors with HTTP 200 and a body `{"exception": ..., "errorcode": ..., "message": ...}`.
Errors that concern the whole source (the token, the service's functions, the token user's
capabilities) raise SourceError; the others raise MoodleError for the caller to quarantine.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from connectors.base import SourceError
from connectors.http import HttpClient

ENDPOINT = "/webservice/rest/server.php"
TOKEN_ERRORS = {"invalidtoken", "invalidtimedtoken", "invalidiptoken", "invalidtokensession"}
SERVICE_ERRORS = {"accessexception", "servicerequireslogin", "servicenotavailable"}
CAPABILITY_ERRORS = {"nopermissions", "requireloginerror"}
FUNCTIONS = (
    "core_course_get_courses",
    "core_course_get_categories",
    "core_enrol_get_enrolled_users",
    "core_completion_get_course_completion_status",
    "core_completion_get_activities_completion_status",
)


class MoodleError(Exception):
    """An error Moodle reported about one call (HTTP 200 with `exception`)."""

    def __init__(self, function: str, errorcode: str, message: str):
        super().__init__(f"{function}: {errorcode}: {message}")
        self.function, self.errorcode, self.message = function, errorcode, message

    def __reduce__(self):  # from a worker process (connectors/moodle_fetch.py) back to the sync's
        return MoodleError, (self.function, self.errorcode, self.message)


def php_params(value: Any, prefix: str = "") -> dict[str, str]:
    """Nested lists and dicts as PHP form fields: options[0][name]=limitfrom, options[ids][0]=12."""
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, (list, tuple)):
        items = enumerate(value)
    else:
        return {prefix: str(int(value)) if isinstance(value, bool) else str(value)}
    fields: dict[str, str] = {}
    for key, inner in items:
        fields.update(php_params(inner, f"{prefix}[{key}]" if prefix else str(key)))
    return fields


class MoodleApi:
    """The web service functions the connector calls, for one site and token."""

    def __init__(self, source: str, url: str, token: str, token_env_name: str, *, timeout: float = 30,
                 retries: int = 5, backoff: float = 0.5):
        self.source, self.token, self.token_env_name = source, token, token_env_name
        self.url, self.endpoint = url, url.rstrip("/") + ENDPOINT
        self._client_options = {"timeout": timeout, "retries": retries, "backoff": backoff}
        self._local = threading.local()  # one requests session per worker thread

    def arguments(self) -> tuple:
        """What builds the same API in a worker process: positional arguments, then `options()`."""
        return self.source, self.url, self.token, self.token_env_name

    def options(self) -> dict:
        return dict(self._client_options)

    def call(self, function: str, params: dict | None = None, where: str = "") -> Any:
        """One web service call; Moodle's error answers become SourceError or MoodleError."""
        client = getattr(self._local, "client", None)
        if client is None:
            client = self._local.client = HttpClient(self.source, **self._client_options)
        query = {"wstoken": self.token, "wsfunction": function, "moodlewsrestformat": "json",
                 **php_params(params or {})}
        place = function + (f", {where}" if where else "")
        body = client.get_json(self.endpoint, query, where=place)
        if isinstance(body, dict) and "exception" in body:
            error = MoodleError(function, str(body.get("errorcode") or body["exception"]), str(body.get("message", "")))
            self._raise_if_source_wide(error, place)
            raise error
        return body

    def _raise_if_source_wide(self, error: MoodleError, place: str) -> None:
        said = f"Moodle answered {error.errorcode} ('{error.message}')"
        env = self.token_env_name
        if error.errorcode in TOKEN_ERRORS:
            todo = (f"Create a web service token in Moodle (Site administration > Server > Web services > "
                    f"Manage tokens) and put it into the environment variable {env}, which the setting "
                    f"token_env names.")
        elif error.errorcode in SERVICE_ERRORS:
            todo = (f"The external service of the token (from the environment variable {env}, setting token_env) "
                    f"must offer {error.function} and authorise the token's user: Site administration > Server > "
                    f"Web services > External services > Functions / Authorised users. The connector needs: "
                    f"{', '.join(FUNCTIONS)}.")
        elif error.errorcode in CAPABILITY_ERRORS:
            todo = (f"The token's user (token_env: {env}) lacks a capability Moodle asks for; give its role the "
                    f"capability named in the message, at site level.")
        elif error.errorcode == "sitemaintenance":
            todo = "The site is in maintenance mode; sync again when it is back."
        else:
            return
        raise SourceError(f"source '{self.source}': {self.endpoint} ({place}): {said}. {todo}")

    def courses(self, ids: list[int] | None = None) -> list[dict]:
        params = {"options": {"ids": ids}} if ids else {}
        return self._list(self.call("core_course_get_courses", params), "core_course_get_courses")

    def categories(self) -> list[dict]:
        function = "core_course_get_categories"
        return self._list(self.call(function, {"addsubcategories": 1}), function)

    def enrolled_user_pages(self, course_id: int, page_size: int) -> Iterator[tuple[int, list[dict]]]:
        """(limitfrom, users) page by page, sorted by user id, until a short page; a page that repeats stops."""
        function, start, seen = "core_enrol_get_enrolled_users", 0, set()
        while True:
            where = f"course {course_id}, limitfrom {start}"
            options = [{"name": "limitfrom", "value": start}, {"name": "limitnumber", "value": page_size},
                       {"name": "sortby", "value": "id"}, {"name": "sortdirection", "value": "ASC"}]
            users = self._list(self.call(function, {"courseid": course_id, "options": options}, where), function)
            ids = {u.get("id") for u in users if isinstance(u, dict)}
            if users and ids <= seen:
                raise SourceError(f"source '{self.source}': {self.endpoint} ({function}, {where}): the page repeats "
                                  f"users already read, so paging does not advance. The site ignores "
                                  f"limitfrom/limitnumber (a plugin or proxy changes the call?); ask its "
                                  f"administrator.")
            seen |= ids
            yield start, users
            if len(users) < page_size:
                return
            start += page_size

    def course_completion(self, course_id: int, user_id: int, where: str) -> dict:
        function = "core_completion_get_course_completion_status"
        body = self.call(function, {"courseid": course_id, "userid": user_id}, where)
        return self._dict(body, function, "completionstatus")

    def activities_completion(self, course_id: int, user_id: int, where: str) -> dict:
        function = "core_completion_get_activities_completion_status"
        body = self.call(function, {"courseid": course_id, "userid": user_id}, where)
        return self._dict(body, function, "statuses")

    def _list(self, body: Any, function: str) -> list[dict]:
        if not isinstance(body, list):
            raise SourceError(f"source '{self.source}': {self.endpoint} ({function}): expected a list, got "
                              f"{type(body).__name__}. Check that `url` is the Moodle site root and the site runs "
                              f"Moodle 3.x or newer.")
        return body

    @staticmethod
    def _dict(body: Any, function: str, key: str) -> dict:
        if not isinstance(body, dict) or key not in body:
            raise MoodleError(function, "unexpectedanswer", f"the answer has no '{key}'")
        return body
