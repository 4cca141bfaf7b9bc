"""Demo AG: one simulation of a company's learning ecosystem, written as each of its systems exports it.

HR (German Excel CSV), the LMS (Moodle web service answers), the LRS (xAPI NDJSON of external e-learning),
the peer platform (LEX bundle), Teams attendance reports, the session calendars (iCalendar), learning
companionship (CSV) and the skill framework (ESCO CSV layout); deterministic for a seed.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from . import community, formal, peer, social
from .export_calendar import CalendarStream
from .export_companionship import CompanionshipStream
from .export_hr import write_org, write_people
from .export_lex import BundleStream
from .export_moodle import write_site
from .export_skills import write_framework
from .export_teams import ReportWriter, write_reports
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
             end_month: str = "2026-10", on_month: Callable[[int], None] | None = None) -> dict:
    """Write every system's export under out_dir (one folder per system); returns counts.

    The records are written as the months are simulated (xAPI statements, LEX, Teams reports, calendars,
    companionship), and forgotten once written; HR, Moodle (whose enrolments change until the end) and the skill
    framework are written at the end. `on_month(k)` is called after month k (0-based) has been written.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    calendar = build_months(end_month, months + 2)
    before, window = calendar[:2], [replace(m, index=m.index - 2) for m in calendar[2:]]
    export_ms = berlin_ms(window[-1].last + timedelta(days=1), 6 * 60)  # the nightly exports after the window
    for system in SYSTEMS:
        (out_dir / system).mkdir(parents=True, exist_ok=True)
        for stale in (out_dir / system).glob(STALE.get(system, "-")):
            stale.unlink()
    units = build_org(random.Random(f"{seed}:org"))
    people = build_people(random.Random(f"{seed}:people"), units, window, employees)
    rec = Recorder(seed, berlin_ms(window[0].first, 0), out_dir / "lrs" / "statements.ndjson",
                   berlin_ms(window[-1].last, 23 * 60))
    world = World(random.Random(f"{seed}:activity"), people, window, rec, employees, export_ms)
    topic_courses, compliance, onboarding, courses = formal.build_catalogue(world)
    platform, enrolled = peer.Peer(), set()
    lex = BundleStream(out_dir / "lex", people, seed, export_ms)
    reports, teams = ReportWriter(out_dir / "teams", people, seed), [0, 0]
    calendars = CalendarStream(out_dir / "calendar", people, seed, export_ms)
    companionship = CompanionshipStream(out_dir / "companionship", people)
    hosts: set[int] = set()
    world.start_month(window[0])
    formal.warm_up(world, topic_courses, enrolled, before)
    for month in window:
        world.start_month(month)
        formal.simulate_month(world, topic_courses, compliance, onboarding, enrolled)
        peer.simulate_month(world, platform)
        community.simulate_month(world, platform)
        social.simulate_month(world)
        # Nothing recorded from the next month on lies before its first midnight: write up to there, and forget.
        rec.flush(berlin_ms(month.last + timedelta(days=1), 0))
        teams = [a + b for a, b in zip(teams, write_reports(reports, world.lex.sessions))]
        calendars.add(world.lex.sessions)
        hosts.update(s.host for s in world.lex.sessions)
        lex.add(world.lex)
        world.lex.clear()
        companionship.add(world.companionship)
        world.companionship.clear()
        if on_month is not None:
            on_month(month.index)
    statements, voided = rec.finish(VOIDED_SHARE)
    end = window[-1].last
    summary: dict = {
        "org_units": write_org(out_dir / "hr" / "organisation.csv", units),
        "persons": len(people),
        "hr_rows": write_people(out_dir / "hr" / "mitarbeiter.csv", people),
        "headcount_end": sum(1 for p in people if p.employed(end)),
        "moodle": write_site(out_dir / "moodle", courses, people),
        "statements": statements,
        "voided": voided,
        "lex": lex.close(world.lex),
        "teams": dict(zip(("reports", "participants"), teams)),
        "calendar": dict(zip(("files", "events"), calendars.close())),
        "companionship": companionship.close(),
        "skills": write_framework(out_dir / "skills"),
        "hosts": len(hosts),
    }
    summary["bytes"] = {system: _size(out_dir / system) for system in SYSTEMS}
    summary["seconds"] = round(time.perf_counter() - started, 1)
    return summary
