"""Shared state of the activity simulation: who is around each month, how keen they are, and sampling."""

from __future__ import annotations

import random
from bisect import bisect_left
from datetime import date, timedelta

import numpy as np

from .catalog import FAMILIES
from .export_xapi import Recorder
from .org import DIVISIONS
from .people import Person
from .records import Companionship, Lex
from .timeline import Month, berlin_ms

# Preferred start hours of meetings and learning sittings (local time).
START_HOURS = (8, 9, 9, 10, 10, 10, 11, 11, 13, 13, 14, 14, 15, 15, 16)


class World:
    """People, the month being simulated, per-person counters, weighted sampling of learners, and what the
    systems record: the LRS (`rec`), the LEX platform (`lex`) and learning companionship (`companionship`)."""

    def __init__(self, rng: random.Random, people: list[Person], months: list[Month], rec: Recorder, employees: int,
                 export_ms: int):
        self.rng, self.people, self.months, self.rec = rng, people, months, rec
        self.lex, self.companionship, self.companion_pool = Lex(), Companionship(), []
        self.compliance_month: dict[int, int] = {}  # the month of the year of each one's compliance course
        self.scale = employees / 5000
        self.end = months[-1].last
        self.export_ms = export_ms  # when the systems' exports are taken: nothing recorded lies after it
        self.attended = [0] * len(people)      # peer sessions attended so far
        self.audience = [0] * len(people)      # attendees of sessions hosted so far
        self.month: Month = months[0]
        self.pool: list[int] = []
        self.in_pool: set[int] = set()
        self.family: list[str] = [""] * len(people)
        self.leader = [False] * len(people)
        self.part_time = [False] * len(people)
        self._cum: dict[str, list[float]] = {}
        # Per-person factors of `weight` that never change, as arrays (the sums are taken in the same order and
        # with the same float operations as `weight`, so the cumulative weights are identical to the bit).
        self.hires = [p.hire for p in people]  # ascending: build_people sorts by hire date
        assert self.hires == sorted(self.hires)
        self._appetite = np.array([p.appetite for p in people], dtype=np.float64)
        self._formal_base = np.array([p.appetite ** 0.4 for p in people], dtype=np.float64)
        for p in people:
            rec.actor(p.index, p.name, p.email)

    def start_month(self, month: Month) -> None:
        """Fix the pool (employed all month, hired at least two weeks before) and its sampling weights."""
        self.month = month
        self.month_end_ms = berlin_ms(month.last + timedelta(days=1), 0)
        cutoff = month.first - timedelta(days=14)
        self.pool = [p.index for p in self.people
                     if p.hire <= cutoff and (p.exit is None or p.exit >= month.last)]
        self.in_pool = set(self.pool)
        for i in self.pool:
            v = self.people[i].version_on(month.last)
            self.family[i] = DIVISIONS[v.team.division].topic
            self.leader[i] = v.leader
            self.part_time[i] = v.fte < 1.0
        self._weights()

    def _weights(self) -> None:
        """The cumulative sampling weights per family, `weight` for the whole pool at once (numpy does the
        same IEEE operations in the same order, and its cumulative sum adds left to right like `accumulate`)."""
        pool = np.array(self.pool, dtype=np.int64)
        part_time = np.array([self.part_time[i] for i in self.pool], dtype=bool)
        leader = np.array([self.leader[i] for i in self.pool], dtype=bool)
        family = [self.family[i] for i in self.pool]
        attended = np.minimum(np.array(self.attended, dtype=np.int64)[pool], 15).astype(np.float64)
        formal = self._formal_base[pool] * np.where(part_time, 0.8, 1.0)
        keen = self._appetite[pool] * np.where(part_time, 0.7, 1.0) * (1 + 0.12 * attended)
        for fam in FAMILIES:
            if fam == "general":
                factor = None
            elif fam == "lead":
                factor = np.where(leader, 4.0, 0.2)
            else:
                factor = np.where(np.array([f == fam for f in family], dtype=bool), 3.0, 0.3)
            for key, base in ((fam, keen), ("formal:" + fam, formal)):
                weights = base if factor is None else base * factor
                self._cum[key] = np.cumsum(weights).tolist() if len(pool) else []

    def weight(self, i: int, fam: str, formal: bool = False) -> float:
        """Propensity of person i to join an activity of an interest family this month."""
        p = self.people[i]
        if formal:  # courses are often assigned or agreed with the manager, so keenness matters less
            w = p.appetite ** 0.4 * (0.8 if self.part_time[i] else 1.0)
        else:  # part-time staff have less time for learning; habitual attendees come back
            w = p.appetite * (0.7 if self.part_time[i] else 1.0) * (1 + 0.12 * min(self.attended[i], 15))
        if fam == "general":
            return w
        if fam == "lead":
            return w * (4.0 if self.leader[i] else 0.2)
        return w * (3.0 if self.family[i] == fam else 0.3)

    def sample(self, fam: str, k: int, exclude: tuple[int, ...] = ()) -> list[int]:
        """Up to k distinct pool members drawn by their weight for the family ("formal:<family>" for courses)."""
        cum = self._cum[fam]
        if not cum or k <= 0:
            return []
        total, pool, chosen, seen = cum[-1], self.pool, [], set(exclude)
        for _ in range(3 * k + 5):
            i = pool[min(bisect_left(cum, self.rng.random() * total), len(pool) - 1)]
            if i not in seen:
                seen.add(i)
                chosen.append(i)
                if len(chosen) == k:
                    break
        return chosen

    def day(self, month: Month | None = None) -> date:
        """A workday of the month, fewer in the second half of December."""
        m = month or self.month
        return self.rng.choices(m.workdays, cum_weights=m.cum_weights)[0]

    def start_minute(self, length_min: int) -> int:
        """A local start time so that the event lies between 07:00 and 17:00."""
        minute = self.rng.choice(START_HOURS) * 60 + self.rng.choice((0, 0, 0, 15, 30, 30, 45))
        return max(7 * 60, min(minute, 17 * 60 - length_min))

    def at(self, day: date, minute: int, offset_s: int = 0) -> int:
        """Epoch milliseconds of a local time plus an offset in seconds."""
        return berlin_ms(day, minute) + offset_s * 1000

    def stochastic_round(self, x: float) -> int:
        """An integer whose expectation is x."""
        n = int(x)
        return n + (self.rng.random() < x - n)
