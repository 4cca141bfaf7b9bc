"""LEX videos and their views, library items and their reads, and news as canonical rows."""

from __future__ import annotations

from connectors.lex_fields import FieldError, RecordFields
from connectors.lex_vocabulary import AUTHORED, EXPERIENCED, PEER, Ref
from data.loading import Item

LIBRARY_TYPES = ("article", "document", "presentation", "podcast", "ebook", "link", "template", "other")


def video_reference(m, f: RecordFields) -> Ref:
    return Ref(m.activity_id("videos", f.id()), f.timestamp("uploaded_at", required=True))


def library_reference(m, f: RecordFields) -> Ref:
    return Ref(m.activity_id("library_items", f.id()), f.timestamp("created_at", required=True))


def video(m, f: RecordFields, location: str) -> list[Item]:
    """The video as activity (its length as planned duration); uploading it is authoring."""
    video_id = f.id()
    uploader = m.person(f, "uploader")
    title = f.text("title", required=True, limit=500, cut=True)
    ref = video_reference(m, f)
    seconds = f.number("duration_seconds", low=0)
    f.text("description")
    m.refs.put("videos", video_id, ref)
    return [m.activity(location, ref.activity_id, "video", PEER, f, title,
                       planned_minutes=seconds / 60 if seconds is not None else None),
            m.event(location, f"video:{video_id}", uploader, ref.activity_id, AUTHORED, ref.starts_at)]


def library_item(m, f: RecordFields, location: str) -> list[Item]:
    """The item as activity (its reading time as planned duration); writing it is authoring."""
    item_id = f.id()
    author = m.person(f, "author")
    f.choice("type", LIBRARY_TYPES)
    title = f.text("title", required=True, limit=500, cut=True)
    ref = library_reference(m, f)
    minutes = f.number("reading_minutes", low=0)
    f.text("description")
    m.refs.put("library_items", item_id, ref)
    return [m.activity(location, ref.activity_id, "library_item", PEER, f, title, planned_minutes=minutes),
            m.event(location, f"library_item:{item_id}", author, ref.activity_id, AUTHORED, ref.starts_at)]


def news(m, f: RecordFields, location: str) -> list[Item]:
    """A news article as activity; publishing it is authoring."""
    news_id = f.id()
    author = m.person(f, "author")
    title = f.text("title", required=True, limit=500, cut=True)
    published = f.timestamp("published_at", required=True)
    f.text("body")
    activity_id = m.activity_id("news", news_id)
    return [m.activity(location, activity_id, "news", PEER, f, title),
            m.event(location, f"news:{news_id}", author, activity_id, AUTHORED, published)]


def _consumption(m, f: RecordFields, location: str, entity: str, key: str, at: str, seconds_field: str,
                 prefix: str) -> list[Item]:
    record_id = f.id()
    person = m.person(f, "person")
    when = f.timestamp(at, required=True)
    seconds = f.number(seconds_field, required=entity == "videos", low=0)
    target_id = f.id(key)
    target = m.refs.get(entity, target_id)
    if target is None:
        raise FieldError(f"{key} '{target_id}' names no valid record in {m.refs.origin(entity)}")
    if target.starts_at and when < target.starts_at:
        raise FieldError(f"{at} is before the {'video was uploaded' if entity == 'videos' else 'item was created'}")
    return [m.event(location, f"{prefix}:{record_id}", person, target.activity_id, EXPERIENCED, when, seconds)]


def video_view(m, f: RecordFields, location: str) -> list[Item]:
    """Watching is experiencing, for the seconds watched."""
    return _consumption(m, f, location, "videos", "video_id", "viewed_at", "watched_seconds", "video_view")


def library_read(m, f: RecordFields, location: str) -> list[Item]:
    """Reading is experiencing, for the seconds read where the platform measures them."""
    return _consumption(m, f, location, "library_items", "item_id", "read_at", "read_seconds", "library_read")
