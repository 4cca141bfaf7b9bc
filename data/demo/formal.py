"""Formal learning: the LMS (Moodle) with its courses, enrolments and completion, and external e-learning
providers that report over xAPI to the LRS."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from .catalog import COMPLIANCE, ONBOARDING, PROVIDERS, TOPICS, tag
from .export_xapi import Activity, activity
from .org import pick
from .records import Enrolment, Module
from .timeline import SEASON, Month, iso_duration, next_workday
from .world import World

ENROLMENTS_PER_HEAD = 0.31  # new course enrolments per employee and month, before seasonality
FORMATS = (("elearning", 58), ("virtual", 22), ("classroom", 20))
LONG_AGO = date(2000, 1, 1)  # courses already in the catalogue before the window
PROGRESS = "https://w3id.org/xapi/cmi5/result/extensions/progress"
PLANNED_MIN = {"elearning": (30, 45, 60, 60, 90, 120, 180, 240), "virtual": (120, 180, 180, 240),
               "classroom": (480, 480, 960)}
# External e-learning libraries report to the LRS over xAPI; their activity ids are their course pages.
EXTERNAL = {"LinkedIn Learning": "https://www.linkedin.com/learning/{slug}",
            "Udemy Business": "https://demo-ag.udemy.com/course/{slug}/"}
CATEGORIES = {"general": "Arbeiten & Lernen", "it": "IT & Digitales", "sales": "Vertrieb & Marketing",
              "service": "Kundenservice", "finance": "Finanzen & Controlling", "hr": "Personal", "lead": "Führung"}
MANDATORY = "Pflichtschulungen"
MODULES = {"elearning": "scorm", "virtual": "bigbluebuttonbn", "classroom": "attendance"}


@dataclass
class Course:
    """A course: in Moodle (id > 1, modules, enrolments) or at an external provider (`lrs` activity)."""

    id: int
    title: str
    shortname: str
    family: str
    fmt: str
    planned_min: int
    assessed: bool
    popularity: float
    available: date
    created: date
    provider: str
    skills: list[str]
    category: str
    mandatory: bool = False
    lrs: Activity | None = None
    criteria: bool = True  # Moodle course completion criteria set (external seminars have none)
    author: int | None = None  # internal trainer who built it (a teacher in Moodle)
    modules: list[Module] = field(default_factory=list)
    enrolments: dict[int, Enrolment] = field(default_factory=dict)  # by person: one per person and course


@dataclass(frozen=True)
class Step:
    """One sitting (module index) or test attempt (module -1) that ended at `ms`."""

    ms: int
    seconds: int
    module: int
    done: bool
    progress: int = 0
    score: float | None = None


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss"))
    return re.sub(r"[^a-z0-9]+", "-", "".join(c for c in text if not unicodedata.combining(c))).strip("-")


class Catalogue:
    """Builds courses and numbers their Moodle modules."""

    def __init__(self, w: World):
        self.w, self.courses, self.next_id, self.next_cm, self.instances = w, [], 2, 1, {}

    def add(self, title: str, family: str, fmt: str, planned: int, assessed: bool, provider: str,
            skills: list[str], available: date, popularity: float, category: str, prefix: str) -> Course:
        rng = self.w.rng
        created = LONG_AGO.replace(year=2018) + timedelta(days=rng.randint(0, 5 * 365))
        created = min(created, self.w.months[0].first - timedelta(days=30)) if available == LONG_AGO else available
        course = Course(0, title, "", family, fmt, planned, assessed, popularity, available, created, provider,
                        skills, category)
        if provider in EXTERNAL:
            course.lrs = activity("course", EXTERNAL[provider].format(slug=_slug(title)), title, planned * 60,
                                  provider, provider, skills)
        else:
            course.id, self.next_id = self.next_id, self.next_id + 1
            course.shortname = f"{prefix}-{course.id:03d}"
            course.criteria = provider != "Haufe Akademie"
            parts = max(1, math.ceil(planned / 50)) if fmt == "elearning" else (1 if planned <= 480 else 2)
            label = "Lektion" if fmt == "elearning" else "Termin"
            names = [(MODULES[fmt], f"{label} {k + 1}") for k in range(parts)]
            for modname, name in names + ([("quiz", "Abschlusstest")] if assessed else []):
                self.instances[modname] = self.instances.get(modname, 0) + 1
                course.modules.append(Module(self.next_cm, modname, self.instances[modname], name))
                self.next_cm += 1
        self.courses.append(course)
        return course


def build_catalogue(w: World) -> tuple[list[Course], list[Course], Course, list[Course]]:
    """Topic courses (some built in the window by internal trainers), compliance and onboarding courses."""
    rng, start = w.rng, w.months[0].first
    stable = [p for p in w.people if p.hire < start and p.exit is None]
    trainers = sorted(rng.sample(stable, min(len(stable), max(3, round(8 * w.scale)))), key=lambda p: p.index)
    cat = Catalogue(w)
    topic_courses = []
    for topic in TOPICS:
        for title in topic.courses:
            provider = pick(rng, PROVIDERS)
            fmt = "elearning" if provider in EXTERNAL else pick(rng, FORMATS)
            internal_new = provider == "Demo AG Akademie" and bool(trainers) and rng.random() < 0.35
            available = w.day(rng.choice(w.months[:-1] or w.months)) if internal_new else LONG_AGO
            course = cat.add(title, topic.family, fmt, rng.choice(PLANNED_MIN[fmt]),
                             rng.random() < (0.45 if fmt == "elearning" else 0.25), provider, tag(rng, topic),
                             available, rng.lognormvariate(0, 0.6), CATEGORIES[topic.family], topic.key[:3].upper())
            if internal_new:
                course.author = rng.choice(trainers).index
            topic_courses.append(course)
    compliance = []
    for title, skills in COMPLIANCE:
        c = cat.add(title, "general", "elearning", 45, True, "Demo AG Akademie", list(skills), LONG_AGO, 1.0,
                    MANDATORY, "PFL")
        c.mandatory = True
        compliance.append(c)
    onboarding = cat.add(ONBOARDING[0], "general", "elearning", 90, False, "Demo AG Akademie", list(ONBOARDING[1]),
                         LONG_AGO, 1.0, MANDATORY, "ONB")
    return topic_courses, compliance, onboarding, cat.courses


def _sitting(w: World, person: int, day: date, dur_s: int, extra_min: int = 0) -> int | None:
    """When a learning sitting ends; None if the person is not employed that day."""
    p = w.people[person]
    if day > w.end or not p.employed(day):
        return None
    return w.at(day, w.start_minute(dur_s // 60 + 1 + extra_min), dur_s)


def _test(w: World, person: int, day: date, ms: int) -> Iterator[Step]:
    """The final test right after the last sitting; most pass, some fail and retake it days later."""
    rng = w.rng
    test_s = rng.randint(6, 20) * 60
    if rng.random() < 0.88:
        yield Step(ms + test_s * 1000, test_s, -1, True, score=round(rng.uniform(0.7, 1.0), 2))
        return
    yield Step(ms + test_s * 1000, test_s, -1, False, score=round(rng.uniform(0.3, 0.69), 2))
    if rng.random() < 0.6:
        retry = next_workday(day + timedelta(days=rng.randint(2, 10)))
        end = _sitting(w, person, retry, test_s)
        if end is not None:
            yield Step(end, test_s, -1, True, score=round(rng.uniform(0.7, 0.95), 2))


def _steps(w: World, person: int, course: Course, day: date) -> Iterator[Step]:
    """The learner's way through one course: sittings, and the test where there is one."""
    rng, planned_s = w.rng, course.planned_min * 60
    if course.fmt != "elearning":
        first = next_workday(day + timedelta(days=rng.randint(5, 25)))
        if rng.random() > 0.9:
            return  # no-show
        days = [first] if course.planned_min <= 480 else [first, next_workday(first + timedelta(days=1))]
        for k, d in enumerate(days):
            dur = int(min(planned_s / len(days), 8 * 3600) * rng.uniform(0.9, 1.0))
            ms = _sitting(w, person, d, dur, 20)
            if ms is None:
                return
            yield Step(ms, dur, k, True, 100 if k == len(days) - 1 else 50)
        if course.assessed:
            yield from _test(w, person, days[-1], ms)
        return
    if rng.random() > (0.95 if course.mandatory else 0.85):
        return  # enrolled, never started
    n = max(1, math.ceil(course.planned_min / 50))
    complete = rng.random() < (0.95 if course.mandatory else 0.8)
    done = n if complete else rng.randint(1, n)
    d = day
    for k in range(done):
        d = next_workday(d + timedelta(days=rng.randint(0, 9) if k else rng.randint(0, 3)))
        dur = int(planned_s / n * rng.uniform(0.7, 1.4))
        final = complete and k == n - 1
        progress = 100 if final else min(95, round(100 * (k + 1) / n * rng.uniform(0.8, 1.0)))
        ms = _sitting(w, person, d, dur, 20)
        if ms is None:
            return
        yield Step(ms, dur, k, complete or k < done - 1, progress)
        if final and course.assessed:
            yield from _test(w, person, d, ms)


def _to_lrs(w: World, person: int, course: Course, enrolled_ms: int, steps: list[Step]) -> None:
    act = course.lrs
    if w.rng.random() < 0.98:
        w.rec.add(enrolled_ms, person, "registered", act)
    for s in steps:
        duration = iso_duration(s.seconds)
        if s.module < 0:
            result = {"duration": duration, "success": s.done, "score": {"scaled": s.score}}
            w.rec.add(s.ms, person, "passed" if s.done else "failed", act,
                      {**result, "completion": True} if s.done else result)
        elif s.progress == 100:
            w.rec.add(s.ms, person, "completed", act, {"duration": duration, "completion": True})
        else:
            w.rec.add(s.ms, person, "progressed", act, {"duration": duration, "extensions": {PROGRESS: s.progress}})


def _to_lms(course: Course, person: int, enrolled_ms: int, steps: list[Step]) -> None:
    """Moodle keeps one enrolment per person and course: doing a course again (the yearly compliance
    training) updates its completion."""
    enrolment = course.enrolments.setdefault(person, Enrolment(person, enrolled_ms))
    for s in steps:
        module = course.modules[s.module]
        state = (2 if s.done else 3) if module.modname == "quiz" else (1 if s.done else 0)
        enrolment.mark(module.cmid, state, s.ms)


def enrol(w: World, person: int, course: Course, day: date) -> None:
    """An enrolment and the learner's way through the course, as the LMS or the LRS records it."""
    enrolled_ms = w.at(day, w.rng.randint(7 * 60, 17 * 60), w.rng.randint(0, 59))
    steps = list(_steps(w, person, course, day))
    if course.lrs is not None:
        _to_lrs(w, person, course, enrolled_ms, steps)
    else:
        _to_lms(course, person, enrolled_ms, steps)


def _enrolments(w: World, courses: list[Course], enrolled: set[tuple[int, int]], month: Month) -> None:
    rng = w.rng
    weights = [c.popularity for c in courses]
    for _ in range(w.stochastic_round(ENROLMENTS_PER_HEAD * len(w.pool) * month.season)):
        index = rng.choices(range(len(courses)), weights=weights)[0]
        course, day = courses[index], w.day(month)
        picked = w.sample("formal:" + course.family, 1)
        if not picked or course.available > day or (picked[0], index) in enrolled:
            continue
        enrolled.add((picked[0], index))
        enrol(w, picked[0], course, day)


def warm_up(w: World, courses: list[Course], enrolled: set[tuple[int, int]], before: list[Month]) -> None:
    """Enrolments of the months before the window, so courses are already running when it starts."""
    for month in before:
        _enrolments(w, courses, enrolled, month)


def simulate_month(w: World, courses: list[Course], compliance: list[Course], onboarding: Course,
                   enrolled: set[tuple[int, int]]) -> None:
    """New enrolments of the month: topic courses by interest, yearly compliance training, onboarding."""
    rng, month = w.rng, w.month
    _enrolments(w, courses, enrolled, month)
    months, seasons = list(SEASON), list(SEASON.values())
    for i in w.pool:  # each employee does one compliance course a year, in a month of their own
        if i not in w.compliance_month:
            w.compliance_month[i] = rng.choices(months, weights=seasons)[0]
        if w.compliance_month[i] == month.first.month:
            enrol(w, i, compliance[(month.first.year + i) % len(compliance)], w.day())
    hires = w.hires  # people are sorted by hire date: this month's joiners are one slice of them
    for p in w.people[bisect_left(hires, month.first):bisect_right(hires, month.last)]:
        enrol(w, p.index, onboarding, next_workday(p.hire))
