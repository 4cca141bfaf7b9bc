"""Generated attacks: sequences of queries through one session's ledger, each trying to isolate someone.

Hypothesis draws sequences of up to 12 queries on P2 (who learned), P3 (its rate) and P4 (hours) for February over
every grouping and filter the hand-built company allows. An attacker who sees every figure the guard let
through can compute any linear combination of them (tests/privacy/company.py `isolating_sets`); the test
asserts that no combination is a figure about fewer than k people. Refused queries (the remainder rule)
show nothing. Everything is in one period: periods are attacked in test_scripted_attacks.py.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.compute import compute
from metrics.filters import Filters
from metrics.privacy import Refused
from metrics.privacy_ledger import Ledger, isolates
from tests.privacy.company import FEB, K, company, isolating_sets, people_rows, visible_sets

GROUPINGS = [None, "org_unit:1", "org_unit:2", "org_unit:3", "org_unit", "country", "location", "role", "job_family",
             "gender"]
UNITS = [None, "acme", "div_a", "div_b", "team_a1", "team_a2", "team_b1", "team_b2"]
COUNTRIES = [None, "DE", "AT"]
QUERY = st.tuples(st.sampled_from(["P2", "P3", "P4"]), st.sampled_from(GROUPINGS), st.sampled_from(UNITS),
                  st.sampled_from(COUNTRIES))

# A second company where the groupings cross: a one-person location, a gender that splits teams unevenly.
CROSSED = [dict(p, location="Leipzig") if p["person_id"] == "a2_03" else
           dict(p, gender="m") if p["person_id"][-1] in "13579" else p for p in people_rows()]
MODELS = {"acme": company(), "crossed": company(people=CROSSED)}


def attack(model, queries) -> dict[str, list[frozenset]]:
    ledger, shown = Ledger(), {"P2": [], "P4": []}
    for metric_id, by, unit, country in queries:
        filters = Filters(org_unit=unit, country=country)
        try:
            result = compute(model, metric_id, FEB, by, filters or None, ledger=ledger)
        except Refused:
            continue
        # a rate times the population it shows is the count: P3 joins P2
        shown["P4" if metric_id == "P4" else "P2"] += visible_sets(model, result, filters or None)
    return shown


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(MODELS)), queries=st.lists(QUERY, min_size=1, max_size=12))
def test_no_sequence_of_queries_in_one_session_isolates_fewer_than_k_people(name, queries):
    for metric_id, sets in attack(MODELS[name], queries).items():
        assert isolating_sets(sets, K) == [], (metric_id, queries)


def test_the_auditor_finds_an_isolated_person():
    # The auditor can fail: two figures about 12 and 11 of the same people single one out.
    twelve = frozenset(f"p{i}" for i in range(12))
    assert isolating_sets([twelve, twelve - {"p0"}], K) == [frozenset({"p0"})]
    assert isolating_sets([twelve, twelve - {"p0", "p1", "p2", "p3", "p4"}], K) == []
    # and three: A = B + C + one person
    b, c = frozenset(f"b{i}" for i in range(6)), frozenset(f"c{i}" for i in range(6))
    assert isolating_sets([b | c | {"x"}, b, c], K) == [frozenset({"x"})]


PEOPLE = [f"p{i}" for i in range(10)]


@settings(max_examples=300, deadline=None)
@given(sets=st.lists(st.frozensets(st.sampled_from(PEOPLE), min_size=1), min_size=1, max_size=7),
       k=st.integers(2, 5))
def test_the_ledger_decides_exactly_as_the_independent_auditor(sets, k):
    # The ledger's test (echelon rows, cocircuits) against brute force over every small set of atoms.
    assert isolates(sets, k) == bool(isolating_sets(sets, k)), (sets, k)
