"""Fetching an iCalendar feed over HTTP(S): conditional requests (ETag, Last-Modified), clear errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from connectors.base import SourceError
from connectors.http import HINTS, HttpClient


@dataclass(frozen=True)
class FeedAnswer:
    """What the server said: `body` is None when it answered 304 Not Modified."""

    body: bytes | None
    etag: str | None
    last_modified: str | None


def shown_url(url: str) -> str:
    """The feed's address for messages and locations, without the secret parts.

    Published calendars (Google's "secret address in iCal format", Outlook's published ICS link)
    carry their access token in the path or the query, and messages end up in the run log.
    """
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) <= 1 and not parts.query:
        return url
    return f"{parts.scheme}://{parts.netloc}/…/{segments[-1] if segments else ''}"


def fetch(client: HttpClient, url: str, validators: dict | None, fail: Callable[[str, str, str], SourceError]
          ) -> FeedAnswer:
    """GET the feed; with `validators` (etag, last_modified) from the last sync, ask only for changes."""
    place = shown_url(url)
    headers = {"Accept": "text/calendar, */*;q=0.5"}
    if validators and validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators and validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    try:
        response = client.session.get(url, headers=headers, timeout=client.timeout)
    except requests.exceptions.RetryError as exc:
        raise fail(place, f"gave up after retries ({exc.__class__.__name__})", HINTS[429]) from None
    except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
        problem = (f"no answer within {client.timeout:g} s, after retries" if "timed out" in str(exc).lower()
                   else f"unreachable after retries ({exc.__class__.__name__})")
        raise fail(place, problem, "Check that the server runs and `url` is right, or raise `timeout`.") from None
    if response.status_code == 304:
        return FeedAnswer(None, (validators or {}).get("etag"), (validators or {}).get("last_modified"))
    if response.status_code >= 400:
        hint = HINTS.get(response.status_code, "The server failed; sync again later, or ask its administrator.")
        if response.status_code == 404:
            hint = "Check `url` in sources.toml: no calendar is published there (unpublished, or the link was reset)."
        raise fail(place, f"HTTP {response.status_code} {response.reason}", hint)
    return FeedAnswer(response.content, response.headers.get("ETag"), response.headers.get("Last-Modified"))
