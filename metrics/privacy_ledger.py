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
them apart). With Q an orthonormal basis of the figures' row space over the atoms, the combinations that
are non-zero only on the set W of atoms with fewer than k people each are the eigenvectors of Q_W Q_W^T
with eigenvalue 1. None: nothing small can be singled out. Otherwise the ledger brings them to reduced
echelon form with the heaviest atoms as pivots; a combination of some of these rows is non-zero on each
of their pivots, so only sets of rows whose pivots hold fewer than k people together can be about fewer
than k, and for each such set the combination with the fewest people vanishes on d - 1 independent atoms
(d rows), which the ledger tries one by one. When there are too many to try (`MAX_SETS`), it refuses
rather than guess.

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
MAX_SETS = 5_000
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

    rows = basis[small]
    # Eigenvectors of rows @ rows.T (small atoms x small atoms) with eigenvalue 1, from the rank-sized
    # rows.T @ rows: for its eigenvector v, rows @ v is theirs with the same eigenvalue (far cheaper with
    # thousands of small atoms).
    values, vectors = np.linalg.eigh(rows.T @ rows)
    inside = rows @ vectors[:, values > 1 - 1e-7]  # a basis of the combinations that live on small atoms only
    dimension = inside.shape[1]
    if dimension == 0:
        return False
    support = np.flatnonzero(np.abs(inside).max(axis=1) > 1e-7)
    weights = sizes[small[support]]
    order = np.argsort(-weights, kind="stable")  # heaviest atoms first, so they become the pivots
    weights = weights[order]
    echelon, pivots = _echelon(inside[support[order]].T)
    # A combination of the echelon rows R is non-zero on each of their pivots (no other row touches a pivot), so
    # it is about at least the pivots' people: only sets of rows whose pivots hold fewer than k people need a look.
    pivot_weights = weights[pivots]
    rows_by_weight = sorted(range(len(pivots)), key=lambda i: pivot_weights[i])
    budget = [MAX_SETS]

    def search(start: int, chosen: list[int], held: int) -> bool:
        for position in range(start, len(rows_by_weight)):
            row = rows_by_weight[position]
            if held + pivot_weights[row] >= k:
                break
            if _smallest_is_below(echelon[chosen + [row]], weights, k, budget) \
                    or search(position + 1, chosen + [row], held + pivot_weights[row]):
                return True
        return False

    return search(0, [], 0)


def _echelon(matrix: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """The reduced row echelon form of a full-rank matrix (a basis of the same space) and its pivot columns."""
    matrix = matrix.astype(float).copy()
    row, pivots = 0, []
    for column in range(matrix.shape[1]):
        if row == matrix.shape[0]:
            break
        pivot = row + int(np.argmax(np.abs(matrix[row:, column])))
        if abs(matrix[pivot, column]) < 1e-9:
            continue
        matrix[[row, pivot]] = matrix[[pivot, row]]
        matrix[row] /= matrix[row, column]
        others = np.arange(matrix.shape[0]) != row
        matrix[others] -= np.outer(matrix[others, column], matrix[row])
        pivots.append(column)
        row += 1
    matrix[np.abs(matrix) < 1e-9] = 0.0
    return matrix[:row], pivots


def _smallest_is_below(block: np.ndarray, weights: np.ndarray, k: int, budget: list[int]) -> bool:
    """Whether some combination of the rows of `block` is about fewer than k people. The combinations with the
    fewest people vanish on d - 1 independent atoms (d rows): try each choice within the rows' atoms; running
    out of the budget counts as found (refuse rather than guess)."""
    columns = np.flatnonzero(np.abs(block).max(axis=0) > 1e-7)
    block, weights = block[:, columns], weights[columns]
    dimension = block.shape[0]
    if dimension == 1:
        return weights.sum() < k
    for zeros in combinations(range(block.shape[1]), dimension - 1):
        budget[0] -= 1
        if budget[0] < 0:
            return True
        _, singular, vt = np.linalg.svd(block[:, list(zeros)].T)
        if (singular > 1e-7).sum() < dimension - 1:
            continue
        vector = vt[-1] @ block
        if weights[np.abs(vector) > 1e-7].sum() < k:
            return True
    return False


@dataclass
class Ledger:
    """The figures one session was shown; `conflict` decides, `remember` records what was shown."""

    shown: list[tuple[date, date, frozenset]] = field(default_factory=list)
    _seen: set[tuple[date, date, frozenset]] = field(default_factory=set)
    # The same figures asked again (P5 and P6 by location after P3 by location are about the same groups) are
    # the same question: decided once per session.
    _decided: dict[tuple[frozenset, int], bool] = field(default_factory=dict)

    def near(self, start: date, end: date) -> list[frozenset]:
        return [people for shown_start, shown_end, people in self.shown
                if abs((shown_start - start).days) < NEAR_DAYS and abs((shown_end - end).days) < NEAR_DAYS]

    def conflict(self, start: date, end: date, people: frozenset | list[frozenset], k: int) -> bool:
        """True when the figure(s) about `people`, with the earlier ones of a near period, single out 1 to k-1."""
        new = [people] if isinstance(people, frozenset) else list(people)
        sets = self.near(start, end) + new
        key = (frozenset(s for s in sets if s), k)
        if key not in self._decided:
            self._decided[key] = isolates(sets, k)
        return self._decided[key]

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
