"""Statements from a live xAPI 1.0.3 LRS: GET statements, `more` pages, a `since` watermark with overlap.

The reader relies on neither the order of the statements nor on what an LRS's `since` filters
on (the specification says `stored`; Ralph, for one, filters on `timestamp`): it asks for
everything stored since the newest `stored` seen minus an overlap, passes each statement id
on once per run, and leaves re-sent statements to the loader's primary key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urljoin

from connectors.base import SourceError
from connectors.http import HttpClient, secret
from connectors.xapi_mapping import parse_timestamp

XAPI_VERSION = "1.0.3"
HEADERS = {"X-Experience-API-Version": XAPI_VERSION, "Accept": "application/json"}
URL_SETTINGS = ("username_env", "password_env", "overlap_minutes", "page_size", "timeout_seconds", "retries",
                "backoff_seconds")

Fail = Callable[[str, str, str], SourceError]


@dataclass(frozen=True)
class LrsSettings:
    """The settings of the `url` mode, checked."""

    url: str
    username_env: str | None = None
    password_env: str | None = None
    overlap_minutes: float = 60
    page_size: int | None = None
    timeout_seconds: float = 30
    retries: int = 5
    backoff_seconds: float = 0.5

    @classmethod
    def from_config(cls, config: dict, fail: Fail) -> LrsSettings:
        url = config["url"]
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise fail("setting `url`", f"'{url}' is not an http(s) address",
                       "Give the LRS's xAPI base, e.g. url = \"https://lrs.example.org/xAPI\".")
        if bool(config.get("username_env")) != bool(config.get("password_env")):
            raise fail("settings `username_env`/`password_env`", "only one of the two is given",
                       "Basic auth needs both: name the environment variables of the user name and the password.")
        numbers = {
            "overlap_minutes": _number(config, "overlap_minutes", 60, 0, float, fail),
            "page_size": _number(config, "page_size", None, 1, int, fail),
            "timeout_seconds": _number(config, "timeout_seconds", 30, 0.001, float, fail),
            "retries": _number(config, "retries", 5, 0, int, fail),
            "backoff_seconds": _number(config, "backoff_seconds", 0.5, 0, float, fail),
        }
        return cls(url.rstrip("/"), config.get("username_env"), config.get("password_env"), **numbers)

    def client(self, source: str) -> HttpClient:
        """An HTTP client with the xAPI version header and Basic auth from the named environment variables."""
        user = secret({"username_env": self.username_env}, "username_env", source)
        password = secret({"password_env": self.password_env}, "password_env", source)
        return HttpClient(source, timeout=self.timeout_seconds, retries=self.retries, backoff=self.backoff_seconds,
                          headers=HEADERS, auth=(user, password) if user else None, hints=self.hints())

    def hints(self) -> dict[int | str, str]:
        """What to add to the HTTP client's messages where the xAPI setup is the likely cause."""
        if self.username_env:
            credentials = (f"The user name comes from the environment variable {self.username_env} (username_env), "
                           f"the password from {self.password_env} (password_env); check both against the LRS.")
        else:
            credentials = "No credentials were sent: set username_env and password_env in sources.toml."
        return {
            401: credentials,
            403: credentials,
            404: f"`url` ({self.url}) must be the LRS's xAPI base, the part before /statements.",
            "not_json": "If `url` is right, the LRS sent a broken page: sync again, or lower page_size.",
            "unreachable": f"A slow LRS may need more than timeout_seconds ({self.timeout_seconds:g} s) "
                           "per page: raise it, or lower page_size.",
        }

    def since(self, state: dict) -> str | None:
        """The `since` of this run; a watermark of another LRS (a changed `url`) does not count."""
        return since_parameter(state.get("watermark") if state.get("url") == self.url else None,
                               self.overlap_minutes)

    def next_state(self, state: dict, log: ReadLog) -> dict:
        old = state.get("watermark") if state.get("url") == self.url else None
        newest = [t for t in (parse_timestamp(old) if old else None, log.newest_stored) if t is not None]
        return {"url": self.url, "watermark": timestamp_text(max(newest)) if newest else None,
                "last_run": log.as_state()}


def _number(config: dict, key: str, default, minimum, kind: type, fail: Fail):
    value = config.get(key, default)
    if value is None:
        return None
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not is_number or (kind is int and value != int(value)) or value < minimum:
        wanted = "a whole number" if kind is int else "a number"
        raise fail(f"setting `{key}`", f"{value!r} is not {wanted} of at least {minimum}", "Fix it in sources.toml.")
    return kind(value)


@dataclass
class ReadLog:
    """What one run read: pages, statements passed on, repeats skipped, the newest `stored`."""

    pages: int = 0
    statements: int = 0
    repeats: int = 0
    newest_stored: datetime | None = None
    seen_ids: set[str] = field(default_factory=set, repr=False)

    def as_state(self) -> dict:
        return {"pages": self.pages, "statements": self.statements, "repeats_skipped": self.repeats}


def since_parameter(watermark: str | None, overlap_minutes: float) -> str | None:
    """The `since` to ask for: the watermark minus the overlap, as UTC with Z (Ralph rejects naive times)."""
    if not watermark:
        return None
    return timestamp_text(parse_timestamp(watermark) - timedelta(minutes=overlap_minutes))


def timestamp_text(value: datetime) -> str:
    """A naive UTC datetime as an xAPI timestamp with Z."""
    return value.isoformat(timespec="microseconds") + "Z"


class StatementPages:
    """Every statement an LRS returns for one query, page by page, each statement id once."""

    def __init__(self, client: HttpClient, url: str, fail: Fail):
        self.client, self.base, self.fail = client, url.rstrip("/"), fail
        self.log = ReadLog()

    def statements(self, since: str | None, limit: int | None) -> Iterator[tuple[str, object]]:
        """(location, statement) pairs; a location reads 'page 3, statement 17'."""
        params = {k: v for k, v in (("since", since), ("limit", limit)) if v is not None}
        url: str | None = f"{self.base}/statements"
        visited: dict[str, int] = {}
        previous_ids: list | None = None
        number = 0
        while url:
            number += 1
            visited[url] = number
            body = self._page(url, params if number == 1 else None, number)
            statements, more = self._result(body, url, number)
            self.log.pages = number
            ids = [s.get("id") if isinstance(s, dict) else None for s in statements]
            if more and any(ids) and ids == previous_ids:
                raise self.fail(f"page {number} ({url})",
                                f"the LRS returned the same {len(ids)} statements as on page {number - 1}, "
                                "so its `more` link does not advance",
                                "The LRS's paging is broken; report it to its administrator. "
                                "Nothing of this run was saved.")
            previous_ids = ids
            for index, statement in enumerate(statements, start=1):
                if self._first_time(statement):
                    yield f"page {number}, statement {index}", statement
            url = self._next(url, more, number, visited)

    def _page(self, url: str, params: dict | None, number: int) -> object:
        return self.client.get_json(url, params=params, where=f"page {number}")

    def _result(self, body: object, url: str, number: int) -> tuple[list, str]:
        """The statements and the `more` link of a StatementResult; anything else stops the run."""
        if not isinstance(body, dict) or not isinstance(body.get("statements"), list):
            shape = f"an object with keys {sorted(body)[:5]}" if isinstance(body, dict) else f"a {type(body).__name__}"
            raise self.fail(f"page {number} ({url})",
                            f"the answer is JSON but not an xAPI StatementResult ({shape}, no 'statements' list)",
                            "Check `url`: it must be the LRS's xAPI base, the part before /statements "
                            "(e.g. https://lrs.example.org/xAPI).")
        more = body.get("more")
        if more is not None and not isinstance(more, str):
            raise self.fail(f"page {number} ({url})", f"the `more` link is a {type(more).__name__}, not a string",
                            "The LRS does not speak xAPI 1.0.3 here; check `url`.")
        return body["statements"], (more or "").strip()

    def _next(self, url: str, more: str, number: int, visited: dict[str, int]) -> str | None:
        """The page `more` points to (relative to the server or absolute), used as the LRS gave it."""
        if not more:
            return None
        target = urljoin(url, more)
        if target in visited:
            raise self.fail(f"page {number} ({url})",
                            f"its `more` link ({more}) points back to page {visited[target]}: the paging loops",
                            "The LRS's paging is broken; report it to its administrator. "
                            "Nothing of this run was saved.")
        return target

    def _first_time(self, statement: object) -> bool:
        """Whether this run has not passed this statement id on yet; statements without an id always pass."""
        if isinstance(statement, dict):
            stored = statement.get("stored")
            if isinstance(stored, str):
                try:
                    value = parse_timestamp(stored)
                except ValueError:
                    value = None  # the statement itself is judged by the mapping
                if value and (self.log.newest_stored is None or value > self.log.newest_stored):
                    self.log.newest_stored = value
            statement_id = statement.get("id")
            if isinstance(statement_id, str) and statement_id:
                if statement_id in self.log.seen_ids:
                    self.log.repeats += 1
                    return False
                self.log.seen_ids.add(statement_id)
        self.log.statements += 1
        return True
