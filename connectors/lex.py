"""A LEX-style peer-learning platform: sessions, attendance, feedback, experts, mentoring, exchange,
forum, videos, library and news, from an export bundle (`path`) or the platform's REST API (`url`).

The format is specified in docs/connectors/lex.md. Primary keys: events (source, source_record_id),
activities (activity_id), enrolments (source, actor, activity), feedback (source, source_record_id),
expertise (actor, skill). Cursor: the bundle's file fingerprints and export time; over REST the
newest updated_at per entity stream.
"""

from __future__ import annotations

from collections.abc import Iterator

from connectors.base import Connector, Setting
from connectors.lex_bundle import BundleReader
from connectors.lex_rest import RestReader
from data.loading import Item


class LexConnector(Connector):
    kind = "lex"
    settings = (
        Setting("path", "the export bundle: a folder with manifest.json and one .jsonl file per entity"),
        Setting("url", "the platform's address; the API answers at {url}/api/v1/{entity}"),
        Setting("token_env", "environment variable holding the API's bearer token (REST only)"),
        Setting("page_size", "records per page over REST, 1 to 1000 (default 500)", kind=int),
    )
    primary_key = ("source", "source_record_id")
    cursor = "bundle: file fingerprints and export time; REST: newest updated_at per entity stream"
    # Timeout in seconds, retries and backoff factor of the REST client.
    http_options = {"timeout": 30.0, "retries": 5, "backoff": 0.5}

    def read(self, state: dict) -> Iterator[Item]:
        has_path, has_url = bool(self.config.get("path")), bool(self.config.get("url"))
        if has_path == has_url:
            raise self.fail("settings", "set exactly one of path (an export bundle) and url (the REST API)",
                            f"Edit the entry of '{self.name}' in sources.toml.")
        if has_path and ("token_env" in self.config or "page_size" in self.config):
            raise self.fail("settings", "token_env and page_size apply to the REST API (url) only",
                            f"Remove them from the entry of '{self.name}' in sources.toml.")
        reader = BundleReader(self, state) if has_path else RestReader(self, state)
        yield from reader.items()
        self._next_state = reader.next_state
