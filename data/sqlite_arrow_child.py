"""The child of `data.sqlite_arrow`: `python -m data.sqlite_arrow_child FILE QUERY BATCH_ROWS` streams the query's
rows as one Arrow IPC stream to standard output. It imports only the driver and pyarrow, so it starts at once."""

import sys
from urllib.parse import quote


def stream(path: str, query: str, batch_rows: int) -> None:
    import adbc_driver_sqlite.dbapi
    import pyarrow as pa

    with adbc_driver_sqlite.dbapi.connect(f"file:{quote(path)}?mode=ro") as conn, conn.cursor() as cursor:
        cursor.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(batch_rows)})
        cursor.execute(query)
        reader = cursor.fetch_record_batch()
        with pa.ipc.new_stream(sys.stdout.buffer, reader.schema) as out:
            for batch in reader:
                out.write_batch(batch)


if __name__ == "__main__":
    stream(sys.argv[1], sys.argv[2], int(sys.argv[3]))
