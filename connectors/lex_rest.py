"""The LEX REST API: `GET {url}/api/v1/{entity}` pages followed by cursor, incremental by `updated_since`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from urllib.parse import quote

import requests

from connectors.http import HttpClient, secret
from connectors.lex_fields import FieldError, RecordFields, parse_rfc3339, redacted, utc_text
from connectors.lex_mapping import ENTITIES, LexMapper, References
from connectors.lex_vocabulary import MissingReference
from data.loading import Item, Rejected, utcnow

API = "/api/v1"
DEFAULT_PAGE_SIZE = 500
MAX_PAGE_SIZE = 1000
# Records committed while the previous sync ran may carry a slightly older updated_at.
OVERLAP = timedelta(minutes=5)


class RestReader:
    """Reads every entity stream page by page; remembers the newest updated_at per stream."""

    def __init__(self, connector, state: dict):
        self.connector, self.state = connector, state
        self.url = connector.config["url"].rstrip("/")
        self.page_size = connector.config.get("page_size", DEFAULT_PAGE_SIZE)
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise connector.fail("setting page_size", f"{self.page_size} is outside 1 to {MAX_PAGE_SIZE}",
                                 "Set page_size in sources.toml to a number in that range.")
        headers = {"Accept": "application/json"}
        token = secret(connector.config, "token_env", connector.name)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.client = HttpClient(connector.name, headers=headers, **connector.http_options)
        self.watermarks: dict[str, str] = dict(state.get("streams", {}))
        self.next_state: dict = {}

    def items(self) -> Iterator[Item]:
        refs = References(origin=lambda entity: f"{self.url}{API}/{entity}", fetch=self._fetch)
        mapper = LexMapper(self.connector.name, self.connector.pseudonymise, self.url, utcnow(), refs)
        mapper.pending = dict(self.state.get("pending_sessions", {}))
        for entity in ENTITIES:
            newest, deferred = None, []
            for location, record in self._records(entity):
                stamp = self._updated_at(record, mapper.reference)
                if isinstance(stamp, str):
                    yield Rejected(location, stamp, redacted(record, mapper.pseudonym_of))
                    continue
                newest = max(newest or stamp, stamp)
                try:
                    yield from mapper.map(entity, location, record, final=False)
                except MissingReference:
                    deferred.append((location, record))
            for location, record in deferred:  # replies that came before the post they answer
                yield from mapper.map(entity, location, record)
            yield from mapper.flush()
            if entity == "sessions":
                yield from self._started_sessions(mapper, seen=refs.seen.get("sessions", {}))
            if newest is not None:
                old = self.watermarks.get(entity)
                self.watermarks[entity] = utc_text(max(newest, parse_rfc3339(old, "watermark")) if old else newest)
        self.next_state = {"streams": self.watermarks, "pending_sessions": mapper.pending}

    def _started_sessions(self, mapper: LexMapper, seen: dict) -> Iterator[Item]:
        """Sessions that were still to come at an earlier sync and have started since: now their hosts count."""
        due = [session_id for session_id, start in mapper.pending.items()
               if session_id not in seen and parse_rfc3339(start, "start") <= mapper.reference]
        for session_id in due:
            mapper.pending.pop(session_id)  # mapping puts it back if it was moved to a later date
            record = self._fetch("sessions", session_id)
            if record is not None:  # None: deleted on the platform
                yield from mapper.map("sessions", f"sessions '{session_id}' looked up by id (started since)", record)

    @staticmethod
    def _updated_at(record: object, now: datetime) -> datetime | str:
        """The record's updated_at, or why it cannot be used (a future one would skip records at the next sync)."""
        if not isinstance(record, dict):
            return "a record must be a JSON object"
        try:
            return RecordFields(record, now).timestamp("updated_at", required=True)
        except FieldError as exc:
            return f"{exc} (over REST every record needs updated_at for the incremental sync)"

    def _records(self, entity: str) -> Iterator[tuple[str, object]]:
        endpoint = f"{self.url}{API}/{entity}"
        params: dict[str, object] = {"limit": self.page_size}
        if entity in self.watermarks:
            params["updated_since"] = utc_text(parse_rfc3339(self.watermarks[entity], "watermark") - OVERLAP)
        followed: dict[str, int] = {}
        cursor, page = None, 1
        while True:
            where = f"{entity} page {page}"
            body = self.client.get_json(endpoint, {**params, **({"cursor": cursor} if cursor else {})}, where=where)
            if not isinstance(body, dict) or not isinstance(body.get("data"), list):
                raise self.connector.fail(f"GET {endpoint} ({where})", "the answer has no 'data' list",
                                          "Check url: it must point at a LEX API that speaks format 1.x.")
            for number, record in enumerate(body["data"], start=1):
                yield f"{where} record {number}", record
            cursor = body.get("next_cursor")
            if cursor in (None, ""):
                return
            if not isinstance(cursor, str):
                raise self.connector.fail(f"GET {endpoint} ({where})", "next_cursor is neither a string nor null",
                                          "Report this to the platform's operators.")
            if cursor in followed:
                raise self.connector.fail(
                    f"GET {endpoint} ({where})",
                    f"next_cursor '{cursor[:40]}' was already followed after page {followed[cursor]}: the paging loops",
                    "Report this to the platform's operators; nothing of this sync was written.")
            followed[cursor] = page
            page += 1

    def _fetch(self, entity: str, record_id: str) -> dict | None:
        """One record by id, for a reference this run has not seen; None when the platform has none."""
        url = f"{self.url}{API}/{entity}/{quote(record_id, safe='')}"
        where = f"{entity} '{record_id}' looked up by id"
        try:
            response = self.client.session.get(url, timeout=self.client.timeout)
        except requests.RequestException:
            response = None
        if response is not None and response.status_code == 404:
            return None
        if response is not None and response.status_code == 200:
            try:
                body = response.json()
            except ValueError:
                body = None
        else:
            body = None
        if body is None:
            body = self.client.get_json(url, where=where)  # raises the client's clear message
        if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
            raise self.connector.fail(f"GET {url} ({where})", "the answer has no 'data' object",
                                      "Check url: it must point at a LEX API that speaks format 1.x.")
        return body["data"]
