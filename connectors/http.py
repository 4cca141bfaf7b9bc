"""The HTTP client every HTTP connector uses: timeouts, retries with backoff, clear errors.

Retries: 429 (honouring Retry-After), 500, 502, 503, 504, connection errors and read
timeouts, `retries` times with exponential backoff. Any other error status, or a body that
is not JSON when JSON is expected, raises SourceError naming the source, the URL and what
to do.

Secrets stay out of messages (they end up in the run log and on the command line): URLs are
shown without user info and without the values of query parameters such as `wstoken`, and every
credential the client holds (Basic auth, an Authorization header, a token parameter) is replaced
by `***` in its messages, also where a server echoes it back. Credentials go only to the server
of the client's first call: a link or paging address on another host is refused, not followed.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from connectors.base import SourceError

RETRY_STATUSES = (429, 500, 502, 503, 504)
PREPARED_ADDRESSES = 32  # requests prepared once per address and reused, at the most
HINTS = {
    401: "Check the credentials: the environment variables named by username_env/password_env/token_env.",
    403: "The account lacks the permission for this call; ask the system's administrator.",
    404: "Check `url` in sources.toml: the endpoint does not exist there.",
    429: "The server kept rate-limiting; sync again later or lower the page size.",
}


# Query parameters and headers whose values are credentials (Moodle's wstoken, api_key, signatures, ...).
SENSITIVE_NAME = re.compile(r"token|secret|passw|pwd|key|sig|auth|credential|session|cookie", re.IGNORECASE)
HIDDEN = "***"
MIN_SECRET_LENGTH = 6  # shorter values are no secrets worth the name, and would garble every message


def redact_url(url: str) -> str:
    """An address as messages may show it: no user name or password, no values of credential parameters."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        netloc = (f"[{host}]" if ":" in host else host) + (f":{parts.port}" if parts.port else "")
    except ValueError:
        return "(an address that cannot be parsed)"
    query = [(name, HIDDEN if SENSITIVE_NAME.search(name) else value)
             for name, value in parse_qsl(parts.query, keep_blank_values=True)]
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query, safe="*/:"), ""))


def scrub(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret replaced by ***, the longest first (a password inside a URL goes with it)."""
    for value in sorted({s for s in secrets if s and len(s) >= MIN_SECRET_LENGTH}, key=len, reverse=True):
        text = text.replace(value, HIDDEN)
    return text


def credential_forms(value: str) -> set[str]:
    """A secret and the forms it travels in: URL-encoded, and for `user:password`, Basic auth's base64."""
    from urllib.parse import quote, quote_plus

    forms = {value, quote(value, safe=""), quote_plus(value)}
    if ":" in value:
        forms.add(base64.b64encode(value.encode()).decode())
    if value.startswith(("http://", "https://")):  # a secret address (a published calendar): its secret parts
        parts = urlsplit(value)
        forms |= {parts.path, parts.query} if len(parts.path) > 1 else {parts.query}
        forms |= {piece for piece in re.split(r"[/?&=]", f"{parts.path}?{parts.query}") if len(piece) >= 12}
    return {form for form in forms if form}


def encode_query(params: dict[str, Any]) -> str:
    """A dict of query parameters as requests encodes it (a list value repeats the name, None is left out), without
    requests' checks against its typing protocols, which cost as much as the encoding itself."""
    pairs = []
    for name, values in params.items():
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            values = [values]
        pairs += [(name, value) for value in values if value is not None]
    return urlencode(pairs, doseq=True)


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


class _Session(requests.Session):
    """requests' Session that reads the environment's proxies and CA bundle once per server, not on every call.

    requests scans all of os.environ twice a call for them; on small answers (Moodle's completion calls) that was
    a third of the client's time. A client lives for one sync, so the environment is taken as it is at its start.
    """

    def __init__(self):
        super().__init__()
        self._environment: dict[tuple, dict[str, Any]] = {}

    def merge_environment_settings(self, url, proxies, stream, verify, cert):
        if proxies or stream is not None or verify is not None or cert is not None:
            return super().merge_environment_settings(url, proxies, stream, verify, cert)
        parts = urlsplit(url)
        key = (self.trust_env, parts.scheme, parts.netloc)
        settings = self._environment.get(key)
        if settings is None:
            settings = self._environment[key] = super().merge_environment_settings(url, {}, None, None, None)
        return {**settings, "proxies": dict(settings["proxies"])}


class HttpClient:
    """A requests session with retries for one source."""

    def __init__(self, source: str, *, timeout: float = 30, retries: int = 5, backoff: float = 0.5,
                 headers: dict[str, str] | None = None, auth: tuple[str, str] | None = None,
                 hints: dict[int | str, str] | None = None):
        """`hints` add what the source knows of its own setup: by HTTP status, "not_json" or "unreachable"."""
        self.source, self.timeout, self.hints = source, timeout, hints or {}
        self.session = _Session()
        retry = Retry(total=retries, connect=retries, read=retries, status=retries, backoff_factor=backoff,
                      backoff_max=60, status_forcelist=RETRY_STATUSES, allowed_methods=None,
                      respect_retry_after_header=True, raise_on_status=False)
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update(headers or {})
        self.session.auth = auth
        self.secrets: set[str] = set()
        self._remembered: set[str] = set()
        self._prepared: dict[str, requests.PreparedRequest] = {}
        self._origin: tuple[str, str, int | None] | None = None
        for name, value in (headers or {}).items():
            if SENSITIVE_NAME.search(name):
                self._remember(value, *value.split(" ", 1)[1:])
        if auth:
            self._remember(*auth, f"{auth[0]}:{auth[1]}")

    def _remember(self, *values: str) -> None:
        for value in values:
            if value not in self._remembered:  # a token parameter comes again with every call
                self._remembered.add(value)
                self.secrets |= credential_forms(str(value))

    def safe(self, text: str) -> str:
        """A message with every credential of this client replaced by ***."""
        return scrub(text, self.secrets)

    def _fail(self, message: str) -> SourceError:
        return SourceError(self.safe(message))

    def get_json(self, url: str, params: dict[str, Any] | None = None, where: str = "") -> Any:
        """GET a JSON body; `where` names the page for messages (e.g. 'page 3')."""
        self._remember(*(str(v) for k, v in (params or {}).items() if SENSITIVE_NAME.search(str(k))))
        place = redact_url(url) + (f" ({where})" if where else "")
        self._same_server(url, place)
        try:
            response = self._get(url, params)
        except requests.exceptions.RetryError as exc:
            raise self._fail(f"source '{self.source}': {place}: gave up after retries ({exc.__class__.__name__}). "
                             f"{HINTS[429]}") from None
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
            raise self._fail(f"source '{self.source}': {place}: unreachable after retries "
                             f"({exc.__class__.__name__}). Check that the server runs and `url` is right."
                             + self._extra("unreachable")) from None
        except requests.exceptions.RequestException as exc:  # its text may carry the full address
            raise self._fail(f"source '{self.source}': {place}: the request failed ({exc.__class__.__name__}). "
                             "Check `url`; sync again later, or ask the server's administrator.") from None
        if response.status_code >= 400:
            hint = HINTS.get(response.status_code, "The server failed; sync again later, or ask its administrator.")
            raise self._fail(f"source '{self.source}': {place}: HTTP {response.status_code} "
                             f"{response.reason}. {hint}" + self._extra(response.status_code))
        try:
            return response.json()
        except ValueError:
            snippet = response.text[:120].replace("\n", " ")
            raise self._fail(f"source '{self.source}': {place}: the answer is not JSON ('{snippet}…'). "
                             f"Check `url`: it must point at the API, not a web page." + self._extra("not_json")) from None

    def _get(self, url: str, params: dict[str, Any] | None) -> requests.Response:
        """What session.get(url, params=params) does, with what it would prepare anew on every call prepared once.

        The request for `url` (the session's headers and auth, netrc, the normalised address) is prepared on the
        first call; later calls copy it and add their query, as requests would add it. Cookies go into the header
        when a request is prepared, so once the server has set one, every call is prepared in full again."""
        if not (params is None or isinstance(params, dict)) or self.session.cookies or "#" in url:
            return self.session.get(url, params=params, timeout=self.timeout)
        prepared = self._prepared.get(url)
        if prepared is None:
            if len(self._prepared) >= PREPARED_ADDRESSES:  # paging addresses that change with every page
                self._prepared.clear()
            prepared = self._prepared[url] = self.session.prepare_request(requests.Request("GET", url))
        request, query = prepared.copy(), encode_query(params or {})
        if query:
            request.url = prepared.url + ("&" if "?" in prepared.url else "?") + query
        settings = self.session.merge_environment_settings(request.url, {}, None, None, None)
        return self.session.send(request, timeout=self.timeout, allow_redirects=True, **settings)

    def _same_server(self, url: str, place: str) -> None:
        """Credentials go to the server of the first call only; a link to another server is refused."""
        parts = urlsplit(url)
        origin = (parts.scheme.lower(), (parts.hostname or "").lower(), parts.port)
        if self._origin is None:
            self._origin = origin
        elif origin != self._origin and (self.secrets or self.session.auth):
            first = f"{self._origin[0]}://{self._origin[1]}" + (f":{self._origin[2]}" if self._origin[2] else "")
            raise self._fail(f"source '{self.source}': {place}: this address is on another server than {first}, "
                             "where this source's credentials belong; they are not sent there. If the server "
                             "moved, change `url`; otherwise ask its administrator why it links elsewhere")

    def _extra(self, key: int | str) -> str:
        return f" {self.hints[key]}" if key in self.hints else ""
