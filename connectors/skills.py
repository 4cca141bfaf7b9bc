"""Skill frameworks in the ESCO CSV layout: the ESCO classification as published, or a company's own.

Primary keys: skills (skill_id), skill_relations (skill_id, broader_skill_id), occupations
(occupation_id), occupation_skills (occupation_id, skill_id), role_skill_requirements (role, skill_id).
Cursor: the fingerprint of every file and of the role settings; an unchanged file is only read
for the concepts it defines (to resolve references), a changed one is read whole and upserted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from connectors.base import Connector, FileCursor, Setting
from connectors.skills_files import (
    BROADER,
    GROUPS,
    HIERARCHY,
    LAYOUT,
    OCCUPATIONS,
    RELATIONS,
    SKILLS,
    LayoutError,
    check_header,
    locate,
)
from connectors.skills_mapping import RELATION_TYPES, FrameworkMapper, RoleRelation
from data.loading import Item, Record, Row
from data.schema import role_skill_requirements

MAX_ROLE = role_skill_requirements.c.role.type.length
ROLES_TODO = ("Map every role to the conceptUri of an occupation in that file (for ESCO the URI shown on the "
              "occupation's page, e.g. http://data.europa.eu/esco/occupation/...), or remove the role.")


class SkillsFramework(Connector):
    kind = "skills"
    settings = (
        Setting("path", "the folder of the framework's CSV files (ESCO download or company framework)", required=True),
        Setting("language", "language of the label files, *_<language>.csv; default 'en'"),
        Setting("roles", "HR role name or job code -> occupation conceptUri (or a list of them)", kind=dict),
        Setting("relations", "occupation-skill relations that become role requirements; default ['essential']",
                kind=list),
    )
    primary_key = ("skill_id",)
    cursor = "file fingerprints and the role settings"

    def read(self, state: dict) -> Iterator[Item]:
        language, roles, wanted = self._options()
        folder = self._folder()
        files = locate(folder, language)
        self._check_files(folder, files, language, roles)
        cursor = FileCursor(state)
        changed = dict(cursor.changed([path for path in files.values() if path]))
        settings = _digest({"language": language, "roles": roles, "relations": wanted})
        if changed or state.get("settings") != settings:
            try:
                yield from self._read(files, set(changed), roles, wanted, state.get("settings") != settings)
            except LayoutError as exc:  # a fault past the header, e.g. a byte that is not UTF-8
                raise self.fail(exc.where, exc.problem, exc.todo) from None
        for path, digest in changed.items():
            cursor.mark(path, digest)
        self._next_state = {**cursor.state(), "settings": settings}

    def _read(self, files: dict[str, Path | None], changed: set[Path], roles: dict[str, list[str]],
              wanted: list[str], settings_changed: bool) -> Iterator[Item]:
        mapper = FrameworkMapper(self.name, files)
        yield from mapper.skills(emit=files[SKILLS.key] in changed)
        yield from mapper.groups(files[GROUPS.key] in changed, files[HIERARCHY.key] in changed)
        if files[BROADER.key] in changed:
            yield from mapper.broader()
        if files[OCCUPATIONS.key]:
            yield from mapper.occupations(emit=files[OCCUPATIONS.key] in changed)
        self._check_roles(mapper, roles, files[OCCUPATIONS.key])
        relations_changed = files[RELATIONS.key] in changed
        requirements_due = bool(roles) and (settings_changed or relations_changed or files[OCCUPATIONS.key] in changed)
        if files[RELATIONS.key] and (relations_changed or requirements_due):
            role_occupations = {uri for uris in roles.values() for uri in uris} if requirements_due else set()
            yield from mapper.relations(relations_changed, role_occupations)
        if requirements_due:
            yield from self._requirements(roles, wanted, mapper.role_relations)

    def _requirements(self, roles: dict[str, list[str]], wanted: list[str],
                      relations: dict[str, list[RoleRelation]]) -> Iterator[Item]:
        """One requirement per role and skill; a skill essential for any of the role's occupations is essential."""
        for role, occupation_ids in roles.items():
            chosen: dict[str, RoleRelation] = {}
            for occupation in occupation_ids:
                for relation in relations.get(occupation, []):
                    if relation.relation not in wanted:
                        continue
                    held = chosen.get(relation.skill_id)
                    if held is None or (held.relation != "essential" and relation.relation == "essential"):
                        chosen[relation.skill_id] = relation
            for skill_id, relation in chosen.items():
                yield Record(f"[source.roles] '{role}' via {relation.location}", Row(role_skill_requirements, {
                    "role": role, "skill_id": skill_id, "relation": relation.relation, "source": self.name}))

    def _options(self) -> tuple[str, dict[str, list[str]], list[str]]:
        language = self.config.get("language", "en")
        if not isinstance(language, str) or not language or any(c in language for c in "/\\*?. "):
            raise self.fail("setting 'language'", f"'{language}' is not a language code",
                            "Set the code the file names end with, e.g. language = \"de\" for skills_de.csv.")
        wanted = self.config.get("relations", ["essential"])
        if not isinstance(wanted, list) or not wanted or any(r not in RELATION_TYPES for r in wanted):
            raise self.fail("setting 'relations'", f"{wanted!r} is not a list of {' and '.join(RELATION_TYPES)}",
                            'Write relations = ["essential"] or relations = ["essential", "optional"].')
        roles: dict[str, list[str]] = {}
        for role, target in self.config.get("roles", {}).items():
            uris = [target] if isinstance(target, str) else target
            if not isinstance(uris, list) or not uris or not all(isinstance(u, str) and u.strip() for u in uris):
                raise self.fail(f"setting [source.roles] '{role}'", f"{target!r} is not an occupation URI",
                                "Give an occupation's conceptUri, or a list of them, as a string.")
            if not role.strip() or len(role) > MAX_ROLE:
                raise self.fail(f"setting [source.roles] '{role[:60]}'", f"a role name must have 1 to {MAX_ROLE} "
                                "characters", "Use the role or job code exactly as the HR export writes it.")
            roles[role] = [u.strip() for u in uris]
        return language, roles, wanted

    def _folder(self) -> Path:
        folder = Path(self.config["path"])
        folder = folder if folder.is_absolute() else self.base_dir / folder
        if not folder.is_dir():
            problem = "is a file, not a folder" if folder.is_file() else "no such folder"
            raise self.fail(f"path '{self.config['path']}'", problem,
                            "Set path to the folder holding skills_<language>.csv and the other ESCO CSV files "
                            "(relative paths start at the folder of sources.toml).")
        return folder

    def _check_files(self, folder: Path, files: dict[str, Path | None], language: str, roles: dict) -> None:
        if files[SKILLS.key] is None:
            others = sorted(p.name for p in folder.glob("skills_*.csv"))
            hint = f" It has {', '.join(others)}: set language accordingly." if others else ""
            raise self.fail(f"folder {folder}", f"no skills_{language}.csv",
                            "Point path at the unpacked ESCO CSV download or the company framework." + hint)
        if roles:
            for spec in (OCCUPATIONS, RELATIONS):
                if files[spec.key] is None:
                    raise self.fail("setting [source.roles]", f"roles need {spec.names(language)[-1]}, which "
                                    f"folder {folder} does not have", "Add the file or remove the roles.")
        for spec in LAYOUT:
            if files[spec.key]:
                try:
                    check_header(files[spec.key], spec)
                except LayoutError as exc:
                    raise self.fail(exc.where, exc.problem, exc.todo) from None

    def _check_roles(self, mapper: FrameworkMapper, roles: dict[str, list[str]], path: Path | None) -> None:
        catalogue = mapper.catalogue
        for role, uris in roles.items():
            for uri in uris:
                if uri not in catalogue.occupations:
                    why = catalogue.left_out.get(uri)
                    problem = f"occupation '{uri}' is " + (f"not imported ({why})" if why else f"not in {path}")
                    raise self.fail(f"setting [source.roles] '{role}'", problem, ROLES_TODO)


def _digest(settings: dict) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()
