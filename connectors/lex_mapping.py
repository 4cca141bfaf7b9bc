"""How LEX records map to canonical rows, shared by the export bundle and the REST API.

Every entity has a handler (in `lex_sessions`, `lex_community`, `lex_media`) that turns one
record into Records of canonical rows. Records refer to others by id (a registration to its
session, a reply to the post it answers); `References` remembers what a run has seen and,
over REST, fetches what it has not.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import quote

from connectors import lex_community, lex_media, lex_sessions
from connectors.lex_fields import FieldError, RecordFields, redacted
from connectors.lex_vocabulary import MissingReference, Ref
from data.loading import Item, Record, Rejected, Row
from data.pseudonyms import Pseudonymiser
from data.schema import activities, activity_skills, activity_topics, events

# The entities of format 1.x in the order they are read: what others refer to comes first.
ENTITIES: dict[str, Callable] = {
    "sessions": lex_sessions.session,
    "registrations": lex_sessions.registration,
    "feedback": lex_sessions.feedback,
    "experts": lex_community.expert,
    "mentoring_pairs": lex_community.mentoring_pair,
    "mentoring_meetings": lex_community.mentoring_meeting,
    "exchange": lex_community.exchange,
    "forum_posts": lex_community.forum_post,
    "videos": lex_media.video,
    "video_views": lex_media.video_view,
    "library_items": lex_media.library_item,
    "library_reads": lex_media.library_read,
    "news": lex_media.news,
}
# entity -> the entities its records refer to
DEPENDS_ON: dict[str, tuple[str, ...]] = {
    "registrations": ("sessions",), "feedback": ("sessions",), "mentoring_meetings": ("mentoring_pairs",),
    "forum_posts": ("forum_posts",), "video_views": ("videos",), "library_reads": ("library_items",),
}
# What a record of these entities leaves behind for the records that refer to it.
REFERENCE_BUILDERS: dict[str, Callable] = {
    "sessions": lex_sessions.session_reference,
    "mentoring_pairs": lex_community.pair_reference,
    "forum_posts": lex_community.post_reference,
    "videos": lex_media.video_reference,
    "library_items": lex_media.library_reference,
}
ACTIVITY_PATHS = {"sessions": "sessions", "mentoring_pairs": "mentoring", "exchange": "exchange",
                  "forum_posts": "forum", "videos": "videos", "library_items": "library", "news": "news"}


class References:
    """Refs seen in this run by entity and id; `fetch(entity, id)` looks up the rest (REST only).

    `origin(entity)` says where a missing one was looked for, for the quarantine reason.
    """

    def __init__(self, origin: Callable[[str], str], fetch: Callable[[str, str], dict | None] | None = None):
        self.seen: dict[str, dict[str, Ref | None]] = {}
        self.origin, self.fetch = origin, fetch
        self.mapper: LexMapper | None = None

    def put(self, entity: str, record_id: str, ref: Ref) -> None:
        self.seen.setdefault(entity, {}).setdefault(record_id, ref)

    def get(self, entity: str, record_id: str, final: bool = True) -> Ref | None:
        known = self.seen.setdefault(entity, {})
        if record_id in known:
            return known[record_id]
        if not final:
            raise MissingReference(entity, record_id)
        ref = None
        record = self.fetch(entity, record_id) if self.fetch is not None else None
        if isinstance(record, dict):
            try:
                ref = REFERENCE_BUILDERS[entity](self.mapper, RecordFields(record, self.mapper.reference))
            except FieldError:
                ref = None
        known[record_id] = ref
        return ref


class LexMapper:
    """Maps LEX records of one source to canonical rows; persons are pseudonymised here."""

    def __init__(self, source: str, pseudonymise: Pseudonymiser, platform_url: str, reference: datetime,
                 references: References):
        self.source, self.pseudonymise = source, pseudonymise
        self.platform_url, self.reference = platform_url.rstrip("/"), reference
        self.refs = references
        references.mapper = self
        # Sessions not started yet by id -> start: their hosting is loaded by a later sync.
        self.pending: dict[str, str] = {}
        self.final = True  # False while a reader can still come back to a record whose reference is missing
        self.held: dict[tuple, tuple] = {}
        self.owners: dict[tuple, tuple[str, str]] = {}

    def map(self, entity: str, location: str, record: object, final: bool = True) -> list[Item]:
        """The items of one record, or one Rejected; raises MissingReference only when not `final`."""
        if not isinstance(record, dict):
            return [Rejected(location, "a record must be a JSON object", redacted(record, self.pseudonym_of))]
        self.final = final
        try:
            return ENTITIES[entity](self, RecordFields(record, self.reference), location)
        except FieldError as exc:
            return [Rejected(location, str(exc), redacted(record, self.pseudonym_of))]
        except (TypeError, ValueError, AttributeError) as exc:
            return [Rejected(location, f"malformed record ({exc.__class__.__name__})",
                             redacted(record, self.pseudonym_of))]

    def hold(self, key: tuple, rank, record: Record) -> None:
        """Keep one record per key until `flush`: the highest rank wins, a later one on a tie.

        Two registrations of one person for one session share one enrolment; yielding both would
        count an update at every sync.
        """
        held = self.held.get(key)
        if held is None or rank >= held[0]:
            self.held[key] = (rank, record)

    def flush(self) -> list[Item]:
        items = [record for _, record in self.held.values()]
        self.held = {}
        return items

    def claim(self, key: tuple, record_id: str, location: str, what: str) -> None:
        """Raise if another record of this run already claimed `key` (one expert entry per person, ...)."""
        owner, first = self.owners.setdefault(key, (record_id, location))
        if owner != record_id:
            raise FieldError(f"{what} (first at {first})")

    # --- persons -------------------------------------------------------------------------------
    def person(self, f: RecordFields, name: str, required: bool = True) -> str | None:
        value = f.raw(name)
        if value is None:
            if required:
                raise FieldError(f"required field {name} is missing")
            return None
        return self.person_value(value, name)

    def person_value(self, value: object, name: str) -> str:
        """The pseudonym of a person object: its employee number if given, else its e-mail."""
        if not isinstance(value, dict):
            raise FieldError(f"{name} must be an object with employee_no and/or email")
        number, email = value.get("employee_no"), value.get("email")
        if number not in (None, ""):
            if isinstance(number, bool) or not isinstance(number, (str, int)) or not str(number).strip():
                raise FieldError(f"{name}.employee_no must be a string")
            return self.pseudonymise("employee_no", str(number))
        if email not in (None, ""):
            if not isinstance(email, str) or "@" not in email or any(ch.isspace() for ch in email.strip()):
                raise FieldError(f"{name}.email is not an e-mail address")
            return self.pseudonymise("email", email)
        raise FieldError(f"{name} has neither employee_no nor email")

    def pseudonym_of(self, value: dict) -> str | None:
        try:
            return self.person_value(value, "person")
        except FieldError:
            return None

    # --- canonical rows ------------------------------------------------------------------------
    def activity_id(self, entity: str, record_id: str) -> str:
        return f"{self.platform_url}/{ACTIVITY_PATHS[entity]}/{quote(record_id, safe='')}"

    def activity(self, where: str, activity_id: str, activity_type: str, channel: str, f: RecordFields,
                 title: str | None, extra_topics: tuple | list = (), **values) -> Record:
        """The activity row with its topics and skills as related rows."""
        row = {"activity_id": activity_id, "activity_type": activity_type, "channel": channel, "title": title,
               "planned_minutes": None, "community": f.text("community", limit=200), "starts_at": None,
               "ends_at": None, "join_url": None, "online": None, "location": None,
               "language": f.language(), "parent_activity_id": None, "planned_meetings": None,
               "source": self.source, **values}
        topics = [Row(activity_topics, {"activity_id": activity_id, "topic": t, "source": self.source})
                  for t in dict.fromkeys([*f.strings("topics", 200), *extra_topics])]
        skills = [Row(activity_skills, {"activity_id": activity_id, "skill_id": s, "source": self.source})
                  for s in f.strings("skills", 512)]
        return Record(where, Row(activities, row), tuple(topics + skills))

    def event(self, where: str, record_id: str, actor: str, activity_id: str, verb_role: tuple[str, str],
              at: datetime, duration: float | None = None, counterpart: str | None = None) -> Record:
        verb, role = verb_role
        return Record(where, Row(events, {
            "source": self.source, "source_record_id": record_id, "actor_id": actor, "activity_id": activity_id,
            "verb": verb, "role": role, "occurred_at": at, "duration_seconds": duration, "success": None,
            "completion": None, "score": None, "counterpart_id": counterpart,
        }))
