"""Groupings of in-scope persons: a person attribute, or the org unit at a chosen level of the hierarchy."""

from __future__ import annotations

import polars as pl

from metrics.catalogue import ACTIVITY_GROUPINGS, PERSON_GROUPINGS

UNKNOWN = "unknown"
COLUMNS = {"org_unit": "org_unit_id"}


def parse(by: str | None) -> tuple[str | None, int | None]:
    """'org_unit:2' -> ('org_unit', 2); 'country' -> ('country', None)."""
    if by is None:
        return None, None
    name, _, level = by.partition(":")
    if name not in PERSON_GROUPINGS + ACTIVITY_GROUPINGS + ("skill_cluster",):
        raise ValueError(f"'{by}' is not a grouping; choose one of {', '.join(PERSON_GROUPINGS)} "
                         "(org units at a level as org_unit:LEVEL)")
    if level and (name != "org_unit" or not level.isdigit()):
        raise ValueError(f"'{by}': only org_unit takes a level, as org_unit:2")
    return name, int(level) if level else None


def parts(by: str) -> list[str]:
    """'provider+org_unit:2' -> ['provider', 'org_unit:2']; a combination needs channel or provider in it."""
    found = by.split("+")
    if len(found) > 1:
        names = [parse(part)[0] for part in found]
        if not set(names) & set(ACTIVITY_GROUPINGS) or len(set(names)) < len(names):
            raise ValueError(f"'{by}': a combined grouping joins distinct groupings, one of them channel or "
                             "provider, as provider+org_unit:2")
    return found


def ancestors_at(org_units: pl.DataFrame, level: int) -> dict[str, str]:
    """Each org unit's ancestor (or itself) at `level`; units above that level map to themselves."""
    parent = dict(zip(org_units["org_unit_id"], org_units["parent_id"]))
    levels = dict(zip(org_units["org_unit_id"], org_units["level"]))
    result = {}
    for unit in parent:
        current, seen = unit, set()
        while current in levels and levels[current] > level and parent.get(current) and current not in seen:
            seen.add(current)
            current = parent[current]
        result[unit] = current
    return result


def with_group(scope: pl.DataFrame, by: str | None, org_units: pl.DataFrame | None = None) -> pl.DataFrame:
    """The in-scope frame with a `group` column ("all" without grouping, "unknown" where not supplied)."""
    name, level = parse(by)
    if name is None:
        return scope.with_columns(pl.lit("all").alias("group"))
    column = pl.col(COLUMNS.get(name, name))
    if name == "org_unit" and level is not None and org_units is not None:
        column = column.replace_strict(ancestors_at(org_units, level), default=column)
    return scope.with_columns(column.cast(pl.String).fill_null(UNKNOWN).alias("group"))
