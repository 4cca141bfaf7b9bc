"""The players of the ecosystem (metrics/ecosystem.py): activity-side groupings, flows and their guard.

A hand-built company, February 2026 (Europe/Berlin), org units root (level 1) > ou_a, ou_b (level 2)
> ou_a1, ou_b1 (level 3). In scope: A, B, E in ou_a1, C in ou_b1; D left in January, "guest" is unknown to HR.

Activities: c1 LinkedIn Learning course (formal, 60 min planned), s1 Data & AI session (peer, 90 min),
c2 Moodle course "IT & Digitales" and its module m1 (no community of its own, 30 min), lc1 a learning
conversation recorded by the companionship source (no community, 45 min), w1 a webinar of an unknown
channel with a blank community, source xapi.

Events (learner unless said):
- A: c1 tracked 2 h; s1 untracked (planned 1.5 h); w1 tracked 0.25 h.
- B: s1 tracked 1 h; m1 untracked (0.5 h).
- C: lc1 untracked (0.75 h); c1 twice the same day from two sources, 30 and 45 min: counts once, 0.75 h.
- E: hosted s1 (a contribution: active, no hours).
- D (out of scope) on c1, guest on s1: never count.

By hand, P4 (hours, population = learners):
  provider: Data & AI 2.5 (A, B) · IT & Digitales 0.5 (B) · LinkedIn Learning 2.75 (A, C) ·
            companionship 0.75 (C) · xapi 0.25 (A); together 6.75 = P4 of the company.
  channel: formal 3.25 (A, B, C) · peer 2.5 (A, B) · coaching 0.75 (C) · other 0.25 (A).
  provider+org_unit:2: Data & AI | ou_a 2.5 (2) · IT & Digitales | ou_a 0.5 (1) · LinkedIn Learning | ou_a 2.0 (1)
            · LinkedIn Learning | ou_b 0.75 (1) · companionship | ou_b 0.75 (1) · xapi | ou_a 0.25 (1).
P2 by provider: Data & AI 3 (A, B and the host E) · IT & Digitales 1 · LinkedIn Learning 2 · companionship 1 · xapi 1.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import polars as pl
import pytest

from data.settings import Settings
from metrics.activity import in_period, person_events
from metrics.compute import compute
from metrics.ecosystem import RECOVERABLE, activity_groups, flow_frame, protect
from metrics.frames import Frames
from metrics.grouping import parts
from metrics.overview import Metrics
from metrics.periods import Period
from metrics.population import in_scope
from metrics.privacy import guard_frame
from tests.metrics.test_participation_more import (
    ACTIVITY_SCHEMA,
    ENROLMENT_SCHEMA,
    FEEDBACK_SCHEMA,
    events_frame,
    identities_frame,
    people_frame,
)

TZ = "Europe/Berlin"
FEB = Period.month(2026, 2)


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 2, day, hour)


def activity(activity_id, activity_type, channel, minutes, community=None, source="xapi", parent=None) -> dict:
    return {"activity_id": activity_id, "activity_type": activity_type, "channel": channel, "title": activity_id,
            "planned_minutes": minutes, "community": community, "starts_at": None, "ends_at": None,
            "join_url": None, "online": None, "parent_activity_id": parent, "planned_meetings": None,
            "source": source}


ACTIVITIES = pl.DataFrame([
    activity("c1", "course", "formal", 60, "LinkedIn Learning", "lrs"),
    activity("s1", "session", "peer", 90, "Data & AI", "calendar"),
    activity("c2", "course", "formal", None, "IT & Digitales", "moodle"),
    activity("m1", "module", "formal", 30, None, "moodle", parent="c2"),
    activity("lc1", "learning_conversation", "coaching", 45, None, "companionship"),
    activity("w1", "webinar", "webinar", None, "  ", "xapi"),
], schema={**ACTIVITY_SCHEMA, "source": pl.String})
ORG_UNITS = pl.DataFrame({"org_unit_id": ["root", "ou_a", "ou_b", "ou_a1", "ou_b1"],
                          "name": ["Company", "Division A", "Division B", "Team A1", "Team B1"],
                          "parent_id": [None, "root", "root", "ou_a", "ou_b"], "level": [1, 2, 2, 3, 3]})
PEOPLE = people_frame([
    {"person_id": "A", "org_unit_id": "ou_a1"}, {"person_id": "B", "org_unit_id": "ou_a1", "fte": 0.5},
    {"person_id": "C", "org_unit_id": "ou_b1", "country": "AT"}, {"person_id": "E", "org_unit_id": "ou_a1"},
    {"person_id": "D", "org_unit_id": "ou_b1", "exit_date": date(2026, 1, 31)},
])
EVENTS = events_frame([
    ("id_A", "c1", "completed", "learner", at(2), 7200.0),
    ("id_A", "s1", "attended", "learner", at(3), None),
    ("id_A", "w1", "experienced", "learner", at(4), 900.0),
    ("id_B", "s1", "attended", "learner", at(3), 3600.0),
    ("id_B", "m1", "experienced", "learner", at(5), None),
    ("id_C", "lc1", "had_conversation", "learner", at(6), None),
    ("id_C", "c1", "progressed", "learner", at(9, 9), 1800.0, None, "xapi"),
    ("id_C", "c1", "progressed", "learner", at(9, 15), 2700.0, None, "lms"),
    ("id_E", "s1", "hosted", "contributor", at(3), 5400.0),
    ("id_D", "c1", "completed", "learner", at(2), 3600.0),
    ("guest", "s1", "attended", "learner", at(3), 5400.0),
])
IDENTITIES = identities_frame(["A", "B", "C", "D", "E"])


def table(by: str, metric_id: str = "P4") -> dict[str, tuple]:
    events = in_period(person_events(EVENTS, IDENTITIES, TZ), FEB)
    frame = flow_frame(in_scope(PEOPLE, FEB), events, ACTIVITIES, ORG_UNITS, by, metric_id)
    return {g: (round(v, 4), n) for g, n, v in frame.select("group", "population", "value").iter_rows()}


def test_a_player_is_the_community_else_the_parents_else_the_source():
    groups = dict(activity_groups(ACTIVITIES).select("activity_id", "provider").iter_rows())
    assert groups == {"c1": "LinkedIn Learning", "s1": "Data & AI", "c2": "IT & Digitales", "m1": "IT & Digitales",
                      "lc1": "companionship", "w1": "xapi"}
    channels = dict(activity_groups(ACTIVITIES).select("activity_id", "channel").iter_rows())
    assert channels["w1"] == "other" and channels["lc1"] == "coaching"


def test_learning_hours_by_provider_with_the_learners_as_population():
    assert table("provider") == {"Data & AI": (2.5, 2), "IT & Digitales": (0.5, 1), "LinkedIn Learning": (2.75, 2),
                                 "companionship": (0.75, 1), "xapi": (0.25, 1)}


def test_active_learners_by_provider_count_contributors_too():
    assert table("provider", "P2") == {"Data & AI": (3, 3), "IT & Digitales": (1, 1), "LinkedIn Learning": (2, 2),
                                       "companionship": (1, 1), "xapi": (1, 1)}


def test_learning_hours_by_channel():
    assert table("channel") == {"coaching": (0.75, 1), "formal": (3.25, 3), "other": (0.25, 1), "peer": (2.5, 2)}


def test_flows_from_players_to_org_units_at_a_level():
    assert table("provider+org_unit:2") == {
        "Data & AI | ou_a": (2.5, 2), "IT & Digitales | ou_a": (0.5, 1), "LinkedIn Learning | ou_a": (2.0, 1),
        "LinkedIn Learning | ou_b": (0.75, 1), "companionship | ou_b": (0.75, 1), "xapi | ou_a": (0.25, 1)}
    assert table("org_unit:3+channel") == {
        "ou_a1 | formal": (2.5, 2), "ou_a1 | other": (0.25, 1), "ou_a1 | peer": (2.5, 2),
        "ou_b1 | coaching": (0.75, 1), "ou_b1 | formal": (0.75, 1)}


def test_flows_add_up_to_the_whole():
    assert sum(v for v, _ in table("provider").values()) == pytest.approx(6.75)
    assert sum(v for v, _ in table("channel+provider+country").values()) == pytest.approx(6.75)


@pytest.mark.parametrize("by, message", [
    ("country+org_unit:2", "one of them channel or provider"),
    ("provider+provider", "distinct groupings"),
    ("provider+shoe_size", "'shoe_size' is not a grouping"),
])
def test_combinations_that_are_not_flows_are_refused(by, message):
    with pytest.raises(ValueError, match=message):
        parts(by)


def flows(rows: dict[str, int]) -> pl.DataFrame:
    return pl.DataFrame({"group": list(rows), "population": list(rows.values()),
                         "value": [float(n) for n in rows.values()]})


def test_a_lone_hidden_flow_takes_a_sibling_with_it():
    # k = 5: "p1 | u1" (3) is below k. Its row p1 and its column u1 would give it away, so one more flow of each
    # must go; p1 | u3 (8, smaller than p1 | u2) and p2 | u1 (its row p2 holds nothing hidden yet). Row p2 then
    # holds one hidden flow: it takes p2 | u3, whose column u3 already holds one (p2 | u2, though smaller, would
    # open column u2). Every row and column now hides none or two with at least 5 people.
    frame = flows({"p1 | u1": 3, "p1 | u2": 20, "p1 | u3": 8, "p2 | u1": 30, "p2 | u2": 6, "p2 | u3": 40})
    guarded = protect(guard_frame(frame, 5, ["value"]), 5, ["value"], "provider+org_unit")
    hidden = dict(guarded.select("group", "suppressed").iter_rows())
    assert [g for g, h in hidden.items() if h] == ["p1 | u1", "p1 | u3", "p2 | u1", "p2 | u3"]
    notes = dict(guarded.select("group", "note").iter_rows())
    assert notes["p1 | u1"] == "fewer than 5 people" and notes["p2 | u3"] == RECOVERABLE
    assert guarded.filter(pl.col("suppressed"))["value"].null_count() == 4
    assert guarded.filter(~pl.col("suppressed"))["value"].to_list() == [20.0, 6.0]


def test_hidden_flows_of_a_single_grouping_must_add_up_to_2k():
    # One grouping, one line (the total): a (2) is below k = 10; b (11) is the smallest visible, but 2 + 11 < 2k,
    # so c (12) goes too (25 people hidden together); d stays. (Was "add up to k" before the all-or-none rule:
    # what the total gives away, the hidden flows together, must be a group that could be shown even at 0 or 1.)
    frame = flows({"a": 2, "b": 11, "c": 12, "d": 50})
    guarded = protect(guard_frame(frame, 10, ["value"]), 10, ["value"], "provider")
    assert guarded.filter(pl.col("suppressed"))["group"].to_list() == ["a", "b", "c"]
    # when the line cannot reach 2k without it, all of it goes: the hidden flows together are the total itself
    everything = protect(guard_frame(flows({"a": 2, "b": 4, "c": 7, "d": 50}), 10, ["value"]), 10, ["value"],
                         "provider")
    assert everything["suppressed"].all()
    nothing_hidden = flows({"a": 12, "b": 40})
    assert protect(guard_frame(nothing_hidden, 10, ["value"]), 10, ["value"], "provider")["suppressed"].sum() == 0


def small_company(k: int) -> Metrics:
    empty = pl.DataFrame(schema={"activity_id": pl.String})
    frames = Frames(people=PEOPLE, identities=IDENTITIES, events=EVENTS, activities=ACTIVITIES,
                    sync_runs=pl.DataFrame(), org_units=ORG_UNITS, activity_skills=empty, skills=pl.DataFrame(),
                    skill_relations=pl.DataFrame(), requirements=pl.DataFrame(), expertise=pl.DataFrame(),
                    enrolments=pl.DataFrame(schema=ENROLMENT_SCHEMA), feedback=pl.DataFrame(schema=FEEDBACK_SCHEMA))
    return Metrics(frames, Settings(db_url="sqlite://", timezone=TZ, min_group_size=k))


def test_compute_guards_every_flow_and_filters_apply():
    from metrics.filters import Filters

    rows = compute(small_company(5), "P4", FEB, "provider+org_unit:2").rows
    assert len(rows) == 6 and all(r["suppressed"] and r["value"] is None for r in rows)
    assert {r["note"] for r in rows} == {"fewer than 5 people"}
    model = small_company(1)  # no guard, to see the filter's numbers (the settings never allow this)
    by_channel = compute(model, "P4", FEB, "provider", Filters(channel="formal")).rows
    assert {r["group"]: r["value"] for r in by_channel} == {"IT & Digitales": 0.5, "LinkedIn Learning": 2.75}
    austria = compute(model, "P2", FEB, "channel", Filters(country="AT")).rows
    assert {r["group"]: r["value"] for r in austria} == {"coaching": 1, "formal": 1}


def test_only_flow_metrics_combine_and_only_with_declared_groupings():
    model = small_company(5)
    with pytest.raises(ValueError, match="P3 cannot be grouped by 'provider'"):
        compute(model, "P3", FEB, "provider")
    with pytest.raises(ValueError, match="P6 cannot be grouped by a combination"):
        compute(model, "P6", FEB, "channel+org_unit:2")


def test_the_demo_players_add_up_to_the_whole(demo_metrics):
    quarter = Period.parse("2026-Q3")
    demo = demo_metrics
    demo.settings = replace(demo.settings, min_group_size=1)  # no guard: every flow shown, to add them up
    total = compute(demo, "P4", quarter).rows[0]["value"]
    players = compute(demo, "P4", quarter, "provider").rows
    assert not any(r["suppressed"] for r in players)
    assert sum(r["value"] for r in players) == pytest.approx(total)
    flows_ = compute(demo, "P4", quarter, "provider+org_unit:2").rows
    per_player = {}
    for r in flows_:
        player = r["group"].split(" | ")[0]
        per_player[player] = per_player.get(player, 0) + r["value"]
    assert per_player == pytest.approx({r["group"]: r["value"] for r in players})
