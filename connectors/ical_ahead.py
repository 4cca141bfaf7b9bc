"""Parsing the next calendar file in a worker process while the current one is expanded, mapped and loaded.

icalendar's parser is pure Python and takes about half of a calendar sync; handing the parsed calendars back
(pickled) costs a quarter of parsing them. Used when the files to read are large enough to repay starting the
worker (about a second).
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from icalendar import Calendar

from connectors.ical_text import decode, parse, parse_file, register_zones

AHEAD_MIN_BYTES = 4 << 20  # files to read in all, from which a worker parses ahead


class ParsedAhead:
    """The calendars of `paths`, one after the other; with a worker, the next file is parsed while one is used."""

    def __init__(self, paths: list[Path]):
        self.paths = paths
        large = len(paths) > 1 and sum(p.stat().st_size for p in paths) >= AHEAD_MIN_BYTES
        # spawn: the sync's process holds a database connection, which a fork would copy
        self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) if large else None
        self.futures: dict[int, Future] = {}

    def calendars(self, index: int) -> list[Calendar]:
        """The parsed calendars of paths[index]; CalendarError (or OSError) as parsing them here would raise."""
        if self.pool is None:
            return parse(decode(self.paths[index].read_bytes()))
        for wanted in (index, index + 1):
            if wanted < len(self.paths) and wanted not in self.futures:
                self.futures[wanted] = self.pool.submit(parse_file, str(self.paths[wanted]))
        calendars, zones = self.futures.pop(index).result()
        register_zones(zones)
        return calendars

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
