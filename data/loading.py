"""Loading canonical rows into the warehouse: upsert by primary key, count, quarantine, in one transaction.

A connector yields `Record`s (a canonical row, plus the reference rows it brings along),
`Void`s (a retraction of an earlier record) and `Rejected` items (quarantined with a reason).
Every yielded item is counted exactly once:
records read = loaded + updated + duplicates + quarantined.
"""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from datetime import datetime, timezone
from typing import Any, Protocol

from sqlalchemy import Connection, Engine, Table, and_, bindparam, delete, insert, select, update

from data.schema import events, quarantine, sync_runs, sync_state, validation_results, voided_records
from data.validation import validate

CHUNK = 1000
VALIDATION_BLOCK = 20_000  # GX has a fixed cost per call; validate many rows at once
# Page cache of the sync's SQLite connection while it loads (SQLite's default: 2 MiB). A sync is one
# transaction; with the default, pages of the random-order indexes are evicted and written to the WAL again
# and again once the warehouse outgrows the cache, and every page read searches a WAL that keeps growing (LEX at
# 300,000 employees: 8 times slower for 3 times the data).
SQLITE_CACHE_KIB = 524_288
NOT_COMPARED = {"sync_run_id"}
# Allocations between runs of the cyclic garbage collector's youngest generation during a sync (Python: 700).
# A sync allocates millions of short-lived records, few of them in cycles: at the default the collector took 14 %
# of the LEX sync at 300,000 employees; at this one, the 5,000 demo's LEX sync took 8.0 s of CPU instead of 9.9 s.
SYNC_GC_THRESHOLD = 100_000


@dataclass(frozen=True)
class Row:
    table: Table
    values: dict[str, Any]

    def key(self) -> tuple:
        return tuple(self.values[name] for name in key_names(self.table))


@cache
def key_names(table: Table) -> tuple[str, ...]:
    """The table's primary key columns (SQLAlchemy's column collection is slow to walk row by row)."""
    return tuple(c.name for c in table.primary_key.columns)


@dataclass(frozen=True)
class Record:
    """One source record mapped to its canonical row; `related` rows are upserted but not counted."""

    location: str
    row: Row
    related: tuple[Row, ...] = ()


@dataclass(frozen=True)
class Void:
    """A source record that retracts an earlier event (xAPI voiding)."""

    location: str
    source_record_id: str
    voided_by: str


@dataclass(frozen=True)
class Rejected:
    """A record that could not be mapped; `record` must already be free of clear-text identifiers."""

    location: str
    reason: str
    record: str


Item = Record | Void | Rejected


@dataclass
class Counts:
    read: int = 0
    loaded: int = 0
    updated: int = 0
    duplicates: int = 0
    quarantined: int = 0

    def balanced(self) -> bool:
        return self.read == self.loaded + self.updated + self.duplicates + self.quarantined


class Connector(Protocol):
    """What the loader needs from a connector: items to load and the state to keep afterwards."""

    name: str
    kind: str

    def read(self, state: dict) -> Iterator[Item]: ...

    def next_state(self) -> dict: ...


@dataclass
class SyncResult:
    source: str
    kind: str
    run_id: int
    status: str
    counts: Counts = field(default_factory=Counts)
    message: str = ""

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "kind": self.kind,
            "run_id": self.run_id,
            "status": self.status,
            "read": self.counts.read,
            "loaded": self.counts.loaded,
            "updated": self.counts.updated,
            "duplicates": self.counts.duplicates,
            "quarantined": self.counts.quarantined,
            "message": self.message,
        }


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def run_sync(engine: Engine, connector: Connector, full: bool = False) -> SyncResult:
    """Sync one source: everything it yields lands in one transaction, or nothing does.

    `full` starts from an empty state, so the connector reads everything again.
    """
    with engine.begin() as conn:
        run_id = conn.execute(
            insert(sync_runs).values(
                source=connector.name, kind=connector.kind, started_at=utcnow(), status="running"
            )
        ).inserted_primary_key[0]
    result = SyncResult(connector.name, connector.kind, run_id, "running")
    try:
        with engine.begin() as conn:
            state = {} if full else read_state(conn, connector.name)
            loader = BatchLoader(conn, connector.name, run_id, result.counts, connector.kind)
            with fewer_collections():
                loader.load(connector.read(state))
            loader.store_validation_results()
            write_state(conn, connector.name, connector.next_state())
            assert result.counts.balanced(), result.counts
        result.status = "ok"
    except Exception as exc:  # recorded in the run log, then raised to the caller
        result.status, result.message = "failed", str(exc)
        result.counts = Counts()
        raise
    finally:
        with engine.begin() as conn:
            conn.execute(
                update(sync_runs)
                .where(sync_runs.c.run_id == run_id)
                .values(
                    finished_at=utcnow(),
                    status=result.status,
                    message=result.message or None,
                    records_read=result.counts.read,
                    loaded=result.counts.loaded,
                    updated=result.counts.updated,
                    duplicates=result.counts.duplicates,
                    quarantined=result.counts.quarantined,
                )
            )
    return result


_collections = {"lock": threading.Lock(), "syncs": 0, "threshold": None}


@contextmanager
def fewer_collections():
    """The garbage collector's youngest generation runs less often while any sync of this process loads."""
    with _collections["lock"]:
        if _collections["syncs"] == 0:
            _collections["threshold"] = gc.get_threshold()
            gc.set_threshold(max(SYNC_GC_THRESHOLD, _collections["threshold"][0]), *_collections["threshold"][1:])
        _collections["syncs"] += 1
    try:
        yield
    finally:
        with _collections["lock"]:
            _collections["syncs"] -= 1
            if _collections["syncs"] == 0:
                gc.set_threshold(*_collections["threshold"])


def read_state(conn: Connection, source: str) -> dict:
    text = conn.execute(select(sync_state.c.state).where(sync_state.c.source == source)).scalar()
    return json.loads(text) if text else {}


def write_state(conn: Connection, source: str, state: dict) -> None:
    text = json.dumps(state, sort_keys=True)
    done = conn.execute(
        update(sync_state).where(sync_state.c.source == source).values(state=text, updated_at=utcnow())
    )
    if done.rowcount == 0:
        conn.execute(insert(sync_state).values(source=source, state=text, updated_at=utcnow()))


class BatchLoader:
    """Upserts items chunk by chunk inside the caller's transaction and counts what happened."""

    def __init__(self, conn: Connection, source: str, run_id: int, counts: Counts, kind: str = "test"):
        self.conn, self.source, self.run_id, self.counts, self.kind = conn, source, run_id, counts, kind
        self.validation: dict[tuple[str, str], list[int]] = {}  # (suite, expectation) -> [checked, failed]
        self.today = utcnow().date()
        self._table_io: dict[str, TableIO] = {}

    def load(self, items: Iterable[Item]) -> None:
        from data.bulk import Bulk, finish_bulk, load_bulk  # many events at once (data/bulk.py), in the order yielded

        block: list[Item] = []
        cache_size = self._enlarge_sqlite_cache()
        try:
            for item in items:
                if isinstance(item, Bulk):
                    self._load_block(block)
                    block = []
                    load_bulk(self, item)
                else:
                    block.append(item)
                    if len(block) == VALIDATION_BLOCK:
                        self._load_block(block)
                        block = []
            self._load_block(block)
        except BaseException:
            finish_bulk(self, failed=True)
            self._restore_sqlite_cache(cache_size, failed=True)
            raise
        finish_bulk(self)  # indexes a large bulk load set aside are built again, in the same transaction
        self._restore_sqlite_cache(cache_size)

    def _enlarge_sqlite_cache(self) -> int | None:
        if self.conn.dialect.name != "sqlite":
            return None
        previous = self.conn.exec_driver_sql("PRAGMA cache_size").scalar()
        self.conn.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        return previous

    def _restore_sqlite_cache(self, cache_size: int | None, failed: bool = False) -> None:
        if cache_size is None:
            return
        try:
            self.conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache_size)}")
        except Exception:  # noqa: BLE001 - a failed sync's connection may be unusable; the pool discards it
            if not failed:
                raise

    def _load_block(self, block: list[Item]) -> None:
        if not block:
            return
        self.counts.read += len(block)
        block = self._validated(block)
        for start in range(0, len(block), CHUNK):
            self._load_chunk(block[start : start + CHUNK])

    def _validated(self, block: list[Item]) -> list[Item]:
        """The block with every record that fails an expectation replaced by its quarantine entry."""
        by_table: dict[str, list[int]] = {}
        for index, item in enumerate(block):
            if isinstance(item, Record):
                by_table.setdefault(item.row.table.name, []).append(index)
        failures: dict[int, list[str]] = {}
        for table, indexes in by_table.items():
            rows = [block[i].row.values for i in indexes]
            for outcome in validate(f"{self.kind}:{table}", table, rows, self.today):
                tally = self.validation.setdefault((outcome.suite, outcome.expectation), [0, 0])
                tally[0] += outcome.element_count
                tally[1] += len(outcome.unexpected_rows)
                for row_index in outcome.unexpected_rows:
                    failures.setdefault(indexes[row_index], []).append(outcome.expectation)
        for index, failed in failures.items():
            record = block[index]
            block[index] = Rejected(record.location, "failed expectation " + "; ".join(failed),
                                    json.dumps(record.row.values, default=str, sort_keys=True))
        return block

    def store_validation_results(self) -> None:
        if self.validation:
            self.conn.execute(insert(validation_results), [
                {"run_id": self.run_id, "suite": suite, "expectation": expectation[:200],
                 "success": failed == 0, "element_count": checked, "unexpected_count": failed}
                for (suite, expectation), (checked, failed) in self.validation.items()
            ])

    def _load_chunk(self, chunk: list[Item]) -> None:
        related = [row for item in chunk if isinstance(item, Record) for row in item.related]
        self._upsert(related, fill_only=True)
        primary = [item.row for item in chunk if isinstance(item, Record)]
        primary = self._drop_voided(primary)
        outcome = self._upsert(primary)
        self.counts.loaded += outcome["loaded"]
        self.counts.updated += outcome["updated"]
        self.counts.duplicates += outcome["duplicates"]
        self._apply_voids([item for item in chunk if isinstance(item, Void)])
        self._quarantine([item for item in chunk if isinstance(item, Rejected)])

    def _drop_voided(self, rows: list[Row]) -> list[Row]:
        """Events already voided are counted as duplicates and never loaded again."""
        ids = [r.values["source_record_id"] for r in rows if r.table is events]
        if not ids:
            return rows
        voided = set(
            self.conn.execute(
                select(voided_records.c.source_record_id).where(
                    voided_records.c.source == self.source,
                    voided_records.c.source_record_id.in_(ids),
                )
            ).scalars()
        )
        kept = [r for r in rows if not (r.table is events and r.values["source_record_id"] in voided)]
        self.counts.duplicates += len(rows) - len(kept)
        return kept

    def _upsert(self, rows: list[Row], fill_only: bool = False) -> dict[str, int]:
        """Insert new keys, update changed ones; with `fill_only`, empty values never erase stored ones."""
        outcome = {"loaded": 0, "updated": 0, "duplicates": 0}
        by_table: dict[str, list[Row]] = {}
        for row in rows:
            by_table.setdefault(row.table.name, []).append(row)
        for table_rows in by_table.values():
            for name, n in self._upsert_table(table_rows[0].table, table_rows, fill_only).items():
                outcome[name] += n
        return outcome

    def _upsert_table(self, table: Table, rows: list[Row], fill_only: bool) -> dict[str, int]:
        latest: dict[tuple, dict] = {}
        duplicates = updated = 0
        for row in rows:  # the same key twice in one chunk: the later one wins
            values = {**row.values, "sync_run_id": self.run_id} if "sync_run_id" in table.c else row.values
            key = row.key()
            if fill_only and key in latest:
                values = _filled(latest[key], values)
            if key in latest:
                if _same(latest[key], values):
                    duplicates += 1
                else:
                    updated += 1
                    latest[key] = values
            else:
                latest[key] = values
        existing = self._existing(table, list(latest))
        inserts, updates = [], []
        for key, values in latest.items():
            stored = existing.get(key)
            if fill_only and stored is not None:
                values = _filled(stored, values)
            if stored is None:
                inserts.append(values)
            elif _same(stored, values):
                duplicates += 1
            else:
                updates.append(values)
        if inserts:
            self._insert(table, inserts)
        if updates:
            self._update(table, updates)
        return {"loaded": len(inserts), "updated": updated + len(updates), "duplicates": duplicates}

    def _existing(self, table: Table, keys: list[tuple]) -> dict[tuple, dict]:
        """The stored rows of these keys, read straight through the driver (SQLAlchemy's compilation of each
        lookup cost more than the lookup), values converted by the columns' own types as SQLAlchemy would."""
        io = self._io(table)
        found: dict[tuple, dict] = {}
        wanted = set(keys)
        for sql, params in io.lookups(keys):
            for values in io.fetch(sql, params):
                key = tuple(values[name] for name in io.key)
                if key in wanted:  # a lookup of several key columns may find more than asked for
                    found[key] = values
        return found

    def _insert(self, table: Table, rows: list[dict]) -> None:
        """New rows straight through the driver: COPY on PostgreSQL, executemany elsewhere."""
        self._io(table).insert(rows)

    def _io(self, table: Table) -> TableIO:
        io = self._table_io.get(table.name)
        if io is None:
            io = self._table_io[table.name] = TableIO(self.conn, table)
        return io

    def _update(self, table: Table, rows: list[dict]) -> None:
        pk_names = [c.name for c in table.primary_key.columns]
        statement = (
            update(table)
            .where(and_(*[table.c[name] == bindparam(f"pk_{name}") for name in pk_names]))
            .values({name: bindparam(name) for name in rows[0] if name not in pk_names})
        )
        params = [{**row, **{f"pk_{n}": row[n] for n in pk_names}} for row in rows]
        for row in params:
            for name in pk_names:
                del row[name]
        self.conn.execute(statement, params)

    def _apply_voids(self, voids: list[Void]) -> None:
        if not voids:
            return
        rows = [
            Row(voided_records, {"source": self.source, "source_record_id": v.source_record_id, "voided_by": v.voided_by})
            for v in voids
        ]
        outcome = self._upsert(rows)
        self.counts.loaded += outcome["loaded"]
        self.counts.updated += outcome["updated"]
        self.counts.duplicates += outcome["duplicates"]
        self.conn.execute(
            delete(events).where(
                events.c.source == self.source,
                events.c.source_record_id.in_([v.source_record_id for v in voids]),
            )
        )

    def _quarantine(self, rejected: list[Rejected]) -> None:
        if not rejected:
            return
        now = utcnow()
        self.conn.execute(
            insert(quarantine),
            [
                {"run_id": self.run_id, "source": self.source, "location": r.location,
                 "reason": r.reason, "record": r.record, "created_at": now}
                for r in rejected
            ],
        )
        self.counts.quarantined += len(rejected)


def _same(stored: dict, new: dict) -> bool:
    return all(stored.get(k) == v for k, v in new.items() if k not in NOT_COMPARED)


def _filled(old: dict, new: dict) -> dict:
    """`new`, keeping `old`'s value wherever `new` has none."""
    return {k: (old.get(k) if v is None else v) for k, v in new.items()}


class TableIO:
    """Lookups and inserts of one table through the DB-API driver, with SQLAlchemy's type conversions.

    A lookup by several key columns asks for every column's values at once (`a IN (...) AND b IN (...)`): one
    query where one per distinct first value was needed before; it may find more rows than asked for (the
    caller keeps the keys it asked for), at most the stored rows of the entities the chunk touches."""

    def __init__(self, conn: Connection, table: Table):
        dialect = conn.dialect
        self.conn, self.table, self.dialect = conn, table, dialect.name
        quote = dialect.identifier_preparer.quote
        self.name, self.columns = quote(table.name), [c.name for c in table.columns]
        self.quoted = {c.name: quote(c.name) for c in table.columns}
        self.key = [c.name for c in table.primary_key.columns]
        self.types = {c.name: c.type.dialect_impl(dialect) for c in table.columns}
        self.bind = {name: self.types[name].bind_processor(dialect) for name in self.columns}
        self.result: list | None = None  # (index, processor) by the driver's column types, at the first fetch
        self.marker = "?" if dialect.paramstyle == "qmark" else "%s"
        self.select = f"SELECT {', '.join(self.quoted[n] for n in self.columns)} FROM {self.name} WHERE "
        arrays = ", ".join(f"{self.marker}::{self.types[n].compile(dialect)}[]" for n in self.key)
        self.unnest = (f"SELECT {', '.join('t.' + self.quoted[n] for n in self.columns)} FROM {self.name} AS t "
                       f"JOIN unnest({arrays}) AS k({', '.join(f'k{i}' for i in range(len(self.key)))}) ON "
                       + " AND ".join(f"t.{self.quoted[n]} = k.k{i}" for i, n in enumerate(self.key)))

    def _bound(self, name: str, values: list) -> list:
        process = self.bind[name]
        return [process(v) for v in values] if process else list(values)

    def lookups(self, keys: list[tuple]) -> Iterator[tuple[str, list]]:
        """(sql, parameters) of the queries that find these keys.

        PostgreSQL: the keys as arrays joined to the table (`JOIN unnest(...)`), which the planner answers by
        primary key probes; `a = ANY(...) AND b = ANY(...)` on a table without statistics yet (a first sync) it
        answered by reading every row of `a`, half a second per lookup in 150,000 events."""
        if self.dialect == "postgresql":
            for start in range(0, len(keys), 5000):
                part = keys[start:start + 5000]
                yield self.unnest, [self._bound(name, [k[i] for k in part]) for i, name in enumerate(self.key)]
            return
        for start in range(0, len(keys), 400):
            part = keys[start:start + 400]
            wheres, params = [], []
            for position, name in enumerate(self.key):
                values = self._bound(name, list(dict.fromkeys(k[position] for k in part)))
                wheres.append(f"{self.quoted[name]} IN ({', '.join([self.marker] * len(values))})")
                params.extend(values)
            yield self.select + " AND ".join(wheres), params

    def fetch(self, sql: str, params: list) -> Iterator[dict]:
        cursor = self.conn.connection.driver_connection.cursor()
        try:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            if self.result is None:
                self.result = [(index, process) for index, (name, described) in
                               enumerate(zip(self.columns, cursor.description))
                               if (process := self.types[name].result_processor(self.conn.dialect, described[1]))]
        finally:
            cursor.close()
        processors = self.result
        for row in rows:
            if processors:
                row = list(row)
                for index, process in processors:
                    row[index] = process(row[index])
            yield dict(zip(self.columns, row))

    def insert(self, rows: list[dict]) -> None:
        names = list(rows[0])  # as SQLAlchemy's executemany: the first row's columns, each a column of the table
        unknown = [name for name in names if name not in self.quoted]
        if unknown:
            raise ValueError(f"{self.table.name} has no column {', '.join(unknown)}")
        columns = [self._bound(name, [row[name] for row in rows]) for name in names]
        listed = ", ".join(self.quoted[n] for n in names)
        raw = self.conn.connection.driver_connection
        if self.dialect == "postgresql":
            with raw.cursor() as cursor, cursor.copy(f"COPY {self.name} ({listed}) FROM STDIN") as copy:
                for values in zip(*columns):
                    copy.write_row(values)
            return
        cursor = raw.cursor()
        try:
            cursor.executemany(f"INSERT INTO {self.name} ({listed}) VALUES ({', '.join([self.marker] * len(names))})",
                               list(zip(*columns)))
        finally:
            cursor.close()


