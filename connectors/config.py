"""sources.toml: one [[source]] entry per system, checked before anything is synced.

Besides the settings of each kind, the check enforces where a source may read from (docs/security.md):

- a file setting (`path`, `*_path`) must resolve, links followed, below an allowed folder: the folder of
  sources.toml, or a folder listed in the top-level `allowed_roots = [...]` (relative to sources.toml);
  `..` after a wildcard is refused, since no folder can be checked for it;
- an address setting (`url`, and the address in the variable `url_env` names when it is set) must be
  http(s), must not carry a user name or password (`https://user:pass@host`: use the `*_env` settings),
  and, when the top-level `allowed_hosts = [...]` is given, must name one of those hosts
  (`*.example.org` allows every host below example.org).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from connectors.base import Connector, resolve_files
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
TOP_LEVEL_KEYS = ("source", "allowed_roots", "allowed_hosts")
GLOB_CHARS = "*?["
TYPE_NAMES = {str: "a string", dict: "a table", int: "a whole number", float: "a number", bool: "true or false",
              list: "a list"}


@dataclass(frozen=True)
class SourceConfig:
    name: str
    kind: str
    options: dict[str, Any]


class ConfigError(ValueError):
    """sources.toml has mistakes; the message lists every one."""


@dataclass(frozen=True)
class Policy:
    """Where sources may read from: folders (resolved) and, when given, host names."""

    roots: tuple[Path, ...]
    hosts: tuple[str, ...] | None
    base: Path


def load_sources(path: Path) -> list[SourceConfig]:
    if not path.is_file():
        raise ConfigError(f"{path}: file not found. Copy sources.example.toml to {path.name} and edit it.")
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    entries = document.get("source", [])
    problems: list[str] = [f"'{key}' is not a top-level setting; top-level settings: {', '.join(TOP_LEVEL_KEYS)}"
                           for key in document if key not in TOP_LEVEL_KEYS]
    policy, policy_problems = _policy(document, path)
    problems += policy_problems
    if not isinstance(entries, list) or not entries:
        problems.append("no [[source]] entries")
        entries = []
    sources, names = [], set()
    for number, entry in enumerate(entries, start=1):
        where = f"[[source]] #{number}" + (f" '{entry.get('name')}'" if entry.get("name") else "")
        problems += [f"{where}: {p}" for p in _check_entry(entry, names, policy)]
        names.add(entry.get("name"))
        sources.append(SourceConfig(entry.get("name", ""), entry.get("kind", ""),
                                    {k: v for k, v in entry.items() if k not in COMMON_KEYS}))
    if problems:
        raise ConfigError(f"{path}: {len(problems)} problem(s):\n" + "\n".join(f"  - {p}" for p in problems))
    return sources


def _check_entry(entry: dict, names: set, policy: Policy | None = None) -> list[str]:
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
            problems.append(f"'{key}' is not a setting of kind '{kind}'; its settings: {', '.join(declared)}"
                            + (f" ('{key}' is a top-level setting: put it before the first [[source]])"
                               if key in TOP_LEVEL_KEYS else ""))
        elif not isinstance(value, declared[key].kind) or (declared[key].kind is int and isinstance(value, bool)):
            problems.append(f"'{key}' must be {TYPE_NAMES.get(declared[key].kind, declared[key].kind.__name__)}")
    if policy is not None:
        problems += _place_problems(entry, declared, policy)
    problems += [f"'{s.name}' is required ({s.description})" for s in declared.values()
                 if s.required and s.name not in entry]
    for group in KINDS[kind].exactly_one_of:
        given = [key for key in group if key in entry]
        if len(given) != 1:
            problems.append(f"give exactly one of {' or '.join(repr(k) for k in group)}"
                            + (f", not {len(given)}" if given else ""))
    return problems


def _policy(document: dict, path: Path) -> tuple[Policy, list[str]]:
    """The folders and hosts sources may use; relative roots start at the folder of sources.toml."""
    base = path.resolve().parent
    roots, problems = [base], []
    given = document.get("allowed_roots", [])
    if not isinstance(given, list) or not all(isinstance(r, str) and r.strip() and "\x00" not in r for r in given):
        problems.append("'allowed_roots' must be a list of folder names, e.g. allowed_roots = [\"/srv/exports\"]")
        given = []
    roots += [(base / Path(r).expanduser()).resolve() for r in given]
    hosts = document.get("allowed_hosts")
    if hosts is not None:
        if not isinstance(hosts, list) or not all(isinstance(h, str) and h.strip() for h in hosts):
            problems.append("'allowed_hosts' must be a list of host names, e.g. allowed_hosts = [\"lms.example.org\"]")
            hosts = []
        hosts = tuple(_host(h) for h in hosts)
    return Policy(tuple(roots), hosts, base), problems


def _place_problems(entry: dict, declared: dict, policy: Policy) -> list[str]:
    problems = []
    for key, value in entry.items():
        if key not in declared or not isinstance(value, str):
            continue
        if key == "path" or key.endswith("_path"):
            problems += _path_problems(key, value, policy)
        elif key == "url":
            problems += _url_problems(f"'{key}'", value, policy)
        elif key == "url_env" and os.environ.get(value):
            problems += _url_problems(f"the address in {value} (url_env)", os.environ[value], policy)
    return problems


def _path_problems(key: str, value: str, policy: Policy) -> list[str]:
    """A file setting that reaches outside the allowed folders, by `..`, an absolute path or a link."""
    if "\x00" in value:
        return [f"'{key}' contains a NUL character"]
    path = Path(value)
    parts = (path if path.is_absolute() else policy.base / path).parts
    fixed = next((i for i, part in enumerate(parts) if any(c in part for c in GLOB_CHARS)), len(parts))
    if ".." in parts[fixed:]:
        return [f"'{key}' = '{value}' has '..' after a wildcard, which could reach any folder; "
                "name the folder without wildcards before the '..'"]
    todo = ("Keep the exports below the folder of sources.toml, or list their folder in "
            "allowed_roots = [...] at the top of sources.toml")
    folder = Path(*parts[:fixed]).resolve()
    if not _inside(folder, policy.roots):
        return [f"'{key}' = '{value}' resolves to {folder}, outside the allowed folders "
                f"({', '.join(str(r) for r in policy.roots)}). {todo}"]
    for file in resolve_files(value, policy.base):
        target = file.resolve()
        if not _inside(target, policy.roots):
            return [f"'{key}': {file} is a link to {target}, outside the allowed folders "
                    f"({', '.join(str(r) for r in policy.roots)}). {todo}"]
    return []


def _inside(path: Path, roots: tuple[Path, ...]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def _url_problems(what: str, value: str, policy: Policy) -> list[str]:
    """An address that is not http(s), carries credentials, or names a host outside allowed_hosts.

    The messages never repeat the address: it may hold a secret (a published calendar's token)."""
    if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in value):
        return [f"{what} contains spaces or control characters"]
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return [f"{what} is not a valid address"]
    if parts.scheme.lower() not in ("http", "https"):
        scheme = f"{parts.scheme}://" if parts.scheme else "an address without http(s)://"
        return [f"{what} must be an http(s) address, not {scheme}; files are read with `path`"]
    if "@" in parts.netloc:
        return [f"{what} carries a user name or password (https://user:password@host); take them out and name "
                "environment variables with the *_env settings (username_env/password_env or token_env)"]
    host = _host(parts.hostname or "")
    if not host:
        return [f"{what} names no host"]
    if policy.hosts is not None and not any(_host_matches(host, allowed) for allowed in policy.hosts):
        return [f"{what} points at host '{host}', which is not in allowed_hosts "
                f"({', '.join(policy.hosts) or 'empty'}); add it there if this source is meant to read from it"]
    return []


def _host(name: str) -> str:
    return name.strip().lower().rstrip(".").removeprefix("[").removesuffix("]")


def _host_matches(host: str, allowed: str) -> bool:
    if allowed.startswith("*."):
        return host.endswith(allowed[1:])
    return host == allowed
