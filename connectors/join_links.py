"""One spelling of a meeting's join link for every source, so metrics can match a meeting across sources."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit


def canonical_join_url(url: str) -> str:
    """The link without query and fragment, its path unescaped.

    Teams links carry the organiser's Entra object id in `context`, Zoom links the passcode in
    `pwd`: neither belongs in the warehouse, and neither identifies the meeting. What is left is
    the same for every copy of one meeting's link (`%3a` or `%3A`, with or without context).
    """
    parts = urlsplit(url.strip())
    return f"https://{parts.netloc.lower()}{unquote(parts.path).rstrip('/') or '/'}"
