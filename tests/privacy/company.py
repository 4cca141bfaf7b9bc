"""A hand-built company for the privacy tests, and an auditor that plays the attacker.

Acme, February 2026, k = 5 (so 2k = 10). Org units: acme (level 1) > div_a, div_b (level 2) >
team_a1, team_a2 under div_a and team_b1, team_b2 under div_b (level 3).

    team_a1  10 people: a1_01 .. a1_09 in DE/Berlin, a1_10 in AT/Wien
    team_a2   3 people: a2_01 .. a2_03 in DE/Berlin (a team below k)
    team_b1   8 people: b1_01 .. b1_06 in DE/München, b1_07, b1_08 in AT/Wien
    team_b2  10 people: b2_01 .. b2_07 in DE/München, b2_08 .. b2_10 in AT/Wien

31 people: DE 25 (Berlin 12, München 13), AT 6 (Wien 6). Job families: IT for division A, Sales for B;
roles Dev and Ops alternate. "Target" a1_05 leaves on 25 February (out of scope for February, in scope
for any range ending before the 25th).

Learning in February: person number i (1-based within the team) attends course c1 on day i (tracked
i % 4 + 1 hours) unless i is a multiple of 3; the target learns 3 hours on 3 February. Everybody in
team_b2 takes part in peer session s1 on 10 February (1 hour, a channel-filter case).
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import combinations

import numpy as np
import polars as pl

from data.settings import Settings
from metrics.filters import Filters, restrict
from metrics.frames import Frames
from metrics.grouping import with_group
from metrics.overview import Metrics
from metrics.periods import Period
from metrics.population import in_scope
from tests.metrics.test_participation_more import (
    ENROLMENT_SCHEMA,
    FEEDBACK_SCHEMA,
    activities_frame,
    events_frame,
    identities_frame,
    people_frame,
)

TZ = "Europe/Berlin"
K = 5
FEB = Period.month(2026, 2)
TARGET = "a1_05"
TARGET_EXIT = date(2026, 2, 25)
ORG_UNITS = pl.DataFrame({
    "org_unit_id": ["acme", "div_a", "div_b", "team_a1", "team_a2", "team_b1", "team_b2"],
    "name": ["Acme", "Division A", "Division B", "Team A1", "Team A2", "Team B1", "Team B2"],
    "parent_id": [None, "acme", "acme", "div_a", "div_a", "div_b", "div_b"],
    "level": [1, 2, 2, 3, 3, 3, 3]})
TEAMS = {"team_a1": (10, 9, "Berlin"), "team_a2": (3, 3, "Berlin"), "team_b1": (8, 6, "München"),
         "team_b2": (10, 7, "München")}


def people_rows() -> list[dict]:
    rows = []
    for team, (size, in_de, city) in TEAMS.items():
        for i in range(1, size + 1):
            person = f"{team[5:]}_{i:02d}"
            home = {"country": "DE", "location": city} if i <= in_de else {"country": "AT", "location": "Wien"}
            rows.append({"person_id": person, "org_unit_id": team, **home,
                         "job_family": "IT" if team.startswith("team_a") else "Sales",
                         "role": "Dev" if i % 2 else "Ops",
                         **({"exit_date": TARGET_EXIT} if person == TARGET else {})})
    return rows


def event_rows() -> list[tuple]:
    rows = []
    for person in people_rows():
        pid = person["person_id"]
        i = int(pid[-2:])
        if pid == TARGET:
            rows.append((f"id_{pid}", "c1", "completed", "learner", datetime(2026, 2, 3, 10), 3 * 3600.0))
        elif i % 3:
            rows.append((f"id_{pid}", "c1", "completed", "learner", datetime(2026, 2, i, 10),
                         (i % 4 + 1) * 3600.0))
        if person["org_unit_id"] == "team_b2":
            rows.append((f"id_{pid}", "s1", "attended", "learner", datetime(2026, 2, 10, 10), 3600.0))
    return rows


ACTIVITIES = activities_frame([
    {"activity_id": "c1", "activity_type": "course", "channel": "formal", "title": "Course", "planned_minutes": 60.0},
    {"activity_id": "s1", "activity_type": "session", "channel": "peer", "title": "Session", "planned_minutes": 60.0},
]).with_columns(pl.lit("lms").alias("source"))


def company(k: int = K, people: list[dict] | None = None, events: list[tuple] | None = None,
            org_units: pl.DataFrame = ORG_UNITS) -> Metrics:
    people = people if people is not None else people_rows()
    events = events if events is not None else event_rows()
    empty = pl.DataFrame(schema={"activity_id": pl.String})
    frames = Frames(people=people_frame(people), identities=identities_frame([p["person_id"] for p in people]),
                    events=events_frame(events), activities=ACTIVITIES, sync_runs=pl.DataFrame(),
                    org_units=org_units, activity_skills=empty, skills=pl.DataFrame(),
                    skill_relations=pl.DataFrame(), requirements=pl.DataFrame(), expertise=pl.DataFrame(),
                    enrolments=pl.DataFrame(schema=ENROLMENT_SCHEMA), feedback=pl.DataFrame(schema=FEEDBACK_SCHEMA))
    return Metrics(frames, Settings(db_url="sqlite://", timezone=TZ, min_group_size=k))


def members(model: Metrics, period: Period, by: str | None, filters: Filters | None) -> dict[str, frozenset]:
    """Who each row of an answer is about, computed here independently of the guard."""
    frames = model.frames if not filters else restrict(model.frames, model.person_events, filters)[0]
    grouped = with_group(in_scope(frames.people, period), by, frames.org_units)
    return {g: frozenset(ids) for g, ids in grouped.group_by("group").agg(pl.col("person_id")).iter_rows()}


def visible_sets(model: Metrics, result, filters: Filters | None) -> list[frozenset]:
    """The person sets of the rows an answer shows (its hidden rows give the attacker nothing)."""
    groups = members(model, result.period, result.by, filters)
    return [groups[r["group"]] for r in result.rows if not r["suppressed"]]


def isolating_sets(shown: list[frozenset], k: int) -> list[frozenset]:
    """Every set of fewer than k people that some combination of the shown figures is about.

    Each shown additive figure (a count of persons, hours; a rate times its known population) is the sum
    of one value per person over its set, so the attacker can compute exactly the linear combinations of
    the sets' indicator vectors. Those combinations are constant on *atoms* (people in exactly the same
    shown sets). A combination is about fewer than k people when it is non-zero only on a few atoms; for
    every set W of atoms with fewer than k people together, the attacker has one if the row space of the
    figures meets the span of W: rank(A) + |W| > rank(A stacked on W's unit vectors).
    """
    if not shown:
        return []
    people = sorted(set().union(*shown))
    signature: dict[str, tuple] = {p: tuple(p in s for s in shown) for p in people}
    atoms: dict[tuple, list[str]] = {}
    for person, sig in signature.items():
        atoms.setdefault(sig, []).append(person)
    atom_list = list(atoms.values())
    matrix = np.array([[1.0 if sig[j] else 0.0 for sig in atoms] for j in range(len(shown))])
    rank = np.linalg.matrix_rank(matrix)
    small = [i for i, atom in enumerate(atom_list) if len(atom) < k]
    found = []
    for size in range(1, len(small) + 1):
        for chosen in combinations(small, size):
            if sum(len(atom_list[i]) for i in chosen) >= k:
                continue
            unit = np.zeros((size, len(atom_list)))
            for row, i in enumerate(chosen):
                unit[row, i] = 1.0
            if rank + size > np.linalg.matrix_rank(np.vstack([matrix, unit])):
                found.append(frozenset(p for i in chosen for p in atom_list[i]))
    return found
