"""Rule 3, complementary suppression (secondary cell suppression), for any table whose rows add up.

A *line* is a set of rows whose sum is published somewhere: all groups of a grouping add up to the
total (the figure without grouping); the org units one level down add up to their parent unit (shown by
the coarser grouping); the flows of a provider add up to the provider. If a line held exactly one hidden
row, that row would be the published total minus the visible ones. So every line must hold either no
hidden row, or only hidden rows, or at least two hidden rows whose populations add up to at least `need`
people (2k: what one can compute from a line, the hidden rows together, is then a group large enough to be
shown even when it is all or none).

A line that falls short hides one more visible row and is looked at again, until every line holds. The
row it takes is chosen without looking at any value, so that the same groups are hidden in every table
that shows them (P2, P3, P4 ... by the same grouping): first a row that opens no other line (all its
other lines already hold a hidden row), then the smallest population, then the group's name. Rows that
are published elsewhere (`pinned`: the same people as a visible row of a coarser table) are taken last.
"""

from __future__ import annotations

from collections.abc import Sequence


def complement(names: Sequence[str], populations: Sequence[int], hidden: set[int],
               lines: Sequence[Sequence[int]], need: int, pinned: set[int] = frozenset()) -> set[int]:
    """The rows to hide in addition to `hidden` (row indices) so that every line holds (module docstring)."""
    hidden = set(hidden)
    lines = [list(dict.fromkeys(line)) for line in lines if line]
    member_of: dict[int, list[int]] = {}
    for number, line in enumerate(lines):
        for i in line:
            member_of.setdefault(i, []).append(number)
    added: set[int] = set()

    def holds(line: list[int]) -> bool:
        shut = [i for i in line if i in hidden]
        return (not shut or len(shut) == len(line)
                or len(shut) >= 2 and sum(populations[i] for i in shut) >= need)

    def opens(i: int, current: int) -> int:
        return sum(1 for other in member_of.get(i, ()) if other != current
                   and not any(j in hidden for j in lines[other]))

    changed = True
    while changed:
        changed = False
        for number, line in enumerate(lines):
            if holds(line):
                continue
            visible = [i for i in line if i not in hidden]
            chosen = min(visible, key=lambda i: (i in pinned, opens(i, number), populations[i], names[i]))
            hidden.add(chosen)
            added.add(chosen)
            changed = True
    return added
