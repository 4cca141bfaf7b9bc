"""sources.toml: one [[source]] entry per system, checked before anything is synced."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from connectors.base import Connector
from connectors.companionship import Companionship
from connectors.hr import Hr, HrCsv
from connectors.ical import IcalCalendar
from connectors.lex import LexConnector
from connectors.moodle import MoodleConnector
from connectors.skills import SkillsFramework
from connectors.teams_attendance import TeamsAttendance
from connectors.xapi import Xapi

KINDS: dict[str, type[Connector]] = {
    c.kind: c
    for c in (Hr, HrCsv, Xapi, MoodleConnector, LexConnector, TeamsAttendance, IcalCalendar, Companionship,
              SkillsFramework)
}
COMMON_KEYS = {"name", "kind"}
TYPE_NAMES = {str: "a string", dict: "a table", int: "a whole number", float: "a number", bool: "true or false",
              list: "a list"}


@dataclass(frozen=True)
class SourceConfig:
    name: str
    kind: str
    options: dict[str, Any]


class ConfigError(ValueError):
    """sources.toml has mistakes; the message lists every one."""


def load_sources(path: Path) -> list[SourceConfig]:
    if not path.is_file():
        raise ConfigError(f"{path}: file not found. Copy sources.example.toml to {path.name} and edit it.")
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    entries = document.get("source", [])
    problems: list[str] = []
    if not isinstance(entries, list) or not entries:
        problems.append("no [[source]] entries")
        entries = []
    sources, names = [], set()
    for number, entry in enumerate(entries, start=1):
        where = f"[[source]] #{number}" + (f" '{entry.get('name')}'" if entry.get("name") else "")
        problems += [f"{where}: {p}" for p in _check_entry(entry, names)]
        names.add(entry.get("name"))
        sources.append(SourceConfig(entry.get("name", ""), entry.get("kind", ""),
                                    {k: v for k, v in entry.items() if k not in COMMON_KEYS}))
    if problems:
        raise ConfigError(f"{path}: {len(problems)} problem(s):\n" + "\n".join(f"  - {p}" for p in problems))
    return sources


def _check_entry(entry: dict, names: set) -> list[str]:
    problems = []
    name, kind = entry.get("name"), entry.get("kind")
    if not name:
        problems.append("'name' is missing")
    elif name in names:
        problems.append(f"name '{name}' is used twice; every source needs its own name")
    if kind not in KINDS:
        problems.append(f"kind '{kind}' is unknown; known kinds: {', '.join(sorted(KINDS))}")
        return problems
    declared = {s.name: s for s in KINDS[kind].settings}
    for key, value in entry.items():
        if key in COMMON_KEYS:
            continue
        if key not in declared:
            problems.append(f"'{key}' is not a setting of kind '{kind}'; its settings: {', '.join(declared)}")
        elif not isinstance(value, declared[key].kind) or (declared[key].kind is int and isinstance(value, bool)):
            problems.append(f"'{key}' must be {TYPE_NAMES.get(declared[key].kind, declared[key].kind.__name__)}")
    problems += [f"'{s.name}' is required ({s.description})" for s in declared.values()
                 if s.required and s.name not in entry]
    for group in KINDS[kind].exactly_one_of:
        given = [key for key in group if key in entry]
        if len(given) != 1:
            problems.append(f"give exactly one of {' or '.join(repr(k) for k in group)}"
                            + (f", not {len(given)}" if given else ""))
    return problems
