"""Demo AG: a synthetic company's HR exports and LRS statements, deterministic for a seed."""

from __future__ import annotations

import random
import time
from dataclasses import replace
from pathlib import Path

from . import formal, peer, social
from .org import build_org
from .people import build_people
from .statements import Recorder
from .timeline import berlin_ms, build_months
from .world import World
from .writers import write_org, write_people

VOIDED_SHARE = 0.001


def generate(out_dir: Path, employees: int = 5000, months: int = 24, seed: int = 42,
             end_month: str = "2026-10") -> dict:
    """Write hr/organisation.csv, hr/mitarbeiter.csv and lrs/statements.ndjson under out_dir; returns counts."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    calendar = build_months(end_month, months + 2)
    before, window = calendar[:2], [replace(m, index=m.index - 2) for m in calendar[2:]]
    units = build_org(random.Random(f"{seed}:org"))
    people = build_people(random.Random(f"{seed}:people"), units, window, employees)
    rec = Recorder(seed, berlin_ms(window[0].first, 0))
    world = World(random.Random(f"{seed}:activity"), people, window, rec, employees)
    courses, compliance, onboarding = formal.build_catalogue(world)
    platform, coaching, enrolled = peer.Peer(), social.Social(), set()
    world.start_month(window[0])
    formal.warm_up(world, courses, enrolled, before)
    for month in window:
        world.start_month(month)
        formal.simulate_month(world, courses, compliance, onboarding, enrolled)
        peer.simulate_month(world, platform)
        social.simulate_month(world, coaching)
    voided = rec.void_some(VOIDED_SHARE, berlin_ms(window[-1].last, 23 * 60))
    (out_dir / "hr").mkdir(parents=True, exist_ok=True)
    (out_dir / "lrs").mkdir(parents=True, exist_ok=True)
    files = {"org": out_dir / "hr" / "organisation.csv", "people": out_dir / "hr" / "mitarbeiter.csv",
             "statements": out_dir / "lrs" / "statements.ndjson"}
    end = window[-1].last
    summary = {
        "files": [str(p) for p in files.values()],
        "org_units": write_org(files["org"], units),
        "persons": len(people),
        "hr_rows": write_people(files["people"], people),
        "headcount_end": sum(1 for p in people if p.employed(end)),
        "statements": rec.write(files["statements"]),
        "voided": voided,
        "sessions": platform.sessions,
        "hosts": len(platform.hosts),
    }
    summary["seconds"] = round(time.perf_counter() - started, 1)
    return summary
