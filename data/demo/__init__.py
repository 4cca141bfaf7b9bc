"""Demo AG: one simulation of a company's learning ecosystem, written as each of its systems exports it.

HR (German Excel CSV), the LMS (Moodle web service answers), the LRS (xAPI NDJSON of external e-learning),
the peer platform (LEX bundle), Teams attendance reports, the session calendars (iCalendar), learning
companionship (CSV) and the skill framework (ESCO CSV layout); deterministic for a seed.
"""

from __future__ import annotations

import random
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from . import community, formal, peer, social
from .export_calendar import write_calendars
from .export_companionship import write_companionship
from .export_hr import write_org, write_people
from .export_lex import write_bundle
from .export_moodle import write_site
from .export_skills import write_framework
from .export_teams import write_reports
from .export_xapi import Recorder
from .org import build_org
from .people import build_people
from .timeline import berlin_ms, build_months
from .world import World

VOIDED_SHARE = 0.001
SYSTEMS = ("hr", "moodle", "lrs", "lex", "teams", "calendar", "companionship", "skills")


# Files whose names depend on the data: removed before writing, so that a folder generated again holds no
# reports, calendars or answers of an earlier run.
STALE = {"moodle": "responses/*/*.json", "lex": "*.jsonl", "teams": "*.csv", "calendar": "*.ics"}


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def generate(out_dir: Path, employees: int = 5000, months: int = 24, seed: int = 42,
             end_month: str = "2026-10") -> dict:
    """Write every system's export under out_dir (one folder per system); returns counts."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    calendar = build_months(end_month, months + 2)
    before, window = calendar[:2], [replace(m, index=m.index - 2) for m in calendar[2:]]
    export_ms = berlin_ms(window[-1].last + timedelta(days=1), 6 * 60)  # the nightly exports after the window
    units = build_org(random.Random(f"{seed}:org"))
    people = build_people(random.Random(f"{seed}:people"), units, window, employees)
    rec = Recorder(seed, berlin_ms(window[0].first, 0))
    world = World(random.Random(f"{seed}:activity"), people, window, rec, employees, export_ms)
    topic_courses, compliance, onboarding, courses = formal.build_catalogue(world)
    platform, enrolled = peer.Peer(), set()
    world.start_month(window[0])
    formal.warm_up(world, topic_courses, enrolled, before)
    for month in window:
        world.start_month(month)
        formal.simulate_month(world, topic_courses, compliance, onboarding, enrolled)
        peer.simulate_month(world, platform)
        community.simulate_month(world, platform)
        social.simulate_month(world)
    voided = rec.void_some(VOIDED_SHARE, berlin_ms(window[-1].last, 23 * 60))
    for system in SYSTEMS:
        (out_dir / system).mkdir(parents=True, exist_ok=True)
        for stale in (out_dir / system).glob(STALE.get(system, "-")):
            stale.unlink()
    end = window[-1].last
    lex = world.lex
    summary: dict = {
        "org_units": write_org(out_dir / "hr" / "organisation.csv", units),
        "persons": len(people),
        "hr_rows": write_people(out_dir / "hr" / "mitarbeiter.csv", people),
        "headcount_end": sum(1 for p in people if p.employed(end)),
        "moodle": write_site(out_dir / "moodle", courses, people),
        "statements": rec.write(out_dir / "lrs" / "statements.ndjson"),
        "voided": voided,
        "lex": write_bundle(out_dir / "lex", lex, people, seed, export_ms),
        "teams": dict(zip(("reports", "participants"), write_reports(out_dir / "teams", lex.sessions, people, seed))),
        "calendar": dict(zip(("files", "events"), write_calendars(out_dir / "calendar", lex.sessions, people, seed,
                                                                  export_ms))),
        "companionship": write_companionship(out_dir / "companionship", world.companionship, people),
        "skills": write_framework(out_dir / "skills"),
        "hosts": len({s.host for s in lex.sessions}),
    }
    summary["bytes"] = {system: _size(out_dir / system) for system in SYSTEMS}
    summary["seconds"] = round(time.perf_counter() - started, 1)
    return summary
