"""Each privacy rule of docs/privacy.md on the hand-built company (tests/privacy/company.py), k = 5, 2k = 10."""

from __future__ import annotations

import pytest

from metrics.access import AccessDenied
from metrics.compute import compute
from metrics.filters import Filters
from metrics.periods import Period
from metrics.privacy import RECOVERABLE, Refused, all_or_none, fewer_than, guard, too_close
from metrics.privacy_cells import complement
from metrics.privacy_ledger import Ledger
from tests.privacy.company import FEB, K, company, people_rows


def rows(result) -> dict[str, dict]:
    return {r["group"]: r for r in result.rows}


# --- rule 1: threshold ------------------------------------------------------------------------------------

def test_a_group_below_k_is_hidden_with_its_reason_never_zero():
    team = rows(compute(company(), "P2", FEB, "org_unit:3"))["team_a2"]
    assert team["population"] == 3 and team["suppressed"] and team["value"] is None
    assert team["note"] == fewer_than(K)


def test_the_role_gives_k_and_the_works_councils_k_can_only_be_raised(monkeypatch):
    model = company()
    assert not rows(compute(model, "P2", FEB, "org_unit:3", role="ld_lead"))["team_b1"]["suppressed"]  # 8 people
    monkeypatch.setenv("DIRIGENT_WORKS_COUNCIL_MIN_GROUP_SIZE", "9")
    council = rows(compute(model, "P2", FEB, "org_unit:3", role="works_council"))
    assert council["team_b1"]["suppressed"] and council["team_b1"]["note"] == fewer_than(9)
    assert rows(compute(model, "P2", FEB, "org_unit:3"))["team_b1"]["value"] == 6  # no role: the L&D lead's k


def test_a_metric_the_role_may_not_see_is_refused():
    with pytest.raises(AccessDenied, match="executive may not see P4"):
        compute(company(), "P4", FEB, role="executive")
    with pytest.raises(AccessDenied, match="not a role"):
        compute(company(), "P2", FEB, role="visitor")


# --- rule 2: all or none ------------------------------------------------------------------------------------

def test_everybody_learned_in_a_group_below_2k_is_hidden():
    # Wien (6 people): all six learned in February; P2 = 6 and P3 = 1.0 would say so about each of them.
    for metric_id in ("P2", "P3"):
        wien = rows(compute(company(), metric_id, FEB, "location"))["Wien"]
        assert wien["suppressed"] and wien["value"] is None and wien["note"] == all_or_none(K)
    assert rows(compute(company(), "P4", FEB, "location"))["Wien"]["value"] == 15.0  # hours say nothing of "all"


def test_nobody_learned_is_hidden_too_and_2k_people_may_be_all():
    # Peer learning: team_b2 (10 = 2k) all took the session: shown. Team B1 (8) nobody: hidden. Division A (12,
    # 2k or more) nobody: shown, "nobody of twelve" is information about the group.
    teams = rows(compute(company(), "P3", FEB, "org_unit:3", Filters(channel="peer")))
    assert teams["team_b1"]["suppressed"] and teams["team_b1"]["note"] == all_or_none(K)
    assert teams["team_b2"]["note"] == RECOVERABLE  # else division B minus team_b2 gives team_b1 away
    everything = rows(compute(company(), "P3", FEB, "org_unit:3"))  # all channels: all of team_b2 learned
    assert everything["team_b2"]["value"] == 1.0 and everything["team_b2"]["population"] == 2 * K
    divisions = rows(compute(company(), "P3", FEB, "org_unit:2", Filters(channel="peer")))
    assert divisions["div_a"]["value"] == 0.0 and divisions["div_a"]["population"] == 12


def test_the_overview_applies_all_or_none():
    model = company()
    austria = model.restricted(Filters(country="AT")).participation(FEB)
    assert austria["P2"].suppressed and austria["P2"].note == all_or_none(K)
    assert austria["P3"].suppressed and not austria["P4"].suppressed
    assert guard("P3", "x", 0.0, 25, 10).value == 0.0  # 25 >= 2k: a rate of 0 is group information


# --- rule 3: complementary suppression ------------------------------------------------------------------------

def test_a_hidden_team_takes_its_sibling_with_it_so_the_division_does_not_give_it_away():
    # team_a2 (3) is below k; division A (12) is shown by org_unit:2, so team_a1 = div_a - team_a2 would give
    # team_a2 away: team_a1 goes too (note RECOVERABLE). Division B's teams stay.
    teams = rows(compute(company(), "P4", FEB, "org_unit:3"))
    assert teams["team_a1"]["suppressed"] and teams["team_a1"]["note"] == RECOVERABLE
    assert teams["team_a1"]["value"] is None
    assert not teams["team_b1"]["suppressed"] and not teams["team_b2"]["suppressed"]
    division = rows(compute(company(), "P4", FEB, "org_unit:2"))["div_a"]
    assert not division["suppressed"]  # the hidden teams together are division A: 12 people, shown anyway


@pytest.mark.parametrize("by", ["org_unit:3", "location", "org_unit"])
def test_the_same_groups_are_hidden_in_every_table_that_shows_them(by):
    people = [dict(p, location="Leipzig") if p["person_id"] == "a2_03" else p for p in people_rows()]
    model = company(people=people)
    tables = {m: rows(compute(model, m, FEB, by)) for m in ("P1", "P2", "P3", "P4", "P5", "N1")}
    # a group hidden because it is all or none depends on the values (Wien: everybody learned), and so may what
    # its complement takes; every other table hides exactly the same groups
    patterns = {m: frozenset(g for g, r in table.items() if r["suppressed"]) for m, table in tables.items()
                if not any(r.get("note") == all_or_none(K) for r in table.values())}
    assert len(patterns) >= 3 and len(set(patterns.values())) == 1, patterns
    assert next(iter(patterns.values())), "something is hidden"


def test_a_line_that_cannot_reach_2k_hides_all_of_it():
    # Location: Leipzig (1) is alone below k; within DE, Berlin (10) is the smallest: 11 >= 2k, München stays.
    people = [dict(p, location="Leipzig") if p["person_id"] == "a2_03" else p for p in people_rows()]
    located = rows(compute(company(people=people), "P4", FEB, "location"))
    assert [g for g, r in located.items() if r["suppressed"]] == ["Berlin", "Leipzig"]
    assert located["Berlin"]["note"] == RECOVERABLE


def test_complement_rules_by_hand():
    names, populations = ["a", "b", "c", "d"], [2, 11, 12, 50]
    assert complement(names, populations, {0}, [[0, 1, 2, 3]], 20) == {1, 2}  # smallest first, until 2k
    assert complement(names, [2, 11, 11, 50], {0}, [[0, 1, 2, 3]], 20) == {1, 2}  # ties by name
    assert complement(names, populations, {0}, [[0, 1, 2, 3]], 100) == {1, 2, 3}  # all of the line
    assert complement(names, populations, set(), [[0, 1, 2, 3]], 20) == set()  # nothing hidden, nothing to do
    assert complement(names, populations, {0}, [[0, 1, 2, 3]], 20, pinned={1}) == {2, 3}  # published elsewhere
    assert complement(names, [25, 11, 12, 50], {0}, [[0, 1, 2, 3]], 20) == {1}  # one hidden is never enough


def test_complement_never_looks_at_values():
    # The same populations with other values give the same pattern (P2 and P4 hide the same teams).
    model = company()
    p2 = {g for g, r in rows(compute(model, "P2", FEB, "org_unit:3")).items() if r["suppressed"]}
    p4 = {g for g, r in rows(compute(model, "P4", FEB, "org_unit:3")).items() if r["suppressed"]}
    assert p2 == p4 == {"team_a1", "team_a2"}


# --- rule 4: remainder ---------------------------------------------------------------------------------------

def test_a_filter_whose_rest_of_the_parent_is_small_is_refused():
    # team_a1 (9) in division A (12): the rest is team_a2, 3 people.
    with pytest.raises(Refused, match="org unit team_a1 is refused: the rest of its parent org unit div_a has "
                                      "fewer than 5 people"):
        compute(company(), "P2", FEB, filters=Filters(org_unit="team_a1"))
    assert issubclass(Refused, ValueError)


def test_a_country_filter_has_everyone_as_parent():
    # Without Wien, AT would be 6 and DE 24: fine. Move all but 3 Austrians to DE: DE's rest (AT) is 3.
    people = [dict(p, country="DE", location="Berlin") if p["person_id"] not in ("a1_10", "b1_07", "b1_08")
              else p for p in people_rows()]
    with pytest.raises(Refused, match="country DE is refused: the rest of its parent everyone has fewer than 5"):
        compute(company(people=people), "P4", FEB, filters=Filters(country="DE"))
    compute(company(people=people), "P4", FEB, filters=Filters(country="AT"))  # rest 27: answered (then hidden)


def test_a_rest_of_nobody_is_no_group_and_the_next_parent_decides():
    # The whole company as a filter: its rest in everyone is empty.
    assert compute(company(), "P2", FEB, filters=Filters(org_unit="acme")).rows[0]["value"] == 24
    # team_b2 is division B's other part: rest 8 >= k
    assert compute(company(), "P2", FEB, filters=Filters(org_unit="team_b2")).rows[0]["value"] == 10


def test_the_channel_filter_has_no_remainder():
    assert compute(company(), "P4", FEB, filters=Filters(channel="peer")).rows[0]["value"] == 10.0


def test_a_group_whose_rest_in_the_parent_is_small_is_hidden_inside_a_filtered_answer():
    # Filter DE by org_unit:2: division A in DE has 11 people, division A has 12 (one in Wien): the rest is 1.
    divisions = rows(compute(company(), "P4", FEB, "org_unit:2", Filters(country="DE")))
    assert divisions["div_a"]["suppressed"] and divisions["div_a"]["note"] == \
        "the rest of this group in everyone has fewer than 5 people"
    assert divisions["div_b"]["suppressed"]  # and the total gives it away: complementary suppression


# --- rule 5: successive answers --------------------------------------------------------------------------------

def test_a_ledger_refuses_an_answer_too_close_to_an_earlier_one():
    ledger, model = Ledger(), company()
    berlin = rows(compute(model, "P4", FEB, "location", ledger=ledger))["Berlin"]  # 11 people
    assert berlin["value"] == 16.0
    division = rows(compute(model, "P4", FEB, "org_unit:2", ledger=ledger))["div_a"]  # the same 11 and a1_10
    assert division["suppressed"] and division["value"] is None and division["note"] == too_close(K)
    # the same question again, and another metric about the same people, are fine
    assert rows(compute(model, "P4", FEB, "location", ledger=ledger))["Berlin"]["value"] == 16.0
    assert not rows(compute(model, "P1", FEB, "location", ledger=ledger))["Berlin"]["suppressed"]


def test_a_refused_answer_takes_its_complement_with_it():
    ledger, model = Ledger(), company()
    compute(model, "P4", FEB, "location", ledger=ledger)
    divisions = rows(compute(model, "P4", FEB, "org_unit:2", ledger=ledger))
    # div_a is refused; div_b must not stay alone beside it: München and Wien (shown) with div_b would single out
    # a1_10 as well (Wien - (div_b - München)), and complementary suppression would take it anyway
    assert divisions["div_b"]["suppressed"] and divisions["div_b"]["note"] in (too_close(K), RECOVERABLE)


def test_without_a_ledger_nothing_is_remembered():
    model = company()
    compute(model, "P4", FEB, "location")
    assert not rows(compute(model, "P4", FEB, "org_unit:2"))["div_a"]["suppressed"]


def test_ledger_periods_and_sizes():
    ledger = Ledger()
    people = frozenset(f"p{i}" for i in range(20))
    assert ledger.admit(FEB.start, FEB.end, people, 5)
    assert not ledger.admit(FEB.start, FEB.end, people - {"p0"}, 5)  # one fewer: refused
    assert ledger.admit(FEB.start, FEB.end, people - {"p0", "p1", "p2", "p3", "p4"}, 5)  # five fewer: fine
    march = Period.month(2026, 3)
    assert ledger.admit(march.start, march.end, people - {"p0"}, 5)  # another month: not compared
    assert len(ledger) == 3
