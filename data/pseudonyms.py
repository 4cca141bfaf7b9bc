"""Keyed pseudonyms for person identifiers (HMAC-SHA256, truncated to 128 bits).

A key may be a *key ring*: several keys, oldest first, one per line. The pseudonym is then the
chain of HMACs, each further key applied to the previous pseudonym's hex text:

    pseudonym = H(k_n, ... H(k_2, H(k_1, "kind:normalised id")))     H = HMAC-SHA256, 32 hex chars

One key gives exactly the pseudonyms it always gave. A key rotation (`python -m data rekey`) appends
a key and rewrites the warehouse with `chain(new_key, old_pseudonym)`, so every stored pseudonym
equals what the longer ring yields for the same identifier and joins across time survive.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from functools import lru_cache

KINDS = ("employee_no", "email", "account", "login")
MIN_KEY_LENGTH = 32
LENGTH = 32  # hex characters: 128 bits


def normalise(kind: str, value: str) -> str:
    """The canonical spelling of an identifier, so every source yields the same pseudonym."""
    value = value.strip()
    if kind == "employee_no":
        # HR exports pad with zeros ("00012345"), other systems do not ("12345").
        return value.upper().lstrip("0") or "0"
    if kind == "email":
        return value.lower().removeprefix("mailto:")
    if kind in ("account", "login"):
        # "login": a dashboard user's login (e-mail or OIDC subject), or "os:<user>" for the command line.
        # A kind of its own, so the audit log never joins to a person's learning data.
        return value.lower()
    raise ValueError(f"unknown identifier kind {kind!r}; expected one of {KINDS}")


def split_ring(key: bytes | Sequence[bytes]) -> list[bytes]:
    """The keys of a ring, oldest first: a bytes value holds one key per line (blank lines ignored)."""
    if isinstance(key, (bytes, bytearray)):
        if b"\n" not in key.strip():
            keys = [bytes(key)]  # one key, used exactly as given: the pseudonyms it always gave
        else:
            keys = [k for k in (line.strip() for line in bytes(key).splitlines()) if k]
    else:
        keys = [bytes(k).strip() for k in key]
    if not keys:
        raise ValueError("the pseudonymisation key ring is empty")
    for position, k in enumerate(keys, 1):
        if len(k) < MIN_KEY_LENGTH:
            where = f"key {position} of the ring" if len(keys) > 1 else "the pseudonymisation key"
            raise ValueError(f"{where} must be at least {MIN_KEY_LENGTH} bytes")
    return keys


def chain(key: bytes, pseudonym: str) -> str:
    """One more step of the ring: the pseudonym under a further key (used by key rotation)."""
    return hmac.new(key, pseudonym.encode("ascii"), hashlib.sha256).hexdigest()[:LENGTH]


class Pseudonymiser:
    """Turns clear-text identifiers into pseudonyms with one secret key or a key ring."""

    def __init__(self, key: bytes | Sequence[bytes]):
        self._keys = split_ring(key)
        # The same people recur in every statement; hashing each once is enough.
        self._cached = lru_cache(maxsize=1 << 20)(self._pseudonym)

    @property
    def ring_size(self) -> int:
        return len(self._keys)

    def __call__(self, kind: str, value: str) -> str:
        return self._cached(kind, value)

    def __repr__(self) -> str:  # never the key
        return f"Pseudonymiser(<{len(self._keys)} key(s)>)"

    def _pseudonym(self, kind: str, value: str) -> str:
        message = f"{kind}:{normalise(kind, value)}".encode("utf-8")
        pseudonym = hmac.new(self._keys[0], message, hashlib.sha256).hexdigest()[:LENGTH]
        for key in self._keys[1:]:
            pseudonym = chain(key, pseudonym)
        return pseudonym
