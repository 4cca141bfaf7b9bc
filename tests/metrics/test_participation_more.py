"""P6 to P10 on small hand-built frames (no database); expected values in expected_participation_more.json.

The company (Europe/Berlin), period February 2026 (last day 28.02.) unless a test says otherwise:
- A (DE, FTE 1.0), B (DE, 0.5), C (AT, FTE 0: zero FTE stays a person), D (AT, hired 15.02.: in scope),
  E (DE, exit 10.02.: out of scope, so E's events never count), all hired 2020 except D.
- identities id_X -> X; "guest" is unknown to HR.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.activity import in_period, person_events
from metrics.participation import learning_hours
from metrics.participation_more import (
    channel_mix,
    cohort_table,
    completion_rate,
    enrolments_of_persons,
    gini,
    participation_inequality,
    returning_learners,
    satisfaction,
    top_share,
)
from metrics.periods import Period
from metrics.population import in_scope

TZ = "Europe/Berlin"
EXPECTED = json.loads((Path(__file__).parent / "expected_participation_more.json").read_text())
FEB = Period.month(2026, 2)

PEOPLE_SCHEMA = {"person_id": pl.String, "valid_from": pl.Date, "valid_to": pl.Date, "hire_date": pl.Date,
                 "exit_date": pl.Date, "fte": pl.Float64, "employment_type": pl.String, "country": pl.String,
                 "location": pl.String, "job_family": pl.String, "role": pl.String, "org_unit_id": pl.String,
                 "age_band": pl.String, "gender": pl.String}
EVENT_SCHEMA = {"actor_id": pl.String, "activity_id": pl.String, "verb": pl.String, "role": pl.String,
                "occurred_at": pl.Datetime("us"), "duration_seconds": pl.Float64, "counterpart_id": pl.String,
                "success": pl.Boolean, "completion": pl.Boolean, "score": pl.Float64, "source": pl.String}
ACTIVITY_SCHEMA = {"activity_id": pl.String, "activity_type": pl.String, "channel": pl.String, "title": pl.String,
                   "planned_minutes": pl.Float64, "community": pl.String, "starts_at": pl.Datetime("us"),
                   "ends_at": pl.Datetime("us"), "join_url": pl.String, "online": pl.Boolean,
                   "parent_activity_id": pl.String, "planned_meetings": pl.Int64}
ENROLMENT_SCHEMA = {"source": pl.String, "actor_id": pl.String, "activity_id": pl.String,
                    "enrolled_at": pl.Datetime("us"), "completed_at": pl.Datetime("us"), "status": pl.String}
FEEDBACK_SCHEMA = {"actor_id": pl.String, "activity_id": pl.String, "rating": pl.Float64,
                   "recommendation": pl.Int64, "submitted_at": pl.Datetime("us")}


def people_frame(rows: list[dict]) -> pl.DataFrame:
    """rows: person_id plus any overrides; defaults: hired 2020, no exit, DE, FTE 1.0."""
    base = {"valid_from": date(2020, 1, 1), "valid_to": None, "hire_date": date(2020, 1, 1), "exit_date": None,
            "fte": 1.0, "employment_type": "permanent", "country": "DE", "location": "Berlin",
            "job_family": "IT", "role": "Dev", "org_unit_id": "ou1", "age_band": "30-39", "gender": "f"}
    full = [{**base, **r} for r in rows]
    for r in full:  # one version, from the hire date on
        r["valid_from"] = r["hire_date"]
    return pl.DataFrame(full, schema=PEOPLE_SCHEMA)


def identities_frame(persons: list[str]) -> pl.DataFrame:
    return pl.DataFrame({"identity_id": [f"id_{p}" for p in persons], "person_id": persons})


def events_frame(rows: list[tuple]) -> pl.DataFrame:
    """rows: (actor_id, activity_id, verb, role, occurred_at UTC, duration_seconds[, counterpart_id[, source]])."""
    full = []
    for r in rows:
        actor, activity, verb, role, at, seconds, *rest = r
        counterpart = rest[0] if rest else None
        source = rest[1] if len(rest) > 1 else "xapi"
        full.append({"actor_id": actor, "activity_id": activity, "verb": verb, "role": role, "occurred_at": at,
                     "duration_seconds": seconds, "counterpart_id": counterpart, "success": None,
                     "completion": None, "score": None, "source": source})
    return pl.DataFrame(full, schema=EVENT_SCHEMA)


def activities_frame(rows: list[dict]) -> pl.DataFrame:
    base = {k: None for k in ACTIVITY_SCHEMA}
    return pl.DataFrame([{**base, **r} for r in rows], schema=ACTIVITY_SCHEMA)


PEOPLE = people_frame([
    {"person_id": "A"}, {"person_id": "B", "fte": 0.5}, {"person_id": "C", "country": "AT", "fte": 0.0},
    {"person_id": "D", "country": "AT", "hire_date": date(2026, 2, 15)},
    {"person_id": "E", "exit_date": date(2026, 2, 10)},
])
IDENTITIES = identities_frame(["A", "B", "C", "D", "E"])
ACTIVITIES = activities_frame([
    {"activity_id": "course1", "activity_type": "course", "channel": "formal", "planned_minutes": 120.0},
    {"activity_id": "course2", "activity_type": "course", "channel": "formal", "planned_minutes": 60.0},
    {"activity_id": "course3", "activity_type": "course", "channel": "formal"},
    {"activity_id": "sess1", "activity_type": "session", "channel": "peer", "planned_minutes": 60.0,
     "starts_at": datetime(2026, 2, 5, 9)},
    {"activity_id": "sess2", "activity_type": "session", "channel": "peer", "planned_minutes": 60.0,
     "starts_at": datetime(2026, 1, 31, 23, 30)},  # 01.02. 00:30 in Berlin
    {"activity_id": "conv1", "activity_type": "learning_conversation", "channel": "coaching", "planned_minutes": 30.0},
    {"activity_id": "circ1", "activity_type": "circle", "channel": "circle", "planned_meetings": 3},
    {"activity_id": "meet1", "activity_type": "circle_meeting", "channel": "circle", "planned_minutes": 90.0,
     "parent_activity_id": "circ1"},
    {"activity_id": "vid1", "activity_type": "video", "channel": "peer", "planned_minutes": 10.0},
])


def pe(events: pl.DataFrame) -> pl.DataFrame:
    return person_events(events, IDENTITIES, TZ)


def rows_of(frame: pl.DataFrame) -> list[dict]:
    """Rows as JSON-comparable dicts (dates as ISO text)."""
    return [{k: (v.isoformat() if isinstance(v, date) else v) for k, v in r.items()} for r in frame.to_dicts()]


def assert_rows(actual: pl.DataFrame, expected: list[dict]):
    got = rows_of(actual)
    assert len(got) == len(expected), got
    for g, e in zip(got, expected):
        for key, value in e.items():
            if isinstance(value, float):
                assert g[key] == pytest.approx(value, abs=1e-9), (key, g)
            else:
                assert g[key] == value, (key, g)


# -- P6 ---------------------------------------------------------------------------------------------------

# Learner minutes in February: A's session is recorded by xAPI (50 min) and Teams (55 min): once, 55 (peer);
# A's course completion has no duration: planned 120 (formal); B's conversation 30 (coaching) and circle
# meeting, planned 90 (circle); D's video, planned 10 (peer); C's 60 minutes on an activity the warehouse
# does not know (other); E has left. A's hosting is a contribution: no hours. Total 365 min.
# DE (A, B): 295 min = formal 120, peer 55, coaching 30, circle 90; AT (C, D): 70 min = peer 10, other 60.
P6_EVENTS = events_frame([
    ("id_A", "sess1", "attended", "learner", datetime(2026, 2, 5, 9), 3000.0),
    ("id_A", "sess1", "attended", "learner", datetime(2026, 2, 5, 9, 5), 3300.0, None, "teams"),
    ("id_A", "course1", "completed", "learner", datetime(2026, 2, 10, 8), None),
    ("id_A", "sess2", "hosted", "contributor", datetime(2026, 1, 31, 23, 30), 3600.0),
    ("id_B", "conv1", "attended", "learner", datetime(2026, 2, 12, 10), 1800.0),
    ("id_B", "meet1", "attended", "learner", datetime(2026, 2, 20, 16), None),
    ("id_D", "vid1", "experienced", "learner", datetime(2026, 2, 20, 12), None),
    ("id_E", "vid1", "experienced", "learner", datetime(2026, 2, 5, 12), None),
    ("id_C", "x1", "attended", "learner", datetime(2026, 2, 25, 12), 3600.0),
    ("guest", "sess1", "attended", "learner", datetime(2026, 2, 5, 9), 3600.0),
])


@pytest.mark.parametrize("by", [None, "country"])
def test_p6_channel_mix_by_hand(by):
    scope = in_scope(PEOPLE, FEB)
    result = channel_mix(scope, in_period(pe(P6_EVENTS), FEB), ACTIVITIES, by)
    assert_rows(result, EXPECTED["P6"][str(by)])


def test_p6_hours_add_up_to_p4():
    scope = in_scope(PEOPLE, FEB)
    events = in_period(pe(P6_EVENTS), FEB)
    assert channel_mix(scope, events, ACTIVITIES)["hours"][0] == pytest.approx(learning_hours(scope, events, ACTIVITIES))
    by_country = channel_mix(scope, events, ACTIVITIES, "country")
    assert by_country["hours"].sum() == pytest.approx(365 / 60)


def test_p6_empty_period_has_no_shares():
    scope = in_scope(PEOPLE, Period.month(2025, 6))
    result = channel_mix(scope, in_period(pe(P6_EVENTS), Period.month(2025, 6)), ACTIVITIES)
    assert result["hours"][0] == 0.0 and result["share_formal"][0] is None and result["population"][0] == 4


# -- P7 ---------------------------------------------------------------------------------------------------

# February enrolments:
# - A course1 (Moodle: no enrolled_at): starts with A's first event on it, the completion on 10.02.: started
#   in February, completed.
# - B course1 (Moodle, no date and no event): cannot be placed in a period, left out.
# - A sess1 (LEX, enrolled 20.01.): January, not February.
# - B sess2: LEX enrolment (02.02., no-show) and the LEX `registered` event are one enrolment, not completed.
# - D sess2 cancelled, B sess3 declined (iCal): no enrolments.
# - B course2: registered 03.02., passed 05.03.: completed when the as-of date is open, not by 28.02.
# - D course2: registered, then unregistered: withdrawn. E course2: E out of scope.
# - A circ1: circle membership, not an enrolment. D course3: 28.02. 23:30 UTC is 01.03. in Berlin.
# So: 3 enrolments (all DE), 2 completed (2/3); as of 28.02.: 1 of 3. AT has none: rate null.
P7_ENROLMENTS = pl.DataFrame([
    {"source": "moodle", "actor_id": "id_A", "activity_id": "course1", "enrolled_at": None,
     "completed_at": datetime(2026, 2, 10, 8), "status": "completed"},
    {"source": "moodle", "actor_id": "id_B", "activity_id": "course1", "enrolled_at": None,
     "completed_at": None, "status": "enrolled"},
    {"source": "lex", "actor_id": "id_A", "activity_id": "sess1", "enrolled_at": datetime(2026, 1, 20, 10),
     "completed_at": datetime(2026, 2, 5, 10), "status": "attended"},
    {"source": "lex", "actor_id": "id_B", "activity_id": "sess2", "enrolled_at": datetime(2026, 2, 2, 10),
     "completed_at": None, "status": "no_show"},
    {"source": "lex", "actor_id": "id_D", "activity_id": "sess2", "enrolled_at": datetime(2026, 2, 16, 10),
     "completed_at": None, "status": "cancelled"},
    {"source": "ical", "actor_id": "id_B", "activity_id": "sess3", "enrolled_at": None,
     "completed_at": None, "status": "declined"},
], schema=ENROLMENT_SCHEMA)
P7_EVENTS = events_frame([
    ("id_A", "course1", "completed", "learner", datetime(2026, 2, 10, 8), None),
    ("id_B", "sess2", "registered", "admin", datetime(2026, 2, 2, 10), None, None, "lex"),
    ("id_B", "course2", "registered", "admin", datetime(2026, 2, 3, 9), None),
    ("id_B", "course2", "passed", "learner", datetime(2026, 3, 5, 9), None),
    ("id_D", "course2", "registered", "admin", datetime(2026, 2, 20, 9), None),
    ("id_D", "course2", "unregistered", "admin", datetime(2026, 2, 22, 9), None),
    ("id_E", "course2", "registered", "admin", datetime(2026, 2, 5, 9), None),
    ("id_A", "circ1", "registered", "admin", datetime(2026, 2, 1, 9), None),
    ("id_D", "course3", "registered", "admin", datetime(2026, 2, 28, 23, 30), None),
])


@pytest.mark.parametrize("by,as_of", [(None, None), ("country", None), (None, "2026-02-28")])
def test_p7_completion_rate_by_hand(by, as_of):
    cutoff = date.fromisoformat(as_of) if as_of else None
    enrolments = enrolments_of_persons(P7_ENROLMENTS, P7_EVENTS, IDENTITIES, ACTIVITIES, TZ, cutoff)
    result = completion_rate(in_scope(PEOPLE, FEB), enrolments, FEB, by)
    assert_rows(result, EXPECTED["P7"][f"{by}|{as_of}"])


def test_p7_undated_moodle_enrolment_is_left_out():
    enrolments = enrolments_of_persons(P7_ENROLMENTS, P7_EVENTS, IDENTITIES, ACTIVITIES, TZ)
    undated = enrolments.filter((pl.col("person_id") == "B") & (pl.col("activity_id") == "course1"))
    assert undated["started"].to_list() == [None]


# -- P8 ---------------------------------------------------------------------------------------------------

# Events: A in Jan, Feb, Mar; B in Dec 2025, Jan, Mar; C in Feb; D (hired 15.02.) in Feb and Mar; E (exit
# 31.01., so out of January's scope) in January.
# January: scope A, B, C (3); active A, B; back in February: A -> 1/2.
# February: scope A, B, C, D (4); active A, C, D; back in March: A, D -> 2/3.
# March: active A, B, D; nobody in April -> 0/3.
# Cohorts (scope at 31.03.: A, B, C, D; B's first event is in December, outside the period's months):
# January: A -> months 0, 1, 2 all 1/1; February: C, D -> month 0 2/2, month 1 (March) D only 1/2.
P8_PEOPLE = people_frame([
    {"person_id": "A"}, {"person_id": "B"}, {"person_id": "C", "country": "AT"},
    {"person_id": "D", "country": "AT", "hire_date": date(2026, 2, 15)},
    {"person_id": "E", "exit_date": date(2026, 1, 31)},
])
P8_EVENTS = events_frame([
    ("id_A", "vid1", "experienced", "learner", datetime(2026, 1, 5, 9), None),
    ("id_A", "vid1", "experienced", "learner", datetime(2026, 2, 5, 9), None),
    ("id_A", "vid1", "experienced", "learner", datetime(2026, 3, 5, 9), None),
    ("id_B", "vid1", "experienced", "learner", datetime(2025, 12, 5, 9), None),
    ("id_B", "vid1", "experienced", "learner", datetime(2026, 1, 7, 9), None),
    ("id_B", "sess1", "hosted", "contributor", datetime(2026, 3, 7, 9), None),
    ("id_C", "vid1", "experienced", "learner", datetime(2026, 2, 9, 9), None),
    ("id_D", "vid1", "experienced", "learner", datetime(2026, 2, 20, 9), None),
    ("id_D", "vid1", "experienced", "learner", datetime(2026, 3, 20, 9), None),
    ("id_E", "vid1", "experienced", "learner", datetime(2026, 1, 20, 9), None),
])


def test_p8_returning_learners_by_hand():
    result = returning_learners(P8_PEOPLE, pe(P8_EVENTS), Period.quarter(2026, 1))
    assert_rows(result, EXPECTED["P8"]["returning"])


def test_p8_cohort_table_by_hand():
    result = cohort_table(P8_PEOPLE, pe(P8_EVENTS), Period.quarter(2026, 1))
    assert_rows(result, EXPECTED["P8"]["cohorts"])


def test_p8_grouped_counts_add_up():
    total = returning_learners(P8_PEOPLE, pe(P8_EVENTS), Period.quarter(2026, 1))
    grouped = returning_learners(P8_PEOPLE, pe(P8_EVENTS), Period.quarter(2026, 1), "country")
    sums = grouped.group_by("month").agg(pl.col("active", "returning", "population").sum()).sort("month")
    assert sums.select("active", "returning", "population").equals(total.select("active", "returning", "population"))


# -- P9 ---------------------------------------------------------------------------------------------------

# February, in scope and active: A hosted 5 sessions and attended 1 (6 events, 5 contributions: heavy);
# B replied once and attended once (2 events, 1 contribution: occasional); C attended once (lurker);
# D attended one session, recorded by xAPI and Teams: one event (lurker). E is out of scope.
# Events per person 6, 2, 1, 1 = 10. Top 1 % and top 10 % of 4 persons: ceil(0.04) = ceil(0.4) = 1 person
# (A): 6/10. Gini of (1, 1, 2, 6): sum of |x_i - x_j| over ordered pairs 32 / (2 * 4^2 * 2.5) = 0.4.
# 90-9-1: lurkers 2 (C, D), occasional 1 (B), heavy 1 (A).
P9_EVENTS = events_frame([
    *[("id_A", f"s{i}", "hosted", "contributor", datetime(2026, 2, 2 + i, 9), None) for i in range(5)],
    ("id_A", "sess1", "attended", "learner", datetime(2026, 2, 5, 9), None),
    ("id_B", "forum1", "replied", "contributor", datetime(2026, 2, 6, 9), None),
    ("id_B", "sess1", "attended", "learner", datetime(2026, 2, 5, 9), None),
    ("id_C", "sess1", "attended", "learner", datetime(2026, 2, 5, 9), None),
    ("id_D", "sess1", "attended", "learner", datetime(2026, 2, 16, 9), None),
    ("id_D", "sess1", "attended", "learner", datetime(2026, 2, 16, 9, 2), None, None, "teams"),
    ("id_E", "sess1", "hosted", "contributor", datetime(2026, 2, 5, 9), None),
    ("id_A", "sess1", "registered", "admin", datetime(2026, 2, 1, 9), None),
])


@pytest.mark.parametrize("by", [None, "country"])
def test_p9_participation_inequality_by_hand(by):
    result = participation_inequality(in_scope(PEOPLE, FEB), in_period(pe(P9_EVENTS), FEB), by)
    assert_rows(result, EXPECTED["P9"][str(by)])


def test_gini_and_top_share_extremes():
    assert gini([3, 3, 3]) == 0.0 and gini([5]) == 0.0 and gini([]) is None
    assert gini([0, 0, 0, 10]) == pytest.approx(0.75)  # (n - 1) / n: everything on one of four
    assert top_share([1] * 200, 0.01) == pytest.approx(2 / 200)  # ceil(2.0) = 2 of 200


# -- P10 --------------------------------------------------------------------------------------------------

# February's activities: sess1 (05.02.), sess2 (31.01. 23:30 UTC = 01.02. in Berlin) and course1 (no start:
# the feedback's own day counts: A's on 20.02. in, B's on 02.03. out).
# All feedback (anonymous and E's included): ratings 5 (A), 4 (B), 3 (anonymous), 2 (D), 4 (A, course1),
# 1 (E) = 19 / 6; C's 6 and 11 are off the scales and ignored. Recommendations 10, 9, 6, 7, 8: promoters 2,
# detractors 1, of 5: (2 - 1) / 5 = +20 points.
# By country: DE (A, B): ratings 5, 4, 4 -> 13/3, recommendations 10, 9 -> +100. AT (C, D): rating 2,
# recommendation 7 -> NPS 0.
P10_FEEDBACK = pl.DataFrame([
    {"actor_id": "id_A", "activity_id": "sess1", "rating": 5.0, "recommendation": 10, "submitted_at": datetime(2026, 2, 6)},
    {"actor_id": "id_B", "activity_id": "sess1", "rating": 4.0, "recommendation": 9, "submitted_at": datetime(2026, 2, 6)},
    {"actor_id": None, "activity_id": "sess1", "rating": 3.0, "recommendation": 6, "submitted_at": datetime(2026, 2, 6)},
    {"actor_id": "id_D", "activity_id": "sess2", "rating": 2.0, "recommendation": 7, "submitted_at": datetime(2026, 2, 2)},
    {"actor_id": "id_A", "activity_id": "course1", "rating": 4.0, "recommendation": None,
     "submitted_at": datetime(2026, 2, 20)},
    {"actor_id": "id_B", "activity_id": "course1", "rating": 1.0, "recommendation": None,
     "submitted_at": datetime(2026, 3, 2)},
    {"actor_id": "id_C", "activity_id": "sess1", "rating": 6.0, "recommendation": 11, "submitted_at": datetime(2026, 2, 6)},
    {"actor_id": "id_E", "activity_id": "sess1", "rating": 1.0, "recommendation": 8, "submitted_at": datetime(2026, 2, 6)},
], schema=FEEDBACK_SCHEMA)


@pytest.mark.parametrize("by", [None, "country"])
def test_p10_satisfaction_by_hand(by):
    result = satisfaction(in_scope(PEOPLE, FEB), P10_FEEDBACK, ACTIVITIES, IDENTITIES, FEB, TZ, by)
    assert_rows(result, EXPECTED["P10"][str(by)])


def test_p10_empty_period():
    june = Period.month(2025, 6)
    result = satisfaction(in_scope(PEOPLE, june), P10_FEEDBACK, ACTIVITIES, IDENTITIES, june, TZ)
    assert result.select("ratings", "mean_rating", "nps").row(0) == (0, None, None)


# -- empty inputs -----------------------------------------------------------------------------------------

def test_empty_period_everywhere():
    june = Period.month(2025, 6)
    scope = in_scope(PEOPLE, june)
    none = in_period(pe(P9_EVENTS), june)
    assert participation_inequality(scope, none).select("active", "gini", "top1_share").row(0) == (0, None, None)
    enrolments = enrolments_of_persons(P7_ENROLMENTS, P7_EVENTS, IDENTITIES, ACTIVITIES, TZ)
    assert completion_rate(scope, enrolments, june).select("enrolments", "completion_rate").row(0) == (0, None)
    assert returning_learners(PEOPLE, pe(P9_EVENTS), june)["returning_rate"].to_list() == [None]
    assert cohort_table(PEOPLE, pe(P9_EVENTS), june).is_empty()


# -- properties -------------------------------------------------------------------------------------------

PERSONS = ["A", "B", "C", "D", "E"]
ACTS = ["course1", "course2", "sess1", "sess2", "conv1", "meet1", "vid1", "x1"]
VERBS = [("attended", "learner"), ("completed", "learner"), ("passed", "learner"), ("hosted", "contributor"),
         ("replied", "contributor"), ("registered", "admin"), ("unregistered", "admin")]

random_events = st.lists(
    st.tuples(st.sampled_from(PERSONS), st.sampled_from(ACTS), st.sampled_from(VERBS),
              st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 4, 30)),
              st.one_of(st.none(), st.floats(min_value=0, max_value=20000))),
    max_size=40,
).map(lambda rows: events_frame([(f"id_{p}", a, v, r, t, s) for p, a, (v, r), t, s in rows]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events=random_events, month=st.integers(1, 4))
def test_properties_of_p6_to_p9(events, month):
    period = Period.month(2026, month)
    scope = in_scope(PEOPLE, period)
    person = pe(events)
    current = in_period(person, period)
    for by in (None, "country"):
        mix = channel_mix(scope, current, ACTIVITIES, by)
        shares = mix.select(pl.selectors.starts_with("share_"))
        for row, hours in zip(shares.iter_rows(), mix["hours"]):
            if hours > 0:
                assert sum(row) == pytest.approx(1.0) and all(0 <= s <= 1 for s in row)
        enrolments = enrolments_of_persons(pl.DataFrame(schema=ENROLMENT_SCHEMA), events, IDENTITIES, ACTIVITIES, TZ)
        rates = completion_rate(scope, enrolments, period, by)["completion_rate"].drop_nulls()
        assert all(0 <= r <= 1 for r in rates)
        back = returning_learners(PEOPLE, person, period, by)["returning_rate"].drop_nulls()
        assert all(0 <= r <= 1 for r in back)
        inequality = participation_inequality(scope, current, by)
        for column in ("gini", "top1_share", "top10_share", "lurker_share", "occasional_share", "heavy_share"):
            assert all(0 <= v <= 1 + 1e-12 for v in inequality[column].drop_nulls())
        split = inequality.filter(pl.col("active") > 0).select(
            pl.col("lurker_share") + pl.col("occasional_share") + pl.col("heavy_share"))
        assert all(s == pytest.approx(1.0) for s in split.to_series())
    # additive figures over groups sum to the total
    total, grouped = channel_mix(scope, current, ACTIVITIES), channel_mix(scope, current, ACTIVITIES, "country")
    assert grouped["hours"].sum() == pytest.approx(total["hours"][0])
    t9, g9 = participation_inequality(scope, current), participation_inequality(scope, current, "country")
    for column in ("active", "events", "lurkers", "occasional", "heavy"):
        assert g9[column].sum() == t9[column][0]
    cohorts = cohort_table(PEOPLE, person, period)["share"]
    assert all(0 <= s <= 1 for s in cohorts)


@given(values=st.lists(st.integers(0, 1000), max_size=50))
def test_gini_in_unit_interval(values):
    g = gini([float(v) for v in values])
    assert g is None or 0 <= g <= 1
    assert g is None or values == [] or g <= 1 - 1 / len(values) + 1e-12


@settings(max_examples=40, deadline=None)
@given(scores=st.lists(st.tuples(st.sampled_from(PERSONS + [None]), st.one_of(st.none(), st.integers(0, 7)),
                                 st.one_of(st.none(), st.integers(-1, 11))), max_size=30))
def test_p10_ranges(scores):
    feedback = pl.DataFrame([{"actor_id": f"id_{p}" if p else None, "activity_id": "sess1",
                              "rating": None if r is None else float(r), "recommendation": n,
                              "submitted_at": datetime(2026, 2, 6)} for p, r, n in scores], schema=FEEDBACK_SCHEMA)
    for by in (None, "country"):
        result = satisfaction(in_scope(PEOPLE, FEB), feedback, ACTIVITIES, IDENTITIES, FEB, TZ, by)
        assert all(1 <= m <= 5 for m in result["mean_rating"].drop_nulls())
        assert all(-100 <= n <= 100 for n in result["nps"].drop_nulls())


# -- P9's Lorenz curve and P10 under a person filter (for the Participation page) --------------------------

# P9_EVENTS: events per active person 1, 1, 2, 6 (total 10, n = 4). The least active floor(d % of 4) persons:
# d = 10, 20 -> 0 persons (0); 30, 40 -> 1 (1/10); 50, 60, 70 -> 2 (2/10); 80, 90 -> 3 (4/10 = 1 - top10_share).
# By country: AT (1, 1): below 50 % no person, from 50 % one (1/2); DE (2, 6): from 50 % one person (2/8).
LORENZ = {
    "None": {"all": [0.0, 0.0, 0.1, 0.1, 0.2, 0.2, 0.2, 0.4, 0.4]},
    "country": {"AT": [0.0] * 4 + [0.5] * 5, "DE": [0.0] * 4 + [0.25] * 5},
}


@pytest.mark.parametrize("by", [None, "country"])
def test_p9_lorenz_points_by_hand(by):
    result = participation_inequality(in_scope(PEOPLE, FEB), in_period(pe(P9_EVENTS), FEB), by)
    for row in result.iter_rows(named=True):
        points = [row[f"lorenz_{d}"] for d in range(10, 100, 10)]
        assert points == pytest.approx(LORENZ[str(by)][row["group"]], abs=1e-12), row["group"]
        assert row["lorenz_90"] == pytest.approx(1 - row["top10_share"])


def test_lorenz_points_without_events_and_on_equal_values():
    from metrics.participation_more import lorenz_points

    assert set(lorenz_points([]).values()) == {None}
    assert set(lorenz_points([0.0, 0.0]).values()) == {None}
    assert list(lorenz_points([3.0] * 10).values()) == pytest.approx([d / 10 for d in range(1, 10)])


def test_p10_identified_only_takes_identified_in_scope_respondents():
    # February, identified in-scope respondents only: A (5, 10 on sess1; 4 on course1), B (4, 9), D (2, 7);
    # the anonymous rating, E (out of scope) and B's March course feedback drop out; C's are off the scales.
    # Ratings 5, 4, 2, 4 -> 15 / 4; recommendations 10, 9, 7: promoters 2, detractors 0 of 3 -> +66.7 points.
    result = satisfaction(in_scope(PEOPLE, FEB), P10_FEEDBACK, ACTIVITIES, IDENTITIES, FEB, TZ, identified_only=True)
    row = result.row(0, named=True)
    assert (row["group"], row["population"], row["ratings"], row["recommendations"]) == ("all", 4, 4, 3)
    assert row["mean_rating"] == pytest.approx(3.75) and row["nps"] == pytest.approx(200 / 3)


def test_p10_under_a_country_filter_is_that_country_group(demo_metrics):
    from metrics.compute import compute
    from metrics.filters import Filters

    quarter = Period.parse("2026-Q3")
    grouped = next(r for r in compute(demo_metrics, "P10", quarter, "country").rows if r["group"] == "DE")
    filtered = compute(demo_metrics, "P10", quarter, None, Filters(country="DE")).rows[0]
    assert filtered["population"] == grouped["population"]
    assert filtered["value"] == pytest.approx(grouped["value"])
    whole = compute(demo_metrics, "P10", quarter).rows[0]["value"]
    assert filtered["value"]["ratings"] < whole["ratings"]
    # a channel filter narrows the activities, not the respondents: anonymous feedback still counts
    peer = compute(demo_metrics, "P10", quarter, None, Filters(channel="peer")).rows[0]["value"]
    assert peer["ratings"] <= whole["ratings"]


def test_p9_through_the_entry_point_carries_the_lorenz_points(demo_metrics):
    from dataclasses import replace

    from metrics.compute import compute

    row = compute(demo_metrics, "P9", Period.parse("2026-Q3")).rows[0]
    points = [row["value"][f"lorenz_{d}"] for d in range(10, 100, 10)]
    assert points == sorted(points) and 0 <= points[0] and points[-1] == pytest.approx(1 - row["value"]["top10_share"])
    # fewer than k active persons (in a population of at least k): no curve, the other figures stay
    active = row["value"]["active"]
    demo_metrics.settings = replace(demo_metrics.settings, min_group_size=active + 1)
    assert row["population"] >= active + 1
    few = compute(demo_metrics, "P9", Period.parse("2026-Q3")).rows[0]
    assert not few["suppressed"] and few["value"]["top10_share"] == row["value"]["top10_share"]
    assert all(few["value"][f"lorenz_{d}"] is None for d in range(10, 100, 10))


@pytest.mark.parametrize("as_of", [None, date(2026, 2, 28)])
def test_p7_enrolments_in_parts_equal_the_whole(monkeypatch, as_of):
    """A large warehouse computes P7's enrolments in parts by person (to bound the peak): the same rows."""
    whole = enrolments_of_persons(P7_ENROLMENTS, P7_EVENTS, IDENTITIES, ACTIVITIES, TZ, as_of)
    monkeypatch.setattr("metrics.participation_more.EVENTS_PER_PART", 2)  # 9 events: 5 parts
    in_parts = enrolments_of_persons(P7_ENROLMENTS, P7_EVENTS, IDENTITIES, ACTIVITIES, TZ, as_of)
    assert whole.height > 3
    assert in_parts.sort("person_id", "activity_id").equals(whole.sort("person_id", "activity_id"))
