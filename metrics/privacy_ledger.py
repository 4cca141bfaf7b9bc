"""Rule 5, successive answers: one session must not hold two answers whose populations differ by 1 to k-1 people.

Differencing ("tracker") attacks ask twice about nearly the same people: P2 for a unit and for the unit
without one team; a range ending the day before someone left and one ending the day they left. Each
answer alone passes the threshold; their difference is a figure about the few people in one and not the
other. The ledger is kept per user session (the dashboard keeps one in its session state, the command
line one per invocation). It remembers, for every figure it let through, the period and the set of
people the figure is about (pseudonymous ids, held in memory only, never shown or stored). A new figure
is refused when an earlier one

- concerns a period whose start and end each lie less than `NEAR_DAYS` days from the new one's, and
- is about a set of people that differs from the new one by 1 to k-1 people (counting those in one of
  the two sets but not in both).

The same people (difference 0) are fine: that is the same figure again, or another metric over the same
group. Every metric is compared with every other: P3 of a group and P2 of a slightly different group
differ by a figure about the few people too (P3 x population = P2).

What it cannot see: answers in another session or by another user, periods further apart (a quarter and
the quarter before share no days, and their difference is everybody's change, not a few people's; but a
range that ends a week before someone left against one that ends when they left, with nobody else active
in that week, isolates them), and combinations of three or more answers. docs/privacy.md says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

NEAR_DAYS = 7


@dataclass
class Ledger:
    """The figures one session was shown; `admit` decides and remembers."""

    shown: list[tuple[date, date, frozenset]] = field(default_factory=list)
    _seen: set[tuple[date, date, int]] = field(default_factory=set)

    def conflict(self, start: date, end: date, people: frozenset, k: int) -> bool:
        """True when an earlier figure over a near period differs from `people` by 1 to k-1 people."""
        size = len(people)
        for shown_start, shown_end, shown_people in self.shown:
            if abs((shown_start - start).days) >= NEAR_DAYS or abs((shown_end - end).days) >= NEAR_DAYS:
                continue
            if abs(len(shown_people) - size) >= k:
                continue
            difference = len(shown_people ^ people)
            if 0 < difference < k:
                return True
        return False

    def remember(self, start: date, end: date, people: frozenset) -> None:
        key = (start, end, hash(people))
        if key not in self._seen:  # the dashboard asks for the same figures on every rerun
            self._seen.add(key)
            self.shown.append((start, end, people))

    def admit(self, start: date, end: date, people: frozenset, k: int) -> bool:
        """Let the figure through (and remember it) unless it conflicts with an earlier one."""
        if self.conflict(start, end, people, k):
            return False
        self.remember(start, end, people)
        return True

    def __len__(self) -> int:
        return len(self.shown)
