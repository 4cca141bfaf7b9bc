"""Column-wise reading of xAPI NDJSON exports: blocks of lines parsed by polars, mapped as columns.

The fast path for the largest source (an LRS export holds millions of statements). A block of lines is parsed
by `polars.read_ndjson` against a schema of the fields the mapping reads; every statement of the common shape
(an Agent with mbox, an Activity with an id, a known or unknown verb, a timestamp in UTC with Z, an ISO
duration) is mapped column-wise, its actor pseudonymised once per distinct address, and the block is yielded as
one `data.bulk.Bulk`. Voiding statements (a StatementRef) travel in the same Bulk. Every other statement takes
the record-by-record mapping of `connectors/xapi.py` (same reasons, same quarantine), and so does a whole block
that polars cannot parse (a line of broken JSON): nothing changes but the speed. The activity and skill rows are
mapped by the record path once per distinct object and context of a block.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from connectors.base import redacted
from connectors.xapi_mapping import VERBS, VOIDED, parse_duration
from data.bulk import Bulk
from data.loading import Rejected

if TYPE_CHECKING:
    from connectors.xapi import Xapi

BLOCK_LINES = 50_000
# The fields the mapping reads; `object` and `context` stay JSON text (parsed once per distinct value: a block
# names few activities, and parsing their nested definitions on every line would triple the time).
SCHEMA = {
    "id": pl.String,
    "actor": pl.Struct({"mbox": pl.String}),
    "verb": pl.Struct({"id": pl.String}),
    "object": pl.String,
    "result": pl.Struct({"duration": pl.String, "success": pl.Boolean, "completion": pl.Boolean,
                         "score": pl.Struct({"scaled": pl.Float64})}),
    "context": pl.String,
    "timestamp": pl.String,
    "stored": pl.String,
}
UTC_Z = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$"


def read_ndjson(connector: Xapi, path: Path, watermark: str) -> Iterator:
    """Items of one NDJSON file (Bulk blocks, and records of the unusual shapes); returns the new watermark.

    While the loader writes one block, a worker thread parses the next (polars and SQLite both release the GIL),
    so the two cores share the work; blocks are still yielded in file order.
    """
    with ThreadPoolExecutor(1, thread_name_prefix="xapi-parse") as pool:
        pending = None
        for lines, numbers in _line_blocks(path):
            parsed = pool.submit(_parse, lines)
            if pending:
                watermark = yield from _block(connector, path.name, *pending, watermark)
            pending = (lines, numbers, parsed)
        if pending:
            watermark = yield from _block(connector, path.name, *pending, watermark)
    return watermark


def _line_blocks(path: Path) -> Iterator[tuple[list[bytes], list[int]]]:
    """Blocks of non-blank lines with their line numbers, each line ending in one newline as text mode reads it."""
    with path.open("rb") as handle:
        lines: list[bytes] = []
        numbers: list[int] = []
        for number, line in enumerate(handle, start=1):
            if number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if not line.strip():
                continue
            if line.endswith(b"\r\n"):  # so that error positions match the record path's
                line = line[:-2] + b"\n"
            lines.append(line if line.endswith(b"\n") else line + b"\n")
            numbers.append(number)
            if len(lines) == BLOCK_LINES:
                yield lines, numbers
                lines, numbers = [], []
        if lines:
            yield lines, numbers


def _parse(lines: list[bytes]) -> pl.DataFrame | None:
    """The block as a frame of SCHEMA, or None when polars cannot read every line of it."""
    try:
        raw = pl.read_ndjson(io.BytesIO(b"".join(lines)), schema=SCHEMA)
    except Exception:  # noqa: BLE001 - any line polars cannot read: the block goes record by record
        return None
    return raw if raw.height == len(lines) else None


def _one_by_one(connector: Xapi, name: str, lines: list[bytes], numbers: list[int], watermark: str) -> Iterator:
    """The record-by-record path, exactly as `Xapi._statements` and `_read_files` take it."""
    for line, number in zip(lines, numbers):
        location = f"{name}:{number}"
        try:
            statement = json.loads(line.decode("utf-8"))
        except json.JSONDecodeError as exc:
            yield Rejected(location, f"not valid JSON: {exc.msg} at character {exc.pos + 1}",
                           redacted({"line": "<unparseable JSON, not stored>"}))
            continue
        if isinstance(statement, dict):
            watermark = max(watermark, str(statement.get("stored", "")))
        yield connector.map_statement(location, statement)
    return watermark


def _block(connector: Xapi, name: str, lines: list[bytes], numbers: list[int], parsed: Future,
           watermark: str) -> Iterator:
    raw = parsed.result()
    if raw is None:
        return (yield from _one_by_one(connector, name, lines, numbers, watermark))
    objects = _objects(raw["object"])
    frame = raw.join(objects, on="object", how="left", maintain_order="left").select(
        pl.Series("position", numbers, pl.Int64),
        pl.col("id"),
        pl.col("verb").struct.field("id").alias("verb_iri"),
        pl.col("actor").struct.field("mbox"),
        "object_type",
        "activity_id",
        pl.when(pl.col("timestamp").is_null() | (pl.col("timestamp") == "")).then(pl.col("stored"))
        .otherwise(pl.col("timestamp")).alias("when"),
        pl.col("result").struct.field("duration"),
        pl.col("result").struct.field("success"),
        pl.col("result").struct.field("completion"),
        pl.col("result").struct.field("score").struct.field("scaled").alias("score"),
        pl.col("stored"),
    )
    stored = frame["stored"].drop_nulls()
    if stored.len():
        watermark = max(watermark, str(stored.max()))
    durations = _durations(frame["duration"])
    verbs = _verbs(frame["verb_iri"])
    frame = frame.with_columns(
        pl.col("when").str.to_datetime("%Y-%m-%dT%H:%M:%S%.fZ", time_unit="us", strict=False)
        .alias("occurred_at"),
        pl.col("duration").replace_strict(durations, default=None, return_dtype=pl.Float64)
        .alias("duration_seconds"),
    )
    is_void = (pl.col("verb_iri") == VOIDED) & (pl.col("object_type") == "StatementRef") \
        & pl.col("activity_id").is_not_null() & (pl.col("activity_id") != "")
    fine = (pl.col("id").is_not_null() & (pl.col("id") != "") & pl.col("verb_iri").is_not_null()
            & (pl.col("verb_iri") != "") & (pl.col("verb_iri") != VOIDED) & pl.col("mbox").is_not_null()
            & (pl.col("mbox") != "")
            & (pl.col("object_type").is_null() | (pl.col("object_type") == "Activity"))
            & pl.col("activity_id").is_not_null() & (pl.col("activity_id") != "")
            & pl.col("when").str.contains(UTC_Z).fill_null(False) & pl.col("occurred_at").is_not_null()
            & (pl.col("duration").is_null() | pl.col("duration").is_in(list(durations))))
    kinds = frame.select(fine.fill_null(False).alias("fine"),
                         (is_void & pl.col("id").is_not_null() & (pl.col("id") != "")).fill_null(False)
                         .alias("void"))
    fine_mask, void_mask = kinds["fine"], kinds["void"]
    rows = frame.filter(fine_mask)
    actors = {mbox: connector.pseudonymise("email", mbox) for mbox in rows["mbox"].unique().to_list()}
    location = pl.format("{}:{}", pl.lit(name), pl.col("position"))
    rows = rows.select(
        "position", location.alias("location"),
        pl.lit(connector.name).alias("source"), pl.col("id").alias("source_record_id"),
        pl.col("mbox").replace_strict(actors, return_dtype=pl.String).alias("actor_id"),
        "activity_id",
        pl.col("verb_iri").replace_strict({k: v[0] for k, v in verbs.items()}, return_dtype=pl.String).alias("verb"),
        pl.col("verb_iri").replace_strict({k: v[1] for k, v in verbs.items()}, return_dtype=pl.String).alias("role"),
        "occurred_at", "duration_seconds", "success", "completion", "score",
    )
    voids = frame.filter(void_mask).select("position", location.alias("location"),
                                           pl.col("activity_id").alias("source_record_id"),
                                           pl.col("id").alias("voided_by"))
    try:
        related = _related(connector, raw.filter(fine_mask))
    except (ValueError, TypeError, KeyError, AttributeError):  # a definition the record path rejects
        return (yield from _one_by_one(connector, name, lines, numbers, watermark))
    yield Bulk(rows, voids, related)
    slow = ~(fine_mask | void_mask)
    if slow.any():
        index = slow.arg_true().to_list()
        watermark = yield from _one_by_one(connector, name, [lines[i] for i in index], [numbers[i] for i in index],
                                           watermark)
    return watermark


def _durations(column: pl.Series) -> dict[str, float]:
    """Seconds of each distinct ISO duration that parses (the others send their statements the record way)."""
    parsed = {}
    for text in column.drop_nulls().unique().to_list():
        try:
            parsed[text] = parse_duration(text)
        except ValueError:
            pass
    return parsed


def _verbs(column: pl.Series) -> dict[str, tuple[str, str]]:
    return {iri: VERBS.get(iri, (iri.rstrip("/").rsplit("/", 1)[-1][:32], "other"))
            for iri in column.drop_nulls().unique().to_list()}


def _objects(column: pl.Series) -> pl.DataFrame:
    """object (JSON text), object_type and activity_id for each distinct object of a block."""
    texts = column.drop_nulls().unique().to_list()
    kinds, ids = [], []
    for text in texts:
        try:
            value = json.loads(text)
        except ValueError:  # a bare string where an object belongs: the record path says what is wrong
            value = None
        value = value if isinstance(value, dict) else {}
        kind, ident = value.get("objectType"), value.get("id")
        kinds.append(kind if isinstance(kind, str) or kind is None else json.dumps(kind))
        ids.append(ident if isinstance(ident, str) else None)  # an id of another type: the record path judges
    return pl.DataFrame({"object": texts, "object_type": kinds, "activity_id": ids},
                        schema={"object": pl.String, "object_type": pl.String, "activity_id": pl.String})


def _related(connector: Xapi, raw: pl.DataFrame) -> list:
    """Activity and skill rows, mapped the record way once per distinct object and context of the block."""
    if raw.is_empty():
        return []
    mapped = []
    for obj, context in raw.select("object", "context").unique(maintain_order=True).iter_rows():
        mapped.extend(connector._activity(json.loads(obj), json.loads(context) if context else {}))
    return [row for row in mapped if connector._first_time(row)]
