"""ESCO CSV rows to canonical rows: skills and groups, broader relations, occupations, their skills.

Every reference is checked against what the framework itself defines (the `Catalogue`), so a
relation to a skill or occupation the files do not hold is quarantined with its line, never
loaded as a dangling row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from connectors.base import redacted
from connectors.skills_files import (
    BROADER,
    GROUPS,
    HIERARCHY,
    OCCUPATIONS,
    RELATIONS,
    SKILLS,
    BadRow,
    read_rows,
)
from data.loading import Item, Record, Rejected, Row
from data.schema import IRI, occupation_skills, occupations, skill_relations, skills

RELEASED = "released"
RELATION_TYPES = ("essential", "optional")
SKILL_GROUP = "skill_group"
MAX_ID = IRI.length
MAX_LABEL = skills.c.label.type.length
MAX_ISCO = occupations.c.isco_group.type.length
MAX_SKILL_TYPE = skills.c.skill_type.type.length


class RowProblem(ValueError):
    """One row cannot be used; the message says why."""


@dataclass(frozen=True)
class RoleRelation:
    """An occupation-skill relation a configured role builds on."""

    skill_id: str
    relation: str
    location: str


@dataclass
class Catalogue:
    """The concepts a framework defines, numbered, with where each was defined or why it was left out."""

    concepts: dict[str, int] = field(default_factory=dict)  # skills and skill groups
    occupations: dict[str, int] = field(default_factory=dict)
    defined_at: dict[str, str] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)  # uri -> reason it is not imported

    def add(self, table: dict[str, int], uri: str, location: str) -> None:
        table[uri] = len(table)
        self.defined_at[uri] = location

    def missing(self, table: dict[str, int], uri: str, column: str, files: str) -> str | None:
        """Why a reference cannot be resolved, or None when it can."""
        if uri in table:
            return None
        if uri in self.left_out:
            return f"{column} {uri} is not imported ({self.left_out[uri]})"
        return f"{column} {uri} is not in {files}"


class FrameworkMapper:
    """Maps the files of one framework; `emit=False` only learns a file's concepts (it is unchanged)."""

    def __init__(self, source: str, files: dict[str, Path | None]):
        self.source, self.files = source, files
        concept_paths = (files[SKILLS.key], files[GROUPS.key], files[HIERARCHY.key])
        self.concept_files = " or ".join(path.name for path in concept_paths if path)
        self.occupation_files = files[OCCUPATIONS.key].name if files[OCCUPATIONS.key] else "the framework"
        self.catalogue = Catalogue()
        self.role_relations: dict[str, list[RoleRelation]] = {}

    def skills(self, emit: bool) -> Iterator[Item]:
        path = self.files[SKILLS.key]
        for location, row in self._rows(path, SKILLS):
            item = self._concept(location, row, lambda r: _skill_type(r.get("skillType", "")))
            if emit:
                yield item

    def groups(self, emit_groups: bool, emit_hierarchy: bool) -> Iterator[Item]:
        """Groups of skillGroups, then those only the hierarchy names (ESCO 1.1.1 has 7 such)."""
        if path := self.files[GROUPS.key]:
            for location, row in self._rows(path, GROUPS):
                item = self._concept(location, row, lambda r: SKILL_GROUP)
                if emit_groups:
                    yield item
        if path := self.files[HIERARCHY.key]:
            for location, row in self._rows(path, HIERARCHY):
                for item in self._hierarchy_groups(location, row):
                    if emit_hierarchy:
                        yield item

    def broader(self) -> Iterator[Item]:
        seen: dict[int, str] = {}
        for location, row in self._rows(self.files[BROADER.key], BROADER):
            try:
                if isinstance(row, BadRow):
                    raise RowProblem(row.reason)
                narrower, broader = row["conceptUri"], row["broaderUri"]
                for uri, column in ((narrower, "conceptUri"), (broader, "broaderUri")):
                    if problem := self.catalogue.missing(self.catalogue.concepts, uri, column, self.concept_files):
                        raise RowProblem(problem)
                if narrower == broader:
                    raise RowProblem(f"conceptUri {narrower} is its own broader concept")
                self._first(seen, self.catalogue.concepts[narrower], self.catalogue.concepts[broader], location)
            except RowProblem as exc:
                yield _rejected(location, exc, row)
                continue
            yield Record(location, Row(skill_relations, {
                "skill_id": narrower, "broader_skill_id": broader, "source": self.source}))

    def occupations(self, emit: bool) -> Iterator[Item]:
        for location, row in self._rows(self.files[OCCUPATIONS.key], OCCUPATIONS):
            item = self._occupation(location, row)
            if emit:
                yield item

    def relations(self, emit: bool, role_occupations: set[str]) -> Iterator[Item]:
        """Occupation-skill relations; those of `role_occupations` are kept for the role requirements."""
        seen: dict[int, str] = {}
        for location, row in self._rows(self.files[RELATIONS.key], RELATIONS):
            try:
                occupation, skill, relation = self._relation(location, row, seen)
            except RowProblem as exc:
                if emit:
                    yield _rejected(location, exc, row)
                continue
            if occupation in role_occupations:
                self.role_relations.setdefault(occupation, []).append(RoleRelation(skill, relation, location))
            if emit:
                yield Record(location, Row(occupation_skills, {
                    "occupation_id": occupation, "skill_id": skill, "relation": relation, "source": self.source}))

    def _relation(self, location: str, row: dict | BadRow, seen: dict[int, str]) -> tuple[str, str, str]:
        if isinstance(row, BadRow):
            raise RowProblem(row.reason)
        occupation, skill = row["occupationUri"], row["skillUri"]
        relation = row["relationType"].lower()
        if problem := self.catalogue.missing(self.catalogue.occupations, occupation, "occupationUri",
                                             self.occupation_files):
            raise RowProblem(problem)
        if problem := self.catalogue.missing(self.catalogue.concepts, skill, "skillUri", self.concept_files):
            raise RowProblem(problem)
        if relation not in RELATION_TYPES:
            raise RowProblem(f"relationType '{row['relationType']}' is not one of {', '.join(RELATION_TYPES)}")
        self._first(seen, self.catalogue.occupations[occupation], self.catalogue.concepts[skill], location)
        return occupation, skill, relation

    def _concept(self, location: str, row: dict | BadRow, skill_type) -> Item:
        try:
            uri, label = self._checked_concept(location, row, self.catalogue.concepts)
            try:
                kind = skill_type(row)
            except RowProblem as exc:
                self.catalogue.left_out[uri] = f"{exc} on {location}"
                raise
        except RowProblem as exc:
            return _rejected(location, exc, row)
        self.catalogue.add(self.catalogue.concepts, uri, location)
        return Record(location, Row(skills, {"skill_id": uri, "label": label, "skill_type": kind,
                                             "source": self.source}))

    def _hierarchy_groups(self, location: str, row: dict | BadRow) -> Iterator[Item]:
        if isinstance(row, BadRow) or not row["Level 0 URI"]:
            reason = row.reason if isinstance(row, BadRow) else "Level 0 URI is empty"
            yield _rejected(location, RowProblem(reason), row)
            return
        for level in range(4):
            uri = row.get(f"Level {level} URI", "")
            if uri and uri not in self.catalogue.concepts and uri not in self.catalogue.left_out:
                term = row.get(f"Level {level} preferred term", "")
                yield self._concept(location, {"conceptUri": uri, "preferredLabel": term}, lambda r: SKILL_GROUP)

    def _occupation(self, location: str, row: dict | BadRow) -> Item:
        try:
            uri, label = self._checked_concept(location, row, self.catalogue.occupations)
            isco = row.get("iscoGroup") or None
            if isco and len(isco) > MAX_ISCO:
                raise RowProblem(f"iscoGroup '{isco}' is longer than {MAX_ISCO} characters")
        except RowProblem as exc:
            return _rejected(location, exc, row)
        self.catalogue.add(self.catalogue.occupations, uri, location)
        return Record(location, Row(occupations, {"occupation_id": uri, "label": label, "isco_group": isco,
                                                  "source": self.source}))

    def _checked_concept(self, location: str, row: dict | BadRow, table: dict[str, int]) -> tuple[str, str]:
        """The concept's URI and label; a row that cannot define a concept raises RowProblem."""
        if isinstance(row, BadRow):
            raise RowProblem(row.reason)
        uri, label, status = row["conceptUri"], row["preferredLabel"], row.get("status", "")
        if not uri:
            raise RowProblem("conceptUri is empty")
        if len(uri) > MAX_ID:
            raise RowProblem(f"conceptUri is longer than {MAX_ID} characters")
        if uri in table or uri in self.catalogue.left_out:
            first = self.catalogue.defined_at.get(uri) or self.catalogue.left_out[uri]
            raise RowProblem(f"conceptUri {uri} is defined twice (first: {first})")
        try:
            if not label:
                raise RowProblem("preferredLabel is empty")
            if len(label) > MAX_LABEL:
                raise RowProblem(f"preferredLabel is longer than {MAX_LABEL} characters")
            if status and status.lower() != RELEASED:
                raise RowProblem(f"status '{status}': only released concepts are imported")
        except RowProblem as exc:
            self.catalogue.left_out[uri] = f"{exc} on {location}"
            raise
        return uri, label

    def _first(self, seen: dict[int, str], a: int, b: int, location: str) -> None:
        """Remember a pair of concept numbers; the same pair twice raises RowProblem."""
        key = a << 32 | b
        if key in seen:
            raise RowProblem(f"the same relation is already on {seen[key]}")
        seen[key] = location

    def _rows(self, path: Path, spec) -> Iterator[tuple[str, dict | BadRow]]:
        name = path.name
        for line, row in read_rows(path, spec):
            yield f"{name}:{line}", row


def _skill_type(value: str) -> str | None:
    if len(value) > MAX_SKILL_TYPE:
        raise RowProblem(f"skillType '{value[:80]}' is longer than {MAX_SKILL_TYPE} characters")
    return value or None


def _rejected(location: str, exc: Exception, row: dict | BadRow) -> Rejected:
    cells = row.cells if isinstance(row, BadRow) else row
    return Rejected(location, str(exc), redacted({k: v[:300] for k, v in cells.items()}))
