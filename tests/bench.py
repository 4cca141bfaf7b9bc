"""`make bench`: time the demo pipeline end to end and print figures (never asserted in tests).

Environment: DIRIGENT_BENCH_EMPLOYEES (default 5000), DIRIGENT_BENCH_MONTHS (24),
DIRIGENT_BENCH_DB_URL (default a fresh SQLite file in a temporary folder).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from connectors.config import KINDS, load_sources
from data.db import make_engine
from data.demo import generate
from data.loading import run_sync
from data.migrate import upgrade
from data.pseudonyms import Pseudonymiser
from data.settings import Settings
from metrics.frames import load_frames
from metrics.overview import Metrics
from metrics.periods import Period

SOURCES = Path(__file__).resolve().parent.parent / "data" / "demo" / "sources.toml"


def timed(label: str, results: list, action):
    start = time.perf_counter()
    value = action()
    results.append((label, time.perf_counter() - start))
    return value


def main() -> None:
    employees = int(os.environ.get("DIRIGENT_BENCH_EMPLOYEES", "5000"))
    months = int(os.environ.get("DIRIGENT_BENCH_MONTHS", "24"))
    results: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        exports = root / "demo_exports"
        summary = timed("generate demo company", results, lambda: generate(exports, employees=employees, months=months))
        config = root / "demo" / "sources.toml"
        config.parent.mkdir()
        config.write_text(SOURCES.read_text())
        engine = make_engine(os.environ.get("DIRIGENT_BENCH_DB_URL") or f"sqlite:///{root / 'bench.db'}")
        upgrade(engine)
        pseudonymise = Pseudonymiser(b"bench-key-" + b"0" * 32)

        def sync():
            return [run_sync(engine, KINDS[s.kind](s.name, s.options, pseudonymise, config.parent))
                    for s in load_sources(config)]

        first = timed("first sync (all sources)", results, sync)
        timed("second sync (nothing new)", results, sync)
        frames = timed("load warehouse into frames", results, lambda: load_frames(engine))
        model = timed("prepare person events", results, lambda: Metrics(frames, Settings.from_env()))
        last = model.data_range()[1]
        period = Period.month(last.year, last.month)
        timed("overview KPIs (month + previous)", results, lambda: model.kpis(period))
        months_back = period.months()[-1]
        timed("24-month trend", results,
              lambda: model.monthly_trend(Period.month(months_back.start.year - 2, months_back.start.month),
                                          months_back))
        engine.dispose()
    print(f"demo company: {employees} employees, {months} months; generator summary: {summary}")
    for run in first:
        print(f"  {run.source}: read {run.counts.read:,}, loaded {run.counts.loaded:,}, "
              f"quarantined {run.counts.quarantined:,}")
    statements = sum(r.counts.read for r in first)
    for label, seconds in results:
        print(f"{label:<36} {seconds:8.2f} s")
    sync_seconds = dict(results)["first sync (all sources)"]
    print(f"{'first-sync throughput':<36} {statements / sync_seconds:8,.0f} records/s")


if __name__ == "__main__":
    main()
