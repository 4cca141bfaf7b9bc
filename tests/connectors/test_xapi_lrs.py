"""The xAPI connector against a real LRS: Ralph, seeded with 1,200 statements of a company's learning week."""

from __future__ import annotations

import random
import time
import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from connectors.base import SourceError
from connectors.xapi import Xapi
from data.loading import run_sync
from data.schema import activities, events, metadata, quarantine, sync_runs, sync_state, voided_records
from tests.support.ralph import ralph_lrs  # noqa: F401  (the session fixture)

ADL = "http://adlnet.gov/expapi/verbs/"
TINCAN = "http://id.tincanapi.com/verb/"
TOTAL, LIVE, PAGE_SIZE = 1200, 25, 50
FIRST_NAMES = ("Anna", "Jonas", "Leonie", "Mehmet", "Sophie", "Lukas", "Fatma", "Paul", "Marie", "Tobias",
               "Elif", "Felix", "Hannah", "Piotr", "Julia", "Niklas", "Aylin", "David", "Lea", "Stefan")
LAST_NAMES = ("Müller", "Schmidt", "Yılmaz", "Weber", "Nowak", "Fischer", "Becker", "Wagner", "Hoffmann", "Koch")
# (type IRI, id path, titles, planned duration, verb IRI and expected role, how often)
ACTIVITY_KINDS = {
    "session": ("http://adlnet.gov/expapi/activities/meeting", "https://lex.example.org/sessions/",
                ("Python für Einsteiger", "Agile Retros moderieren", "Excel Power Query", "Feedback geben"), "PT1H"),
    "course": ("http://adlnet.gov/expapi/activities/course", "https://lms.example.org/course/",
               ("Datenschutz 2026", "Arbeitssicherheit", "Führen auf Distanz"), "PT4H"),
    "video": ("https://w3id.org/xapi/video/activity-type/video", "https://lex.example.org/videos/",
              ("Git in 10 Minuten", "SQL Joins erklärt", "Pivot-Tabellen"), "PT10M"),
    "document": ("http://id.tincanapi.com/activitytype/document", "https://lex.example.org/library/",
                 ("Leitfaden Lernbegleitung", "Checkliste Onboarding"), "PT20M"),
}
VERB_PLAN = [  # (activity kind, verb IRI, expected role, weight)
    ("session", ADL + "registered", "admin", 14), ("session", ADL + "attended", "learner", 30),
    ("session", "http://activitystrea.ms/schema/1.0/host", "contributor", 4),
    ("course", ADL + "progressed", "learner", 10), ("course", ADL + "completed", "learner", 8),
    ("course", ADL + "passed", "learner", 5), ("course", ADL + "failed", "learner", 1),
    ("video", ADL + "experienced", "learner", 16), ("document", ADL + "experienced", "learner", 6),
    ("document", "http://activitystrea.ms/schema/1.0/author", "contributor", 2),
    ("video", TINCAN + "bookmarked", "other", 2),  # no mapping in Dirigent: loads with role other
]
SKILLS = ("http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d",
          "http://data.europa.eu/esco/skill/e465a154-93f6-451a-ba7e-e4ab1a7d4e6d")


def company_statements(now: datetime, total: int = TOTAL) -> tuple[list[dict], dict]:
    """Realistic statements (the newest 25 from the last minutes) and what a sync must make of them."""
    rng = random.Random(20260301)
    people = [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(80)]
    start = (now - timedelta(days=120)).replace(hour=7, minute=0, second=0, microsecond=0)
    statements, roles = [], Counter()
    weights = [w for *_, w in VERB_PLAN]
    for n in range(total - 1):
        kind, verb, role, _ = rng.choices(VERB_PLAN, weights)[0]
        type_iri, base, titles, planned = ACTIVITY_KINDS[kind]
        number = rng.randrange(len(titles))
        name = people[rng.randrange(len(people))]
        first, last = name.split(" ")
        if n >= total - 1 - LIVE:
            when = now - timedelta(minutes=total - n, seconds=rng.randrange(60))
        else:
            when = start + timedelta(days=rng.randrange(84), hours=rng.randrange(10), minutes=rng.randrange(60))
        statement = {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "version": "1.0.3",
            "actor": {"objectType": "Agent", "name": name,
                      "mbox": f"mailto:{first.lower()}.{last.lower()}@example.org"},
            "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[-1]}},
            "object": {"objectType": "Activity", "id": f"{base}{number + 1}",
                       "definition": {"type": type_iri, "name": {"de-DE": titles[number]},
                                      "extensions": {"https://w3id.org/dirigent/xapi/ext/planned-duration": planned}}},
            "context": {"platform": "LEX" if kind != "course" else "Moodle", "language": "de-DE",
                        "contextActivities": {"category": [{"objectType": "Activity", "id": rng.choice(SKILLS)}]}},
            "timestamp": when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        }
        if verb.endswith(("attended", "experienced")):
            statement["result"] = {"duration": f"PT{rng.randint(3, 58)}M{rng.randint(0, 59)}S"}
        elif verb.endswith(("passed", "failed", "completed")):
            statement["result"] = {"completion": True, "success": not verb.endswith("failed"),
                                   "score": {"scaled": round(rng.uniform(0.3, 1.0), 2)}}
        statements.append(statement)
        roles[role] += 1
    target = next(s for s in statements[:400] if s["verb"]["id"] == ADL + "attended")
    statements.insert(total * 3 // 4, {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "version": "1.0.3",
        "actor": {"objectType": "Agent", "name": "LRS Admin", "mbox": "mailto:lrs-admin@example.org"},
        "verb": {"id": ADL + "voided", "display": {"en-US": "voided"}},
        "object": {"objectType": "StatementRef", "id": target["id"]},
        "timestamp": (now - timedelta(days=10)).isoformat(timespec="milliseconds").replace("+00:00", "Z")})
    roles["learner"] -= 1
    return statements, {"roles": roles, "voided": target["id"], "names": people}


@pytest.fixture(scope="module")
def seeded(ralph_lrs):  # noqa: F811
    statements, expected = company_statements(datetime.now(timezone.utc))
    assert len(statements) == TOTAL
    ids = ralph_lrs.seed(statements)
    assert len(ids) == TOTAL
    return ralph_lrs, statements, expected


@pytest.fixture
def credentials(monkeypatch, seeded):
    lrs = seeded[0]
    monkeypatch.setenv("RALPH_TEST_USER", lrs.username)
    monkeypatch.setenv("RALPH_TEST_PASSWORD", lrs.password)
    return {"url": lrs.url, "username_env": "RALPH_TEST_USER", "password_env": "RALPH_TEST_PASSWORD",
            "page_size": PAGE_SIZE}


def test_sync_follows_every_more_page_then_loads_only_the_overlap_again(engine, pseudonymise, seeded, credentials):
    _, _, expected = seeded
    first = run_sync(engine, Xapi("ralph", credentials, pseudonymise, None))

    # 1,199 events + 1 voiding statement, each read once; the voided event is loaded, then removed.
    assert (first.counts.read, first.counts.loaded, first.counts.quarantined) == (TOTAL, TOTAL, 0)
    with engine.connect() as conn:
        roles = dict(conn.execute(select(events.c.role, func.count()).group_by(events.c.role)).all())
        state = conn.execute(select(sync_state.c.state).where(sync_state.c.source == "ralph")).scalar()
        voided = conn.execute(select(voided_records.c.source_record_id)).scalars().all()
        still_there = conn.execute(select(func.count()).select_from(events)
                                   .where(events.c.source_record_id == expected["voided"])).scalar()
        activity_count = conn.execute(select(func.count()).select_from(activities)).scalar()
    assert roles == dict(expected["roles"]) and sum(roles.values()) == TOTAL - 2
    assert voided == [expected["voided"]] and still_there == 0
    assert activity_count == 12
    # Ralph sends a `more` link whenever a page is full, so 1,200 / 50 ends with an empty 25th page.
    assert '"pages": 25' in state and '"repeats_skipped": 0' in state and '"statements": 1200' in state

    # Ralph filters `since` on `timestamp`: only the statements of the last hour come back, as duplicates.
    second = run_sync(engine, Xapi("ralph", credentials, pseudonymise, None))
    assert (second.counts.read, second.counts.loaded, second.counts.updated) == (LIVE, 0, 0)
    assert second.counts.duplicates == LIVE


def test_a_full_read_again_changes_nothing_and_the_voided_event_stays_away(engine, pseudonymise, credentials,
                                                                           seeded):
    _, _, expected = seeded
    run_sync(engine, Xapi("ralph", credentials, pseudonymise, None))
    again = run_sync(engine, Xapi("ralph", {**credentials, "page_size": 100}, pseudonymise, None))
    assert again.counts.read == LIVE  # the watermark holds whatever the page size
    started = time.perf_counter()
    full = run_sync(engine, Xapi("ralph", credentials, pseudonymise, None), full=True)
    seconds = time.perf_counter() - started
    print(f"\nRalph, full read of {TOTAL} statements: {TOTAL / seconds:,.0f} statements/s ({engine.name})")
    assert (full.counts.read, full.counts.loaded, full.counts.duplicates) == (TOTAL, 0, TOTAL)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(events)
                            .where(events.c.source_record_id == expected["voided"])).scalar() == 0
        assert conn.execute(select(func.count()).select_from(events)).scalar() == TOTAL - 2


def test_no_clear_text_identifier_reaches_the_warehouse(engine, pseudonymise, credentials, seeded):
    _, statements, expected = seeded
    run_sync(engine, Xapi("ralph", credentials, pseudonymise, None))
    dumped = []
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            dumped += [str(row) for row in conn.execute(select(table))]
    everything = "\n".join(dumped).lower()
    assert "@example.org" not in everything and "mailto:" not in everything
    assert not [n for n in expected["names"] if n.lower() in everything]
    mbox = statements[0]["actor"]["mbox"]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(events)
                            .where(events.c.actor_id == pseudonymise("email", mbox))).scalar() > 0
        assert conn.execute(select(func.count()).select_from(quarantine)).scalar() == 0


def test_wrong_password_names_the_environment_variables(engine, pseudonymise, credentials, monkeypatch):
    monkeypatch.setenv("RALPH_TEST_PASSWORD", "not-the-password")
    with pytest.raises(SourceError) as failure:
        run_sync(engine, Xapi("ralph", credentials, pseudonymise, None))
    message = str(failure.value)
    assert "HTTP 401" in message and "page 1" in message
    assert "RALPH_TEST_USER" in message and "RALPH_TEST_PASSWORD" in message
    with engine.connect() as conn:
        assert conn.execute(select(sync_runs.c.status)).scalars().all() == ["failed"]
