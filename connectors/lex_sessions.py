"""LEX sessions, their registrations and attendance, and their feedback as canonical rows."""

from __future__ import annotations

from connectors.join_links import canonical_join_url
from connectors.lex_fields import FUTURE_TOLERANCE, FieldError, RecordFields, utc_text
from connectors.lex_vocabulary import (
    ATTENDED,
    CO_HOSTED,
    HOSTED,
    MISSED,
    PEER,
    REGISTERED,
    UNREGISTERED,
    Ref,
)
from data.loading import Item, Record, Row, Void
from data.schema import enrolments
from data.schema import feedback as feedback_table

SESSION_STATUSES = ("scheduled", "held", "cancelled")
REGISTRATION_STATUSES = ("registered", "cancelled")


def _times(f: RecordFields) -> tuple:
    starts = f.timestamp("starts_at", required=True, past=False)
    ends = f.timestamp("ends_at", required=True, past=False)
    if ends <= starts:
        raise FieldError(f"ends_at {f.raw('ends_at')} is not after starts_at {f.raw('starts_at')}")
    return starts, ends


def session_reference(m, f: RecordFields) -> Ref:
    starts, ends = _times(f)
    return Ref(m.activity_id("sessions", f.id()), starts, ends, m.person(f, "host"))


def session(m, f: RecordFields, location: str) -> list[Item]:
    """The session as activity; once it started, its host and co-hosts as contributions (retracted if cancelled)."""
    session_id = f.id()
    title = f.text("title", required=True, limit=500, cut=True)
    starts, ends = _times(f)
    host = m.person(f, "host")
    co_hosts = [m.person_value(value, f"co_hosts[{i}]") for i, value in enumerate(f.objects("co_hosts"))]
    online = f.flag("online", required=True)
    place = f.text("location", limit=200)
    if not online and not place:
        raise FieldError("location is required for a local session (online is false)")
    join_url = f.url("join_url")
    join_url = canonical_join_url(join_url) if join_url else None  # the spelling every source compares
    status = f.choice("status", SESSION_STATUSES, "scheduled")
    f.text("description")
    activity_id = m.activity_id("sessions", session_id)
    items: list[Item] = [m.activity(
        location, activity_id, "session", PEER, f, title, planned_minutes=(ends - starts).total_seconds() / 60,
        starts_at=starts, ends_at=ends, join_url=join_url, online=online, location=place)]
    m.refs.put("sessions", session_id, Ref(activity_id, starts, ends, host))
    if status != "cancelled" and starts > m.reference:
        # Hosting counts once the session has started; the reader comes back for it then.
        m.pending[session_id] = utc_text(starts)
        return items
    m.pending.pop(session_id, None)
    givers = [(f"session:{session_id}:host", host, HOSTED)] + [
        (f"session:{session_id}:co-host:{c}", c, CO_HOSTED) for c in dict.fromkeys(co_hosts) if c != host]
    for record_id, actor, verb_role in givers:
        if status == "cancelled":
            items.append(Void(location, record_id, f"session:{session_id}:cancelled"))
        else:
            items.append(m.event(location, record_id, actor, activity_id, verb_role, starts))
    return items


def _session_of(m, f: RecordFields) -> tuple[str, Ref]:
    session_id = f.id("session_id")
    ref = m.refs.get("sessions", session_id)
    if ref is None:
        raise FieldError(f"session_id '{session_id}' names no valid session in {m.refs.origin('sessions')}")
    return session_id, ref


def registration(m, f: RecordFields, location: str) -> list[Item]:
    """A registered (or unregistered) event, attended or missed once attendance is known, and the enrolment
    (one per person and session, from the latest registration, yielded when the stream ends)."""
    registration_id = f.id()
    person = m.person(f, "person")
    registered_at = f.timestamp("registered_at", required=True)
    status = f.choice("status", REGISTRATION_STATUSES, "registered")
    cancelled_at = f.timestamp("cancelled_at")
    if cancelled_at and cancelled_at < registered_at:
        raise FieldError("cancelled_at is before registered_at")
    attended = f.flag("attended")
    minutes = f.number("minutes_attended", low=0)
    if minutes and attended is False:
        raise FieldError(f"minutes_attended is {minutes:g} but attended is false")
    if attended is None and minutes is not None:
        attended = minutes > 0
    _, session_ref = _session_of(m, f)
    if attended is not None and session_ref.starts_at > m.reference + FUTURE_TOLERANCE:
        raise FieldError(f"attendance is given, but the session starts {utc_text(session_ref.starts_at)}, "
                         f"after the export time {utc_text(m.reference)}")
    activity_id = session_ref.activity_id
    state = {True: "attended", False: "no_show"}.get(attended, "cancelled" if status == "cancelled" else "registered")
    m.hold(("enrolment", person, activity_id), registered_at, Record(location, Row(enrolments, {
        "source": m.source, "actor_id": person, "activity_id": activity_id, "enrolled_at": registered_at,
        "completed_at": session_ref.ends_at if attended else None, "status": state})))
    items: list[Item] = []
    if status == "cancelled":
        items.append(m.event(location, f"registration:{registration_id}", person, activity_id, UNREGISTERED,
                             cancelled_at or registered_at))
    else:
        items.append(m.event(location, f"registration:{registration_id}", person, activity_id, REGISTERED,
                             registered_at))
    if attended is not None:
        items.append(m.event(location, f"registration:{registration_id}:attendance", person, activity_id,
                             ATTENDED if attended else MISSED, session_ref.starts_at,
                             duration=minutes * 60 if attended and minutes is not None else None))
    return items


def feedback(m, f: RecordFields, location: str) -> list[Item]:
    """A rating 1 to 5 and an optional 0 to 10 recommendation; anonymous feedback keeps no person."""
    feedback_id = f.id()
    anonymous = f.flag("anonymous", default=False)
    person = None if anonymous else m.person(f, "person", required=False)
    rating = f.number("rating", required=True, low=1, high=5)
    recommendation = f.number("recommendation", low=0, high=10, integer=True)
    submitted_at = f.timestamp("submitted_at", required=True)
    f.text("comment")
    _, session_ref = _session_of(m, f)
    if submitted_at < session_ref.starts_at:
        raise FieldError("submitted_at is before the session starts")
    return [Record(location, Row(feedback_table, {
        "source": m.source, "source_record_id": f"feedback:{feedback_id}", "actor_id": person,
        "activity_id": session_ref.activity_id, "rating": rating, "recommendation": recommendation,
        "submitted_at": submitted_at}))]
