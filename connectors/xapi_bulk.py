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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from connectors.base import redacted
from connectors.xapi_mapping import VERBS, VOIDED, parse_duration
from data.bulk import Bulk
from data.loading import Rejected

if TYPE_CHECKING:
    from connectors.xapi import Xapi

BLOCK_BYTES = 1 << 26  # 64 MiB of whole lines a block: about 48,000 statements of an LRS export
BISECT_MIN_LINES = 1000  # from this many lines, a block with a line polars cannot read is halved
SMALLEST_PART = 16  # a part of a block polars cannot read is halved down to this many lines
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

    A worker thread cuts, parses and maps the next block (`_prepare`) while the loader writes the current one
    (polars, hashlib and SQLite release the GIL), so the two cores share the work; blocks are still yielded in
    file order, and everything stateful (which reference rows this run has yielded, the watermark, the record
    path) stays in the caller's thread. The first Bulk carries the reader's estimate of the file's statements,
    by which the loader chooses how to insert (data/bulk.py).
    """
    size = path.stat().st_size
    blocks = _line_blocks(path)
    with ThreadPoolExecutor(1, thread_name_prefix="xapi-parse") as pool:
        try:
            pending = pool.submit(_prepare, connector, path.name, blocks)
            first = True
            while (prepared := pending.result()) is not None:
                pending = pool.submit(_prepare, connector, path.name, blocks)
                expected = 0
                if first:
                    block = prepared.block
                    expected = max(len(block.numbers), int(size / max(len(block.data), 1) * len(block.numbers)))
                    first = False
                watermark = yield from _block(connector, path.name, prepared, expected, watermark)
        finally:
            pending.cancel()
            pool.shutdown(wait=True)
            blocks.close()
    return watermark


class _Lines:
    """A block of lines: `data` as polars reads it, their line numbers, and the lines one by one (each ending in
    one newline, as text mode reads them; split only when statements take the record path)."""

    def __init__(self, data: bytes, numbers, lines: list[bytes] | None = None):
        self.data, self.numbers, self._lines = data, numbers, lines

    @property
    def lines(self) -> list[bytes]:
        if self._lines is None:
            self._lines = [line[:-1] + b"\n" if line.endswith(b"\r") else line + b"\n"
                           for line in self.data[:-1].split(b"\n")]
        return self._lines


def _line_blocks(path: Path) -> Iterator[_Lines]:
    """Blocks of whole lines of about BLOCK_BYTES each, as read (a byte order mark at the start dropped): one read,
    one copy and one count of newlines per block, no Python step per line."""
    with path.open("rb") as handle:
        first = 1
        while data := handle.read(BLOCK_BYTES):
            if first == 1 and data.startswith(b"\xef\xbb\xbf"):
                data = data[3:]
            if not data.endswith(b"\n"):
                data += handle.readline()  # up to the end of the line the read cut
                if not data.endswith(b"\n"):
                    data += b"\n"  # the last line of a file without a final newline
            count = data.count(b"\n")
            yield _Lines(data, range(first, first + count))
            first += count


def _careful(block: _Lines) -> _Lines:
    """The block line by line: blank lines dropped, CRLF read as LF (so that error positions match the record
    path's)."""
    lines: list[bytes] = []
    numbers: list[int] = []
    for number, line in zip(block.numbers, block.lines):
        if line.strip():
            lines.append(line)
            numbers.append(number)
    return _Lines(b"".join(lines), numbers, lines)


def _parse(block: _Lines) -> tuple[_Lines, pl.DataFrame | None, list[int]]:
    """The block (line by line when it holds blank lines), its frame of SCHEMA, and the indexes of the lines
    polars cannot read (the frame holds the others, in order).

    polars skips blank lines, so a frame shorter than the block means the block is read again line by line. A
    block of BISECT_MIN_LINES or more with a line polars cannot read is halved until the parts read or hold a
    few lines only; those take the record path, which quarantines what is broken with its line and maps the
    rest (a smaller block takes the record path whole)."""
    frame = _read(block.data, len(block.numbers))
    if frame is not None:
        return block, frame, []
    block = _careful(block)
    frame = _read(block.data, len(block.numbers)) if block.numbers else None
    if frame is not None or len(block.numbers) < BISECT_MIN_LINES:
        return block, frame, []  # a small block with a broken line goes record by record, as cheap as halving
    frames: list[pl.DataFrame] = []
    bad: list[int] = []
    _bisect(block.lines, 0, frames, bad)
    return block, (pl.concat(frames) if frames else None), bad


def _bisect(lines: list[bytes], offset: int, frames: list[pl.DataFrame], bad: list[int]) -> None:
    middle = len(lines) // 2
    for part, start in ((lines[:middle], offset), (lines[middle:], offset + middle)):
        frame = _read(b"".join(part), len(part)) if part else None
        if frame is not None:
            frames.append(frame)
        elif len(part) <= SMALLEST_PART:
            bad.extend(range(start, start + len(part)))
        else:
            _bisect(part, start, frames, bad)


def _read(data: bytes, count: int) -> pl.DataFrame | None:
    """The lines as a frame of SCHEMA, or None when polars cannot read every one of them."""
    try:
        raw = pl.read_ndjson(io.BytesIO(data), schema=SCHEMA)
    except Exception:  # noqa: BLE001 - any line polars cannot read
        return None
    return raw if raw.height == count else None


def _one_by_one(connector: Xapi, name: str, lines: list[bytes], numbers, watermark: str) -> Iterator:
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


@dataclass
class _Prepared:
    """A block as the worker leaves it: mapped rows and voids, the reference rows its statements bring (or None
    when one of them is one the record path rejects), the lines that take the record path, the newest stored."""

    block: _Lines
    rows: pl.DataFrame | None = None
    voids: pl.DataFrame | None = None
    related: list | None = None
    slow: list[int] = field(default_factory=list)
    stored: str | None = None


def _prepare(connector: Xapi, name: str, blocks: Iterator[_Lines]) -> _Prepared | None:
    """The next block of the file, parsed and mapped (in the worker thread); None at the end of the file."""
    block = next(blocks, None)
    if block is None:
        return None
    block, raw, bad = _parse(block)
    if raw is None:
        return _Prepared(block)
    numbers = block.numbers
    unread = set(bad)
    keep = [i for i in range(len(numbers)) if i not in unread] if bad else None  # the lines the frame holds
    positions = pl.Series("position", [numbers[i] for i in keep] if keep is not None else numbers, pl.Int64)
    objects = _objects(raw["object"])
    frame = raw.join(objects, on="object", how="left", maintain_order="left").select(
        positions,
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
    newest = str(stored.max()) if stored.len() else None
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
    slow = (~(fine_mask | void_mask)).arg_true().to_list()
    if keep is not None:
        slow = sorted(bad + [keep[i] for i in slow])
    try:
        related = _related(connector, raw.filter(fine_mask))
    except (ValueError, TypeError, KeyError, AttributeError):  # a definition the record path rejects
        related = None
    return _Prepared(block, rows, voids, related, slow, newest)


def _block(connector: Xapi, name: str, prepared: _Prepared, expected: int, watermark: str) -> Iterator:
    """The items of a prepared block, in the caller's thread: the Bulk, then the statements of the record path."""
    block = prepared.block
    if prepared.rows is None or prepared.related is None:  # nothing polars read, or a definition it must reject
        return (yield from _one_by_one(connector, name, block.lines, block.numbers, watermark))
    if prepared.stored is not None:
        watermark = max(watermark, prepared.stored)
    yield Bulk(prepared.rows, prepared.voids, [row for row in prepared.related if connector._first_time(row)],
               expected)
    if prepared.slow:
        lines, numbers = block.lines, block.numbers
        watermark = yield from _one_by_one(connector, name, [lines[i] for i in prepared.slow],
                                           [numbers[i] for i in prepared.slow], watermark)
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
    """Activity and skill rows, mapped the record way once per distinct object and context of the block (the
    caller keeps those this run has not yielded yet)."""
    if raw.is_empty():
        return []
    mapped = []
    for obj, context in raw.select("object", "context").unique(maintain_order=True).iter_rows():
        mapped.extend(connector._activity(json.loads(obj), json.loads(context) if context else {}))
    return mapped
