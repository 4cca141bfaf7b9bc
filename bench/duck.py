"""The headline metrics P2, P3, P5, N1, N4 (nodes, edges) and S3 as DuckDB SQL, over the same prepared frames.

The reference for `make bench`: DuckDB reads the frames Dirigent's metrics read (the unified warehouse load and
the person events, handed over as Arrow without copying) and computes the catalogue's definitions (METRICS.md and
the choices documented in metrics/participation.py, network_graph.py, skills.py) in SQL. The bench checks that both
give the same figures before it compares their times. No DuckDB extension is used (they download at runtime).
"""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

HEADLINE = ("P2", "P3", "P5", "N1", "N4", "S3")

SCOPE = """
CREATE OR REPLACE TEMP TABLE scope AS
SELECT person_id, fte, role, job_code FROM (
  SELECT *, row_number() OVER (PARTITION BY person_id ORDER BY valid_from DESC, _row DESC) AS _rank
  FROM (SELECT *, row_number() OVER () AS _row FROM people)
  WHERE hire_date <= $end AND (exit_date IS NULL OR exit_date > $end)
    AND valid_from <= $end AND (valid_to IS NULL OR valid_to >= $end))
WHERE _rank = 1
"""

PERIOD_EVENTS = """
CREATE OR REPLACE TEMP TABLE period_events AS
SELECT e.* FROM person_events e SEMI JOIN scope s ON e.person_id = s.person_id
WHERE e.day BETWEEN $start AND $end
"""

P2_P5 = """
WITH hours AS (
  SELECT coalesce(max(e.duration_seconds), any_value(a.planned_minutes) * 60, 0.0) / 3600 AS hours
  FROM period_events e LEFT JOIN activities a USING (activity_id)
  WHERE e.role = 'learner'
  GROUP BY e.person_id, e.activity_id, e.day)
SELECT (SELECT count(*) FROM scope) AS p1,
       (SELECT count(DISTINCT person_id) FROM period_events) AS p2,
       (SELECT coalesce(sum(hours), 0.0) FROM hours) AS p4,
       (SELECT sum(fte) FROM scope) AS fte,
       (SELECT count(DISTINCT person_id) FROM period_events WHERE role = 'contributor') AS n1
"""

N4 = """
WITH typed AS (
  SELECT e.person_id, e.counterpart_person_id, e.activity_id, e.day, e.verb, a.activity_type
  FROM person_events e LEFT JOIN activities a USING (activity_id)
  WHERE e.day BETWEEN $start AND $end),
interactions AS (
  SELECT DISTINCT h.person_id AS giver, t.person_id AS taker, h.activity_id, h.day
  FROM (SELECT DISTINCT person_id, activity_id, day FROM typed
        WHERE verb IN ('hosted', 'co-hosted', 'facilitated') AND activity_type IN ('session', 'circle_meeting')) h
  JOIN (SELECT DISTINCT person_id, activity_id, day FROM typed
        WHERE verb = 'attended' AND activity_type IN ('session', 'circle_meeting')) t
    USING (activity_id, day)
  UNION
  SELECT person_id, counterpart_person_id, activity_id, day FROM typed
  WHERE verb IN ('hosted', 'co-hosted', 'facilitated', 'mentored', 'accompanied', 'replied')
    AND counterpart_person_id IS NOT NULL
  UNION
  SELECT counterpart_person_id, person_id, activity_id, day FROM typed
  WHERE verb = 'attended' AND activity_type IN ('mentoring', 'learning_conversation')
    AND counterpart_person_id IS NOT NULL),
edges AS (
  SELECT DISTINCT giver, taker FROM interactions
  WHERE giver <> taker AND giver IN (SELECT person_id FROM scope) AND taker IN (SELECT person_id FROM scope))
SELECT (SELECT count(*) FROM (SELECT giver FROM edges UNION SELECT taker FROM edges)) AS nodes,
       (SELECT count(*) FROM edges) AS edges
"""

S3 = """
WITH RECURSIVE rel AS (
  SELECT DISTINCT CAST(skill_id AS VARCHAR) AS skill_id, CAST(broader_skill_id AS VARCHAR) AS ancestor_id
  FROM skill_relations
  WHERE skill_id IS NOT NULL AND broader_skill_id IS NOT NULL AND skill_id <> broader_skill_id),
closure(skill_id, ancestor_id) AS (
  SELECT skill_id, ancestor_id FROM rel
  UNION
  SELECT c.skill_id, r.ancestor_id FROM closure c JOIN rel r ON c.ancestor_id = r.skill_id),
tags AS (
  SELECT activity_id, skill_id FROM activity_skills
  UNION
  SELECT a.activity_id, s.skill_id FROM activities a JOIN activity_skills s ON s.activity_id = a.parent_activity_id),
tagged AS (
  SELECT e.person_id, e.activity_id, e.verb, t.skill_id, a.channel
  FROM person_events e JOIN tags t USING (activity_id) LEFT JOIN activities a USING (activity_id)
  WHERE e.day <= $end AND e.person_id IN (SELECT person_id FROM scope)),
direct AS (
  SELECT person_id, skill_id FROM tagged
  WHERE verb IN ('completed', 'passed', 'hosted', 'co-hosted', 'mentored', 'authored', 'facilitated')
  UNION
  SELECT person_id, skill_id FROM tagged WHERE verb = 'attended' AND channel = 'peer'
  GROUP BY person_id, skill_id HAVING count(DISTINCT activity_id) >= 2
  UNION
  SELECT i.person_id, x.skill_id FROM expertise x JOIN identities i ON x.actor_id = i.identity_id
  WHERE x.declared_on IS NULL OR CAST(x.declared_on AS DATE) <= $end),
found AS (
  SELECT person_id, skill_id FROM direct
  UNION
  SELECT d.person_id, c.ancestor_id FROM direct d JOIN closure c USING (skill_id)),
required AS (
  SELECT DISTINCT s.person_id, r.skill_id
  FROM scope s JOIN requirements r
    ON r.relation = 'essential' AND (CAST(r.role AS VARCHAR) = CAST(s.role AS VARCHAR)
                                     OR CAST(r.role AS VARCHAR) = CAST(s.job_code AS VARCHAR)))
SELECT count(*) AS required_pairs, count(f.person_id) AS covered_pairs
FROM required q LEFT JOIN found f USING (person_id, skill_id)
"""


class DuckMetrics:
    """One DuckDB connection over the frames; `headline(start, end)` gives the figures of one period."""

    def __init__(self, frames, person_events: pl.DataFrame, threads: int | None = None):
        self.db = duckdb.connect()
        if threads:
            self.db.execute(f"SET threads = {int(threads)}")
        people = frames.people
        for column in ("role", "job_code"):
            if column not in people.columns:
                people = people.with_columns(pl.lit(None, pl.String).alias(column))
        events = person_events
        if "counterpart_person_id" not in events.columns:
            events = events.with_columns(pl.lit(None, pl.String).alias("counterpart_person_id"))
        self.tables = {
            "people": people, "person_events": events, "activities": frames.activities,
            "activity_skills": frames.activity_skills, "skill_relations": frames.skill_relations,
            "requirements": frames.requirements, "expertise": frames.expertise, "identities": frames.identities,
        }
        for name, frame in self.tables.items():
            self.db.register(name, frame.to_arrow())

    def headline(self, start: date, end: date) -> dict[str, float | int | None]:
        params = {"start": start, "end": end}
        self.db.execute(SCOPE, {"end": end})
        self.db.execute(PERIOD_EVENTS, params)
        p1, p2, p4, fte, n1 = self.db.execute(P2_P5).fetchone()
        nodes, edge_count = self.db.execute(N4, params).fetchone()
        required, covered = self.db.execute(S3, {"end": end}).fetchone()
        return {"P2": p2, "P3": p2 / p1 if p1 else None, "P5": p4 / fte if fte else None, "N1": n1,
                "N4 nodes": nodes, "N4 edges": edge_count, "S3": covered / required if required else None}


def dirigent_headline(model, period) -> dict[str, float | int | None]:
    """The same figures through Dirigent's catalogue entry point (every privacy rule applied)."""
    from metrics.compute import compute

    out: dict[str, float | int | None] = {}
    for metric_id in HEADLINE:
        row = compute(model, metric_id, period).rows[0]
        if metric_id == "N4":
            figures = row.get("value") or {}
            out["N4 nodes"], out["N4 edges"] = figures.get("nodes"), figures.get("edges")
        else:
            out[metric_id] = row.get("value")
    return out


def computed_headline(model, period) -> dict[str, float | int | None]:
    """The headline figures computed again from the frames: the per-load memos dropped first, so the time is
    the computation's (the one to hold against DuckDB's, which keeps no results between queries)."""
    from metrics.memo import forget

    forget(model)
    return dirigent_headline(model, period)


def same(a: dict, b: dict, tolerance: float = 1e-9) -> list[str]:
    """The figures on which two answers differ (empty when they agree)."""
    differ = []
    for key in a:
        x, y = a[key], b.get(key)
        if x is None or y is None:
            if x is not y:
                differ.append(key)
        elif abs(float(x) - float(y)) > tolerance * max(1.0, abs(float(x))):
            differ.append(key)
    return differ
