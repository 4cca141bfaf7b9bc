"""N1 to N8 on a small hand-built company, against values worked out by hand.

The company (all hired 2024-01-01; in scope for March 2026 = A B C D E F G = 7; X exits 2026-03-31, which is
not after the last day, so X is out):

    person  org unit (level)      country      events (UTC noon unless said)
    A       U1a (3, under U1)     DE           attended old session 2025-11-01; experienced video 03-01;
                                               hosted S1 03-10 (lex and calendar: once); attended CM1 03-15
    B       U1 (2)                DE           mentored D 03-05 (counterpart); asked F2 03-06; attended S1
                                               03-10 twice (lex, teams)
    C       U2 (2)                AT           completed course 2026-01-15; replied to D twice 03-03 (once);
                                               attended S1; hosted S2 03-20 and S4 03-25; attended CM1
    D       none                  none         asked F1 03-02; replied to B 03-07
    E       U2                    AT           experienced and authored a video at the same instant
                                               2026-02-01; accompanied A 03-12; facilitated CM1 03-15
    F       U1                    DE           experienced video 03-08; authored 2026-04-02 (after March)
    G       U1                    DE           nothing
    X       U1                    DE           attended S1 (out of scope); g1 is a guest with no HR record

Interactions in March (giver, taker): A->B, A->C (S1; X and the guest drop), B->D (mentoring),
C->D (forum, two replies on one day count once), D->B (forum), E->A (conversation), E->A and E->C (circle
meeting). Edges: A->B 1, A->C 1, B->D 1, C->D 1, D->B 1, E->A 2, E->C 1: 5 nodes, 7 edges, 8 interactions,
density 7 / 20, one weak component (share 1), reciprocal pair B<->D: reciprocity 2 / 7.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics import network as n
from metrics import network_graph as g
from metrics.activity import in_period, person_events
from metrics.periods import Period
from metrics.population import in_scope

TZ = "Europe/Berlin"
MARCH = Period.month(2026, 3)
EXPECTED = json.loads((Path(__file__).parent / "expected_network.json").read_text())

ORG_UNITS = pl.DataFrame({"org_unit_id": ["ROOT", "U1", "U2", "U1a"], "name": ["root", "u1", "u2", "u1a"],
                          "parent_id": [None, "ROOT", "ROOT", "U1"], "level": [1, 2, 2, 3]})


def _people() -> pl.DataFrame:
    rows = [("A", "U1a", "DE", None), ("B", "U1", "DE", None), ("C", "U2", "AT", None), ("D", None, None, None),
            ("E", "U2", "AT", None), ("F", "U1", "DE", None), ("G", "U1", "DE", None),
            ("X", "U1", "DE", date(2026, 3, 31))]
    return pl.DataFrame({
        "person_id": [r[0] for r in rows], "valid_from": [date(2024, 1, 1)] * len(rows), "valid_to": [None] * len(rows),
        "hire_date": [date(2024, 1, 1)] * len(rows), "exit_date": [r[3] for r in rows], "fte": [1.0] * len(rows),
        "org_unit_id": [r[1] for r in rows], "country": [r[2] for r in rows], "location": ["x"] * len(rows),
    }, schema_overrides={"valid_to": pl.Date, "exit_date": pl.Date})


PEOPLE = _people()
IDENTITIES = pl.DataFrame({"identity_id": [f"id-{p.lower()}" for p in "ABCDEFGX"], "person_id": list("ABCDEFGX")})

ACTIVITIES = pl.DataFrame({
    "activity_id": ["S0", "S1", "S2", "S3", "S4", "M1", "F1", "F2", "L1", "CM1", "V1", "V2", "K1"],
    "activity_type": ["session", "session", "session", "session", "session", "mentoring", "forum", "forum",
                      "learning_conversation", "circle_meeting", "video", "video", "course"],
    "channel": ["peer"] * 5 + ["coaching", "peer", "peer", "coaching", "circle", "peer", "peer", "formal"],
    "planned_minutes": [60.0] * 13,
    "starts_at": [datetime(2025, 11, 1, 9), datetime(2026, 3, 10, 9), datetime(2026, 3, 20, 9),
                  datetime(2026, 4, 3, 9), None] + [None] * 8,
})


def _events() -> pl.DataFrame:
    def e(actor, activity, verb, role, when, counterpart=None, source="lex"):
        return {"actor_id": f"id-{actor.lower()}" if len(actor) == 1 else actor, "activity_id": activity,
                "verb": verb, "role": role, "occurred_at": when, "duration_seconds": None,
                "counterpart_id": f"id-{counterpart.lower()}" if counterpart else None, "source": source}

    noon = lambda m, d, y=2026: datetime(y, m, d, 11)
    rows = [
        e("A", "S0", "attended", "learner", noon(11, 1, 2025)),
        e("A", "V1", "experienced", "learner", noon(3, 1)),
        e("A", "S1", "hosted", "contributor", noon(3, 10)),
        e("A", "S1", "hosted", "contributor", noon(3, 10), source="calendar"),
        e("A", "CM1", "attended", "learner", noon(3, 15)),
        e("B", "M1", "mentored", "contributor", noon(3, 5), counterpart="D"),
        e("B", "F2", "asked", "learner", noon(3, 6)),
        e("B", "S1", "attended", "learner", noon(3, 10)),
        e("B", "S1", "attended", "learner", noon(3, 10), source="teams"),
        e("C", "K1", "completed", "learner", noon(1, 15)),
        e("C", "F1", "replied", "contributor", noon(3, 3), counterpart="D"),
        e("C", "F1", "replied", "contributor", datetime(2026, 3, 3, 15), counterpart="D"),
        e("C", "S1", "attended", "learner", noon(3, 10)),
        e("C", "S2", "hosted", "contributor", noon(3, 20)),
        e("C", "S4", "hosted", "contributor", noon(3, 25)),
        e("C", "CM1", "attended", "learner", noon(3, 15)),
        e("D", "F1", "asked", "learner", noon(3, 2)),
        e("D", "F2", "replied", "contributor", noon(3, 7), counterpart="B"),
        e("E", "V2", "experienced", "learner", noon(2, 1)),
        e("E", "V2", "authored", "contributor", noon(2, 1)),
        e("E", "L1", "accompanied", "contributor", noon(3, 12), counterpart="A"),
        e("E", "CM1", "facilitated", "contributor", noon(3, 15)),
        e("F", "V1", "experienced", "learner", noon(3, 8)),
        e("F", "V1", "authored", "contributor", noon(4, 2)),
        e("X", "S1", "attended", "learner", noon(3, 10)),
        e("guest-1", "S1", "attended", "learner", noon(3, 10), source="teams"),
        e("guest-1", "S4", "attended", "learner", noon(3, 25), source="teams"),
        # registrations (admin): standing B-S1, C-S1, D-S1, E-S2; E unregistered from S1
        e("B", "S1", "registered", "admin", noon(3, 1)),
        e("C", "S1", "registered", "admin", noon(3, 1)),
        e("D", "S1", "registered", "admin", noon(3, 1)),
        e("D", "S1", "missed", "admin", noon(3, 10)),
        e("E", "S1", "registered", "admin", noon(3, 1)),
        e("E", "S1", "unregistered", "admin", noon(3, 2)),
        e("E", "S2", "registered", "admin", noon(3, 1)),
    ]
    return pl.DataFrame(rows, schema={"actor_id": pl.String, "activity_id": pl.String, "verb": pl.String,
                                      "role": pl.String, "occurred_at": pl.Datetime("us"),
                                      "duration_seconds": pl.Float64, "counterpart_id": pl.String,
                                      "source": pl.String})


EVENTS = _events()
PERSON_EVENTS = person_events(EVENTS, IDENTITIES, TZ)


def _scope(period=MARCH):
    return in_scope(PEOPLE, period)


def _rows(frame: pl.DataFrame) -> list[dict]:
    return [{k: (round(v, 9) if isinstance(v, float) else v) for k, v in row.items()}
            for row in frame.iter_rows(named=True)]


def _edges(period=MARCH):
    return g.period_edges(_scope(period), PERSON_EVENTS, ACTIVITIES, period)


# --- N1, N2, N3 -------------------------------------------------------------------------------------------

def test_n1_n2_contributors_and_ratio():
    # Contributors in March: A (host), B (mentor), C (replies, host), D (reply), E (companion, facilitator) = 5;
    # F's authoring falls in April. Active (P2): A to F = 6, so N2 = 5 / 6. X is out of scope.
    events = in_period(PERSON_EVENTS, MARCH)
    assert _rows(n.contributors(_scope(), events)) == [{"group": "all", "population": 7, "contributors": 5}]
    assert _rows(n.contributor_ratio(_scope(), events, "country")) == EXPECTED["N2_by_country"]


def test_n3_conversion():
    # Learner-first by 31.03.: A (2025-11-01), C (2026-01-15), D (03-02), F (03-08). B's first event is a
    # contribution; E's first instant holds a learner and a contribution event (not learner-first); G has none.
    # Converted: A (03-10: 129 days), C (03-03: 47 days), D (03-07: 5 days); F only in April. 3 / 4, median 47.
    assert _rows(n.learner_to_contributor(_scope(), PERSON_EVENTS, MARCH)) == [
        {"group": "all", "population": 7, "learner_first": 4, "converted": 3, "conversion_rate": 0.75,
         "median_days_to_contribution": 47.0}]
    # By country: DE (A B F G) 1 of 2, 129 days; AT (C E) 1 of 1, 47; unknown (D) 1 of 1, 5.
    assert _rows(n.learner_to_contributor(_scope(), PERSON_EVENTS, MARCH, "country")) == EXPECTED["N3_by_country"]


# --- N4 ---------------------------------------------------------------------------------------------------

def test_n4_edges_and_figures():
    assert _rows(_edges()) == EXPECTED["N4_edges"]
    assert _rows(g.peer_graph(_scope(), PERSON_EVENTS, ACTIVITIES, MARCH)) == [
        {"group": "all", "population": 7, "nodes": 5, "edges": 7, "interactions": 8, "density": 0.35,
         "largest_component_share": 1.0, "reciprocity": round(2 / 7, 9)}]


def test_host_reaches_only_attendees_of_the_same_day():
    # A recurring meeting (one activity): P hosts on day 1, Q attends on day 2 -> no edge.
    frame = pl.DataFrame({"person_id": ["P", "Q", "R"], "activity_id": ["R1"] * 3,
                          "verb": ["hosted", "attended", "attended"], "role": ["contributor", "learner", "learner"],
                          "day": [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 1)],
                          "counterpart_person_id": [None, None, None]},
                         schema_overrides={"counterpart_person_id": pl.String})
    acts = pl.DataFrame({"activity_id": ["R1"], "activity_type": ["session"]})
    assert g.interactions(frame, acts).select("giver", "taker").rows() == [("P", "R")]


# --- N5, N6 -----------------------------------------------------------------------------------------------

def test_n5_ei_index():
    # Own org unit: only E->C (U2, U2) is internal: E = 7, I = 1 -> 0.75. D (no unit) is "unknown".
    assert _rows(g.ei_index(_scope(), _edges()))[0]["ei_index"] == 0.75
    # org_unit:2 (A's U1a rolls up to U1): A->B and E->C internal: E = 6, I = 2 -> 0.5.
    assert _rows(g.ei_index(_scope(), _edges(), "org_unit:2", ORG_UNITS)) == [
        {"group": "all", "population": 7, "external": 6, "internal": 2, "ei_index": 0.5}]
    # Per group: U1 (A B F G) touches A->B i1, A->C e1, B->D e1, D->B e1, E->A e2: (5 - 1) / 6;
    # U2 (C E): A->C e1, C->D e1, E->A e2, E->C i1: 3 / 5; unknown (D): 3 external: 1.
    assert _rows(g.ei_index_by_group(_scope(), _edges(), "org_unit:2", ORG_UNITS)) == EXPECTED["N5_by_group"]


def test_org_unit_at_level():
    frame = n.org_unit_at_level(ORG_UNITS, 2).sort("org_unit_id")
    assert frame.rows() == [("ROOT", "ROOT"), ("U1", "U1"), ("U1a", "U1"), ("U2", "U2")]


def test_n6_reach():
    # org_unit:2: A reaches U1 (B) and U2 (C): 2; B reaches unknown (D): 1; C: 1; D reaches U1: 1; E: U1, U2 = 2.
    assert _rows(g.reach(_scope(), _edges(), "org_unit:2", ORG_UNITS)) == [
        {"group": "all", "population": 7, "contributors": 5, "reach_mean": 1.4, "reach_median": 1.0,
         "reach_p90": 2.0, "reach_max": 2}]
    assert g.reach_distribution(_scope(), _edges(), "org_unit:2", ORG_UNITS).rows() == [(1, 3), (2, 2)]
    assert _rows(g.reach_by_group(_scope(), _edges(), "org_unit:2", ORG_UNITS)) == EXPECTED["N6_by_group"]


# --- N7 ---------------------------------------------------------------------------------------------------

def test_n7_series_and_too_few_months():
    # January: C completes a course. February: E's video (learner and author). March as above:
    # contributors 5, learners A B C D F = 5, active 6, sessions S1 S2 S4 = 3, seats 4 + 0 + 1 = 5 (see N8),
    # interactions 8. Peer activity in one month only: the exponent is not shown.
    series, summary = g.flywheel(PEOPLE, PERSON_EVENTS, EVENTS, IDENTITIES, ACTIVITIES,
                                 Period(date(2026, 1, 1), date(2026, 3, 31)), TZ)
    assert _rows(series.with_columns(pl.col("month").cast(pl.String))) == EXPECTED["N7_series"]
    row = _rows(summary)[0]
    assert row["exponent_b"] is None and row["fit_months"] == 0  # fewer than 6 months with peer activity


def _series(active, inter, sessions=None, learners=None):
    k = len(active)
    return pl.DataFrame({"month": [date(2025, m + 1, 1) for m in range(k)], "active_persons": active,
                         "interactions": inter, "sessions_offered": sessions or [1] * k,
                         "learners": learners or [1] * k})


def test_n7_exponent_and_months_without_peer_activity():
    active = [10, 20, 40, 80, 160, 320]
    fit = g.network_exponent(_series(active, [round(3 * a ** 1.5) for a in active]))
    assert fit is not None and fit[0] == pytest.approx(1.5, abs=1e-3) and fit[2] == 6
    # One month without peer activity leaves 5 usable months: not shown.
    assert g.network_exponent(_series(active + [5], [0, 1, 2, 3, 4, 5, 0])[:6].with_columns(
        pl.Series("interactions", [0, 1, 2, 3, 4, 5]))) is None


def test_n7_growth_correlation():
    # Sessions 2 4 6 3 3 grow +100 %, +50 %, -50 %, 0 %; learners 1000 1000 1200 1320 1188 grow 0, +20 %,
    # +10 %, -10 %. Pairs (sessions m, learners m+1): (1.0, 0.2), (0.5, 0.1), (-0.5, -0.1): exactly linear, r = 1.
    series = _series([1] * 5, [1] * 5, sessions=[2, 4, 6, 3, 3], learners=[1000, 1000, 1200, 1320, 1188])
    r, pairs = g.growth_correlation(series)
    assert pairs == 3 and r == pytest.approx(1.0)
    assert g.growth_correlation(_series([1] * 3, [1] * 3)) is None


# --- N8 ---------------------------------------------------------------------------------------------------

def test_n8_session_fill():
    # March sessions: S1 (B, C, X, guest = 4; B's two sources count once), S2 (none), S4 (no start time,
    # dated by its first event 03-25: guest = 1). Mean 5 / 3, empty 1 / 3. Standing registrations B-S1, C-S1,
    # D-S1, E-S2 (E left S1): attended B-S1, C-S1 -> 2 / 4.
    assert _rows(n.session_fill(_scope(), EVENTS, IDENTITIES, ACTIVITIES, MARCH, TZ)) == [
        {"group": "all", "population": 7, "sessions": 3, "mean_attendees": round(5 / 3, 9),
         "empty_share": round(1 / 3, 9), "registrations": 4, "attended_registrations": 2, "show_rate": 0.5}]


# --- edge cases -------------------------------------------------------------------------------------------

def test_empty_period():
    period = Period.month(2023, 1)  # before anyone was hired
    scope, events = _scope(period), in_period(PERSON_EVENTS, period)
    assert _rows(n.contributor_ratio(scope, events)) == [
        {"group": "all", "population": 0, "contributors": 0, "active_learners": 0, "contributor_ratio": None}]
    assert _rows(n.learner_to_contributor(scope, PERSON_EVENTS, period)) == [
        {"group": "all", "population": 0, "learner_first": 0, "converted": 0, "conversion_rate": None,
         "median_days_to_contribution": None}]
    empty = _edges(period)
    assert _rows(g.peer_graph(scope, PERSON_EVENTS, ACTIVITIES, period))[0] == {
        "group": "all", "population": 0, "nodes": 0, "edges": 0, "interactions": 0, "density": None,
        "largest_component_share": None, "reciprocity": None}
    assert _rows(g.ei_index(scope, empty))[0]["ei_index"] is None
    assert _rows(g.reach(scope, empty))[0]["contributors"] == 0
    fill = _rows(n.session_fill(scope, EVENTS, IDENTITIES, ACTIVITIES, period, TZ))[0]
    assert fill["sessions"] == 0 and fill["mean_attendees"] is None and fill["show_rate"] is None
    # A month with people in scope but no peer activity.
    quiet = Period.month(2026, 5)
    assert _rows(g.peer_graph(_scope(quiet), PERSON_EVENTS, ACTIVITIES, quiet))[0]["nodes"] == 0


def test_person_without_org_unit_is_group_unknown():
    groups = dict(n.contributors(_scope(), in_period(PERSON_EVENTS, MARCH), "org_unit").select(
        "group", "contributors").rows())
    assert groups == {"U1": 1, "U1a": 1, "U2": 2, "unknown": 1}


# --- properties -------------------------------------------------------------------------------------------

persons = st.sampled_from([f"p{i}" for i in range(8)])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(persons, persons, st.integers(1, 5)), max_size=25),
       st.lists(st.sampled_from(["a", "b", "c", None]), min_size=8, max_size=8))
def test_ei_index_in_range_and_groups_add_up(raw_edges, units):
    scope = pl.DataFrame({"person_id": [f"p{i}" for i in range(8)], "org_unit_id": units},
                         schema={"person_id": pl.String, "org_unit_id": pl.String})
    frame = (pl.DataFrame(raw_edges, schema={"giver": pl.String, "taker": pl.String, "weight": pl.Int64},
                          orient="row").filter(pl.col("giver") != pl.col("taker"))
             .group_by("giver", "taker").agg(pl.col("weight").sum()))
    overall = g.ei_index(scope, frame, "org_unit")
    per_group = g.ei_index_by_group(scope, frame, "org_unit")
    for value in overall["ei_index"].to_list() + per_group["ei_index"].to_list():
        assert value is None or -1.0 <= value <= 1.0
    assert int(overall["external"][0] + overall["internal"][0]) == int(frame["weight"].sum())
    assert per_group["population"].sum() == 8
    # every internal tie belongs to exactly one group
    assert per_group["internal"].sum() == overall["internal"][0]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(persons, st.sampled_from(["learner", "contributor"]), st.integers(1, 60)),
                max_size=30),
       st.lists(st.sampled_from(["DE", "AT", None]), min_size=8, max_size=8))
def test_rates_in_unit_interval_and_counts_add_up(raw_events, countries):
    scope = pl.DataFrame({"person_id": [f"p{i}" for i in range(8)], "country": countries},
                         schema={"person_id": pl.String, "country": pl.String})
    events = pl.DataFrame(
        [{"person_id": p, "role": r, "day": date(2026, 1, 1) + (date(2026, 1, d % 28 + 1) - date(2026, 1, 1)),
          "occurred_at": datetime(2026, 1, 1, d % 24)} for p, r, d in raw_events],
        schema={"person_id": pl.String, "role": pl.String, "day": pl.Date, "occurred_at": pl.Datetime("us")})
    ratio = n.contributor_ratio(scope, events, "country")
    total = n.contributor_ratio(scope, events)
    assert ratio["contributors"].sum() == total["contributors"][0]
    assert ratio["active_learners"].sum() == total["active_learners"][0]
    conv = n.learner_to_contributor(scope, events, Period.month(2026, 1), "country")
    for rate in ratio["contributor_ratio"].to_list() + conv["conversion_rate"].to_list():
        assert rate is None or 0.0 <= rate <= 1.0
    assert conv["converted"].sum() <= conv["learner_first"].sum()
