"""`make bench`: time the demo pipeline end to end and print figures (never asserted in tests).

Environment: DIRIGENT_BENCH_EMPLOYEES (default 5000), DIRIGENT_BENCH_MONTHS (24),
DIRIGENT_BENCH_DB_URL (default a fresh SQLite file in a temporary folder).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from data.db import make_engine
from data.migrate import upgrade
from data.pseudonyms import Pseudonymiser
from data.settings import Settings
from metrics.catalogue import CATALOGUE
from metrics.compute import compute
from metrics.frames import load_frames
from metrics.overview import Metrics
from metrics.periods import Period
from tests.bench_pages import time_pages
from tests.support.demo import generate_demo, sync_demo


def main() -> None:
    employees = int(os.environ.get("DIRIGENT_BENCH_EMPLOYEES", "5000"))
    months = int(os.environ.get("DIRIGENT_BENCH_MONTHS", "24"))
    timings: list[tuple[str, float]] = []

    def timed(label: str, action):
        start = time.perf_counter()
        value = action()
        timings.append((label, time.perf_counter() - start))
        return value

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        timed("generate demo company", lambda: generate_demo(root, employees=employees, months=months))
        engine = make_engine(os.environ.get("DIRIGENT_BENCH_DB_URL") or f"sqlite:///{root / 'bench.db'}")
        upgrade(engine)
        pseudonymise = Pseudonymiser(b"bench-key-" + b"0" * 32)
        timed("import Great Expectations (once per process)", _import_gx)
        first = sync_demo(engine, root, pseudonymise, timed)
        timed("second sync, every source", lambda: sync_demo(engine, root, pseudonymise))
        frames = timed("load warehouse into frames", lambda: load_frames(engine))
        model = timed("prepare person events", lambda: Metrics(frames, Settings.from_env()))
        last = model.data_range()[1]
        period = Period.month(last.year, last.month)
        timed("overview KPIs (month + previous)", lambda: model.kpis(period))
        timed("24-month trend", lambda: model.monthly_trend(Period.month(last.year - 2, last.month), period))
        quarter = Period.quarter(last.year, (last.month - 1) // 3 + 1)
        timed("whole catalogue, one quarter (first pass)", lambda: [compute(model, m.id, quarter) for m in CATALOGUE])
        timed("whole catalogue, one quarter (second pass)", lambda: [compute(model, m.id, quarter) for m in CATALOGUE])
        timings.extend(time_pages(engine.url.render_as_string(hide_password=False)))
        engine.dispose()
    seconds = dict(timings)
    print(f"demo company: {employees} employees, {months} months, database {engine.url.get_backend_name()}")
    print(f"{'source':<28} {'read':>9} {'loaded':>9} {'quarantined':>11} {'seconds':>8} {'records/s':>10}")
    for run in first:
        spent = seconds[f"sync {run.source} ({run.kind})"]
        print(f"{run.source + ' (' + run.kind + ')':<28} {run.counts.read:>9,} {run.counts.loaded:>9,} "
              f"{run.counts.quarantined:>11,} {spent:>8.2f} {run.counts.read / spent:>10,.0f}")
    print()
    for label, spent in timings:
        if not label.startswith("sync "):
            print(f"{label:<46} {spent:8.2f} s")


def _import_gx():
    from data.validation import _batch_definition

    return _batch_definition()


if __name__ == "__main__":
    main()
