"""How one calendar occurrence maps to canonical rows: the session, its topics, its host and its invitees."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from icalendar import Component

from connectors.base import redacted
from connectors.ical_series import Occurrence
from connectors.join_links import canonical_join_url
from data.loading import Item, Record, Rejected, Row
from data.schema import activities, activity_topics, enrolments, events

# Where calendars put the meeting link, most specific first.
LINK_PROPERTIES = ("X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-GOOGLE-CONFERENCE", "X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
                   "URL", "LOCATION", "DESCRIPTION")
MEETING_LINK = re.compile(
    r"https://(?:teams\.microsoft\.com/l/meetup-join/|teams\.microsoft\.com/meet/|teams\.live\.com/meet/"
    r"|meet\.google\.com/[a-z]{3}-[a-z]{4}-[a-z]{3}"
    r"|(?:[\w-]+\.)*zoom(?:gov)?\.(?:us|com)/(?:j|w|my|s)/"
    r"|[\w-]+\.webex\.com/(?:meet/|join/|[\w-]+/j\.php))[^\s<>\"'()]*",
    re.IGNORECASE,
)
SAFE_LINK = re.compile(r"https://[\w.-]*safelinks\.protection\.outlook\.com/[^\s<>\"]*", re.IGNORECASE)
# What Outlook and platforms put in LOCATION for online meetings: a placeholder, not a place.
PLACEHOLDER = re.compile(r"^(online|virtuell|remote|(microsoft\s+)?teams|zoom|google\s+meet|webex)"
                         r"([-\s]*(meeting|besprechung|call))?$", re.IGNORECASE)

# PARTSTAT (RFC 5545, 3.2.12) -> (event verb, enrolment status). All administrative: an
# answer to an invitation is not participation; attendance comes from attendance reports.
PARTSTATS = {
    "ACCEPTED": ("registered", "accepted"),
    "TENTATIVE": ("registered", "tentative"),
    "DECLINED": ("declined", "declined"),
    "NEEDS-ACTION": ("invited", "invited"),
    "DELEGATED": ("delegated", "delegated"),
}
NOT_PERSONS = {"ROOM", "RESOURCE", "GROUP"}  # CUTYPE: rooms, projectors and mailing lists are not invitees
IRI_LENGTH, RECORD_ID_LENGTH, TITLE_LENGTH, LOCATION_LENGTH = 512, 200, 500, 200


def join_link(event: Component) -> str | None:
    """The first Teams, Zoom, Meet or Webex link in the event's link-bearing properties."""
    for name in LINK_PROPERTIES:
        value = event.get(name)
        if value is None:
            continue
        for text in value if isinstance(value, list) else [value]:
            text = str(text)
            for wrapped in SAFE_LINK.findall(text):  # Outlook Safe Links wrap the real address
                target = parse_qs(urlsplit(wrapped).query).get("url", [""])[0]
                text = text.replace(wrapped, target)
            match = MEETING_LINK.search(text)
            if match:
                return canonical_join_url(match.group(0).rstrip(".,;"))
    return None


def email_of(address: object) -> str | None:
    """The e-mail address of a CAL-ADDRESS (`mailto:`), or None."""
    text = str(address or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text if re.fullmatch(r"[^@\s:]+@[^@\s]+\.[^@\s]+", text) else None


def record_id(activity_id: str, part: str) -> str:
    """A source record id stable per occurrence and person; hashed where the readable one is too long."""
    readable = f"{activity_id}|{part}"
    if len(readable) <= RECORD_ID_LENGTH:
        return readable
    return f"sha256:{hashlib.sha256(activity_id.encode()).hexdigest()[:40]}|{part}"


def _text(event: Component, name: str) -> str:
    value = event.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return " ".join(str(value).split()) if value is not None else ""


def _topics(event: Component) -> list[str]:
    values = event.get("CATEGORIES")
    topics: list[str] = []
    for category in values if isinstance(values, list) else [values] if values is not None else []:
        for topic in getattr(category, "cats", []):
            topic = " ".join(str(topic).split())[:200]
            if topic and topic not in topics:
                topics.append(topic)
    return topics


def _list(value: object) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


class OccurrenceMapper:
    """Maps occurrences of one source's calendars to items."""

    def __init__(self, source: str, pseudonymise: Callable[[str, str], str], activity_type: str, channel: str):
        self.source, self.pseudonymise = source, pseudonymise
        self.activity_type, self.channel = activity_type, channel

    def activity_id(self, occurrence: Occurrence) -> tuple[str, str | None]:
        """(activity id, parent id): the URL property or the UID; an instance adds '#' and its RECURRENCE-ID."""
        base = _text(occurrence.event, "URL") or occurrence.uid
        if occurrence.key is None:
            return base, None
        return f"{base}#{occurrence.key}", base

    def items(self, occurrence: Occurrence, location: str, people: bool) -> Iterator[Item]:
        """The session's row and, once it has begun (`people`), its host's and invitees' rows."""
        event = occurrence.event
        activity_id, parent = self.activity_id(occurrence)
        where = {"uid": occurrence.uid, "occurrence": occurrence.key}
        if len(activity_id) > IRI_LENGTH:
            yield Rejected(location, f"the activity id (URL or UID) is longer than {IRI_LENGTH} characters",
                           redacted(where))
            return
        if _text(event, "STATUS").upper() == "CANCELLED":
            yield Rejected(location, "cancelled (STATUS:CANCELLED): not loaded as a session", redacted(where))
            return
        yield self._activity(occurrence, location, activity_id, parent)
        if not people:
            return
        organizer = event.get("ORGANIZER")
        host = email_of(organizer)
        if organizer is not None:
            yield self._host(occurrence, location, activity_id, host, where)
        for attendee in _list(event.get("ATTENDEE")):
            email = email_of(attendee)
            if getattr(attendee, "params", {}).get("CUTYPE", "INDIVIDUAL").upper() in NOT_PERSONS:
                continue
            if email is not None and host is not None and email.lower() == host.lower():
                continue  # Google lists the organiser among the attendees: already the host
            yield self._invitee(occurrence, location, activity_id, attendee, email, where)

    def _activity(self, occurrence: Occurrence, location: str, activity_id: str, parent: str | None) -> Record:
        event = occurrence.event
        join_url = join_link(event)
        place = _text(event, "LOCATION")
        if PLACEHOLDER.match(place) or MEETING_LINK.fullmatch(place):
            place = ""
        online = True if join_url else (False if place else None)
        # language, community and planned_meetings are left out: a calendar does not know them, and
        # another source's values for the same activity must not be erased.
        row = Row(activities, {
            "activity_id": activity_id, "activity_type": self.activity_type, "channel": self.channel,
            "title": _text(event, "SUMMARY")[:TITLE_LENGTH] or None,
            "planned_minutes": (occurrence.end - occurrence.start).total_seconds() / 60,
            "starts_at": occurrence.start, "ends_at": occurrence.end, "join_url": join_url, "online": online,
            "location": place[:LOCATION_LENGTH] or None, "parent_activity_id": parent, "source": self.source,
        })
        topics = tuple(Row(activity_topics, {"activity_id": activity_id, "topic": topic, "source": self.source})
                       for topic in _topics(event))
        return Record(location, row, topics)

    def _host(self, occurrence: Occurrence, location: str, activity_id: str, host: str | None, where: dict) -> Item:
        if host is None:
            return Rejected(location, "ORGANIZER has no mailto: e-mail address; the host cannot be named",
                            redacted({**where, "part": "organizer"}))
        return Record(location, Row(events, self._event(
            record_id(activity_id, "host"), self.pseudonymise("email", host), activity_id, "hosted", "contributor",
            occurrence.start)))

    def _invitee(self, occurrence: Occurrence, location: str, activity_id: str, attendee: object,
                 email: str | None, where: dict) -> Item:
        partstat = str(getattr(attendee, "params", {}).get("PARTSTAT", "NEEDS-ACTION")).upper()
        actor = self.pseudonymise("email", email) if email else None
        if actor is None or partstat not in PARTSTATS:
            reason = ("ATTENDEE has no mailto: e-mail address; the invitee cannot be named" if actor is None else
                      f"ATTENDEE PARTSTAT '{partstat}' is not one of {', '.join(PARTSTATS)}")
            return Rejected(location, reason, redacted({**where, "part": "attendee", "partstat": partstat,
                                                       "attendee": f"pseudonym:{actor}" if actor else None}))
        verb, status = PARTSTATS[partstat]
        enrolment = Row(enrolments, {"source": self.source, "actor_id": actor, "activity_id": activity_id,
                                     "enrolled_at": None, "completed_at": None, "status": status})
        return Record(location, Row(events, self._event(
            record_id(activity_id, actor), actor, activity_id, verb, "admin", occurrence.start)), (enrolment,))

    def _event(self, record: str, actor: str, activity_id: str, verb: str, role: str, at: datetime) -> dict:
        return {"source": self.source, "source_record_id": record, "actor_id": actor, "activity_id": activity_id,
                "verb": verb, "role": role, "occurred_at": at, "duration_seconds": None, "success": None,
                "completion": None, "score": None, "counterpart_id": None}
