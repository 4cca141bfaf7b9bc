"""Scripted differencing (tracker) attacks on the hand-built company (tests/privacy/company.py), k = 5.

Each attack tries to learn one person's participation (P2) or hours (P4). The tests named `test_stopped_*`
assert that the guard stops the attack and, where it matters, that the attack would have worked without the
rule that stops it (so the test can fail). The tests named `test_NOT_STOPPED_*` show attacks the rules
cannot stop; they assert that the attack succeeds, so that a change which closes the gap makes them fail and
docs/privacy.md ("What Dirigent does not do") is updated with it.

Facts the attacker is assumed to know: the org chart, who works where, who left when (the target a1_05
left on 25 February), and the populations every answer shows.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from metrics.compute import compute
from metrics.filters import Filters
from metrics.periods import Period
from metrics.privacy import RECOVERABLE, Refused, too_close
from metrics.privacy_ledger import Ledger
from tests.privacy.company import FEB, K, TARGET, company, event_rows, isolating_sets, people_rows, visible_sets


def value(result, group: str = "all"):
    """What the attacker sees for a group: the value, or None when hidden."""
    row = next(r for r in result.rows if r["group"] == group)
    return None if row["suppressed"] else row["value"]


# --- through filters --------------------------------------------------------------------------------------------

def test_stopped_a_unit_against_its_parent_minus_one_team():
    # Team A2 (3 people) is hidden. Division A (12) is shown; team A1 (9) would be division A minus team A2.
    model = company()
    division = value(compute(model, "P4", FEB, filters=Filters(org_unit="div_a")))
    assert division == 19.0
    with pytest.raises(Refused, match="rest of its parent org unit div_a has fewer than 5"):
        compute(model, "P4", FEB, filters=Filters(org_unit="team_a1"))
    # the other way round: team A1 by grouping instead of by filter is hidden too (complementary suppression)
    assert value(compute(model, "P4", FEB, "org_unit:3"), "team_a1") is None
    assert value(compute(model, "P4", FEB, "org_unit:3", Filters(org_unit="div_a")), "team_a1") is None


def test_stopped_a_country_filter_inside_a_unit():
    # Division A has one person in AT (a1_10). Division A in DE would be division A minus a1_10.
    model = company()
    with pytest.raises(Refused, match="country DE is refused: the rest of its parent org unit div_a"):
        compute(model, "P4", FEB, filters=Filters(org_unit="div_a", country="DE"))
    by_division = compute(model, "P4", FEB, "org_unit:2", Filters(country="DE"))
    assert value(by_division, "div_a") is None  # as a group of a filtered answer: hidden (remainder per group)
    assert value(by_division, "div_b") is None  # and its sibling, which with the DE total would give it back


def test_stopped_three_answers_that_only_together_single_someone_out():
    # Everyone in DE (24), division A (12), division B in DE (13): DE - div_b in DE = div_a in DE (11), and
    # div_a - that = a1_10. No two of them are close; the three are. Found by the generated attacks.
    model, ledger = company(), Ledger()
    germany = value(compute(model, "P4", FEB, filters=Filters(country="DE"), ledger=ledger))
    division = value(compute(model, "P4", FEB, filters=Filters(org_unit="div_a"), ledger=ledger))
    third = compute(model, "P4", FEB, filters=Filters(org_unit="div_b", country="DE"), ledger=ledger)
    assert germany is not None and division is not None
    assert value(third) is None and third.rows[0]["note"] == too_close(K)
    unguarded = value(compute(model, "P4", FEB, filters=Filters(org_unit="div_b", country="DE")))
    assert division - (germany - unguarded) == 3.0  # a1_10's hours: what the refusal kept back


# --- through periods ----------------------------------------------------------------------------------------------

def test_stopped_a_range_ending_the_day_before_someone_left():
    # a1_05 left on 25 February: in scope for 1-24 February, not for the month. The difference of the two
    # answers is a1_05's hours; their periods end 4 days apart, so one session's ledger compares them.
    model, ledger = company(), Ledger()
    before_exit = Period(date(2026, 2, 1), date(2026, 2, 24))
    first = value(compute(model, "P4", before_exit, ledger=ledger))
    second = compute(model, "P4", FEB, ledger=ledger)
    assert first == 61.0 and value(second) is None and second.rows[0]["note"] == too_close(K)
    assert first - value(compute(model, "P4", FEB)) == 3.0  # without the ledger: the target's 3 hours


def test_NOT_STOPPED_a_range_ending_a_week_or_more_before_someone_left():
    # The same attack with ranges whose ends lie 7 days or more apart: the ledger does not compare them (a month
    # and the month before must both be shown). Nobody else learned after 17 February, so the difference is
    # exactly the target's hours. docs/privacy.md: "Periods further apart".
    model, ledger = company(), Ledger()
    early = value(compute(model, "P4", Period(date(2026, 2, 1), date(2026, 2, 17)), ledger=ledger))
    month = value(compute(model, "P4", FEB, ledger=ledger))
    assert early - month == 3.0  # the attack succeeds
    assert (value(compute(model, "P2", Period(date(2026, 2, 1), date(2026, 2, 17)), ledger=ledger))
            - value(compute(model, "P2", FEB, ledger=ledger))) == 1  # and so for participation


def test_stopped_when_others_learned_in_between_the_difference_is_no_one_persons():
    # With others learning after the 17th, the same difference mixes their hours with the target's.
    events = event_rows() + [(f"id_b2_0{i}", "c1", "completed", "learner", datetime(2026, 2, 20, 10), 3600.0 * i)
                             for i in range(1, 5)]
    model = company(events=events)
    early = value(compute(model, "P4", Period(date(2026, 2, 1), date(2026, 2, 17))))
    assert early - value(compute(model, "P4", FEB)) != 3.0


# --- through groupings --------------------------------------------------------------------------------------------

def test_stopped_country_totals_against_location_totals():
    # One person in Leipzig: hidden; DE (shown by country) minus Berlin and München would give it away, so a
    # second location goes. Every figure of the three tables together isolates no one.
    people = [dict(p, location="Leipzig") if p["person_id"] == "a2_03" else p for p in people_rows()]
    model = company(people=people)
    shown = []
    for by in (None, "country", "location"):
        result = compute(model, "P4", FEB, by)
        shown += visible_sets(model, result, None)
    assert value(compute(model, "P4", FEB, "location"), "Berlin") is None
    assert isolating_sets(shown, K) == []


def test_stopped_a_location_against_a_unit_in_one_session():
    # Berlin (11 people) and division A (the same 11 and a1_10 in Wien): a1_10's hours, 3.
    model, ledger = company(), Ledger()
    berlin = value(compute(model, "P4", FEB, "location", ledger=ledger), "Berlin")
    division = compute(model, "P4", FEB, "org_unit:2", ledger=ledger)
    assert berlin == 16.0 and value(division, "div_a") is None
    assert next(r for r in division.rows if r["group"] == "div_a")["note"] == too_close(K)


def test_NOT_STOPPED_the_same_two_answers_in_two_sessions():
    # The ledger lives in one session: asked in two sessions (two browser tabs, or two users who compare
    # notes), the same pair of answers gives a1_10's hours away. docs/privacy.md: "Across sessions".
    model = company()
    berlin = value(compute(model, "P4", FEB, "location", ledger=Ledger()), "Berlin")
    division = value(compute(model, "P4", FEB, "org_unit:2", ledger=Ledger()), "div_a")
    assert division - berlin == 3.0  # the attack succeeds


def test_stopped_the_channel_filter_does_not_open_a_hidden_group():
    # The channel filter keeps the population, so it keeps every hidden group hidden; what it adds is
    # the same people's learning in one channel.
    model = company()
    for filters in (None, Filters(channel="formal"), Filters(channel="peer")):
        teams = compute(model, "P4", FEB, "org_unit:3", filters)
        assert value(teams, "team_a1") is None and value(teams, "team_a2") is None
    shown = []
    for filters in (None, Filters(channel="formal"), Filters(channel="peer")):
        for by in (None, "org_unit:2", "org_unit:3"):
            shown += visible_sets(model, compute(model, "P2", FEB, by, filters), filters)
    assert isolating_sets(shown, K) == []


def test_NOT_STOPPED_a_large_group_whose_figure_rests_on_one_person():
    # Coaching hours of division B (18 people) when only b1_01 had coaching: the group is large, the figure is
    # one person's. Whoever knows that b1_01 is the one learns the hours. Statistics offices add a dominance or
    # minimum-contributor rule for sums; Dirigent does not. docs/privacy.md: "Few contributors".
    events = event_rows() + [("id_b1_01", "s1", "attended", "learner", datetime(2026, 2, 12, 10), 2 * 3600.0)]
    model = company(events=events)
    peer_hours = value(compute(model, "P4", FEB, filters=Filters(org_unit="div_b", channel="peer")))
    team_b2_peer = 10.0  # known to everyone who attended the team's session
    assert peer_hours - team_b2_peer == 2.0  # b1_01's hours


def test_stopped_hidden_rows_are_hidden_the_same_way_for_rates_and_counts():
    # A rate times the population it shows is the count: P3 must hide what P2 hides.
    model = company()
    for by in ("org_unit:3", "location", "country"):
        p2 = {r["group"] for r in compute(model, "P2", FEB, by).rows if r["suppressed"]}
        p3 = {r["group"] for r in compute(model, "P3", FEB, by).rows if r["suppressed"]}
        assert p2 == p3


def test_stopped_flows_do_not_give_a_hidden_provider_away():
    # P4 by channel+org_unit:2 against P4 by channel: a flow line whose channel is hidden in the channel table
    # hides all its flows, and every line keeps none, all, or two or more hidden flows.
    model = company()
    channels = compute(model, "P4", FEB, "channel")
    flows = compute(model, "P4", FEB, "channel+org_unit:2")
    hidden_channels = {r["group"] for r in channels.rows if r["suppressed"]}
    for row in flows.rows:
        if row["group"].split(" | ")[0] in hidden_channels:
            assert row["suppressed"]
    lines: dict[str, list[dict]] = {}
    for row in flows.rows:
        channel, unit = row["group"].split(" | ")
        lines.setdefault("c:" + channel, []).append(row)
        lines.setdefault("u:" + unit, []).append(row)
    for members in lines.values():
        assert sum(r["suppressed"] for r in members) != 1, members
    assert any(r.get("note") == RECOVERABLE for r in flows.rows) or not any(r["suppressed"] for r in flows.rows)


def test_the_target_is_who_the_company_says():
    assert TARGET in {p["person_id"] for p in people_rows()}
