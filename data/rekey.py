"""Pseudonym key rotation: re-key the whole warehouse in one transaction, then append the key to the ring.

Pseudonyms cannot be inverted, so rotation chains: every stored pseudonym p becomes H(k_new, p), which is
exactly what the ring [k_1, ..., k_n, k_new] yields for the same identifier (data/pseudonyms.py). Sources
synced after the rotation therefore join the people synced before it.

What is rewritten, in one transaction (`python -m data rekey --apply`):

- every column typed `PSEUDONYM` in data/schema.py (person_id, manager_id, identity_id, actor_id,
  counterpart_id, audit_log.login): the whole value;
- source record ids (events, voided_records, feedback): connectors embed pseudonyms in them (a calendar
  invitee, a Moodle account, a circle attendee); every standalone 32-character lowercase hex token is a
  pseudonym by contract, and is rewritten;
- quarantine.record (raw records, pseudonymised): every standalone 32-hex token;
- audit_log.filters and .detail, and the sync cursors (sync_state.state, JSON): every 32-hex token that is a
  pseudonym found above, and every JSON key or string of 16 to 31 hex characters that is the prefix of one
  (a cursor that keeps shortened pseudonyms, like Moodle's settled enrolments);
- warehouse_meta `pseudonym_probe`: the pseudonym of a fixed probe under the new ring, so that a later
  rotation (or `check_key`) notices a key ring that does not belong to the warehouse.

The key file is replaced only after the commit (new ring written beside it first, then renamed); when the
key comes from DIRIGENT_PSEUDONYM_KEY, the new key goes to `--new-key-file` and the operator appends it to the
variable as a new last line. A failure before the commit leaves warehouse and key file as they were.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import Connection, Engine, Table, and_, bindparam, select, text, update

from data import audit
from data.meta import get_meta, set_meta
from data.pseudonyms import MIN_KEY_LENGTH, Pseudonymiser, chain
from data.schema import PSEUDONYM, metadata
from data.settings import pseudonym_key, pseudonym_key_source

TOKEN = re.compile(r"(?<![0-9a-fA-F])[0-9a-f]{32}(?![0-9a-fA-F])")
SHORT_HEX = re.compile(r"[0-9a-f]{16,31}")
PROBE = ("account", "dirigent:pseudonym-probe")
PROBE_KEY = "pseudonym_probe"
UPDATE_CHUNK = 5000

# Text columns that carry pseudonyms inside them. "all": every 32-hex token is one (by contract);
# "known": only tokens that are pseudonyms found elsewhere; "json": a JSON document, known tokens and prefixes.
EMBEDDED: dict[tuple[str, str], str] = {
    ("events", "source_record_id"): "all",
    ("voided_records", "source_record_id"): "all",
    ("feedback", "source_record_id"): "all",
    ("quarantine", "record"): "all",
    ("audit_log", "filters"): "known",
    ("audit_log", "detail"): "known",
    ("sync_state", "state"): "json",
}


class RekeyError(RuntimeError):
    """Rotation refused or failed; the message says why and what to do (never a key)."""


@dataclass
class RekeyReport:
    applied: bool
    key_setting: str  # DIRIGENT_PSEUDONYM_KEY or DIRIGENT_PSEUDONYM_KEY_FILE
    key_file: str | None
    ring_before: int
    ring_after: int
    rewritten: dict[str, int] = field(default_factory=dict)  # "table.column": values changed
    new_key_file: str | None = None
    next_steps: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.rewritten.values())

    def as_dict(self) -> dict:
        return {"applied": self.applied, "key_setting": self.key_setting, "key_file": self.key_file,
                "ring_before": self.ring_before, "ring_after": self.ring_after, "total": self.total,
                "rewritten": self.rewritten, "new_key_file": self.new_key_file, "next_steps": self.next_steps}


# -- checking a ring against a warehouse --------------------------------------------------------------

def probe(keys: bytes | list[bytes]) -> str:
    return Pseudonymiser(keys)(*PROBE)


def remember_key(engine: Engine | Connection, keys: bytes | None = None) -> None:
    """Store the probe of the (configured) ring, so later runs can tell a wrong key from the right one."""
    set_meta(engine, PROBE_KEY, probe(keys or pseudonym_key()))


def check_key(engine: Engine | Connection, keys: bytes | None = None) -> bool | None:
    """Whether the (configured) ring is the warehouse's; None when the warehouse has no probe yet."""
    stored = get_meta(engine, PROBE_KEY)
    return None if stored is None else stored == probe(keys or pseudonym_key())


# -- the rotation ------------------------------------------------------------------------------------

def rekey(engine: Engine, *, apply: bool = False, new_key_file: Path | None = None,
          new_key: bytes | None = None) -> RekeyReport:
    """Count (and with `apply`, rewrite) every pseudonym under a new key appended to the ring."""
    ring = pseudonym_key()  # ConfigurationError names the setting when there is none
    old_keys = Pseudonymiser(ring)
    source = pseudonym_key_source()
    key_lines = [line.strip() for line in ring.decode("utf-8").splitlines() if line.strip()] or [ring.decode()]
    report = RekeyReport(apply, source.variable, str(source.path) if source.path else None,
                         old_keys.ring_size, old_keys.ring_size + 1)
    if check_key(engine, ring) is False:
        raise RekeyError(f"the key ring in {source.variable} does not belong to this warehouse (its pseudonym "
                         "probe differs): was a key removed from the ring, or the key of an earlier rotation not "
                         "added? Restore the ring the warehouse was last re-keyed with, then try again.")
    new_key, generated = _new_key(new_key, new_key_file, source.variable, apply)
    if new_key is not None and new_key.decode("utf-8") in key_lines:
        raise RekeyError("the new key is already in the ring; rotation needs a key never used before.")
    if source.variable == "DIRIGENT_PSEUDONYM_KEY_FILE" and source.path is not None and apply:
        if not os.access(source.path.parent, os.W_OK):
            raise RekeyError(f"cannot write beside the key file {source.path} (DIRIGENT_PSEUDONYM_KEY_FILE); the "
                             "new ring is written there first and renamed after the commit. Fix the permissions.")
    step = (lambda p: chain(new_key, p)) if new_key is not None else (lambda p: chain(b"dry-run" * 6, p))

    if not apply:
        with engine.connect() as conn:
            report.rewritten = rewrite(conn, step, dry_run=True)
        report.next_steps = _dry_run_steps(source.variable, new_key_file)
        return report

    created: list[Path] = []
    ring_temp: Path | None = None
    new_ring = ring + b"\n" + new_key
    try:
        if new_key_file is not None and generated:
            _write_secret(new_key_file, new_key + b"\n", exclusive=True)
            created.append(new_key_file)
        if source.variable == "DIRIGENT_PSEUDONYM_KEY_FILE" and source.path is not None:
            ring_temp = source.path.with_name(f".{source.path.name}.rekey-{os.getpid()}")
            _write_secret(ring_temp, new_ring + b"\n", exclusive=False, like=source.path)
            created.append(ring_temp)
        with engine.begin() as conn:
            _lock(conn)
            set_meta(conn, "rekeyed_at", datetime.now(timezone.utc).replace(tzinfo=None).isoformat())
            report.rewritten = rewrite(conn, step)
            set_meta(conn, PROBE_KEY, probe(new_ring))
            audit.record(conn, login=None, role="operator", action="rekey", keys=new_ring,
                         detail=json.dumps({"ring_before": report.ring_before, "ring_after": report.ring_after,
                                            "rewritten": report.rewritten}, sort_keys=True))
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        raise
    if ring_temp is not None:
        try:
            os.replace(ring_temp, source.path)
            _fsync_dir(source.path.parent)
        except OSError as exc:
            raise RekeyError(
                f"the warehouse is re-keyed, but the key file {source.path} could not be replaced "
                f"({exc.strerror}). The new key ring is in {ring_temp}: move it to {source.path} before the next "
                "sync or dashboard start, or nothing will join.") from None
        report.next_steps = [f"The key ring in {source.path} now holds {report.ring_after} keys; keep a backup "
                             "of the whole file: every key is needed."]
    else:
        report.new_key_file = str(new_key_file)
        report.next_steps = [
            f"The new key is in {new_key_file}. Append it to DIRIGENT_PSEUDONYM_KEY as a new last line (keys are "
            "separated by newlines, oldest first), e.g. DIRIGENT_PSEUDONYM_KEY=\"$(printf '%s\\n%s' "
            f"\"$DIRIGENT_PSEUDONYM_KEY\" \"$(cat {new_key_file})\")\", or switch to DIRIGENT_PSEUDONYM_KEY_FILE "
            "holding the old key and the new one on two lines. Until then no sync or dashboard may run.",
        ]
    return report


def _new_key(new_key: bytes | None, new_key_file: Path | None, variable: str, apply: bool) -> tuple[bytes | None, bool]:
    """The new key and whether it was generated here (then `new_key_file`, if any, is written by us)."""
    if new_key is not None:
        return _checked(new_key, "the new key"), False
    if new_key_file is not None and new_key_file.exists():
        if not new_key_file.is_file():
            raise RekeyError(f"--new-key-file {new_key_file} is not a file.")
        lines = [line.strip() for line in new_key_file.read_text(encoding="utf-8").splitlines() if line.strip()]
        if len(lines) != 1:
            raise RekeyError(f"--new-key-file {new_key_file} must hold exactly one key on one line (it holds "
                             f"{len(lines)} non-empty lines); leave it absent to have a key generated there.")
        return _checked(lines[0].encode("utf-8"), f"the key in {new_key_file}"), False
    if variable == "DIRIGENT_PSEUDONYM_KEY" and new_key_file is None:
        if apply:
            raise RekeyError("the key comes from DIRIGENT_PSEUDONYM_KEY, which this command cannot change: pass "
                             "--new-key-file PATH (a new key is generated there, or read from it if it exists), "
                             "then append that key to DIRIGENT_PSEUDONYM_KEY as a new last line.")
        return None, False
    return secrets.token_hex(32).encode("ascii"), True


def _checked(key: bytes, what: str) -> bytes:
    key = key.strip()
    if len(key) < MIN_KEY_LENGTH or b"\n" in key:
        raise RekeyError(f"{what} must be one line of at least {MIN_KEY_LENGTH} characters.")
    return key


def _dry_run_steps(variable: str, new_key_file: Path | None) -> list[str]:
    steps = ["Dry run: nothing changed. Stop scheduled syncs, then run again with --apply."]
    if variable == "DIRIGENT_PSEUDONYM_KEY" and new_key_file is None:
        steps.append("The key comes from DIRIGENT_PSEUDONYM_KEY: --apply needs --new-key-file PATH.")
    return steps


def _write_secret(path: Path, content: bytes, *, exclusive: bool, like: Path | None = None) -> None:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    mode = (like.stat().st_mode & 0o777) if like is not None and like.exists() else 0o600
    try:
        fd = os.open(path, flags, mode)
    except FileExistsError:
        raise RekeyError(f"{path} exists already; choose a new file for the new key.") from None
    except OSError as exc:
        raise RekeyError(f"cannot write {path}: {exc.strerror}.") from None
    try:
        os.write(fd, content)
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _lock(conn: Connection) -> None:
    """No writer may slip in between reading and rewriting (readers, the dashboard, go on)."""
    if conn.dialect.name == "postgresql":
        names = ", ".join(conn.dialect.identifier_preparer.quote(t.name) for t in _tables())
        conn.execute(text(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE"))
    # SQLite: the first write (set_meta right after) takes the database's write lock for the transaction.


def _tables() -> list[Table]:
    return [t for t in metadata.sorted_tables
            if any(c.type is PSEUDONYM or (t.name, c.name) in EMBEDDED for c in t.columns)]


def rewrite(conn: Connection, step: Callable[[str], str], *, dry_run: bool = False) -> dict[str, int]:
    """Rewrite every pseudonym in the warehouse with `step` (old -> new); returns values changed per column."""
    known: set[str] = set()
    for table in _tables():  # first pass: every pseudonym there is, to recognise them inside text
        columns = [c for c in _columns(table)
                   if c.type is PSEUDONYM or EMBEDDED.get((table.name, c.name)) == "all"]
        for row in (conn.execute(select(*columns)) if columns else ()):
            for column, value in zip(columns, row):
                if value and column.type is PSEUDONYM:
                    known.add(value)
                elif value:
                    known.update(TOKEN.findall(value))
    mapper = _Mapper(step, known)
    counts: dict[str, int] = {}
    for table in _tables():  # second pass: one table at a time in memory
        counts.update(_rewrite_table(conn, table, conn.execute(select(*_columns(table))).all(), mapper, dry_run))
    return {name: n for name, n in counts.items() if n}


def _columns(table: Table) -> list:
    pk = list(table.primary_key.columns)
    names = {c.name for c in pk}
    rest = [c for c in table.columns
            if c.name not in names and (c.type is PSEUDONYM or (table.name, c.name) in EMBEDDED)]
    return pk + rest


def _rewrite_table(conn: Connection, table: Table, rows: list, mapper: "_Mapper", dry_run: bool) -> dict[str, int]:
    columns = _columns(table)
    keys = len(table.primary_key.columns)  # _columns puts the primary key first
    work = [(i, f"{table.name}.{c.name}", rewriter) for i, c in enumerate(columns)
            if (rewriter := _rewriter(table, c, mapper)) is not None]
    counts = {name: 0 for _, name, _ in work}
    old_names = [f"old_{c.name}" for c in columns[:keys]]
    new_names = [f"new_{c.name}" for c in columns]
    changes = []
    for row in rows:
        new, changed = list(row), False
        for i, name, rewriter in work:
            value = row[i]
            if value is not None:
                rewritten = rewriter(value)
                if rewritten != value:
                    new[i], changed = rewritten, True
                    counts[name] += 1
        if changed:
            changes.append({**dict(zip(old_names, row[:keys])), **dict(zip(new_names, new))})
    if changes and not dry_run:
        statement = (update(table).where(and_(*[c == bindparam(f"old_{c.name}") for c in columns[:keys]]))
                     .values({c.name: bindparam(f"new_{c.name}") for c in columns}))
        for start in range(0, len(changes), UPDATE_CHUNK):
            conn.execute(statement, changes[start:start + UPDATE_CHUNK])
    return counts


def _rewriter(table: Table, column, mapper: "_Mapper") -> Callable[[str], str] | None:
    if column.type is PSEUDONYM:
        return mapper.whole
    mode = EMBEDDED.get((table.name, column.name))
    if mode == "all":
        return mapper.all_tokens
    if mode == "known":
        return mapper.known_tokens
    if mode == "json":
        return mapper.json_document
    return None


class _Mapper:
    """old pseudonym -> new, memoised; tokens inside text; shortened pseudonyms in JSON cursors."""

    def __init__(self, step: Callable[[str], str], known: Iterable[str]):
        self.step, self.known, self.memo = step, set(known), {}
        self._prefixes: dict[str, list[str]] | None = None

    def whole(self, value: str) -> str:
        if value not in self.memo:
            self.memo[value] = self.step(value)
        return self.memo[value]

    def all_tokens(self, value: str) -> str:
        return TOKEN.sub(lambda m: self.whole(m.group(0)), value)

    def known_tokens(self, value: str) -> str:
        return TOKEN.sub(lambda m: self.whole(m.group(0)) if m.group(0) in self.known else m.group(0), value)

    def json_document(self, value: str) -> str:
        try:
            document = json.loads(value)
        except ValueError:
            return self.known_tokens(value)
        rewritten = self._walk(document)
        return value if rewritten == document else json.dumps(rewritten, sort_keys=True)

    def _walk(self, value):
        if isinstance(value, str):
            return self._string(value)
        if isinstance(value, list):
            return [self._walk(v) for v in value]
        if isinstance(value, dict):
            return {self._string(k): self._walk(v) for k, v in value.items()}
        return value

    def _string(self, value: str) -> str:
        if SHORT_HEX.fullmatch(value):
            full = self._prefix_of(value)
            return self.whole(full)[:len(value)] if full else value
        return self.known_tokens(value)

    def _prefix_of(self, prefix: str) -> str | None:
        if self._prefixes is None:
            self._prefixes = {}
            for pseudonym in self.known:
                self._prefixes.setdefault(pseudonym[:16], []).append(pseudonym)
        matches = [p for p in self._prefixes.get(prefix[:16], []) if p.startswith(prefix)]
        return matches[0] if len(matches) == 1 else None


__all__ = ["RekeyError", "RekeyReport", "check_key", "probe", "rekey", "remember_key", "rewrite"]
