"""Reading warehouse tables as polars frames, with the dtypes the schema declares."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Boolean, Connection, Date, DateTime, Float, Integer, Table, select

_DTYPES = {Boolean: pl.Boolean, Date: pl.Date, DateTime: pl.Datetime("us"), Float: pl.Float64, Integer: pl.Int64}


def polars_schema(table: Table, columns: list[str]) -> dict[str, pl.DataType]:
    schema = {}
    for name in columns:
        sql_type = type(table.c[name].type)
        schema[name] = next((dtype for base, dtype in _DTYPES.items() if issubclass(sql_type, base)), pl.String)
    return schema


def read_table(conn: Connection, table: Table, columns: list[str] | None = None, where=None) -> pl.DataFrame:
    names = columns or [c.name for c in table.columns]
    query = select(*[table.c[n] for n in names])
    if where is not None:
        query = query.where(where)
    schema = polars_schema(table, names)
    frame = pl.read_database(query, connection=conn, schema_overrides=schema)
    if frame.is_empty():
        return pl.DataFrame(schema=schema)
    return frame.cast(schema)
