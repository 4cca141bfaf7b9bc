"""One activity across sources: join link on one day, else title and start across namespaces."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from metrics.activity import learning_durations, person_events
from metrics.frames import Frames
from metrics.unify import canonical_ids, unify

LINK = "https://teams.microsoft.com/l/meetup-join/19:meeting_abc@thread.v2/0"
SCHEMA = {"activity_id": pl.String, "activity_type": pl.String, "channel": pl.String, "title": pl.String,
          "planned_minutes": pl.Float64, "starts_at": pl.Datetime("us"), "join_url": pl.String}


def activities(*rows) -> pl.DataFrame:
    return pl.DataFrame([dict(zip(SCHEMA, row)) for row in rows], schema=SCHEMA)


def test_a_teams_report_joins_its_session_by_link_on_the_same_day_only():
    frame = activities(
        ("https://lex.example/sessions/1", "session", "peer", "Python", 60.0, datetime(2026, 3, 2, 8), LINK),
        (LINK, "session", "peer", "Python", None, datetime(2026, 3, 2, 8, 1), LINK),
        # the next occurrence of the recurring meeting shares the link, not the day
        ("https://lex.example/sessions/2", "session", "peer", "Python", 60.0, datetime(2026, 3, 9, 8), LINK),
    )
    ids = canonical_ids(frame, "Europe/Berlin")
    assert ids[LINK] == "https://lex.example/sessions/1"
    assert ids.get("https://lex.example/sessions/2", "https://lex.example/sessions/2") == \
        "https://lex.example/sessions/2"


def test_title_and_start_join_across_namespaces_within_tolerance():
    frame = activities(
        ("https://lex.example/sessions/7", "session", "peer", "Feedback geben", 45.0, datetime(2026, 3, 2, 12), None),
        ("teams:abc", "session", "peer", " feedback GEBEN", None, datetime(2026, 3, 2, 12, 20), None),
        # same platform, same title and time: the platform knows these are two sessions
        ("https://lex.example/sessions/8", "session", "peer", "Feedback geben", 45.0, datetime(2026, 3, 2, 12), None),
        # other kind of activity, other day, too late, other link
        ("urn:x:conv:1", "learning_conversation", "coaching", "Feedback geben", 30.0, datetime(2026, 3, 2, 12), None),
        ("teams:def", "session", "peer", "Feedback geben", None, datetime(2026, 3, 3, 12), None),
        ("teams:ghi", "session", "peer", "Feedback geben", None, datetime(2026, 3, 2, 13), None),
    )
    ids = canonical_ids(frame, "Europe/Berlin")
    assert ids["teams:abc"] == "https://lex.example/sessions/7"  # the earliest candidate of another source
    alone = ["https://lex.example/sessions/8", "urn:x:conv:1", "teams:def", "teams:ghi"]
    assert [ids.get(a, a) for a in alone] == alone


def test_the_same_attendance_from_two_sources_counts_once_with_the_longest_duration():
    acts = activities(
        ("https://lex.example/sessions/1", "session", "peer", "Python", 60.0, datetime(2026, 3, 2, 8), LINK),
        (LINK, "session", "peer", "Python", None, datetime(2026, 3, 2, 8, 1), LINK),
    )
    events = pl.DataFrame({
        "actor_id": ["a", "a"], "activity_id": ["https://lex.example/sessions/1", LINK],
        "verb": ["attended", "attended"], "role": ["learner", "learner"],
        "occurred_at": [datetime(2026, 3, 2, 8), datetime(2026, 3, 2, 8, 2)],
        "duration_seconds": [2700.0, 3300.0], "counterpart_id": [None, None]},
        schema_overrides={"counterpart_id": pl.String})
    empty = pl.DataFrame()
    frames = Frames(people=empty, identities=pl.DataFrame({"identity_id": ["a"], "person_id": ["p"]}),
                    events=events, activities=acts, sync_runs=empty, org_units=empty,
                    activity_skills=pl.DataFrame(schema={"activity_id": pl.String, "skill_id": pl.String}),
                    skills=empty, skill_relations=empty, requirements=empty, expertise=empty,
                    enrolments=pl.DataFrame(schema={"activity_id": pl.String}),
                    feedback=pl.DataFrame(schema={"activity_id": pl.String}))
    unified = unify(frames, "Europe/Berlin")
    assert unified.activities.height == 1 and unified.activities["planned_minutes"][0] == 60.0
    hours = learning_durations(person_events(unified.events, unified.identities, "Europe/Berlin"), unified.activities)
    assert hours.height == 1 and hours["seconds"][0] == 3300.0  # once, the longer of 45 and 55 minutes
