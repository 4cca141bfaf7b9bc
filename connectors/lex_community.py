"""LEX experts, mentoring and coaching, the exchange marketplace and the forum as canonical rows."""

from __future__ import annotations

from datetime import datetime, time

from connectors.lex_fields import FieldError, RecordFields
from connectors.lex_vocabulary import (
    ASKED, ATTENDED, AUTHORED, COACHING, MENTORED, OFFERED, PEER, REPLIED, REQUESTED, Ref,
)
from data.loading import Item, Record, Row
from data.schema import expertise


def expert(m, f: RecordFields, location: str) -> list[Item]:
    """One expertise row per declared skill."""
    expert_id = f.id()
    person = m.person(f, "person")
    m.claim(("expert", person), expert_id, location, "the person is listed as expert twice")
    skills = f.strings("skills", 512)
    if not skills:
        raise FieldError("skills is empty: an expert declares at least one skill")
    since = f.day("since")
    return [Record(location, Row(expertise, {"actor_id": person, "skill_id": skill, "declared_on": since,
                                             "source": m.source})) for skill in skills]


def pair_reference(m, f: RecordFields) -> Ref:
    mentor, mentee = m.person(f, "mentor"), m.person(f, "mentee")
    if mentor == mentee:
        raise FieldError("mentor and mentee are the same person")
    starts = f.day("starts_on", required=True)
    ends = f.day("ends_on", past=False)
    if ends and ends < starts:
        raise FieldError("ends_on is before starts_on")
    return Ref(m.activity_id("mentoring_pairs", f.id()), datetime.combine(starts, time()),
               datetime.combine(ends, time()) if ends else None, mentor, mentee)


def mentoring_pair(m, f: RecordFields, location: str) -> list[Item]:
    """The pair as a coaching activity; its meetings carry the events."""
    ref = pair_reference(m, f)
    kind = f.choice("kind", ("mentoring", "coaching"), "mentoring")
    topic = f.text("topic", limit=200)
    planned = f.number("planned_meetings", low=1, integer=True)
    title = f"{kind.capitalize()}: {topic}" if topic else kind.capitalize()
    m.refs.put("mentoring_pairs", f.id(), ref)
    return [m.activity(location, ref.activity_id, "mentoring", COACHING, f, title, starts_at=ref.starts_at,
                       ends_at=ref.ends_at, planned_meetings=planned, extra_topics=[topic] if topic else [])]


def mentoring_meeting(m, f: RecordFields, location: str) -> list[Item]:
    """The mentor mentored (the mentee as counterpart); the mentee attended."""
    meeting_id = f.id()
    pair_id = f.id("pair_id")
    held_at = f.timestamp("held_at", required=True)
    minutes = f.number("duration_minutes", low=0)
    pair = m.refs.get("mentoring_pairs", pair_id)
    if pair is None:
        raise FieldError(f"pair_id '{pair_id}' names no valid pair in {m.refs.origin('mentoring_pairs')}")
    if held_at.date() < pair.starts_at.date():
        raise FieldError("held_at is before the pair's starts_on")
    seconds = minutes * 60 if minutes is not None else None
    return [
        m.event(location, f"meeting:{meeting_id}:mentor", pair.person, pair.activity_id, MENTORED, held_at,
                seconds, counterpart=pair.other),
        m.event(location, f"meeting:{meeting_id}:mentee", pair.other, pair.activity_id, ATTENDED, held_at, seconds),
    ]


def exchange(m, f: RecordFields, location: str) -> list[Item]:
    """An offer (a contribution) or a request (a learner asking); each response the other side of it."""
    exchange_id = f.id()
    kind = f.choice("kind", ("offer", "request"))
    author = m.person(f, "author")
    title = f.text("title", required=True, limit=500, cut=True)
    created = f.timestamp("created_at", required=True)
    f.text("description")
    activity_id = m.activity_id("exchange", exchange_id)
    items: list[Item] = [
        m.activity(location, activity_id, "exchange", PEER, f, title),
        m.event(location, f"exchange:{exchange_id}", author, activity_id, OFFERED if kind == "offer" else ASKED,
                created),
    ]
    seen: set[str] = set()
    for index, response in enumerate(f.objects("responses")):
        try:
            r = RecordFields(response, m.reference)
            response_id = r.id()
            if response_id in seen:
                raise FieldError(f"id '{response_id}' occurs twice")
            seen.add(response_id)
            person = m.person(r, "person")
            at = r.timestamp("responded_at", required=True)
            if at < created:
                raise FieldError("responded_at is before the offer or request was created")
        except FieldError as exc:
            raise FieldError(f"responses[{index}]: {exc}") from None
        record_id = f"exchange:{exchange_id}:response:{response_id}"
        if kind == "offer":
            items.append(m.event(location, record_id, person, activity_id, REQUESTED, at))
        else:
            items.append(m.event(location, record_id, person, activity_id, OFFERED, at,
                                 counterpart=author if author != person else None))
    return items


def post_reference(m, f: RecordFields) -> Ref:
    return Ref(m.activity_id("forum_posts", f.id("thread_id")), f.timestamp("created_at", required=True),
               person=m.person(f, "author"))


def forum_post(m, f: RecordFields, location: str) -> list[Item]:
    """A thread's opening post (a question asked, or a discussion authored), or a reply to a post."""
    post_id = f.id()
    ref = post_reference(m, f)
    reply_to = f.id("reply_to", required=False)
    f.text("body")
    # Registered before its own parent is resolved: replies to replies may come in any order.
    m.refs.put("forum_posts", post_id, ref)
    if reply_to is None:
        kind = f.choice("kind", ("question", "discussion"), "question")
        title = f.text("title", required=True, limit=500, cut=True)
        m.claim(("thread", ref.activity_id), post_id, location,
                f"thread '{f.id('thread_id')}' has a second opening post")
        return [m.activity(location, ref.activity_id, "forum", PEER, f, title),
                m.event(location, f"forum:{post_id}", ref.person, ref.activity_id,
                        ASKED if kind == "question" else AUTHORED, ref.starts_at)]
    if reply_to == post_id:
        raise FieldError("reply_to names the post itself")
    parent = m.refs.get("forum_posts", reply_to, final=m.final)
    if parent is None:
        raise FieldError(f"reply_to '{reply_to}' names no valid post in {m.refs.origin('forum_posts')}")
    if parent.activity_id != ref.activity_id:
        raise FieldError(f"reply_to '{reply_to}' is a post of another thread")
    if ref.starts_at < parent.starts_at:
        raise FieldError("created_at is before the post it answers")
    counterpart = parent.person if parent.person != ref.person else None
    return [m.event(location, f"forum:{post_id}", ref.person, ref.activity_id, REPLIED, ref.starts_at,
                    counterpart=counterpart)]
