"""The org hierarchy of an HR source: units by parent code, levels from the parent chain, cycles refused."""

from __future__ import annotations

from dataclasses import dataclass


class OrgCycleError(ValueError):
    """Parent codes that lead back to where they started; the message lists the units and where they were read."""


@dataclass
class OrgUnit:
    org_unit_id: str
    name: str
    parent_id: str | None
    location: str
    manager_id: str | None = None  # a pseudonym


class OrgTree:
    """Org units by id; from an org-unit export, or derived from the unit and parent columns of people rows."""

    def __init__(self) -> None:
        self.units: dict[str, OrgUnit] = {}

    def add(self, unit: OrgUnit) -> None:
        self.units[unit.org_unit_id] = unit

    def observe(self, unit_id: str, name: str, parent_id: str, parent_name: str, location: str) -> None:
        """A people row names its unit (and maybe the unit's parent); later rows win, empty values change nothing."""
        if parent_id:
            self._observe(parent_id, parent_name, None, location)
        self._observe(unit_id, name, parent_id or None, location)

    def _observe(self, unit_id: str, name: str, parent_id: str | None, location: str) -> None:
        known = self.units.get(unit_id)
        if known is None:
            self.units[unit_id] = OrgUnit(unit_id, name or unit_id, parent_id, location)
            return
        if name:
            known.name = name
        if parent_id:
            known.parent_id = parent_id

    def missing_parent(self, unit: OrgUnit) -> bool:
        return bool(unit.parent_id) and unit.parent_id not in self.units

    def levels(self) -> dict[str, int]:
        """Level 1 for roots, parent's level + 1 below; a unit whose parent is unknown counts as one below a root."""
        levels: dict[str, int] = {}
        for start in self.units:
            path: list[str] = []
            current: str | None = start
            while current is not None and current in self.units and current not in levels:
                if current in path:
                    raise OrgCycleError(self._describe_cycle(path[path.index(current):] + [current]))
                path.append(current)
                current = self.units[current].parent_id
            base = levels.get(current, 1) if current is not None else 0  # unknown parent: as if it were a root
            for depth, unit_id in enumerate(reversed(path), start=1):
                levels[unit_id] = base + depth
        return levels

    def _describe_cycle(self, cycle: list[str]) -> str:
        chain = " → ".join(cycle)
        where = ", ".join(f"{u} at {self.units[u].location}" for u in dict.fromkeys(cycle))
        return f"the parent codes of org units {chain} form a cycle ({where})"

    def manager_of(self, unit_id: str | None, person_id: str) -> str | None:
        """The nearest manager up the chain who is not the person (a unit's manager reports to the next unit up)."""
        seen: set[str] = set()
        while unit_id and unit_id in self.units and unit_id not in seen:
            seen.add(unit_id)
            unit = self.units[unit_id]
            if unit.manager_id and unit.manager_id != person_id:
                return unit.manager_id
            unit_id = unit.parent_id
        return None
