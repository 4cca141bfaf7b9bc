"""The metrics layer at a multiple of a synced warehouse: `python -m bench.replicate --db URL --times N`.

Generating and syncing 300,000 employees takes hours on two cores; the metrics layer can be measured at that
volume sooner. This reads a synced warehouse (e.g. `make bench SCALE=30000` kept with DIRIGENT_BENCH_DATA), makes N
copies of its people and everything they did, each copy with ids of its own (persons, identities, activities),
so the result is N companies of the same shape in one organisation (headcount, events and graph N times; the
org units and skills shared), and measures what `make bench` measures on it: preparing the person events, the
headline metrics by Dirigent and by DuckDB (checked to agree), the whole catalogue for the quarter, peak memory.
It says exactly that in its output: the figures are of replicated data, not of a generated company.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from dataclasses import fields, replace

import polars as pl

ID_COLUMNS = {
    "people": ("person_id", "manager_id"),
    "identities": ("identity_id", "person_id"),
    "events": ("actor_id", "activity_id", "counterpart_id"),
    "activities": ("activity_id", "parent_activity_id", "title", "join_url"),  # unify merges by title, link
    "activity_skills": ("activity_id",),
    "expertise": ("actor_id",),
    "enrolments": ("actor_id", "activity_id"),
    "feedback": ("actor_id", "activity_id"),
}


def replicate(frames, times: int):
    """`times` copies of every person-side frame, ids suffixed with the copy's number (copy 0 keeps its ids)."""
    changed = {}
    for field in fields(frames):
        frame = getattr(frames, field.name)
        columns = [c for c in ID_COLUMNS.get(field.name, ()) if c in frame.columns]
        if not columns:
            continue
        copies = [frame] + [frame.with_columns((pl.col(c).cast(pl.String) + f"~{k}").cast(frame.schema[c])
                                            for c in columns) for k in range(1, times)]
        changed[field.name] = pl.concat(copies, rechunk=True)
    return replace(frames, **changed)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.replicate")
    parser.add_argument("--db", required=True, help="a synced warehouse, e.g. sqlite:////path/bench.db")
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", default="bench/results/replicated.json")
    args = parser.parse_args()

    from sqlalchemy import create_engine

    from bench.__main__ import _median, _new_peak, _phase_peak_mb, whole_catalogue
    from bench.duck import DuckMetrics, computed_headline, dirigent_headline, same
    from data.settings import Settings
    from metrics.frames import load_frames
    from metrics.overview import Metrics
    from metrics.periods import Period

    result: dict = {"source_db": args.db.split("/")[-1], "times": args.times, "runs": args.runs,
                    "load_average_at_start": os.getloadavg()}
    start = time.perf_counter()
    frames = load_frames(create_engine(args.db))
    result["load_seconds"] = round(time.perf_counter() - start, 2)
    start = time.perf_counter()
    frames = replicate(frames, args.times)
    result["replicate_seconds"] = round(time.perf_counter() - start, 2)
    _new_peak()  # making the replicas holds the load twice; a real load does not
    result["events"], result["persons"] = frames.events.height, frames.people["person_id"].n_unique()
    result["frames_mb"] = round(sum(getattr(frames, f.name).estimated_size() for f in fields(frames)) / 1e6)
    start = time.perf_counter()
    model = Metrics(frames, Settings.from_env())
    del frames  # the replicas as made; the model keeps its own prepared frames
    result["prepare_seconds"] = round(time.perf_counter() - start, 2)
    result["person_events"] = model.person_events.height
    last = model.data_range()[1]
    quarter = Period.quarter(last.year, (last.month - 1) // 3 + 1)
    if last < quarter.end:
        quarter = quarter.previous()
    result["quarter"] = quarter.label
    start = time.perf_counter()
    ours = dirigent_headline(model, quarter)
    result["headline_first_seconds"] = round(time.perf_counter() - start, 3)
    ours_seconds, ours = _median(lambda: dirigent_headline(model, quarter), args.runs)
    computed_seconds, _ = _median(lambda: computed_headline(model, quarter), args.runs)
    start = time.perf_counter()
    whole_catalogue(model, quarter)
    result["catalogue_cold_seconds"] = round(time.perf_counter() - start, 2)
    result["catalogue_warm_seconds"] = round(_median(lambda: whole_catalogue(model, quarter),
                                                     max(1, args.runs - 1))[0], 2)
    # the metrics layer's own high-water mark since the replicas were made, before DuckDB's copy joins it
    result["metrics_peak_memory_mb"] = round(_phase_peak_mb())
    duck = DuckMetrics(model.frames, model.person_events, threads=os.cpu_count())
    duck.headline(quarter.start, quarter.end)
    duck_seconds, theirs = _median(lambda: duck.headline(quarter.start, quarter.end), args.runs)
    result["headline"] = {"dirigent": ours, "duckdb": theirs, "differ": same(ours, theirs),
                          "dirigent_seconds": round(ours_seconds, 3), "dirigent_computed_seconds":
                          round(computed_seconds, 3), "duckdb_seconds": round(duck_seconds, 3),
                          "ratio": round(computed_seconds / duck_seconds, 2)}
    result["peak_memory_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    result["load_average_at_end"] = os.getloadavg()
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as handle:
        json.dump(result, handle, indent=2, default=str)
    print(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
