"""Reading a SQLite warehouse's tables as Arrow through ADBC's SQLite driver, for the metrics layer's whole load.

Through SQLAlchemy every value of every row becomes a Python object first: 26 million events took 249 s at
300,000 employees. ADBC's driver hands over Arrow batches, a few times faster, and the frames are the same
(`tests/data/test_sqlite_arrow.py`). All tables are read in one read transaction, so the frames are one snapshot
of the warehouse even while a sync commits.

The driver infers each column's type from the values of its first batch; a column that starts with NULLs would
be taken for an integer column and fail on its first text. A first row of the declared types (dropped again)
fixes every column's type. Text dates and times are parsed as SQLAlchemy writes them. Where the driver still
refuses a table, `read` returns None and the caller reads it the usual way: slower, never different.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable
from urllib.parse import quote

import polars as pl
from sqlalchemy import Engine, Table

from data.warehouse import polars_schema

log = logging.getLogger(__name__)

BATCH_ROWS = 100_000
WITNESS = "_dirigent_witness"
# A literal of each declared type for the first row: SQLite keeps dates and times as text, booleans as 0 or 1.
_LITERALS = {pl.Float64: "0.5", pl.Int64: "0", pl.Boolean: "0"}
_PARSE = {pl.Datetime("us"): "%Y-%m-%d %H:%M:%S%.f", pl.Date: "%Y-%m-%d"}


class SQLiteArrow:
    """One read-only ADBC connection to the warehouse file, a read transaction over every table read with it."""

    def __init__(self, path: Path):
        import adbc_driver_sqlite.dbapi

        # autocommit off (the DB-API default): the first query opens the read transaction the others share
        self._conn = adbc_driver_sqlite.dbapi.connect(f"file:{quote(str(path))}?mode=ro")

    @classmethod
    def open(cls, engine: Engine) -> "SQLiteArrow | None":
        """A reader for a SQLite file warehouse when ADBC's driver is installed; None otherwise."""
        database = engine.url.database
        if engine.dialect.name != "sqlite" or not database or database == ":memory:" or "mode=memory" in database:
            return None
        try:
            return cls(Path(database))
        except ImportError:
            return None
        except Exception as exc:  # noqa: BLE001 - the driver's own errors: the usual reader still works
            log.info("ADBC cannot open %s (%s): reading through SQLAlchemy", database, exc)
            return None

    def read(self, table: Table, columns: list[str] | None = None,
             each: Callable[[pl.DataFrame], pl.DataFrame] | None = None) -> pl.DataFrame | None:
        """The table's columns as a frame with the declared dtypes, each batch through `each`; None when the driver
        cannot read it (the caller falls back)."""
        names = columns or [c.name for c in table.columns]
        schema = polars_schema(table, names)
        witness = ", ".join(f"{_LITERALS.get(dtype, chr(39) * 2)} AS \"{name}\"" for name, dtype in schema.items())
        listed = ", ".join(f'"{name}"' for name in names)
        query = f'SELECT {witness}, 1 AS {WITNESS} UNION ALL SELECT {listed}, 0 FROM "{table.name}"'
        each = each or (lambda frame: frame)
        try:
            with self._conn.cursor() as cursor:
                cursor.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(BATCH_ROWS)})
                cursor.execute(query)
                batches = [each(_typed(pl.from_arrow(batch), schema)) for batch in cursor.fetch_record_batch()]
        except Exception as exc:  # noqa: BLE001 - a type the driver refuses: the usual reader gives the same frame
            log.info("ADBC could not read %s (%s): reading through SQLAlchemy", table.name, exc)
            return None
        batches = [b for b in batches if b.height]
        return pl.concat(batches, rechunk=True) if batches else each(pl.DataFrame(schema=schema))

    def close(self) -> None:
        self._conn.rollback()
        self._conn.close()


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
