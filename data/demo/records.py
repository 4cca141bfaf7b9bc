"""What each simulated system records: plain facts the export_* modules write in that system's own format.

Persons are indices into the people list; times are epoch milliseconds (UTC).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .catalog import Topic

# -- the peer platform (LEX) ---------------------------------------------------------------------------

@dataclass
class Registration:
    id: int
    person: int
    registered_ms: int
    cancelled_ms: int | None = None
    joined_s: int = 0  # seconds after the start when the person joined
    attended_s: int | None = None  # seconds in the session; None: did not attend (or no attendance recorded)
    rejoined: bool = False  # dropped out once and came back (two joins in Teams)


@dataclass
class Session:
    id: int
    title: str
    topic: Topic
    skills: list[str]
    host: int
    co_hosts: list[int]
    start_ms: int
    minutes: int
    online: bool
    location: str = ""  # room of a local session
    cancelled_ms: int | None = None
    registrations: list[Registration] = field(default_factory=list)
    walk_ins: list[Registration] = field(default_factory=list)  # joined the Teams meeting without registering
    report: bool = False  # the host downloaded the Teams attendance report
    presenters: bool = False  # the tenant lets every participant present (roles show as Presenter)

    @property
    def end_ms(self) -> int:
        return self.start_ms + self.minutes * 60_000


@dataclass
class Feedback:
    id: int
    session: Session
    person: int
    anonymous: bool
    rating: int
    recommendation: int | None
    submitted_ms: int


@dataclass
class Expert:
    id: int
    person: int
    skills: list[str]
    topics: list[str]
    since_ms: int


@dataclass
class Pair:
    id: int
    kind: str  # mentoring, coaching
    mentor: int
    mentee: int
    topic: str
    skills: list[str]
    start_ms: int
    planned: int
    end_ms: int | None = None
    meetings: list[tuple[int, int, int]] = field(default_factory=list)  # (meeting id, held ms, minutes)


@dataclass
class Exchange:
    id: int
    kind: str  # offer, request
    author: int
    title: str
    topic: Topic
    skills: list[str]
    created_ms: int
    responses: list[tuple[int, int, int]] = field(default_factory=list)  # (response id, person, ms)


@dataclass
class Post:
    id: int
    thread: int
    author: int
    created_ms: int
    reply_to: int | None = None
    kind: str = "question"
    title: str = ""
    topic: Topic | None = None
    skills: list[str] = field(default_factory=list)


@dataclass
class Media:
    """A video (seconds = its length) or a library item (seconds = its reading time)."""

    id: int
    kind: str  # video, library
    author: int
    title: str
    topic: Topic
    skills: list[str]
    created_ms: int
    seconds: int
    item_type: str = ""  # library: article, document, ...


@dataclass
class News:
    id: int
    author: int
    title: str
    community: str
    published_ms: int


@dataclass
class Lex:
    sessions: list[Session] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    experts: dict[int, Expert] = field(default_factory=dict)
    pairs: list[Pair] = field(default_factory=list)
    exchange: list[Exchange] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    media: list[Media] = field(default_factory=list)
    news: list[News] = field(default_factory=list)
    views: list[tuple[Media, int, int, int, int | None]] = field(default_factory=list)  # (item, id, person, ms, s)
    ids: dict[str, int] = field(default_factory=dict)

    def clear(self) -> None:
        """Forget what has been written (the experts stay: the directory is looked up and written at the end)."""
        for records in (self.sessions, self.feedback, self.pairs, self.exchange, self.posts, self.media, self.news,
                        self.views):
            records.clear()

    def next_id(self, entity: str) -> int:
        self.ids[entity] = self.ids.get(entity, 0) + 1
        return self.ids[entity]


# -- the LMS (Moodle) -------------------------------------------------------------------------------------

@dataclass
class Module:
    cmid: int
    modname: str  # scorm, quiz, bigbluebuttonbn, attendance
    instance: int
    name: str


@dataclass(slots=True)
class Enrolment:
    person: int
    enrolled_ms: int
    states: dict[int, tuple[int, int]] = field(default_factory=dict)  # cmid -> (completion state, ms)
    last_ms: int = 0  # last access to the course

    def mark(self, cmid: int, state: int, ms: int) -> None:
        self.states[cmid] = (state, ms)
        self.last_ms = max(self.last_ms, ms)


# -- learning companionship ------------------------------------------------------------------------------

@dataclass
class Conversation:
    id: str
    companion: int
    learner: int
    start_ms: int
    minutes: int
    topic: str
    skills: list[str]
    stage: str


@dataclass
class Circle:
    id: str
    title: str
    topic: str
    facilitator: int
    start_ms: int
    planned: int
    minutes: int
    skills: list[str]
    members: list[tuple[int, int | None]] = field(default_factory=list)  # (person, left ms or None)
    meetings: list[tuple[int, int, list[int]]] = field(default_factory=list)  # (number, start ms, attendees)


@dataclass
class Companionship:
    """The conversations and circles not yet written, and how many were written before them."""

    conversations: list[Conversation] = field(default_factory=list)
    circles: list[Circle] = field(default_factory=list)
    conversations_before: int = 0
    circles_before: int = 0

    def clear(self) -> None:
        self.conversations_before += len(self.conversations)
        self.circles_before += len(self.circles)
        self.conversations.clear()
        self.circles.clear()
