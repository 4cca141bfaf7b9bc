"""Keyed pseudonyms for person identifiers (HMAC-SHA256, truncated to 128 bits)."""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

KINDS = ("employee_no", "email", "account")


def normalise(kind: str, value: str) -> str:
    """The canonical spelling of an identifier, so every source yields the same pseudonym."""
    value = value.strip()
    if kind == "employee_no":
        # HR exports pad with zeros ("00012345"), other systems do not ("12345").
        return value.upper().lstrip("0") or "0"
    if kind == "email":
        return value.lower().removeprefix("mailto:")
    if kind == "account":
        return value.lower()
    raise ValueError(f"unknown identifier kind {kind!r}; expected one of {KINDS}")


class Pseudonymiser:
    """Turns clear-text identifiers into pseudonyms with one secret key."""

    def __init__(self, key: bytes):
        if len(key) < 32:
            raise ValueError("the pseudonymisation key must be at least 32 bytes")
        self._key = key
        # The same people recur in every statement; hashing each once is enough.
        self._cached = lru_cache(maxsize=1 << 20)(self._pseudonym)

    def __call__(self, kind: str, value: str) -> str:
        return self._cached(kind, value)

    def _pseudonym(self, kind: str, value: str) -> str:
        message = f"{kind}:{normalise(kind, value)}".encode("utf-8")
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:32]
