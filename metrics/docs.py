"""docs/metrics.md, generated from the catalogue declarations (`python -m metrics docs > docs/metrics.md`)."""

from __future__ import annotations

from metrics.catalogue import CATALOGUE, GROUPING_NAMES

HEADER = """# Metrics

Generated from `metrics/catalogue.py` by `python -m metrics docs > docs/metrics.md`; do not edit by
hand. The contract is `METRICS.md`; each metric is declared once and computed by pure functions over
polars frames. Every grouped figure passes the minimum-group-size guard: a group with fewer than `k`
in-scope people (default 10, never below 5) is returned suppressed with its reason, never as zero.

Command line: `python -m metrics list`, `python -m metrics show ID [--period P] [--by GROUPING]
[--format table|json|csv]`; the period defaults to the last complete quarter.

"""

CHOICES = """
## Choices where the catalogue is silent or needs reading

- **Exit date.** METRICS.md keeps a person in scope when `exit_date > end`. A person whose exit
  date is the period's last day is therefore *out* of that period's headcount, although HR
  exports usually record the last working day. We follow the catalogue as written.
- **Events of people not in HR** (guests, external trainers) are kept but never count.
- **Duration precedence.** For one person, activity and day, the longest *tracked* duration wins;
  the planned duration stands in only where no source tracked one; then zero hours.
- **Change against the previous period**: absolute difference; for rates in percentage points.
- **Overlapping HR versions** (a faulty export): the version that starts last wins.
- **One activity across sources** (`metrics/unify.py`): a join link on one local day makes one
  meeting (a recurring meeting shares its link across days); failing that, the same title and start
  within 30 minutes (a Teams report starts when the first person joined) across different id
  namespaces and of the same activity type. Activities of one namespace are never merged: the
  platform knows its own sessions apart.
- **Groups without a value** (no org unit, no gender supplied) form the group `unknown`.
- **Graph library**: igraph, measured on a random directed graph of 300,000 nodes and 1.57 million
  edges: build, weak components and reciprocity in about 0.75 s (rustworkx 2.2 s, networkx 15.9 s),
  with the least memory.
- **Skill clusters** are the first level below the taxonomy's roots (ESCO's S1, S2, T1 ...).
- **Status in the quarterly review**: with a target, on track when reached, at risk within 10 %
  below, off track further below; without a target the trend against the previous quarter decides
  (at risk when it fell by less than 5 %). Targets: `targets.toml`, `[targets]` metric id = value.
- Every other reading of the catalogue is written in the docstring of the module that computes
  the metric: `metrics/participation.py`, `participation_more.py`, `network.py`,
  `network_graph.py`, `skills.py`, `companionship.py`, `quarterly.py`.
"""


def render() -> str:
    lines = [HEADER, "| id | metric | Kennzahl | unit | grain | groupings | definition |",
             "|---|---|---|---|---|---|---|"]
    for m in CATALOGUE:
        groupings = ", ".join(GROUPING_NAMES[g][0] for g in m.groupings) or "none"
        lines.append(f"| {m.id} | {m.name} | {m.name_de} | {m.unit} | {m.grain} | {groupings} | {m.definition} |")
    return "\n".join(lines) + "\n" + CHOICES
