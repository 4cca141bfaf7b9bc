"""Bulk loading of events: many source records at once, as a polars frame, with the loader's guarantees.

A connector that maps records column-wise (the xAPI file reader, `connectors/xapi_bulk.py`) yields a `Bulk`
instead of one `Record` per event. The loader (`data/loading.py`) hands it here, and the outcome is the one the
record-by-record path gives:

- every row is counted once: read = loaded + updated + duplicates + quarantined;
- the events rules of `data/validation.py` are checked on the whole block as polars expressions (the same
  rules and names as the Great Expectations suite; results are tallied into the run's validation results), and
  a failing row is quarantined with its location and the expectations it failed;
- a statement already voided (in the warehouse, or by a void earlier in the bulk) is a duplicate; voids are
  applied after the rows, so a void later in the bulk deletes its statement;
- keys new to the warehouse are inserted in one go (SQLite: executemany of column-wise tuples in the sync's
  transaction; PostgreSQL: COPY of CSV that polars writes); keys it already holds, and keys repeated inside the
  bulk, take the record-by-record upsert, which tells updates from duplicates;
- a large load into a small `events` table (a first sync of a big export: the reader's estimate of the file's
  statements is at least REBUILD_MIN_ROWS and the table holds no more rows than that) sets the table's plain
  secondary indexes aside and builds them again once at the end of the load, still inside the sync's transaction
  (a failed sync rolls back to the indexes it had). Maintaining three random-order B-trees row by row costs
  about three times the insert itself; one sort at the end does not. On PostgreSQL this holds an exclusive lock on
  `events` until the sync commits (readers wait); SQLite's WAL readers keep reading the last committed state.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polars as pl
from sqlalchemy import select, text

from data.schema import events, voided_records
from data.validation import expectations, polars_rule

if TYPE_CHECKING:
    from data.loading import BatchLoader, Row

EVENT_COLUMNS = ["source", "source_record_id", "actor_id", "activity_id", "verb", "role", "occurred_at",
                 "duration_seconds", "success", "completion", "score"]
LOOKUP = 5000  # keys per query when the warehouse already holds events of the source
REBUILD_MIN_ROWS = 100_000  # expected statements from which a load into a small events table rebuilds its indexes


@dataclass
class Bulk:
    """Events of one source at once.

    `rows`: EVENT_COLUMNS plus `position` (order in the source, e.g. the line) and `location` (file:line);
    `voids`: position, location, source_record_id (the voided statement) and voided_by; `related`: reference
    rows (activities, their skills) to upsert first, as a Record's related rows are. `expected`: on the first Bulk
    of a file, the reader's estimate of the statements the file holds (0 elsewhere); the loader chooses how to
    insert by it.
    """

    rows: pl.DataFrame
    voids: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(
        schema={"position": pl.Int64, "location": pl.String, "source_record_id": pl.String,
                "voided_by": pl.String}))
    related: list[Row] = field(default_factory=list)
    expected: int = 0

    def __len__(self) -> int:
        return self.rows.height + self.voids.height


def load_bulk(loader: BatchLoader, bulk: Bulk) -> None:
    """Load a Bulk inside the loader's transaction, counting into the loader's counts."""
    from data.loading import Row, Void

    loader.counts.read += len(bulk)
    if bulk.expected:
        _prepare(loader, bulk.expected)
    if bulk.related:
        loader._upsert(bulk.related, fill_only=True)
    rows = _validated(loader, bulk.rows)
    rows = _without_voided(loader, rows, bulk.voids)
    existing = _existing_ids(loader, rows)
    repeated = rows["source_record_id"].is_duplicated()
    slow = rows.filter(repeated | rows["source_record_id"].is_in(list(existing)))
    fast = rows.filter(~(repeated | rows["source_record_id"].is_in(list(existing))))
    if fast.height:
        _insert(loader, fast.select(EVENT_COLUMNS).with_columns(pl.lit(loader.run_id).alias("sync_run_id")))
        loader.counts.loaded += fast.height
    if slow.height:
        outcome = loader._upsert([Row(events, {c: row[c] for c in EVENT_COLUMNS})
                                  for row in slow.sort("position").iter_rows(named=True)])
        for name in ("loaded", "updated", "duplicates"):
            setattr(loader.counts, name, getattr(loader.counts, name) + outcome[name])
    if bulk.voids.height:
        loader._apply_voids([Void(v["location"], v["source_record_id"], v["voided_by"])
                             for v in bulk.voids.sort("position").iter_rows(named=True)])


def _validated(loader: BatchLoader, rows: pl.DataFrame) -> pl.DataFrame:
    """The rows that pass every events rule; the others are quarantined with their location and reasons."""
    from data.loading import Rejected

    rules = [r for r in expectations("events", loader.today) if r.kwargs.get("column") in rows.columns]
    if not rules or rows.is_empty():
        return rows
    checks = []
    for index, rule in enumerate(rules):
        applies, fails = polars_rule(rule)
        checks.append((applies & fails).fill_null(False).alias(f"_fail{index}"))
    flags = rows.select(checks)
    suite = f"{loader.kind}:events"
    failed_any = pl.Series([False] * rows.height)
    for index, rule in enumerate(rules):
        column = flags[f"_fail{index}"]
        tally = loader.validation.setdefault((suite, rule.name), [0, 0])
        tally[0] += rows.height
        tally[1] += int(column.sum())
        failed_any = failed_any | column
    if not failed_any.any():
        return rows
    bad = rows.filter(failed_any)
    bad_flags = flags.filter(failed_any)
    rejected = []
    for row, flag in zip(bad.iter_rows(named=True), bad_flags.iter_rows()):
        reasons = [rule.name for rule, hit in zip(rules, flag) if hit]
        values = {c: row[c] for c in EVENT_COLUMNS}
        rejected.append(Rejected(row["location"], "failed expectation " + "; ".join(reasons),
                                 json.dumps(values, default=str, sort_keys=True)))
    loader._quarantine(rejected)
    return rows.filter(~failed_any)


def _without_voided(loader: BatchLoader, rows: pl.DataFrame, voids: pl.DataFrame) -> pl.DataFrame:
    """Rows whose statement was voided before them (in the warehouse, or earlier in the bulk) are duplicates."""
    if rows.is_empty():
        return rows
    stored = set(loader.conn.execute(
        select(voided_records.c.source_record_id).where(voided_records.c.source == loader.source)).scalars())
    dropped = rows["source_record_id"].is_in(list(stored)) if stored else pl.Series([False] * rows.height)
    if voids.height:
        first_void = voids.group_by("source_record_id").agg(pl.col("position").min().alias("_voided_at"))
        marked = rows.select("source_record_id", "position").join(first_void, on="source_record_id", how="left",
                                                                   maintain_order="left")
        dropped = dropped | (marked["_voided_at"] < marked["position"]).fill_null(False)
    loader.counts.duplicates += int(dropped.sum())
    return rows.filter(~dropped)


def _existing_ids(loader: BatchLoader, rows: pl.DataFrame) -> set[str]:
    """The rows' keys the warehouse already holds (none to look up while the source has no events).

    Straight through the driver: SQLAlchemy's compilation of 5,000 bound values per query cost more than the
    lookups themselves."""
    if rows.is_empty():
        return set()
    conn, source = loader.conn, loader.source
    if conn.execute(select(events.c.source_record_id).where(events.c.source == source).limit(1)).first() is None:
        return set()
    ids = rows["source_record_id"].unique().to_list()
    raw = conn.connection.driver_connection
    found: set[str] = set()
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cursor:
            cursor.execute("SELECT source_record_id FROM events WHERE source = %s AND source_record_id = ANY(%s)",
                           (source, ids))
            found.update(r[0] for r in cursor.fetchall())
        return found
    if conn.dialect.name == "sqlite":
        cursor = raw.cursor()
        try:
            for start in range(0, len(ids), LOOKUP):
                part = ids[start:start + LOOKUP]
                cursor.execute(f"SELECT source_record_id FROM events WHERE source = ? AND source_record_id IN "
                               f"({', '.join('?' * len(part))})", [source, *part])
                found.update(r[0] for r in cursor.fetchall())
        finally:
            cursor.close()
        return found
    for start in range(0, len(ids), LOOKUP):
        found.update(conn.execute(select(events.c.source_record_id).where(
            events.c.source == source, events.c.source_record_id.in_(ids[start:start + LOOKUP]))).scalars())
    return found


def _insert(loader: BatchLoader, frame: pl.DataFrame) -> None:
    """New events in one go, in the sync's transaction: COPY on PostgreSQL, executemany on SQLite."""
    columns = frame.columns
    raw = loader.conn.connection.driver_connection
    dialect = loader.conn.dialect.name
    if dialect == "postgresql":
        # CSV written by polars: nulls unquoted and empty, empty strings quoted, floats in round-trip precision,
        # timestamps in ISO form; no Python object per value.
        data = io.BytesIO()
        frame.write_csv(data, include_header=False, null_value="")
        with raw.cursor() as cursor, cursor.copy(
                f"COPY events ({', '.join(columns)}) FROM STDIN (FORMAT csv)") as copy:
            copy.write(data.getbuffer())
        return
    if dialect == "sqlite":
        # SQLAlchemy's SQLite storage format for DateTime, so that bulk rows read back as the others do; in key
        # order, so that the primary key's B-tree fills page by page; tuples built column by column.
        frame = frame.sort("source", "source_record_id").with_columns(
            pl.col("occurred_at").dt.strftime("%Y-%m-%d %H:%M:%S.%6f"),
            pl.col("success").cast(pl.Int8), pl.col("completion").cast(pl.Int8))
        cursor = raw.cursor()
        try:
            cursor.executemany(f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                               zip(*(frame[c].to_list() for c in columns)))
        finally:
            cursor.close()
        return
    loader.conn.execute(events.insert(), frame.to_dicts())


@dataclass
class _Deferred:
    """What a bulk load changed for the sync: index definitions set aside."""

    indexes: list[str] = field(default_factory=list)


def _prepare(loader: BatchLoader, expected: int) -> None:
    """Before a file's first Bulk: a large load into a small events table sets the plain indexes aside."""
    state = loader.__dict__.setdefault("_bulk", _Deferred())
    conn, dialect = loader.conn, loader.conn.dialect.name
    if state.indexes or expected < REBUILD_MIN_ROWS or dialect not in ("sqlite", "postgresql"):
        return
    held = conn.execute(text("SELECT count(*) FROM (SELECT 1 FROM events LIMIT :n) AS held"),
                        {"n": expected + 1}).scalar()
    if held > expected:
        return
    raw = conn.connection.driver_connection
    if dialect == "sqlite" and not raw.in_transaction:
        # pysqlite opens its transaction only before the first INSERT, UPDATE or DELETE, and runs DDL outside
        # one: open it now, so that a failed sync gets its indexes back by rolling back.
        conn.exec_driver_sql("BEGIN")
    for name, definition in _plain_indexes(loader):
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
        state.indexes.append(definition)


def _plain_indexes(loader: BatchLoader) -> list[tuple[str, str]]:
    """(name, definition) of the events table's indexes that neither the primary key nor a uniqueness needs."""
    conn = loader.conn
    if conn.dialect.name == "sqlite":
        return [(name, sql) for name, sql in conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL "
            "AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name")]
    return [(name, definition) for name, definition in conn.exec_driver_sql(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE i.indrelid = 'events'::regclass AND NOT i.indisprimary AND NOT i.indisunique "
        "AND NOT i.indisexclusion ORDER BY c.relname")]


def finish_bulk(loader: BatchLoader, failed: bool = False) -> None:
    """After the load: the indexes set aside are built again (unless the sync failed and rolls back)."""
    state = loader.__dict__.pop("_bulk", None)
    if state is None:
        return
    conn = loader.conn
    if not failed:
        for definition in state.indexes:
            conn.exec_driver_sql(definition)
