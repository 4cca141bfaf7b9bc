"""Reading warehouse tables as polars frames, with the dtypes the schema declares."""

from __future__ import annotations

from typing import Callable

import polars as pl
from sqlalchemy import Boolean, Connection, Date, DateTime, Float, Integer, Table, select

_DTYPES = {Boolean: pl.Boolean, Date: pl.Date, DateTime: pl.Datetime("us"), Float: pl.Float64, Integer: pl.Int64}


def polars_schema(table: Table, columns: list[str]) -> dict[str, pl.DataType]:
    schema = {}
    for name in columns:
        sql_type = type(table.c[name].type)
        schema[name] = next((dtype for base, dtype in _DTYPES.items() if issubclass(sql_type, base)), pl.String)
    return schema


BATCH_ROWS = 100_000


def read_table(conn: Connection, table: Table, columns: list[str] | None = None, where=None,
               each: Callable[[pl.DataFrame], pl.DataFrame] | None = None) -> pl.DataFrame:
    """The table as a frame. With `each`, read in batches of BATCH_ROWS rows and pass each batch through it
    (e.g. to code its identifiers) before the next is read: rows arrive from the driver as Python objects, about a
    kilobyte per event, so reading millions of rows at once held gigabytes for a moment."""
    names = columns or [c.name for c in table.columns]
    query = select(*[table.c[n] for n in names])
    if where is not None:
        query = query.where(where)
    schema = polars_schema(table, names)
    if each is None:
        frame = pl.read_database(query, connection=conn, schema_overrides=schema)
        return pl.DataFrame(schema=schema) if frame.is_empty() else frame.cast(schema)
    batches = [each(batch.cast(schema)) for batch in pl.read_database(
        query, connection=conn, schema_overrides=schema, iter_batches=True, batch_size=BATCH_ROWS)
        if not batch.is_empty()]
    return pl.concat(batches, rechunk=True) if batches else each(pl.DataFrame(schema=schema))
