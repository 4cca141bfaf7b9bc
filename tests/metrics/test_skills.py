"""S1 to S6 on a small hand-built company, against values worked out by hand.

The company (period 2026-Q1, last day 31.03.2026):
- Taxonomy: G0 "Framework" (root) > G1 "Sales" > K1 "Customer talks" > K1a "Objection handling";
  G1 > K2 "Tariffs"; G0 > G2 "Leadership" > K3 "Feedback"; K4 "Python" has no broader skill; X and Y are
  each other's broader skill (a cycle, reachable from no root).
- People: Anna (Advisor, DE), Bernd (role Lead, job code JC-1, AT), Carla (Advisor, DE), Dora (Intern, DE;
  her role has no requirements), Emil (Advisor, DE, left on 15.02.: out of scope).
- Requirements: Advisor K1, K2 essential, K3 optional; JC-1 (Bernd's job code) K3 essential, K1 optional.
  S1 (essential): Anna K1, K2; Carla K1, K2; Bernd K3 = 5 pairs; with optional 8 (Anna, Carla + K3, Bernd + K1).
- Activities: a1 course (formal, 60 min) tagged K1a; a2, a3 sessions (peer, 30 min) tagged K2; a4 session
  (peer) tagged K3; a6 a circle tagged K3 and a5 its meeting (circle, 90 min, inherits K3).
- Events: Anna attended a1 on 05.01., completed it on 10.01. and attended a2 on 01.02.; Carla attended a2 on
  01.12.2025 (tracked 1 h), a2 again on 20.01. and a3 on 10.02.; Bernd attended a5 on 20.02. and hosted a4 on
  05.03.; Emil attended a2 on 25.01. Dora declared expertise for K2 on 15.01., Emil for K2 on 01.01.2025.

S2 (threshold 2): Anna completed a1 (K1a, 10.01.), which counts for K1, G1 and G0: K1 is evidenced through
its narrower skill. Her one peer session on K2 is below the threshold. Carla's second distinct peer activity on K2
(a3 on 10.02.; a2 twice counts once) is evidence; Bernd's hosting (05.03.) for K3; Dora's declaration (15.01.) for K2.
S3: Anna K1 yes, Anna K2 no, Carla K1 no, Carla K2 yes, Bernd K3 yes: 3/5 = 0.6. DE (Anna, Carla, Dora):
2/4; AT (Bernd) 1/1. With threshold 1, Anna's K2 counts too: 4/5. With optional pairs 3/8.
By cluster at level 1: Sales (K1, K2) 2/4 over 2 persons, Leadership (K3) 1/1; at level 0 all is Framework.
S4: supply K2 = Dora (declared), K3 = Bernd (hosted in the last 12 months), G1 = Dora, G2 = Bernd,
G0 = both; Emil is out of scope. Demand K1 = Carla, K2 = Anna. At risk: K1 (0, 1) and K2 (1, 1).
S5: pairs first evidenced in Q1 with a tagged activity before: Anna K1a, K1, G1, G0: 05.01. -> 10.01. = 5 days
each; Carla K2, G1, G0: 01.12.2025 -> 10.02. = 71; Bernd K3, G2, G0: circle meeting 20.02. -> 05.03. = 13. Dora has
no activity. Median of [5,5,5,5,13,13,13,71,71,71] = 13; DE median of [5,5,5,5,71,71,71] = 5; AT 13.
S6 (Q1 against Q4 2025): K1a 1 h + 1 h (two days of a1, planned) against 0; K3 1.5 h (the meeting inherits
its circle's skill) against 0; K2 Anna 0.5 + Carla 0.5 + 0.5 = 1.5 h (Emil left) against Carla's 1 h.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.periods import Period
from metrics.population import in_scope
from metrics.skills import (
    SkillData,
    evidence,
    evidence_as_of,
    expert_supply_demand,
    history_evidence,
    required_pairs,
    skill_coverage,
    skill_coverage_by_cluster,
    skill_metrics,
    time_to_skill,
    trending_skills,
)
from metrics.skills_taxonomy import broader_closure, skill_clusters

EXPECTED = json.loads((Path(__file__).parent / "expected_skills.json").read_text())
Q1 = Period.quarter(2026, 1)

SKILLS = pl.DataFrame({
    "skill_id": ["G0", "G1", "G2", "K1", "K1a", "K2", "K3", "K4", "X", "Y"],
    "label": ["Framework", "Sales", "Leadership", "Customer talks", "Objection handling", "Tariffs", "Feedback",
              "Python", "X", "Y"],
    "skill_type": ["skill_group"] * 3 + ["skill/competence"] * 7,
})
RELATIONS = pl.DataFrame({"skill_id": ["G1", "G2", "K1", "K1a", "K2", "K3", "X", "Y"],
                          "broader_skill_id": ["G0", "G0", "G1", "K1", "G1", "G2", "Y", "X"]})
PEOPLE = pl.DataFrame({
    "person_id": ["anna", "bernd", "carla", "dora", "emil"],
    "valid_from": [date(2020, 1, 1)] * 5, "valid_to": [None] * 5,
    "hire_date": [date(2020, 1, 1)] * 5, "exit_date": [None, None, None, None, date(2026, 2, 15)],
    "role": ["Advisor", "Lead", "Advisor", "Intern", "Advisor"],
    "job_code": [None, "JC-1", None, None, None],
    "country": ["DE", "AT", "DE", "DE", "DE"], "fte": [1.0] * 5,
}, schema_overrides={"valid_to": pl.Date, "exit_date": pl.Date})
REQUIREMENTS = pl.DataFrame({"role": ["Advisor", "Advisor", "Advisor", "JC-1", "JC-1"],
                             "skill_id": ["K1", "K2", "K3", "K3", "K1"],
                             "relation": ["essential", "essential", "optional", "essential", "optional"]})
ACTIVITIES = pl.DataFrame({
    "activity_id": ["a1", "a2", "a3", "a4", "a5", "a6"],
    "activity_type": ["course", "session", "session", "session", "circle_meeting", "circle"],
    "channel": ["formal", "peer", "peer", "peer", "circle", "circle"],
    "planned_minutes": [60.0, 30.0, 30.0, 60.0, 90.0, None],
    "parent_activity_id": [None, None, None, None, "a6", None],
})
ACTIVITY_SKILLS = pl.DataFrame({"activity_id": ["a1", "a2", "a3", "a4", "a6"],
                                "skill_id": ["K1a", "K2", "K2", "K3", "K3"]})
IDENTITIES = pl.DataFrame({"identity_id": [f"id-{p}" for p in PEOPLE["person_id"]], "person_id": PEOPLE["person_id"]})
EXPERTISE = pl.DataFrame({"actor_id": ["id-dora", "id-emil"], "skill_id": ["K2", "K2"],
                          "declared_on": [date(2026, 1, 15), date(2025, 1, 1)]})


def _events(rows):
    """Person events as `metrics.activity.person_events` returns them (day already local)."""
    return pl.DataFrame(
        [{"person_id": p, "activity_id": a, "verb": v, "role": "contributor" if v == "hosted" else "learner",
          "day": d, "occurred_at": datetime(d.year, d.month, d.day, 9), "duration_seconds": s}
         for p, a, v, d, s in rows],
        schema={"person_id": pl.String, "activity_id": pl.String, "verb": pl.String, "role": pl.String,
                "day": pl.Date, "occurred_at": pl.Datetime, "duration_seconds": pl.Float64})


EVENTS = _events([
    ("anna", "a1", "attended", date(2026, 1, 5), None), ("anna", "a1", "completed", date(2026, 1, 10), None),
    ("anna", "a2", "attended", date(2026, 2, 1), None),
    ("carla", "a2", "attended", date(2025, 12, 1), 3600.0), ("carla", "a2", "attended", date(2026, 1, 20), None),
    ("carla", "a3", "attended", date(2026, 2, 10), None),
    ("bernd", "a5", "attended", date(2026, 2, 20), None), ("bernd", "a4", "hosted", date(2026, 3, 5), None),
    ("emil", "a2", "attended", date(2026, 1, 25), None),
])
DATA = SkillData(ACTIVITIES, ACTIVITY_SKILLS, SKILLS, RELATIONS, REQUIREMENTS, EXPERTISE, IDENTITIES)


def _rows(frame: pl.DataFrame, columns=None) -> list[dict]:
    return frame.select(columns or frame.columns).to_dicts()


@pytest.fixture(scope="module")
def q1():
    return skill_metrics(PEOPLE, EVENTS, DATA, Q1)


def test_required_pairs_match_role_or_job_code_and_skip_roles_without_requirements():
    scope = in_scope(PEOPLE, Q1)
    assert [list(r) for r in required_pairs(scope, REQUIREMENTS).select("person_id", "skill_id").rows()] == (
        EXPECTED["S1_essential"])
    with_optional = required_pairs(scope, REQUIREMENTS, include_optional=True)
    assert [list(r) for r in with_optional.select("person_id", "skill_id").rows()] == EXPECTED["S1_with_optional"]
    assert "dora" not in with_optional["person_id"].to_list() and "emil" not in with_optional["person_id"]


def test_evidence_counts_for_broader_skills(q1):
    found = {(p, s): d.isoformat() for p, s, d in q1["S2"].rows()}
    expected = {(p, s): d for p, skills in EXPECTED["S2"].items() for s, d in skills.items()}
    assert found == expected


def test_coverage_by_group_and_cluster(q1):
    assert _rows(q1["S3"]) == EXPECTED["S3_all"]
    by_country = skill_metrics(PEOPLE, EVENTS, DATA, Q1, by="country")["S3"]
    assert _rows(by_country) == EXPECTED["S3_country"]
    assert _rows(q1["S3_cluster"]) == EXPECTED["S3_cluster_level0"]
    level1 = skill_metrics(PEOPLE, EVENTS, DATA, Q1, cluster_level=1)["S3_cluster"]
    assert _rows(level1) == EXPECTED["S3_cluster_level1"]


@pytest.mark.parametrize("level", [0, 1])
def test_clusters_are_top_groups_and_cycles_stay_unclustered(level):
    clusters = skill_clusters(SKILLS, RELATIONS, level)
    assert dict(clusters.select("skill_id", "cluster").rows()) == EXPECTED[f"clusters_level{level}"]


def test_closure_survives_cycles_and_self_loops():
    relations = pl.concat([RELATIONS, pl.DataFrame({"skill_id": ["K4"], "broader_skill_id": ["K4"]})])
    closure = set(broader_closure(relations).rows())
    assert {("K1a", "K1"), ("K1a", "G1"), ("K1a", "G0"), ("X", "Y"), ("Y", "X")} <= closure
    assert not any(s == a for s, a in closure)


def test_peer_threshold_is_a_parameter():
    # Anna attended one peer session on K2: evidence only with a threshold of 1.
    scope = in_scope(PEOPLE, Q1)
    required = required_pairs(scope, REQUIREMENTS)
    for threshold, covered in ((1, 4), (2, 3), (3, 2)):  # at 3 Carla's two sessions no longer suffice
        found = evidence(EVENTS, DATA, Q1.end, threshold)
        assert skill_coverage(scope, required, found)["covered_pairs"].item() == covered, threshold
    with pytest.raises(ValueError):
        evidence(EVENTS, DATA, Q1.end, 0)


def test_optional_requirements_widen_the_pairs():
    result = skill_metrics(PEOPLE, EVENTS, DATA, Q1, include_optional=True)["S3"]
    assert result.select("required_pairs", "covered_pairs").row(0) == (8, 3)


def test_evidence_is_counted_by_the_periods_end():
    # By 31.01. Carla has attended one distinct peer activity on K2 only (a2 twice), and Bernd has not yet
    # hosted. Emil is still employed on 31.01. (leaves 15.02.): K1 and K2 required, K2 covered by his 2025
    # declaration. Pairs 5 + 2 = 7; covered Anna K1 and Emil K2 = 2.
    january = skill_metrics(PEOPLE, EVENTS, DATA, Period.month(2026, 1))["S3"]
    assert january.select("required_pairs", "covered_pairs").row(0) == (7, 2)


def test_supply_demand_and_risk(q1):
    got = {s: [sup, dem, risk] for s, sup, dem, risk in q1["S4"].select("skill_id", "supply", "demand",
                                                                          "at_risk").rows()}
    assert got == EXPECTED["S4"]
    assert q1["S4"]["population"].unique().to_list() == [4]


def test_supply_counts_contributions_of_the_last_12_months_only():
    # A year later Bernd's hosting (05.03.2026) is more than 12 months back; Dora's declaration stands.
    period = Period.quarter(2027, 1)
    scope = in_scope(PEOPLE, period)
    required = required_pairs(scope, REQUIREMENTS)
    found = evidence(EVENTS, DATA, period.end)
    supply = dict(expert_supply_demand(scope, EVENTS, DATA, period, required, found)
                  .select("skill_id", "supply").rows())
    assert supply.get("K3", 0) == 0 and supply["K2"] == 1 and supply["G0"] == 1


def test_time_to_skill(q1):
    assert _rows(q1["S5"]) == EXPECTED["S5_all"]
    by_country = skill_metrics(PEOPLE, EVENTS, DATA, Q1, by="country")["S5"]
    assert _rows(by_country) == EXPECTED["S5_country"]


def test_trending_skills(q1):
    assert _rows(q1["S6"], ["skill_id", "hours", "previous_hours", "change", "change_share"]) == EXPECTED["S6"]
    assert q1["S6"]["population"].unique().to_list() == [4]  # Emil left inside the period


def test_people_leaving_inside_the_period_drop_out(q1):
    # Emil left on 15.02.: no pairs, no evidence, no supply from his K2 declaration, no hours.
    assert "emil" not in q1["S1"]["person_id"].to_list() and "emil" not in q1["S2"]["person_id"].to_list()
    assert q1["S3"]["population"].item() == 4


def test_empty_period_has_no_pairs_and_no_coverage():
    empty = Period(date(2019, 1, 1), date(2019, 1, 31))  # before anyone was hired
    result = skill_metrics(PEOPLE, EVENTS, DATA, empty)
    assert _rows(result["S3"]) == [{"group": "all", "population": 0, "required_pairs": 0, "covered_pairs": 0,
                                    "coverage": None}]
    assert result["S1"].is_empty() and result["S4"].is_empty() and result["S6"].is_empty()
    assert _rows(result["S5"]) == [{"group": "all", "population": 0, "pairs": 0, "median_days": None}]
    assert skill_metrics(PEOPLE, EVENTS, DATA, empty, by="country")["S3"].is_empty()


def test_period_without_events_keeps_earlier_evidence():
    april = Period.month(2026, 4)
    result = skill_metrics(PEOPLE, EVENTS, DATA, april)
    assert result["S3"].select("required_pairs", "covered_pairs").row(0) == (5, 3)
    assert result["S5"]["pairs"].item() == 0 and result["S5"]["median_days"].item() is None
    assert result["S6"]["hours"].sum() == 0  # nothing in April; March had Bernd hosting only (no learner hours)


# --- properties ---------------------------------------------------------------------------------------

SKILL_IDS = ["s0", "s1", "s2", "s3"]


@st.composite
def companies(draw):
    n = draw(st.integers(0, 12))
    people = pl.DataFrame({
        "person_id": [f"p{i}" for i in range(n)],
        "role": [draw(st.sampled_from(["r0", "r1", "r2", None])) for _ in range(n)],
        "job_code": [draw(st.sampled_from(["j0", None])) for _ in range(n)],
        "country": [draw(st.sampled_from(["DE", "AT", None])) for _ in range(n)],
    }, schema={"person_id": pl.String, "role": pl.String, "job_code": pl.String, "country": pl.String})
    requirement_rows = draw(st.lists(st.tuples(st.sampled_from(["r0", "r1", "j0"]), st.sampled_from(SKILL_IDS),
                                               st.sampled_from(["essential", "optional"])), max_size=8))
    requirements = pl.DataFrame(requirement_rows, schema={"role": pl.String, "skill_id": pl.String,
                                                          "relation": pl.String}, orient="row")
    evidence_rows = draw(st.lists(st.tuples(st.sampled_from([f"p{i}" for i in range(max(n, 1))]),
                                            st.sampled_from(SKILL_IDS)), max_size=20))
    found = pl.DataFrame(evidence_rows, schema={"person_id": pl.String, "skill_id": pl.String},
                         orient="row").unique().with_columns(pl.lit(date(2026, 1, 1)).alias("day"))
    return people, requirements, found, draw(st.booleans())


@settings(max_examples=60, deadline=None)
@given(companies(), st.sampled_from([None, "country", "role"]))
def test_coverage_is_a_share_and_pairs_add_up_over_groups(company, by):
    people, requirements, found, optional = company
    required = required_pairs(people, requirements, optional)
    total = skill_coverage(people, required, found)
    grouped = skill_coverage(people, required, found, by)
    for frame in (total, grouped):
        assert frame["coverage"].drop_nulls().is_between(0, 1).all()
    for column in ("population", "required_pairs", "covered_pairs"):
        assert grouped[column].sum() == total[column].item()
    clusters = skill_clusters(SKILLS.head(0), pl.DataFrame({"skill_id": ["s0", "s1"], "broader_skill_id": ["s2", "s2"]}))
    by_cluster = skill_coverage_by_cluster(required, found, clusters)
    assert by_cluster["coverage"].drop_nulls().is_between(0, 1).all()
    for column in ("required_pairs", "covered_pairs"):
        assert by_cluster[column].sum() == total[column].item()


def test_time_to_skill_and_trending_accept_grouping_by_any_scope_column():
    for by in ("country", "role"):
        scope = in_scope(PEOPLE, Q1)
        found = evidence(EVENTS, DATA, Q1.end)
        assert time_to_skill(scope, EVENTS, DATA, Q1, found, by)["population"].sum() == 4
        assert set(trending_skills(PEOPLE, EVENTS, DATA, Q1, by).columns) >= {"group", "population"}


@pytest.mark.parametrize("threshold", [1, 2])
def test_evidence_in_parts_equals_the_whole(monkeypatch, threshold):
    """A large warehouse computes S2's evidence in parts by person (to bound the peak): the same rows."""
    whole = evidence(EVENTS, DATA, Q1.end, threshold)
    monkeypatch.setattr("metrics.skills.EVENTS_PER_PART", 2)
    in_parts = evidence(EVENTS, DATA, Q1.end, threshold)
    assert whole.height > 3
    assert in_parts.sort("person_id", "skill_id").equals(whole.sort("person_id", "skill_id"))


@pytest.mark.parametrize("threshold", [1, 2, 3])
def test_any_days_evidence_follows_from_the_whole_history(threshold):
    """S2 by a day, computed on its own, equals the whole history's evidence filtered to that day (what the
    dashboard's memo does for a sparkline's twelve month ends), undated declarations included."""
    # Anna also declares K1a undated (she completes a1 on 10.01.), and Carla declares K3 undated
    expertise = pl.concat([EXPERTISE, pl.DataFrame({"actor_id": ["id-anna", "id-carla"], "skill_id": ["K1a", "K3"],
                                                    "declared_on": [None, None]}, schema=EXPERTISE.schema)])
    data = SkillData(ACTIVITIES, ACTIVITY_SKILLS, SKILLS, RELATIONS, REQUIREMENTS, expertise, IDENTITIES)
    history = history_evidence(EVENTS, data, threshold)
    assert history["undated"].any() and history["day"].is_not_null().any()
    days = sorted(set(EVENTS["day"].to_list()) | set(EXPERTISE["declared_on"].to_list()))
    changed = set()
    for as_of in [date(2000, 1, 1), *days, date(2100, 1, 1)]:
        alone = evidence(EVENTS, data, as_of, threshold).sort("person_id", "skill_id")
        derived = evidence_as_of(history, as_of).sort("person_id", "skill_id")
        assert derived.equals(alone), as_of
        changed.add(alone.height)
    assert len(changed) > 2  # the days differ in what they show
