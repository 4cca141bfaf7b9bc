"""What every connector shares: its declared settings, the error it raises, file fingerprints."""

from __future__ import annotations

import glob
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from data.loading import Item
from data.pseudonyms import Pseudonymiser


class SourceError(RuntimeError):
    """A source cannot be read at all; the message names the source, the file or page, and what to do."""


@dataclass(frozen=True)
class Setting:
    name: str
    description: str
    required: bool = False
    kind: type = str


class Connector:
    """Base of every connector: one subclass per kind of source system.

    Subclasses declare `kind`, `settings`, `primary_key` (of the canonical rows they yield)
    and `cursor` (what the sync state remembers), and implement `read(state)`.
    """

    kind: ClassVar[str]
    settings: ClassVar[tuple[Setting, ...]]
    primary_key: ClassVar[tuple[str, ...]]
    cursor: ClassVar[str]
    # Groups of settings of which exactly one must be given, e.g. (("path", "url"),).
    exactly_one_of: ClassVar[tuple[tuple[str, ...], ...]] = ()

    def __init__(self, name: str, config: dict[str, Any], pseudonymise: Pseudonymiser, base_dir: Path):
        self.name, self.config, self.pseudonymise, self.base_dir = name, config, pseudonymise, base_dir
        self._next_state: dict = {}

    def read(self, state: dict) -> Iterator[Item]:
        raise NotImplementedError

    def next_state(self) -> dict:
        return self._next_state

    def fail(self, where: str, problem: str, todo: str) -> SourceError:
        return SourceError(f"source '{self.name}' ({self.kind}): {where}: {problem}. {todo}")


def resolve_files(pattern: str, base_dir: Path) -> list[Path]:
    """The files a `path` setting names: one file, every file in a folder, or a glob; sorted."""
    path = Path(pattern)
    if not path.is_absolute():
        path = base_dir / path
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
    if any(ch in pattern for ch in "*?["):
        return sorted(Path(p) for p in glob.glob(str(path), recursive=True) if Path(p).is_file())
    return [path] if path.is_file() else []


def fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


class FileCursor:
    """Remembers the fingerprint of every file already loaded, so unchanged files are skipped."""

    def __init__(self, state: dict):
        self.seen: dict[str, str] = dict(state.get("files", {}))

    def changed(self, files: list[Path]) -> list[tuple[Path, str]]:
        pending = []
        for path in files:
            digest = fingerprint(path)
            if self.seen.get(str(path)) != digest:
                pending.append((path, digest))
        return pending

    def mark(self, path: Path, digest: str) -> None:
        self.seen[str(path)] = digest

    def state(self) -> dict:
        return {"files": self.seen}


def redacted(record: dict) -> str:
    """A quarantined record as JSON; callers pass it with identifiers already pseudonymised."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, default=str)
