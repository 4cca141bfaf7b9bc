"""xAPI 1.0.3 statements from a live LRS (`url`) or from its exports (`path`: NDJSON, a JSON array, or a
StatementResult page).

Primary key: events (source, statement id). Cursor over HTTP: the newest `stored` seen, asked for
again minus an overlap (`connectors/xapi_lrs.py`); over files: the fingerprint of each file already
loaded (exports are immutable), plus the newest `stored` seen. Voided statements are removed and
never loaded again.
"""

from __future__ import annotations

import json
import numbers
from collections.abc import Iterator
from pathlib import Path

from connectors.base import Connector, FileCursor, Setting, redacted, resolve_files
from connectors.xapi_bulk import read_ndjson
from connectors.xapi_lrs import URL_SETTINGS, LrsSettings, StatementPages
from connectors.xapi_mapping import (
    ACTIVITY_TYPES,
    EXT,
    UNKNOWN_ACTIVITY,
    VERBS,
    VOIDED,
    language_map_text,
    parse_duration,
    parse_timestamp,
)
from data.loading import Item, Record, Rejected, Row, Void
from data.schema import activities, activity_skills, events


AGENT_IDENTIFIERS = ("mbox", "mbox_sha1sum", "openid", "account")


class StatementError(ValueError):
    """A statement cannot be mapped; the message says why."""


class Xapi(Connector):
    kind = "xapi"
    settings = (
        Setting("bulk", "path only: read NDJSON exports column-wise in blocks, the fast path (default true)",
                kind=bool),
        Setting("url", "a live LRS: its xAPI base, e.g. https://lrs.example.org/xAPI (give url or path)"),
        Setting("path", "exported statements: .ndjson/.jsonl or .json files, a folder or a glob (give url or path)"),
        Setting("username_env", "url only: environment variable holding the Basic auth user name"),
        Setting("password_env", "url only: environment variable holding the Basic auth password"),
        Setting("overlap_minutes", "url only: minutes asked for again before the watermark (default 60)",
                kind=numbers.Real),
        Setting("page_size", "url only: statements per page, sent as `limit` (default: the LRS's own)", kind=int),
        Setting("timeout_seconds", "url only: seconds to wait for a page (default 30)", kind=numbers.Real),
        Setting("retries", "url only: retries on 429, 5xx and timeouts (default 5)", kind=int),
        Setting("backoff_seconds", "url only: first backoff between retries, doubling (default 0.5)",
                kind=numbers.Real),
    )
    exactly_one_of = (("url", "path"),)
    primary_key = ("source", "source_record_id")
    cursor = "url: newest 'stored' seen, minus overlap_minutes; path: file fingerprints"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._yielded: dict[tuple, dict] = {}

    def read(self, state: dict) -> Iterator[Item]:
        self._yielded = {}
        has_url, has_path = bool(self.config.get("url")), bool(self.config.get("path"))
        if has_url == has_path:
            raise self.fail("settings", f"{'both `url` and' if has_url else 'neither `url` nor'} `path` given",
                            "Give exactly one: `url` for a live LRS, or `path` for exported statement files.")
        if has_url:
            yield from self._read_lrs(state)
            return
        stray = [key for key in URL_SETTINGS if key in self.config]
        if stray:
            raise self.fail("settings", f"{', '.join(stray)} only apply to `url`, and this source reads `path`",
                            "Remove them from sources.toml, or read the LRS over `url`.")
        yield from self._read_files(state)

    def _read_lrs(self, state: dict) -> Iterator[Item]:
        lrs = LrsSettings.from_config(self.config, self.fail)
        pages = StatementPages(lrs.client(self.name), lrs.url, self.fail)
        for location, statement in pages.statements(lrs.since(state), lrs.page_size):
            yield self.map_statement(location, statement)
        self._next_state = lrs.next_state(state, pages.log)

    def _read_files(self, state: dict) -> Iterator[Item]:
        files = resolve_files(self.config["path"], self.base_dir)
        if not files:
            raise self.fail(f"path '{self.config['path']}'", "no file found",
                            "Check the path in sources.toml (relative paths start at the folder of sources.toml).")
        cursor = FileCursor(state)
        watermark = state.get("watermark", "")
        for path, digest in cursor.changed(files):
            if self.config.get("bulk", True) and path.suffix.lower() in (".ndjson", ".jsonl"):
                watermark = yield from read_ndjson(self, path, watermark)  # column-wise (connectors/xapi_bulk.py)
                cursor.mark(path, digest)
                continue
            for location, statement in self._statements(path):
                if isinstance(statement, Rejected):
                    yield statement
                    continue
                if isinstance(statement, dict):
                    watermark = max(watermark, str(statement.get("stored", "")))
                yield self.map_statement(location, statement)
            cursor.mark(path, digest)
        self._next_state = {**cursor.state(), "watermark": watermark}

    def _statements(self, path: Path) -> Iterator[tuple[str, dict | Rejected]]:
        if path.suffix.lower() in (".ndjson", ".jsonl"):
            with path.open(encoding="utf-8-sig") as handle:
                for number, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    location = f"{path.name}:{number}"
                    try:
                        yield location, json.loads(line)
                    except json.JSONDecodeError as exc:
                        yield location, Rejected(location, f"not valid JSON: {exc.msg} at character {exc.pos + 1}",
                                                 redacted({"line": "<unparseable JSON, not stored>"}))
            return
        try:
            document = json.loads(path.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise self.fail(f"file {path}", f"not valid JSON ({exc})",
                            "Export the statements again as a JSON array or as NDJSON (one statement per line).")
        statements = document.get("statements", []) if isinstance(document, dict) else document
        for index, statement in enumerate(statements):
            yield f"{path.name}:statement {index + 1}", statement

    def map_statement(self, location: str, statement: dict) -> Item:
        try:
            return self._map(location, statement)
        except (StatementError, ValueError, TypeError, KeyError, AttributeError) as exc:
            reason = str(exc) if isinstance(exc, (StatementError, ValueError)) else f"malformed statement ({exc!r})"
            return Rejected(location, reason, redacted(self._without_identifiers(statement)))

    def _map(self, location: str, s: dict) -> Item:
        if not isinstance(s, dict):
            raise StatementError("a statement must be a JSON object")
        statement_id = s.get("id")
        if not statement_id:
            raise StatementError("statement has no id")
        verb_iri = (s.get("verb") or {}).get("id")
        if not verb_iri:
            raise StatementError("statement has no verb id")
        obj = s.get("object") or {}
        if verb_iri == VOIDED:
            if obj.get("objectType") != "StatementRef" or not obj.get("id"):
                raise StatementError("a voiding statement must point to a StatementRef")
            return Void(location, obj["id"], statement_id)
        actor_id = self._actor(s.get("actor") or {})
        if obj.get("objectType", "Activity") != "Activity" or not obj.get("id"):
            raise StatementError(f"object is a {obj.get('objectType')}, not an Activity with an id")
        verb, role = VERBS.get(verb_iri, (verb_iri.rstrip("/").rsplit("/", 1)[-1][:32], "other"))
        timestamp = s.get("timestamp") or s.get("stored")
        if not timestamp:
            raise StatementError("statement has neither timestamp nor stored")
        result = s.get("result") or {}
        duration = parse_duration(result["duration"]) if result.get("duration") else None
        score = (result.get("score") or {}).get("scaled")
        related = [row for row in self._activity(obj, s.get("context") or {}) if self._first_time(row)]
        return Record(location, Row(events, {
            "source": self.name, "source_record_id": str(statement_id), "actor_id": actor_id,
            "activity_id": obj["id"], "verb": verb, "role": role, "occurred_at": parse_timestamp(timestamp),
            "duration_seconds": duration, "success": result.get("success"), "completion": result.get("completion"),
            "score": float(score) if score is not None else None,
        }), tuple(related))

    def _actor(self, actor: dict) -> str:
        if actor.get("mbox"):
            return self.pseudonymise("email", actor["mbox"])
        account = actor.get("account") or {}
        if account.get("name"):
            # Accounts carry the employee number in the organisations we know; configurable later.
            return self.pseudonymise("employee_no", account["name"])
        if actor.get("objectType") == "Group":
            raise StatementError("actor is a Group; Dirigent needs one person per statement")
        raise StatementError("actor has no mbox or account; mbox_sha1sum and openid cannot be pseudonymised "
                             "with the organisation's key")

    def _first_time(self, row: Row) -> bool:
        """Whether this run has not yielded this reference row yet; most statements repeat their activity."""
        key = (row.table.name, row.key())
        if self._yielded.get(key) == row.values:
            return False
        self._yielded[key] = row.values
        return True

    def _activity(self, obj: dict, context: dict) -> list[Row]:
        definition = obj.get("definition") or {}
        extensions = definition.get("extensions") or {}
        activity_type, channel = ACTIVITY_TYPES.get(definition.get("type", ""), UNKNOWN_ACTIVITY)
        planned = extensions.get(EXT + "planned-duration")
        start = extensions.get(EXT + "start")
        activity = Row(activities, {
            "activity_id": obj["id"], "activity_type": activity_type, "channel": channel,
            "title": (language_map_text(definition.get("name")) or "")[:500] or None,
            "planned_minutes": parse_duration(planned) / 60 if planned else None,
            "community": extensions.get(EXT + "community") or context.get("platform"),
            "starts_at": parse_timestamp(start) if start else None,
            "language": context.get("language"), "source": self.name,
        })
        categories = (context.get("contextActivities") or {}).get("category") or []
        skills = [Row(activity_skills, {"activity_id": obj["id"], "skill_id": c["id"], "source": self.name})
                  for c in categories if isinstance(c, dict) and c.get("id")]
        return [activity, *skills]

    def _without_identifiers(self, statement) -> dict:
        """The statement with every Agent and Group (actor, object, authority, instructor, team) pseudonymised."""
        if not isinstance(statement, dict):
            return {"statement": "<not an object>"}
        return self._scrubbed(statement)

    def _scrubbed(self, value):
        if isinstance(value, list):
            return [self._scrubbed(v) for v in value]
        if not isinstance(value, dict):
            return value
        if value.get("objectType") in ("Agent", "Group") or any(k in value for k in AGENT_IDENTIFIERS):
            try:
                pseudonym = self._actor(value)
            except StatementError:
                pseudonym = None  # mbox_sha1sum and openid are identifiers too: dropped, not kept
            agent = {"objectType": value.get("objectType", "Agent"), "pseudonym": pseudonym}
            if isinstance(value.get("member"), list):
                agent["member"] = self._scrubbed(value["member"])
            return agent
        return {k: self._scrubbed(v) for k, v in value.items()}


# The name config.py and the file tests import; the class reads files and live LRSs alike.
XapiFiles = Xapi
