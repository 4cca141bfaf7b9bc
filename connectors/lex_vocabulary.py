"""The canonical vocabulary of LEX records: verbs with their roles, and what a referenced record leaves behind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# (verb, role) as METRICS.md classifies them: contributions give, learner events take part,
# administrative events never count as participation.
HOSTED = ("hosted", "contributor")
CO_HOSTED = ("co-hosted", "contributor")
AUTHORED = ("authored", "contributor")
MENTORED = ("mentored", "contributor")
REPLIED = ("replied", "contributor")
OFFERED = ("offered", "contributor")
ATTENDED = ("attended", "learner")
EXPERIENCED = ("experienced", "learner")
ASKED = ("asked", "learner")
REQUESTED = ("requested", "learner")
REGISTERED = ("registered", "admin")
UNREGISTERED = ("unregistered", "admin")
MISSED = ("missed", "admin")

PEER, COACHING = "peer", "coaching"


@dataclass(frozen=True)
class Ref:
    """What a referring record needs of a session, pair, post, video or library item."""

    activity_id: str
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    person: str | None = None  # a post's author, a pair's mentor
    other: str | None = None  # a pair's mentee; a post's thread activity


class MissingReference(Exception):
    """A record refers to one not seen yet; the reader tries it again at the end of the stream."""
