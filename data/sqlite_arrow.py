"""Reading a large table of a SQLite warehouse as Arrow through ADBC's SQLite driver, in a process of its own.

Through SQLAlchemy every value of every row becomes a Python object first: 26 million events took 249 s at
300,000 employees. ADBC's driver hands over Arrow batches, a few times faster, and the frames are the same
(`tests/data/test_sqlite_arrow.py`).

The driver brings its own copy of SQLite. Two copies of SQLite in one process break each other's file locks
(closing one's file releases the other's POSIX locks: https://www.sqlite.org/howtocorrupt.html, 2.2.1), and the
dashboard writes its audit log through Python's sqlite3 while it loads. So the driver runs in a child process
(`data/sqlite_arrow_child.py`), read-only, and streams the batches back over a pipe in Arrow's IPC
format; this process never opens the file with it.

The driver infers each column's type from the values of its first batch; a column that starts with NULLs would
be taken for an integer column and fail on its first text. A first row of the declared types (dropped again)
fixes every column's type. Text dates and times are parsed as SQLAlchemy writes them, strictly. Where the driver
or the parsing refuses a table, `read_sqlite_arrow` returns None and the caller reads it the usual way: slower,
never different.
"""

from __future__ import annotations

import importlib.util
import logging
import subprocess
import sys
from pathlib import Path
from typing import Callable

import polars as pl
from sqlalchemy import Engine, Table

from data.warehouse import polars_schema

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[1]  # where `python -m data.sqlite_arrow_child` is found

BATCH_ROWS = 100_000
WITNESS = "_dirigent_witness"
# A literal of each declared type for the first row: SQLite keeps dates and times as text, booleans as 0 or 1.
_LITERALS = {pl.Float64: "0.5", pl.Int64: "0", pl.Boolean: "0"}
_PARSE = {pl.Datetime("us"): "%Y-%m-%d %H:%M:%S%.f", pl.Date: "%Y-%m-%d"}


def sqlite_file(engine: Engine) -> str | None:
    """The warehouse's file when it is a SQLite file and ADBC's driver is installed; None otherwise."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:" or "mode=memory" in database:
        return None
    # found, not imported: the driver's library is only ever loaded by the child; absolute, because the child
    # runs in the project's folder and a relative URL (the default) names a file relative to this process's
    return str(Path(database).resolve()) if importlib.util.find_spec("adbc_driver_sqlite") else None


def read_sqlite_arrow(path: str, table: Table, columns: list[str] | None = None,
                      each: Callable[[pl.DataFrame], pl.DataFrame] | None = None) -> pl.DataFrame | None:
    """The table's columns as a frame with the declared dtypes, each batch through `each` as it arrives; None when
    the driver cannot read or type it (the caller falls back)."""
    import pyarrow as pa

    names = columns or [c.name for c in table.columns]
    schema = polars_schema(table, names)
    witness = ", ".join(f"{_LITERALS.get(dtype, chr(39) * 2)} AS \"{name}\"" for name, dtype in schema.items())
    listed = ", ".join(f'"{name}"' for name in names)
    query = f'SELECT {witness}, 1 AS {WITNESS} UNION ALL SELECT {listed}, 0 FROM "{table.name}"'
    each = each or (lambda frame: frame)
    child = subprocess.Popen([sys.executable, "-m", "data.sqlite_arrow_child", path, query, str(BATCH_ROWS)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    batches, failed = [], None
    try:
        for batch in pa.ipc.open_stream(child.stdout):
            batches.append(each(_typed(pl.from_arrow(batch), schema)))
    except Exception as exc:  # noqa: BLE001 - a value the parsing refuses, a stream cut short: the usual reader
        failed = exc
    finally:
        child.stdout.close()
        if failed is not None:
            child.kill()
        error = child.stderr.read().decode(errors="replace").strip()
        child.stderr.close()
        child.wait()
    if failed is not None or child.returncode != 0:
        log.info("ADBC could not read %s (%s): reading through SQLAlchemy", table.name, failed or error)
        return None
    batches = [b for b in batches if b.height]
    return pl.concat(batches, rechunk=True) if batches else each(pl.DataFrame(schema=schema))


def _typed(batch: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The batch without the witness row, each column as declared."""
    batch = batch.filter(pl.col(WITNESS) == 0).drop(WITNESS)

    def column(name: str, dtype: pl.DataType) -> pl.Expr:
        if dtype in _PARSE:
            return pl.col(name).cast(pl.String).str.strptime(dtype, _PARSE[dtype], strict=True)
        if dtype == pl.Boolean:
            return pl.col(name).cast(pl.Int64).cast(pl.Boolean)
        return pl.col(name).cast(dtype, strict=True)

    return batch.select(column(name, dtype) for name, dtype in schema.items())
