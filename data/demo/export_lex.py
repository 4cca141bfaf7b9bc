"""The LEX export bundle (format 1.0, docs/connectors/lex.md): manifest.json and one JSON Lines file per entity."""

from __future__ import annotations

import json
from pathlib import Path

from .catalog import LABELS
from .export_teams import meeting_link
from .people import Person
from .records import Lex, Media, Session
from .skills import SKILLS
from .timeline import local, local_iso, utc_iso

PLATFORM = "https://lex.demo-ag.example"
COMMENTS = ("Sehr praxisnah, danke!", "Gern mehr Beispiele.", "Zu viel Stoff für die Zeit.", "Top vorbereitet.",
            "Die Demo war super.", "Etwas zu theoretisch.", "Bitte Folien teilen!")
BODIES = ("Danke, das hilft!", "Bei uns im Team machen wir das so: kurz abstimmen, dann ausprobieren.",
          "Schau mal in die Aufzeichnung der letzten Session.", "Gute Frage, das interessiert mich auch.",
          "Ich habe dazu einen Leitfaden in der Bibliothek gefunden.")


def _dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


class BundleWriter:
    def __init__(self, people: list[Person], seed: int, export_ms: int):
        self.people, self.seed, self.export_ms = people, seed, export_ms
        self.persons: dict[int, dict] = {}

    def person(self, i: int) -> dict:
        if i not in self.persons:
            p = self.people[i]
            self.persons[i] = {"employee_no": p.pnr, "email": p.email, "name": p.name}
        return self.persons[i]

    def updated(self, ms: int) -> str:
        return utc_iso(min(ms + 3_600_000, self.export_ms))

    def tags(self, topic, skills: list[str]) -> dict:
        return {"community": topic.community, "topics": [LABELS[topic.key]], "skills": [SKILLS[s][0] for s in skills]}

    def session(self, s: Session) -> dict:
        record = {"id": s.id, "title": s.title, "description": f"{s.title}: eine LEX-Session der {s.topic.community}.",
                  "host": self.person(s.host)}
        if s.co_hosts:
            record["co_hosts"] = [self.person(c) for c in s.co_hosts]
        record.update(starts_at=local_iso(s.start_ms), ends_at=local_iso(s.end_ms), online=s.online)
        if s.online:
            record["join_url"] = meeting_link(self.seed, s)
        else:
            record["location"] = s.location
        language = "de" if self.people[s.host].versions[-1].country in ("DE", "AT", "CH") or s.id % 3 else "en"
        record.update(language=language, **self.tags(s.topic, s.skills),
                      status="cancelled" if s.cancelled_ms is not None else "held",
                      updated_at=self.updated(s.cancelled_ms if s.cancelled_ms is not None else s.end_ms))
        return record

    def registrations(self, s: Session) -> list[dict]:
        out = []
        for r in s.registrations:
            record = {"id": r.id, "session_id": s.id, "person": self.person(r.person),
                      "registered_at": utc_iso(r.registered_ms)}
            if r.cancelled_ms is not None:
                record.update(status="cancelled", cancelled_at=utc_iso(r.cancelled_ms), updated_at=utc_iso(r.cancelled_ms))
            else:
                record["attended"] = r.attended_s is not None
                if r.attended_s is not None:
                    record["minutes_attended"] = max(1, round(r.attended_s / 60))
                record["updated_at"] = self.updated(s.end_ms)
            out.append(record)
        return out

    def media(self, m: Media) -> dict:
        created, key = utc_iso(m.created_ms), "uploaded_at" if m.kind == "video" else "created_at"
        if m.kind == "video":
            record = {"id": m.id, "title": m.title, "uploader": self.person(m.author), key: created,
                      "duration_seconds": m.seconds}
        else:
            record = {"id": m.id, "type": m.item_type, "title": m.title, "author": self.person(m.author), key: created,
                      "reading_minutes": m.seconds // 60}
        return {**record, **self.tags(m.topic, m.skills), "language": "de", "updated_at": created}

    def uses(self, views: list[tuple[Media, int, int, int, int | None]]) -> list[dict]:
        out = []
        for m, use_id, person, ms, seconds in sorted(views, key=lambda v: v[1]):
            if m.kind == "video":
                out.append({"id": use_id, "video_id": m.id, "person": self.person(person),
                            "viewed_at": utc_iso(ms), "watched_seconds": seconds})
            else:
                record = {"id": use_id, "item_id": m.id, "person": self.person(person), "read_at": utc_iso(ms)}
                if seconds is not None:
                    record["read_seconds"] = seconds
                out.append(record)
        return out


def _experts(lex: Lex, b: BundleWriter) -> list[dict]:
    return [{"id": e.id, "person": b.person(e.person), "skills": [SKILLS[s][0] for s in e.skills],
             "topics": e.topics, "since": local(e.since_ms).date().isoformat(), "updated_at": utc_iso(e.since_ms)}
            for e in sorted(lex.experts.values(), key=lambda e: e.id)]


def _files(lex: Lex, b: BundleWriter) -> dict[str, list[dict]]:
    """The records of every entity but the experts that `lex` holds (what a month added), in id order: ids only
    grow, so one month's records all follow the previous month's."""
    sessions = lex.sessions
    feedback = []
    for f in lex.feedback:
        record = {"id": f.id, "session_id": f.session.id}
        record.update({"anonymous": True} if f.anonymous else {"person": b.person(f.person)})
        record["rating"] = f.rating
        if f.recommendation is not None:
            record["recommendation"] = f.recommendation
        if f.id % 7 == 0:
            record["comment"] = COMMENTS[f.id % len(COMMENTS)]
        feedback.append({**record, "submitted_at": local_iso(f.submitted_ms), "updated_at": utc_iso(f.submitted_ms)})
    pairs, meetings = [], []
    for p in lex.pairs:
        record = {"id": p.id, "kind": p.kind, "mentor": b.person(p.mentor), "mentee": b.person(p.mentee),
                  "topic": p.topic, "skills": [SKILLS[s][0] for s in p.skills],
                  "starts_on": local(p.start_ms).date().isoformat()}
        if p.end_ms is not None:
            record["ends_on"] = local(p.end_ms).date().isoformat()
        pairs.append({**record, "planned_meetings": p.planned, "community": "Mentoring-Programm", "language": "de",
                      "updated_at": b.updated(p.meetings[-1][1])})
        meetings += [{"id": m_id, "pair_id": p.id, "held_at": local_iso(ms), "duration_minutes": minutes,
                      "updated_at": b.updated(ms)} for m_id, ms, minutes in p.meetings]
    exchange = [{"id": x.id, "kind": x.kind, "author": b.person(x.author), "title": x.title,
                 **b.tags(x.topic, x.skills), "created_at": utc_iso(x.created_ms),
                 "responses": [{"id": r_id, "person": b.person(person), "responded_at": utc_iso(ms)}
                               for r_id, person, ms in x.responses],
                 "updated_at": utc_iso(x.responses[-1][2] if x.responses else x.created_ms)} for x in lex.exchange]
    posts = []
    for p in lex.posts:
        record = {"id": p.id, "thread_id": p.thread, "author": b.person(p.author), "created_at": utc_iso(p.created_ms)}
        if p.reply_to is None:
            record.update(kind=p.kind, title=p.title, **b.tags(p.topic, p.skills), language="de")
        else:
            record["reply_to"] = p.reply_to
        posts.append({**record, "body": BODIES[p.id % len(BODIES)], "updated_at": record["created_at"]})
    videos = [m for m in lex.media if m.kind == "video"]
    items = sorted((m for m in lex.media if m.kind == "library"), key=lambda m: m.id)
    news = [{"id": n.id, "title": n.title, "author": b.person(n.author), "published_at": local_iso(n.published_ms),
             "community": n.community, "language": "de", "body": n.title + ".", "updated_at": utc_iso(n.published_ms)}
            for n in lex.news]
    return {
        "sessions": [b.session(s) for s in sessions],
        "registrations": [r for s in sessions for r in b.registrations(s)],
        "feedback": feedback, "mentoring_pairs": pairs,
        "mentoring_meetings": sorted(meetings, key=lambda m: m["id"]), "exchange": exchange, "forum_posts": posts,
        "videos": [b.media(m) for m in videos], "video_views": b.uses([v for v in lex.views if v[0].kind == "video"]),
        "library_items": [b.media(m) for m in items],
        "library_reads": b.uses([v for v in lex.views if v[0].kind != "video"]), "news": news,
    }


ENTITIES = ("sessions", "registrations", "feedback", "experts", "mentoring_pairs", "mentoring_meetings", "exchange",
            "forum_posts", "videos", "video_views", "library_items", "library_reads", "news")


class BundleStream:
    """The bundle in `folder`, written month by month: `add` appends what a month added to each JSON Lines file
    (and the caller forgets it), `close` writes the expert directory and the manifest."""

    def __init__(self, folder: Path, people: list[Person], seed: int, export_ms: int):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder, self.export_ms = folder, export_ms
        self.writer = BundleWriter(people, seed, export_ms)
        self.files = {e: (folder / f"{e}.jsonl").open("w", encoding="utf-8", newline="\n") for e in ENTITIES}
        self.counts = dict.fromkeys(ENTITIES, 0)

    def add(self, lex: Lex) -> None:
        for entity, records in _files(lex, self.writer).items():
            self.files[entity].writelines(_dumps(r) + "\n" for r in records)
            self.counts[entity] += len(records)
            self.files[entity].flush()  # on disk at the end of the month

    def close(self, lex: Lex) -> dict[str, int]:
        """The expert directory, the manifest; returns the records per entity."""
        experts = _experts(lex, self.writer)
        self.files["experts"].writelines(_dumps(r) + "\n" for r in experts)
        self.counts["experts"] = len(experts)
        for f in self.files.values():
            f.close()
        manifest = {"format": "lex-bundle", "format_version": "1.0", "exported_at": utc_iso(self.export_ms),
                    "platform": "LEX", "platform_url": PLATFORM, "records": self.counts}
        (self.folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        return self.counts
