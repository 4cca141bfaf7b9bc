"""Rule 5, successive answers: nothing one session was shown may combine into a figure about 1 to k-1 people.

Differencing ("tracker") attacks ask twice or more about nearly the same people: P2 for a unit and for
the unit without one team; a range ending the day before someone left and one ending the day they
left; everyone in Germany, minus division B in Germany, minus division A. Each answer alone passes the
other rules; a difference or sum of them is a figure about a few people. The ledger is kept per user
session (the dashboard keeps one in its session state, the command line one per invocation). It
remembers, for every figure it let through, its period and the set of people the figure is about
(pseudonymous ids, in memory only, never shown or stored).

Before a figure is shown, the ledger takes every earlier figure whose period starts and ends less than
`NEAR_DAYS` days from the new one's, adds the new one, and asks what an attacker could compute from
them: every sum and difference (any linear combination) of the figures. Each figure is the sum of one
value per person over its set (a count of persons, hours; a rate times its population, which is shown).
A combination is about fewer than k people when it is non-zero only on fewer than k people; if any
combination is, the new figure is refused ("too close to an earlier answer").

The test, exactly: people who are in exactly the same figures form an *atom* (no combination can tell
them apart). With Q an orthonormal basis of the figures' row space over the atoms, a combination lives
on a set W of atoms exactly when the matrix Q_W Q_W^T has the eigenvalue 1. The ledger checks W = all
atoms of fewer than k people first (no eigenvalue 1: nothing small can be singled out), then every set of
such atoms with fewer than k people together; when there are too many sets to try (`MAX_SETS`), it refuses.

Every metric is compared with every other (P3 x population = P2, so a rate and a count combine) except
P1, the headcount, which is every row's population and shown anyway. What it cannot see: answers in
another session or by another user, periods further apart (a quarter and the quarter before share no
days, and their difference is everybody's change; but a range that ends a week before someone left
against one that ends when they left, with nobody else active in that week, isolates them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

import numpy as np

NEAR_DAYS = 7
MAX_SETS = 20_000
_TOLERANCE = 1e-9


def isolates(sets: list[frozenset], k: int) -> bool:
    """True when some linear combination of the figures over `sets` is about 1 to k-1 people (module docstring)."""
    sets = list(dict.fromkeys(s for s in sets if s))
    if not sets:
        return False
    people = sorted(set().union(*sets))
    index = {p: i for i, p in enumerate(people)}
    membership = np.zeros((len(sets), len(people)), dtype=np.int8)
    for row, members in enumerate(sets):
        membership[row, [index[p] for p in members]] = 1
    atoms, sizes = np.unique(membership, axis=1, return_counts=True)  # one column per atom
    small = np.flatnonzero(sizes < k)
    if small.size == 0:
        return False
    _, singular, vt = np.linalg.svd(atoms.astype(float), full_matrices=False)
    basis = vt[: int((singular > _TOLERANCE * max(1.0, singular.max())).sum())].T  # atoms x rank
    if basis.size == 0:
        return False

    def meets(chosen) -> bool:
        rows = basis[list(chosen)]
        return np.linalg.eigvalsh(rows @ rows.T).max() > 1 - 1e-7

    if not meets(small):
        return False
    tried = 0
    for size in range(1, k):
        for chosen in combinations(small, size):
            if sizes[list(chosen)].sum() >= k:
                continue
            tried += 1
            if tried > MAX_SETS or meets(chosen):
                return True
    return False


@dataclass
class Ledger:
    """The figures one session was shown; `conflict` decides, `remember` records what was shown."""

    shown: list[tuple[date, date, frozenset]] = field(default_factory=list)
    _seen: set[tuple[date, date, frozenset]] = field(default_factory=set)

    def near(self, start: date, end: date) -> list[frozenset]:
        return [people for shown_start, shown_end, people in self.shown
                if abs((shown_start - start).days) < NEAR_DAYS and abs((shown_end - end).days) < NEAR_DAYS]

    def conflict(self, start: date, end: date, people: frozenset | list[frozenset], k: int) -> bool:
        """True when the figure(s) about `people`, with the earlier ones of a near period, single out 1 to k-1."""
        new = [people] if isinstance(people, frozenset) else list(people)
        return isolates(self.near(start, end) + new, k)

    def remember(self, start: date, end: date, people: frozenset) -> None:
        key = (start, end, people)
        if key not in self._seen:  # the dashboard asks for the same figures on every rerun
            self._seen.add(key)
            self.shown.append(key)

    def admit(self, start: date, end: date, people: frozenset, k: int) -> bool:
        """Let one figure through (and remember it) unless it conflicts."""
        if self.conflict(start, end, people, k):
            return False
        self.remember(start, end, people)
        return True

    def __len__(self) -> int:
        return len(self.shown)
