"""Effective-dated history from HR snapshots: consecutive snapshots of the same people become versions.

Rules (also in docs/connectors/hr.md):
- A person's first version starts at the hire date, but never before the day after the previous
  snapshot (they were not in it) and never after the snapshot that first lists them (future joiners
  start at that snapshot; their hire date keeps them out of scope until they join).
- Attributes that differ from the open version start a new version on the snapshot date; the open
  version ends the day before. When the change is a new exit date that lies between the two, the new
  version starts on the exit date. Unchanged attributes extend the open version.
- A person missing from a later snapshot without an exit date: their version ends the day before that
  snapshot (no exit date is invented); if they return, a new version starts. With an exit date the
  version stays open: the exit date already ends the employment.
- A row that was quarantined still tells that the person is there: their version goes on unchanged.
- The same person twice in one snapshot: the first row counts, the later ones are quarantined.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from data.loading import Record, Rejected, Row
from data.schema import person_versions

DAY = timedelta(days=1)


@dataclass
class SnapshotRow:
    """One person in one snapshot: canonical values without valid_from/valid_to, their identities, org names."""

    location: str
    person_id: str
    values: dict
    identities: tuple[Row, ...]
    org: tuple[str, str, str, str] = ("", "", "", "")  # unit, unit name, parent, parent name


@dataclass
class _Version:
    valid_from: date
    values: dict
    location: str
    identities: dict[str, Row] = field(default_factory=dict)

    def record(self, valid_to: date | None) -> Record:
        row = {**self.values, "valid_from": self.valid_from, "valid_to": valid_to}
        return Record(self.location, Row(person_versions, row), tuple(self.identities.values()))


class SnapshotHistory:
    """Collects snapshot rows in any order, then yields the versions they imply."""

    def __init__(self) -> None:
        self.snapshots: dict[date, dict[str, SnapshotRow | str]] = {}

    def __bool__(self) -> bool:
        return bool(self.snapshots)

    def add(self, day: date, row: SnapshotRow) -> Rejected | None:
        """Adds a row; a second row of the same person and day comes back rejected."""
        people = self.snapshots.setdefault(day, {})
        first = people.get(row.person_id)
        if first is not None:
            where = first if isinstance(first, str) else first.location
            return Rejected(row.location, f"the employee appears twice in the snapshot of {day:%d.%m.%Y} "
                                          f"(first at {where}); the first row is used", "{}")
        people[row.person_id] = row
        return None

    def seen(self, day: date, person_id: str, location: str) -> None:
        """A quarantined row of a known person: they are in this snapshot, their attributes unknown."""
        self.snapshots.setdefault(day, {}).setdefault(person_id, location)

    def rows_in_order(self) -> Iterator[SnapshotRow]:
        for day in sorted(self.snapshots):
            for row in self.snapshots[day].values():
                if isinstance(row, SnapshotRow):
                    yield row

    def versions(self) -> Iterator[Record]:
        open_versions: dict[str, _Version] = {}
        previous: date | None = None
        for day in sorted(self.snapshots):
            people = self.snapshots[day]
            for person_id, row in people.items():
                if isinstance(row, SnapshotRow):
                    yield from self._apply(open_versions, person_id, row, day, previous)
            for person_id, version in list(open_versions.items()):
                if person_id not in people and version.values.get("exit_date") is None:
                    yield version.record(day - DAY)
                    del open_versions[person_id]
            previous = day
        for version in open_versions.values():
            yield version.record(None)

    @staticmethod
    def _apply(open_versions: dict[str, _Version], person_id: str, row: SnapshotRow, day: date,
               previous: date | None) -> Iterator[Record]:
        current = open_versions.get(person_id)
        if current is not None and current.values == row.values:
            current.identities.update((r.values["identity_id"], r) for r in row.identities)
            return
        if current is None:
            start = min(row.values["hire_date"], day)
            if previous is not None:
                start = max(start, previous + DAY)
        else:
            start = day
            exit_ = row.values.get("exit_date")
            if exit_ and exit_ != current.values.get("exit_date") and current.valid_from < exit_ < day:
                start = exit_
            yield current.record(start - DAY)
        version = _Version(start, row.values, row.location)
        version.identities.update((r.values["identity_id"], r) for r in row.identities)
        open_versions[person_id] = version
