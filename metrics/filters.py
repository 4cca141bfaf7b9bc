"""Filters that narrow every metric at once: an org unit with its subtree, a country, a channel.

A person belongs to a filter when the HR version valid on the period's last day does (someone who
moved into the unit counts there for the periods after the move). The channel filter keeps the
activities of that channel and the events, enrolments and feedback on them; the headcount (P1) stays
the whole filtered population, so P3 reads "share of people who learned in this channel".
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import polars as pl

from metrics.frames import Frames


@dataclass(frozen=True)
class Filters:
    org_unit: str | None = None
    country: str | None = None
    channel: str | None = None

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def describe(self) -> str:
        return ", ".join(f"{name}={value}" for name, value in self.as_dict().items()) or "none"


def subtree(org_units: pl.DataFrame, root: str) -> set[str]:
    """The org unit and every unit below it."""
    children: dict[str, list[str]] = {}
    for unit, parent in org_units.select("org_unit_id", "parent_id").iter_rows():
        children.setdefault(parent, []).append(unit)
    found, stack = set(), [root]
    while stack:
        unit = stack.pop()
        if unit not in found:
            found.add(unit)
            stack.extend(children.get(unit, []))
    return found


def check(frames: Frames, filters: Filters, channels: tuple[str, ...]) -> None:
    """Refuse a filter value the warehouse does not know, naming what it does know."""
    if filters.org_unit and filters.org_unit not in set(frames.org_units["org_unit_id"]):
        raise ValueError(f"org unit '{filters.org_unit}' is not in the warehouse; `python -m metrics show P1 "
                         "--by org_unit:1` lists the top-level units")
    if filters.country and filters.country not in set(frames.people["country"].drop_nulls()):
        known = ", ".join(sorted(set(frames.people["country"].drop_nulls())))
        raise ValueError(f"country '{filters.country}' is not in the warehouse; known: {known}")
    if filters.channel and filters.channel not in channels:
        raise ValueError(f"channel '{filters.channel}' is not a channel; choose one of {', '.join(channels)}")


def restrict(frames: Frames, person_events: pl.DataFrame, filters: Filters) -> tuple[Frames, pl.DataFrame]:
    """The frames and participation events narrowed to the filters."""
    people = frames.people
    if filters.org_unit:
        people = people.filter(pl.col("org_unit_id").is_in(list(subtree(frames.org_units, filters.org_unit))))
    if filters.country:
        people = people.filter(pl.col("country") == filters.country)
    frames = replace(frames, people=people)
    if not filters.channel:
        return frames, person_events
    activities = frames.activities.filter(pl.col("channel") == filters.channel)
    kept = activities["activity_id"].implode()
    on_kept = pl.col("activity_id").is_in(kept)
    frames = replace(
        frames, activities=activities, events=frames.events.filter(on_kept),
        enrolments=frames.enrolments.filter(on_kept), feedback=frames.feedback.filter(on_kept),
        activity_skills=frames.activity_skills.filter(on_kept),
    )
    return frames, person_events.filter(on_kept)
