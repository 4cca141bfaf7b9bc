"""C1 to C5 on small hand-built frames (no database); expected values in expected_companionship.json.

The company of test_participation_more (Europe/Berlin), period February 2026: A (DE), B (DE), C (AT, FTE 0),
D (AT, hired 15.02.), E (DE, exit 10.02.: out of scope); "guest" is unknown to HR. In scope: A, B, C, D.

Conversations:
- conv1 03.02.: A accompanied B (counterpart), B's own `attended` event too: one conversation, learner B once.
- conv2 10.02.: A accompanied C; only the companion's side is exported: learner C.
- conv3 17.02.: C accompanied D; D's attendance comes from two sources: learner D once.
- conv4 20.02.: A accompanied a guest: a conversation (C1), but no in-scope learner.
- conv7 05.02.: C accompanied E, who is out of scope: counts in C1, not in C3.
- conv5 30.01. (January) and conv6 28.02. 23:30 UTC (01.03. in Berlin): not in February.
C1 = 5 (conv1, 2, 3, 4, 7). C2 = A, C = 2 (DE 1, AT 1). C3 = B, C, D = 3, share 3/4; DE: B (1, 1/2),
AT: C, D (2, 2/2). Conversations with in-scope learners: conv1-3 = 3, 1 per learner; DE 1/1, AT 2/2.
C4 = C1 / C3 = 5/3.

Circles (planned meetings): circ1 (3): meetings 1 (20.01.), 2 (10.02.), 3 (24.02.): active, 3 held by 28.02.:
reached. circ2 (4): meeting 1 (12.02.), meeting 2 on 10.03. is after the period: active, 1 held: not reached.
circ3 (2): only a January meeting: not active. circ4 (2): only meeting 2 (18.02.) exported: active, highest
meeting 2 >= 2: reached. circ5 (no plan): meeting 1 on 25.02.: active, outside the share.
Members: circ1: A registered in January (and attended meeting 2 from two sources: once), B registered and
unregistered in January (not a member in February; B facilitated meeting 2, which does not make a member),
C attended meeting 2 without registering. circ2: D registered 16.02.; E (out of scope) registered and
attended. circ3: B registered, but the circle is inactive. circ4: D attended meeting 2.
All: circles 4 (circ1, 2, 4, 5), members A, C, D = 3, with a plan 3, reached 2 (circ1, circ4): 2/3.
DE: A -> circ1: 1 circle, 1 member, reached 1/1. AT: C (circ1), D (circ2, circ4): 3 circles, 2 members,
reached 2 of 3.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.activity import in_period, person_events
from metrics.companionship import (
    accompanied_learners,
    active_companions,
    conversations_per_accompanied_learner,
    learning_circles,
    learning_conversations,
)
from metrics.periods import Period
from metrics.population import in_scope
from tests.metrics.test_participation_more import (
    IDENTITIES,
    PEOPLE,
    activities_frame,
    assert_rows,
    events_frame,
)

TZ = "Europe/Berlin"
FEB = Period.month(2026, 2)
EXPECTED = json.loads((Path(__file__).parent / "expected_companionship.json").read_text())

ACTIVITIES = activities_frame([
    *[{"activity_id": f"conv{i}", "activity_type": "learning_conversation", "channel": "coaching",
       "planned_minutes": 45.0} for i in range(1, 8)],
    {"activity_id": "circ1", "activity_type": "circle", "channel": "circle", "planned_meetings": 3},
    {"activity_id": "circ2", "activity_type": "circle", "channel": "circle", "planned_meetings": 4},
    {"activity_id": "circ3", "activity_type": "circle", "channel": "circle", "planned_meetings": 2},
    {"activity_id": "circ4", "activity_type": "circle", "channel": "circle", "planned_meetings": 2},
    {"activity_id": "circ5", "activity_type": "circle", "channel": "circle", "planned_meetings": None},
    *[{"activity_id": f"{c}:meeting:{n}", "activity_type": "circle_meeting", "channel": "circle",
       "parent_activity_id": c, "starts_at": at} for c, n, at in [
        ("circ1", 1, datetime(2026, 1, 20, 16)), ("circ1", 2, datetime(2026, 2, 10, 16)),
        ("circ1", 3, datetime(2026, 2, 24, 16)), ("circ2", 1, datetime(2026, 2, 12, 16)),
        ("circ2", 2, datetime(2026, 3, 10, 16)), ("circ3", 1, datetime(2026, 1, 15, 16)),
        ("circ4", 2, datetime(2026, 2, 18, 16)), ("circ5", 1, datetime(2026, 2, 25, 16))]],
])

EVENTS = events_frame([
    ("id_A", "conv1", "accompanied", "contributor", datetime(2026, 2, 3, 10), 2700.0, "id_B"),
    ("id_B", "conv1", "attended", "learner", datetime(2026, 2, 3, 10), 2700.0),
    ("id_A", "conv2", "accompanied", "contributor", datetime(2026, 2, 10, 10), 2700.0, "id_C"),
    ("id_C", "conv3", "accompanied", "contributor", datetime(2026, 2, 17, 10), 2700.0, "id_D"),
    ("id_D", "conv3", "attended", "learner", datetime(2026, 2, 17, 10), 2700.0),
    ("id_D", "conv3", "attended", "learner", datetime(2026, 2, 17, 10, 1), 2640.0, None, "teams"),
    ("id_A", "conv4", "accompanied", "contributor", datetime(2026, 2, 20, 10), 2700.0, "guest"),
    ("guest", "conv4", "attended", "learner", datetime(2026, 2, 20, 10), 2700.0),
    ("id_A", "conv5", "accompanied", "contributor", datetime(2026, 1, 30, 10), 2700.0, "id_B"),
    ("id_A", "conv6", "accompanied", "contributor", datetime(2026, 2, 28, 23, 30), 2700.0, "id_B"),
    ("id_C", "conv7", "accompanied", "contributor", datetime(2026, 2, 5, 10), 2700.0, "id_E"),
    ("id_E", "conv7", "attended", "learner", datetime(2026, 2, 5, 10), 2700.0),
    # circles
    ("id_A", "circ1", "registered", "admin", datetime(2026, 1, 10, 0), None),
    ("id_B", "circ1", "registered", "admin", datetime(2026, 1, 10, 0), None),
    ("id_B", "circ1", "unregistered", "admin", datetime(2026, 1, 25, 0), None),
    ("id_B", "circ1:meeting:2", "facilitated", "contributor", datetime(2026, 2, 10, 16), None),
    ("id_A", "circ1:meeting:2", "attended", "learner", datetime(2026, 2, 10, 16), None),
    ("id_A", "circ1:meeting:2", "attended", "learner", datetime(2026, 2, 10, 16), 3600.0, None, "teams"),
    ("id_C", "circ1:meeting:2", "attended", "learner", datetime(2026, 2, 10, 16), None),
    ("id_D", "circ2", "registered", "admin", datetime(2026, 2, 16, 0), None),
    ("id_E", "circ2", "registered", "admin", datetime(2026, 1, 16, 0), None),
    ("id_E", "circ2:meeting:1", "attended", "learner", datetime(2026, 2, 12, 16), None),
    ("id_B", "circ3", "registered", "admin", datetime(2026, 1, 10, 0), None),
    ("id_D", "circ4:meeting:2", "attended", "learner", datetime(2026, 2, 18, 16), None),
])


def feb_events():
    return in_period(person_events(EVENTS, IDENTITIES, TZ), FEB)


def test_c1_counts_conversations_not_events():
    assert learning_conversations(EVENTS, ACTIVITIES, FEB, TZ) == EXPECTED["C1"]


@pytest.mark.parametrize("by", [None, "country"])
def test_c2_active_companions(by):
    assert_rows(active_companions(in_scope(PEOPLE, FEB), feb_events(), by), EXPECTED["C2"][str(by)])


@pytest.mark.parametrize("by", [None, "country"])
def test_c3_accompanied_learners(by):
    assert_rows(accompanied_learners(in_scope(PEOPLE, FEB), feb_events(), ACTIVITIES, by), EXPECTED["C3"][str(by)])


def test_c4_is_c1_over_c3():
    c1 = learning_conversations(EVENTS, ACTIVITIES, FEB, TZ)
    c3 = accompanied_learners(in_scope(PEOPLE, FEB), feb_events(), ACTIVITIES)["accompanied"][0]
    assert conversations_per_accompanied_learner(c1, c3) == pytest.approx(EXPECTED["C4"])
    assert conversations_per_accompanied_learner(3, 0) is None


@pytest.mark.parametrize("by", [None, "country"])
def test_c5_learning_circles(by):
    result = learning_circles(in_scope(PEOPLE, FEB), EVENTS, IDENTITIES, ACTIVITIES, FEB, TZ, by)
    assert_rows(result, EXPECTED["C5"][str(by)])


def test_empty_period():
    june = Period.month(2025, 6)
    scope = in_scope(PEOPLE, june)
    events = in_period(person_events(EVENTS, IDENTITIES, TZ), june)
    assert learning_conversations(EVENTS, ACTIVITIES, june, TZ) == 0
    assert active_companions(scope, events)["companions"].to_list() == [0]
    assert accompanied_learners(scope, events, ACTIVITIES).select(
        "accompanied", "accompanied_share", "conversations_per_learner").row(0) == (0, 0.0, None)
    assert learning_circles(scope, EVENTS, IDENTITIES, ACTIVITIES, june, TZ).select(
        "circles", "members", "reached_share").row(0) == (0, 0, None)


def test_member_who_left_during_the_period_still_counts():
    # B unregisters from circ1 on 15.02.: a member for part of February.
    events = pl.concat([EVENTS, events_frame([
        ("id_B", "circ1", "registered", "admin", datetime(2026, 2, 1, 0), None),
        ("id_B", "circ1", "unregistered", "admin", datetime(2026, 2, 15, 0), None)])])
    result = learning_circles(in_scope(PEOPLE, FEB), events, IDENTITIES, ACTIVITIES, FEB, TZ)
    assert result["members"][0] == 4


# -- properties -------------------------------------------------------------------------------------------

random_conversations = st.lists(
    st.tuples(st.sampled_from("ABCDE"), st.sampled_from("ABCDE"), st.integers(1, 7),
              st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 3, 31))),
    max_size=25,
).map(lambda rows: events_frame(
    [e for companion, learner, conv, at in rows for e in (
        (f"id_{companion}", f"conv{conv}", "accompanied", "contributor", at, None, f"id_{learner}"),
        (f"id_{learner}", f"conv{conv}", "attended", "learner", at, None))]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events=random_conversations, month=st.integers(1, 3))
def test_properties_of_c1_to_c5(events, month):
    period = Period.month(2026, month)
    scope = in_scope(PEOPLE, period)
    current = in_period(person_events(events, IDENTITIES, TZ), period)
    total, grouped = accompanied_learners(scope, current, ACTIVITIES), accompanied_learners(scope, current,
                                                                                           ACTIVITIES, "country")
    for frame in (total, grouped):
        assert all(0 <= s <= 1 for s in frame["accompanied_share"].drop_nulls())
        assert all(c > 0 for c in frame["conversations_per_learner"].drop_nulls())  # < 1 for group conversations
    assert grouped["accompanied"].sum() == total["accompanied"][0]
    assert total["conversations"][0] <= learning_conversations(events, ACTIVITIES, period, TZ)
    assert (active_companions(scope, current, "country")["companions"].sum()
            == active_companions(scope, current)["companions"][0])
    circles = learning_circles(scope, pl.concat([EVENTS, events]), IDENTITIES, ACTIVITIES, period, TZ, "country")
    assert all(0 <= s <= 1 for s in circles["reached_share"].drop_nulls())
