"""The peer graph at group level (N6's extra rows), on the hand-built company of test_network.py.

March 2026, grouping org_unit:2 (A's U1a rolls up to U1): U1 = A B F G (4 people), U2 = C E (2),
unknown = D (1). Edges: A->B 1, A->C 1, B->D 1, C->D 1, D->B 1, E->A 2, E->C 1 (8 interactions).

Ties by hand (from group -> to group: interactions):
    U1 -> U1: A->B = 1          U1 -> U2: A->C = 1          U1 -> unknown: B->D = 1
    U2 -> U1: E->A = 2          U2 -> U2: E->C = 1          U2 -> unknown: C->D = 1
    unknown -> U1: D->B = 1
They add up to the 8 interactions; the internal ones (U1 -> U1, U2 -> U2) are N5's I = 2, the others E = 6.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import pytest

from metrics import network as n
from metrics import network_graph as g
from metrics.compute import compute
from metrics.filters import Filters
from metrics.network_groups import group_ties, reach_buckets
from metrics.periods import Period
from metrics.population import scope_of
from tests.metrics.test_network import (
    ACTIVITIES,
    EVENTS,
    IDENTITIES,
    MARCH,
    ORG_UNITS,
    PEOPLE,
    PERSON_EVENTS,
    TZ,
    _edges,
    _scope,
)

QUARTER = Period.parse("2026-Q3")


def _ties(k: int, by: str | None = "org_unit:2") -> list[tuple]:
    frame = group_ties(_scope(), _edges(), by, ORG_UNITS, k)
    return frame.select("group", "population", "from_group", "to_group", "interactions").rows()


def test_ties_between_groups_with_k_1_hold_every_interaction():
    assert _ties(1) == [
        ("U1 → U1", 4, "U1", "U1", 1), ("U1 → U2", 2, "U1", "U2", 1), ("U1 → unknown", 1, "U1", "unknown", 1),
        ("U2 → U1", 2, "U2", "U1", 2), ("U2 → U2", 2, "U2", "U2", 1), ("U2 → unknown", 1, "U2", "unknown", 1),
        ("unknown → U1", 1, "unknown", "U1", 1)]
    assert sum(r[4] for r in _ties(1)) == 8
    assert sum(r[4] for r in _ties(1) if r[2] == r[3]) == 2  # I of N5 by org_unit:2
    assert sum(r[4] for r in _ties(1) if r[2] != r[3]) == 6  # E


def test_ties_touching_a_group_below_k_are_left_out_not_listed():
    # k = 2: unknown (D alone) drops out at both ends; the tie's population is the smaller group's.
    assert _ties(2) == [("U1 → U1", 4, "U1", "U1", 1), ("U1 → U2", 2, "U1", "U2", 1),
                        ("U2 → U1", 2, "U2", "U1", 2), ("U2 → U2", 2, "U2", "U2", 1)]
    # k = 3: only U1 (4 people) is left, with its internal tie.
    assert _ties(3) == [("U1 → U1", 4, "U1", "U1", 1)]
    assert _ties(5) == []


def test_ties_by_country_and_without_grouping():
    # Countries: DE = A B F G, AT = C E, unknown = D. DE -> DE: A->B 1; DE -> AT: A->C 1; AT -> DE: E->A 2;
    # AT -> AT: E->C 1 (DE -> unknown etc. drop with k = 2).
    assert _ties(2, "country") == [("AT → AT", 2, "AT", "AT", 1), ("AT → DE", 2, "AT", "DE", 2),
                                   ("DE → AT", 2, "DE", "AT", 1), ("DE → DE", 4, "DE", "DE", 1)]
    # Without a grouping: own org unit. U1 = B F G (3), U1a = A (1), U2 = C E (2). With k = 2:
    # U2 -> U2: E->C 1; the rest touches U1a (A) or unknown (D), or is U1 -> U1 (none: B's only tie is to D).
    assert _ties(2, None) == [("U2 → U2", 2, "U2", "U2", 1)]


def test_no_edges_no_ties():
    empty = _edges(Period.month(2026, 5))
    assert group_ties(_scope(), empty, "org_unit:2", ORG_UNITS, 1).is_empty()


def test_reach_buckets_are_the_distribution_as_rows():
    # Reach by org_unit:2 (test_network): A 2, B 1, C 1, D 1, E 2 -> three contributors reach 1, two reach 2.
    assert reach_buckets(_scope(), _edges(), "org_unit:2", ORG_UNITS).rows() == [
        ("reach 1", 7, 1, 3), ("reach 2", 7, 2, 2)]


# --- through compute(): the rows `python -m metrics show N6 --by ...` prints ------------------------------

def _tie_rows(result):
    return [r for r in result.rows if r["value"]["from_group"] is not None]


def test_n6_rows_through_the_entry_point_agree_with_n4_and_n5(demo_metrics):
    demo_metrics.settings = replace(demo_metrics.settings, min_group_size=5)
    result = compute(demo_metrics, "N6", QUARTER, "org_unit:2")
    populations = {r["group"]: r["population"] for r in compute(demo_metrics, "N5", QUARTER, "org_unit:2").rows}
    assert result.rows[0]["group"] == "all"
    buckets = [r for r in result.rows if r["group"].startswith("reach ")]
    assert sum(r["value"]["contributors"] for r in buckets) == result.rows[0]["value"]["contributors"]
    ties = _tie_rows(result)
    assert ties and all(not r["suppressed"] for r in ties)
    if all(p >= 5 for g_, p in populations.items() if g_ != "all"):  # no group left out: ties hold everything
        interactions = compute(demo_metrics, "N4", QUARTER).rows[0]["value"]["interactions"]
        assert sum(r["value"]["interactions"] for r in ties) == interactions
        external = sum(r["value"]["interactions"] for r in ties if r["value"]["from_group"] != r["value"]["to_group"])
        internal = sum(r["value"]["interactions"] for r in ties if r["value"]["from_group"] == r["value"]["to_group"])
        assert (external - internal) / (external + internal) == pytest.approx(
            compute(demo_metrics, "N5", QUARTER, "org_unit:2").rows[0]["value"])
    for row in ties:
        a, b = row["value"]["from_group"], row["value"]["to_group"]
        assert row["group"] == f"{a} → {b}" and row["population"] == min(populations[a], populations[b])


def test_n6_ties_name_no_group_below_k(demo_metrics):
    k = demo_metrics.settings.min_group_size
    n5 = compute(demo_metrics, "N5", QUARTER, "org_unit:3").rows
    small = {r["group"] for r in n5 if r["population"] < k}
    assert small and all(r["suppressed"] for r in n5 if r["group"] in small), "the small demo has departments below k"
    ties = _tie_rows(compute(demo_metrics, "N6", QUARTER, "org_unit:3"))
    assert ties and all(r["population"] >= k for r in ties)
    assert not {e for r in ties for e in (r["value"]["from_group"], r["value"]["to_group"])} & small


def test_n6_with_k_above_everyone_shows_no_tie_and_hides_the_rest(demo_metrics):
    demo_metrics.settings = replace(demo_metrics.settings, min_group_size=100_000)
    rows = compute(demo_metrics, "N6", QUARTER, "country").rows
    assert rows and not [r for r in rows if "→" in r["group"]]
    assert all(r["suppressed"] and all(v is None for v in r["value"].values()) for r in rows)


def test_n7_summary_says_how_many_months_the_fit_used(demo_metrics):
    last = demo_metrics.data_range()[1]
    result = compute(demo_metrics, "N7", Period(Period.month(last.year, 1).start, Period.month(last.year, last.month).end))
    summary = result.rows[0]["value"]
    assert {"fit_months", "correlation_pairs"} <= set(summary)
    monthly = [r["value"] for r in result.rows[1:]]
    usable = [m for m in monthly if m["interactions"] and m["active_persons"]]
    assert summary["fit_months"] == (len(usable) if summary["exponent_b"] is not None else 0)


# --- N8 and N7's sessions under an org unit or country filter: the sessions the filtered people host ------------

def test_session_fill_of_the_sessions_a_filtered_population_hosts():
    # DE in scope = A B F G. A hosted S1 (lex and calendar: once): attendees B, C, X, guest = 4; standing
    # registrations B, C, D (E left) of which B and C came: 2 / 3. AT (C, E): C hosted S2 (nobody came) and
    # S4 (the guest): mean 1 / 2, half empty; E's registration to S2 was not kept: 0 / 1.
    de = _scope().filter(pl.col("country") == "DE")
    at = _scope().filter(pl.col("country") == "AT")
    assert n.session_fill(de, EVENTS, IDENTITIES, ACTIVITIES, MARCH, TZ, hosted_by_scope=True).row(0) == (
        "all", 4, 1, 4.0, 0.0, 3, 2, pytest.approx(2 / 3))
    assert n.session_fill(at, EVENTS, IDENTITIES, ACTIVITIES, MARCH, TZ, hosted_by_scope=True).row(0) == (
        "all", 2, 2, 0.5, 0.5, 1, 0, 0.0)
    # Without the flag every session counts, whoever is in scope (the unfiltered figure: 3 sessions, 5 / 3).
    assert n.session_fill(de, EVENTS, IDENTITIES, ACTIVITIES, MARCH, TZ).row(0)[2:4] == (3, pytest.approx(5 / 3))
    # N7's March: one session offered by DE, four seats filled.
    series = g.flywheel_series(PEOPLE.filter(pl.col("country") == "DE"), PERSON_EVENTS, EVENTS, IDENTITIES,
                               ACTIVITIES, MARCH, TZ, hosted_by_scope=True)
    assert series.select("sessions_offered", "seats_filled").row(0) == (1, 4)


def test_n8_through_the_entry_point_follows_a_country_filter(demo_metrics):
    whole = compute(demo_metrics, "N8", QUARTER).rows[0]["value"]
    germany = compute(demo_metrics, "N8", QUARTER, filters=Filters(country="DE")).rows[0]["value"]
    assert 0 < germany["sessions"] < whole["sessions"]
    peer = compute(demo_metrics, "N8", QUARTER, filters=Filters(channel="peer")).rows[0]["value"]
    assert peer == whole  # sessions are peer activities: the channel filter keeps them all


def test_n8_over_a_trend_builds_the_session_index_once_and_agrees_with_building_it_per_month(demo_metrics,
                                                                                             monkeypatch):
    from metrics import compute_network

    built = []
    real = compute_network.session_index
    monkeypatch.setattr(compute_network, "session_index", lambda *a, **k: built.append(1) or real(*a, **k))
    model, germany = demo_metrics, demo_metrics.restricted(Filters(country="DE"))
    tz = model.settings.timezone
    for month in QUARTER.months():
        for each in (model, germany):
            kept = compute_network.n8(each, month, None)
            fresh = n.session_fill(scope_of(each, month), each.frames.events, each.frames.identities,
                                   each.frames.activities, month, tz, each is germany)
            assert kept.equals(fresh), (month, each.filters)
    assert len(built) == 2  # once for the whole load, once for the filtered one
