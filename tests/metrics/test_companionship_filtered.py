"""C1 and C5 for a filtered population (org unit or country): only what the filtered people took part in.

The company, conversations and circles of test_companionship (February 2026, Europe/Berlin); in scope A, B (DE),
C, D (AT); E left on 10.02., "guest" is unknown to HR.

Conversations with an in-scope participant:
- DE (A, B): conv1 (A accompanied B), conv2 (A accompanied C), conv4 (A accompanied the guest) = 3.
- AT (C, D): conv2 (C as named learner), conv3 (C accompanied D), conv7 (C accompanied E, out of scope) = 3.
- Everybody in scope: conv1, 2, 3, 4, 7 = 5, the unfiltered C1.
Circles with an in-scope member (members: A circ1; C circ1; D circ2, circ4):
- DE: circ1 only: 1 circle, 1 member, 1 with a plan, reached 1 -> 1.0.
- AT: circ1, circ2, circ4: 3 circles, 2 members, 3 with a plan, reached 2 (circ1, circ4) -> 2/3.
- Everybody: circ1, 2, 4 = 3 (circ5 has no in-scope member), not the unfiltered 4; with a plan 3, reached 2.
"""

from __future__ import annotations

import polars as pl
import pytest

from metrics.activity import in_period, person_events
from metrics.companionship import conversations_with, learning_circles, learning_conversations
from metrics.population import in_scope
from tests.metrics.test_companionship import ACTIVITIES, EVENTS, FEB, TZ
from tests.metrics.test_participation_more import IDENTITIES, PEOPLE


def scope(country: str | None = None) -> pl.DataFrame:
    people = PEOPLE if country is None else PEOPLE.filter(pl.col("country") == country)
    return in_scope(people, FEB)


@pytest.mark.parametrize("country, expected", [("DE", 3), ("AT", 3), (None, 5)])
def test_conversations_with_an_in_scope_participant(country, expected):
    events = in_period(person_events(EVENTS, IDENTITIES, TZ), FEB)
    assert conversations_with(scope(country), events, ACTIVITIES) == expected


def test_conversations_with_nobody_in_scope_are_left_out():
    events = in_period(person_events(EVENTS, IDENTITIES, TZ), FEB)
    assert conversations_with(scope("CH"), events, ACTIVITIES) == 0
    assert learning_conversations(EVENTS, ACTIVITIES, FEB, TZ) == 5  # the unfiltered figure is unchanged


@pytest.mark.parametrize("country, expected", [
    ("DE", (1, 1, 1, 1, 1.0)),
    ("AT", (3, 2, 3, 2, 2 / 3)),
    (None, (3, 3, 3, 2, 2 / 3)),
])
def test_circles_with_an_in_scope_member(country, expected):
    frame = learning_circles(scope(country), EVENTS, IDENTITIES, ACTIVITIES, FEB, TZ, members_only=True)
    assert frame.select("circles", "members", "with_plan", "reached", "reached_share").row(0) == pytest.approx(
        expected)


def test_members_only_leaves_the_default_unchanged():
    frame = learning_circles(scope("DE"), EVENTS, IDENTITIES, ACTIVITIES, FEB, TZ)
    assert frame.select("circles", "members").row(0) == (4, 1)  # every active circle, the filtered members
