"""PostgreSQL figures at full scale without a second sync: `python -m bench.postgres_copy --sqlite URL --postgres URL`.

`make bench` syncs every source into each database it measures; at 300,000 employees one sync takes over an
hour on two cores. This copies a warehouse `make bench` synced into SQLite (kept with DIRIGENT_BENCH_DB_URL) into
a PostgreSQL schema of its own, table by table with COPY, and measures there what `make bench` measures on
PostgreSQL after its sync: loading the warehouse into frames (time and peak memory), and the rollup built in the
database (`bench.__main__.rollup_figures`). The schema is dropped afterwards. Its output says that the figures
are of a copy: the sync into PostgreSQL itself is measured by `make bench` with DIRIGENT_BENCH_POSTGRES_URL.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import time
import uuid

import polars as pl
from sqlalchemy import create_engine, func, select, text

COPY_ROWS = 200_000


def copy_warehouse(source_url: str, target_url: str) -> dict[str, dict]:
    """Every table of the schema from `source_url` into the migrated, empty warehouse at `target_url`."""
    from data.migrate import upgrade
    from data.schema import metadata
    from data.warehouse import polars_schema

    source, target = create_engine(source_url), create_engine(target_url)
    upgrade(target)
    copied = {}
    with source.connect() as reading, target.begin() as writing:
        raw = writing.connection.driver_connection
        for table in metadata.sorted_tables:  # parents before the tables that refer to them
            names = [c.name for c in table.columns]
            schema = polars_schema(table, names)
            start, rows = time.perf_counter(), 0
            for batch in pl.read_database(select(*table.columns), connection=reading, schema_overrides=schema,
                                          iter_batches=True, batch_size=COPY_ROWS):
                if batch.is_empty():
                    continue
                data = io.BytesIO()
                batch.cast(schema).write_csv(data, include_header=False, null_value="")
                with raw.cursor() as cursor, cursor.copy(
                        f"COPY {table.name} ({', '.join(names)}) FROM STDIN (FORMAT csv)") as copy:
                    copy.write(data.getbuffer())
                rows += batch.height
            for column in table.primary_key.columns:  # serial keys continue after the copied rows
                if column.autoincrement is True or (column.autoincrement == "auto" and len(table.primary_key) == 1
                                                    and schema[column.name] == pl.Int64):
                    sequence = writing.execute(select(func.pg_get_serial_sequence(table.name, column.name))).scalar()
                    if sequence:
                        highest = writing.execute(select(func.max(column))).scalar() or 0
                        writing.execute(select(func.setval(sequence, highest + 1, False)))
            copied[table.name] = {"rows": rows, "seconds": round(time.perf_counter() - start, 2)}
    with target.connect() as conn:
        conn.execute(text("ANALYZE"))
    source.dispose()
    target.dispose()
    return copied


def load_figures(url: str) -> dict:
    """The warehouse load into frames from PostgreSQL, as `make bench` times it, with its own peak."""
    from bench.__main__ import _new_peak, _phase_peak_mb
    from metrics.frames import read_frames

    engine = create_engine(url)
    _new_peak()
    start = time.perf_counter()
    frames = read_frames(engine)
    seconds = time.perf_counter() - start
    engine.dispose()
    return {"load_frames_seconds": round(seconds, 2), "events": frames.events.height,
            "peak_memory_mb": round(_phase_peak_mb())}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.postgres_copy", description=__doc__.split("\n")[0])
    parser.add_argument("--sqlite", required=True, help="a warehouse make bench synced, e.g. sqlite:////tmp/bench.db")
    parser.add_argument("--postgres", required=True, help="e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--out", default="bench/results/postgres_copy.json")
    args = parser.parse_args()

    from bench.__main__ import in_schema, rollup_figures

    schema = f"dirigent_copy_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.postgres)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = in_schema(args.postgres, schema)
    result: dict = {"note": "PostgreSQL figures of a COPY of the SQLite warehouse, not of a sync into PostgreSQL",
                    "source": args.sqlite.split("/")[-1], "load_average_at_start": os.getloadavg()}
    try:
        start = time.perf_counter()
        result["copy"] = copy_warehouse(args.sqlite, scoped)
        result["copy_seconds"] = round(time.perf_counter() - start, 1)
        result["load"] = load_figures(scoped)
        result["rollup"] = rollup_figures(scoped, args.runs)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    result["load_average_at_end"] = os.getloadavg()
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as handle:
        json.dump(result, handle, indent=2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
