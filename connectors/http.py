"""The HTTP client every HTTP connector uses: timeouts, retries with backoff, clear errors.

Retries: 429 (honouring Retry-After), 500, 502, 503, 504, connection errors and read
timeouts, `retries` times with exponential backoff. Any other error status, or a body that
is not JSON when JSON is expected, raises SourceError naming the source, the URL and what
to do.
"""

from __future__ import annotations

import os
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from connectors.base import SourceError

RETRY_STATUSES = (429, 500, 502, 503, 504)
HINTS = {
    401: "Check the credentials: the environment variables named by username_env/password_env/token_env.",
    403: "The account lacks the permission for this call; ask the system's administrator.",
    404: "Check `url` in sources.toml: the endpoint does not exist there.",
    429: "The server kept rate-limiting; sync again later or lower the page size.",
}


def secret(config: dict, key: str, source: str) -> str | None:
    """The value of the environment variable a `*_env` setting names; secrets never sit in sources.toml."""
    name = config.get(key)
    if not name:
        return None
    value = os.environ.get(name)
    if not value:
        raise SourceError(f"source '{source}': {key} names the environment variable {name}, which is not set. "
                          f"Set it before syncing.")
    return value


class HttpClient:
    """A requests session with retries for one source."""

    def __init__(self, source: str, *, timeout: float = 30, retries: int = 5, backoff: float = 0.5,
                 headers: dict[str, str] | None = None, auth: tuple[str, str] | None = None,
                 hints: dict[int | str, str] | None = None):
        """`hints` add what the source knows of its own setup: by HTTP status, "not_json" or "unreachable"."""
        self.source, self.timeout, self.hints = source, timeout, hints or {}
        self.session = requests.Session()
        retry = Retry(total=retries, connect=retries, read=retries, status=retries, backoff_factor=backoff,
                      backoff_max=60, status_forcelist=RETRY_STATUSES, allowed_methods=None,
                      respect_retry_after_header=True, raise_on_status=False)
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update(headers or {})
        self.session.auth = auth

    def get_json(self, url: str, params: dict[str, Any] | None = None, where: str = "") -> Any:
        """GET a JSON body; `where` names the page for messages (e.g. 'page 3')."""
        place = f"{url}" + (f" ({where})" if where else "")
        try:
            response = self.session.get(url, params=params, timeout=self.timeout)
        except requests.exceptions.RetryError as exc:
            raise SourceError(f"source '{self.source}': {place}: gave up after retries ({exc.__class__.__name__}). "
                              f"{HINTS[429]}") from None
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            raise SourceError(f"source '{self.source}': {place}: unreachable after retries "
                              f"({exc.__class__.__name__}). Check that the server runs and `url` is right."
                              + self._extra("unreachable")) from None
        if response.status_code >= 400:
            hint = HINTS.get(response.status_code, "The server failed; sync again later, or ask its administrator.")
            raise SourceError(f"source '{self.source}': {place}: HTTP {response.status_code} "
                              f"{response.reason}. {hint}" + self._extra(response.status_code))
        try:
            return response.json()
        except ValueError:
            snippet = response.text[:120].replace("\n", " ")
            raise SourceError(f"source '{self.source}': {place}: the answer is not JSON ('{snippet}…'). "
                              f"Check `url`: it must point at the API, not a web page." + self._extra("not_json")) from None

    def _extra(self, key: int | str) -> str:
        return f" {self.hints[key]}" if key in self.hints else ""
