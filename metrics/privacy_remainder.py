"""Rule 4, the remainder rule: a filter must not cut fewer than k people off its parent group.

A filter narrows the population: an org unit (with its subtree) or a country. Its *parent group* is what
the same query shows with that filter widened one step: an org unit's parent unit, then its parent and so
on up to everyone; a country's parent is everyone (with the other filters kept). The *rest* is the
parent minus the filter. If the rest had 1 to k-1 people, the parent's figure minus the filter's figure
would be a figure about those few people, so the filter is refused (`Refused`). A rest of nobody is no
group at all (the filter and its parent are the same people; the next parent up decides).

The same holds inside a grouped answer: the group "location Berlin" under the filter org unit X against
the group "location Berlin" under X's parent. Such a cell is hidden (`rest_notes`).

The channel filter keeps the population as it is (only activities narrow), so it has no remainder.
"""

from __future__ import annotations

from dataclasses import replace

from metrics.filters import Filters
from metrics.periods import Period
from metrics.population import in_scope
from metrics.privacy import Refused, small_rest


def describe(filters: Filters) -> str:
    if filters.org_unit and filters.country:
        return f"org unit {filters.org_unit} in {filters.country}"
    if filters.org_unit:
        return f"org unit {filters.org_unit}"
    if filters.country:
        return f"everyone in {filters.country}"
    return "everyone"


def ancestors(org_units, unit: str) -> list[str]:
    parent = dict(zip(org_units["org_unit_id"], org_units["parent_id"]))
    chain, current, seen = [], parent.get(unit), {unit}
    while current and current not in seen:
        chain.append(current)
        seen.add(current)
        current = parent.get(current)
    return chain


def parent_chains(base, filters: Filters) -> list[tuple[str, list[Filters]]]:
    """For each person filter: its description and its parents, nearest first (channel kept as it is)."""
    chains = []
    if filters.org_unit:
        steps = [replace(filters, org_unit=unit) for unit in ancestors(base.frames.org_units, filters.org_unit)]
        chains.append((f"org unit {filters.org_unit}", steps + [replace(filters, org_unit=None)]))
    if filters.country:
        chains.append((f"country {filters.country}", [replace(filters, country=None)]))
    return chains


def headcount(base, filters: Filters, period: Period) -> int:
    return in_scope(base.restricted(Filters(filters.org_unit, filters.country)).frames.people, period).height


def check_remainder(base, filters: Filters | None, periods: list[Period], k: int) -> None:
    """Raise `Refused` when, in any of the periods, a person filter's nearest non-empty rest has 1 to k-1 people."""
    if not filters or not (filters.org_unit or filters.country):
        return
    for period in periods:
        own = headcount(base, filters, period)
        for name, parents in parent_chains(base, filters):
            for parent in parents:
                rest = headcount(base, parent, period) - own
                if rest == 0:
                    continue
                if rest < k:
                    raise Refused(f"{name} is refused: the rest of its parent {describe(parent)} has fewer than "
                                  f"{k} people ({period.label}); choose the parent or a larger unit")
                break


def rest_notes(groups: list[str], populations: list[int], parents: list[tuple[str, dict[str, int]]],
               k: int) -> dict[int, str]:
    """Rows whose group, in some parent answer, has 1 to k-1 more people than here: row index -> note."""
    notes = {}
    for i, (group, population) in enumerate(zip(groups, populations)):
        for label, parent_populations in parents:
            rest = parent_populations.get(group, population) - population
            if 0 < rest < k:
                notes[i] = small_rest(label, k)
                break
    return notes
