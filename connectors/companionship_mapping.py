"""How companionship exports map to canonical rows: conversations, circles, memberships, held meetings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from connectors.base import redacted
from connectors.companionship_layout import (
    end_of,
    identifier_kind,
    local_to_utc,
    parse_count,
    parse_id,
    parse_minutes,
    parse_stage,
    parse_time,
    split_list,
)
from connectors.csv_files import FieldError, parse_date
from data.loading import Item, Record, Rejected, Row
from data.schema import activities, activity_skills, activity_topics, events

IDENTIFIER_FIELDS = {"employee_no": "employee_no", "email": "email"}
CHANNELS = {"learning_conversation": "coaching", "circle": "circle", "circle_meeting": "circle"}


@dataclass(frozen=True)
class Person:
    """A person as the export names them: the pseudonym events carry and every pseudonym known for them."""

    actor_id: str
    pseudonyms: frozenset[str]


@dataclass(frozen=True)
class Circle:
    """What meetings and memberships need to know of their circle."""

    activity_id: str
    title: str
    planned_meetings: int
    start: date
    facilitator: Person | None
    topic: str | None
    skills: tuple[str, ...]


class CompanionshipMapper:
    """Turns the fields of one export row into canonical rows; raises FieldError for an unusable row."""

    def __init__(self, source: str, pseudonymise: Callable[[str, str], str], zone: ZoneInfo, today: date):
        self.source, self.pseudonymise, self.zone, self.today = source, pseudonymise, zone, today

    # -- people -------------------------------------------------------------------------------------------

    def person(self, values: dict, prefix: str, who: str) -> Person:
        """The person in `<prefix>employee_no` / `<prefix>email`; the employee number is preferred as actor."""
        employee_no, email = values.get(prefix + "employee_no", ""), values.get(prefix + "email", "")
        if not employee_no and not email:
            raise FieldError(f"{who} has neither employee number nor e-mail")
        pseudonyms = []
        if employee_no:
            if identifier_kind(employee_no) != "employee_no":
                raise FieldError(f"{who}'s employee number is not a number-like code")
            pseudonyms.append(self.pseudonymise("employee_no", employee_no))
        if email:
            if identifier_kind(email) != "email":
                raise FieldError(f"{who}'s e-mail is not an e-mail address")
            pseudonyms.append(self.pseudonymise("email", email))
        return Person(pseudonyms[0], frozenset(pseudonyms))

    def redact(self, values: dict) -> str:
        """The row for quarantine: identifiers replaced by their pseudonyms, lists of people likewise."""
        safe = {}
        for field, value in values.items():
            kind = next((k for k in IDENTIFIER_FIELDS if field.endswith(k)), None)
            if kind and value:
                safe[field] = "pseudonym:" + self.pseudonymise(kind, value)
            elif field == "attendees" and value:
                safe[field] = [self._redacted_identifier(v) for v in split_list(value)]
            else:
                safe[field] = value
        return redacted(safe)

    def _redacted_identifier(self, value: str) -> str:
        kind = identifier_kind(value)
        return "pseudonym:" + self.pseudonymise(kind, value) if kind else "<not an identifier, not stored>"

    # -- shared fields ------------------------------------------------------------------------------------

    def held_at(self, values: dict, what: str) -> tuple[datetime, datetime | None, float | None]:
        """Start (naive UTC), end and minutes of something that took place; never in the future."""
        day = parse_date(values["date"], "date")
        if day is None:
            raise FieldError("date is empty")
        if day > self.today:
            raise FieldError(f"date {day:%d.%m.%Y} is in the future; a {what} is exported once it took place")
        clock = parse_time(values.get("start_time", ""), "start time")
        minutes = parse_minutes(values.get("duration", ""), "duration")
        start = local_to_utc(day, clock, self.zone)
        return start, end_of(start, minutes) if clock else None, minutes

    def _tags(self, activity_id: str, topic: str | None, skills: tuple[str, ...]) -> tuple[Row, ...]:
        rows = [Row(activity_skills, {"activity_id": activity_id, "skill_id": s, "source": self.source})
                for s in skills]
        if topic:
            rows.insert(0, Row(activity_topics, {"activity_id": activity_id, "topic": topic[:200],
                                                 "source": self.source}))
        return tuple(rows)

    def _activity(self, activity_id: str, activity_type: str, title: str, **values) -> Row:
        """An activity row with every column set, so rows of one batch share their columns."""
        return Row(activities, {
            "activity_id": activity_id, "activity_type": activity_type, "channel": CHANNELS[activity_type],
            "title": title[:500], "planned_minutes": None, "starts_at": None, "ends_at": None,
            "parent_activity_id": None, "planned_meetings": None, "source": self.source, **values,
        })

    def _event(self, record_id: str, actor: str, activity_id: str, verb: str, role: str, at: datetime,
               seconds: float | None = None, counterpart: str | None = None) -> Row:
        return Row(events, {
            "source": self.source, "source_record_id": record_id, "actor_id": actor, "activity_id": activity_id,
            "verb": verb, "role": role, "occurred_at": at, "duration_seconds": seconds, "success": None,
            "completion": None, "score": None, "counterpart_id": counterpart,
        })

    # -- rows ---------------------------------------------------------------------------------------------

    def conversation(self, location: str, values: dict) -> list[Record]:
        """Two events (companion accompanied, learner attended), the conversation as their activity."""
        conversation_id = parse_id(values["conversation_id"], "conversation id")
        companion = self.person(values, "companion_", "the companion")
        learner = self.person(values, "learner_", "the learner")
        if companion.pseudonyms & learner.pseudonyms:
            raise FieldError("companion and learner are the same person")
        start, end, minutes = self.held_at(values, "conversation")
        parse_stage(values.get("stage", ""))  # validated; the canonical model has no column for it yet
        topic = values.get("topic") or None
        activity_id = f"urn:dirigent:{quote(self.source)}:conversation:{quote(conversation_id, safe='')}"
        activity = self._activity(activity_id, "learning_conversation", topic or "Lerngespräch",
                                  planned_minutes=minutes, starts_at=start, ends_at=end)
        related = (activity, *self._tags(activity_id, topic, tuple(split_list(values.get("skills", "")))))
        seconds = minutes * 60 if minutes is not None else None
        base = f"conversation:{conversation_id}"
        return [
            Record(location, self._event(f"{base}:companion", companion.actor_id, activity_id, "accompanied",
                                         "contributor", start, seconds, learner.actor_id), related),
            Record(location, self._event(f"{base}:learner", learner.actor_id, activity_id, "attended",
                                         "learner", start, seconds)),
        ]

    def circle(self, location: str, values: dict) -> tuple[Record, Circle]:
        circle_id = parse_id(values["circle_id"], "circle id")
        name = values["name"].strip()
        if not name:
            raise FieldError("name (Bezeichnung) is empty")
        start = parse_date(values["start_date"], "start date")
        if start is None:
            raise FieldError("start date is empty")
        planned = parse_count(values["planned_meetings"], "planned meetings")
        has_facilitator = values.get("facilitator_employee_no") or values.get("facilitator_email")
        facilitator = self.person(values, "facilitator_", "the facilitator") if has_facilitator else None
        topic = values.get("topic") or None
        skills = tuple(split_list(values.get("skills", "")))
        activity_id = f"urn:dirigent:{quote(self.source)}:circle:{quote(circle_id, safe='')}"
        row = self._activity(activity_id, "circle", name, starts_at=local_to_utc(start, None, self.zone),
                             planned_meetings=planned)
        info = Circle(activity_id, name, planned, start, facilitator, topic, skills)
        return Record(location, row, self._tags(activity_id, topic, skills)), info

    def membership(self, location: str, values: dict, circle: Circle) -> list[Record]:
        """A `registered` admin event when the member joined, an `unregistered` one when they left."""
        member = self.person(values, "", "the member")
        joined = parse_date(values.get("joined", ""), "joined") or circle.start
        left = parse_date(values.get("left", ""), "left")
        if left and left < joined:
            raise FieldError(f"left {left:%d.%m.%Y} is before joined {joined:%d.%m.%Y}")
        base = f"circle:{values['circle_id']}:member:{member.actor_id}"
        records = [Record(location, self._event(base, member.actor_id, circle.activity_id, "registered", "admin",
                                                local_to_utc(joined, None, self.zone)))]
        if left:
            records.append(Record(location, self._event(f"{base}:left", member.actor_id, circle.activity_id,
                                                        "unregistered", "admin", local_to_utc(left, None, self.zone))))
        return records

    def meeting(self, location: str, values: dict, circle: Circle, with_attendance: bool) -> Iterator[Item]:
        """The meeting as an activity of its circle, the facilitator's event, one event per attendee."""
        number = parse_count(values["meeting_no"], "meeting number")
        start, end, minutes = self.held_at(values, "meeting")
        activity_id = f"{circle.activity_id}:meeting:{number}"
        seconds = minutes * 60 if minutes is not None else None
        title = f"{circle.title} – Treffen {number}/{circle.planned_meetings}"
        yield Record(location, self._activity(activity_id, "circle_meeting", title, planned_minutes=minutes,
                                              starts_at=start, ends_at=end, parent_activity_id=circle.activity_id),
                     self._tags(activity_id, circle.topic, circle.skills))
        base = f"circle:{values['circle_id']}:meeting:{number}"
        facilitator = circle.facilitator
        if facilitator:
            yield Record(location, self._event(f"{base}:facilitator", facilitator.actor_id, activity_id,
                                               "facilitated", "contributor", start, seconds))
        if not with_attendance:
            return
        seen = set(facilitator.pseudonyms) if facilitator else set()
        for position, entry in enumerate(split_list(values.get("attendees", "")), start=1):
            kind = identifier_kind(entry)
            if kind is None:
                yield Rejected(location, f"attendee {position} is neither an employee number nor an e-mail address",
                               redacted({"circle_id": values["circle_id"], "meeting_no": number,
                                         "attendee": "<not an identifier, not stored>"}))
                continue
            actor = self.pseudonymise(kind, entry)
            if actor in seen:  # listed twice, or the facilitator, who has their own event
                continue
            seen.add(actor)
            yield Record(location, self._event(f"{base}:attendee:{actor}", actor, activity_id, "attended", "learner",
                                               start, seconds))
