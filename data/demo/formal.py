"""Formal learning in the LMS (Moodle): the course catalogue, enrolments, sittings, completions and tests."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from .catalog import COMPLIANCE, ONBOARDING, PROVIDERS, TOPICS, tag
from .org import pick
from .statements import Activity, activity
from .timeline import SEASON, Month, iso_duration, next_workday
from .world import World

ENROLMENTS_PER_HEAD = 0.31  # new course enrolments per employee and month, before seasonality
FORMATS = (("elearning", 58), ("virtual", 22), ("classroom", 20))
LONG_AGO = date(2000, 1, 1)  # courses already in the catalogue before the window
PROGRESS = "https://w3id.org/xapi/cmi5/result/extensions/progress"
PLANNED_MIN = {"elearning": (30, 45, 60, 60, 90, 120, 180, 240), "virtual": (120, 180, 180, 240),
               "classroom": (480, 480, 960)}


@dataclass
class Course:
    """A course in the catalogue; internal courses created in the window have an author."""

    act: Activity
    family: str
    fmt: str
    planned_min: int
    assessed: bool
    popularity: float
    available: date
    mandatory: bool = False


def _course(w: World, n: int, title: str, family: str, fmt: str, planned: int, assessed: bool,
            provider: str, skills: list[str], available: date, popularity: float) -> Course:
    act = activity("course", f"https://lms.demo-ag.example/course/{n}", title, planned * 60, provider, "Moodle",
                   skills)
    return Course(act, family, fmt, planned, assessed, popularity, available)


def build_catalogue(w: World) -> tuple[list[Course], list[Course], Course]:
    """Topic courses (some authored in the window by internal trainers), compliance and onboarding courses."""
    rng, start = w.rng, w.months[0].first
    stable = [p for p in w.people if p.hire < start and p.exit is None]
    trainers = sorted(rng.sample(stable, min(len(stable), max(3, round(8 * w.scale)))), key=lambda p: p.index)
    courses, n = [], 100
    for topic in TOPICS:
        for title in topic.courses:
            n += 1
            fmt, provider = pick(rng, FORMATS), pick(rng, PROVIDERS)
            internal_new = provider == "Demo AG Akademie" and bool(trainers) and rng.random() < 0.35
            available = w.day(rng.choice(w.months[:-1] or w.months)) if internal_new else LONG_AGO
            course = _course(w, n, title, topic.family, fmt, rng.choice(PLANNED_MIN[fmt]),
                             rng.random() < (0.45 if fmt == "elearning" else 0.25), provider, tag(rng, topic),
                             available, rng.lognormvariate(0, 0.6))
            if internal_new:
                author = rng.choice(trainers)
                w.rec.add(w.at(available, rng.randint(8 * 60, 16 * 60)), author.index, "author", course.act)
            courses.append(course)
    compliance = []
    for title, skills in COMPLIANCE:
        n += 1
        c = _course(w, n, title, "general", "elearning", 45, True, "Demo AG Akademie", list(skills), start, 1.0)
        c.mandatory = True
        compliance.append(c)
    onboarding = _course(w, n + 1, ONBOARDING[0], "general", "elearning", 90, False, "Demo AG Akademie",
                         list(ONBOARDING[1]), start, 1.0)
    return courses, compliance, onboarding


def _sitting(w: World, person: int, day: date, dur_s: int, verb: str, act: Activity, result: dict,
             extra_min: int = 0) -> int | None:
    """One learning sitting that ends with a statement; None if the person is not employed that day."""
    p = w.people[person]
    if day > w.end or not p.employed(day):
        return None
    minute = w.start_minute(dur_s // 60 + 1 + extra_min)
    ms = w.at(day, minute, dur_s)
    w.rec.add(ms, person, verb, act, {"duration": iso_duration(dur_s), **result})
    return ms


def _test(w: World, person: int, day: date, ms: int, act: Activity) -> None:
    """The final test right after completing; most pass, some fail and retake it days later."""
    rng = w.rng
    test_s = rng.randint(6, 20) * 60
    if rng.random() < 0.88:
        w.rec.add(ms + test_s * 1000, person, "passed", act,
                  {"duration": iso_duration(test_s), "success": True, "completion": True,
                   "score": {"scaled": round(rng.uniform(0.7, 1.0), 2)}})
        return
    w.rec.add(ms + test_s * 1000, person, "failed", act, {"duration": iso_duration(test_s), "success": False,
                                                          "score": {"scaled": round(rng.uniform(0.3, 0.69), 2)}})
    if rng.random() < 0.6:
        retry = next_workday(day + timedelta(days=rng.randint(2, 10)))
        _sitting(w, person, retry, test_s, "passed", act,
                 {"success": True, "completion": True, "score": {"scaled": round(rng.uniform(0.7, 0.95), 2)}})


def enrol(w: World, person: int, course: Course, day: date) -> None:
    """Registration and the learner's way through one course."""
    rng, act = w.rng, course.act
    if rng.random() < 0.98:
        w.rec.add(w.at(day, rng.randint(7 * 60, 17 * 60), rng.randint(0, 59)), person, "registered", act)
    planned_s = course.planned_min * 60
    if course.fmt != "elearning":
        first = next_workday(day + timedelta(days=rng.randint(5, 25)))
        if rng.random() > 0.9:
            return  # no-show
        days = [first] if course.planned_min <= 480 else [first, next_workday(first + timedelta(days=1))]
        for k, d in enumerate(days):
            dur = int(min(planned_s / len(days), 8 * 3600) * rng.uniform(0.9, 1.0))
            final = k == len(days) - 1
            res = {"completion": True} if final else {"extensions": {PROGRESS: 50}}
            ms = _sitting(w, person, d, dur, "completed" if final else "progressed", act, res, 20)
            if ms is None:
                return
            if final and course.assessed:
                _test(w, person, d, ms, act)
        return
    if rng.random() > (0.95 if course.mandatory else 0.85):
        return  # registered, never started
    n = max(1, math.ceil(course.planned_min / 50))
    complete = rng.random() < (0.95 if course.mandatory else 0.8)
    done = n if complete else rng.randint(1, n)
    d = day
    for k in range(done):
        d = next_workday(d + timedelta(days=rng.randint(0, 9) if k else rng.randint(0, 3)))
        dur = int(planned_s / n * rng.uniform(0.7, 1.4))
        final = complete and k == n - 1
        progress = 100 if final else min(95, round(100 * (k + 1) / n * rng.uniform(0.8, 1.0)))
        res = {"completion": True} if final else {"extensions": {PROGRESS: progress}}
        ms = _sitting(w, person, d, dur, "completed" if final else "progressed", act, res, 20)
        if ms is None:
            return
        if final and course.assessed:
            _test(w, person, d, ms, act)


def _enrolments(w: World, courses: list[Course], enrolled: set[tuple[int, str]], month: Month) -> None:
    rng = w.rng
    weights = [c.popularity for c in courses]
    for _ in range(w.stochastic_round(ENROLMENTS_PER_HEAD * len(w.pool) * month.season)):
        course = rng.choices(courses, weights=weights)[0]
        day = w.day(month)
        picked = w.sample("formal:" + course.family, 1)
        if not picked or course.available > day or (picked[0], course.act.iri) in enrolled:
            continue
        enrolled.add((picked[0], course.act.iri))
        enrol(w, picked[0], course, day)


def warm_up(w: World, courses: list[Course], enrolled: set[tuple[int, str]], before: list[Month]) -> None:
    """Enrolments of the months before the window, so courses are already running when the export starts."""
    for month in before:
        _enrolments(w, courses, enrolled, month)


def simulate_month(w: World, courses: list[Course], compliance: list[Course], onboarding: Course,
                   enrolled: set[tuple[int, str]]) -> None:
    """New enrolments of the month: topic courses by interest, yearly compliance training, onboarding."""
    rng, month = w.rng, w.month
    _enrolments(w, courses, enrolled, month)
    due = month.season / sum(SEASON.values())
    for i in w.pool:  # each employee does one compliance course a year, spread over the months
        if rng.random() < due:
            enrol(w, i, compliance[(month.first.year + i) % len(compliance)], w.day())
    for p in w.people:
        if month.first <= p.hire <= month.last:
            enrol(w, p.index, onboarding, next_workday(p.hire))
